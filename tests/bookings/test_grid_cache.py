"""The calendar grid's cached body (bookings/grid_cache.py): reused until anything it shows changes, never across
roles or artists, and the page around it (CSRF token, messages) still each request's own."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.test import Client as Browser
from django.test import override_settings
from django.urls import reverse

from bookings import grid_cache
from bookings.services import (
    add_time_off,
    book_consultation,
    cancel_appointment,
    reschedule_appointment,
    schedule_session,
)
from clients.models import Client
from clients.patch_tests.services import record_patch_test
from clients.services import ClientDetails, record_consent
from clinic.users import roles
from intake.services import confirm_screening, save_screening_answers
from tests.bookings.factories import AppointmentFactory, ArtistFactory
from tests.clients.factories import ClientFactory
from tests.helpers import EVERY_DAY, london, user_with
from tests.payments.policy_world import accepted_quote, pay_deposit

pytestmark = pytest.mark.django_db
THURSDAY = date(2026, 12, 3)


def week(http, **query) -> str:
    response = http.get(reverse("bookings:calendar"), {"view": "week", "date": THURSDAY.isoformat(), **query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def staff_client(client):
    client.force_login(user_with(roles.STAFF))
    return client


@pytest.fixture
def visit(frozen, artist):
    """Alex Morgan's consultation with Sam, Thursday 10:00 (booked by phone: the intake row exists)."""
    details = ClientDetails(full_name="Alex Morgan", email="alex@example.com", phone="+447911123456")
    return book_consultation(
        start=london(2026, 12, 3, 10, 0), artist_id=artist.pk, client_details=details, online=False
    )


def test_the_body_is_reused_until_a_change_is_announced(staff_client, visit):
    assert "Alex Morgan" in week(staff_client)
    Client.objects.filter(pk=visit.client_id).update(full_name="Alexandra Morgan")  # no signal: unannounced
    assert "Alexandra Morgan" not in week(staff_client)  # the cached body was used
    cache.set(grid_cache.VERSION_KEY, "another worker's change")  # read on every request, not once a second
    assert "Alexandra Morgan" in week(staff_client)


def test_a_missed_change_shows_after_max_age(staff_client, visit, frozen):
    week(staff_client)
    Client.objects.filter(pk=visit.client_id).update(full_name="Alexandra Morgan")
    frozen.shift(timedelta(seconds=grid_cache.MAX_AGE_SECONDS - 1))
    assert "Alexandra Morgan" not in week(staff_client)
    frozen.shift(timedelta(seconds=1))
    assert "Alexandra Morgan" in week(staff_client)


def test_a_booking_a_move_and_a_cancellation_show_at_once(staff_client, visit, artist):
    week(staff_client)
    details = ClientDetails(full_name="Robin Hale", email="robin@example.com", phone="+447911123457")
    book_consultation(start=london(2026, 12, 3, 12, 0), artist_id=artist.pk, client_details=details, online=False)
    assert "Robin Hale" in week(staff_client)
    assert "15:00–15:30 · Consultation: Alex Morgan" not in week(staff_client)
    reschedule_appointment(appointment_id=visit.pk, start=london(2026, 12, 3, 15, 0), online=False)
    assert "15:00–15:30 · Consultation: Alex Morgan" in week(staff_client)
    cancel_appointment(appointment_id=visit.pk, online=False)
    assert "Alex Morgan" not in week(staff_client)


def test_a_client_renamed_and_time_off_show_at_once(staff_client, visit, artist):
    week(staff_client)
    person = Client.objects.get(pk=visit.client_id)
    person.full_name = "Alexandra Morgan"
    person.save()
    assert "Alexandra Morgan" in week(staff_client)
    add_time_off(artist=artist, start=london(2026, 12, 4, 9, 0), end=london(2026, 12, 4, 12, 0), reason="Training")
    assert "Training" in week(staff_client)


def test_intake_progress_and_confirmation_show_at_once(staff_client, visit, artist):
    assert "Intake not started" in week(staff_client)
    save_screening_answers(intake_id=visit.intake.pk, answers={"keloid": True})
    assert "Intake: needs attention" in week(staff_client)
    confirm_screening(intake_id=visit.intake.pk, by=user_with(roles.ARTIST), answers={"keloid": True})
    assert "Intake: screening confirmed" in week(staff_client)


def test_a_consent_signed_shows_at_once(staff_client, frozen, artist, eligible_client):
    AppointmentFactory(artist=artist, client=ClientFactory(full_name="Robin Hale"), start=london(2026, 12, 3, 11, 0))
    assert "Consent to sign" in week(staff_client)
    record_consent(client=Client.objects.get(full_name="Robin Hale"), typed_name="Robin Hale")
    page = week(staff_client)
    assert "Consent signed" in page and "Consent to sign" not in page


@pytest.fixture
def session_one(frozen, artist, eligible_client):
    quote = accepted_quote(eligible_client)
    session = schedule_session(plan_id=quote.plan_id, number=1, start=london(2026, 12, 3, 14, 0)).appointment
    return quote, session


def test_a_deposit_paid_shows_at_once(staff_client, session_one):
    quote, _ = session_one
    assert "Deposit due" in week(staff_client)
    pay_deposit(quote)
    page = week(staff_client)
    assert "Deposit paid" in page and "Deposit due" not in page


