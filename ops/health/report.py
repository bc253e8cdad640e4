"""The whole /health/ answer: every component's reading, and "down" if a required one is down."""

from collections.abc import Callable
from functools import partial

from django.utils import timezone

from . import checks
from .components import DOWN, OK, Reading, failed, not_checked


def _read(name: str, check: Callable[[], Reading], *, required: bool) -> Reading:
    try:
        return check()
    except Exception as error:  # a component's failure is its reading, never a 500
        return failed(name, error, required=required)


def health_report() -> dict:
    """At most 4 queries (database 1, outbox 1, backups 2), 2 Redis PINGs and 2 cache reads."""
    now = timezone.now()
    backup_required = checks.backup_required()
    # name, check, the component it reads through (skipped when that one is down), required
    plan = [
        ("database", checks.check_database, None, True),
        ("cache", checks.check_cache, None, True),
        ("broker", checks.check_broker, None, True),
        ("worker", partial(checks.check_worker, now=now), "cache", True),
        ("beat", partial(checks.check_beat, now=now), "cache", True),
        ("outbox", partial(checks.check_outbox, now=now), "database", True),
        ("backup", partial(checks.check_backup, now=now), "database", backup_required),
    ]
    readings: dict[str, Reading] = {}
    for name, check, through, required in plan:
        if through and readings[through].status == DOWN:
            readings[name] = not_checked(because=through, required=required)
        else:
            readings[name] = _read(name, check, required=required)
    down = any(r.required and r.status == DOWN for r in readings.values())
    return {"status": DOWN if down else OK, "components": {name: r.as_json() for name, r in readings.items()}}
