"""A session the client moves in the portal is e-mailed to them (through the bookings service), once."""

from datetime import time

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from bookings.services import create_plan, schedule_session
from tests.bookings.factories import ArtistFactory
from tests.helpers import london

pytestmark = pytest.mark.django_db


def test_a_session_moved_in_the_portal_e_mails_the_client_with_an_updated_ics(
    client, frozen, consultation, policy, session_services, spacing, eligible_client, django_capture_on_commit_callbacks
):
    from portal.login_links import portal_user_for

    artist = ArtistFactory(hours={d: [(time(9), time(18))] for d in range(6)})
    plan = create_plan(client=eligible_client, artist=artist, treatment_type="crown")
    with django_capture_on_commit_callbacks(execute=True):
        session = schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 2, 9, 0)).appointment
    (booked,) = mail.outbox
    client.force_login(portal_user_for(eligible_client))
    url = reverse("portal:move_session", args=[session.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"slot": london(2026, 12, 4, 11, 0).isoformat(), "date": "2026-12-04"})
    assert response.status_code == 302
    (moved,) = mail.outbox[1:]
    assert moved.to == [eligible_client.email] and "has been moved" in moved.subject
    assert "Wednesday 2 December 2026, 09:00" in moved.body and "Friday 4 December 2026, 11:00" in moved.body
    events = [next(iter(Calendar.from_ical(m.attachments[0][1]).walk("VEVENT"))) for m in (booked, moved)]
    assert events[0]["UID"] == events[1]["UID"] and events[1]["SEQUENCE"] > events[0]["SEQUENCE"]