def test_a_patch_test_recorded_shows_at_once(staff_client, session_one, policy, eligible_client):
    policy.patch_test_required = True
    policy.save()
    assert "Patch test: due" in week(staff_client)
    record_patch_test(client=eligible_client, done_on=date(2026, 11, 28), site="Behind the ear", pigment="S3")
    assert "Patch test: pending" in week(staff_client)


def test_staff_only_flags_never_reach_an_artist_through_the_cache(staff_client, session_one, artist):
    assert "Deposit due" in week(staff_client)  # Sam is the only artist: staff and Sam see the same calendar
    artist.user = user_with(roles.ARTIST)
    artist.save()
    sam = Browser()
    sam.force_login(artist.user)
    page = week(sam)
    assert "Jamie Walsh" in page and "Deposit" not in page
    assert "Subscribe in my phone" in page and "Subscribe in my phone" not in week(staff_client)


def test_an_artist_never_gets_staffs_body_nor_another_artists(client, staff_client, session_one, artist):
    kim = ArtistFactory(display_name="Kim Lee", hours=EVERY_DAY)
    AppointmentFactory(artist=kim, client=ClientFactory(full_name="Robin Hale"), start=london(2026, 12, 3, 11, 0))
    for query in ({}, {"artist": str(kim.pk)}, {"artist": str(artist.pk)}):
        page = week(staff_client, **query)  # staff's bodies cached first, for every URL the artist asks for
        assert "Deposit due" in page or query == {"artist": str(kim.pk)}
    artist.user = user_with(roles.ARTIST)
    artist.save()
    client.force_login(artist.user)
    for query in ({}, {"artist": str(kim.pk)}, {"artist": str(artist.pk)}):
        page = week(client, **query)
        assert "Jamie Walsh" in page  # their own session 1
        assert "Deposit" not in page and "Kim Lee" not in page and "Robin Hale" not in page
    assert "Artists can open only their own calendar" in week(client, artist=str(kim.pk))


def test_who_may_not_see_it_still_may_not(client, staff_client, visit):
    week(staff_client)
    url = reverse("bookings:calendar") + f"?view=week&date={THURSDAY}"
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(user_with(roles.CLIENT))
    assert client.get(url).status_code == 404


def test_the_csrf_token_and_messages_are_each_requests_own(client, staff_client, visit, artist):
    tokens = set()
    for who in (user_with(roles.STAFF), user_with(roles.STAFF)):
        client.force_login(who)
        page = week(client)
        (token,) = re.findall(r'id="grid-csrf".*?name="csrfmiddlewaretoken" value="([^"]+)"', page, re.S)
        tokens.add(token)
    assert len(tokens) == 2  # one cached body, each visitor's own (masked) token
    response = client.post(
        reverse("bookings:time_off_new"),
        {"artist": artist.pk, "start": "2026-12-04T09:00", "end": "2026-12-04T12:00", "reason": "Training"},
        follow=True,
    )
    page = response.content.decode()
    assert "Time off added." in page and "Training" in page


def test_todays_grid_follows_the_clock_minute_by_minute(staff_client, frozen, artist):
    day = reverse("bookings:calendar") + "?view=day&date=2026-11-30"
    frozen.move_to(london(2026, 11, 30, 9, 14, 30), tick=False)
    page = staff_client.get(day).content.decode()
    assert "time=09:00" not in page and "time=09:15" in page and "09:14–18:00 free" in page
    frozen.move_to(london(2026, 11, 30, 9, 15, 20), tick=False)  # 50 s later: a new minute, a step gone
    page = staff_client.get(day).content.decode()
    assert "time=09:15" not in page and "time=09:30" in page and "09:15–18:00 free" in page
    frozen.move_to(london(2026, 11, 30, 9, 15, 50), tick=False)  # the same minute: the same body
    assert "09:15–18:00 free" in staff_client.get(day).content.decode()


def test_a_change_to_what_a_role_may_do_retires_the_bodies(staff_client, visit):
    week(staff_client)
    before = cache.get(grid_cache.VERSION_KEY)
    Group.objects.get(name=roles.STAFF).permissions.add(Permission.objects.order_by("pk").first())
    assert cache.get(grid_cache.VERSION_KEY) != before


def test_a_body_rendered_while_a_change_commits_is_not_reused(frozen):
    def render_during_a_change():
        cache.set(grid_cache.VERSION_KEY, "changed meanwhile")  # another worker's change commits meanwhile
        return "old", None

    assert grid_cache.cached_body("k", render_during_a_change) == "old"
    assert grid_cache.cached_body("k", lambda: ("new", None)) == "new"
    assert grid_cache.cached_body("k", lambda: ("unused", None)) == "new"


@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
)
def test_without_redis_the_body_is_rendered_each_time(staff_client, visit):
    assert "Alex Morgan" in week(staff_client)
    Client.objects.filter(pk=visit.client_id).update(full_name="Alexandra Morgan")
    assert "Alexandra Morgan" in week(staff_client)


def test_the_in_process_copies_stay_bounded_by_size(monkeypatch, frozen):
    monkeypatch.setattr(grid_cache, "IN_PROCESS_BYTES", 1000)
    for n in range(5):
        grid_cache.cached_body(f"k{n}", lambda n=n: (str(n) * 400, None))
    assert list(grid_cache._in_process) == ["k3", "k4"]
    assert grid_cache.cached_body("k0", lambda: ("recomputed", None)) == "0" * 400  # still in Redis
