import pytest
from django.core.cache import cache

from bookings import availability_cache, grid_cache
from bookings.models import BookingPolicy, Service
from clients.services import ClientDetails
from tests import reference_data
from tests.helpers import EVERY_DAY, build_world, london

# The Stripe lane's fixtures (stripe_on, stripe_api, accepted), for tests/payments/test_stripe_*.py and the browser;
# transactional tests ending with the migrated rows put back instead of a flush (tests/db_snapshot.py).
pytest_plugins = ["tests.payments.stripe_support", "tests.db_snapshot"]


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Rows the data migrations create (services, rules, consent v1, role groups).

    Transactional tests put them back at their end (tests/db_snapshot.py); should they be missing all the
    same, re-create them (idempotently, with the migrations' own code; tests/reference_data.py).
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    transactional = marker.kwargs.get("transaction", False)
    request.getfixturevalue("transactional_db" if transactional else "db")
    if not reference_data.present():
        reference_data.seed()


@pytest.fixture(autouse=True)
def _outside_any_task():
    """Each test starts outside any Celery task. Eager tasks mark "inside a task" in a process-wide flag and put
    back what they found; eager tasks run at once in two threads (the race tests, a live server) can leave it
    set, and every later `.get()` in this process would then raise "Never call result.get() within a task"."""
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)
    yield


@pytest.fixture(autouse=True)
def _clean_cache():
    # Rate-limit counters live in the (real, test-only) Redis database.
    cache.clear()
    availability_cache.forget()  # and its copies in this process
    grid_cache.forget()
    yield


@pytest.fixture
def consultation(db) -> Service:
    """The free consultation as migrated (30 min, 15 min buffer); recreated after transactional flushes."""
    service, _ = Service.objects.update_or_create(
        slug=Service.CONSULTATION,
        defaults={"name": "Free consultation", "duration_minutes": 30, "buffer_minutes": 15, "bookable_online": True},
    )
    return service


@pytest.fixture
def policy(db) -> BookingPolicy:
    policy, _ = BookingPolicy.objects.update_or_create(
        pk=1,
        # 24 h to move or cancel online (the default is 48): Monday 08:00 may still change Tuesday 10:00.
        defaults={"min_notice_minutes": 120, "horizon_days": 60, "slot_step_minutes": 15, "change_notice_hours": 24},
    )
    return policy


@pytest.fixture
def details() -> ClientDetails:
    return ClientDetails(
        full_name="Alex Morgan", email="alex@example.com", phone="+447911123456", concern="crown", contact_consent=True
    )


@pytest.fixture
def frozen(time_machine):
    """Freeze 'now' at Monday 2026-11-30 08:00 UK time unless a test moves it."""
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=False)
    return time_machine


@pytest.fixture
def session_services(db):
    """The two treatment-session services as migrated (3 h first, 2.5 h after, 30 min buffer)."""
    first, _ = Service.objects.update_or_create(
        slug=Service.FIRST_SESSION, defaults={"name": "SMP session 1", "duration_minutes": 180, "buffer_minutes": 30}
    )
    later, _ = Service.objects.update_or_create(
        slug=Service.FOLLOW_UP_SESSION,
        defaults={"name": "SMP session (follow-up)", "duration_minutes": 150, "buffer_minutes": 30},
    )
    return first, later


@pytest.fixture
def spacing(db):
    from bookings.models import SpacingRules

    rules, _ = SpacingRules.objects.update_or_create(pk=1, defaults={})
    return rules


@pytest.fixture
def eligible_client(db):
    """A client with an eligible screening and the current consent confirmed."""
    from clients.models import ConsentText
    from clients.services import record_consent, record_screening
    from tests.clients.factories import ClientFactory

    ConsentText.objects.get_or_create(version=1, defaults={"body": "Consent wording", "is_current": True})
    client = ClientFactory(full_name="Jamie Walsh")
    record_screening(client=client, answers={}, recorded_by=None)
    record_consent(client=client, typed_name="Jamie Walsh")
    return client


@pytest.fixture
def staff(client, db):
    """A logged-in member of staff (reception) on the test client."""
    from django.contrib.auth.models import Group

    from clinic.users import roles
    from tests.clinic.factories import UserFactory

    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=roles.STAFF)[0])
    client.force_login(user)
    return user


@pytest.fixture
def artist(consultation, policy, session_services, spacing):
    """An artist who works every day 09:00–18:00 (test modules with other needs define their own)."""
    from tests.bookings.factories import ArtistFactory

    return ArtistFactory(display_name="Sam Okafor", hours=EVERY_DAY)


@pytest.fixture
def plan(artist, eligible_client):
    from bookings.services import create_plan

    return create_plan(client=eligible_client, artist=artist, treatment_type="full_head")


@pytest.fixture
def world(frozen, consultation, policy, session_services, spacing, eligible_client):
    """The small clinic of `tests.helpers.build_world` (test modules with other needs define their own)."""
    return build_world(eligible_client)


@pytest.fixture
def aftercare_world(time_machine, consultation, policy, session_services, spacing, eligible_client):
    """A plan completed through the services, its 30-day schedule generated (tests.aftercare.helpers)."""
    from tests.aftercare.helpers import build_aftercare_world

    return build_aftercare_world(time_machine, eligible_client)
