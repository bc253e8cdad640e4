"""One rule for moving and cancelling (BookingPolicy.change_notice_hours): every place that tells the client
follows the setting, and so do the services (the client's manage link and portal; staff may always move)."""

import io
import re
from datetime import time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from bookings.errors import NotChangeable
from bookings.models import Appointment, BookingPolicy
from bookings.notice import change_notice_sentence
from bookings.services import (
    book_consultation,
    cancel_appointment,
    create_plan,
    reschedule_appointment,
    reschedule_session,
    schedule_session,
)
from bookings.tokens import make_manage_token
from quotes.services import issue_quote, save_draft
from tests.bookings.factories import ArtistFactory
from tests.clients.factories import ClientFactory
from tests.helpers import LONDON, london

pytestmark = pytest.mark.django_db
TUE_10 = london(2026, 12, 1, 10, 0)  # 26 hours after the frozen Monday 08:00


def set_notice(hours: int) -> None:
    BookingPolicy.objects.filter(pk=1).update(change_notice_hours=hours)


def flat(text: str) -> str:
    """Text as read: tags dropped, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text).replace("&#x27;", "'"))


@pytest.fixture
def artist(consultation, policy):
    return ArtistFactory(display_name="Sam", hours={d: [(time(9), time(18))] for d in range(7)})


@pytest.fixture
def booked(frozen, artist, details, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return book_consultation(start=TUE_10, client_details=details)


def test_the_default_is_48_hours_and_the_sentence_follows_the_setting(db):
    assert BookingPolicy.load().change_notice_hours == 48
    assert "up to 48 hours before it starts" in change_notice_sentence()
    set_notice(1)
    assert "up to 1 hour before it starts" in change_notice_sentence()
    set_notice(0)
    assert "online until it starts" in change_notice_sentence()


def test_the_quote_pdf_terms_state_the_setting(frozen, policy, django_capture_on_commit_callbacks):
    set_notice(72)
    with django_capture_on_commit_callbacks(execute=True):
        issue_quote(quote_id=save_draft(client=ClientFactory(), treatment_type="crown").pk)
    (_name, pdf, _type) = mail.outbox[-1].attachments[0]
    text = flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert "You can move or cancel an appointment online up to 72 hours before it starts" in text
    assert "48 hours" not in text


def test_the_confirmation_email_and_page_state_the_setting(frozen, artist, details, django_capture_on_commit_callbacks):
    set_notice(36)
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book_consultation(start=london(2026, 12, 3, 10, 0), client_details=details)
    sentence = "You can move or cancel an appointment online up to 36 hours before it starts"
    message = mail.outbox[-1]
    assert sentence in flat(message.body)
    assert sentence in flat(message.alternatives[0][0])
    from django.test import Client

    page = Client().get(reverse("bookings:confirmed", args=[make_manage_token(appointment)]))
    assert sentence in flat(page.content.decode())


def test_the_manage_link_offers_changes_only_within_the_setting(client, booked):
    url = reverse("bookings:manage", args=[make_manage_token(booked)])
    set_notice(24)  # Tuesday 10:00 is 26 hours away
    page = flat(client.get(url).content.decode())
    assert "up to 24 hours before it starts" in page and "until Monday 30 November, 10:00" in page
    assert "Cancel this consultation" in page

    set_notice(48)
    page = flat(client.get(url).content.decode())
    assert "starts in less than 48 hours, so it can't be moved or cancelled online" in page
    assert "up to 48 hours before it starts" in page
    assert "Cancel this consultation" not in page and "Move my consultation" not in page
    cancel_url = reverse("bookings:cancel", args=[make_manage_token(booked)])
    assert client.get(cancel_url).url == url  # no "are you sure?" for what can't be done
    refused = client.post(cancel_url, follow=True)
    assert "can't be cancelled online" in flat(refused.content.decode())
    moved = client.post(url, {"slot": london(2026, 12, 2, 10, 0).isoformat(), "date": "2026-12-02"})
    assert moved.status_code == 422
    booked.refresh_from_db()
    assert booked.status == Appointment.Status.BOOKED and booked.start == TUE_10


def test_the_services_enforce_the_setting_to_the_minute(time_machine, artist, details):
    time_machine.move_to(london(2026, 11, 27, 8, 0), tick=False)
    appointment = book_consultation(start=TUE_10, client_details=details)
    set_notice(48)  # the deadline: Sunday 29 November, 10:00
    time_machine.move_to(london(2026, 11, 29, 10, 1), tick=False)
    with pytest.raises(NotChangeable, match="less than 48 hours, so it can't be moved online"):
        reschedule_appointment(appointment_id=appointment.pk, start=london(2026, 12, 2, 10, 0))
    with pytest.raises(NotChangeable, match="can't be cancelled online"):
        cancel_appointment(appointment_id=appointment.pk)
    time_machine.move_to(london(2026, 11, 29, 10, 0), tick=False)
    moved = reschedule_appointment(appointment_id=appointment.pk, start=london(2026, 12, 3, 10, 0))
    assert moved.start == london(2026, 12, 3, 10, 0)
    time_machine.move_to(london(2026, 12, 2, 10, 0), tick=False)  # 24 h before: staff may still cancel
    assert cancel_appointment(appointment_id=appointment.pk, online=False).status == Appointment.Status.CANCELLED


def test_staff_move_a_consultation_inside_the_notice_from_its_page(client, staff, booked):
    set_notice(48)
    response = client.post(reverse("bookings:appointment", args=[booked.pk]), {"move-start": "2026-12-01T11:00"})
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.start == london(2026, 12, 1, 11, 0)


@pytest.fixture
def session(frozen, consultation, policy, session_services, spacing, eligible_client):
    """Session 1 on Tuesday 09:00: 25 hours after the frozen Monday 08:00 (the issue's case)."""
    artist = ArtistFactory(hours={d: [(time(9), time(18))] for d in range(6)})
    plan = create_plan(client=eligible_client, artist=artist, treatment_type="crown")
    first = schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0)).appointment
    from portal.login_links import portal_user_for

    return first, portal_user_for(eligible_client)


def test_the_portal_does_not_move_a_session_25_hours_ahead_to_today(client, session):
    first, user = session
    client.force_login(user)
    url = reverse("portal:move_session", args=[first.pk])
    today = {"slot": london(2026, 11, 30, 14, 0).isoformat(), "date": "2026-11-30"}
    set_notice(48)
    page = flat(client.get(url).content.decode())
    assert "This session starts in less than 48 hours, so it can't be moved online" in page
    assert "up to 48 hours before it starts" in page and "Move my session" not in page
    assert client.post(url, today).status_code == 422
    first.refresh_from_db()
    assert first.start == london(2026, 12, 1, 9, 0)

    set_notice(24)
    page = flat(client.get(url).content.decode())
    assert "up to 24 hours before it starts" in page and "until Monday 30 November, 09:00" in page
    assert client.post(url, today).status_code == 302
    first.refresh_from_db()
    assert first.start.astimezone(LONDON) == london(2026, 11, 30, 14, 0)


def test_staff_may_move_a_session_inside_the_notice(session):
    first, _user = session
    set_notice(48)
    with pytest.raises(NotChangeable):
        reschedule_session(appointment_id=first.pk, start=london(2026, 11, 30, 14, 0), online=True)
    moved = reschedule_session(appointment_id=first.pk, start=london(2026, 11, 30, 14, 0) + timedelta(hours=1))
    assert moved.appointment.start == london(2026, 11, 30, 15, 0)
