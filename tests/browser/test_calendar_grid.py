"""The calendar's time grid in Chromium: click free time to book, drag to move (and a refused drag explained),
time off changed from the calendar; axe on the grid; screenshots at 1280 and 820 px (SCREENSHOT_DIR)."""

import re
from datetime import time, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from bookings.models import Appointment, TimeOff
from clinic.users import roles
from tests.bookings.factories import AppointmentFactory, ArtistFactory, SessionFactory, TreatmentPlanFactory
from tests.browser.axe import assert_accessible
from tests.browser.test_csp import REPORT_VIOLATIONS, account, log_in
from tests.browser.test_staff_pages import DESKTOP, TABLET, assert_no_sideways_scroll, shot
from tests.clients.factories import ClientFactory
from tests.helpers import london

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DAY = "/staff/calendar/?view=day&date=2026-12-01"


@pytest.fixture
def clinic(live_server, settings, time_machine, consultation, policy, session_services, spacing):
    """Tuesday 1 December 2026, 10:20: Sam and Priya at work, Alex off; a past, a booked and a clashing visit."""
    time_machine.move_to(london(2026, 12, 1, 10, 20), tick=True)
    settings.SITE_URL = live_server.url
    sam = ArtistFactory(display_name="Sam Okafor", calendar_colour="#1d4e89", hours={1: [(time(9), time(17))]})
    priya = ArtistFactory(display_name="Priya Shah", calendar_colour="#7a1f5c", hours={1: [(time(10), time(18))]})
    ArtistFactory(display_name="Alex Kim", hours={0: [(time(9), time(17))]})
    AppointmentFactory(artist=sam, start=london(2026, 12, 1, 9, 0), client__full_name="Robin Lee", status="attended")
    plan = TreatmentPlanFactory(artist=sam, client=ClientFactory(full_name="Jamie Walsh"))
    SessionFactory(plan=plan, session_number=1, start=london(2026, 11, 10, 10, 0))
    second = SessionFactory(plan=plan, session_number=2, start=london(2026, 12, 1, 13, 0), status="booked")
    Appointment.objects.filter(pk=second.pk).update(blocked_until=second.end + timedelta(minutes=30))
    moving = AppointmentFactory(artist=priya, start=london(2026, 12, 1, 11, 0), client__full_name="Chris Doyle")
    AppointmentFactory(artist=priya, start=london(2026, 12, 1, 15, 0), client__full_name="Dana Reid")
    TimeOff.objects.create(
        artist=priya, start=london(2026, 12, 1, 15, 0), end=london(2026, 12, 1, 16, 0), reason="Dentist"
    )
    ClientFactory(full_name="Jordan Price", email="jordan@example.com")
    account("reception@example.com", roles.STAFF)
    return {"base": live_server.url, "sam": sam, "priya": priya, "moving": moving}


def staff_page(browser: Browser, base: str, device: dict) -> Page:
    """Reception, logged in; `page.csp` collects any Content-Security-Policy violation (the grid's JS included)."""
    page = browser.new_context(**device).new_page()
    page.csp = []
    page.expose_function("cspViolation", lambda text: page.csp.append(text))
    page.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda message: page.csp.append(message.text) if "Refused to" in message.text else None)
    log_in(page, base, "reception@example.com")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return page


def column(page: Page, artist) -> object:
    return page.locator(f".cal-body[data-artist='{artist.pk}']")


def test_the_grid_on_a_desktop_and_a_tablet(clinic, browser: Browser):
    for name, device in (("1280", DESKTOP), ("820", TABLET)):
        page = staff_page(browser, clinic["base"], device)
        page.goto(clinic["base"] + DAY)
        past = page.get_by_role("link", name=re.compile("09:00–09:30 · Consultation: Robin Lee"))
        expect(past).to_contain_text("(Attended)")
        expect(page.get_by_role("link", name=re.compile("Session 2 of 3: Jamie Walsh"))).to_be_visible()
        expect(page.locator(".cal-appt.is-clash")).to_contain_text("Inside time off")
        expect(page.locator(".cal-head").filter(has_text="Alex Kim")).to_contain_text("Not working")
        expect(page.locator("[data-now]")).to_have_count(3)
        assert_no_sideways_scroll(page)  # the page itself never scrolls sideways; the grid may
        assert_accessible(page)
        shot(page, f"grid-day-{name}")
        page.goto(clinic["base"] + f"/staff/calendar/?view=week&date=2026-12-01&artist={clinic['sam'].pk}")
        expect(page.locator(".cal-col")).to_have_count(7)
        assert_no_sideways_scroll(page)
        assert_accessible(page)
        shot(page, f"grid-week-{name}")
        page.context.close()


