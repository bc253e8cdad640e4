"""The shared treatment names (clients 0006, bookings 0009, quotes 0006) migrate rows holding the old ones."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("clients", "0005_privacy_actions"), ("bookings", "0008_history"), ("quotes", "0006_price_list_permissions")]


def migrate(targets=None):
    """Migrate to `targets` (default: the latest migrations) and return the models as they are there."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def with_history(apps, app_label, name, **values):
    """A row and its history row (what django-simple-history writes), both with `values`."""
    row = apps.get_model(app_label, name).objects.create(**values)
    fields = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}
    apps.get_model(app_label, f"Historical{name}").objects.create(
        **fields, history_date=timezone.now(), history_type="+"
    )
    return row


def old_rows(apps):
    now = timezone.now()
    artist = apps.get_model("bookings", "Artist").objects.create(display_name="Sam")

    def client(email, concern, scale=""):
        return with_history(
            apps,
            "clients",
            "Client",
            full_name=email,
            email=email,
            phone="+447911123456",
            concern=concern,
            hair_loss_scale=scale,
            area_notes="2 scars" if scale == "area" else "",
            created_at=now,
            updated_at=now,
        )

    def plan(owner):
        return with_history(apps, "bookings", "TreatmentPlan", client=owner, artist=artist, treatment_type="density")

    thinning, crown = client("thin@example.com", "thinning", "area"), client("crown@example.com", "crown", "norwood")
    female_plan, density_plan = plan(thinning), plan(crown)
    quote = with_history(
        apps,
        "quotes",
        "Quote",
        client=thinning,
        status="accepted",
        treatment_type="female_density",
        extent_scale="scars",
        extent_stage=2,
        number="Q-2026-0001",
        year=2026,
        sequence=1,
        issued_at=now,
        valid_until=date(2026, 12, 31),
        plan=female_plan,
    )
    apps.get_model("quotes", "ExtentPrice").objects.create(scale="scars", stage=9, amount=1)
    return {
        "thinning": thinning.pk,
        "crown": crown.pk,
        "female_plan": female_plan.pk,
        "density_plan": density_plan.pk,
        "quote": quote.pk,
    }


def stored(apps, rows):
    """What the rows hold now, in the table and in its history."""

    def both(app_label, name, pk, field):
        model = apps.get_model(app_label, name)
        history = apps.get_model(app_label, f"Historical{name}").objects.filter(id=pk)
        return getattr(model.objects.get(pk=pk), field), *history.values_list(field, flat=True)

    prices = apps.get_model("quotes", "ExtentPrice").objects
    return {
        "thinning": both("clients", "Client", rows["thinning"], "concern"),
        "thinning scale": both("clients", "Client", rows["thinning"], "hair_loss_scale"),
        "crown": both("clients", "Client", rows["crown"], "concern"),
        "female plan": both("bookings", "TreatmentPlan", rows["female_plan"], "treatment_type"),
        "density plan": both("bookings", "TreatmentPlan", rows["density_plan"], "treatment_type"),
        "quote": both("quotes", "Quote", rows["quote"], "treatment_type"),
        "quote scale": both("quotes", "Quote", rows["quote"], "extent_scale"),
        "price scales": set(prices.values_list("scale", flat=True)),
        "stage 9": prices.get(stage=9).scale,
    }


def test_old_values_get_the_shared_names_and_back():
    rows = old_rows(migrate(BEFORE))
    try:
        new = migrate()
        assert stored(new, rows) == {
            "thinning": ("density", "density"),
            "thinning scale": ("area", "area"),
            "crown": ("crown", "crown"),
            "female plan": ("female_density", "female_density"),  # made from a female density quote
            "density plan": ("density", "density"),
            "quote": ("female_density", "female_density"),
            "quote scale": ("area", "area"),
            "price scales": {"norwood", "ludwig", "area"},
            "stage 9": "area",
        }
        with pytest.raises(IntegrityError), transaction.atomic():  # the constraint follows the new names
            new.get_model("clients", "Client").objects.filter(pk=rows["crown"]).update(concern="thinning")

        assert stored(migrate(BEFORE), rows) == {
            "thinning": ("thinning", "thinning"),
            "thinning scale": ("area", "area"),
            "crown": ("crown", "crown"),
            "female plan": ("density", "density"),
            "density plan": ("density", "density"),
            "quote": ("female_density", "female_density"),
            "quote scale": ("scars", "scars"),
            "price scales": {"norwood", "ludwig", "scars"},
            "stage 9": "scars",
        }
    finally:
        migrate()  # the database is left at the latest migrations
