"""Aftercare schedules: generated once on completion, dated in clinic time, with their reminders."""

from datetime import date

import pytest
from django.db import transaction

from aftercare.messages import AftercareMessage
from aftercare.models import AftercareSchedule, AftercareTemplate
from aftercare.selectors import reminders_for_schedule
from aftercare.services.schedules import generate_aftercare_schedule
from bookings.errors import NotChangeable
from outbox.models import Reminder
from tests.helpers import complete, london, schedule_all, utc

pytestmark = pytest.mark.django_db
STARTS = [london(2026, 12, 1, 10, 0), london(2026, 12, 11, 10, 0), london(2027, 1, 8, 10, 0)]


@pytest.fixture
def sessions(frozen, plan):
    return schedule_all(plan, STARTS)


def complete_all(time_machine, sessions, *, at=(13, 30)):
    for s in sessions:
        local = s.start.astimezone(london(2026, 1, 1).tzinfo)
        time_machine.move_to(london(local.year, local.month, local.day, *at), tick=False)
        complete(s)


def test_the_final_session_generates_one_dated_30_day_schedule(time_machine, sessions, plan):
    complete_all(time_machine, sessions)
    final = AftercareSchedule.objects.get(plan=plan, purpose="final")
    assert final.session == sessions[2]
    assert (final.starts_on, final.ends_on, final.top_up_due_on) == (
        date(2027, 1, 8),
        date(2027, 2, 7),
        date(2028, 1, 8),
    )
    steps = {s.title: (s.date, s.end_date) for s in final.steps.all()}
    assert steps["Keep your scalp completely dry"] == (date(2027, 1, 8), date(2027, 1, 12))
    assert steps["First gentle rinse"] == (date(2027, 1, 12), date(2027, 1, 13))
    assert steps["No sun on your scalp"] == (date(2027, 1, 8), date(2027, 2, 7))
    assert steps["Check-in: is a touch-up needed?"] == (date(2027, 2, 7), date(2027, 2, 7))
    assert len(steps) == AftercareTemplate.objects.get(purpose="final").steps.count()


def test_its_reminders_go_out_at_nine_in_the_morning_and_day_0_straight_away(time_machine, sessions, plan):
    complete_all(time_machine, sessions)
    final = AftercareSchedule.objects.get(plan=plan, purpose="final")
    rows = list(reminders_for_schedule(final).order_by("due_at"))
    assert [(r.kind, r.due_at) for r in rows] == [
        (AftercareMessage.STEP, london(2027, 1, 8, 13, 30, 1)),  # day 0, recorded at 13:30: now, not tomorrow
        (AftercareMessage.STEP, london(2027, 1, 12, 9, 0)),  # day 4: first rinse
        (AftercareMessage.STEP, london(2027, 1, 13, 9, 0)),  # day 5: flaking, moisturise
        (AftercareMessage.STEP, london(2027, 1, 18, 9, 0)),  # day 10: normal washing
        (AftercareMessage.STEP, london(2027, 1, 23, 9, 0)),  # day 15: still settling
        (AftercareMessage.CHECK_IN, london(2027, 2, 7, 9, 0)),  # day 30
        (AftercareMessage.TOP_UP, london(2028, 1, 8, 9, 0)),  # 12 months
    ]
    assert all(r.channel == "email" and r.status == "pending" for r in rows)


def test_completing_again_or_generating_again_creates_nothing_more(time_machine, sessions, plan):
    complete_all(time_machine, sessions)
    reminders = Reminder.objects.count()
    with pytest.raises(NotChangeable):
        complete(sessions[2])
    again = generate_aftercare_schedule(session=sessions[2], purpose="final")
    assert again == AftercareSchedule.objects.get(plan=plan, purpose="final")
    assert AftercareSchedule.objects.filter(plan=plan, purpose="final").count() == 1
    assert Reminder.objects.count() == reminders


def test_between_sessions_the_short_template_applies(time_machine, sessions, plan):
    complete_all(time_machine, sessions[:2])
    between = list(AftercareSchedule.objects.filter(plan=plan).order_by("starts_on"))
    assert [(s.purpose, s.session_id, s.top_up_due_on) for s in between] == [
        ("between", sessions[0].pk, None),
        ("between", sessions[1].pk, None),
    ]
    assert between[0].template_name == "Between sessions"
    assert not AftercareSchedule.objects.filter(purpose="final").exists()
    assert not Reminder.objects.filter(kind__in=[AftercareMessage.CHECK_IN, AftercareMessage.TOP_UP]).exists()


