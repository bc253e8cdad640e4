"""UK GDPR erasure: no trace of the person in any table, financial records kept, time and reminders freed."""

from decimal import Decimal

import factory.random
import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from bookings.models import Appointment, TreatmentPlan
from bookings.selectors import available_slots
from clients.models import PrivacyAction
from outbox.models import Reminder
from quotes.models import Quote
from records.erasure import ErasureError, erase_client
from tests.helpers import london

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _names_of_nobody_else_match(request):
    """The other people in the world get Faker names, and "Walsh" is a common British one: fixed names
    (a seeded Faker, before the world is built) so a trace found after erasure is always the client's."""
    factory.random.reseed_random("erasure: other people's names")


TRACES = [
    "Jamie",
    "Walsh",
    "jamie.walsh",
    "7700900123",
    "7700900999",
    "1985-03-14",
    "Park Road",
    "Keloid",
    "Scar behind",
]


def every_text_in_the_database() -> str:
    """Every row of every table (history, reminders, users, …) as text."""
    chunks = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT t::text FROM {table} t")  # noqa: S608 (table names from the models)
            chunks.extend(row[0] for row in cursor.fetchall())
    return "\n".join(chunks)


def erase(client, world, *, confirmation=None, reason="Request ref 2026-11-30/4"):
    client.force_login(world["users"]["manager"])
    pk = world["client"].pk
    return client.post(
        reverse("records:erase", args=[pk]), {"confirmation": confirmation or f"ERASE {pk}", "reason": reason}
    )


def test_no_trace_left_and_financial_records_kept(client, world, django_capture_on_commit_callbacks):
    text = every_text_in_the_database()
    assert all(trace in text for trace in TRACES)  # the test can fail: the data was there
    quote = world["quote"]
    number, total, pdf_name = quote.number, quote.total, quote.pdf.name
    storage = quote.pdf.storage
    assert storage.exists(pdf_name)

    with django_capture_on_commit_callbacks(execute=True):  # the PDF goes once the erasure commits
        response = erase(client, world)
    assert response.status_code == 302

    text = every_text_in_the_database()
    left = [trace for trace in TRACES if trace.casefold() in text.casefold()]
    assert left == []
    quote.refresh_from_db()
    assert (quote.number, quote.total, quote.status) == (number, total, "issued") and total > Decimal(0)
    assert quote.pdf.name == "" and not storage.exists(pdf_name)
    c = world["client"]
    c.refresh_from_db()
    assert c.full_name == f"Erased client #{c.pk}" and c.user is None
    owner = world["users"]["owner"]
    owner.refresh_from_db()
    assert not owner.is_active and not owner.has_usable_password()
    action = PrivacyAction.objects.get(kind="erasure")
    assert action.by == world["users"]["manager"] and action.reason == "Request ref 2026-11-30/4"
    assert action.client_id == c.pk


def test_future_time_freed_and_reminders_cancelled(client, world, consultation):
    artist = world["artist"]
    day = london(2026, 12, 2, 0, 0).date()
    taken = london(2026, 12, 2, 14, 0)
    before = {
        s.start for s in available_slots(service=consultation, start_date=day, end_date=day, artist_id=artist.pk)[day]
    }
    assert taken not in before
    assert Reminder.objects.filter(client=world["client"], status="pending").exists()

    erase(client, world)

    assert set(Appointment.objects.filter(client=world["client"]).values_list("status", flat=True)) == {"cancelled"}
    after = {
        s.start for s in available_slots(service=consultation, start_date=day, end_date=day, artist_id=artist.pk)[day]
    }
    assert taken in after
    open_reminders = Reminder.objects.filter(client=world["client"], status__in=["pending", "sending"])
    assert not open_reminders.exists()
    notes = set(Reminder.objects.filter(client=world["client"]).values_list("note", flat=True))
    assert "client erased (UK GDPR)" in notes
    assert TreatmentPlan.objects.get(pk=world["plan"].pk).status == "cancelled"


def test_erasing_twice_is_refused_clearly(client, world):
    erase(client, world)
    response = erase(client, world)
    assert response.status_code == 409
    assert "already erased" in response.content.decode()
    assert PrivacyAction.objects.filter(kind="erasure").count() == 1
    with pytest.raises(ErasureError, match="already erased"):
        erase_client(client_id=world["client"].pk, by=None, confirmation=f"ERASE {world['client'].pk}", reason="again")


@pytest.mark.parametrize(
    ("confirmation", "reason", "message"),
    [
        ("ERASE 0", "Request ref 4", "Type ERASE"),
        ("", "Request ref 4", "This field is required"),
        (None, " ", "required"),
    ],
)
def test_bad_confirmation_or_reason_changes_nothing(client, world, confirmation, reason, message):
    if confirmation == "":
        client.force_login(world["users"]["manager"])
        response = client.post(reverse("records:erase", args=[world["client"].pk]), {"reason": reason})
    else:
        response = erase(client, world, confirmation=confirmation, reason=reason)
    assert response.status_code == 422
    assert message in response.content.decode()
    world["client"].refresh_from_db()
    assert world["client"].full_name == "Jamie Walsh"
    assert not PrivacyAction.objects.exists()


def test_confirmation_page_names_what_happens(client, world):
    client.force_login(world["users"]["manager"])
    html = client.get(reverse("records:erase", args=[world["client"].pk])).content.decode()
    assert f"Type ERASE {world['client'].pk} to confirm" in html and "Issued quotes keep their numbers" in html


def test_erasure_shows_in_the_audit_trail_without_personal_data(client, world):
    erase(client, world)
    html = client.get(reverse("records:client_audit", args=[world["client"].pk])).content.decode()
    assert "UK GDPR erasure" in html and "Client erased" in html
    assert "Jamie" not in html


def test_other_clients_are_untouched(client, world):
    other = world["other_client"]
    erase(client, world)
    other.refresh_from_db()
    assert other.full_name == "Other Person"


def test_a_team_account_linked_to_the_client_is_unlinked_not_disabled(client, world):
    staff = world["users"]["staff"]
    world["client"].user = staff  # e.g. linked by mistake in the admin
    world["client"].save()
    assert erase(client, world).status_code == 302
    staff.refresh_from_db()
    world["client"].refresh_from_db()
    assert staff.is_active and staff.has_usable_password() and "erased" not in staff.email
    assert world["client"].user is None


def test_an_erasure_rolled_back_keeps_the_stored_pdf(world):
    from django.db import transaction

    from records.erasure import erase_client

    quote = world["quote"]
    pk = world["client"].pk
    with pytest.raises(RuntimeError), transaction.atomic():
        erase_client(client_id=pk, by=world["users"]["manager"], confirmation=f"ERASE {pk}", reason="request 42")
        raise RuntimeError("something after it failed")
    assert quote.pdf.storage.exists(quote.pdf.name)
    world["client"].refresh_from_db()
    assert world["client"].full_name == "Jamie Walsh"


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff", 403), ("artist", 404), ("other_artist", 404), ("owner", 404), ("other_client", 404)],
)
def test_non_managers_cannot_erase(client, world, who, status):
    client.force_login(world["users"][who])
    url = reverse("records:erase", args=[world["client"].pk])
    assert client.get(url).status_code == status
    pk = world["client"].pk
    assert client.post(url, {"confirmation": f"ERASE {pk}", "reason": "because"}).status_code == status
    world["client"].refresh_from_db()
    assert world["client"].full_name == "Jamie Walsh"
    assert Quote.objects.get(pk=world["quote"].pk).pdf
