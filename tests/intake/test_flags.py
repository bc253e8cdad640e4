"""What intake says on staff pages (bookings' flags), on the day's rows, the client page and the portal."""

import pytest
from django.urls import reverse

from bookings.flags import flags_for
from bookings.services import book_consultation, cancel_appointment
from clients.services import ClientDetails
from frontdesk.selectors.day import day_rows
from intake.providers import intake_flags
from intake.services import (
    confirm_screening,
    finish_photos,
    mark_consent_signed,
    save_concern,
    save_screening_answers,
)
from tests.bookings.factories import SessionFactory
from tests.helpers import london, user_with

pytestmark = pytest.mark.django_db


def _book(artist, n: int, hour: int):
    details = ClientDetails(full_name=f"Client {n}", email=f"c{n}@example.com", phone="+447911123456")
    return book_consultation(start=london(2026, 12, 3, hour, 0), artist_id=artist.pk, client_details=details)


def _texts(found, appointment):
    return [(f.text, f.tone) for f in found.get(appointment.pk, []) if f.key == "intake"]


def test_each_state_has_its_flag_linking_to_the_review(booked, artist):
    started, done, attention = (_book(artist, n, 11 + n) for n in range(3))
    save_screening_answers(intake_id=started.intake.pk, answers={})
    for intake_id in (done.intake.pk,):
        save_screening_answers(intake_id=intake_id, answers={})
        save_concern(intake_id=intake_id, concern="crown", since="1_3")
        finish_photos(intake_id=intake_id)
        mark_consent_signed(intake_id=intake_id)
    save_screening_answers(intake_id=attention.intake.pk, answers={"keloid": True})
    found = flags_for([booked, started, done, attention])
    assert _texts(found, booked) == [("Intake not started", "todo")]
    assert _texts(found, started) == [("Intake in progress", "todo")]
    assert _texts(found, done) == [("Intake complete", "done")]
    assert _texts(found, attention) == [("Intake: needs attention", "warning")]
    assert found[booked.pk][0].url == reverse("intake:review", args=[booked.intake.pk])
    confirm_screening(intake_id=attention.intake.pk, by=artist.user, answers={"keloid": True})
    assert _texts(flags_for([attention]), attention) == [("Intake: screening confirmed", "done")]


def test_sessions_and_cancelled_consultations_have_none(booked, artist, plan):
    session = SessionFactory(plan=plan, start=london(2026, 12, 4, 9, 0), status="booked")
    cancel_appointment(appointment_id=booked.pk)
    booked.refresh_from_db()
    assert intake_flags([booked, session]) == {}


def test_flags_need_one_query_whatever_the_number(booked, artist, django_assert_num_queries):
    few = [booked]
    many = [booked, *(_book(artist, n, 11 + n) for n in range(5))]
    with django_assert_num_queries(1):
        intake_flags(few)
    with django_assert_num_queries(1):
        intake_flags(many)


def test_the_day_says_intake_not_done_until_it_is(booked):
    (row,) = day_rows(day=london(2026, 12, 3, 0, 0).date())
    assert [f.text for f in row.flags if f.key == "intake"] == ["Intake not started"]  # once: a flag, not a need too
    intake_id = booked.intake.pk
    save_screening_answers(intake_id=intake_id, answers={})
    save_concern(intake_id=intake_id, concern="crown", since="1_3")
    finish_photos(intake_id=intake_id)
    mark_consent_signed(intake_id=intake_id)
    (row,) = day_rows(day=london(2026, 12, 3, 0, 0).date())
    assert [f.text for f in row.flags if f.key == "intake"] == ["Intake complete"]


def test_the_client_page_has_a_small_intake_section(client, booked, staff):
    page = client.get(reverse("records:client", args=[booked.client_id])).content.decode()
    assert 'id="client-intakes"' in page and reverse("intake:review", args=[booked.intake.pk]) in page


def test_the_portal_links_the_intake(client, booked, token):
    owner = user_with("Client", email="alex@example.com")
    booked.client.user = owner
    booked.client.save()
    client.force_login(owner)
    page = client.get(reverse("portal:home")).content.decode()
    assert f'href="/bookings/{token}/intake/"' in page and "intake form (not started)" in page
