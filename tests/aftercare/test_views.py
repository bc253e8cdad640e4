"""Aftercare pages: the signed public link and the team's page.

The schedule under test is the real one: three sessions scheduled and completed through the booking
services, the final completion generating the 30-day schedule and its reminders (tests.aftercare.helpers).
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from aftercare.models import AftercareSchedule
from aftercare.tokens import make_schedule_token
from bookings.services import create_plan
from tests.aftercare.helpers import (
    CHECK_IN,
    DAY_0,
    FINAL,
    FLAKING,
    HEALED,
    KEEP_DRY,
    NO_POOLS,
    NO_SUN,
    POOLS_OK,
    RINSE,
    WASHING,
    complete_plan,
    done_titles,
    on_day,
    public_url,
    today_titles,
    upcoming_titles,
)
from tests.clients.factories import ClientFactory
from tests.helpers import london, section, utc

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(aftercare_world):
    return aftercare_world


# --- The schedule pages ---------------------------------------------------------------------------------------


def test_completing_the_final_session_generates_the_30_day_schedule(world):
    schedule = world["schedule"]
    assert (schedule.starts_on, schedule.ends_on) == (DAY_0, DAY_0 + timedelta(days=30))
    assert schedule.template_name == FINAL
    assert schedule.session.session_number == 3
    # the two earlier sessions got the short "between sessions" schedule
    assert world["client"].aftercare_schedules.filter(purpose="between").count() == 2


@pytest.mark.parametrize(
    ("day", "today", "upcoming", "done"),
    [
        (0, [KEEP_DRY, NO_SUN, NO_POOLS], [RINSE, FLAKING, WASHING, HEALED, POOLS_OK, CHECK_IN], []),
        (2, [KEEP_DRY, NO_SUN, NO_POOLS], [RINSE, FLAKING, WASHING, HEALED, POOLS_OK, CHECK_IN], []),
        (4, [KEEP_DRY, NO_SUN, NO_POOLS, RINSE], [FLAKING, WASHING, HEALED, POOLS_OK, CHECK_IN], []),
        (12, [NO_SUN, NO_POOLS, WASHING], [HEALED, POOLS_OK, CHECK_IN], [KEEP_DRY, RINSE, FLAKING]),
        (30, [NO_SUN, HEALED, CHECK_IN], [], [KEEP_DRY, NO_POOLS, RINSE, FLAKING, WASHING, POOLS_OK]),
    ],
)
def test_public_link_highlights_todays_steps(client, world, time_machine, day, today, upcoming, done):
    on_day(time_machine, day)
    response = client.get(public_url(world["schedule"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Today, {DAY_0 + timedelta(days=day):%A %-d %B}: day {day}</h2>" in page  # the date, not only the day
    assert today_titles(page) == today
    assert upcoming_titles(page) == upcoming
    assert done_titles(page) == done
    assert ('id="next-heading">Coming up</h2>' in page) == bool(upcoming)
    assert ('id="past-heading">Done</h2>' in page) == bool(done)


def test_today_follows_the_clinic_calendar_late_in_the_evening(client, world, time_machine):
    on_day(time_machine, 9, hour=23, minute=59)  # still day 9, flaking (5–10) applies; washing from tomorrow
    page = client.get(public_url(world["schedule"])).content.decode()
    assert "Today, Thursday 14 January: day 9</h2>" in page
    assert FLAKING in today_titles(page) and WASHING in upcoming_titles(page)
    on_day(time_machine, 10, hour=0, minute=0)
    page = client.get(public_url(world["schedule"])).content.decode()
    assert today_titles(page) == [NO_SUN, NO_POOLS, FLAKING, WASHING]


def test_today_is_the_clinic_day_in_summer_time(client, world, time_machine):
    from clients.services import record_consent, record_screening

    time_machine.move_to(london(2027, 5, 31, 8, 0), tick=False)
    summer = ClientFactory(full_name="Robin Summer")
    record_screening(client=summer, answers={}, recorded_by=None)
    record_consent(client=summer, typed_name="Robin Summer")
    plan = create_plan(client=summer, artist=world["artist"], treatment_type="crown")
    starts = [london(2027, 6, 1, 9, 0), london(2027, 6, 11, 9, 0), london(2027, 7, 6, 9, 0)]
    schedule = complete_plan(time_machine, plan, starts)
    assert schedule.starts_on == date(2027, 7, 6)
    time_machine.move_to(utc(2027, 7, 15, 23, 30), tick=False)  # 00:30 on 16 July in London (BST): day 10
    page = client.get(public_url(schedule)).content.decode()
    assert "Today, Friday 16 July: day 10</h2>" in page
    assert today_titles(page) == [NO_SUN, NO_POOLS, FLAKING, WASHING]


def test_after_day_30_the_schedule_is_complete(client, world, time_machine):
    on_day(time_machine, 31)
    page = client.get(public_url(world["schedule"])).content.decode()
    assert section(page, 'id="today"') is None
    assert "This aftercare is complete." in page
    assert "SPF 30+ on your scalp whenever you are outdoors" in page  # the closing advice
    assert "After that:" not in page
    assert len(done_titles(page)) == 9 and upcoming_titles(page) == []
    assert "top-up check" in page and "January 2028" in page


def test_no_top_up_reminder_is_promised_to_a_client_who_declined_reminders(client, world, time_machine):
    on_day(time_machine, 31)
    clients = world["schedule"].client.__class__.objects.filter(pk=world["schedule"].client_id)
    clients.update(contact_consent=True)
    page = client.get(public_url(world["schedule"])).content.decode()
    assert "We will remind you about a top-up check around January 2028." in page
    clients.update(contact_consent=False)
    page = client.get(public_url(world["schedule"])).content.decode()
    assert "We will remind you" not in page
    assert "You asked for no reminders, so we won't send one." in page


def test_the_public_page_does_not_name_the_client(client, world, time_machine):
    on_day(time_machine, 2)
    page = client.get(public_url(world["schedule"])).content.decode()
    assert FINAL in page
    assert world["client"].full_name not in page and world["client"].email not in page


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature changed
        lambda token: "9999:" + token.partition(":")[2],  # another pk under the same signature
        lambda token: token.partition(":")[0],  # no signature at all
        lambda token: "garbage",
    ],
    ids=["bad-signature", "swapped-pk", "unsigned", "garbage"],
)
def test_a_tampered_link_is_404(client, world, mangle):
    token = make_schedule_token(world["schedule"])
    assert client.get(reverse("aftercare:public_schedule", args=[mangle(token)])).status_code == 404


def test_a_link_to_a_deleted_schedule_is_404(client, world):
    from django.core import signing

    token = signing.TimestampSigner(salt="aftercare.schedule-link").sign("999999")
    assert client.get(reverse("aftercare:public_schedule", args=[token])).status_code == 404
    untimed = signing.Signer(salt="aftercare.schedule-link").sign(str(world["schedule"].pk))  # no timestamp
    assert client.get(reverse("aftercare:public_schedule", args=[untimed])).status_code == 404


def test_a_token_for_another_purpose_does_not_open_a_schedule(client, world):
    from django.core import signing

    token = signing.Signer().sign(str(world["schedule"].pk))  # the default salt, e.g. another feature's link
    assert client.get(reverse("aftercare:public_schedule", args=[token])).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    # (who else gets a 404 or the login page: aftercare:team_schedule in tests/test_permissions.py's matrix)
    [("staff", 200), ("artist", 200)],
)
def test_team_schedule_access(client, world, time_machine, who, status):
    on_day(time_machine, 12)
    client.force_login(world["users"][who])
    response = client.get(reverse("aftercare:team_schedule", args=[world["schedule"].pk]))
    assert response.status_code == status
    page = response.content.decode()
    assert f"{world['client'].full_name} · From" in page  # the team sees whose schedule it is
    assert today_titles(page) == [NO_SUN, NO_POOLS, WASHING]


def test_unknown_schedule_is_404_for_staff(client, world):
    client.force_login(world["users"]["staff"])
    assert client.get(reverse("aftercare:team_schedule", args=[999999])).status_code == 404
    client.force_login(world["users"]["owner"])
    assert client.get(reverse("portal:aftercare", args=[999999])).status_code == 404


# --- The staff reminders page ---------------------------------------------------------------------------------


# --- Send now / retry -----------------------------------------------------------------------------------------


def test_an_emailed_link_stops_working_after_the_configured_days(world, client, time_machine, settings):
    schedule = AftercareSchedule.objects.get(purpose="final")
    token = make_schedule_token(schedule)
    url = f"/aftercare/{token}/"
    assert client.get(url).status_code == 200
    time_machine.shift(timedelta(days=settings.AFTERCARE_LINK_DAYS + 1))
    assert client.get(url).status_code == 404
