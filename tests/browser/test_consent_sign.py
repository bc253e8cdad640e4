"""The clinic's tablet: staff open the signing page, the client draws a signature, the signed PDF downloads.

Set SCREENSHOT_DIR to keep screenshots of the page (tablet and phone) and of the PDF's first page (pdftoppm).
"""

import io
import os
import shutil
import subprocess

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from clients.models import ClientConsent, ConsentText
from clinic.users import roles
from tests.bookings.factories import ArtistFactory
from tests.browser.axe import assert_accessible
from tests.browser.test_csp import REPORT_VIOLATIONS, account, log_in
from tests.clients.factories import ClientFactory
from tests.helpers import london

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BASE = {"locale": "en-GB", "timezone_id": "Europe/London", "has_touch": True}
TABLET = {**BASE, "viewport": {"width": 820, "height": 1180}, "device_scale_factor": 2}
PHONE = {**BASE, "viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}
SHOTS = os.environ.get("SCREENSHOT_DIR")


@pytest.fixture
def site(live_server, settings, time_machine, consultation, policy):
    time_machine.move_to(london(2026, 11, 30, 10, 15), tick=True)
    settings.SITE_URL = live_server.url
    artist = ArtistFactory(display_name="Sam Okafor")
    record = ClientFactory(full_name="Jamie Walsh", email="jamie@example.com", preferred_artist=artist)
    account("reception@example.com", roles.STAFF)
    return live_server.url, record


def staff_page(browser: Browser, base: str, device: dict) -> tuple[Page, list[str]]:
    page = browser.new_context(**device).new_page()
    found: list[str] = []
    page.expose_function("cspViolation", lambda text: found.append(text))
    page.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda message: found.append(message.text) if "Refused to" in message.text else None)
    log_in(page, base, "reception@example.com")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return page, found


def shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def draw(page: Page) -> None:
    """A signature with the mouse: three strokes across the canvas."""
    canvas = page.locator("[data-signature-canvas]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]  # all of it on screen
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    for stroke in (
        [(0.1, 0.7), (0.2, 0.3), (0.3, 0.75), (0.4, 0.35)],
        [(0.45, 0.6), (0.55, 0.4), (0.65, 0.65)],
        [(0.7, 0.5), (0.8, 0.3), (0.9, 0.7)],
    ):
        page.mouse.move(x + w * stroke[0][0], y + h * stroke[0][1])
        page.mouse.down()
        for px, py in stroke[1:]:
            page.mouse.move(x + w * px, y + h * py, steps=12)
        page.mouse.up()


def test_sign_on_the_tablet_and_download_the_pdf(site, browser: Browser, tmp_path):
    base, record = site
    page, violations = staff_page(browser, base, TABLET)
    page.goto(f"{base}/staff/clients/{record.pk}/")
    page.get_by_role("link", name="Sign consent on this tablet").click()
    expect(page.get_by_role("heading", name="Consent: Jamie Walsh")).to_be_visible()
    expect(page.locator("#consent-artist")).to_have_text("Sam Okafor")
    canvas = page.locator("[data-signature-canvas]")
    expect(canvas).to_be_visible()
    assert canvas.bounding_box()["width"] > 600  # a big canvas on the tablet
    assert page.evaluate("document.querySelector('[data-signature-canvas]').width") > 1200  # sharp at 2x

    # Nothing drawn: the server says so and keeps what was typed.
    page.get_by_label("Your full name").fill("Jamie Walsh")
    page.get_by_role("button", name="Sign the consent").click()
    expect(page.locator("#signature-error")).to_contain_text("The signature box is empty")
    expect(page.get_by_label("Your full name")).to_have_value("Jamie Walsh")
    assert not ClientConsent.objects.exists()

    page.get_by_label("Agreed treatment area").fill("Crown and mid-scalp")
    page.get_by_label("Hairline notes").fill("Soft, slightly receded at the temples")
    page.get_by_label("ID seen").select_option(label="Driving licence")
    page.get_by_label("Last 4 characters of the ID number").fill("7Q2X")
    draw(page)
    shot(page, "consent-sign-tablet")
    assert_accessible(page)
    page.get_by_role("button", name="Sign the consent").click()
    expect(page.get_by_text("Consent signed by Jamie Walsh")).to_be_visible()

    link = page.get_by_role("link", name="Signed consent v1 (PDF)")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "consent.pdf"
    download.value.save_as(saved)
    content = saved.read_bytes()
    assert content.startswith(b"%PDF")
    words = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    text = ConsentText.objects.get(is_current=True)
    for expected in (
        "Jamie Walsh",
        "Version 1",
        "30 November 2026, 10:15 GMT",
        "Sam Okafor",
        "Crown and mid-scalp",
        "Driving licence ending 7Q2X",
    ):
        assert expected in words, expected
    consent = ClientConsent.objects.get()
    assert consent.method == "drawn" and consent.text_sha256 in words.replace("\n", "")
    assert text.version == consent.consent_text.version
    assert violations == []
    if SHOTS and shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(saved), os.path.join(SHOTS, "consent-pdf")],
            check=True,
        )


