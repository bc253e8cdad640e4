"""The portal fits who is logged in (item 8): plan progress, quotes, aftercare, own details and data, logout."""

import io
import json
import zipfile
from datetime import time

import pytest
from django.core import mail
from django.urls import reverse

from bookings.services import create_plan, schedule_session
from clients.models import PrivacyAction
from portal.login_links import portal_user_for
from quotes.tokens import make_quote_token
from tests.bookings.factories import ArtistFactory
from tests.helpers import london
from tests.quotes.factories import IssuedQuoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_treatment(frozen, consultation, policy, session_services, spacing, eligible_client):
    artist = ArtistFactory(display_name="Sam", hours={d: [(time(9), time(18))] for d in range(6)})
    plan = create_plan(client=eligible_client, artist=artist, treatment_type="crown")
    schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0))
    quote = IssuedQuoteFactory(client=eligible_client)
    return portal_user_for(eligible_client), quote


def test_a_client_in_treatment_sees_progress_and_quote_and_no_booking_call(client, in_treatment):
    user, quote = in_treatment
    client.force_login(user)
    html = client.get(reverse("portal:home")).content.decode()
    assert "Session 1 of 3</strong>: Tuesday 1 December 2026, 09:00" in html
    assert "Preparing for a session" in html
    token = make_quote_token(quote)
    assert (
        reverse("quotes:client_quote", args=[token]) in html
        and reverse("quotes:client_quote_pdf", args=[token]) in html
    )
    assert "Book a free consultation" not in html.split("</header>")[0]  # the header's main action
    assert f'href="{reverse("portal:home")}">My treatment' in html


def test_a_client_edits_contact_details_and_preferences(client, in_treatment, django_capture_on_commit_callbacks):
    user, _ = in_treatment
    client.force_login(user)
    page = client.get(reverse("portal:details"))
    assert page.status_code == 200
    # Their number as they would dial it, on the form and on the portal's summary; stored as E.164.
    user.client.phone = "+447911123456"
    user.client.save()
    assert 'value="07911 123456"' in client.get(reverse("portal:details")).content.decode()
    assert "07911 123456" in client.get(reverse("portal:home")).content.decode()
    data = {"email": "new.me@example.com", "phone": "07911 123457", "address": "", "marketing_consent": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:details"), data)
    assert response.status_code == 302
    record = user.client
    record.refresh_from_db()
    assert (record.phone, record.marketing_consent, record.contact_consent) == ("+447911123457", True, False)
    user.refresh_from_db()
    assert user.email != "new.me@example.com"  # not until confirmed
    assert record.history.first().history_change_reason == "Client portal (own details)"  # in the audit trail
    assert [m.to for m in mail.outbox if "Confirm your new" in m.subject] == [["new.me@example.com"]]
    bad = client.post(reverse("portal:details"), data | {"phone": "not a phone"})
    assert bad.status_code == 422


def test_a_client_downloads_their_own_data(client, in_treatment):
    user, _ = in_treatment
    client.force_login(user)
    assert client.get(reverse("portal:export")).status_code == 405
    response = client.post(reverse("portal:export"))
    assert response["Content-Type"] == "application/zip" and response["Cache-Control"] == "no-store, private"
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("client.json"))
    assert data["client"]["email"] == user.client.email
    assert PrivacyAction.objects.filter(client=user.client, kind=PrivacyAction.Kind.EXPORT, by=user).exists()


def test_logging_out_says_so(client, in_treatment):
    client.force_login(in_treatment[0])
    page = client.post(reverse("logout"), follow=True).content.decode()
    assert "You have logged out." in page


def test_the_portal_offers_a_move_only_while_the_notice_allows_it(client, in_treatment, policy):
    user, _ = in_treatment
    client.force_login(user)
    assert "Move session 1" in client.get(reverse("portal:home")).content.decode()  # 25 hours ahead, 24 h notice
    policy.change_notice_hours = 48
    policy.save()
    html = client.get(reverse("portal:home")).content.decode()
    assert "Move session 1" not in html
    assert "Too close to move online: call us on" in html
