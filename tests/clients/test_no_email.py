"""A client who booked by phone may have no e-mail address: saved, shown, and never mistaken for another."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from clients.models import Client
from clients.services import ClientDetails, upsert_client
from portal.forms import ContactForm
from portal.login_links import client_for_login, portal_user_for
from tests.clients.factories import ClientFactory
from tests.clinic.factories import UserFactory

pytestmark = pytest.mark.django_db

PHONE_ONLY = {"full_name": "Jo Bright", "email": "", "phone": "07911 123459", "concern": "crown"}


def test_reception_adds_clients_without_email_and_the_page_says_contact_by_phone(client, staff):
    first = client.post(reverse("clients:new"), PHONE_ONLY)
    second = client.post(reverse("clients:new"), {**PHONE_ONLY, "full_name": "Kim Ash", "phone": "07911 123460"})
    assert first.status_code == second.status_code == 302
    jo, kim = Client.objects.get(full_name="Jo Bright"), Client.objects.get(full_name="Kim Ash")
    assert jo.email == kim.email == "" and jo.phone == "+447911123459"
    html = client.get(reverse("records:client", args=[jo.pk])).content.decode()
    assert "No e-mail: contact by phone." in html and 'href="mailto:"' not in html
    search = client.get(reverse("clients:search"), {"q": "Jo Bright"}).content.decode()
    assert "no e-mail: by phone" in search
    assert str(jo) == "Jo Bright (no e-mail)"


def test_without_email_the_phone_is_required_with_a_message_that_says_why(client, staff):
    response = client.post(reverse("clients:new"), {**PHONE_ONLY, "phone": ""})
    assert response.status_code == 422
    assert "a client without an e-mail address is reached by phone" in response.content.decode()
    assert not Client.objects.exists()


def test_given_addresses_stay_unique_case_insensitively(client, staff):
    ClientFactory(email="pat@example.com")
    response = client.post(reverse("clients:new"), {**PHONE_ONLY, "email": "PAT@example.com"})
    assert (
        response.status_code == 422 and "Another client already has this e-mail address." in response.content.decode()
    )
    with pytest.raises(IntegrityError), transaction.atomic():  # the constraint, under the form
        Client.objects.create(full_name="X", email="Pat@Example.com", phone="+447911123456")
    Client.objects.create(full_name="A", email="", phone="+447911123456")
    Client.objects.create(full_name="B", email="", phone="+447911123457")  # two without: allowed


def test_an_address_added_later_is_saved_and_shown(client, staff):
    record = ClientFactory(full_name="Jo Bright", email="", phone="+447911123459")
    url = reverse("clients:edit", args=[record.pk])
    data = {**PHONE_ONLY, "email": "jo@example.com"}
    assert client.post(url, data).status_code == 302
    record.refresh_from_db()
    assert record.email == "jo@example.com"
    assert "mailto:jo@example.com" in client.get(reverse("records:client", args=[record.pk])).content.decode()


def test_the_address_of_a_client_with_a_portal_login_cannot_be_removed(client, staff):
    record = ClientFactory(email="jo@example.com", user=UserFactory(email="jo@example.com"))
    response = client.post(reverse("clients:edit", args=[record.pk]), {**PHONE_ONLY, "full_name": record.full_name})
    assert response.status_code == 422 and "change it, don&#x27;t remove it" in response.content.decode()
    record.refresh_from_db()
    assert record.email == "jo@example.com"


def test_the_clients_own_form_still_needs_an_address():
    record = ClientFactory(email="jo@example.com", phone="+447911123459")
    form = ContactForm({"email": "", "phone": "07911 123459"}, instance=record)
    assert not form.is_valid()
    assert form.errors["email"] == ["Please enter your e-mail address: you log in with it."]


def test_online_bookings_never_match_a_client_by_an_empty_address():
    ClientFactory(email="", full_name="Jo Bright")
    with pytest.raises(ValueError, match="e-mail"):
        upsert_client(details=ClientDetails(full_name="Someone", email=" ", phone="+447911123456"))


def test_no_portal_login_without_an_address():
    from clinic.users.models import User

    record = ClientFactory(email="", full_name="Jo Bright")
    assert portal_user_for(record) is None
    assert client_for_login("") is None
    record.refresh_from_db()
    assert record.user_id is None and not User.objects.filter(email="").exists()