def test_the_tablet_scrolls_the_grid_not_the_page(clinic, browser: Browser):
    for n in range(6):
        ArtistFactory(display_name=f"Guest {n}", hours={1: [(time(9), time(17))]})
    page = staff_page(browser, clinic["base"], TABLET)
    page.goto(clinic["base"] + DAY)
    scroller = page.locator(".cal-scroll")
    assert scroller.evaluate("el => el.scrollWidth > el.clientWidth")
    assert_no_sideways_scroll(page)


@pytest.mark.parametrize("script", ["htmx", "no-js"])
def test_click_free_time_books_a_consultation(clinic, browser: Browser, script):
    page = staff_page(browser, clinic["base"], {**DESKTOP, "java_script_enabled": script == "htmx"})
    page.goto(clinic["base"] + DAY)
    column(page, clinic["sam"]).get_by_role("link", name="Book Sam Okafor, Tue 1 Dec at 16:00").click()
    heading = page.get_by_role("heading", name="Book Tuesday 1 December, 16:00 with Sam Okafor")
    expect(heading).to_be_visible()
    if script == "htmx":  # in place, above the grid, and the focus on it
        assert page.url.endswith(DAY)
        expect(heading).to_be_focused()
        assert_accessible(page)
        shot(page, "grid-book-panel")
    page.get_by_label("Name, e-mail or phone").fill("jordan")
    page.get_by_role("button", name="Find client").click()
    page.get_by_role("button", name="Book consultation for Jordan Price").click()
    expect(page.get_by_text("Consultation booked: Jordan Price, 16:00 with Sam Okafor.")).to_be_visible()
    sams = column(page, clinic["sam"])
    expect(sams.get_by_role("link", name=re.compile("16:00–16:30 · Consultation: Jordan"))).to_be_visible()
    booked = Appointment.objects.get(client__full_name="Jordan Price")
    assert (booked.artist, booked.start, booked.source) == (clinic["sam"], london(2026, 12, 1, 16, 0), "staff")
    assert page.csp == []


def test_a_refused_booking_in_the_panel_says_why(clinic, browser: Browser):
    page = staff_page(browser, clinic["base"], DESKTOP)
    page.goto(clinic["base"] + DAY)
    column(page, clinic["sam"]).get_by_role("link", name="Book Sam Okafor, Tue 1 Dec at 12:45").click()
    page.get_by_label("Name, e-mail or phone").fill("jordan")
    page.get_by_role("button", name="Find client").click()
    page.get_by_role("button", name="Book consultation for Jordan Price").click()  # 12:45 + 30 min + buffer > 13:00
    expect(page.locator("#grid-panel #refusal")).to_contain_text("Sam Okafor already has Session 2 of 3 with J. Walsh")
    assert page.url.endswith(DAY)
    assert not Appointment.objects.filter(client__full_name="Jordan Price").exists()
    page.get_by_role("link", name="Back to the calendar").click()
    expect(page.locator("#grid-panel")).to_be_empty()


def drag(page: Page, block, target, *, y: int) -> None:
    """Drag by the block's top edge, so its top lands `y` px into the target."""
    block.drag_to(target, source_position={"x": 8, "y": 2}, target_position={"x": 8, "y": y + 2})


def test_drag_moves_an_appointment_to_another_artist_and_time(clinic, browser: Browser):
    page = staff_page(browser, clinic["base"], DESKTOP)
    page.goto(clinic["base"] + DAY)
    block = page.locator(f".cal-appt[data-appointment='{clinic['moving'].pk}']")
    target = column(page, clinic["sam"]).get_by_role("link", name="Book Sam Okafor, Tue 1 Dec at 11:30")
    drag(page, block, target, y=0)
    expect(page.get_by_text("Moved: Chris Doyle to Tue 1 Dec, 11:30 with Sam Okafor.")).to_be_visible()
    moved = Appointment.objects.get(pk=clinic["moving"].pk)
    assert (moved.artist, moved.start) == (clinic["sam"], london(2026, 12, 1, 11, 30))
    expect(
        column(page, clinic["sam"]).get_by_role("link", name=re.compile("11:30–12:00 · Consultation: Chris"))
    ).to_be_visible()
    assert page.csp == []


