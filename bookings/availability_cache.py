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
import threading
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
# How long a process trusts the version it last read. A change made by this process is seen at
# once; one made by another process (another gunicorn worker) within this many seconds. Reading it
# on every request was a third of a cached answer's cost; a slot taken meanwhile still gets a 409.
VERSION_RECHECK_SECONDS = 1


# This process's copies: its last read of the version {"version", "at"}, and answers
# key -> (version, stale_at, value), most recently stored last, bounded so a crawler can't grow them.
_last_read: dict = {"version": None, "at": None}
_in_process: dict[str, tuple] = {}
IN_PROCESS_ENTRIES = 256
_in_process_lock = threading.Lock()  # threaded servers: eviction iterates the dict


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
    _last_read.update(version=None, at=None)  # this process reads it again on its next answer


def _current_version(now: datetime) -> str | None:
    """The calendar version, read from the cache at most every VERSION_RECHECK_SECONDS (RedisError passes)."""
    at = _last_read["at"]
    if at is not None and timedelta(0) <= now - at < timedelta(seconds=VERSION_RECHECK_SECONDS):
        return _last_read["version"]
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    _last_read.update(version=version, at=now if version else None)
    return version


def forget() -> None:
    """Drop this process's copies (tests: the cache is cleared between them)."""
    _last_read.update(version=None, at=None)
    with _in_process_lock:
        _in_process.clear()


def cached_answer(key: str, compute: Callable[[], tuple[T, datetime | None]]) -> T:
    """The value cached under `key` for the current version, else `compute()` stored with its expiry.

    `compute` returns the value (bytes, or anything picklable) and when it goes stale by the clock
    alone (None: only a calendar change makes it stale). The version is read *before* computing, so
    an answer computed while a change commits is stored under the old version and never served after.
    Answers and the version are kept in this process too: most hits don't touch Redis at all.
    """
    now = timezone.now()
    try:
        version = _current_version(now)
    except RedisError:
        return compute()[0]
    if version is None:  # a cache that keeps nothing (e.g. DummyCache): nothing to check answers against
        return compute()[0]
    entry = _in_process.get(key)
    if not _usable(entry, version, now):
        with contextlib.suppress(RedisError):
            entry = cache.get(key)
        if not _usable(entry, version, now):
            return _store(key, version, now, *compute())
        _keep(key, entry)
    return entry[2]


def _usable(entry, version: str, now: datetime) -> bool:
    # The clock is checked here, not left to the cache's TTL: the app's clock decides what the notice allows.
    return entry is not None and entry[0] == version and now < entry[1]


def _store(key: str, version: str, now: datetime, value, stale_at: datetime | None):
    stale_at = min(stale_at or datetime.max.replace(tzinfo=UTC), now + timedelta(seconds=MAX_AGE_SECONDS))
    age = (stale_at - now).total_seconds()
    if age >= 1:
        entry = (version, stale_at, value)
        _keep(key, entry)
        with contextlib.suppress(RedisError):  # unstored: another process computes it again
            cache.set(key, entry, timeout=math.ceil(age))
    return value


def _keep(key: str, entry: tuple) -> None:
    with _in_process_lock:
        _in_process.pop(key, None)
        _in_process[key] = entry
        while len(_in_process) > IN_PROCESS_ENTRIES:
            del _in_process[next(iter(_in_process))]
