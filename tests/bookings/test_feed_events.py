"""The artist's calendar feed: each event says what it is and with whom (first name), how to reach the clinic,
and never anything from the client's health record."""

import pytest
from django.conf import settings
from django.urls import reverse
from icalendar import Calendar

from bookings.services import add_session_note, record_outcome
from tests.helpers import london

pytestmark = pytest.mark.django_db


def feed_events(client, artist) -> list:
    response = client.get(reverse("bookings:feed", args=[artist.calendar_secret]))
    assert response.status_code == 200
    return sorted(Calendar.from_ical(response.content).walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))


def test_sessions_and_consultations_say_what_they_are(client, world):
    events = feed_events(client, world["artist"])
    by_summary = {str(e["SUMMARY"]): e for e in events}
    # the world: session 1 of the crown plan (3 h) on 1 Dec, a consultation (30 min) booked as "Jamie T Walsh"
    assert set(by_summary) == {"Session 1 of 3 – 3 h: Jamie", "Free consultation – 30 min: Jamie"}
    session = by_summary["Session 1 of 3 – 3 h: Jamie"]
    description = str(session["DESCRIPTION"])
    assert description.startswith("Session 1 of 3 (3 h) with Jamie.")
    assert f"{settings.CLINIC_NAME}: {settings.CLINIC_PHONE}" in description
    assert reverse("bookings:appointment", args=[world["session"].pk]) in description


def test_a_follow_up_session_gives_its_length_in_hours(client, world, time_machine):
    from bookings.services import schedule_session

    time_machine.move_to(london(2026, 12, 1, 12, 30), tick=False)
    record_outcome(appointment_id=world["session"].pk, outcome="completed")
    schedule_session(plan_id=world["plan"].pk, number=2, start=london(2026, 12, 14, 10, 0))
    summaries = [str(e["SUMMARY"]) for e in feed_events(client, world["artist"])]
    assert "Session 2 of 3 – 2.5 h: Jamie" in summaries


def test_no_surname_contact_details_or_health_data_in_the_feed(client, world):
    record = world["client"]
    add_session_note(appointment=world["session"], author=None, needle="3RL", notes="Redness on the crown")
    body = client.get(reverse("bookings:feed", args=[world["artist"].calendar_secret])).content.decode()
    unfolded = body.replace("\r\n ", "")  # iCalendar folds long lines
    for private in ("Walsh", record.email, record.phone, "Scar behind", "Keloid", "Redness", "3RL", "Shade 3"):
        assert private not in unfolded, private