def test_a_refused_drag_is_explained_in_place(clinic, browser: Browser):
    page = staff_page(browser, clinic["base"], DESKTOP)
    page.goto(clinic["base"] + DAY)
    block = page.locator(f".cal-appt[data-appointment='{clinic['moving'].pk}']")
    session = column(page, clinic["sam"]).locator(".cal-appt").filter(has_text="Session 2 of 3")
    drag(page, block, session, y=0)  # onto Jamie's session at 13:00
    message = page.locator("#grid-message")
    expect(message).to_be_visible()
    expect(message).to_have_text(
        "Chris Doyle not moved to 13:00 with Sam Okafor: Sam Okafor already has Session 2 of 3 with J. Walsh 13:00–15:30."
    )
    expect(block).to_have_class(re.compile("is-refused"))  # the one the message is about, where it was
    assert_accessible(page)
    shot(page, "grid-refused-drag")
    unmoved = Appointment.objects.get(pk=clinic["moving"].pk)
    assert (unmoved.artist, unmoved.start) == (clinic["priya"], london(2026, 12, 1, 11, 0))
    assert page.csp == []


def test_the_keyboard_moves_through_the_move_link(clinic, browser: Browser):
    page = staff_page(browser, clinic["base"], DESKTOP)
    page.goto(clinic["base"] + DAY)
    link = page.get_by_role("link", name="Move… the 11:00 consultation with Chris Doyle")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("New start")).to_be_visible()
    new_start = page.get_by_label("New start")
    new_start.fill("2026-12-01T12:00")
    expect(new_start).to_have_value("2026-12-01T12:00")
    new_start.press("Enter")  # Enter in the field submits its form, as a keyboard user would
    expect(page.get_by_text("Moved.")).to_be_visible()
    assert Appointment.objects.get(pk=clinic["moving"].pk).start == london(2026, 12, 1, 12, 0)


def test_time_off_is_changed_and_removed_from_the_calendar(clinic, browser: Browser):
    page = staff_page(browser, clinic["base"], DESKTOP)
    page.goto(clinic["base"] + DAY)
    page.get_by_role("link", name=re.compile("Time off 15:00–16:00: Dentist")).click()
    expect(page.locator("#clashes")).to_contain_text("Dana Reid")
    page.get_by_label("Until").fill("2026-12-01T17:00")
    page.get_by_role("button", name="Save time off").click()
    expect(page.get_by_text("Time off changed. 1 appointment falls in it and needs moving.")).to_be_visible()
    page.get_by_role("link", name="Back to the calendar").click()
    expect(page.get_by_role("link", name=re.compile("Time off 15:00–17:00: Dentist"))).to_be_visible()
    assert TimeOff.objects.get().end == london(2026, 12, 1, 17, 0)
    page.get_by_role("link", name=re.compile("Time off 15:00–17:00: Dentist")).click()
    page.get_by_role("button", name="Remove time off").click()
    expect(page.get_by_text("Time off removed.")).to_be_visible()
    expect(page.locator(".cal-timeoff")).to_have_count(0)
    expect(page.locator(".cal-appt.is-clash")).to_have_count(0)
    assert not TimeOff.objects.exists()
    assert Appointment.objects.filter(client__full_name="Dana Reid", status="booked").exists()


def test_a_past_day_shows_what_happened(clinic, browser: Browser):
    AppointmentFactory(
        artist=clinic["sam"], start=london(2026, 11, 24, 10, 0), client__full_name="Lee Morgan", status="no_show"
    )
    page = staff_page(browser, clinic["base"], DESKTOP)
    page.goto(clinic["base"] + "/staff/calendar/?view=day&date=2026-11-24")
    expect(page.get_by_role("link", name=re.compile("Consultation: Lee Morgan"))).to_contain_text("(No-show)")
    expect(page.locator(".cal-head").filter(has_text="Sam Okafor")).not_to_contain_text("Not working")
    expect(page.locator(".cal-appt[draggable]")).to_have_count(0)
