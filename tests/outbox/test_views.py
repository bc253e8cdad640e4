"""The staff reminders page (tabs, filters, pagination) and "send now" / "retry".

"Send now" is tried on the reminders of a real aftercare schedule (tests.aftercare.helpers).
"""

import html
import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aftercare.messages import AftercareMessage
from aftercare.tokens import schedule_url
from bookings.messages import BookingMessage
from clinic.users import roles
from outbox.models import Reminder
from tests.aftercare.factories import AftercareScheduleFactory
from tests.aftercare.helpers import (
    LOGIN,
    RINSE,
    WASHING,
    on_day,
)
from tests.bookings.factories import ArtistFactory
from tests.clients.factories import ClientFactory
from tests.helpers import london, user_with, utc
from tests.outbox.factories import ReminderFactory

pytestmark = pytest.mark.django_db

Channel, Status = Reminder.Channel, Reminder.Status


@pytest.fixture
def world(aftercare_world):
    return aftercare_world


# --- The staff reminders page ---------------------------------------------------------------------------------


def make_reminder(
    client_record, *, due_at, status=Status.PENDING, kind=AftercareMessage.TOP_UP, channel=Channel.EMAIL, **fields
):
    """A row as the outbox would hold it, about one of the client's aftercare schedules."""
    if status == Status.SENT:
        fields.setdefault("sent_at", due_at)
    if status == Status.SENDING:
        fields.setdefault("claimed_at", due_at)
    schedule = AftercareScheduleFactory(session__plan__client=client_record)
    return ReminderFactory(
        schedule=schedule, kind=kind, channel=channel, due_at=due_at, status=status, client=client_record, **fields
    )


@pytest.fixture
def desk(client, time_machine, db):
    """Staff logged in on the test client, at a fixed moment, with no reminders yet."""
    time_machine.move_to(london(2026, 6, 1, 12, 0), tick=False)
    user = user_with(roles.STAFF)
    client.force_login(user)
    return user


def reminders_url(**params) -> str:
    from urllib.parse import urlencode

    return reverse("outbox:reminders") + (f"?{urlencode(params)}" if params else "")


def listed(response) -> list[int]:
    return [r.pk for r in response.context["page"]]


@pytest.mark.parametrize(("who", "status"), [("artist", 404), ("client", 404), ("anonymous", 302), ("staff", 200)])
def test_reminders_page_is_for_staff_only(client, db, who, status):
    users = {
        "artist": lambda: ArtistFactory(user=user_with(roles.ARTIST)).user,
        "client": lambda: ClientFactory(user=user_with(roles.CLIENT)).user,
        "staff": lambda: user_with(roles.STAFF),
    }
    if who != "anonymous":
        client.force_login(users[who]())
    response = client.get(reminders_url())
    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith(LOGIN)


def test_tabs_show_counts_and_each_lists_its_own_statuses(client, desk):
    people = {s: ClientFactory(full_name=f"Person {s.title()}") for s in Status.values}
    now = timezone.now()
    rows = {s: make_reminder(people[s], due_at=now + timedelta(hours=1), status=s) for s in Status.values}
    make_reminder(people[Status.PENDING], due_at=now + timedelta(hours=2))  # a second pending one
    page = client.get(reminders_url()).content.decode()
    tabs = dict(re.findall(r'href="\?group=(\w+)"[^>]*>\w+ <span class="badge text-bg-light">(\d+)</span>', page))
    assert tabs == {"upcoming": "3", "sent": "1", "failed": "1", "skipped": "1", "cancelled": "1"}
    assert re.search(r'class="nav-link active" href="\?group=upcoming"', page)
    assert 'text-danger fw-semibold" href="?group=failed"' in page  # failures stand out
    expected = {
        "upcoming": {Status.PENDING, Status.SENDING},
        "sent": {Status.SENT},
        "failed": {Status.FAILED},
        "skipped": {Status.SKIPPED},
        "cancelled": {Status.CANCELLED},
    }
    for group, statuses in expected.items():
        response = client.get(reminders_url(group=group))
        assert {Reminder.objects.get(pk=pk).status for pk in listed(response)} == statuses, group
        body = response.content.decode()
        for status, row in rows.items():
            assert (row.client.full_name in body) == (status in statuses), (group, status)


