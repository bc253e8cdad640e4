"""The rows the data migrations create (services, rules, consent v1, role groups, price list, texts)."""

import importlib

# The migrations' own functions, in migration order; each is idempotent.
SEEDS = (
    ("bookings.migrations.0004_defaults", "create_defaults"),
    ("bookings.migrations.0012_session_change_emails", "seed_preparation"),
    ("bookings.migrations.0013_clinic_closures", "seed_closures"),
    ("clients.migrations.0003_consent_v1", "create_consent"),
    ("clinic.users.migrations.0002_role_groups", "create_groups"),
    ("clinic.users.migrations.0003_staff_permissions", "grant"),
    ("quotes.migrations.0002_demo_price_list", "seed"),
    ("quotes.migrations.0007_shared_treatment_names", "rename"),
    ("quotes.migrations.0003_manager_group", "create_manager_group"),
    ("quotes.migrations.0006_price_list_permissions", "grant"),
    ("clients.migrations.0005_privacy_actions", "grant"),
    ("aftercare.migrations.0002_default_templates", "create_templates"),
    ("aftercare.migrations.0003_staff_permissions", "grant"),
    ("outbox.migrations.0002_staff_permissions", "grant"),
    ("clinic.users.migrations.0004_manager_lockouts", "grant"),
    ("website.migrations.0002_seed_texts", "seed"),
    ("website.migrations.0002_seed_texts", "grant"),
    ("bookings.migrations.0013_clinic_closures", "grant"),
    ("clinic.users.migrations.0005_reception_least_privilege", "trim"),
    ("payments.migrations.0002_policy", "grant"),
)


def present() -> bool:
    """A flush removes them all, so one look tells."""
    from django.contrib.auth.models import Group

    from aftercare.models import AftercareTemplate
    from bookings.models import Service

    return (
        Service.objects.exists()
        and AftercareTemplate.objects.exists()
        and Group.objects.filter(name="Manager").exists()
    )


def seed() -> None:
    from django.apps import apps

    for module, function in SEEDS:
        getattr(importlib.import_module(module), function)(apps, None)
