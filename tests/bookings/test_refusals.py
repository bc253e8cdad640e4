"""A refused time says what is in the way: to staff the clash by name, to anyone the hours; a race stays "just
been taken", and the public never learns another client's name or a colleague's time off."""

from datetime import time

import pytest

from bookings.errors import InvalidBookingTime, SlotUnavailable
from bookings.models import Appointment, TimeOff
from bookings.services import book_consultation, schedule_session
from tests.bookings.factories import AppointmentFactory, ArtistFactory
from tests.helpers import london

pytestmark = pytest.mark.django_db

TUE = (2026, 12, 1)


def staff_books(details, start, artist=None):
    return book_consultation(
        start=start,
        client_details=details,
        artist_id=artist and artist.pk,
        source=Appointment.Source.STAFF,
        online=False,
    )


def test_staff_are_told_which_session_with_whom_is_in_the_way(frozen, plan, artist, details):
    schedule_session(plan_id=plan.pk, number=1, start=london(*TUE, 10, 0))
    with pytest.raises(SlotUnavailable) as refused:
        staff_books(details, london(*TUE, 11, 0), artist)
    assert refused.value.message == "Sam Okafor already has Session 1 of 3 with J. Walsh 10:00–13:00."
    with pytest.raises(SlotUnavailable) as online:  # a visitor: no other client's name
        book_consultation(start=london(*TUE, 11, 0), client_details=details, artist_id=artist.pk)
    assert "just been taken" in online.value.message and "Walsh" not in online.value.message


def test_the_gap_after_an_appointment_is_named_when_only_it_is_in_the_way(frozen, artist, details):
    artist.buffer_minutes = 15
    artist.save()
    AppointmentFactory(  # 10:00–10:30, and 15 minutes kept free after it
        artist=artist, start=london(*TUE, 10, 0), blocked_until=london(*TUE, 10, 45), client__full_name="Ann Lee"
    )
    with pytest.raises(SlotUnavailable) as refused:
        staff_books(details, london(*TUE, 10, 30), artist)
    assert refused.value.message == (
        "Sam Okafor already has Free consultation with A. Lee 10:00–10:30 "
        "(with the 15-minute gap kept after each appointment)."
    )


def test_time_off_is_named_to_staff_only(frozen, artist, details):
    TimeOff.objects.create(artist=artist, start=london(*TUE, 10, 0), end=london(*TUE, 14, 0), reason="Training")
    with pytest.raises(SlotUnavailable) as refused:
        staff_books(details, london(*TUE, 11, 0), artist)
    assert refused.value.message == "Sam Okafor is off from 1 Dec 10:00 to 1 Dec 14:00 (Training)."
    with pytest.raises(SlotUnavailable) as online:
        book_consultation(start=london(*TUE, 11, 0), client_details=details, artist_id=artist.pk)
    assert "Training" not in online.value.message


def test_a_session_that_would_end_after_the_artists_hours_says_when(
    frozen, consultation, policy, session_services, spacing, eligible_client, details
):
    from bookings.services import create_plan

    short = ArtistFactory(display_name="Sam Okafor", hours={d: [(time(9), time(12, 30))] for d in range(7)})
    plan = create_plan(client=eligible_client, artist=short, treatment_type="crown")
    with pytest.raises(InvalidBookingTime) as refused:
        schedule_session(plan_id=plan.pk, number=1, start=london(*TUE, 10, 0))
    assert refused.value.message == "A 3-hour session at 10:00 would end at 13:00, after Sam Okafor's hours (12:30)."
    with pytest.raises(InvalidBookingTime) as outside:
        schedule_session(plan_id=plan.pk, number=1, start=london(*TUE, 13, 0))
    assert outside.value.message == "13:00 on Tuesday 1 December is outside Sam Okafor's working hours (09:00–12:30)."


def test_staff_booking_any_artist_hears_about_each(frozen, artist, details):
    other = ArtistFactory(display_name="Priya Shah", hours={d: [(time(13), time(18))] for d in range(7)})
    AppointmentFactory(artist=artist, start=london(*TUE, 10, 0), client__full_name="Ann Lee")
    with pytest.raises(SlotUnavailable) as refused:
        staff_books(details, london(*TUE, 10, 0))
    message = refused.value.message
    assert message.startswith("No artist can take it then. ")
    assert "Sam Okafor already has Free consultation with A. Lee 10:00–10:30." in message
    assert "10:00 on Tuesday 1 December is outside Priya Shah's working hours (13:00–18:00)." in message
    assert other.pk


def test_a_closed_day_says_so(frozen, artist, details):
    with pytest.raises(InvalidBookingTime) as refused:
        staff_books(details, london(2026, 12, 25, 10, 0), artist)
    assert refused.value.message.startswith("The clinic is closed on Friday 25 December")
