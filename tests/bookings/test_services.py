"""Booking, cancelling and moving consultations, and what the database refuses on its own."""

import threading
from datetime import time, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction

from bookings.errors import InvalidBookingTime, NotChangeable, SlotUnavailable
from bookings.models import Appointment, TimeOff
from bookings.services import book_consultation, cancel_appointment, reschedule_appointment
from clients.models import Client
from clients.services import ClientDetails
from tests.bookings.factories import AppointmentFactory, ArtistFactory
from tests.helpers import london

pytestmark = pytest.mark.django_db

TUE_10 = london(2026, 12, 1, 10, 0)


@pytest.fixture
def artist(consultation, policy):
    return ArtistFactory(buffer_minutes=0, hours={d: [(time(9), time(17))] for d in range(7)})


def test_booking_creates_appointment_client_and_sends_confirmation(
    frozen, artist, details, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book_consultation(start=TUE_10, client_details=details)
    assert appointment.artist == artist
    assert appointment.end - appointment.start == timedelta(minutes=30)
    assert appointment.blocked_until - appointment.end == timedelta(minutes=15)
    assert appointment.client.email == "alex@example.com"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alex@example.com"]


def test_nothing_is_queued_until_commit(frozen, artist, details, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        book_consultation(start=TUE_10, client_details=details)
    # The e-mail hand-off, besides the availability cache's version change (bookings.availability_cache).
    assert len([c for c in callbacks if getattr(c, "__name__", "") != "_new_version"]) == 1
    assert mail.outbox == []


def test_returning_client_is_found_by_email_in_any_case(frozen, artist, details):
    book_consultation(start=TUE_10, client_details=details)
    again = ClientDetails(full_name="A. Morgan", email="ALEX@Example.com", phone="+447912345678", concern="scar")
    second = book_consultation(start=TUE_10 + timedelta(hours=2), client_details=again)
    assert Client.objects.count() == 1
    # What a public form types never rewrites the record (anyone can type anyone's e-mail address)...
    assert second.client.phone == "+447911123456"
    assert second.client.full_name == "Alex Morgan"
    assert second.client.concern == "crown"
    assert second.client.contact_consent is True  # consent is not withdrawn by omission
    # ...it is kept on the booking for staff to check.
    assert (second.booked_name, second.booked_phone) == ("A. Morgan", "+447912345678")
    assert second.booked_differently


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (london(2026, 11, 30, 7, 0), "in the past"),
        (london(2026, 11, 30, 9, 0), "notice"),
        (london(2027, 3, 1, 10, 0), "days ahead"),
        (london(2026, 12, 1, 10, 5), "grid"),
        (london(2026, 12, 1, 7, 0), "working hours"),
        (
            london(2026, 12, 1, 16, 45),
            r"A 30-minute consultation at 16:45 would end at 17:15, after .*'s hours \(17:00\)",
        ),
    ],
)
def test_invalid_times_are_refused_with_a_reason_and_nothing_is_stored(frozen, artist, details, start, message):
    with pytest.raises(InvalidBookingTime, match=message):
        book_consultation(start=start, client_details=details)
    assert Appointment.objects.count() == 0
    assert Client.objects.count() == 0


def test_naive_datetimes_are_refused(frozen, artist, details):
    with pytest.raises(InvalidBookingTime, match="UTC offset"):
        book_consultation(start=TUE_10.replace(tzinfo=None), client_details=details)


def test_taken_slot_is_refused_and_any_artist_falls_back_to_another(frozen, artist, details):
    other = ArtistFactory(buffer_minutes=0)
    AppointmentFactory(artist=artist, start=TUE_10)
    with pytest.raises(SlotUnavailable):
        book_consultation(start=TUE_10, artist_id=artist.pk, client_details=details)
    assert book_consultation(start=TUE_10, client_details=details).artist == other


def test_time_off_makes_a_slot_unavailable(frozen, artist, details):
    TimeOff.objects.create(artist=artist, start=TUE_10, end=TUE_10 + timedelta(hours=1))
    with pytest.raises(SlotUnavailable):
        book_consultation(start=TUE_10, client_details=details)


