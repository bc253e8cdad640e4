"""Quote pages: staff draft/issue/revise, the e-mail with PDF and link, the client's answer, and who may see what."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from bookings.models import TreatmentPlan
from clinic.users import roles
from quotes.models import Quote
from quotes.services import accept_quote, expire_quotes, issue_quote, save_draft
from tests.helpers import london
from tests.quotes.factories import issued
from tests.quotes.helpers import link_in

pytestmark = pytest.mark.django_db


def test_issuing_emails_the_pdf_and_a_link(world):
    message = mail.outbox[-1]
    assert message.to == [world["client"].email]
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == (f"{world['issued'].number}.pdf", "application/pdf")
    assert content.startswith(b"%PDF")
    assert "/q/" in message.body


def test_client_accepts_from_the_email_link_and_the_plan_appears(client, world):
    url = link_in(mail.outbox[-1])
    page = client.get(url)
    assert page.status_code == 200 and "£1,100.00" in page.content.decode()
    wrong = client.post(url, {"answer": "accept", "typed_name": "J Walsh"})
    assert wrong.status_code == 422 and "exactly as" in wrong.content.decode()
    assert client.post(url, {"answer": "accept", "typed_name": "jamie walsh"}).status_code == 302
    quote = Quote.objects.get(pk=world["issued"].pk)
    assert quote.status == "accepted" and quote.accepted_name == "jamie walsh" and quote.accepted_at
    plan = quote.plan
    assert (plan.treatment_type, plan.session_count, plan.status) == ("crown", 3, TreatmentPlan.Status.ACTIVE)
    assert plan.artist == world["users"]["artist"].artist  # the consultation's artist
    again = client.post(url, {"answer": "accept", "typed_name": "Jamie Walsh"})
    assert "already been accepted" in again.content.decode()


def test_a_female_density_quote_becomes_a_female_density_plan(world):
    quote = issued(quote_id=save_draft(client=world["client"], treatment_type="female_density").pk)
    plan = accept_quote(quote_id=quote.pk, typed_name="Jamie Walsh").plan
    assert (plan.treatment_type, plan.get_treatment_type_display()) == ("female_density", "Female density")


def test_expired_and_superseded_quotes_cannot_be_accepted(
    client, world, time_machine, django_capture_on_commit_callbacks
):
    url = link_in(mail.outbox[-1])
    time_machine.move_to(london(2027, 1, 15, 9, 0), tick=False)
    expired = client.post(url, {"answer": "accept", "typed_name": "Jamie Walsh"})
    assert expired.status_code == 422 and "expired on 30 December 2026" in expired.content.decode()
    assert expire_quotes() == 1
    time_machine.move_to(london(2026, 12, 2, 9, 0), tick=False)
    other = save_draft(client=world["client"], treatment_type="crown")
    with django_capture_on_commit_callbacks(execute=True):
        first = issue_quote(quote_id=other.pk)
    staff = world["users"]["staff"]
    client.force_login(staff)
    revised = client.post(reverse("quotes:revise", args=[first.pk]))
    revision = Quote.objects.get(supersedes=first)
    assert revised["Location"] == reverse("quotes:edit", args=[revision.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("quotes:issue", args=[revision.pk]))
    first.refresh_from_db()
    assert first.status == "superseded" and Quote.objects.get(pk=revision.pk).version == 2
    client.logout()
    old_link = link_in(next(m for m in mail.outbox if first.number in m.subject))
    refused = client.post(old_link, {"answer": "accept", "typed_name": "Jamie Walsh"})
    assert "replaced by a newer version" in refused.content.decode()


def test_decline(client, world):
    url = link_in(mail.outbox[-1])
    client.post(url, {"answer": "decline"})
    assert Quote.objects.get(pk=world["issued"].pk).status == "declined"


def test_tampered_quote_link_is_404(client, world):
    assert client.get("/q/12:forged/").status_code == 404
    assert client.get("/q/12:forged/pdf/").status_code == 404


def test_staff_draft_form_and_band_override(client, world):
    staff = world["users"]["staff"]
    client.force_login(staff)
    url = reverse("quotes:new", args=[world["client"].pk])
    response = client.post(
        url, {"treatment_type": "scar", "session_count": 3, "manual_subtotal": "500", "override_reason": "tiny scar"}
    )
    assert response.status_code == 422 and "only a manager" in response.content.decode()
    staff.groups.add(Group.objects.get(name=roles.MANAGER))
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(pk=staff.pk))
    response = client.post(
        url, {"treatment_type": "scar", "session_count": 3, "manual_subtotal": "500", "override_reason": "tiny scar"}
    )
    quote = Quote.objects.latest("pk")
    assert response["Location"] == reverse("quotes:detail", args=[quote.pk])
    assert quote.subtotal == Decimal("500.00") and quote.override_by_id == staff.pk


def quote_urls(w):
    issued, draft = w["issued"].pk, w["draft"].pk
    return {
        "detail": ("get", reverse("quotes:detail", args=[issued])),
        "pdf": ("get", reverse("quotes:pdf", args=[issued])),
        "draft": ("get", reverse("quotes:detail", args=[draft])),
        "edit": ("get", reverse("quotes:edit", args=[draft])),
        "new": ("get", reverse("quotes:new", args=[w["client"].pk])),
        "issue": ("post", reverse("quotes:issue", args=[draft])),
        "revise": ("post", reverse("quotes:revise", args=[issued])),
    }


# What each user may open (others get a 404; anonymous users are sent to log in).
ALLOWED = {
    "staff": {"detail", "pdf", "draft", "edit", "new", "issue", "revise"},
    "artist": {"detail", "pdf", "draft"},  # read-only, their clients only
    "other_artist": set(),
    "owner": {"pdf"},  # their own issued quote (the signed link shows the rest)
    "other_client": set(),
}


@pytest.mark.parametrize("who", ["anonymous", *ALLOWED])
def test_permissions_for_every_quote_url(client, world, who):
    if who != "anonymous":
        client.force_login(world["users"][who])
    for name, (method, url) in quote_urls(world).items():
        response = getattr(client, method)(url)
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
        elif name in ALLOWED[who]:
            assert response.status_code in (200, 302), (who, name, response.status_code)
        else:
            assert response.status_code == 404, (who, name, response.status_code)


def test_pdf_download_returns_the_stored_bytes(client, world):
    import hashlib

    client.force_login(world["users"]["staff"])
    response = client.get(reverse("quotes:pdf", args=[world["issued"].pk]))
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == world["issued"].pdf_sha256
    assert response["Content-Type"] == "application/pdf"
    assert (world["issued"].valid_until - world["issued"].issued_at.date()) == timedelta(days=30)
