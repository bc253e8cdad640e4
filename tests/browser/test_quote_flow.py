"""Staff issue a quote from a client page and download the PDF; the client accepts from the e-mail link."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import Page, expect

from bookings.models import TreatmentPlan
from clinic.users import roles
from tests.bookings.factories import ArtistFactory
from tests.clients.factories import ClientFactory
from tests.clinic.factories import UserFactory
from tests.helpers import london

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"


@pytest.fixture
def clinic(live_server, settings, time_machine, consultation, policy, session_services, spacing):
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=True)
    settings.SITE_URL = live_server.url
    reception = UserFactory(email="reception@example.com", password=PASSWORD)
    reception.groups.add(Group.objects.get(name=roles.STAFF))
    ArtistFactory(display_name="Sam Okafor")
    return live_server.url, ClientFactory(full_name="Jamie Walsh", email="jamie@example.com")


def test_issue_download_accept(clinic, page: Page, tmp_path):
    base, client = clinic
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + "/accounts/login/")
    page.get_by_label("E-mail address").fill("reception@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(f"{base}/staff/clients/{client.pk}/")
    page.get_by_role("link", name="New quote").click()
    page.get_by_label("Treatment type").select_option(label="Full head")
    page.get_by_label("Extent scale").select_option(label="Norwood (male pattern) 1–7")
    page.get_by_label("Extent stage").select_option(label="5")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#quote-total")).to_have_text("£2,300.00")
    page.get_by_role("button", name="Issue and e-mail to the client").click()
    expect(page.get_by_text("issued and e-mailed")).to_be_visible()
    expect(page.locator("#quote-status")).to_have_text("Issued")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    saved = tmp_path / "quote.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")

    page.context.clear_cookies()  # the client, not logged in
    link = re.search(r"(http://\S+/q/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    expect(page.locator("#quote-deposit")).to_have_text("£460.00")
    page.get_by_label("Type your full name to accept").fill("Jamie Walsh")
    page.get_by_role("button", name="Accept this quote").click()
    expect(page.get_by_text("quote accepted")).to_be_visible()
    expect(page.locator("#quote-status")).to_have_text("Accepted")
    plan = TreatmentPlan.objects.get(client=client)
    assert (plan.treatment_type, plan.session_count) == ("full_head", 3)