class TestDatabaseConstraint:
    """The exclusion constraint alone, bypassing every Python check."""

    def test_overlap_with_buffer_is_refused_by_postgres(self, artist, consultation):
        AppointmentFactory(artist=artist, start=TUE_10, blocked_until=TUE_10 + timedelta(minutes=45))
        with pytest.raises(IntegrityError, match="bookings_appt_no_overlap"), transaction.atomic():
            AppointmentFactory(artist=artist, start=TUE_10 + timedelta(minutes=40))

    def test_back_to_back_other_artist_and_cancelled_rows_are_allowed(self, artist, consultation):
        AppointmentFactory(artist=artist, start=TUE_10, blocked_until=TUE_10 + timedelta(minutes=45))
        AppointmentFactory(artist=artist, start=TUE_10 + timedelta(minutes=45))
        AppointmentFactory(artist=ArtistFactory(), start=TUE_10)
        AppointmentFactory(artist=artist, start=TUE_10, status=Appointment.Status.CANCELLED, cancelled_at=TUE_10)
        assert Appointment.objects.count() == 4

    def test_reactivating_a_cancelled_overlap_is_refused(self, artist, consultation):
        AppointmentFactory(artist=artist, start=TUE_10)
        ghost = AppointmentFactory(
            artist=artist, start=TUE_10, status=Appointment.Status.CANCELLED, cancelled_at=TUE_10
        )
        ghost.status, ghost.cancelled_at = Appointment.Status.BOOKED, None
        with pytest.raises(IntegrityError), transaction.atomic():
            ghost.save()

    def test_end_must_follow_start(self, artist, consultation):
        with pytest.raises(IntegrityError, match="bookings_appt_start_before_end"), transaction.atomic():
            AppointmentFactory(artist=artist, start=TUE_10, end=TUE_10, blocked_until=TUE_10)


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_bookings_of_one_slot_exactly_one_wins(time_machine, consultation, policy):
    """Separate threads, separate connections, released together at a barrier."""
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=True)
    artist = ArtistFactory(hours={d: [(time(9), time(17))] for d in range(7)})
    attempts = 20
    barrier = threading.Barrier(attempts)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(n: int) -> None:
        details = ClientDetails(full_name=f"Racer {n}", email=f"racer{n}@example.com", phone="+447911123456")
        try:
            barrier.wait(timeout=30)
            book_consultation(start=TUE_10, artist_id=artist.pk, client_details=details)
            result = "booked"
        except SlotUnavailable:
            result = "taken"
        except Exception as error:
            result = f"error: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["booked"] + ["taken"] * (attempts - 1)
    assert Appointment.objects.filter(artist=artist).count() == 1
    # Losers leave nothing behind: only the winner's client exists.
    assert Client.objects.count() == 1


def test_cancel_frees_the_slot_and_emails(frozen, artist, details, django_capture_on_commit_callbacks):
    appointment = book_consultation(start=TUE_10, client_details=details)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_appointment(appointment_id=appointment.pk)
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    assert appointment.cancelled_at is not None
    assert appointment.sequence == 1
    assert "cancelled" in mail.outbox[-1].subject
    book_consultation(start=TUE_10, client_details=details)  # free again


def test_cancel_twice_or_after_start_is_refused(time_machine, artist, details):
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=False)
    appointment = book_consultation(start=TUE_10, client_details=details)
    cancel_appointment(appointment_id=appointment.pk)
    with pytest.raises(NotChangeable, match="already been cancelled"):
        cancel_appointment(appointment_id=appointment.pk)
    later = book_consultation(start=TUE_10 + timedelta(hours=1), client_details=details)
    time_machine.move_to(TUE_10 + timedelta(hours=1, minutes=5), tick=False)
    with pytest.raises(NotChangeable, match="already started"):
        cancel_appointment(appointment_id=later.pk)


def test_reschedule_moves_keeps_artist_and_bumps_sequence(frozen, artist, details, django_capture_on_commit_callbacks):
    appointment = book_consultation(start=TUE_10, client_details=details)
    with django_capture_on_commit_callbacks(execute=True):
        moved = reschedule_appointment(appointment_id=appointment.pk, start=TUE_10 + timedelta(minutes=15))
    assert moved.start == TUE_10 + timedelta(minutes=15)  # overlapping its own old time is fine
    assert moved.artist == artist
    assert moved.sequence == 1
    assert "moved" in mail.outbox[-1].subject


def test_reschedule_into_a_taken_slot_changes_nothing(frozen, artist, details):
    appointment = book_consultation(start=TUE_10, client_details=details)
    AppointmentFactory(artist=artist, start=TUE_10 + timedelta(hours=2))
    with pytest.raises(SlotUnavailable):
        reschedule_appointment(appointment_id=appointment.pk, start=TUE_10 + timedelta(hours=2), artist_id=artist.pk)
    appointment.refresh_from_db()
    assert appointment.start == TUE_10
    assert appointment.sequence == 0


def test_reschedule_to_the_past_is_refused(frozen, artist, details):
    appointment = book_consultation(start=TUE_10, client_details=details)
    with pytest.raises(InvalidBookingTime, match="past"):
        reschedule_appointment(appointment_id=appointment.pk, start=london(2026, 11, 29, 10, 0))


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [((2026, 3, 29), 8), ((2026, 10, 25), 9)],  # the Sundays the clocks go forward and back
)
def test_booking_on_a_clock_change_day_stores_the_right_instant(time_machine, artist, details, day, utc_hour):
    time_machine.move_to(london(2026, day[1], day[2] - 3, 8, 0), tick=False)
    appointment = book_consultation(start=london(*day, 9, 0), client_details=details)
    appointment.refresh_from_db()
    assert (appointment.start.hour, appointment.start.minute) == (utc_hour, 0)
    assert appointment.start.astimezone(london(*day, 0, 0).tzinfo).hour == 9
    assert appointment.end - appointment.start == timedelta(minutes=30)


def test_notice_is_counted_in_real_time_across_the_spring_change(time_machine, artist, details):
    # 00:30 GMT on 29 March; two hours' notice ends at 03:30 BST (02:30 UTC), not 02:30 local.
    time_machine.move_to(london(2026, 3, 29, 0, 30), tick=False)
    artist.working_hours.update(start_time=time(0, 0))
    with pytest.raises(InvalidBookingTime, match="notice"):
        book_consultation(start=london(2026, 3, 29, 3, 15), client_details=details)
    assert book_consultation(start=london(2026, 3, 29, 3, 30), client_details=details).start.hour == 2


def test_moving_to_the_same_time_is_refused(frozen, artist, details):
    appointment = book_consultation(start=TUE_10, client_details=details)
    with pytest.raises(InvalidBookingTime, match="already the time"):
        reschedule_appointment(appointment_id=appointment.pk, start=TUE_10)
