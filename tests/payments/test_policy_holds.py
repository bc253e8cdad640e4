"""Session 1 held while its deposit is unpaid: the hold, its confirmation by paying, its release by the beat task."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection

from bookings.models import Appointment
from bookings.services import schedule_session
from outbox.models import Reminder
from payments.policy.holds import release_unpaid_holds
from payments.policy.models import DepositHold, PolicyDecision
from payments.policy.tasks import release_unpaid_deposit_holds
from tests.helpers import london
from tests.payments.policy_world import accepted_quote, pay_deposit, set_policy

pytestmark = pytest.mark.django_db
SESSION_1 = london(2026, 12, 7, 10, 0)  # Monday next week


@pytest.fixture
def held(frozen, artist, eligible_client, notice_48, django_capture_on_commit_callbacks):
    """Mon 30 Nov 08:00, the deposit needed to confirm: session 1 scheduled, its deposit unpaid."""
    set_policy(deposit_required_to_confirm=True, unpaid_hold_hours=48)
    quote = accepted_quote(eligible_client)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session = schedule_session(plan_id=quote.plan_id, number=1, start=SESSION_1).appointment
    return {"quote": quote, "session": session}


def test_session_1_booked_with_the_deposit_unpaid_is_held_and_the_e_mail_says_until_when(held):
    hold = DepositHold.objects.get(appointment=held["session"])
    assert hold.until == london(2026, 12, 2, 8, 0) and hold.is_open
    (message,) = mail.outbox
    assert message.subject.startswith("Your SMP session 1 is booked")
    assert "held for you until Wednesday 2 December 2026 at 08:00 (UK time)" in message.body
    assert f"pay the deposit of £{held['quote'].deposit:,.2f} to confirm it" in message.body


def test_no_hold_when_the_policy_does_not_ask_for_the_deposit(frozen, artist, eligible_client, notice_48):
    quote = accepted_quote(eligible_client)
    schedule_session(plan_id=quote.plan_id, number=1, start=SESSION_1)
    assert not DepositHold.objects.exists()


def test_no_hold_when_the_deposit_is_already_paid(frozen, artist, eligible_client, notice_48):
    set_policy(deposit_required_to_confirm=True)
    quote = accepted_quote(eligible_client)
    pay_deposit(quote)
    schedule_session(plan_id=quote.plan_id, number=1, start=SESSION_1)
    assert not DepositHold.objects.exists()


def test_a_hold_ends_in_time_for_the_slot_to_be_booked_online(frozen, artist, eligible_client, notice_48, policy):
    set_policy(deposit_required_to_confirm=True, unpaid_hold_hours=48)
    quote = accepted_quote(eligible_client)
    start = london(2026, 12, 1, 10, 0)  # 26 h ahead: held until the minimum notice (120 min) before it
    session = schedule_session(plan_id=quote.plan_id, number=1, start=start).appointment
    assert DepositHold.objects.get(appointment=session).until == start - timedelta(minutes=policy.min_notice_minutes)


def test_paying_the_deposit_confirms_the_session_and_says_so(held, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pay_deposit(held["quote"])
    hold = DepositHold.objects.get()
    assert hold.confirmed_at is not None and hold.released_at is None
    (message,) = [m for m in mail.outbox if "confirmed" in m.subject]
    assert message.subject == "Your SMP session 1 is confirmed"
    assert "we have received your deposit" in message.body and "Monday 7 December 2026 at 10:00" in message.body


def test_a_part_payment_does_not_confirm_it(held):
    pay_deposit(held["quote"], amount=held["quote"].deposit - 1)
    assert DepositHold.objects.get().is_open


def test_an_unpaid_hold_is_released_after_its_hours_once_however_often_the_task_runs(
    held, frozen, django_capture_on_commit_callbacks
):
    frozen.move_to(london(2026, 12, 2, 7, 59))
    assert release_unpaid_deposit_holds() == 0  # not yet
    frozen.move_to(london(2026, 12, 2, 8, 1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert release_unpaid_deposit_holds() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert release_unpaid_deposit_holds() == 0
    session = Appointment.objects.get(pk=held["session"].pk)
    assert session.status == Appointment.Status.CANCELLED  # the slot is free again
    assert DepositHold.objects.get().released_at is not None
    (message,) = mail.outbox
    assert message.subject.startswith("Your SMP session 1 has been cancelled")
    assert "We released this session because its deposit" in message.body
    assert "was not paid by Wednesday 2 December 2026 at 08:00" in message.body
    assert not PolicyDecision.objects.exists()  # a release is not a late cancellation
    assert Reminder.objects.filter(kind="deposit_hold_confirmed").count() == 0


def test_a_deposit_paid_after_the_release_confirms_nothing(held, frozen):
    frozen.move_to(london(2026, 12, 2, 9, 0))
    release_unpaid_holds()
    pay_deposit(held["quote"])
    hold = DepositHold.objects.get()
    assert hold.released_at is not None and hold.confirmed_at is None


def test_a_held_session_cancelled_by_staff_costs_nothing_and_the_task_just_closes_the_hold(held, frozen):
    from bookings.services import cancel_appointment

    frozen.move_to(london(2026, 12, 1, 9, 0))
    cancel_appointment(appointment_id=held["session"].pk, online=False)
    assert not PolicyDecision.objects.exists()
    frozen.move_to(london(2026, 12, 2, 9, 0))
    assert release_unpaid_holds() == 1
    assert DepositHold.objects.get().released_at is not None


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_a_payment_racing_the_release_either_confirms_or_finds_it_released(
    time_machine, artist, eligible_client, attempt
):
    from bookings.models import BookingPolicy

    BookingPolicy.objects.update_or_create(pk=1, defaults={"change_notice_hours": 48})
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=False)
    set_policy(deposit_required_to_confirm=True, unpaid_hold_hours=48)
    quote = accepted_quote(eligible_client)
    schedule_session(plan_id=quote.plan_id, number=1, start=SESSION_1)
    time_machine.move_to(london(2026, 12, 2, 8, 0, 30), tick=True)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(work):
        try:
            barrier.wait(timeout=30)
            work()
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(release_unpaid_holds,)),
        threading.Thread(target=run, args=(lambda: pay_deposit(quote),)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    hold = DepositHold.objects.get()
    session = Appointment.objects.get(pk=hold.appointment_id)
    assert (hold.confirmed_at is None) != (hold.released_at is None)  # exactly one of the two
    if hold.confirmed_at:
        assert session.status == Appointment.Status.BOOKED
        assert Reminder.objects.filter(kind="deposit_hold_confirmed").count() == 1
    else:
        assert session.status == Appointment.Status.CANCELLED
        assert Reminder.objects.filter(kind="deposit_hold_confirmed").count() == 0
