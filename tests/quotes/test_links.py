"""The client's quote link: names a random id (not the sequential key or number), and stops working
QUOTE_LINK_DAYS_AFTER_CLOSE days after the quote is accepted, declined or lapses (a clear 410 page)."""

import re
from datetime import time, timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse

from quotes.services import accept_quote, expire_quotes, issue_quote, save_draft
from tests.bookings.factories import ArtistFactory
from tests.helpers import london

pytestmark = pytest.mark.django_db


@pytest.fixture
def quote(frozen, consultation, policy, session_services, spacing, client_record, django_capture_on_commit_callbacks):
    ArtistFactory(hours={d: [(time(9), time(18))] for d in range(6)})
    with django_capture_on_commit_callbacks(execute=True):
        return issue_quote(quote_id=save_draft(client=client_record, treatment_type="crown").pk)


def link_in_email() -> str:
    return re.search(r"http://testserver(/q/\S+/)", mail.outbox[-1].body).group(1)


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))


def test_the_link_names_a_random_id_not_the_quotes_key_or_number(client, quote):
    link = link_in_email()
    token = link.split("/")[2]
    assert signing.Signer(salt="quotes.client-link").unsign(token) == str(quote.public_id)
    assert quote.number not in link and not re.search(rf"/q/{quote.pk}:", link)
    assert client.get(link).status_code == 200
    assert client.get(link + "pdf/").status_code == 200


def test_an_old_link_naming_the_key_redirects_to_the_current_one(client, quote):
    old = signing.Signer(salt="quotes.client-link").sign(str(quote.pk))
    response = client.get(reverse("quotes:client_quote", args=[old]))
    assert response.status_code == 302 and response.url == link_in_email()


def test_the_link_stops_working_days_after_acceptance(client, quote, time_machine, settings):
    settings.QUOTE_LINK_DAYS_AFTER_CLOSE = 10
    link = link_in_email()
    accept_quote(quote_id=quote.pk, typed_name="Jamie Walsh")  # Monday 30 November, 08:00
    time_machine.move_to(london(2026, 12, 10, 7, 59), tick=False)
    assert client.get(link).status_code == 200
    time_machine.move_to(london(2026, 12, 10, 8, 0), tick=False)
    closed = client.get(link)
    assert closed.status_code == 410
    page = text(closed)
    assert "This quote link has expired" in page and "You accepted this quote on 30 November 2026" in page
    assert reverse("portal:login") in closed.content.decode() and "0161 496 0000" in page
    assert client.get(link + "pdf/").status_code == 410
    assert client.post(link, {"answer": "decline"}).status_code == 410


def test_the_link_stops_working_days_after_a_decline(client, quote, time_machine, settings):
    settings.QUOTE_LINK_DAYS_AFTER_CLOSE = 3
    link = link_in_email()
    assert "Thank you for letting us know" in text(client.post(link, {"answer": "decline"}, follow=True))
    time_machine.move_to(london(2026, 12, 3, 8, 0), tick=False)
    closed = client.get(link)
    assert closed.status_code == 410 and "You declined this quote on 30 November 2026" in text(closed)


def test_the_link_stops_working_days_after_the_quote_lapses(client, quote, time_machine, settings):
    settings.QUOTE_LINK_DAYS_AFTER_CLOSE = 7
    link = link_in_email()
    last_day = quote.valid_until  # still answerable to its end, then "expired" for 7 days, then closed
    time_machine.move_to(london(last_day.year, last_day.month, last_day.day, 12, 0) + timedelta(days=1), tick=False)
    expire_quotes()
    expired = client.get(link)
    assert expired.status_code == 200 and "Expired" in text(expired)
    closes = london(last_day.year, last_day.month, last_day.day, 0, 0) + timedelta(days=8)
    time_machine.move_to(closes - timedelta(minutes=1), tick=False)
    assert client.get(link).status_code == 200
    time_machine.move_to(closes, tick=False)
    closed = client.get(link)
    assert closed.status_code == 410
    assert f"This quote was valid until {last_day:%-d %B %Y}" in text(closed) and "new one" in text(closed)