def test_buttons_match_what_can_be_sent(client, desk):
    now = timezone.now()
    pending = make_reminder(ClientFactory(), due_at=now + timedelta(hours=1))
    sending = make_reminder(ClientFactory(), due_at=now + timedelta(hours=2), status=Status.SENDING)
    failed = make_reminder(
        ClientFactory(), due_at=now - timedelta(hours=2), status=Status.FAILED, attempts=6, last_error="SMTPError: 554"
    )
    upcoming = client.get(reminders_url()).content.decode()
    assert reverse("outbox:send_now", args=[pending.pk]) in upcoming and "Send now" in upcoming
    assert reverse("outbox:send_now", args=[sending.pk]) not in upcoming  # a worker has it
    failures = client.get(reminders_url(group="failed")).content.decode()
    assert reverse("outbox:send_now", args=[failed.pk]) in failures and "Retry" in failures
    assert "SMTPError: 554" in failures and 'class="table-danger"' in failures


def test_upcoming_is_soonest_first_and_history_latest_first(client, desk):
    now, person = timezone.now(), ClientFactory()
    later = make_reminder(person, due_at=now + timedelta(days=2))
    sooner = make_reminder(person, due_at=now + timedelta(days=1))
    old = make_reminder(person, due_at=now - timedelta(days=2), status=Status.SENT)
    recent = make_reminder(person, due_at=now - timedelta(days=1), status=Status.SENT)
    assert listed(client.get(reminders_url())) == [sooner.pk, later.pk]
    assert listed(client.get(reminders_url(group="sent"))) == [recent.pk, old.pk]


def test_filters_by_kind_channel_and_client(client, desk):
    now = timezone.now()
    alex, sam = ClientFactory(full_name="Alex Filter"), ClientFactory(full_name="Sam Filter")
    alex_top_up = make_reminder(alex, due_at=now + timedelta(hours=1), kind=AftercareMessage.TOP_UP)
    alex_sms = make_reminder(
        alex, due_at=now + timedelta(hours=2), kind=BookingMessage.SESSION_REMINDER, channel=Channel.SMS
    )
    sam_session = make_reminder(sam, due_at=now + timedelta(hours=3), kind=BookingMessage.SESSION_REMINDER)
    sam_sms = make_reminder(
        sam, due_at=now + timedelta(hours=4), kind=BookingMessage.SESSION_REMINDER, channel=Channel.SMS
    )
    assert listed(client.get(reminders_url(kind="session"))) == [alex_sms.pk, sam_session.pk, sam_sms.pk]
    assert listed(client.get(reminders_url(channel="sms"))) == [alex_sms.pk, sam_sms.pk]
    assert listed(client.get(reminders_url(client=alex.pk))) == [alex_top_up.pk, alex_sms.pk]
    combined = client.get(reminders_url(client=sam.pk, kind="session", channel="email"))
    assert listed(combined) == [sam_session.pk]
    # the client filter survives the filter form (a hidden field), as the client page's link relies on
    assert f'<input type="hidden" name="client" value="{sam.pk}">' in combined.content.decode()
    assert listed(client.get(reminders_url(client=sam.pk, group="sent"))) == []


@pytest.mark.parametrize(
    ("day", "starts", "ends"),
    [
        (date(2026, 1, 15), utc(2026, 1, 15, 0, 0), utc(2026, 1, 16, 0, 0)),  # GMT
        (date(2026, 6, 15), utc(2026, 6, 14, 23, 0), utc(2026, 6, 15, 23, 0)),  # BST
        (date(2026, 3, 29), utc(2026, 3, 29, 0, 0), utc(2026, 3, 29, 23, 0)),  # clocks go forward: 23 hours
        (date(2026, 10, 25), utc(2026, 10, 24, 23, 0), utc(2026, 10, 26, 0, 0)),  # clocks go back: 25 hours
    ],
    ids=["winter", "summer", "spring-forward", "fall-back"],
)
def test_day_filter_uses_clinic_days(client, desk, day, starts, ends):
    person = ClientFactory()
    minute = timedelta(minutes=1)
    before = make_reminder(person, due_at=starts - minute)
    first = make_reminder(person, due_at=starts)
    last = make_reminder(person, due_at=ends - minute)
    after = make_reminder(person, due_at=ends)
    assert listed(client.get(reminders_url(day=day.isoformat()))) == [first.pk, last.pk]
    assert {before.pk, after.pk} <= set(listed(client.get(reminders_url())))


@pytest.mark.parametrize("bad", ["2026-02-30", "not-a-date", "2026-13-01", "99999-01-01", "9999-12-31"])
def test_an_invalid_day_is_a_form_error_not_a_500(client, desk, bad):
    now, person = timezone.now(), ClientFactory()
    failed = make_reminder(person, due_at=now, status=Status.FAILED, kind=AftercareMessage.TOP_UP)
    make_reminder(person, due_at=now, status=Status.FAILED, kind=BookingMessage.SESSION_REMINDER)
    make_reminder(person, due_at=now + timedelta(hours=1))  # pending: must not appear on the failed tab
    response = client.get(reminders_url(group="failed", kind="top_up", day=bad))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors.keys() == {"day"}
    assert errors["day"][0] in html.unescape(response.content.decode())  # shown next to the field
    # the filters that are valid still apply: still the failed tab, still top-ups only
    assert response.context["group"] == "failed"
    assert listed(response) == [failed.pk]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-30"])
