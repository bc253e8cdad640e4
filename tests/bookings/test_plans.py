"""Treatment plans: eligibility gate, spacing rules, proposals, outcomes and the completion hook."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bookings.errors import InvalidBookingTime, NotChangeable, OutsideSpacingRules, PlanNotSchedulable, SlotUnavailable
from bookings.hooks import plan_completed
from bookings.models import Appointment, TimeOff, TreatmentPlan
from bookings.selectors import propose_session_dates
from bookings.services import (
    add_session_note,
    add_time_off,
    create_plan,
    record_outcome,
    reschedule_session,
    schedule_session,
)
from tests.bookings.factories import AppointmentFactory, ArtistFactory
from tests.clients.factories import ClientFactory
from tests.helpers import LONDON, london

pytestmark = pytest.mark.django_db

WEEKDAYS = {d: [(time(9), time(18))] for d in range(6)}  # Monday-Saturday


@pytest.fixture
def artist(consultation, policy, session_services, spacing):
    return ArtistFactory(buffer_minutes=15, hours=WEEKDAYS)


@pytest.fixture
def plan(artist, eligible_client):
    return create_plan(client=eligible_client, artist=artist, treatment_type="full_head")


def schedule_all(plan, starts):
    return [schedule_session(plan_id=plan.pk, number=n, start=s).appointment for n, s in enumerate(starts, 1)]


def test_four_sessions_need_a_reason(artist, eligible_client):
    with pytest.raises(ValidationError, match="A plan has 3 sessions, or 4 with the reason for the 4th written down"):
        create_plan(client=eligible_client, artist=artist, treatment_type="alopecia", session_count=4)
    plan = create_plan(
        client=eligible_client,
        artist=artist,
        treatment_type="alopecia",
        session_count=4,
        fourth_session_reason="Alopecia: extra layer",
    )
    assert plan.session_count == 4
    with pytest.raises(IntegrityError), transaction.atomic():
        TreatmentPlan.objects.filter(pk=plan.pk).update(fourth_session_reason="")


def test_sessions_use_their_own_durations(frozen, plan):
    first, second = schedule_all(plan, [london(2026, 12, 1, 9, 0), london(2026, 12, 11, 9, 0)])
    assert first.end - first.start == timedelta(hours=3)
    assert second.end - second.start == timedelta(hours=2, minutes=30)
    assert first.blocked_until - first.end == timedelta(minutes=30)


def test_no_scheduling_without_eligibility(frozen, artist):
    plan = create_plan(client=ClientFactory(), artist=artist, treatment_type="crown")
    with pytest.raises(PlanNotSchedulable, match="No screening"):
        schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0))
    assert not Appointment.objects.exists()


class TestSpacing:
    def test_too_close_is_refused_with_a_clear_message(self, frozen, plan):
        schedule_all(plan, [london(2026, 12, 1, 9, 0)])
        with pytest.raises(OutsideSpacingRules, match=r"at least 7 days after session 1.*this would be 4 days"):
            schedule_session(plan_id=plan.pk, number=2, start=london(2026, 12, 5, 9, 0))

    def test_override_with_a_reason_is_recorded(self, frozen, plan):
        schedule_all(plan, [london(2026, 12, 1, 9, 0)])
        done = schedule_session(
            plan_id=plan.pk, number=2, start=london(2026, 12, 5, 9, 0), override_reason="Client flies abroad"
        )
        assert done.appointment.spacing_override_reason == "Client flies abroad"

    def test_second_to_third_needs_fourteen_days(self, frozen, plan):
        schedule_all(plan, [london(2026, 12, 1, 9, 0), london(2026, 12, 11, 9, 0)])
        with pytest.raises(OutsideSpacingRules, match="at least 14 days"):
            schedule_session(plan_id=plan.pk, number=3, start=london(2026, 12, 21, 9, 0))
        schedule_session(plan_id=plan.pk, number=3, start=london(2026, 12, 28, 9, 0))

    def test_sessions_go_in_order(self, frozen, plan):
        with pytest.raises(OutsideSpacingRules, match="Schedule session 1 before session 2"):
            schedule_session(plan_id=plan.pk, number=2, start=london(2026, 12, 11, 9, 0))

    def test_long_gap_warns(self, frozen, plan):
        schedule_all(plan, [london(2026, 12, 1, 9, 0)])
        done = schedule_session(plan_id=plan.pk, number=2, start=london(2027, 2, 2, 9, 0))
        assert "63 days apart" in done.warnings[0]

    def test_moving_session_one_later_respects_session_two(self, frozen, plan):
        first, _ = schedule_all(plan, [london(2026, 12, 1, 9, 0), london(2026, 12, 11, 9, 0)])
        with pytest.raises(OutsideSpacingRules, match="Session 2 must be at least 7 days"):
            reschedule_session(appointment_id=first.pk, start=london(2026, 12, 7, 9, 0))

    def test_days_are_counted_in_clinic_dates_across_the_clock_change(self, time_machine, plan):
        # The clocks go back on 25 Oct: gaps are counted in clinic calendar days, not 24-hour blocks.
        time_machine.move_to(london(2026, 10, 1, 8, 0), tick=False)
        plan.artist.working_hours.update(start_time=time(0, 0), end_time=time(23, 59))
        plan.artist.working_hours.create(weekday=6, start_time=time(0, 0), end_time=time(23, 59))
        schedule_all(plan, [london(2026, 10, 24, 9, 0)])
        with pytest.raises(OutsideSpacingRules, match="6 days"):
            schedule_session(plan_id=plan.pk, number=2, start=london(2026, 10, 30, 21, 0))
        done = schedule_session(plan_id=plan.pk, number=2, start=london(2026, 10, 31, 9, 0))
        assert done.appointment.start.astimezone(LONDON).date() == date(2026, 10, 31)


def test_availability_and_the_database_guard_sessions_too(frozen, plan, artist):
    AppointmentFactory(artist=artist, start=london(2026, 12, 1, 10, 0))
    with pytest.raises(SlotUnavailable):
        schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0))
    with pytest.raises(InvalidBookingTime, match="doesn't work on Sundays"):
        schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 6, 9, 0))


def test_staff_may_schedule_within_the_notice_period(frozen, plan, policy):
    start = london(2026, 11, 30, 9, 0)  # in an hour, inside the 2-hour notice an online booking needs
    assert policy.min_notice_minutes > 60
    scheduled = schedule_session(plan_id=plan.pk, number=1, start=start)
    session = scheduled.appointment
    assert (session.plan_id, session.session_number, session.start) == (plan.pk, 1, start)
    assert session.status == Appointment.Status.BOOKED
    assert list(plan.sessions.all()) == [session]


class TestProposals:
    def test_proposes_earliest_slots_with_recommended_gaps(self, frozen, plan):
        proposals = propose_session_dates(plan=plan)
        starts = [p.slot.start.astimezone(LONDON) for p in proposals]
        assert [p.number for p in proposals] == [1, 2, 3]
        assert starts[0] == london(2026, 12, 1, 9, 0)  # tomorrow's first slot
        assert (starts[1].date() - starts[0].date()).days == 10
        assert (starts[2].date() - starts[1].date()).days == 28
        for proposal in proposals:  # and every proposal can be accepted as is
            schedule_session(plan_id=plan.pk, number=proposal.number, start=proposal.slot.start)
        assert plan.sessions.count() == 3

    def test_time_off_and_bookings_in_the_way_push_proposals_later(self, frozen, plan, artist):
        TimeOff.objects.create(artist=artist, start=london(2026, 12, 1, 0, 0), end=london(2026, 12, 3, 0, 0))
        AppointmentFactory(artist=artist, start=london(2026, 12, 3, 10, 0))
        first = propose_session_dates(plan=plan)[0].slot.start.astimezone(LONDON)
        assert first == london(2026, 12, 3, 10, 30)  # right after the 10:00-10:30 consultation

    def test_only_remaining_sessions_are_proposed(self, frozen, plan):
        schedule_all(plan, [london(2026, 12, 1, 9, 0)])
        proposals = propose_session_dates(plan=plan)
        assert [p.number for p in proposals] == [2, 3]
        assert proposals[0].slot.start.astimezone(LONDON).date() == date(2026, 12, 11)

    def test_query_count_does_not_depend_on_calendar_size(self, frozen, plan, artist, django_assert_max_num_queries):
        with django_assert_max_num_queries(25) as empty:
            quiet = propose_session_dates(plan=plan)
        for day in range(1, 25):
            AppointmentFactory(artist=artist, start=london(2026, 12, day, 17, 0))
        with django_assert_max_num_queries(25) as busy:
            proposals = propose_session_dates(plan=plan)
        assert len(busy.captured_queries) == len(empty.captured_queries)
        assert [p.number for p in proposals] == [1, 2, 3]
        # the 17:00 bookings leave the mornings free: the same days are proposed as on an empty calendar
        assert [p.slot.start for p in proposals] == [p.slot.start for p in quiet]


class TestOutcomesAndHook:
    def test_completing_the_final_session_completes_the_plan_and_fires_once(
        self, time_machine, plan, django_capture_on_commit_callbacks
    ):
        time_machine.move_to(london(2026, 11, 30, 8, 0), tick=False)
        sessions = schedule_all(plan, [london(2026, 12, 1, 9, 0), london(2026, 12, 11, 9, 0), london(2027, 1, 8, 9, 0)])
        fired = []
        receiver = lambda sender, plan_id, **kw: fired.append(plan_id)  # noqa: E731
        plan_completed.connect(receiver)
        try:
            time_machine.move_to(london(2027, 1, 8, 13, 0), tick=False)
            with django_capture_on_commit_callbacks(execute=True):
                for s in sessions[:2]:
                    record_outcome(appointment_id=s.pk, outcome="completed")
            assert fired == []
            with django_capture_on_commit_callbacks(execute=True):
                record_outcome(appointment_id=sessions[2].pk, outcome="completed")
            with pytest.raises(NotChangeable), django_capture_on_commit_callbacks(execute=True):
                record_outcome(appointment_id=sessions[2].pk, outcome="completed")
        finally:
            plan_completed.disconnect(receiver)
        assert fired == [plan.pk]
        plan.refresh_from_db()
        assert plan.status == TreatmentPlan.Status.COMPLETED and plan.completed_at is not None

    def test_future_sessions_cannot_be_completed(self, frozen, plan):
        (first,) = schedule_all(plan, [london(2026, 12, 1, 9, 0)])
        with pytest.raises(NotChangeable, match="once it has started"):
            record_outcome(appointment_id=first.pk, outcome="completed")
        record_outcome(appointment_id=first.pk, outcome="cancelled")
        # a cancelled session can be scheduled again
        schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 2, 9, 0))

    def test_consultation_no_shows_are_counted(self, time_machine, consultation):
        from clients.selectors import search_clients

        time_machine.move_to(london(2026, 12, 5, 8, 0), tick=False)
        a = AppointmentFactory(start=london(2026, 12, 1, 10, 0))
        record_outcome(appointment_id=a.pk, outcome="no_show")
        assert search_clients(query=a.client.email).get().no_shows == 1

    def test_session_notes(self, frozen, plan, admin_user):
        (first,) = schedule_all(plan, [london(2026, 12, 1, 9, 0)])
        note = add_session_note(appointment=first, author=admin_user, pigment_shade="Dark 2", needle="3RL 0.25")
        assert note.pigment_shade == "Dark 2"
        with pytest.raises(ValidationError):
            add_session_note(appointment=first, author=admin_user, notes="   ")


def test_time_off_lists_clashing_appointments(frozen, plan, artist):
    (first,) = schedule_all(plan, [london(2026, 12, 1, 9, 0)])
    _, clashes = add_time_off(artist=artist, start=london(2026, 12, 1, 0, 0), end=london(2026, 12, 2, 0, 0))
    assert clashes == [first]
    first.refresh_from_db()
    assert first.status == Appointment.Status.BOOKED  # listed for rescheduling, not dropped


def test_proposals_across_the_autumn_clock_change_stay_at_local_opening_time(time_machine, plan):
    time_machine.move_to(london(2026, 10, 12, 8, 0), tick=False)  # Monday, BST
    proposals = propose_session_dates(plan=plan)
    first, second = (p.slot.start.astimezone(LONDON) for p in proposals[:2])
    assert (first.date(), first.hour, first.utcoffset()) == (date(2026, 10, 13), 9, timedelta(hours=1))
    assert (second.date(), second.hour, second.utcoffset()) == (date(2026, 10, 23), 9, timedelta(hours=1))
    third = proposals[2].slot.start.astimezone(LONDON)
    assert (third.date(), third.hour, third.utcoffset()) == (date(2026, 11, 20), 9, timedelta(0))  # GMT by then


def test_staff_cancelling_a_consultation_emails_the_client(frozen, consultation, django_capture_on_commit_callbacks):
    from django.core import mail

    visit = AppointmentFactory(start=london(2026, 12, 1, 10, 0))
    with django_capture_on_commit_callbacks(execute=True):
        record_outcome(appointment_id=visit.pk, outcome="cancelled")
    assert "cancelled" in mail.outbox[-1].subject


class TestReviewFixes:
    def test_a_missed_session_can_be_booked_again_before_the_next(self, time_machine, plan):
        time_machine.move_to(london(2026, 11, 30, 8, 0), tick=False)
        first, _second = schedule_all(plan, [london(2026, 12, 1, 9, 0), london(2026, 12, 21, 9, 0)])
        time_machine.move_to(london(2026, 12, 1, 13, 0), tick=False)
        record_outcome(appointment_id=first.pk, outcome="no_show")
        proposal = propose_session_dates(plan=plan)[0]
        assert proposal.number == 1
        assert proposal.slot.start.astimezone(LONDON).date() <= date(2026, 12, 14)  # 7 days before session 2
        again = schedule_session(plan_id=plan.pk, number=1, start=proposal.slot.start).appointment
        assert again.pk != first.pk

    def test_order_cannot_be_overridden(self, frozen, plan):
        first, _ = schedule_all(plan, [london(2026, 12, 1, 9, 0), london(2026, 12, 11, 9, 0)])
        with pytest.raises(OutsideSpacingRules, match="later day than session 1"):
            reschedule_session(appointment_id=_.pk, start=london(2026, 11, 30, 10, 0), override_reason="because")
        with pytest.raises(OutsideSpacingRules, match="no reason can override"):
            reschedule_session(appointment_id=first.pk, start=london(2026, 12, 12, 9, 0), override_reason="because")

    def test_the_plan_completes_only_when_every_session_is_done(self, time_machine, plan):
        time_machine.move_to(london(2026, 11, 30, 8, 0), tick=False)
        first, second, third = schedule_all(
            plan, [london(2026, 12, 1, 9, 0), london(2026, 12, 11, 9, 0), london(2027, 1, 8, 9, 0)]
        )
        time_machine.move_to(london(2027, 1, 8, 13, 0), tick=False)
        record_outcome(appointment_id=first.pk, outcome="no_show")
        record_outcome(appointment_id=second.pk, outcome="completed")
        record_outcome(appointment_id=third.pk, outcome="completed")
        plan.refresh_from_db()
        assert plan.status == TreatmentPlan.Status.ACTIVE  # session 1 still to be done

    def test_staff_can_move_a_session_inside_the_notice_period(self, time_machine, plan):
        time_machine.move_to(london(2026, 11, 30, 8, 0), tick=False)
        (first,) = schedule_all(plan, [london(2026, 12, 1, 9, 0)])
        time_machine.move_to(london(2026, 12, 1, 8, 0), tick=False)
        with pytest.raises(NotChangeable, match="starts in less than"):
            reschedule_session(appointment_id=first.pk, start=london(2026, 12, 2, 9, 0), online=True)
        reschedule_session(appointment_id=first.pk, start=london(2026, 12, 2, 9, 0))
