"""Each role group's admin permissions, exactly: reception (Staff) has least privilege, the clinic's rules and
clinical texts are the Manager's. A permission added or dropped by a migration shows up here."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from bookings.models import BookingPolicy
from clinic.users import roles
from tests.clinic.factories import UserFactory

pytestmark = pytest.mark.django_db

EXPECTED = {
    roles.STAFF: {
        "aftercare.view_aftercareschedule",
        "aftercare.view_aftercarestep",
        "aftercare.view_aftercaretemplate",
        "aftercare.view_schedulestep",
        "bookings.view_appointment",
        "bookings.view_artist",
        # The front desk keeps the clinic's closing days (Christmas, a training day) and the website's texts.
        "bookings.add_clinicclosure",
        "bookings.change_clinicclosure",
        "bookings.delete_clinicclosure",
        "bookings.view_clinicclosure",
        "website.add_question",
        "website.add_treatmenttext",
        "website.change_homepage",
        "website.change_privacynotice",
        "website.change_question",
        "website.change_treatmenttext",
        "website.delete_question",
        "website.delete_treatmenttext",
        "website.view_homepage",
        "website.view_privacynotice",
        "website.view_question",
        "website.view_treatmenttext",
        "bookings.view_service",
        "bookings.view_sessionnote",
        "bookings.view_spacingrules",
        "bookings.view_timeoff",
        "bookings.view_treatmentplan",
        "bookings.view_workinghours",
        "clients.add_client",
        "clients.add_clientnote",
        "clients.change_client",
        "clients.view_client",
        "clients.view_clientconsent",
        "clients.view_clientnote",
        "clients.view_screening",
        "outbox.view_reminder",
        "quotes.add_extentprice",
        "quotes.add_priceextra",
        "quotes.add_treatmentprice",
        "quotes.change_extentprice",
        "quotes.change_priceextra",
        "quotes.change_treatmentprice",
        "quotes.view_extentprice",
        "quotes.view_priceextra",
        "quotes.view_quote",
        "quotes.view_quoteline",
        "quotes.view_treatmentprice",
        # Reception reads the payment policy (and what it decided); the Manager changes it.
        "payments.view_paymentpolicy",
        "payments.view_policydecision",
        "payments.view_deposithold",
    },
    roles.MANAGER: {
        "bookings.add_clinicclosure",
        "bookings.change_clinicclosure",
        "bookings.delete_clinicclosure",
        "bookings.view_clinicclosure",
        "website.add_question",
        "website.add_treatmenttext",
        "website.change_homepage",
        "website.change_privacynotice",
        "website.change_question",
        "website.change_treatmenttext",
        "website.delete_question",
        "website.delete_treatmenttext",
        "website.view_homepage",
        "website.view_privacynotice",
        "website.view_question",
        "website.view_treatmenttext",
        "aftercare.add_aftercarestep",
        "aftercare.add_aftercaretemplate",
        "aftercare.change_aftercarestep",
        "aftercare.change_aftercaretemplate",
        "aftercare.delete_aftercarestep",
        "aftercare.delete_aftercaretemplate",
        "aftercare.view_aftercarestep",
        "aftercare.view_aftercaretemplate",
        "axes.delete_accessattempt",
        "axes.view_accessattempt",
        "axes.view_accessfailurelog",
        "axes.view_accesslog",
        "bookings.add_artist",
        "bookings.add_timeoff",
        "bookings.add_workinghours",
        "bookings.change_artist",
        "bookings.change_bookingpolicy",
        "bookings.change_service",
        "bookings.change_spacingrules",
        "bookings.change_timeoff",
        "bookings.change_workinghours",
        "bookings.delete_timeoff",
        "bookings.delete_workinghours",
        "bookings.view_artist",
        "bookings.view_bookingpolicy",
        "bookings.view_service",
        "bookings.view_spacingrules",
        "bookings.view_timeoff",
        "bookings.view_workinghours",
        "clients.add_consenttext",
        "clients.change_consenttext",
        "clients.erase_client",
        "clients.export_client_data",
        "clients.view_audit_trail",
        "clients.view_consenttext",
        "quotes.add_extentprice",
        "quotes.add_priceextra",
        "quotes.add_treatmentprice",
        "quotes.change_extentprice",
        "quotes.change_priceextra",
        "quotes.change_treatmentprice",
        "quotes.override_price_band",
        "quotes.view_extentprice",
        "quotes.view_priceextra",
        "quotes.view_quote",
        "quotes.view_quoteline",
        "quotes.view_treatmentprice",
        "payments.change_paymentpolicy",
        "payments.view_paymentpolicy",
        "payments.view_policydecision",
        "payments.view_deposithold",
    },
    roles.ARTIST: set(),
    roles.CLIENT: set(),
}


def granted(group: Group) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_each_group_has_exactly_its_admin_permissions():
    groups = {g.name: granted(g) for g in Group.objects.all()}
    assert sorted(groups) == sorted(EXPECTED)
    for name, expected in EXPECTED.items():
        assert sorted(groups[name] - expected) == [], f"{name} has more than it needs"
        assert sorted(expected - groups[name]) == [], f"{name} lacks"


@pytest.mark.parametrize(
    "page",
    ["admin:clients_consenttext_changelist", "admin:bookings_bookingpolicy_changelist", "admin:bookings_artist_add"],
)
def test_reception_cannot_change_consent_texts_booking_policy_or_artists(client, policy, page):
    receptionist = UserFactory(is_staff=True)
    receptionist.groups.add(Group.objects.get(name=roles.STAFF))
    client.force_login(receptionist)
    assert client.get(reverse(page)).status_code == 403
    assert client.post(reverse("admin:bookings_bookingpolicy_change", args=[policy.pk]), {}).status_code == 403


def test_the_manager_keeps_the_clinic_rules(client, policy):
    manager = UserFactory(is_staff=True)
    manager.groups.add(Group.objects.get(name=roles.MANAGER))
    client.force_login(manager)
    for page in ("admin:clients_consenttext_changelist", "admin:bookings_artist_add"):
        assert client.get(reverse(page)).status_code == 200, page
    assert client.get(reverse("admin:bookings_bookingpolicy_change", args=[policy.pk])).status_code == 200
    assert BookingPolicy.objects.count() == 1
