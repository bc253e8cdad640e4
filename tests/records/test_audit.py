"""The audit trail: every write records who, when and why; managers read it field by field."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from bookings.models import Appointment
from bookings.services import record_outcome
from clients.models import Client
from quotes.models import Quote
from quotes.tasks import expire_old_quotes
from tests.helpers import london, user_with

pytestmark = pytest.mark.django_db

HistoricalClient = Client.history.model
HistoricalAppointment = Appointment.history.model
HistoricalQuote = Quote.history.model


def test_staff_edit_records_user_reason_and_fields(client, world):
    staff = world["users"]["staff"]
    client.force_login(staff)
    c = world["client"]
    data = {
        "full_name": c.full_name,
        "email": c.email,
        "phone": "07911 123457",
        "concern": c.concern,
        "hair_loss_scale": "",
        "address": c.address,
    }
    response = client.post(reverse("clients:edit", args=[c.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    row = HistoricalClient.objects.filter(id=c.pk).latest("history_date", "history_id")
    assert row.history_user == staff
    assert row.history_change_reason == "On the client details page"
    assert row.phone == "+447911123457"


def test_public_booking_form_is_named_as_the_reason(client, world):
    consult = world["consultation"]  # booked through the service: no request, no reason
    assert HistoricalAppointment.objects.get(id=consult.pk).history_change_reason is None
    response = client.post(
        "/book/",
        {
            "slot": london(2026, 12, 3, 11, 0).isoformat(),
            "date": "2026-12-03",
            "artist": "",
            "full_name": "Robin Public",
            "email": "robin@example.com",
            "phone": "07911 123456",
            "concern": "crown",
            "website": "",
        },
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get(client__email="robin@example.com")
    row = HistoricalAppointment.objects.get(id=appointment.pk)
    assert row.history_change_reason == "Public booking form"
    assert row.history_user is None


def test_portal_changes_carry_the_clients_user(client, world):
    client.force_login(world["users"]["owner"])
    session = world["session"]
    url = reverse("portal:move_session", args=[session.pk])
    response = client.post(url, {"slot": london(2026, 12, 1, 14, 0).isoformat()})
    assert response.status_code == 302, response.content.decode()[:3000]
    row = HistoricalAppointment.objects.filter(id=session.pk).latest("history_date", "history_id")
    assert row.history_user == world["users"]["owner"]
    assert row.history_change_reason == "Client portal"


def test_celery_task_expiry_is_recorded_with_history(world, time_machine):
    quote = world["quote"]
    time_machine.move_to(london(2027, 3, 1, 9, 0), tick=False)
    expire_old_quotes.apply()
    quote.refresh_from_db()
    assert quote.status == Quote.Status.EXPIRED
    row = HistoricalQuote.objects.filter(id=quote.pk).latest("history_date", "history_id")
    assert row.status == "expired"
    assert row.history_change_reason == "Task expire_old_quotes"


def test_revision_superseding_is_recorded(world):
    from quotes.services import issue_quote, revise_quote

    revision = revise_quote(quote_id=world["quote"].pk)
    issue_quote(quote_id=revision.pk)
    statuses = list(
        HistoricalQuote.objects.filter(id=world["quote"].pk).order_by("history_date").values_list("status", flat=True)
    )
    assert statuses[-1] == "superseded"


def test_management_command_names_itself(db, consultation, policy, session_services, spacing, frozen):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert HistoricalClient.objects.exists()
    assert set(HistoricalClient.objects.values_list("history_change_reason", flat=True)) == {"Command seed_demo"}


def test_client_audit_page_shows_field_changes_in_clinic_time(client, world, time_machine):
    session = world["session"]
    time_machine.move_to(london(2026, 12, 1, 12, 0), tick=False)
    record_outcome(appointment_id=session.pk, outcome="completed")
    client.force_login(world["users"]["manager"])
    html = client.get(reverse("records:client_audit", args=[world["client"].pk])).content.decode()
    assert "Status</strong>: Booked → Attended" in html
    assert "1 Dec 2026 12:00:00" in html  # 12:00 UTC in winter is 12:00 London
    assert "Shade 3" in html  # the session note's creation, field by field
    assert "Session note <" in html and "Quote (draft) <" in html and "Screening <" in html
    assert f"Quote {world['quote'].number}" in html
    assert world["other_client"].full_name not in html


def test_changed_relations_are_named_not_numbered(client, world):
    """An artist swap or a "created by" reads as the people involved, not as "#2 → #3"."""
    session = world["session"]
    old = world["artist"]
    new = type(old).objects.exclude(pk=old.pk).first()
    session.artist = new
    session.save()
    client.force_login(world["users"]["manager"])
    html = client.get(reverse("records:client_audit", args=[world["client"].pk])).content.decode()
    assert f"Artist</strong>: {old} → {new}" in html
    assert f"#{old.pk} →" not in html


def test_client_page_links_to_the_trail_for_managers_only(client, world):
    url = reverse("records:client", args=[world["client"].pk])
    trail = reverse("records:client_audit", args=[world["client"].pk])
    client.force_login(world["users"]["manager"])
    assert trail in client.get(url).content.decode()
    client.force_login(world["users"]["staff"])
    assert trail not in client.get(url).content.decode()


def test_clinic_wide_trail_filters(client, world):
    manager = world["users"]["manager"]
    client.force_login(manager)
    url = reverse("records:audit_trail")
    html = client.get(url, {"kind": "quote"}).content.decode()
    assert f"Quote {world['quote'].number}" in html and "Session 1," not in html
    staff = world["users"]["staff"]
    c = world["other_client"]
    client.force_login(staff)
    client.post(
        reverse("clients:edit", args=[c.pk]),
        {"full_name": "Other Person", "email": c.email, "phone": "07911 123458", "concern": "crown"},
    )
    client.force_login(manager)
    html = client.get(url, {"user": staff.pk}).content.decode()
    assert (
        f'Client record <span class="text-muted">changed</span><br><a class="small" href="{reverse("records:client_audit", args=[c.pk])}">Other Person</a>'
        in html
    )
    assert "Quote Q-" not in html
    html = client.get(url, {"since": "2027-01-01"}).content.decode()
    assert "No changes recorded." in html
    response = client.get(url, {"since": "2026-12-31", "until": "2026-01-01"})
    assert response.status_code == 422
    assert "The end date must not be before the start date." in response.content.decode()
    assert client.get(url, {"since": "not-a-date"}).status_code == 422


def test_pagination(client, world):
    c = world["other_client"]
    for n in range(60):
        c.area_notes = f"note {n}"
        c.save()
    client.force_login(world["users"]["manager"])
    url = reverse("records:client_audit", args=[c.pk])
    first = client.get(url).content.decode()
    # 61 changes (the creation and 60 edits), 25 a page.
    assert "Page 1 of 3" in first and "note 59" in first and "note 34<" not in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "Page 2 of 3" in second and "note 34<" in second


def _grow(world, n):
    c = world["client"]
    for i in range(n):
        c.area_notes = f"change {i}"
        c.save()


@pytest.mark.parametrize("name", ["records:client_audit", "records:audit_trail"])
def test_query_count_does_not_grow_with_the_data(client, world, django_assert_max_num_queries, name):
    client.force_login(world["users"]["manager"])
    url = reverse(name, args=[world["client"].pk]) if name == "records:client_audit" else reverse(name)
    _grow(world, 3)
    # 2 + 2 per history table + 1 per related model named in the changes: fixed by the schema, not the data.
    with django_assert_max_num_queries(30) as small:
        assert client.get(url).status_code == 200
    _grow(world, 120)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert "Page 2 of" in client.get(url, {"page": 2}).content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff", 403), ("artist", 404), ("other_artist", 404), ("owner", 404), ("other_client", 404)],
)
def test_only_managers_read_the_trail(client, world, who, status):
    client.force_login(world["users"][who])
    assert client.get(reverse("records:client_audit", args=[world["client"].pk])).status_code == status
    assert client.get(reverse("records:audit_trail")).status_code == status


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("records:audit_trail"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_manager_permission_comes_from_the_group(world):
    assert world["users"]["manager"].has_perm("clients.view_audit_trail")
    assert not world["users"]["staff"].has_perm("clients.view_audit_trail")
    assert user_with("Manager").has_perm("clients.erase_client")


def test_api_booking_and_manage_link_are_named(client, world):
    import json

    from bookings.tokens import make_manage_token

    body = {
        "start": london(2026, 12, 3, 11, 0).isoformat(),
        "name": "Robin Api",
        "email": "robin.api@example.com",
        "phone": "07911 123456",
        "concern": "hairline",
    }
    response = client.post("/api/v1/consultations", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    appointment = Appointment.objects.get(client__email="robin.api@example.com")
    assert HistoricalAppointment.objects.get(id=appointment.pk).history_change_reason == "Booking API"
    token = make_manage_token(appointment)
    assert client.post(reverse("bookings:cancel", args=[token])).status_code == 302
    row = HistoricalAppointment.objects.filter(id=appointment.pk).latest("history_date", "history_id")
    assert (row.status, row.history_change_reason) == ("cancelled", "Client's booking link (cancel)")
