"""The journey of issue 14 on a phone: a visitor books, opens the intake from the confirmation e-mail, answers,
sends two photos and signs; the artist sees it all and confirms the screening; the client sees the signed
consent in the portal."""

import io
import os
import re
from datetime import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from PIL import Image
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from clients.models import ConsentText
from clinic.users import roles
from intake.models import Intake
from photos.models import Photo
from tests.bookings.factories import ArtistFactory
from tests.clinic.factories import UserFactory
from tests.helpers import london

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"
SHOTS = os.environ.get("SCREENSHOT_DIR", "")  # set it to keep a screenshot of each page to look at
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def site(live_server, settings, time_machine, consultation, policy, session_services, spacing):
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=True)
    settings.SITE_URL = live_server.url
    ConsentText.objects.update_or_create(
        version=1, defaults={"body": "I understand SMP is a cosmetic tattoo and consent to it.", "is_current": True}
    )
    user = UserFactory(email="sam@example.com", password=PASSWORD, full_name="Sam Okafor")
    user.groups.add(Group.objects.get(name=roles.ARTIST))
    ArtistFactory(display_name="Sam Okafor", user=user, hours={d: [(time(9), time(17))] for d in range(6)})
    return live_server.url


def jpeg(path: Path, colour: str) -> Path:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return path


def shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_book_fill_in_the_intake_confirm_and_see_the_consent(site, page: Page, tmp_path):
    page.set_viewport_size(PHONE)
    page.goto(site + "/book/?date=2026-12-03")
    page.locator("label", has_text="10:00").first.click()
    page.get_by_label("Full name").fill("Jordan Price")
    page.get_by_label("E-mail").fill("jordan@example.com")
    page.get_by_label("Mobile or phone").fill("07911 123456")
    page.get_by_label("What would you like to discuss?").select_option(label="Crown")
    page.get_by_role("button", name="Book free consultation").click()
    expect(page.get_by_role("heading", name=re.compile("You.re booked in, Jordan"))).to_be_visible()
    expect(page.locator("#next-steps")).to_contain_text("Fill in my intake form")

    # The confirmation e-mail, read as the client would: the intake is one of the next steps.
    (message,) = [m for m in mail.outbox if m.to == ["jordan@example.com"]]
    assert "Before your consultation:" in message.body
    link = re.search(r"Fill in my intake form: (http://\S+/intake/)", message.body).group(1)
    page.goto(link)
    expect(page.get_by_role("heading", name="Your intake form")).to_be_visible()
    shot(page, "intake-start")
    page.get_by_role("link", name="Start").click()

    # (a) the screening questions: one "yes" (a GP letter), the rest "no".
    expect(page.get_by_role("heading", name="Health questions")).to_be_visible()
    page.get_by_role("button", name="Save and continue").click()  # nothing answered: told, nothing lost
    expect(page.get_by_text("Please answer every question.")).to_be_visible()
    for question in page.locator("fieldset.intake-question").all():
        wanted = "Yes" if "blood thinners" in question.inner_text() else "No"
        question.get_by_label(wanted, exact=True).check()
    shot(page, "intake-screening")
    page.get_by_role("button", name="Save and continue").click()

    # (b) the concern; the client is told only that some answers are for the consultation.
    expect(page.get_by_role("heading", name="What you'd like help with")).to_be_visible()
    expect(page.locator("#intake-discuss")).to_contain_text("we'll discuss at your consultation")
    expect(page.get_by_text("not eligible", exact=False)).to_have_count(0)
    page.get_by_label("A thinning or bald crown").check()
    page.get_by_label("1 to 3 years").check()
    shot(page, "intake-concern")
    page.get_by_role("button", name="Save and continue").click()

    # (c)+(d) photos: the clinical-record consent first, then two angles, one of them for the gallery.
    expect(page.get_by_role("heading", name="Photos of your scalp")).to_be_visible()
    page.get_by_label(re.compile("keeps my scalp photos in my clinical record")).check()
    page.get_by_role("button", name="Agree and add photos").click()
    expect(page.locator("#photo-consent-given")).to_be_visible()
    page.set_input_files("input[name='photo_front']", str(jpeg(tmp_path / "front.jpg", "peru")))
    page.set_input_files("input[name='photo_crown']", str(jpeg(tmp_path / "crown.jpg", "sienna")))
    page.locator(".photo-angle-crown").get_by_label(re.compile("clinic's gallery")).check()
    shot(page, "intake-photos")
    page.get_by_role("button", name="Send these photos").click()
    expect(page.get_by_text("2 photos received")).to_be_visible()
    expect(page.locator("#intake-photos")).to_contain_text("Front hairline")
    page.get_by_role("button", name="Continue").click()

    # (e) the consent form, signed with a finger on the canvas.
    expect(page.get_by_role("heading", name="Consent form")).to_be_visible()
    canvas = page.locator("canvas[data-signature-canvas]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + box["height"] / 2)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 30 + step * 25, box["y"] + box["height"] / 2 + (15 if step % 2 else -15))
    page.mouse.up()
    page.get_by_label("Your full name").fill("Jordan Price")
    shot(page, "intake-consent")
    page.get_by_role("button", name="Sign the consent form").click()
    expect(page.locator("#intake-complete")).to_be_visible()
    shot(page, "intake-done")

    intake = Intake.objects.get(client__email="jordan@example.com")
    assert (intake.status, intake.concern) == ("needs_attention", "crown")  # complete, with a GP letter to discuss
    assert intake.completed_at is not None
    photos = Photo.objects.filter(client=intake.client).order_by("angle")
    assert [(p.angle, p.gallery_consent) for p in photos] == [("crown", True), ("front", False)]
    consent = intake.client.consents.get()
    assert consent.method == "drawn" and consent.signature

    # The artist logs in, finds the intake from the consultation list, sees the photos, confirms the screening.
    page.context.clear_cookies()
    page.goto(site + "/accounts/login/")
    page.get_by_label("E-mail address").fill("sam@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(site + "/staff/calendar/?view=day&date=2026-12-03")  # the artist's day, with the intake's flag
    page.get_by_role("link", name="Intake: needs attention").first.click()
    expect(page.get_by_role("heading", name=re.compile("Intake: Jordan Price"))).to_be_visible()
    expect(page.locator("#provisional-outcome")).to_contain_text("Eligible after a GP letter")
    expect(page.locator("#intake-photo-list img")).to_have_count(2)  # thumbnails (the task ran on commit)
    expect(page.locator("#intake-consent")).to_contain_text("signed")
    for thumb in page.locator("#intake-photo-list img").all():
        thumb.scroll_into_view_if_needed()  # loaded lazily
        expect(thumb).to_have_js_property("complete", True)
        assert thumb.evaluate("img => img.naturalWidth") > 0  # a real image from the access-checked view
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "intake-review")
    page.get_by_label(re.compile("blood thinners")).uncheck()  # corrected at the consultation
    page.get_by_role("button", name="Confirm screening").click()
    expect(page.locator("#confirmed")).to_contain_text("Eligible")
    expect(page.locator("#confirmed-changes")).to_contain_text("client said yes, confirmed no")
    shot(page, "intake-review-confirmed")
    intake.refresh_from_db()
    assert intake.screening.recorded_by.email == "sam@example.com" and intake.screening.consultation_id

    # The client logs in to the portal by e-mail link and sees the signed consent.
    page.context.clear_cookies()
    mail.outbox.clear()
    page.goto(site + "/portal/login/")
    page.get_by_label("Your e-mail address").fill("jordan@example.com")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_text("we've e-mailed a login link")).to_be_visible()
    login = re.search(r"(http://\S+/portal/login/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(login)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#consents")).to_contain_text("Consent to treatment, version 1")
    expect(page.locator(".portal-intake")).to_contain_text("intake form (complete)")
    shot(page, "intake-portal")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("PDF of your signed consent")).click()
    pdf = PdfReader(download.value.path())
    words = " ".join(p.extract_text() for p in pdf.pages)
    assert "Jordan Price" in words and "cosmetic tattoo" in words
