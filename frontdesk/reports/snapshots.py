"""The report's figures kept for a few minutes: a year of a busy clinic takes a few hundred ms to add up, and the
owner moves between the page, its CSVs and the artist filter. The page says how old its figures are and offers
a refresh; a CSV comes from the same snapshot as the page it was downloaded from, so the two always agree.

Kept in the shared cache per period, artist and clinic day (all managers see the same figures); the rendered
sections too, per query string (their CSV links carry it). A missing or unreachable cache only costs the time.
"""

import contextlib
import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone
from redis.exceptions import RedisError

from clinic.clock import local_today

from .period import Period
from .sections import Report, build_report

# How old a snapshot may be before it is added up again. Short: the figures move during the day.
MAX_AGE = timedelta(minutes=5)
VERSION = 1  # bump when a section's figures change shape (the cache holds pickled reports)


@dataclass(frozen=True)
class Snapshot:
    report: Report
    computed_at: datetime
    key: str  # its period's, artist's and day's
    token: str  # this adding-up's own (its rendered sections are kept under it)

    def kept_until(self) -> datetime:
        return self.computed_at + MAX_AGE


def _key(period: Period, *, now: datetime) -> str:
    # The clinic day: "this month" and what the retention figures count from move with it.
    return f"reports:{VERSION}:{period.first}:{period.last}:{period.artist_id or 'all'}:{local_today(now=now)}"


def report_snapshot(period: Period, *, refresh: bool = False, now: datetime | None = None) -> Snapshot:
    """The period's figures as added up in the last MAX_AGE, else now (`refresh`: now in any case)."""
    now = now or timezone.now()
    key = _key(period, now=now)
    if not refresh:
        found = None
        with contextlib.suppress(RedisError):
            found = cache.get(key)
        # The app's clock decides the age (the cache's own expiry is only its upper bound).
        if found is not None and timedelta(0) <= now - found.computed_at < MAX_AGE:
            return found
    snapshot = Snapshot(report=build_report(period=period, now=now), computed_at=now, key=key, token=uuid.uuid4().hex)
    with contextlib.suppress(RedisError):
        cache.set(key, snapshot, timeout=int(MAX_AGE.total_seconds()))
    return snapshot


def rendered_once(snapshot: Snapshot, querystring: str, render) -> str:
    """`render()` (the sections' HTML) kept with the snapshot it shows, per query string."""
    digest = hashlib.sha256(querystring.encode()).hexdigest()[:16]
    key = f"{snapshot.key}:{snapshot.token}:html:{digest}"
    html = None
    with contextlib.suppress(RedisError):
        html = cache.get(key)
    if html is None:
        html = render()
        with contextlib.suppress(RedisError):
            cache.set(key, html, timeout=max(1, int((snapshot.kept_until() - timezone.now()).total_seconds())))
    return html