def test_a_rolled_back_completion_generates_nothing(time_machine, sessions):
    complete_all(time_machine, sessions[:2])
    time_machine.move_to(london(2027, 1, 8, 14, 0), tick=False)
    with pytest.raises(RuntimeError), transaction.atomic():
        complete(sessions[2])
        raise RuntimeError("the request failed after completing")
    assert not AftercareSchedule.objects.filter(purpose="final").exists()


def test_recorded_the_next_day_there_is_no_day_0_reminder_to_send_late(time_machine, sessions, plan):
    complete_all(time_machine, sessions[:2])
    time_machine.move_to(london(2027, 1, 9, 16, 0), tick=False)
    complete(sessions[2])
    final = AftercareSchedule.objects.get(purpose="final")
    assert final.starts_on == date(2027, 1, 8)  # day 0 is the session's day, not the day it was recorded
    first = reminders_for_schedule(final).order_by("due_at").first()
    assert first.due_at == london(2027, 1, 12, 9, 0)


def test_editing_the_template_later_does_not_change_a_generated_schedule(time_machine, sessions):
    complete_all(time_machine, sessions)
    AftercareTemplate.objects.get(purpose="final").steps.filter(day=4).update(title="Changed")
    assert AftercareSchedule.objects.get(purpose="final").steps.filter(title="First gentle rinse").exists()


def test_morning_reminders_keep_to_nine_oclock_across_the_spring_clock_change(time_machine, frozen, plan):
    time_machine.move_to(london(2027, 2, 1, 8, 0), tick=False)
    sessions = schedule_all(plan, [london(2027, 2, 2, 10, 0), london(2027, 2, 12, 10, 0), london(2027, 3, 20, 10, 0)])
    complete_all(time_machine, sessions)
    final = AftercareSchedule.objects.get(purpose="final")
    due = {r.subject.day: r.due_at for r in reminders_for_schedule(final).exclude(kind=AftercareMessage.TOP_UP)}
    assert due[5] == utc(2027, 3, 25, 9, 0)  # GMT
    assert due[10] == utc(2027, 3, 30, 8, 0)  # BST: still 09:00 on the clinic's clock
    assert due[30] == london(2027, 4, 19, 9, 0)


def test_and_across_the_autumn_one(time_machine, plan):
    time_machine.move_to(london(2026, 9, 1, 8, 0), tick=False)
    sessions = schedule_all(plan, [london(2026, 9, 2, 10, 0), london(2026, 9, 12, 10, 0), london(2026, 10, 20, 10, 0)])
    complete_all(time_machine, sessions)
    final = AftercareSchedule.objects.get(purpose="final")
    due = {r.subject.day: r.due_at for r in reminders_for_schedule(final).exclude(kind=AftercareMessage.TOP_UP)}
    assert due[4] == utc(2026, 10, 24, 8, 0)  # BST
    assert due[10] == utc(2026, 10, 30, 9, 0)  # GMT after 25 October


def test_top_up_interval_is_a_setting(time_machine, sessions, settings):
    settings.TOP_UP_REMINDER_MONTHS = 18
    complete_all(time_machine, sessions)
    assert AftercareSchedule.objects.get(purpose="final").top_up_due_on == date(2028, 7, 8)


def test_sessions_completed_out_of_order_anchor_the_30_days_on_the_last_session(time_machine, sessions, plan):
    """Session 2 recorded late (after session 3): the 30 days still follow session 3, in January."""
    complete_all(time_machine, [sessions[0], sessions[2]])
    third_between = AftercareSchedule.objects.get(session=sessions[2], purpose="between")
    assert reminders_for_schedule(third_between).filter(status="pending").exists()
    time_machine.move_to(london(2027, 1, 9, 9, 30), tick=False)
    complete(sessions[1])
    final = AftercareSchedule.objects.get(plan=plan, purpose="final")
    assert (final.session, final.starts_on) == (sessions[2], date(2027, 1, 8))
    assert set(reminders_for_schedule(third_between).values_list("status", flat=True)) <= {
        "cancelled",
        "sent",
    }
    assert not AftercareSchedule.objects.filter(session=sessions[1]).exists()  # behind session 3 already
