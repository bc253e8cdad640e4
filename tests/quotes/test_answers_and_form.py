"""Answering a quote e-mails the client (what happens next) and the clinic; the draft form starts from the
client's record, shows the band, and keeps a manager's reason for a manual price internal."""

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from clinic.users import roles
from quotes.services import accept_quote, decline_quote, issue_quote, save_draft
from tests.clients.factories import ClientFactory
from tests.quotes.helpers import link_in, user_with

pytestmark = pytest.mark.django_db

CLINIC_INBOX = "frontdesk@northline.example"


@override_settings(CLINIC_EMAIL=CLINIC_INBOX)
def test_accepting_emails_the_client_what_happens_next_and_tells_the_clinic(world, django_capture_on_commit_callbacks):
    quote = world["issued"]
    with django_capture_on_commit_callbacks(execute=True):
        accept_quote(quote_id=quote.pk, typed_name="Jamie Walsh")
    to_client = next(m for m in mail.outbox if m.subject == f"Quote {quote.number} accepted – thank you")
    assert to_client.to == [world["client"].email]
    assert to_client.body.startswith("Hello Jamie,")  # as every e-mail greets: the first name
    issued_email = next(m for m in mail.outbox if m.subject.startswith(f"Your SMP quote {quote.number}"))
    assert issued_email.body.startswith("Hello Jamie,") and "<p>Hello Jamie,</p>" in issued_email.alternatives[0][0]
    body = " ".join(to_client.body.split())
    assert "you accepted quote" in body and "30 November 2026" in body
    assert "deposit of £220.00 that secures the first" in body and "3 sessions" in body
    assert "/q/" in to_client.body  # the quote page, which now says "accepted"
    to_team = next(m for m in mail.outbox if m.to == [CLINIC_INBOX])
    assert to_team.subject == f"Quote {quote.number} accepted by Jamie Walsh"
    quote.refresh_from_db()
    assert reverse("bookings:plan", args=[quote.plan_id]) in to_team.body
    assert reverse("quotes:detail", args=[quote.pk]) in to_team.body and "take the deposit of £220.00" in to_team.body


@override_settings(CLINIC_EMAIL=CLINIC_INBOX)
def test_declining_emails_both_once_even_if_delivered_again(world, django_capture_on_commit_callbacks):
    quote = world["issued"]
    with django_capture_on_commit_callbacks(execute=True):
        decline_quote(quote_id=quote.pk)
    subjects = [m.subject for m in mail.outbox]
    assert subjects.count(f"Quote {quote.number} declined") == 1
    assert subjects.count(f"Quote {quote.number} declined by Jamie Walsh") == 1
    decline = next(m for m in mail.outbox if m.subject == f"Quote {quote.number} declined")
    assert "prepare a new quote" in decline.body and decline.to == [world["client"].email]


def test_a_new_draft_starts_from_the_clients_record_and_shows_the_band(client, world):
    record = ClientFactory(concern="crown", hair_loss_scale="norwood", norwood_stage=5)
    client.force_login(world["users"]["staff"])
    page = client.get(reverse("quotes:new", args=[record.pk])).content.decode()
    assert re.search(r'<option value="crown" selected>', page)
    assert re.search(r'<option value="norwood" selected>', page) and re.search(r'<option value="5" selected>', page)
    assert "band of <strong>£900.00–£3,000.00</strong>" in page
    assert "before VAT" not in page  # the demo clinic is not VAT registered
    with override_settings(VAT_REGISTERED=True):
        page = client.get(reverse("quotes:new", args=[record.pk])).content.decode()
    assert "£900.00–£3,000.00</strong> before VAT" in page and "Set the price by hand (£, before VAT)" in page


def test_a_record_with_a_scale_but_no_stage_starts_with_neither(client, world):
    record = ClientFactory(concern="scar", hair_loss_scale="area")
    client.force_login(world["users"]["staff"])
    page = client.get(reverse("quotes:new", args=[record.pk])).content.decode()
    assert re.search(r'<option value="scar" selected>', page) and not re.search(r'value="area" selected', page)


def test_the_reason_for_a_manual_price_is_an_internal_note_only(client, world, django_capture_on_commit_callbacks):
    manager = user_with(roles.MANAGER)
    manager.groups.add(Group.objects.get(name=roles.STAFF))
    reason = "Family discount agreed with the owner"
    draft = save_draft(
        client=world["client"], treatment_type="crown", manual_subtotal="1500", override_reason=reason, by=manager
    )
    with django_capture_on_commit_callbacks(execute=True):
        quote = issue_quote(quote_id=draft.pk)
    client.force_login(world["users"]["staff"])
    staff_page = client.get(reverse("quotes:detail", args=[quote.pk])).content.decode()
    breakdown = staff_page.split('id="breakdown"')[1].split("</table>")[0]
    assert reason not in breakdown and "Price agreed with the clinic" in breakdown
    note = staff_page.split('id="internal-note"')[1].split("</div>")[0]
    assert reason in note and "never shown to the client" in note
    client.logout()
    client_page = client.get(link_in(mail.outbox[-1])).content.decode()
    assert "Price agreed with the clinic" in client_page and reason not in client_page
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(quote.pdf.open("rb").read())).pages)
    assert "Price agreed with the clinic" in pdf_text and "Family discount" not in pdf_text
    assert reason not in mail.outbox[-1].body
