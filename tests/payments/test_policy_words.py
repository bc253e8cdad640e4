"""One wording of the policy, from the admin's rows: the quote's terms (PDF and page), the session e-mails,
the deposit request and the portal all change when the row changes. Also what staff see (flags, the day)."""

import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from bookings.flags import flags_for
from bookings.models import BookingPolicy
from bookings.services import schedule_session
from clinic.users import roles
from frontdesk.selectors.day import day_rows
from payments.policy.flags import deposit_flags
from quotes.tokens import make_quote_token
from tests.helpers import MONDAY, london, user_with
from tests.payments.policy_world import accepted_quote, pay_deposit, set_policy
from tests.quotes.factories import IssuedQuoteFactory

pytestmark = pytest.mark.django_db
DEFAULT = [
    "You can move or cancel an appointment online up to 48 hours before it starts",
    "If a treatment session is cancelled with less than 48 hours' notice, or you miss it without telling us, "
    "your deposit is forfeited",
    "Consultations are always free.",
    "your deposit is held for you until you can go ahead",
]
CHANGED = [
    "You can move or cancel an appointment online up to 72 hours before it starts",
    "If a treatment session is cancelled with less than 72 hours' notice, a fee of £75.00 is added to your balance",
    "if you miss a session without telling us, your deposit is kept as credit towards your treatment",
    "should be postponed, your deposit is refunded",
]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def pdf_text(quote) -> str:
    quote.pdf.open("rb")
    try:
        return flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(quote.pdf.read())).pages))
    finally:
        quote.pdf.close()


def change_the_admin_rows():
    set_policy(late_cancellation="fee", late_cancellation_fee=Decimal("75.00"), no_show="credit", postponement="refund")
    BookingPolicy.objects.filter(pk=1).update(change_notice_hours=72)


def everything_the_client_reads(client, treatment, *, number: int) -> dict[str, str]:
    """The new quote's PDF, the client's quote page, a session e-mail, the deposit request and the portal."""
    from django.test import TestCase

    quote, record = treatment["quote"], treatment["client"]
    fresh = IssuedQuoteFactory(client=record, treatment_type="hairline")  # a quote issued under today's rows
    page = client.get(reverse("quotes:client_quote", args=[make_quote_token(fresh)])).content.decode()
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        start = london(2026, 12, 17, 10, 0) if number == 2 else london(2027, 1, 14, 10, 0)
        schedule_session(plan_id=quote.plan_id, number=number, start=start, override_reason="Only the words matter")
    (session_email,) = mail.outbox
    from outbox.models import Reminder
    from outbox.services.delivery import deliver_reminder

    request = Reminder.objects.filter(kind="deposit_request").order_by("-pk").first()
    request.status = "pending"
    request.save(update_fields=["status"])
    mail.outbox.clear()
    deliver_reminder(reminder_id=request.pk)
    (deposit_email,) = mail.outbox
    client.force_login(record.user)
    portal = client.get(reverse("portal:home")).content.decode()
    return {
        "pdf": pdf_text(fresh),
        "quote page": flat(page).replace("&#x27;", "'"),
        "session e-mail": flat(session_email.body),
        "deposit request": flat(deposit_email.body),
        "portal": flat(portal).replace("&#x27;", "'"),
    }


@pytest.fixture
def with_login(treatment):
    record = treatment["client"]
    record.user = user_with(roles.CLIENT, email=record.email)
    record.save()
    return treatment


def test_changing_the_admin_rows_changes_every_place_the_policy_is_quoted(client, with_login):
    before = everything_the_client_reads(client, with_login, number=2)
    for place, text in before.items():
        for sentence in DEFAULT[1:3]:
            assert sentence in text, (place, sentence)
    for place in ("pdf", "quote page", "portal"):  # the whole terms paragraph
        for sentence in (DEFAULT[0], DEFAULT[3]):
            assert sentence in before[place], (place, sentence)
    change_the_admin_rows()
    after = everything_the_client_reads(client, with_login, number=3)
    for place, text in after.items():
        for sentence in CHANGED[1:3]:
            assert sentence in text, (place, sentence)
        for sentence in DEFAULT[1:2]:
            assert sentence not in text, (place, sentence)
    for place in ("pdf", "quote page", "portal"):
        for sentence in (CHANGED[0], CHANGED[3]):
            assert sentence in after[place], (place, sentence)


def test_an_issued_quotes_stored_pdf_keeps_the_terms_it_was_issued_with(with_login):
    quote = IssuedQuoteFactory(client=with_login["client"], treatment_type="hairline")
    change_the_admin_rows()
    assert DEFAULT[1] in pdf_text(quote)  # what the client was sent, and agreed to, is not rewritten


