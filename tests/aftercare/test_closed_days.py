"""Aftercare e-mails and the check-in never fall on a day the clinic is closed (no artist works that weekday, or
a closure in the admin: 25-26 December and 1 January by default), and the schedule page's wording."""

from datetime import date, timedelta

import pytest
from django.core import mail

from aftercare.messages import AftercareMessage
from aftercare.selectors import reminders_for_schedule
from aftercare.services.schedules import generate_aftercare_schedule
from bookings.models import ClinicClosure, WorkingHours
from outbox.services.delivery import deliver_reminder
from tests.aftercare.helpers import on_day, public_url, today_titles
from tests.helpers import london, schedule_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_on_sundays(plan):
    WorkingHours.objects.filter(artist=plan.artist, weekday=6).delete()  # the only artist: the clinic shuts


def final_schedule(plan, start):
    (session,) = schedule_all(plan, [start])
    return generate_aftercare_schedule(session=session, purpose="final")


def due_dates(schedule):
    return [(r.kind, r.due_at) for r in reminders_for_schedule(schedule).order_by("due_at", "pk")]


def test_a_reminder_due_at_christmas_goes_on_the_next_open_day_and_names_its_own_date(
    frozen, plan, closed_on_sundays, time_machine
):
    # Day 0 Monday 21 December: day 4 (rinse) is Christmas Day, day 5 (flaking) Boxing Day, then Sunday.
    schedule = final_schedule(plan, london(2026, 12, 21, 10, 0))
    STEP = AftercareMessage.STEP
    assert due_dates(schedule)[:5] == [
        (STEP, london(2026, 12, 21, 9, 0)),  # day 0
        (STEP, london(2026, 12, 28, 9, 0)),  # day 4, Friday 25 December: closed, Saturday too, Sunday no artist
        (STEP, london(2026, 12, 28, 9, 0)),  # day 5, Saturday 26 December
        (STEP, london(2026, 12, 31, 9, 0)),  # day 10
        (STEP, london(2027, 1, 5, 9, 0)),  # day 15
    ]
    rinse = reminders_for_schedule(schedule).filter(kind=STEP).order_by("due_at", "subject_id")[1]
    time_machine.move_to(rinse.due_at, tick=False)
    assert deliver_reminder(reminder_id=rinse.pk) == "sent"
    (message,) = mail.outbox
    assert "Aftercare, days 4–5 (from Friday 25 December): First gentle rinse." in message.body
    step = schedule.steps.get(title="First gentle rinse")
    assert (step.date, step.day) == (date(2026, 12, 25), 4)  # the skin's days stay where they are


def test_a_check_in_on_christmas_day_moves_to_the_next_open_day_on_the_page_and_in_the_e_mail(
    time_machine, plan, closed_on_sundays, client
):
    time_machine.move_to(london(2026, 11, 20, 8, 0), tick=False)
    schedule = final_schedule(plan, london(2026, 11, 25, 10, 0))  # day 30 = Friday 25 December
    check_in = schedule.steps.get(is_check_in=True)
    assert (check_in.date, check_in.day, check_in.last_day) == (date(2026, 12, 28), 33, 33)
    assert schedule.ends_on == date(2026, 12, 28)
    (row,) = reminders_for_schedule(schedule).filter(kind=AftercareMessage.CHECK_IN)
    assert row.due_at == london(2026, 12, 28, 9, 0)
    time_machine.move_to(row.due_at, tick=False)
    plan.client.contact_consent = True
    plan.client.save()
    assert deliver_reminder(reminder_id=row.pk) == "sent"
    assert "It is 33 days since your final session" in mail.outbox[-1].body
    page = client.get(public_url(schedule)).content.decode()
    assert "Today, Monday 28 December: day 33</h2>" in page
    assert "Check-in: is a touch-up needed?" in today_titles(page)


def test_a_dated_closure_from_the_admin_moves_the_check_in_and_so_does_the_top_up(frozen, plan):
    ClinicClosure.objects.create(first_day=date(2027, 1, 20), reason="Training day")
    schedule = final_schedule(plan, london(2026, 12, 21, 10, 0))  # day 30 = Wednesday 20 January
    assert schedule.steps.get(is_check_in=True).date == date(2027, 1, 21)
    ClinicClosure.objects.create(first_day=date(2027, 12, 21), last_day=date(2027, 12, 22))
    again = generate_aftercare_schedule(session=schedule.session, purpose="final")  # the same schedule, unchanged
    assert again == schedule
    schedule.delete()
    moved = generate_aftercare_schedule(session=again.session, purpose="final")
    assert moved.top_up_due_on == date(2027, 12, 21)  # 12 months on, the month named on the page
    (top_up,) = reminders_for_schedule(moved).filter(kind=AftercareMessage.TOP_UP)
    assert top_up.due_at == london(2027, 12, 23, 9, 0)


def test_yearly_closures_may_run_over_new_year():
    closure = ClinicClosure(first_day=date(2026, 12, 28), last_day=date(2027, 1, 2), every_year=True)
    assert [closure.covers(date(2030, 12, d)) for d in (27, 28, 31)] == [False, True, True]
    assert [closure.covers(date(2031, 1, d)) for d in (1, 2, 3)] == [True, True, False]
    assert ClinicClosure(first_day=date(2027, 1, 1)).covers(date(2027, 1, 1))
    assert not ClinicClosure(first_day=date(2027, 1, 1)).covers(date(2028, 1, 1))


def test_the_clinic_closes_at_christmas_and_new_year_by_default():
    closures = [(c.first_day.month, c.first_day.day, c.last_day, c.every_year) for c in ClinicClosure.objects.all()]
    assert sorted((m, d, bool(last), yearly) for m, d, last, yearly in closures) == [
        (1, 1, False, True),
        (12, 25, True, True),
    ]


def test_the_page_dates_today_and_says_the_closing_advice_once(client, aftercare_world, time_machine):
    on_day(time_machine, 6)
    page = client.get(public_url(aftercare_world["schedule"])).content.decode()
    assert "Today, Monday 11 January: day 6</h2>" in page
    assert "After that:" not in page  # was "After that: From now on: SPF 30+ …"
    assert page.count("<p>From now on: SPF 30+ on your scalp") == 1


def test_the_check_in_e_mail_goes_the_next_day_when_nobody_works_on_its_weekday(frozen, plan):
    # Day 30 of a session on Sunday 6 December is Tuesday 5 January; nobody works Tuesdays.
    WorkingHours.objects.filter(artist=plan.artist, weekday=1).delete()
    schedule = final_schedule(plan, london(2026, 12, 6, 10, 0))
    assert schedule.steps.get(is_check_in=True).date == date(2027, 1, 6)
    assert timedelta(days=31) == schedule.ends_on - schedule.starts_on


def test_reception_keeps_the_closures_in_the_admin(client):
    from django.urls import reverse

    from clinic.users import roles
    from tests.helpers import user_with

    client.force_login(user_with(roles.STAFF, is_staff=True))
    assert client.get(reverse("admin:bookings_clinicclosure_changelist")).status_code == 200
    data = {"first_day": "2027-04-02", "last_day": "2027-04-05", "reason": "Easter"}
    assert client.post(reverse("admin:bookings_clinicclosure_add"), data).status_code == 302
    assert ClinicClosure.objects.get(reason="Easter").covers(date(2027, 4, 3))
