"""The staff home: today by time with what needs doing and one-click outcomes, tomorrow, the to-do list;
an artist's own day with the last session's notes; constant queries."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from bookings.models import Appointment, SessionNote, TimeOff
from clients.services import record_consent, record_screening
from clinic.users import roles
from intake.models import Intake, IntakeStatus
from ops.models import Backup
from outbox.models import Reminder
from quotes.services import save_draft
from tests.bookings.factories import AppointmentFactory, SessionFactory, TreatmentPlanFactory
from tests.clients.factories import ClientFactory
from tests.clinic.factories import UserFactory
from tests.helpers import london
from tests.outbox.factories import ReminderFactory
from tests.quotes.factories import issued

pytestmark = pytest.mark.django_db
HOME = "/staff/"


def test_staff_land_on_today_by_time_with_what_needs_doing(client, staff, day):
    record_screening(client=day["second"].client, answers={}, recorded_by=None)
    page = client.get(HOME).content.decode()
    today = page.split('id="today"')[1].split("</table>")[0]
    assert today.index("Nia Obi") < today.index("Jamie Walsh")  # by time
    nia_row = today.split("Nia Obi")[1].split("</tr>")[0]
    assert "Free consultation" in nia_row and "First visit" in nia_row and "Screening to record" in nia_row
    jamie_row = today.split("Jamie Walsh")[1].split("</tr>")[0]
    assert "Session 2 of 3" in jamie_row and "Consent to sign" in jamie_row and "First visit" not in jamie_row
    assert "Arrived" in nia_row and "From 11:00" in jamie_row  # an outcome once it has begun
    tomorrow = page.split('id="tomorrow"')[1].split("</table>")[0]
    assert "Ann Lee" in tomorrow and "Arrived" not in tomorrow
    assert "Monday 30 November 2026" in page


def test_one_click_outcome_comes_back_home(client, staff, day):
    url = reverse("bookings:appointment_outcome", args=[day["visit"].pk])
    response = client.post(url, {"outcome": "attended", "next": HOME})
    assert response.status_code == 302 and response["Location"] == HOME
    day["visit"].refresh_from_db()
    assert day["visit"].status == Appointment.Status.ATTENDED
    early = client.post(
        reverse("bookings:appointment_outcome", args=[day["second"].pk]), {"outcome": "no_show", "next": HOME}
    )
    assert early["Location"] == HOME
    assert "once it has started" in client.get(HOME).content.decode()  # refused, and said why
    foreign = client.post(url, {"outcome": "attended", "next": "https://evil.example/"})
    assert foreign["Location"] == reverse("bookings:appointment", args=[day["visit"].pk])


def test_the_to_do_list(client, staff, day, policy, spacing):
    quote = issued(quote_id=save_draft(client=day["visit"].client, treatment_type="crown").pk)
    TimeOff.objects.create(artist=day["sam"], start=london(2026, 12, 1, 9, 0), end=london(2026, 12, 1, 12, 0))
    TimeOff.objects.create(artist=day["priya"], start=london(2026, 12, 3, 9, 0), end=london(2026, 12, 3, 12, 0))
    ReminderFactory(status=Reminder.Status.FAILED)
    top_up = ReminderFactory(due_at=london(2026, 11, 30, 17, 0))
    ReminderFactory(due_at=london(2026, 12, 5, 9, 0))  # next month: not yet
    Backup.objects.create(
        name="b.tar", trigger="manual", status="succeeded", started_at=timezone.now(), finished_at=timezone.now()
    )
    page = client.get(HOME).content.decode()
    quotes = page.split('id="todo-quotes"')[1].split("</ul>")[0]
    assert quote.number in quotes and "30 days left" in quotes
    plans = page.split('id="todo-plans"')[1].split("</ul>")[0]
    assert "Jamie Walsh" in plans and "2 of 3 scheduled" in plans
    clashes = page.split('id="todo-clashes"')[1].split("</ul>")[0]
    assert "Sam Okafor" in clashes and "Priya" not in clashes
    assert "1 message could not be delivered" in page
    top_ups = page.split('id="todo-top-ups"')[1].split("</ul>")[0]
    assert top_up.client.full_name in top_ups and top_ups.count("<li>") == 1
    assert "Last backup: 30 Nov 2026 09:30" in page


def intake(appointment, status=IntakeStatus.COMPLETE, *, sent=True, confirmed=False) -> Intake:
    """The consultation's intake: sent (every step done) or still a draft, and maybe confirmed by the artist."""
    now = timezone.now()
    screening = record_screening(client=appointment.client, answers={}, recorded_by=None) if confirmed else None
    return Intake.objects.create(
        appointment=appointment,
        client=appointment.client,
        status=status if sent else IntakeStatus.IN_PROGRESS,
        started_at=now,
        completed_at=now if sent else None,
        screening=screening,
        confirmed_at=now if confirmed else None,
    )


