"""The booking pages: pick, book, see the confirmation, manage by link; staff list and permissions."""

from datetime import time, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from bookings.models import Appointment
from bookings.services import book_consultation
from bookings.tokens import make_manage_token
from clients.models import Client
from clinic.users import roles
from tests.bookings.factories import AppointmentFactory, ArtistFactory
from tests.clients.factories import ClientFactory
from tests.clinic.factories import UserFactory
from tests.helpers import london

pytestmark = pytest.mark.django_db

TUE_10 = london(2026, 12, 1, 10, 0)
BOOK = "/book/"


@pytest.fixture
def artist(consultation, policy):
    return ArtistFactory(display_name="Sam", hours={d: [(time(9), time(12))] for d in range(7)})


def form_data(**overrides):
    data = {
        "slot": TUE_10.isoformat(),
        "date": "2026-12-01",
        "artist": "",
        "full_name": "Alex  Morgan",
        "email": "alex@example.com",
        "phone": "07911 123456",
        "concern": "crown",
        "contact_consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_booking_page_shows_days_and_times(frozen, client, artist):
    response = client.get(BOOK, {"date": "2026-12-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="2026-12-01T10:00:00+00:00"' in html
    assert ">10:00<" in html
    assert 'aria-current="date"' in html


def test_booking_page_forgives_bad_dates(frozen, client, artist):
    for bad in ("2026-02-31", "yesterday", "2020-01-01", "2030-01-01"):
        response = client.get(BOOK, {"date": bad})
        assert response.status_code == 200
        assert b"alert" in response.content


def test_booking_end_to_end_redirects_to_confirmation(frozen, client, artist, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(BOOK, form_data())
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("bookings:confirmed", args=[make_manage_token(appointment)])
    page = client.get(response["Location"]).content.decode()
    assert "Alex Morgan" in page  # name whitespace normalised
    assert "Tuesday 1 December 2026, 10:00" in page
    assert appointment.client.phone == "+447911123456"
    assert len(mail.outbox) == 1


def test_slot_taken_meanwhile_keeps_input_and_offers_alternatives(frozen, client, artist):
    AppointmentFactory(artist=artist, start=TUE_10, blocked_until=TUE_10 + timedelta(minutes=45))
    response = client.post(BOOK, form_data())
    assert response.status_code == 409
    html = response.content.decode()
    assert "just been taken" in html
    assert 'id="alternatives"' in html
    assert 'value="2026-12-01T10:45:00+00:00"' in html
    assert 'value="alex@example.com"' in html  # nothing typed is lost
    assert Client.objects.count() == 1  # the one from the factory only


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"slot": "2026-11-29T10:00:00+00:00"}, "in the past"),
        ({"slot": "garbage"}, "listed times"),
        ({"slot": ""}, "choose a time"),
        ({"phone": "123"}, "valid phone"),
        ({"email": "alex@"}, "valid email"),
        ({"full_name": " "}, "enter your full name"),
    ],
)
def test_invalid_input_shows_a_clear_message_and_stores_nothing(frozen, client, artist, overrides, message):
    response = client.post(BOOK, form_data(**overrides))
    assert response.status_code == 422
    assert message in response.content.decode().lower().replace("e-mail", "email")
    assert Appointment.objects.count() == 0