def test_the_extreme_valid_days_filter_to_nothing(client, desk, day):
    make_reminder(ClientFactory(), due_at=timezone.now())
    response = client.get(reminders_url(day=day))
    assert response.status_code == 200
    assert response.context["form"].errors == {}
    assert listed(response) == []


@pytest.mark.parametrize("params", [{"group": "bogus"}, {"kind": "nope"}, {"client": "x"}, {"client": "0"}])
def test_other_invalid_filters_do_not_500(client, desk, params):
    make_reminder(ClientFactory(), due_at=timezone.now())
    response = client.get(reminders_url(**params))
    assert response.status_code == 200
    assert response.context["group"] == "upcoming"


def test_pagination_keeps_the_filters(client, desk):
    now, person = timezone.now(), ClientFactory()
    wanted = [make_reminder(person, due_at=now + timedelta(minutes=i), kind=AftercareMessage.TOP_UP) for i in range(55)]
    for i in range(3):
        make_reminder(person, due_at=now + timedelta(minutes=i), kind=AftercareMessage.CHECK_IN)
    first = client.get(reminders_url(kind="top_up", channel="email"))
    body = first.content.decode()
    assert "Page 1 of 2" in body
    assert listed(first) == [r.pk for r in wanted[:50]]
    next_href = html.unescape(re.search(r'href="(\?[^"]*)">Next</a>', body).group(1))
    assert next_href == "?kind=top_up&channel=email&page=2"
    second = client.get(reverse("outbox:reminders") + next_href)
    assert listed(second) == [r.pk for r in wanted[50:]]
    previous_href = html.unescape(re.search(r'href="(\?[^"]*)">Previous</a>', second.content.decode()).group(1))
    assert previous_href == "?kind=top_up&channel=email&page=1"
    # a page number is never carried twice, and a bad one falls back to a real page
    again = client.get(reminders_url(page=2, kind="top_up", channel="email")).content.decode()
    assert [html.unescape(h) for h in re.findall(r'href="(\?[^"]*)">Previous</a>', again)] == [previous_href]
    assert listed(client.get(reminders_url(kind="top_up", page="abc"))) == [r.pk for r in wanted[:50]]
    assert listed(client.get(reminders_url(kind="top_up", page=99))) == [r.pk for r in wanted[50:]]


def test_send_buttons_come_back_to_the_filtered_page(client, desk):
    person = ClientFactory()
    make_reminder(person, due_at=timezone.now() + timedelta(hours=1))
    body = client.get(reminders_url(kind="top_up", client=person.pk)).content.decode()
    back = re.search(r'name="next" value="([^"]*)"', body).group(1)
    assert html.unescape(back) == reminders_url(kind="top_up", client=person.pk)


def test_the_page_needs_the_same_queries_for_many_reminders(client, desk):
    now = timezone.now()
    for i in range(2):  # of the kinds below: each kind's description is one query
        kind = (AftercareMessage.TOP_UP, BookingMessage.SESSION_REMINDER)[i]
        make_reminder(ClientFactory(), due_at=now + timedelta(minutes=i), kind=kind)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reminders_url()).status_code == 200
    for i in range(40):
        make_reminder(ClientFactory(), due_at=now + timedelta(hours=1, minutes=i), kind=BookingMessage.SESSION_REMINDER)
    with CaptureQueriesContext(connection) as many:
        assert len(listed(client.get(reminders_url()))) == 42
    assert len(many.captured_queries) == len(few.captured_queries)


# --- Send now / retry -----------------------------------------------------------------------------------------


def step_reminder(world, title: str) -> Reminder:
    step = world["schedule"].steps.get(title=title)
    return Reminder.objects.about(step, kinds_=[AftercareMessage.STEP]).get()


def send_now(client, reminder, **data):
    return client.post(reverse("outbox:send_now", args=[reminder.pk]), data)


