"""The quote's messages: the issued e-mail (PDF attached, through the outbox once) and the "about to expire"
reminder, cancelled when the client answers."""

import pytest

from outbox.models import Reminder
from quotes.messages import QuoteMessage
from quotes.services import issue_quote, save_draft
from tests.helpers import london

pytestmark = pytest.mark.django_db
Status = Reminder.Status


def test_the_quote_email_goes_through_the_outbox_once(client_record, django_capture_on_commit_callbacks):
    from django.core import mail

    from outbox.models import Reminder
    from outbox.services.delivery import deliver_reminder
    from quotes.messages import QuoteMessage

    with django_capture_on_commit_callbacks(execute=True):
        quote = issue_quote(quote_id=save_draft(client=client_record, treatment_type="crown").pk)
    row = Reminder.objects.about(quote, kinds_=[QuoteMessage.ISSUED]).get()
    assert row.status == Reminder.Status.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments[0][0] == f"{quote.number}.pdf"
    assert deliver_reminder(reminder_id=row.pk) == "sent"  # a redelivered task: nothing more
    assert len(mail.outbox) == 1


def test_quote_expiry_reminder_goes_out_at_the_morning_time_and_stops_when_answered(frozen, eligible_client):
    from quotes.services import accept_quote, issue_quote, save_draft
    from tests.bookings.factories import ArtistFactory

    ArtistFactory()
    draft = save_draft(client=eligible_client, treatment_type="full_head", extent_scale="norwood", extent_stage=5)
    quote = issue_quote(quote_id=draft.pk)
    (row,) = Reminder.objects.about(quote, kinds_=[QuoteMessage.EXPIRING])
    issued = Reminder.objects.about(quote, kinds_=[QuoteMessage.ISSUED]).get()  # the quote itself, due now
    assert issued.status == Status.PENDING
    assert quote.valid_until.isoformat() == "2026-12-30"
    assert (row.kind, row.due_at) == (QuoteMessage.EXPIRING, london(2026, 12, 27, 9, 0))
    accept_quote(quote_id=quote.pk, typed_name=eligible_client.full_name)
    row.refresh_from_db()
    assert (row.status, row.note) == (Status.CANCELLED, "quote accepted")