def test_honeypot_stops_bots(frozen, client, artist):
    response = client.post(BOOK, form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert Appointment.objects.count() == 0


@override_settings(BOOKING_RATE_LIMIT="1/h")
def test_booking_form_is_rate_limited(frozen, client, artist):
    cache.clear()
    assert client.post(BOOK, form_data()).status_code == 302
    response = client.post(BOOK, form_data(slot=london(2026, 12, 1, 11, 0).isoformat()))
    assert response.status_code == 429
    assert b"Too many booking attempts" in response.content


def test_html_is_escaped(frozen, client, artist):
    client.post(BOOK, form_data(full_name="<script>alert(1)</script>"))
    appointment = Appointment.objects.get()
    page = client.get(reverse("bookings:confirmed", args=[make_manage_token(appointment)])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


class TestManageLink:
    @pytest.fixture
    def appointment(self, frozen, artist, details):
        return book_consultation(start=TUE_10, client_details=details)

    def test_shows_the_booking_with_cancel_and_move(self, client, appointment):
        response = client.get(reverse("bookings:manage", args=[make_manage_token(appointment)]))
        assert response.status_code == 200
        assert b"Cancel this consultation" in response.content
        assert b"Move my consultation" in response.content

    @pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: "nonsense", lambda t: t.upper()])
    def test_tampered_tokens_are_a_friendly_404(self, client, appointment, mangle):
        token = mangle(make_manage_token(appointment))
        for name in ("bookings:manage", "bookings:confirmed"):
            response = client.get(reverse(name, args=[token]))
            assert response.status_code == 404
            assert b"isn't valid any more" in response.content
        assert client.post(reverse("bookings:cancel", args=[token])).status_code == 404

    def test_links_expire_after_the_appointment(self, client, appointment, time_machine):
        time_machine.move_to(appointment.end + timedelta(hours=2), tick=False)
        assert client.get(reverse("bookings:manage", args=[make_manage_token(appointment)])).status_code == 404

    def test_cancel(self, client, appointment):
        token = make_manage_token(appointment)
        response = client.post(reverse("bookings:cancel", args=[token]), follow=True)
        assert b"has been cancelled" in response.content
        appointment.refresh_from_db()
        assert appointment.status == Appointment.Status.CANCELLED
        again = client.post(reverse("bookings:cancel", args=[token]), follow=True)
        assert b"already been cancelled" in again.content

    def test_cancel_asks_first(self, client, appointment):
        response = client.get(reverse("bookings:cancel", args=[make_manage_token(appointment)]))
        assert response.status_code == 200
        assert b"Yes, cancel it" in response.content
        appointment.refresh_from_db()
        assert appointment.status == Appointment.Status.BOOKED

    def test_reschedule(self, client, appointment):
        url = reverse("bookings:manage", args=[make_manage_token(appointment)])
        new = london(2026, 12, 2, 11, 0)
        response = client.post(url, {"slot": new.isoformat(), "date": "2026-12-02", "artist": ""})
        assert response.status_code == 302
        appointment.refresh_from_db()
        assert appointment.start == new

    def test_reschedule_into_a_taken_slot(self, client, appointment, artist):
        AppointmentFactory(artist=artist, start=london(2026, 12, 2, 11, 0))
        url = reverse("bookings:manage", args=[make_manage_token(appointment)])
        response = client.post(url, {"slot": london(2026, 12, 2, 11, 0).isoformat(), "date": "2026-12-02"})
        assert response.status_code == 409
        assert b"just been taken" in response.content
        appointment.refresh_from_db()
        assert appointment.start == TUE_10


class TestStaffList:
    URL = "/staff/consultations/"

    def test_anonymous_is_sent_to_login(self, client):
        response = client.get(self.URL)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    @pytest.mark.parametrize("role", [roles.CLIENT, roles.ARTIST])
    def test_other_roles_are_forbidden(self, client, role):
        user = UserFactory()
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        client.force_login(user)
        assert client.get(self.URL).status_code == 404

    def test_staff_see_upcoming_and_filter(self, frozen, client, artist, django_assert_max_num_queries):
        other = ArtistFactory(display_name="Priya")
        for hour in (9, 10, 11):
            AppointmentFactory(artist=artist, start=london(2026, 12, 1, hour, 0))
        AppointmentFactory(artist=other, start=london(2026, 12, 3, 10, 0))
        AppointmentFactory(artist=artist, start=london(2026, 11, 1, 10, 0))  # past: hidden by default
        user = UserFactory()
        user.groups.add(Group.objects.get_or_create(name=roles.STAFF)[0])
        client.force_login(user)
        with django_assert_max_num_queries(12):  # 10, and one per flag provider (intake, consent)
            html = client.get(self.URL).content.decode()
        assert html.count("<tr>") == 1 + 4
        filtered = client.get(self.URL, {"artist": other.pk}).content.decode()
        assert filtered.count("<tr>") == 1 + 1
        dated = client.get(self.URL, {"date_from": "2026-12-03", "date_to": "2026-12-03"}).content.decode()
        assert dated.count("<tr>") == 1 + 1
        assert (
            "must be on or before"
            in client.get(self.URL, {"date_from": "2026-12-03", "date_to": "2026-12-01"}).content.decode()
        )

    def test_login_by_email_any_case(self, client):
        UserFactory(email="reception@example.com", password="s3cret-pass-word")
        response = client.post(
            "/accounts/login/", {"username": "Reception@Example.com", "password": "s3cret-pass-word"}
        )
        assert response.status_code == 302


