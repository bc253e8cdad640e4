"""Public availability answers, cached until the calendar changes or the clock makes them stale.

The calendar's version is a random token in the cache, replaced after every committed change to
appointments, time off, working hours, artists, services or the booking policy (receivers wired in
apps.py). An answer is reused only under the version it was computed with, and expires when its
earliest slot falls inside the booking notice, so it never shows what the database would not.
A booking still goes through the exclusion constraint: the cache can only make a page faster.
"""

import contextlib
import logging
import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
T = TypeVar("T")

VERSION_KEY = "bookings:calendar-version"
# Upper bound on an answer's age: limits the harm of a version change lost while Redis was away.
MAX_AGE_SECONDS = 60


def calendar_changed(**_signal_kwargs) -> None:
    """Signal receiver: answers computed before the change stop being used.

    Now, and again once the transaction commits: an answer computed in between read the old rows.
    (A signal rather than calls in each service, so admin edits and every save are covered.)
    """
    _new_version()
    transaction.on_commit(_new_version, robust=True)


def _new_version() -> None:
    try:
        cache.set(VERSION_KEY, uuid4().hex, timeout=None)
    except RedisError:
        logger.warning("Cache unreachable: cached availability may lag up to %s s", MAX_AGE_SECONDS)


def cached_answer(key: str, compute: Callable[[], tuple[T, datetime | None]]) -> T:
    """The value cached under `key` for the current version, else `compute()` stored with its expiry.

    `compute` returns the value (bytes, or anything picklable) and when it goes stale by the clock
    alone (None: only a calendar change makes it stale). The version is read *before* computing, so an answer computed while a
    change commits is stored under the old version and never served after it.
    """
    try:
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid4().hex, timeout=None)
            version = cache.get(VERSION_KEY)
    except RedisError:
        return compute()[0]
    entry = found.get(key)
    now = timezone.now()
    # Checked here, not left to the cache's TTL: the app's clock decides what the notice allows.
    if entry is not None and entry[0] == version and now < entry[1]:
        return entry[2]
    body, stale_at = compute()
    stale_at = min(stale_at or datetime.max.replace(tzinfo=UTC), now + timedelta(seconds=MAX_AGE_SECONDS))
    age = (stale_at - now).total_seconds()
    if age >= 1:
        with contextlib.suppress(RedisError):  # unstored: the next request computes it again
            cache.set(key, (version, stale_at, body), timeout=math.ceil(age))
    return body