def test_the_sign_page_on_a_phone_and_typing_instead(site, browser: Browser):
    base, record = site
    page, violations = staff_page(browser, base, PHONE)
    page.goto(f"{base}/staff/clients/{record.pk}/consent/sign/")
    expect(page.locator("[data-signature-canvas]")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate(
        "document.documentElement.clientWidth"
    )
    shot(page, "consent-sign-phone")
    page.get_by_label("Type my name instead").check()
    expect(page.locator("[data-signature-canvas]")).to_be_hidden()
    page.get_by_label("Your full name").fill("jamie walsh")
    page.get_by_role("button", name="Sign the consent").click()
    expect(page.get_by_text("Consent signed by Jamie Walsh")).to_be_visible()
    assert ClientConsent.objects.get().method == "typed"
    assert violations == []


def test_patch_test_recorded_reviewed_and_shown_on_the_plan(site, browser: Browser, tmp_path, eligible_client, policy):
    from bookings.services import create_plan
    from tests.clients.signatures import drawn_png

    base, record = site
    policy.patch_test_required, policy.patch_test_min_days = True, 7
    policy.save()
    plan = create_plan(client=eligible_client, artist=record.preferred_artist, treatment_type="crown")
    page, violations = staff_page(browser, base, TABLET)
    page.goto(f"{base}/staff/plans/{plan.pk}/")
    expect(page.locator("#patch-test")).to_contain_text("Patch test: due")
    page.goto(f"{base}/staff/clients/{eligible_client.pk}/")
    page.get_by_role("link", name="Record a patch test").click()
    page.get_by_label("Done on").fill("2026-11-27")
    page.get_by_label("Site on the scalp").fill("Behind the left ear")
    page.get_by_label("Pigment / formula").fill("Shade 3, diluted 1:1")
    photo = tmp_path / "spot.png"
    photo.write_bytes(drawn_png())
    page.get_by_label("Photo of the spot (optional)").set_input_files(str(photo))
    shot(page, "patch-test-form")
    page.get_by_role("button", name="Record patch test").click()
    expect(page.get_by_text("Patch test recorded")).to_be_visible()
    expect(page.locator("#patch-tests")).to_contain_text("Patch test: pending")
    page.get_by_role("link", name="record the result").click()
    page.get_by_label("No reaction").check()
    page.get_by_role("button", name="Save result").click()
    expect(page.locator("#patch-tests")).to_contain_text("Patch test: clear")
    shot(page, "client-page-consent-patch-tests")
    page.goto(f"{base}/staff/plans/{plan.pk}/")
    expect(page.locator("#patch-test")).to_contain_text("session 1 from 4 December 2026")
    shot(page, "plan-page-patch-test")
    assert violations == []
