"""The staff home's cached body (frontdesk/views.py): reused until anything it shows changes, including what the
outbox and the backups write past the signals; never across staff and artists; each request's own CSRF token."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client as Browser
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from bookings import grid_cache
from bookings.models import Appointment, SessionNote
from clients.models import Client
from clients.services import record_screening
from clinic.users import roles
from ops.models import Backup
from outbox.models import Reminder
from tests.bookings.factories import AppointmentFactory, SessionFactory
from tests.helpers import london, user_with
from tests.outbox.factories import ReminderFactory

pytestmark = pytest.mark.django_db
HOME = "/staff/"


def home(http) -> str:
    response = http.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def test_the_body_is_reused_until_a_change_is_announced(client, staff, day):
    assert "Nia Obi" in home(client)
    Client.objects.filter(pk=day["visit"].client_id).update(full_name="Nia Obi-Hart")  # no signal: unannounced
    assert "Nia Obi-Hart" not in home(client)  # the cached body was used
    cache.set(grid_cache.VERSION_KEY, "another worker's change")  # read on every request
    assert "Nia Obi-Hart" in home(client)


def test_the_cached_page_does_not_read_the_day_again(client, staff, day, django_assert_max_num_queries):
    home(client)
    # Session, user, two-step device, groups, the unannounced state (one round trip), artist, viewer.
    with django_assert_max_num_queries(7):
        assert "Jamie Walsh" in home(client)


def test_a_booking_a_screening_and_a_session_note_show_at_once(client, staff, day):
    page = home(client)
    assert "Robin Hale" not in page and "Screening to record" in page.split("Nia Obi")[1].split("</tr>")[0]
    AppointmentFactory(artist=day["priya"], start=london(2026, 11, 30, 15, 0), client__full_name="Robin Hale")
    assert "Robin Hale" in home(client)
    record_screening(client=day["visit"].client, answers={}, recorded_by=None, consultation=day["visit"])
    assert "Screening to record" not in home(client).split("Nia Obi")[1].split("</tr>")[0]
    third = SessionFactory(plan=day["plan"], session_number=3, start=london(2026, 12, 1, 15, 0))
    client.force_login(day["sam"].user)
    assert "needle 5RL" not in home(client)
    SessionNote.objects.create(appointment=day["second"], needle="5RL")  # session 2's note, read for session 3
    page = home(client)
    assert "needle 5RL" in page.split(f'href="{reverse("bookings:appointment", args=[third.pk])}"')[1]


def test_failed_messages_and_top_ups_written_past_the_signals_show_at_once(client, staff, day):
    pending = ReminderFactory(due_at=london(2026, 12, 20, 9, 0))  # next month's: not on the list
    top_up = ReminderFactory(due_at=london(2026, 12, 20, 17, 0))
    page = home(client)
    assert 'id="todo-failed"' not in page and 'id="todo-top-ups"' not in page
    Reminder.objects.filter(pk=pending.pk).update(status=Reminder.Status.FAILED)  # as the outbox writes it
    assert "1 message could not be delivered" in home(client)
    Reminder.objects.filter(pk=top_up.pk).update(due_at=london(2026, 11, 30, 17, 0))
    assert top_up.client.full_name in home(client).split('id="todo-top-ups"')[1].split("</ul>")[0]
    Reminder.objects.filter(pk=top_up.pk).update(status=Reminder.Status.SENT, sent_at=timezone.now())
    assert 'id="todo-top-ups"' not in home(client)


def test_a_backup_finishing_or_failing_shows_at_once(client, staff, day):
    assert "No backup has been made yet." in home(client)
    now = timezone.now()
    backup = Backup.objects.create(name="b.tar", trigger="manual", status="running", started_at=now)
    Backup.objects.filter(pk=backup.pk).update(status="succeeded", finished_at=now)  # as ops/backups writes it
    assert "Last backup: 30 Nov 2026 09:30" in home(client)
    later = Backup.objects.create(
        name="c.tar", trigger="manual", status="running", started_at=now + timedelta(seconds=1)
    )
    Backup.objects.filter(pk=later.pk).update(status="failed", finished_at=now)
    assert "The latest backup failed." in home(client)


def test_the_outcome_buttons_follow_the_clock(client, staff, day, frozen):
    session_row = home(client).split("Jamie Walsh")[1].split("</tr>")[0]
    assert "From 11:00" in session_row and "Completed" not in session_row
    frozen.move_to(london(2026, 11, 30, 11, 0, 20), tick=False)
    session_row = home(client).split("Jamie Walsh")[1].split("</tr>")[0]
    assert "Completed" in session_row and "From 11:00" not in session_row
    frozen.move_to(london(2026, 12, 1, 0, 0, 5), tick=False)  # midnight: tomorrow is today
    page = home(client)
    assert "Tuesday 1 December 2026" in page and "Ann Lee" in page.split('id="today"')[1].split("</table>")[0]


def test_an_artist_never_gets_staffs_body(client, staff, day):
    staff_page = home(client)
    assert 'id="todo"' in staff_page and "Nia Obi" in staff_page
    client.force_login(day["sam"].user)
    page = home(client)
    assert "My day" in page and 'id="todo"' not in page
    assert "Jamie Walsh" in page and "Nia Obi" not in page  # Priya's consultation
    priya = Browser()
    priya_user = user_with(roles.ARTIST)
    day["priya"].user = priya_user
    day["priya"].save()
    priya.force_login(priya_user)
    page = home(priya)
    assert "Nia Obi" in page and "Jamie Walsh" not in page


def test_the_csrf_token_is_each_requests_own(staff, day):
    tokens = set()
    for who in (user_with(roles.STAFF), user_with(roles.STAFF)):
        browser = Browser(enforce_csrf_checks=True)
        browser.force_login(who)
        row = home(browser).split("Nia Obi")[1].split("</tr>")[0]
        (token,) = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', row)
        tokens.add(token)
        assert "<!--csrf-input-->" not in row
    assert len(tokens) == 2  # one cached body, each visitor's own (masked) token
    url = reverse("bookings:appointment_outcome", args=[day["visit"].pk])
    response = browser.post(url, {"outcome": "attended", "next": HOME, "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == HOME
    day["visit"].refresh_from_db()
    assert day["visit"].status == Appointment.Status.ATTENDED


def test_a_missed_change_shows_within_a_minute(client, staff, day, frozen):
    home(client)
    Client.objects.filter(pk=day["visit"].client_id).update(full_name="Nia Obi-Hart")
    frozen.shift(timedelta(seconds=20))  # 09:30:20: the same minute
    assert "Nia Obi-Hart" not in home(client)
    frozen.shift(timedelta(seconds=40))  # 09:31:00
    assert "Nia Obi-Hart" in home(client)


@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
)
def test_without_redis_the_body_is_rendered_each_time(client, staff, day):
    assert "Nia Obi" in home(client)
    Client.objects.filter(pk=day["visit"].client_id).update(full_name="Nia Obi-Hart")
    assert "Nia Obi-Hart" in home(client)
