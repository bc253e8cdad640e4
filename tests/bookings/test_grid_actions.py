"""What the grid does: book a free time, move by drag (the JSON endpoint), change or remove time off."""

from datetime import time

import pytest
from django.urls import reverse

from bookings.models import Appointment, TimeOff
from bookings.services import create_plan
from clinic.users import roles
from tests.bookings.factories import AppointmentFactory, ArtistFactory
from tests.clients.factories import ClientFactory
from tests.helpers import london, user_with

pytestmark = pytest.mark.django_db
NINE_TO_FIVE = {d: [(time(9), time(17))] for d in range(7)}


@pytest.fixture
def desk(frozen, client, consultation, policy, session_services, spacing):
    sam = ArtistFactory(display_name="Sam Okafor", user=user_with(roles.ARTIST), hours=NINE_TO_FIVE)
    priya = ArtistFactory(display_name="Priya Shah", hours=NINE_TO_FIVE)
    client.force_login(user_with(roles.STAFF))
    return {"sam": sam, "priya": priya}


def book_url(artist, at="10:00", date="2026-12-01", **more):
    query = {"artist": artist.pk, "date": date, "time": at, **more}
    return reverse("bookings:grid_book") + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def test_booking_a_consultation_for_a_found_client(desk, client):
    jordan = ClientFactory(full_name="Jordan Price", email="jordan@example.com")
    page = client.get(book_url(desk["sam"], q="jordan")).content.decode()
    assert "Book Tuesday 1 December, 10:00 with Sam Okafor" in page and "Jordan Price" in page
    response = client.post(book_url(desk["sam"], q="jordan"), {"book": "consultation", "client": jordan.pk})
    assert response.status_code == 302 and response["Location"].endswith("?view=day&date=2026-12-01")
    booked = Appointment.objects.get(client=jordan)
    assert (booked.artist, booked.start, booked.source, booked.plan) == (
        desk["sam"],
        london(2026, 12, 1, 10, 0),
        "staff",
        None,
    )


def test_booking_a_new_client(desk, client):
    details = {
        "new-full_name": " Robin  Lee ",
        "new-email": "robin@example.com",
        "new-phone": "07911 123456",
        "new-concern": "crown",
        "book": "new",
    }
    assert client.post(book_url(desk["priya"], at="11:15"), details).status_code == 302
    booked = Appointment.objects.get(client__email="robin@example.com")
    assert (booked.artist, booked.start, booked.client.full_name) == (
        desk["priya"],
        london(2026, 12, 1, 11, 15),
        "Robin Lee",
    )


def test_a_new_client_with_bad_details_books_nothing_and_says_why(desk, client):
    response = client.post(book_url(desk["sam"]), {"book": "new", "new-full_name": "Robin", "new-email": "nope"})
    assert response.status_code == 422
    assert "Enter a valid email address." in response.content.decode()
    assert not Appointment.objects.exists()


def test_the_next_session_of_the_clients_plan(desk, client, eligible_client):
    plan = create_plan(client=eligible_client, artist=desk["sam"], treatment_type="crown")
    page = client.get(book_url(desk["sam"], q="jamie")).content.decode()
    assert "Book session 1 of 3" in page
    assert "Book session" not in client.get(book_url(desk["priya"], q="jamie")).content.decode()  # not her plan
    data = {"book": "session", "plan": plan.pk, "number": 1}
    assert client.post(book_url(desk["sam"], at="09:00", q="jamie"), data).status_code == 302
    assert plan.sessions.get().start == london(2026, 12, 1, 9, 0)
    assert "Book session 2 of 3" in client.get(book_url(desk["sam"], date="2026-12-20", q="jamie")).content.decode()


def test_a_session_too_soon_is_refused_until_staff_give_a_reason(desk, client, eligible_client):
    plan = create_plan(client=eligible_client, artist=desk["sam"], treatment_type="crown")
    data = {"book": "session", "plan": plan.pk, "number": 1}
    client.post(book_url(desk["sam"], at="09:00", q="jamie"), data)
    too_soon = client.post(book_url(desk["sam"], date="2026-12-02", q="jamie"), {**data, "number": 2})
    assert too_soon.status_code == 422
    html = too_soon.content.decode()
    assert "give a reason to override" in html and 'name="override_reason"' in html
    reason = {**data, "number": 2, "override_reason": "Client flies abroad on the 4th; agreed with Sam"}
    assert client.post(book_url(desk["sam"], date="2026-12-02", q="jamie"), reason).status_code == 302
    assert plan.sessions.get(session_number=2).spacing_override_reason.startswith("Client flies abroad")


def test_no_artists_is_said(frozen, client, consultation, policy):
    client.force_login(user_with(roles.STAFF))
    for view in ("day", "week"):
        assert "No artists to show" in client.get(reverse("bookings:calendar"), {"view": view}).content.decode()


def test_a_refused_booking_shows_the_services_message(desk, client):
    AppointmentFactory(artist=desk["sam"], start=london(2026, 12, 1, 10, 0), client__full_name="Robin Lee")
    jordan = ClientFactory(full_name="Jordan Price")
    response = client.post(book_url(desk["sam"], at="10:15", q="jordan"), {"book": "consultation", "client": jordan.pk})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Sam Okafor already has" in html and "R. Lee 10:00–10:30" in html
    assert "Jordan Price" in html  # the search is still there to choose again
    assert not Appointment.objects.filter(client=jordan).exists()


