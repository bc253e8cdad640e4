"""Every admin list and add page renders for a superuser (the clinic edits its settings there), every
project model is in the admin or left out on purpose, and reception and managers can reach their pages."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from simple_history.models import HistoricalChanges

from clinic.users import roles
from quotes.models import TreatmentPrice
from quotes.services import save_draft
from tests.clients.factories import ClientFactory
from tests.clinic.factories import UserFactory

pytestmark = pytest.mark.django_db

# Project models with no admin page of their own, each with the reason. A new model goes into the admin
# or in here; test_every_project_model_is_in_the_admin_or_left_out_on_purpose fails otherwise.
NOT_ADMIN_MANAGED = {
    "bookings.WorkingHours": "edited inline on its artist",
    "bookings.TimeOff": "edited inline on its artist",
    "clients.ClientNote": "added inline on its client",
    "clients.PrivacyAction": "exports and erasures: managers read them on the client's audit trail page",
    "quotes.QuoteLine": "read inline on its quote",
    "quotes.QuoteCounter": "locked and advanced only while issuing: an edit would leave gaps or repeats in numbers",
    "aftercare.AftercareStep": "edited inline on its template",
    "aftercare.ScheduleStep": "read inline on its schedule",
    "payments.ReceiptCounter": "locked and advanced only while recording money: an edit would leave gaps in receipts",
}


def project_models() -> list:
    """Models of the apps whose code lives in this repository, not Django's or a library's (the
    virtualenv may sit inside the checkout, hence the site-packages test)."""
    root = Path(settings.BASE_DIR).resolve()
    found = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(root) and "site-packages" not in path.parts:
            found += config.get_models()
    return found


def test_every_project_model_is_in_the_admin_or_left_out_on_purpose():
    models = project_models()
    assert {m._meta.app_label for m in models} >= {"users", "clients", "bookings", "quotes", "aftercare"}
    # django-simple-history's Historical* copies are read through their parent (its audit pages), so
    # they follow the parent's rule; the parent is a project model and checked here like any other.
    labels = {m._meta.label for m in models if not issubclass(m, HistoricalChanges)}
    registered = {m._meta.label for m in admin.site._registry}
    assert sorted(labels - registered - NOT_ADMIN_MANAGED.keys()) == [], "register these or add to NOT_ADMIN_MANAGED"
    assert sorted(NOT_ADMIN_MANAGED.keys() - labels) == [], "NOT_ADMIN_MANAGED names models that do not exist"
    assert sorted(NOT_ADMIN_MANAGED.keys() & registered) == [], "registered, yet listed as left out"
    assert all(reason.strip() for reason in NOT_ADMIN_MANAGED.values())


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_admin_pages_render(admin_client, model, consultation, policy, spacing):
    info = (model._meta.app_label, model._meta.model_name)
    assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    add = admin_client.get(reverse("admin:{}_{}_add".format(*info)))
    assert add.status_code in (200, 403)


def team_member(*groups: str):
    user = UserFactory(is_staff=True)
    user.groups.add(*(Group.objects.get(name=g) for g in groups))
    return user


PRICE_LIST = ("quotes_treatmentprice", "quotes_extentprice", "quotes_priceextra", "quotes_quote")


def test_reception_can_run_the_clinic_settings_in_the_admin(client):
    client.force_login(team_member(roles.STAFF))
    for name in (
        "bookings_artist",
        "bookings_spacingrules",
        "bookings_service",
        "clients_client",
        "bookings_appointment",
        *PRICE_LIST,
    ):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
    assert client.get(reverse("admin:users_user_changelist")).status_code == 403  # logins stay with managers


def change_price(client, treatment_type: str, amount: str):
    price = TreatmentPrice.objects.get(treatment_type=treatment_type)
    data = {"treatment_type": treatment_type, "base_price": amount, "includes": price.includes}
    return client.post(reverse("admin:quotes_treatmentprice_change", args=[price.pk]), data)


def test_reception_can_change_a_treatment_price(client):
    client.force_login(team_member(roles.STAFF))
    assert change_price(client, "crown", "1150.00").status_code == 302
    assert str(TreatmentPrice.objects.get(treatment_type="crown").base_price) == "1150.00"


def test_a_manager_can_keep_the_price_list(client):
    # The Manager group alone grants it (managers are usually in Staff too).
    client.force_login(team_member(roles.MANAGER))
    for name in PRICE_LIST:
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
    assert change_price(client, "hairline", "1250.00").status_code == 302
    assert str(TreatmentPrice.objects.get(treatment_type="hairline").base_price) == "1250.00"


def test_quotes_are_read_only_in_the_admin_even_for_a_superuser(admin_client):
    quote = save_draft(client=ClientFactory(), treatment_type="crown")
    url = reverse("admin:quotes_quote_change", args=[quote.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert admin_client.post(url, {"status": "accepted"}).status_code == 403
    assert admin_client.get(reverse("admin:quotes_quote_add")).status_code == 403
    assert admin_client.get(reverse("admin:quotes_quote_delete", args=[quote.pk])).status_code == 403
    quote.refresh_from_db()
    assert quote.status == "draft"