def test_accepting_a_quote_asks_for_the_deposit_at_the_clinic(frozen, artist, eligible_client, notice_48, client):
    quote = IssuedQuoteFactory(client=eligible_client, treatment_type="crown")
    token = make_quote_token(quote)
    mail.outbox.clear()
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("quotes:client_quote", args=[token]), {"answer": "accept", "typed_name": eligible_client.full_name}
        )
    assert response.status_code == 302
    (request,) = [m for m in mail.outbox if m.subject.startswith("Your deposit")]
    quote.refresh_from_db()
    assert request.subject == f"Your deposit for quote {quote.number}"
    body = flat(request.body)
    assert f"A deposit of £{quote.deposit:,.2f} secures your first session" in body
    assert "You can pay at the clinic by card or cash (Northline Scalp Studio, 12 Example Street" in body
    assert "call us on 0161 496 0000" in body and "Pay the deposit online" not in body
    page = flat(client.get(reverse("quotes:client_quote", args=[token])).content.decode())
    assert f"Your deposit of £{quote.deposit:,.2f} secures your first session" in page
    pay_deposit(quote)
    page = flat(client.get(reverse("quotes:client_quote", args=[token])).content.decode())
    assert f"Thank you: your deposit of £{quote.deposit:,.2f} is paid." in page


def test_with_a_payment_provider_the_request_links_to_paying_online(
    frozen, artist, eligible_client, notice_48, settings
):
    settings.PAYMENTS_PROVIDER, settings.STRIPE_SECRET_KEY = "stripe", "sk_test_policy"
    from outbox.models import Reminder
    from outbox.services.delivery import deliver_reminder

    quote = accepted_quote(eligible_client)
    mail.outbox.clear()
    deliver_reminder(reminder_id=Reminder.objects.get(kind="deposit_request", subject_id=quote.pk).pk)
    (message,) = mail.outbox
    assert "You can pay it online with the link below, or at the clinic." in flat(message.body)
    assert "Pay the deposit online" in message.alternatives[0][0]


def test_a_quote_without_a_deposit_sends_no_request(frozen, artist, eligible_client, notice_48, settings):
    settings.DEPOSIT_PERCENT = "0"
    from outbox.models import Reminder

    accepted_quote(eligible_client)
    assert not Reminder.objects.filter(kind="deposit_request").exists()


# -- what staff see --------------------------------------------------------------------------------------------


POLICY_KEYS = ("deposit", "policy")  # this lane's flags; other providers (photos, consent, balance) add theirs


def ours(found) -> list:
    return [f for f in found if f.key in POLICY_KEYS]


def texts(flags, appointment) -> list[str]:
    return [f.text for f in ours(flags.get(appointment.pk, []))]


def test_session_1_shows_deposit_due_then_paid(treatment):
    quote, session = treatment["quote"], treatment["session"]
    assert texts(flags_for([session]), session) == [f"Deposit due (£{quote.deposit:,.2f})"]
    pay_deposit(quote)
    assert texts(flags_for([session]), session) == ["Deposit paid"]


def test_a_held_session_shows_until_when(frozen, artist, eligible_client, notice_48):
    set_policy(deposit_required_to_confirm=True)
    quote = accepted_quote(eligible_client)
    session = schedule_session(plan_id=quote.plan_id, number=1, start=london(2026, 12, 7, 10, 0)).appointment
    (flag,) = ours(flags_for([session])[session.pk])
    assert (flag.text, flag.tone, flag.key) == ("Held until Wed 2 Dec 08:00", "warning", "deposit")


def test_a_forfeit_shows_on_the_cancelled_session_with_the_way_to_waive_it(treatment, frozen):
    from bookings.services import cancel_appointment

    pay_deposit(treatment["quote"])
    frozen.move_to(london(2026, 12, 1, 12, 0))
    session = cancel_appointment(appointment_id=treatment["session"].pk, online=False)
    (flag,) = ours(flags_for([session])[session.pk])
    assert flag.text == f"Late cancellation: deposit forfeited (£{treatment['quote'].deposit:,.2f})"
    assert flag.url.startswith("/payments/policy/decisions/")


def test_the_deposit_flags_take_the_same_queries_for_one_session_or_many(
    frozen, artist, eligible_client, notice_48, django_assert_num_queries
):
    from tests.clients.factories import ClientFactory

    sessions = []
    for n in range(4):
        record = eligible_client if n == 0 else _eligible(ClientFactory(full_name=f"Client {n}"))
        quote = accepted_quote(record)
        start = london(2026, 12, 2 + n, 10, 0)
        sessions.append(schedule_session(plan_id=quote.plan_id, number=1, start=start).appointment)
        if n % 2:
            pay_deposit(quote)
    with django_assert_num_queries(6):
        one = deposit_flags(sessions[:1])
    with django_assert_num_queries(6):
        many = deposit_flags(sessions)
    assert len(one) == 1 and len(many) == 4


def _eligible(record):
    from clients.services import record_consent, record_screening

    record_screening(client=record, answers={}, recorded_by=None)
    record_consent(client=record, typed_name=record.full_name)
    return record


def test_the_staff_day_shows_the_deposit_beside_session_1(treatment, frozen):
    rows = day_rows(day=MONDAY.replace(day=3, month=12))
    (row,) = [r for r in rows if r.appointment.pk == treatment["session"].pk]
    assert [f.text for f in ours(row.flags)] == [f"Deposit due (£{treatment['quote'].deposit:,.2f})"]