def test_intakes_waiting_for_review(client, staff, day):
    """Sent and not confirmed: 2 (Nia Obi's at 09:00, one needing attention on Wednesday); a confirmed one, a
    draft and a cancelled consultation's are not waiting."""
    nia = intake(day["visit"])
    attention = intake(
        AppointmentFactory(artist=day["sam"], start=london(2026, 12, 2, 15, 0), client__full_name="Lee Park"),
        IntakeStatus.NEEDS_ATTENTION,
    )
    intake(AppointmentFactory(start=london(2026, 12, 2, 9, 0), client__full_name="Rae Confirmed"), confirmed=True)
    intake(AppointmentFactory(start=london(2026, 12, 2, 10, 0), client__full_name="Dee Draft"), sent=False)
    cancelled = AppointmentFactory(
        start=london(2026, 12, 2, 11, 0),
        client__full_name="Cal Cancelled",
        status=Appointment.Status.CANCELLED,
        cancelled_at=timezone.now(),
    )
    intake(cancelled)
    page = client.get(HOME).content.decode()
    assert "Intakes waiting for review (2)" in page
    waiting = page.split('id="todo-intakes"')[1].split("</ul>")[0]
    assert waiting.count("<li>") == 2
    assert waiting.index("Nia Obi") < waiting.index("Lee Park")  # soonest consultation first
    assert reverse("intake:review", args=[nia.pk]) in waiting
    assert reverse("intake:review", args=[attention.pk]) in waiting
    assert "consultation Mon 30 Nov 09:00 with Priya Shah" in waiting
    lee = waiting.split("Lee Park")[1].split("</li>")[0]
    assert "Wed 2 Dec 15:00 with Sam Okafor" in lee and "needs attention" in lee
    for name in ("Rae Confirmed", "Dee Draft", "Cal Cancelled"):
        assert name not in waiting
    client.force_login(day["sam"].user)  # an artist's home has no to-do: their own intakes are on their day
    assert 'id="todo-intakes"' not in client.get(HOME).content.decode()


def test_an_artist_sees_their_own_day_with_the_last_session_notes(client, day):
    client.force_login(day["sam"].user)
    assert client.get(reverse("after_login"))["Location"] == HOME
    page = client.get(HOME).content.decode()
    assert "My day, Monday 30 November 2026" in page
    assert "Jamie Walsh" in page and "Nia Obi" not in page  # Priya's consultation
    assert "Last session: shade Dark 2, needle 3RL, layer base" in page
    assert 'id="todo"' not in page


def test_clients_and_visitors_do_not_get_in(client, day):
    assert client.get(HOME)["Location"].startswith(reverse("login"))
    owner = UserFactory()
    owner.groups.add(Group.objects.get(name=roles.CLIENT))
    ClientFactory(user=owner)
    client.force_login(owner)
    assert client.get(HOME).status_code == 404


def test_staff_land_here_after_login(client, staff):
    assert client.get(reverse("after_login"))["Location"] == HOME


def test_queries_do_not_grow_with_the_day(client, staff, day, django_assert_max_num_queries):
    record_consent(client=day["second"].client, typed_name=day["second"].client.full_name)
    intake(day["visit"])
    # The day rows ask every flag provider once (bookings/flags.py: deposit, photos, consent, balance…).
    with django_assert_max_num_queries(50) as few:
        client.get(HOME)
    for hour in range(12, 17):  # more artists, appointments today and tomorrow, sessions with notes
        AppointmentFactory(start=london(2026, 11, 30, hour, 0))
        intake(AppointmentFactory(start=london(2026, 12, 1, hour, 0)))
    for number in range(3):
        plan = TreatmentPlanFactory()
        earlier = SessionFactory(plan=plan, session_number=1, start=london(2026, 11, 2 + number, 10, 0))
        SessionNote.objects.create(appointment=earlier, needle="5RL")
        SessionFactory(plan=plan, session_number=2, start=london(2026, 11, 30, 17, 0), status=Appointment.Status.BOOKED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(HOME).content.decode()
    assert page.count("Session 2 of 3") == 4


def test_answered_quotes_are_noticed_for_a_week(client, staff, day, policy, spacing, time_machine):
    from quotes.services import accept_quote, decline_quote

    taker = ClientFactory(full_name="Tom Reid")
    accepted = accept_quote(
        quote_id=issued(quote_id=save_draft(client=taker, treatment_type="crown").pk).pk, typed_name="Tom Reid"
    )
    declined = decline_quote(
        quote_id=issued(quote_id=save_draft(client=day["visit"].client, treatment_type="scar").pk).pk
    )
    page = client.get(HOME).content.decode()
    answered = page.split('id="todo-answered"')[1].split("</ul>")[0]
    assert accepted.number in answered and "accepted" in answered and "schedule the sessions" in answered
    assert declined.number in answered and "declined" in answered
    assert answered.index(declined.number) < answered.index(accepted.number)  # newest first
    time_machine.move_to(london(2026, 12, 8, 10, 0), tick=False)
    assert 'id="todo-answered"' not in client.get(HOME).content.decode()  # a week on: off the list


def test_every_value_in_the_day_tables_is_escaped(client, staff, day):
    """The rows are written in Python (frontdesk/templatetags/day_table.py): names, notes and numbers as text."""
    day["visit"].client.full_name = '<script>alert("x")</script> & Co'
    day["visit"].client.save(update_fields=["full_name"])
    day["priya"].display_name = "<b>Priya</b>"
    day["priya"].save(update_fields=["display_name"])
    page = client.get(HOME).content.decode()
    today = page.split('id="today"')[1].split("</table>")[0]
    assert "<script>" not in page and "<b>Priya</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in today
    assert "&lt;b&gt;Priya&lt;/b&gt;" in today
    form = today.split('<form method="post"')[1].split("</form>")[0]
    assert 'name="csrfmiddlewaretoken" value="' in form and 'name="next" value="/staff/"' in form


def test_an_artists_notes_are_escaped_and_blank_ones_dashed(client, day):
    note = SessionNote.objects.get(appointment__plan=day["plan"], appointment__session_number=1)
    note.pigment_shade, note.needle, note.notes = "<i>Dark 2</i>", "", "Touch <up> crown"
    note.save()
    client.force_login(day["sam"].user)
    page = client.get(HOME).content.decode()
    assert "Last session: shade &lt;i&gt;Dark 2&lt;/i&gt;, needle —, layer base. Touch &lt;up&gt; crown" in page