def test_send_now_sends_a_pending_reminder(client, world, time_machine, django_capture_on_commit_callbacks):
    on_day(time_machine, 2)
    reminder = step_reminder(world, WASHING)  # due on day 10
    assert (reminder.status, reminder.attempts) == (Status.PENDING, 0)
    client.force_login(world["users"]["staff"])
    back = reminders_url(kind="aftercare_step")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = send_now(client, reminder, next=back)
    assert response.status_code == 302 and response["Location"] == back
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == f"Aftercare: {WASHING}"
    assert message.to == [world["client"].email]
    assert schedule_url(world["schedule"]) in message.body
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts, reminder.sent_at) == (Status.SENT, 1, timezone.now())
    page = client.get(back).content.decode()
    assert f"Aftercare step for {world['client'].full_name} is being sent." in page
    assert reminder.pk not in listed(client.get(back))
    assert reminder.pk in listed(client.get(reminders_url(group="sent")))
    # the link in the e-mail opens the schedule
    link = message.body.split(settings.SITE_URL, 1)[1].split()[0]
    assert client.get(link).status_code == 200


def test_retry_resets_the_attempts_and_sends(client, world, time_machine, django_capture_on_commit_callbacks):
    on_day(time_machine, 12)  # long after the day-4 reminder's own window
    reminder = step_reminder(world, RINSE)
    Reminder.objects.filter(pk=reminder.pk).update(
        status=Status.FAILED, attempts=6, last_error="SMTPServerDisconnected: gone", note="gave up after 6 attempts"
    )
    client.force_login(world["users"]["staff"])
    assert reminder.pk in listed(client.get(reminders_url(group="failed")))
    with django_capture_on_commit_callbacks(execute=True):
        response = send_now(client, reminder, next=reminders_url(group="failed"))
    assert response["Location"] == reminders_url(group="failed")
    assert [m.subject for m in mail.outbox] == [f"Aftercare: {RINSE}"]
    reminder.refresh_from_db()
    assert reminder.status == Status.SENT
    assert reminder.attempts == 1  # reset to 0, then this one attempt
    assert (reminder.last_error, reminder.note) == ("", "")
    assert reminder.expires_at >= timezone.now()
    failed_tab = client.get(reminders_url(group="failed"))
    assert listed(failed_tab) == [] and failed_tab.context["counts"]["failed"] == 0


@pytest.mark.parametrize(
    ("status", "label"),
    [(Status.SENT, "sent"), (Status.CANCELLED, "cancelled"), (Status.SKIPPED, "skipped"), (Status.SENDING, "sending")],
)
def test_a_reminder_that_is_not_pending_or_failed_is_not_sent(
    client, world, time_machine, django_capture_on_commit_callbacks, status, label
):
    on_day(time_machine, 2)
    reminder = step_reminder(world, WASHING)
    extra = {"sent_at": timezone.now() - timedelta(days=1)} if status == Status.SENT else {}
    extra |= {"claimed_at": timezone.now()} if status == Status.SENDING else {}
    Reminder.objects.filter(pk=reminder.pk).update(status=status, attempts=1, **extra)
    reminder.refresh_from_db()
    client.force_login(world["users"]["staff"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = send_now(client, reminder)
    assert response.status_code == 302 and response["Location"] == reverse("outbox:reminders")
    assert callbacks == [] and mail.outbox == []
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert f"This reminder is {label}; it can't be sent again." in page
    before = (reminder.status, reminder.attempts, reminder.sent_at, reminder.available_at, reminder.updated_at)
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts, reminder.sent_at, reminder.available_at, reminder.updated_at) == before


def test_send_now_is_post_only(client, world):
    reminder = step_reminder(world, WASHING)
    client.force_login(world["users"]["staff"])
    assert client.get(reverse("outbox:send_now", args=[reminder.pk])).status_code == 405
    assert client.post(reverse("outbox:send_now", args=[999999])).status_code == 404


@pytest.mark.parametrize(("who", "status"), [("artist", 404), ("owner", 404), ("anonymous", 302)])
def test_only_staff_can_send_now(client, world, django_capture_on_commit_callbacks, who, status):
    reminder = step_reminder(world, WASHING)
    if who != "anonymous":
        client.force_login(world["users"][who])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = send_now(client, reminder)
    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith(LOGIN)
    assert callbacks == [] and mail.outbox == []
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == (Status.PENDING, 0)


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/phish", "//evil.example/", "http://testserver.evil.example/", "javascript:alert(1)", ""],
)
def test_next_must_stay_on_this_site(client, world, django_capture_on_commit_callbacks, next_url):
    reminder = step_reminder(world, WASHING)
    client.force_login(world["users"]["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = send_now(client, reminder, next=next_url)
    assert response.status_code == 302
    assert response["Location"] == reverse("outbox:reminders")
    assert len(mail.outbox) == 1  # the reminder itself still goes
