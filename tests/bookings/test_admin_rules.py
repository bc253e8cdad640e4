"""The admin says each rule in words: units on every duration and gap, and a refused save explains itself."""

import html
import re

import pytest
from django.contrib import admin
from django.db import models
from django.test import RequestFactory
from django.urls import reverse

from bookings.models import Artist, BookingPolicy, SpacingRules, TreatmentPlan
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

OUR_APPS = {"bookings", "aftercare", "quotes", "clients", "users", "website", "outbox", "ops"}
UNIT = re.compile(r"(minutes|hours|days)$")


def our_models():
    from django.apps import apps

    return [m for m in apps.get_models() if m._meta.app_label in OUR_APPS and not m.__name__.startswith("Historical")]


def test_every_duration_and_gap_field_says_its_unit():
    missing = []
    for model in our_models():
        for field in model._meta.concrete_fields:
            match = UNIT.search(field.name)
            if not match:
                continue
            unit = match.group(1)
            said = f"{field.verbose_name} {field.help_text}".lower()
            if unit not in said and unit.rstrip("s") not in said:
                missing.append(f"{model.__name__}.{field.name}")
    assert missing == []


def admin_edited_models(user) -> set:
    """The models the admin lets the owner add or change: on their own pages and in inlines."""
    request = RequestFactory().get("/admin/")
    request.user = user
    found = set()
    for model, model_admin in admin.site._registry.items():
        if model_admin.has_add_permission(request) or model_admin.has_change_permission(request):
            found.add(model)
        for inline in model_admin.get_inline_instances(request):
            editable = set(inline.get_fields(request)) - set(inline.get_readonly_fields(request))
            if editable and (inline.has_add_permission(request, None) or inline.has_change_permission(request)):
                found.add(inline.model)
    return {m for m in found if m._meta.app_label in OUR_APPS}


def test_every_constraint_an_admin_form_can_hit_says_its_rule(admin_user):
    default = models.CheckConstraint.default_violation_error_message
    unexplained = [
        f"{model.__name__}: {c.name}"
        for model in admin_edited_models(admin_user)
        for c in model._meta.constraints
        if isinstance(c, models.CheckConstraint | models.UniqueConstraint) and c.violation_error_message == default
    ]
    assert unexplained == []


def messages_in(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def owner(client, admin_user, spacing, policy):
    client.force_login(admin_user)
    return client


def test_spacing_rules_refused_in_words_and_nothing_saved(owner, spacing):
    url = reverse("admin:bookings_spacingrules_change", args=[spacing.pk])
    data = change_form_data(owner.get(url), recommended_days_1_2=5)  # below its minimum of 7
    response = owner.post(url, data)
    assert response.status_code == 200
    text = messages_in(response)
    assert text.count("Each recommended gap must be at least its minimum") == 1
    assert "is violated" not in text and "bookings_spacing" not in text
    assert SpacingRules.objects.get().recommended_days_1_2 == 10
    assert "Session 1→2: at least (days)" in text and "Maximum gap (days)" in text


def test_working_hours_that_end_before_they_start_are_refused_in_words(owner, artist):
    url = reverse("admin:bookings_artist_change", args=[artist.pk])
    data = change_form_data(owner.get(url), **{"working_hours-0-end_time": "08:00:00"})
    response = owner.post(url, data)
    assert response.status_code == 200
    assert "Working hours must end after they start" in messages_in(response)
    assert "is violated" not in messages_in(response)


def test_a_second_plan_in_progress_is_refused_in_words_not_a_server_error(owner, plan):
    """The plan's status is read-only in the admin, so Django alone would skip the rule and the database refuse."""
    url = reverse("admin:bookings_treatmentplan_add")
    data = change_form_data(
        owner.get(url), client=plan.client_id, artist=plan.artist_id, treatment_type="crown", session_count=3
    )
    response = owner.post(url, data)
    assert response.status_code == 200
    assert "This client already has a plan in progress; complete or cancel it first." in messages_in(response)
    assert TreatmentPlan.objects.filter(client=plan.client).count() == 1


def test_booking_policy_fields_say_their_units(owner, policy):
    text = messages_in(owner.get(reverse("admin:bookings_bookingpolicy_change", args=[BookingPolicy.load().pk])))
    for label in ("Minimum notice (minutes)", "Change notice (hours)", "Booking horizon (days)", "Slot step (minutes)"):
        assert label in text
    artist_page = messages_in(owner.get(reverse("admin:bookings_artist_add")))
    assert "Buffer (minutes)" in artist_page and Artist._meta.get_field("buffer_minutes").help_text in artist_page


def test_a_second_default_aftercare_template_is_refused_in_words(owner):
    from aftercare.models import AftercareTemplate

    default = AftercareTemplate.objects.filter(is_default=True).order_by("pk").first()
    url = reverse("admin:aftercare_aftercaretemplate_add")
    data = change_form_data(owner.get(url), name="Another", purpose=default.purpose, is_default="on")
    data |= {"steps-TOTAL_FORMS": "0", "steps-INITIAL_FORMS": "0"}
    response = owner.post(url, data)
    assert response.status_code == 200
    text = messages_in(response)
    assert "Another template is already the default for this purpose" in text and "is violated" not in text
    assert not AftercareTemplate.objects.filter(name="Another").exists()


def test_a_closure_ending_before_it_starts_is_refused_once(owner):
    url = reverse("admin:bookings_clinicclosure_add")
    data = change_form_data(owner.get(url), first_day="2026-12-24", last_day="2026-12-20", reason="Christmas")
    text = messages_in(owner.post(url, data))
    assert text.count("can't be before the first") == 1  # the form's own check, not said twice
