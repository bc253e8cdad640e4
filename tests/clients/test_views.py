"""Client pages for staff: search (indexed, paginated), adding and editing a record, the consent form."""

import pytest
from django.db import connection
from django.urls import reverse

from clients.models import Client
from tests.clients.factories import ClientFactory
from tests.clinic.factories import UserFactory
from tests.helpers import london
from tests.roundtrip import form_data

pytestmark = pytest.mark.django_db


def test_search_by_name_email_and_national_phone(client, staff):
    ClientFactory(full_name="Jordan Price", email="jp@example.com", phone="+447911123456")
    ClientFactory(full_name="Casey Fox", email="casey@example.com", phone="+447912345678")
    for query in ("jordan", "JP@EXAMPLE", "07911 123", "+44 7911"):
        html = client.get(reverse("clients:search"), {"q": query}).content.decode()
        assert "Jordan Price" in html and "Casey Fox" not in html, query


def test_search_is_paginated_with_constant_queries(client, staff, django_assert_max_num_queries):
    Client.objects.bulk_create(
        Client(full_name=f"Client {n:03d}", email=f"c{n}@example.com", phone="+447911123456") for n in range(60)
    )
    with django_assert_max_num_queries(8):
        page = client.get(reverse("clients:search"), {"q": "client"})
    assert page.context["page"].paginator.count == 60
    assert len(page.context["page"].object_list) == 25


def test_search_uses_the_trigram_index():
    Client.objects.bulk_create(
        Client(full_name=f"Name {n}", email=f"n{n}@example.com", phone="+447911123456") for n in range(2000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE clients_client")
        cursor.execute("SET LOCAL enable_seqscan = off")  # small table: ask whether the index *can* serve it
    plan = Client.objects.filter(full_name__icontains="name 12").explain()
    assert "clients_client_name_trgm" in plan


def test_edit_record_validates_and_keeps_input(client, staff):
    record = ClientFactory(full_name="Sam Lee", email="sam@example.com")
    ClientFactory(email="taken@example.com")
    url = reverse("clients:edit", args=[record.pk])
    data = {
        "full_name": "Sam Lee",
        "email": "TAKEN@example.com",
        "phone": "123",
        "concern": "crown",
        "hair_loss_scale": "norwood",
        "norwood_stage": "",
    }
    response = client.post(url, data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Another client already has this e-mail address" in html
    assert "valid phone number" in html
    assert "Norwood stage" in html
    data.update(email="sam@example.com", phone="07911 123456", norwood_stage="5")
    assert client.post(url, data).status_code == 302
    record.refresh_from_db()
    assert record.extent == "Norwood 5"


def test_consent_form_checks_the_typed_name(client, staff):
    record = ClientFactory(full_name="Sam Lee")
    url = reverse("clients:consent", args=[record.pk])
    assert "exactly as" in client.post(url, {"typed_name": "Someone Else"}).content.decode()
    assert client.post(url, {"typed_name": "sam lee"}).status_code == 302
    assert record.consents.count() == 1


def test_record_validation_matches_the_public_form(client, staff):
    record = ClientFactory(full_name="Sam Lee", email="sam@example.com")
    url = reverse("clients:edit", args=[record.pk])
    base = {"full_name": "Sam Lee", "email": "sam@example.com", "phone": "07911 123456", "concern": "crown"}
    for bad in (
        {"full_name": "1"},
        {"date_of_birth": "2030-01-01"},
        {"date_of_birth": "1800-01-01"},
        {"hair_loss_scale": "norwood", "norwood_stage": "9"},
    ):
        response = client.post(url, {**base, **bad})
        assert response.status_code == 422, bad
        assert "is violated" not in response.content.decode()


def test_reception_adds_a_client_and_books_by_phone_inside_the_online_notice(
    client, staff, frozen, consultation, policy, django_capture_on_commit_callbacks
):
    from datetime import time

    from django.core import mail

    from tests.bookings.factories import ArtistFactory

    ArtistFactory(display_name="Sam", hours={d: [(time(9), time(17))] for d in range(7)})
    data = {"full_name": "Pat Rowe", "email": "pat@example.com", "phone": "07911 123456", "concern": "crown"}
    response = client.post(reverse("clients:new"), data)
    record = Client.objects.get(email="pat@example.com")
    assert response["Location"] == reverse("records:client", args=[record.pk])
    assert client.post(reverse("clients:new"), {**data, "email": "PAT@example.com"}).status_code == 422  # unique

    url = reverse("bookings:book_for_client", args=[record.pk])
    past = client.post(url, {"slot": london(2026, 11, 30, 7, 0).isoformat()})
    assert past.status_code == 422 and "in the past" in past.content.decode()
    in_an_hour = london(2026, 11, 30, 9, 0).isoformat()
    assert f'value="{in_an_hour}"' in client.get(url).content.decode()  # listed: fine by phone
    with django_capture_on_commit_callbacks(execute=True):
        booked = client.post(url, {"slot": in_an_hour})
    assert booked.status_code == 302
    appointment = record.appointments.get()
    assert appointment.source == "staff" and appointment.start == london(2026, 11, 30, 9, 0)
    assert mail.outbox[-1].to == ["pat@example.com"]


@pytest.mark.parametrize("path", ["clients:new"])
def test_only_staff_add_clients(client, db, path):
    from django.contrib.auth.models import Group

    artist_user = UserFactory()
    artist_user.groups.add(Group.objects.get(name="Artist"))
    client.force_login(artist_user)
    assert client.get(reverse(path)).status_code == 404


def test_staff_forms_show_phones_as_dialled_and_store_e164(client, staff, admin_user):
    record = ClientFactory(full_name="Sam Lee", email="sam@example.com", phone="+447911123456")
    abroad = ClientFactory(full_name="Léa Martin", email="lea@example.com", phone="+33612345678")
    html = client.get(reverse("clients:edit", args=[record.pk])).content.decode()
    assert 'value="07911 123456"' in html and "+447911123456" not in html.split('name="phone"')[1][:200]
    assert "E.164" not in html
    assert 'value="+33 6 12 34 56 78"' in client.get(reverse("clients:edit", args=[abroad.pk])).content.decode()

    client.force_login(admin_user)
    url = reverse("admin:clients_client_change", args=[record.pk])
    html = client.get(url).content.decode()
    assert 'value="07911 123456"' in html and "E.164" not in html
    _, data = form_data(html, has_field="phone")
    data["phone"] = ["07912 345678"]
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    record.refresh_from_db()
    assert record.phone == "+447912345678"  # the admin stores what it shows in E.164, like the team's form
    assert "valid phone number" in client.post(url, {**data, "phone": "12"}).content.decode()


@pytest.mark.parametrize(
    ("query", "error"),
    [("Jordan\x00", "Null characters are not allowed"), ("j" * 101, "at most 100 characters (this has 101)")],
)
def test_search_with_invalid_input_shows_an_error_not_every_client(client, staff, query, error):
    ClientFactory(full_name="Jordan Price", email="jp@example.com")
    ClientFactory(full_name="Casey Fox", email="casey@example.com")
    response = client.get(reverse("clients:search"), {"q": query})
    html = response.content.decode()
    assert response.status_code == 400
    assert error in html and 'aria-invalid="true"' in html
    assert "Jordan Price" not in html and "Casey Fox" not in html
    assert "Nothing was searched" in html
