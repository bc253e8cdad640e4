"""/metrics: off by default, refused without the token or from outside the networks, and figures that move."""

from datetime import time, timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from bookings.services import book_consultation
from clients.services import ClientDetails
from outbox.tasks import dispatch_due_reminders
from tests.bookings.factories import ArtistFactory
from tests.clients.factories import ClientFactory
from tests.outbox.factories import top_up_rows

pytestmark = pytest.mark.django_db
TOKEN = "s3cret-scrape-token"
GOOD = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}
MIDDLEWARE = "ops.metrics.middleware.RequestMetricsMiddleware"


@pytest.fixture
def enabled(settings):
    settings.METRICS_ENABLED = True
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_IPS = []
    return settings


def scrape(client, **headers) -> dict[tuple, float]:
    response = client.get("/metrics", **{**GOOD, **headers})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert "no-store" in response["Cache-Control"]
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def test_off_by_default_even_with_the_token(client, settings):
    assert django_settings.METRICS_ENABLED is False and MIDDLEWARE not in django_settings.MIDDLEWARE
    settings.METRICS_TOKEN = TOKEN
    assert client.get("/metrics", **GOOD).status_code == 404


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_AUTHORIZATION": "Bearer wrong"},
        {"HTTP_AUTHORIZATION": TOKEN},
        {"HTTP_AUTHORIZATION": f"Basic {TOKEN}"},
    ],
)
def test_a_missing_or_wrong_token_is_a_404(client, enabled, headers):
    response = client.get("/metrics", **headers)
    assert response.status_code == 404
    assert b"clinic_" not in response.content


def test_enabled_with_no_rule_set_refuses_everyone(client, enabled):
    enabled.METRICS_TOKEN = ""
    assert client.get("/metrics", **GOOD).status_code == 404


@pytest.mark.parametrize(
    ("address", "allowed"), [("10.1.2.3", True), ("192.0.2.7", False), ("::1", True), ("2001:db8::1", False)]
)
def test_the_network_rule_alone(client, enabled, address, allowed):
    enabled.METRICS_TOKEN = ""
    enabled.METRICS_ALLOWED_IPS = ["10.0.0.0/8", "::1/128"]
    assert client.get("/metrics", REMOTE_ADDR=address).status_code == (200 if allowed else 404)


def test_behind_a_proxy_the_address_it_saw_counts_not_what_the_client_wrote(client, enabled):
    enabled.METRICS_TOKEN = ""
    enabled.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    enabled.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="10.9.9.9", **proxy).status_code == 200
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="10.9.9.9, 192.0.2.7", **proxy).status_code == 404


def test_with_both_rules_both_must_pass(client, enabled):
    enabled.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.5", **GOOD).status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.7", **GOOD).status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.5").status_code == 404


def test_the_figures_move_after_a_booking_and_a_sent_reminder(client, enabled, consultation, policy):
    ArtistFactory(hours={d: [(time(0), time(23, 45))] for d in range(7)})
    due = timezone.now() - timedelta(minutes=3)
    top_up_rows(2, client=ClientFactory(contact_consent=True), due_at=due, expires_at=due + timedelta(hours=1))
    before = scrape(client)
    top_up = ("kind", "top_up")
    assert before["clinic_outbox_due", (top_up,)] == 2
    assert 170 < before["clinic_outbox_oldest_due_age_seconds", ()] < 240
    assert before["clinic_outbox_messages_total", (top_up, ("status", "sent"))] == 0

    tomorrow = (timezone.localtime() + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    details = ClientDetails(full_name="Robin Lee", email="robin@example.com", phone="+447911123456")
    book_consultation(start=tomorrow, client_details=details, source="staff", online=False)
    dispatch_due_reminders.apply()  # eager here: the two top-ups (and the confirmation) are sent inline
    after = scrape(client)

    assert after["clinic_outbox_due", (top_up,)] == 0
    assert after["clinic_outbox_oldest_due_age_seconds", ()] == 0
    assert after["clinic_outbox_messages_total", (top_up, ("status", "sent"))] == 2
    consultations = (("kind", "consultation"), ("source", "staff"))
    assert after["clinic_bookings_total", consultations] == before.get(("clinic_bookings_total", consultations), 0) + 1
    sent = sum(
        v
        for (name, labels), v in after.items()
        if name == "clinic_outbox_messages_total" and ("status", "sent") in labels
    )
    assert sent == 3  # the top-ups and the booking's confirmation
    assert after["clinic_quotes_issued_total", ()] == 0


def test_quotes_issued_are_counted(client, enabled):
    from tests.quotes.factories import IssuedQuoteFactory

    IssuedQuoteFactory()
    assert scrape(client)["clinic_quotes_issued_total", ()] == 1


def test_the_number_of_queries_does_not_grow_with_the_data(client, enabled, django_assert_num_queries, consultation):
    scrape(client)  # the first request of a process loads what every later one reuses
    with django_assert_num_queries(3) as few:
        scrape(client)
    for _ in range(5):
        due = timezone.now() - timedelta(minutes=1)
        top_up_rows(20, due_at=due, expires_at=due + timedelta(hours=1))
    top_up_rows(10, status="failed")
    top_up_rows(10, status="skipped")
    with django_assert_num_queries(len(few.captured_queries)):
        figures = scrape(client)
    assert figures["clinic_outbox_due", (("kind", "top_up"),)] == 100


def test_request_latency_is_labelled_with_the_view_name_not_the_path(client, enabled):
    enabled.MIDDLEWARE = [MIDDLEWARE, *django_settings.MIDDLEWARE]
    key = ("clinic_http_request_duration_seconds_count", (("method", "GET"), ("status", "200"), ("view", "healthz")))
    unresolved = (
        "clinic_http_request_duration_seconds_count",
        (("method", "GET"), ("status", "404"), ("view", "<unresolved>")),
    )
    before = scrape(client)
    client.get("/healthz/")
    client.get("/healthz/")
    client.get("/no/such/page/12345/")
    after = scrape(client)
    assert after[key] == before.get(key, 0) + 2
    assert after[unresolved] == before.get(unresolved, 0) + 1
    assert not any("12345" in str(labels) for _, labels in after)
