"""Every admin list and add page renders for a superuser (the clinic edits its settings there)."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_admin_pages_render(admin_client, model, consultation, policy, spacing):
    info = (model._meta.app_label, model._meta.model_name)
    assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    add = admin_client.get(reverse("admin:{}_{}_add".format(*info)))
    assert add.status_code in (200, 403)


def test_reception_can_run_the_clinic_settings_in_the_admin(client, db):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    reception = UserFactory(is_staff=True)
    reception.groups.add(Group.objects.get(name="Staff"))
    client.force_login(reception)
    for name in (
        "bookings_artist",
        "bookings_spacingrules",
        "bookings_service",
        "clients_client",
        "bookings_appointment",
    ):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
    assert client.get(reverse("admin:users_user_changelist")).status_code == 403  # logins stay with managers
