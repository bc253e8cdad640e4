"""The clinic's patch-test rule for session 1 (BookingPolicy): refused with the reason, or overridden on record."""

from datetime import date, time

import pytest

from bookings.errors import OutsideSpacingRules, PatchTestNotClear
from bookings.models import Appointment
from bookings.selectors import propose_session_dates, session_one_from
from bookings.services import create_plan, reschedule_session, schedule_session
from bookings.services.patch_tests import check_patch_test
from clients.models import PatchTest
from tests.bookings.factories import ArtistFactory
from tests.helpers import london

pytestmark = pytest.mark.django_db

WEEKDAYS = {d: [(time(9), time(18))] for d in range(6)}


@pytest.fixture
def plan(consultation, policy, session_services, spacing, eligible_client):
    artist = ArtistFactory(hours=WEEKDAYS)
    return create_plan(client=eligible_client, artist=artist, treatment_type="crown")


@pytest.fixture
def required(policy):
    policy.patch_test_required, policy.patch_test_min_days = True, 7
    policy.save()
    return policy


def patch_test(client, done_on: date, result="no_reaction"):
    reviewed = None if result == "pending" else done_on
    return PatchTest.objects.create(
        client=client,
        done_on=done_on,
        site="Behind the left ear",
        pigment="Shade 3",
        result=result,
        reviewed_on=reviewed,
    )


def test_not_required_means_no_check(frozen, plan, policy):
    assert policy.patch_test_required is False  # the default
    done = schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0)).appointment
    assert done.patch_test_override_reason == ""


@pytest.mark.parametrize(
    ("result", "message"),
    [
        (None, "requires a patch test at least 7 days before session 1; none is recorded"),
        ("pending", "patch test of 20 November 2026 has not been reviewed yet"),
        ("reaction", "patch test of 20 November 2026 showed a reaction"),
    ],
)
def test_session_one_needs_a_clear_patch_test(frozen, plan, required, result, message):
    if result:
        patch_test(plan.client, date(2026, 11, 20), result)
    with pytest.raises(PatchTestNotClear, match=message + r".*give a reason to override"):
        schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0))
    assert not Appointment.objects.filter(plan=plan).exists()


def test_too_early_is_refused_with_the_reason(frozen, plan, required):
    patch_test(plan.client, date(2026, 11, 27))
    with pytest.raises(
        PatchTestNotClear,
        match=r"at least 7 days after the patch test of 27 November 2026 \(from 4 December 2026\); this would be 4 days",
    ):
        schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0))
    done = schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 4, 9, 0)).appointment  # day 7: fine
    assert done.patch_test_override_reason == ""


def test_an_override_with_a_reason_is_recorded(frozen, plan, required):
    patch_test(plan.client, date(2026, 11, 27))
    with pytest.raises(PatchTestNotClear):
        schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0), override_reason="  ")
    done = schedule_session(
        plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0), override_reason="Tested at another clinic in May"
    ).appointment
    assert done.patch_test_override_reason == "Tested at another clinic in May"
    assert done.spacing_override_reason == ""  # the spacing rules were kept


def test_later_sessions_are_not_checked(frozen, plan, required):
    patch_test(plan.client, date(2026, 11, 20))
    schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0))
    PatchTest.objects.update(result="reaction")  # what matters is session 1
    schedule_session(plan_id=plan.pk, number=2, start=london(2026, 12, 10, 9, 0))


def test_moving_session_one_is_checked_again(frozen, plan, required):
    patch_test(plan.client, date(2026, 11, 25))
    first = schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 3, 9, 0)).appointment
    with pytest.raises(PatchTestNotClear, match="this would be 6 days"):
        reschedule_session(appointment_id=first.pk, start=london(2026, 12, 1, 9, 0))
    PatchTest.objects.update(result="pending", reviewed_on=None)
    with pytest.raises(PatchTestNotClear, match="Please call the clinic"):  # the client, online: no override
        reschedule_session(appointment_id=first.pk, start=london(2026, 12, 4, 9, 0), online=True)
    moved = reschedule_session(
        appointment_id=first.pk, start=london(2026, 12, 4, 9, 0), override_reason="Reviewed by phone, no reaction"
    ).appointment
    assert moved.patch_test_override_reason == "Reviewed by phone, no reaction"


def test_the_latest_patch_test_decides(frozen, plan, required):
    patch_test(plan.client, date(2026, 11, 1))
    patch_test(plan.client, date(2026, 11, 20), "reaction")
    with pytest.raises(PatchTestNotClear, match="showed a reaction"):
        schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0))


def test_days_are_clinic_days_across_the_october_clock_change(plan, required):
    """Done on 22 October (BST); the clocks go back on the 25th. 28 October 23:30 GMT is 7 days and 30 minutes
    after midnight BST of the 22nd, but only the 6th clinic day: refused. 29 October 00:30 is the 7th: allowed."""
    patch_test(plan.client, date(2026, 10, 22))
    with pytest.raises(PatchTestNotClear, match="this would be 6 days"):
        check_patch_test(client_id=plan.client_id, start=london(2026, 10, 28, 23, 30), policy=required)
    check_patch_test(client_id=plan.client_id, start=london(2026, 10, 29, 0, 30), policy=required)
    # and in spring the other way: 29 March (BST from 01:00) is the 7th day after 22 March (GMT)
    PatchTest.objects.update(done_on=date(2026, 3, 22), reviewed_on=date(2026, 3, 22))
    check_patch_test(client_id=plan.client_id, start=london(2026, 3, 29, 0, 30), policy=required)
    with pytest.raises(PatchTestNotClear, match="this would be 6 days"):
        check_patch_test(client_id=plan.client_id, start=london(2026, 3, 28, 23, 30), policy=required)


def test_proposals_wait_for_the_patch_test(frozen, plan, required):
    patch_test(plan.client, date(2026, 11, 29))
    assert session_one_from(client_id=plan.client_id) == date(2026, 12, 6)
    first = propose_session_dates(plan=plan)[0]
    assert first.number == 1 and first.earliest == date(2026, 12, 6)
    assert first.slot.start >= london(2026, 12, 7, 9, 0)  # the 6th is a Sunday: the artist's next working day


def test_the_error_is_an_overridable_booking_error():
    assert not issubclass(PatchTestNotClear, OutsideSpacingRules)  # its own rule, its own override column
