"""The artist, on a phone, adds a before photo on a session's photo page, sees the placeholder, then the
thumbnail (the sizes task run explicitly here, as the worker would), and opens the comparison view."""

import io
import os
from datetime import time

import pytest
from django.contrib.auth.models import Group
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from bookings.services import create_plan, schedule_session
from clinic.users import roles
from photos import services
from photos.models import Photo
from tests.bookings.factories import ArtistFactory
from tests.browser.axe import assert_accessible
from tests.clinic.factories import UserFactory
from tests.helpers import london
from tests.photos.images import upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"
SHOTS = os.environ.get("SCREENSHOTS_DIR")  # set it to look at the pages yourself


def scalp(shade: int, size=(1200, 900)) -> bytes:
    """A stand-in scalp photo: a head-like oval, darker with each session's layer of pigment."""
    image = Image.new("RGB", size, (226, 214, 200))
    draw = ImageDraw.Draw(image)
    draw.ellipse((200, 120, 1000, 880), fill=(222 - shade, 190 - shade, 165 - shade))
    for x in range(260, 940, 18):
        for y in range(180, 820, 18):
            if (x - 600) ** 2 / 340**2 + (y - 500) ** 2 / 320**2 < 1 and (x * y) % (7 - min(shade // 30, 5)) == 0:
                draw.ellipse((x, y, x + 4, y + 4), fill=(90 - shade // 3, 80 - shade // 3, 75 - shade // 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


@pytest.fixture
def clinic(live_server, settings, time_machine, consultation, policy, session_services, spacing, eligible_client):
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=True)
    settings.SITE_URL = live_server.url
    artist_user = UserFactory(email="sam@example.com", full_name="Sam Okafor", password=PASSWORD)
    artist_user.groups.add(Group.objects.get(name=roles.ARTIST))
    artist = ArtistFactory(
        user=artist_user, display_name="Sam Okafor", hours={d: [(time(9), time(18))] for d in range(6)}
    )
    plan = create_plan(client=eligible_client, artist=artist, treatment_type="crown")
    session = schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0)).appointment
    # The consultation's intake photo, made before (as the client's intake would).
    intake = services.add_photo(client=eligible_client, purpose="intake", angle="crown", upload=upload(scalp(0)))
    services.make_photo_sizes(photo_id=intake.pk)
    return live_server.url, eligible_client, session


def test_artist_adds_a_before_photo_and_compares(clinic, page: Page, monkeypatch, tmp_path):
    base, client, session = clinic
    queued = []
    monkeypatch.setattr(services, "_queue_sizes", queued.append)  # the worker is "late": we run it below

    page.goto(base + "/accounts/login/")
    page.get_by_label("E-mail address").fill("sam@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{base}/staff/appointments/{session.pk}/")
    page.get_by_role("link", name="No photos yet").click()
    expect(page.get_by_role("heading", name="Photos: session 1, 1 Dec 2026")).to_be_visible()
    crown = page.get_by_label("From behind and above the crown")
    assert crown.get_attribute("capture") == "environment" and crown.get_attribute("accept") == "image/*"
    assert_accessible(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/session-upload-phone.png", full_page=True)

    page.get_by_label("Before", exact=True).check()
    photo_file = tmp_path / "IMG_0042.JPG"
    photo_file.write_bytes(scalp(40))
    crown.set_input_files(str(photo_file))
    page.locator("#id_notes_crown").fill("Shade 2, first layer")
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("1 photo added.")).to_be_visible()
    row = page.locator("tr.photo-row-crown")
    expect(row.get_by_text("Preparing the photo…")).to_be_visible()
    expect(row.get_by_text("Shade 2, first layer")).to_be_visible()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/session-placeholder-phone.png", full_page=True)

    (photo_id,) = queued
    services.make_photo_sizes(photo_id=photo_id)  # what the worker does
    thumb = row.locator("img")
    expect(thumb).to_be_visible(timeout=10_000)  # photos.js looks again every 3 s while a placeholder shows
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle())
    photo = Photo.objects.get(pk=photo_id)
    assert (photo.purpose, photo.notes, photo.status) == ("session_before", "Shade 2, first layer", "ready")

    # Later sessions and the aftercare, as they would come (so the comparison has a treatment to line up).
    later = [
        schedule_session(plan_id=session.plan_id, number=n, start=start).appointment
        for n, start in ((2, london(2026, 12, 11, 9, 0)), (3, london(2027, 1, 12, 9, 0)))
    ]
    for appointment, purpose, shade in (
        (session, "session_after", 70),
        (later[0], "session_after", 100),
        (later[1], "session_after", 130),
        (later[1], "healing", 120),
    ):
        extra = services.add_photo(
            client=client, purpose=purpose, angle="crown", upload=upload(scalp(shade)), appointment=appointment
        )
        services.make_photo_sizes(photo_id=extra.pk)

    page.get_by_role("link", name="Compare across the treatment").click()
    page.get_by_role("link", name="Crown").click()
    compare = page.locator("#photo-compare")
    expect(compare.get_by_role("heading", name="Consultation")).to_be_visible()
    titles = [t.splitlines()[0] for t in compare.get_by_role("heading").all_inner_texts()]
    assert titles == [
        "Consultation",
        "Session 1 · before",
        "Session 1 · after",
        "Session 2 · after",
        "Session 3 · after",
        "Aftercare (healing)",
    ]
    expect(compare.get_by_role("heading", name="Session 2 · after")).to_contain_text("11 Dec 2026")
    images = compare.locator("img")
    expect(images).to_have_count(6)
    for i in range(6):
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=images.nth(i).element_handle())
    assert_accessible(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/compare-phone.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=f"{SHOTS}/compare-desktop.png", full_page=True)