def test_an_artist_books_only_into_their_own_calendar(desk, client):
    client.force_login(desk["sam"].user)
    assert client.get(book_url(desk["priya"])).status_code == 404
    assert client.get(book_url(desk["sam"])).status_code == 200
    base = reverse("bookings:grid_book")
    for bad in ("time=25:00", "time=", "artist=x&time=10:00", f"artist={desk['sam'].pk}"):
        assert client.get(f"{base}?date=2026-12-01&artist={desk['sam'].pk}&{bad}").status_code == 404, bad


def move(client, appointment, artist, at, date="2026-12-01"):
    data = {"appointment": appointment.pk, "artist": artist.pk, "date": date, "time": at}
    return client.post(reverse("bookings:grid_move"), data)


def test_a_drag_moves_a_consultation_to_another_artist(desk, client):
    visit = AppointmentFactory(artist=desk["sam"], start=london(2026, 12, 1, 10, 0), client__full_name="Robin Lee")
    response = move(client, visit, desk["priya"], "14:30")
    assert response.json() == {"moved": True}
    visit.refresh_from_db()
    assert (visit.artist, visit.start) == (desk["priya"], london(2026, 12, 1, 14, 30))
    page = client.get(reverse("bookings:calendar"), {"view": "day", "date": "2026-12-01"}).content.decode()
    assert "Moved: Robin Lee to Tue 1 Dec, 14:30 with Priya Shah." in page


def test_a_refused_drag_says_what_is_in_the_way_and_moves_nothing(desk, client):
    visit = AppointmentFactory(artist=desk["sam"], start=london(2026, 12, 1, 10, 0), client__full_name="Robin Lee")
    AppointmentFactory(artist=desk["priya"], start=london(2026, 12, 1, 14, 0), client__full_name="Dana Reid")
    response = move(client, visit, desk["priya"], "14:15")
    assert response.status_code == 409
    assert response.json()["message"].startswith("Robin Lee not moved to 14:15 with Priya Shah: Priya Shah already has")
    after_hours = move(client, visit, desk["sam"], "16:45")
    assert "would end at 17:15, after Sam Okafor's hours (17:00)" in after_hours.json()["message"]
    visit.refresh_from_db()
    assert (visit.artist, visit.start) == (desk["sam"], london(2026, 12, 1, 10, 0))


def test_a_session_stays_with_its_plans_artist(desk, client, eligible_client):
    from bookings.services import schedule_session

    plan = create_plan(client=eligible_client, artist=desk["sam"], treatment_type="crown")
    session = schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0)).appointment
    refused = move(client, session, desk["priya"], "09:00")
    assert refused.status_code == 409
    assert "Session 1 stays with Sam Okafor" in refused.json()["message"]
    assert move(client, session, desk["sam"], "10:00").json() == {"moved": True}
    session.refresh_from_db()
    assert (session.artist, session.start) == (desk["sam"], london(2026, 12, 1, 10, 0))


def test_an_artist_cannot_drag_anothers_appointment(desk, client):
    theirs = AppointmentFactory(artist=desk["priya"], start=london(2026, 12, 1, 10, 0))
    client.force_login(desk["sam"].user)
    assert move(client, theirs, desk["sam"], "11:00").status_code == 404
    assert client.get(reverse("bookings:grid_move")).status_code == 405
    theirs.refresh_from_db()
    assert theirs.artist == desk["priya"]


def test_time_off_changed_and_removed_by_its_artist(desk, client):
    off = TimeOff.objects.create(artist=desk["sam"], start=london(2026, 12, 1, 9, 0), end=london(2026, 12, 1, 12, 0))
    AppointmentFactory(artist=desk["sam"], start=london(2026, 12, 1, 13, 0), client__full_name="Robin Lee")
    client.force_login(desk["sam"].user)
    url = reverse("bookings:time_off", args=[off.pk])
    longer = {"start": "2026-12-01T09:00", "end": "2026-12-01T14:00", "reason": "Dentist"}
    response = client.post(url, longer, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert "1 appointment falls in it and needs moving" in response.content.decode()
    backwards = client.post(url, {"start": "2026-12-01T09:00", "end": "2026-12-01T08:00"})
    assert backwards.status_code == 422 and "must end after it starts" in backwards.content.decode()
    off.refresh_from_db()
    assert (off.end, off.reason) == (london(2026, 12, 1, 14, 0), "Dentist")
    assert client.post(reverse("bookings:time_off_remove", args=[off.pk])).status_code == 302
    assert not TimeOff.objects.exists()
    assert Appointment.objects.get().status == "booked"


def test_an_artist_cannot_change_anothers_time_off(desk, client):
    off = TimeOff.objects.create(artist=desk["priya"], start=london(2026, 12, 1, 9, 0), end=london(2026, 12, 1, 12, 0))
    client.force_login(desk["sam"].user)
    url = reverse("bookings:time_off", args=[off.pk])
    assert client.post(url, {"start": "2026-12-01T09:00", "end": "2026-12-01T10:00"}).status_code == 404
    assert client.post(reverse("bookings:time_off_remove", args=[off.pk])).status_code == 404
    off.refresh_from_db()
    assert off.end == london(2026, 12, 1, 12, 0)