def test_staff_list_refuses_absurd_dates_without_an_error_page(frozen, client, admin_user):
    client.force_login(admin_user)
    response = client.get("/staff/consultations/", {"date_to": "9999-12-31"})
    assert response.status_code == 200
    assert "between 2000 and 2100" in response.content.decode()


def test_with_the_cache_unreachable_bookings_are_still_taken(frozen, client, artist, settings, caplog):
    """Rate limits count in Redis; when it is down the limit is skipped (and logged), not the booking."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
    }
    response = client.post(BOOK, form_data())
    assert response.status_code == 302
    assert Appointment.objects.count() == 1
    assert "rate limit not checked for booking" in caplog.text


def test_booking_with_someone_elses_email_neither_reveals_nor_rewrites_their_record(frozen, client, artist):
    victim = ClientFactory(full_name="Jamie Walsh", email="client@example.com", phone="+447911123456")
    response = client.post(
        "/book/", form_data(full_name="Mallory Impostor", email="CLIENT@example.com", phone="07912 345678"), follow=True
    )
    html = response.content.decode()
    assert "Mallory Impostor" in html and "Jamie Walsh" not in html
    victim.refresh_from_db()
    assert (victim.full_name, victim.phone) == ("Jamie Walsh", "+447911123456")
    appointment = Appointment.objects.get()
    assert appointment.booked_differently


def test_overlong_email_is_a_field_error(frozen, client, artist):
    response = client.post("/book/", form_data(email="a" * 250 + "@example.com"))
    assert response.status_code == 422
    assert not Appointment.objects.exists()


@override_settings(BOOKING_RATE_LIMIT="2/h")
def test_typos_do_not_use_up_the_rate_limit(frozen, client, artist):
    cache.clear()
    for _ in range(5):
        assert client.post("/book/", form_data(phone="123")).status_code == 422
    assert client.post("/book/", form_data()).status_code == 302


def test_changing_day_or_artist_keeps_what_was_typed(frozen, client, artist):
    response = client.post(
        "/book/", form_data(navigate="date:2026-12-02", slot="", full_name="Mallory Impostor", phone="07912 345678")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Mallory Impostor"' in html and 'value="07912 345678"' in html
    assert "Times on Wednesday 2 December" in html
    assert "Please check" not in html  # navigating shows no errors
    assert not Appointment.objects.exists()


def test_staff_list_hides_cancelled_by_default(frozen, client, artist, admin_user):
    AppointmentFactory(artist=artist, start=TUE_10, status="cancelled", cancelled_at=TUE_10)
    AppointmentFactory(artist=artist, start=TUE_10 + timedelta(hours=2))
    client.force_login(admin_user)
    assert client.get("/staff/consultations/").content.decode().count("<tr>") == 2
    assert client.get("/staff/consultations/", {"status": "all"}).content.decode().count("<tr>") == 3


# -- the picker: whose times, in place with htmx, wording of errors (issue 12, items 2, 4, 5) -------------------


@pytest.fixture
def robin(artist):
    return ArtistFactory(display_name="Robin", hours={d: [(time(9), time(12))] for d in range(7)})


class TestRescheduleKeepsTheArtist:
    @pytest.fixture
    def appointment(self, frozen, artist, robin, details):
        return book_consultation(start=TUE_10, artist_id=artist.pk, client_details=details)

    def test_the_page_shows_the_booked_artists_times_and_says_so(self, client, appointment, artist, robin):
        AppointmentFactory(artist=artist, start=london(2026, 12, 2, 11, 0))  # Sam is busy then, Robin is not
        html = client.get(reverse("bookings:manage", args=[make_manage_token(appointment)]), {"date": "2026-12-02"})
        html = html.content.decode()
        assert "Now: Tuesday 1 December, 10:00 with Sam." in html
        assert "Times on Wednesday 2 December with Sam" in html
        assert f'<option value="{artist.pk}" selected>Sam</option>' in html
        assert f'name="artist" value="{artist.pk}"' in html  # what the move posts
        assert 'value="2026-12-02T11:00:00+00:00"' not in html  # only Robin is free: not offered

    def test_any_artist_only_when_the_client_picks_it(self, client, appointment, artist, robin):
        AppointmentFactory(artist=artist, start=london(2026, 12, 2, 11, 0))
        url = reverse("bookings:manage", args=[make_manage_token(appointment)])
        html = client.get(url, {"date": "2026-12-02", "artist": ""}).content.decode()
        assert "Times on Wednesday 2 December (any artist)" in html
        assert 'value="2026-12-02T11:00:00+00:00"' in html

    def test_moving_says_with_whom_before_and_after(self, client, appointment, artist):
        url = reverse("bookings:manage", args=[make_manage_token(appointment)])
        new = london(2026, 12, 2, 11, 0)
        response = client.post(url, {"slot": new.isoformat(), "date": "2026-12-02", "artist": str(artist.pk)})
        html = client.get(response["Location"]).content.decode()
        assert (
            "your consultation is now on Wednesday 2 December at 11:00 with Sam "
            "(it was Tuesday 1 December at 10:00 with Sam)" in html
        )
        appointment.refresh_from_db()
        assert (appointment.start, appointment.artist) == (new, artist)


def test_changing_the_artist_without_show_times_shows_their_times_again(frozen, client, artist, robin):
    """No JavaScript, artist changed after the (any-artist) times were shown: no booking, no unnamed error."""
    AppointmentFactory(artist=robin, start=TUE_10)  # 10:00 is Sam's only
    response = client.post(BOOK, form_data(artist=str(robin.pk), shown_artist=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "You changed the artist, so these are Robin&#x27;s times" in html
    assert "Times on Tuesday 1 December with Robin" in html
    assert "working hours" not in html and "Please check" not in html
    assert 'value="Alex  Morgan"' in html  # what was typed stays
    assert Appointment.objects.count() == 1  # Robin's, from above


def test_a_time_outside_the_chosen_artists_hours_names_them(frozen, client, artist):
    off_hours = ArtistFactory(display_name="Robin", hours={d: [(time(14), time(17))] for d in range(7)})
    response = client.post(BOOK, form_data(artist=str(off_hours.pk), shown_artist=str(off_hours.pk)))
    assert response.status_code == 422
    assert "10:00 on Tuesday 1 December is outside Robin&#x27;s working hours" in response.content.decode()


def test_htmx_gets_only_the_picker_and_responses_vary_on_it(frozen, client, artist, details):
    response = client.post(BOOK, form_data(navigate="date:2026-12-02", slot=""), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="picker"') and "<html" not in html
    assert "Times on Wednesday 2 December (any artist)" in html
    assert "HX-Request" in response["Vary"]
    assert "<html" in client.post(BOOK, form_data(navigate="date:2026-12-02", slot="")).content.decode()

    appointment = book_consultation(start=TUE_10, client_details=details)
    url = reverse("bookings:manage", args=[make_manage_token(appointment)])
    partial = client.get(url, {"date": "2026-12-02"}, headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<div id="picker"')
    assert "HX-Request" in partial["Vary"]


def test_the_booking_page_loads_htmx_configured_for_the_csp(frozen, client, artist):
    html = client.get(BOOK).content.decode()
    assert '"includeIndicatorStyles": false' in html
    assert "vendor/htmx/htmx-2.0.11.min.js" in html and "js/picker.js" in html
    assert 'hx-post="/book/"' in html


def test_later_dates_are_a_button_outside_the_scrolling_strip(frozen, client, artist):
    html = client.get(BOOK).content.decode()
    pager = html.index('class="d-flex gap-2 day-pager"')
    assert pager < html.index('class="day-strip"')
    assert "Later dates ›" in html[pager : html.index('class="day-strip"')]


def test_errors_say_what_to_do_without_field_names(frozen, client, artist):
    empty = {key: "" for key in form_data()}
    response = client.post(BOOK, empty)
    assert response.status_code == 422
    html = response.content.decode()
    for message in (
        "Please choose a time.",
        "Please enter your full name.",
        "Please enter your e-mail address",
        "Please enter a phone number",
        "Please choose what you&#x27;d like to discuss.",
    ):
        assert f">{message}" in html
    assert "This field is required" not in html
    assert "Slot:" not in html and "Full name: " not in html
    assert html.count('class="alert-link"') == 5  # readable on the red summary


# -- the confirmation page and the cancel link (items 6, 21) --------------------------------------------------


def test_confirmation_has_calendar_links_map_and_what_to_bring(frozen, client, artist):
    response = client.post(BOOK, form_data(full_name="jamie  o'neill"), follow=True)
    html = response.content.decode()
    assert "You're booked in, Jamie</h1>" in html
    assert 'Booked for <strong id="booked-name">jamie o&#x27;neill</strong>' in html  # as typed
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in html
    assert "dates=20261201T100000Z%2F20261201T103000Z" in html
    assert "https://outlook.live.com/calendar/0/deeplink/compose?" in html
    assert "startdt=2026-12-01T10%3A00%3A00Z" in html
    assert 'href="https://www.google.com/maps/search/?api=1&amp;query=' in html
    assert "What to bring" in html and "What to expect" in html
    appointment = Appointment.objects.get()
    ics_url = reverse("bookings:calendar_file", args=[make_manage_token(appointment)])
    assert f'href="http://testserver{ics_url}"' in html or f'href="{ics_url}"' in html.replace("http://", "")
    ics = client.get(ics_url)
    assert ics["Content-Type"].startswith("text/calendar")
    assert "attachment" in ics["Content-Disposition"]
    assert f"UID:{appointment.public_id}@".encode() in ics.content


def test_the_calendar_file_needs_a_valid_token(frozen, client, artist):
    assert client.get(reverse("bookings:calendar_file", args=["nonsense"])).status_code == 404


def test_confirmation_shows_the_email_as_typed_not_as_stored(frozen, client, artist):
    ClientFactory(full_name="Jamie Walsh", email="jamie.walsh@example.com")
    response = client.post(BOOK, form_data(full_name="Jamie Walsh", email="Jamie.Walsh@Example.com"), follow=True)
    html = response.content.decode()
    assert '<strong id="booked-email">Jamie.Walsh@Example.com</strong>' in html
    assert "jamie.walsh@example.com" not in html
    assert Appointment.objects.get().client.email == "jamie.walsh@example.com"  # the record is unchanged


def test_a_cancel_link_for_a_cancelled_booking_says_so(frozen, client, artist, details):
    appointment = book_consultation(start=TUE_10, client_details=details)
    url = reverse("bookings:cancel", args=[make_manage_token(appointment)])
    client.post(url)
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This consultation is already cancelled" in html
    assert "It was cancelled on Monday 30 November 2026" in html
    assert "Yes, cancel it" not in html and "<form" not in html.split("<main", 1)[1]