@pytest.fixture
def aftercare(live_server, settings, time_machine, consultation, policy, session_services, spacing, eligible_client):
    from aftercare.services.schedules import generate_aftercare_schedule

    settings.SITE_URL = live_server.url
    time_machine.move_to(london(2026, 11, 20, 8, 0), tick=False)
    artist = ArtistFactory(display_name="Sam Okafor", hours={d: [(time(9), time(18))] for d in range(6)})
    plan = create_plan(client=eligible_client, artist=artist, treatment_type="full_head")
    session = schedule_session(plan_id=plan.pk, number=1, start=london(2026, 11, 25, 10, 0)).appointment
    schedule = generate_aftercare_schedule(session=session, purpose="final")
    owner = UserFactory(email="jamie@example.com", full_name="Jamie Walsh", password=PASSWORD)
    owner.groups.add(Group.objects.get(name=roles.CLIENT))
    eligible_client.user = owner
    eligible_client.save()
    time_machine.move_to(london(2026, 12, 1, 19, 0), tick=True)  # day 6 of the aftercare
    return live_server.url, schedule


def test_the_client_sends_healing_photos_from_a_phone(aftercare, page: Page, monkeypatch, tmp_path):
    base, _schedule = aftercare
    queued = []
    monkeypatch.setattr(services, "_queue_sizes", queued.append)
    page.goto(base + "/accounts/login/")
    page.get_by_label("E-mail address").fill("jamie@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(base + "/portal/")
    page.get_by_role("link", name="send healing photos").click()
    expect(page.get_by_role("heading", name="Healing photos")).to_be_visible()
    assert_accessible(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/healing-upload-phone.png", full_page=True)
    crown_file, text_file = tmp_path / "crown.jpg", tmp_path / "back.jpg"
    crown_file.write_bytes(scalp(110))
    text_file.write_text("not a photo at all")
    page.locator("#id_photo_crown").set_input_files(str(crown_file))
    page.locator("#id_gallery_crown").check()
    page.locator("#id_photo_back").set_input_files(str(text_file))
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Thank you: 1 photo sent.")).to_be_visible()
    expect(page.get_by_text("Back: This file is not a photo we can read")).to_be_visible()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/healing-refused-phone.png", full_page=True)
    (photo_id,) = queued
    services.make_photo_sizes(photo_id=photo_id)
    page.get_by_role("link", name="My treatment").first.click()
    page.get_by_role("link", name="Your photos").click()
    expect(page.locator("#portal-photos img")).to_have_count(1)
    expect(page.get_by_text("May be shown in our gallery.")).to_be_visible()
    page.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_text("Done: it won't be shown in any gallery.")).to_be_visible()
    assert Photo.objects.get(pk=photo_id).gallery_withdrawn_at is not None
    assert_accessible(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/portal-photos-phone.png", full_page=True)
