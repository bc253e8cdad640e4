"""The reminders page explains itself: each row says what it is about, the counts follow the filters in force.

The rows are written by the apps' own services (a plan's session, a consultation, an issued quote, a completed
plan's aftercare), so each app's `describe` is read as it will be in the clinic.
"""

import html
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings.services import book_consultation, create_plan
from clients.services import ClientDetails, record_consent, record_screening
from clinic.users import roles
from outbox.models import Reminder
from tests.clients.factories import ClientFactory
from tests.helpers import london, schedule_all, user_with

pytestmark = pytest.mark.django_db


def page(client, /, **params) -> str:
    response = client.get(reverse("outbox:reminders"), params)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def rows(body: str) -> list[str]:
    """Each table row's cells, as text."""
    tbody = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    found = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", tbody, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        found.append(" | ".join(" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells))
    return found


def tabs(body: str) -> dict[str, tuple[str, str]]:
    """{group: (count, link)} of the status tabs."""
    found = re.findall(
        r'href="(\?[^"]*group=(\w+)[^"]*)"[^>]*>\w+ <span class="badge text-bg-light">(\d+)</span>', body
    )
    return {group: (count, link) for link, group, count in found}


@pytest.fixture
def desk(client, world):
    client.force_login(user_with(roles.STAFF))
    return world


def test_each_row_says_which_appointment_or_quote_and_which_lead(client, desk):
    quote = desk["quote"]
    listed = rows(page(client))
    # Session 1 (Tue 1 Dec 09:00) was scheduled on Monday at 08:00: its 48-hour reminder was already past.
    assert any("Session scheduled" in r and "Session 1 of 3 on Tue 1 Dec 09:00" in r for r in listed)
    reminders = [r for r in listed if "Session reminder" in r]
    assert len(reminders) == 2  # e-mail and SMS
    assert all("Session 1 of 3 on Tue 1 Dec 09:00 · 2 h before" in r for r in reminders)
    assert any(
        "Consultation reminder" in r and "Free consultation on Wed 2 Dec 14:00 · 24 h before" in r for r in listed
    )
    assert any("Consultation booked" in r and "Free consultation on Wed 2 Dec 14:00" in r for r in listed)
    expiring = f"Quote {quote.number} expiring {quote.valid_until:%a %-d %b}"
    assert any("Quote about to expire" in r and expiring in r for r in listed)


def test_aftercare_rows_say_which_step(client, aftercare_world):
    client.force_login(user_with(roles.STAFF))
    listed = rows(page(client, kind="aftercare_step"))
    assert listed and all(re.search(r"Aftercare days? \d+(–\d+)?: \w", r) for r in listed), listed
    assert any("Aftercare days 10–14: Back to normal washing" in r for r in listed), listed
    check_in = rows(page(client, kind="check_in"))
    assert len(check_in) == 1 and "Aftercare day 30: Check-in: is a touch-up needed?" in check_in[0]


def test_counts_follow_the_filters_and_say_which_are_in_force(client, desk):
    Reminder.objects.filter(channel="email", kind="session").update(status="sent", sent_at=london(2026, 11, 30, 8, 0))
    everything = tabs(page(client))
    assert int(everything["upcoming"][0]) == Reminder.objects.filter(status__in=["pending", "sending"]).count()
    body = page(client, channel="sms")
    by_sms = tabs(body)
    sms = Reminder.objects.filter(channel="sms", status="pending").count()
    assert by_sms["upcoming"][0] == str(sms) and by_sms["sent"][0] == "0"  # only the SMS, not every channel's total
    assert "Showing only: by SMS (the counts too)." in re.sub(r"<[^>]+>", "", body)
    # Each tab keeps the filter: its count is what it lists.
    sent = page(client, **dict(p.split("=") for p in by_sms["sent"][1].lstrip("?").split("&")))
    assert "channel=sms" in by_sms["sent"][1] and rows(sent) == ["No reminders here."]
    email_sent = Reminder.objects.filter(channel="email", status="sent").count()
    assert email_sent and tabs(page(client, channel="email"))["sent"][0] == str(email_sent)
    session_only = re.sub(r"<[^>]+>", "", page(client, kind="session", channel="sms"))
    assert "Showing only: Session reminder, by SMS" in session_only
    assert "Showing all reminders." in re.sub(r"<[^>]+>", "", page(client))


def test_the_filter_for_one_client_names_them(client, desk):
    body = re.sub(r"<[^>]+>", "", page(client, client=desk["client"].pk, day="2026-12-01"))
    assert "Showing only: due on Tue 1 Dec 2026, for Jamie Walsh" in body


def _more_clinic(count: int, artist) -> None:
    """`count` more clients, each with a scheduled session and a booked consultation (and their reminders)."""
    days = [d for d in range(3, 31) if london(2026, 12, d, 9, 0).weekday() != 6][:count]  # the artist's Mon–Sat
    for i, day in enumerate(days):
        person = ClientFactory(full_name=f"Client {i}")
        record_screening(client=person, answers={}, recorded_by=None)
        record_consent(client=person, typed_name=person.full_name)
        plan = create_plan(client=person, artist=artist, treatment_type="crown")
        schedule_all(plan, [london(2026, 12, day, 9, 0)])
        book_consultation(
            start=london(2026, 12, day, 15, 0),
            artist_id=artist.pk,
            client_details=ClientDetails(full_name=f"Client {i}", email=f"c{i}@example.com", phone="+447700900123"),
        )


def test_the_page_needs_no_more_queries_for_more_rows(client, desk, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as few:
        first = rows(page(client))
    _more_clinic(8, desk["artist"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        more = rows(page(client))
    assert len(more) >= len(first) + 8 * 3
    assert sum("Session 1 of 3 on" in r for r in more) > 8  # every row described, none left blank


def test_a_row_whose_appointment_moved_after_it_went_says_no_lead(client, desk):
    """A reminder sent 2 h before the old time is not "26 h before" the new one: no lead is better than a wrong one."""
    session = desk["session"]
    sent = Reminder.objects.about(session, kinds_=["session"]).filter(channel="sms").get()
    sent.status, sent.sent_at = "sent", sent.due_at
    sent.save()
    day = timedelta(days=1)
    type(session).objects.filter(pk=session.pk).update(
        start=session.start + day, end=session.end + day, blocked_until=session.blocked_until + day
    )
    listed = [r for r in rows(page(client, group="sent")) if "Session reminder" in r]
    assert listed == [r for r in listed if "Session 1 of 3 on Wed 2 Dec 09:00" in r and " h before" not in r]
    assert len(listed) == 1
