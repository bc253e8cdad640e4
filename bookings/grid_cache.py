"""The calendar grid's body, rendered once per version of everything it shows (the page around it per request);
the staff home's body (frontdesk/views.py) is kept the same way, under the same version.

The grid's version is a random token in the cache, replaced after every committed change to a model the grid
is drawn from: the calendar's (appointments, time off, hours, artists, services, policy, plans), the clients'
names, and each flag provider's sources (`flags.register(..., sources=...)`, or `watch()`). A service that
writes past the signals (`.update()`, `bulk_create`) calls `grid_changed()` itself. The version is read on
every request (one Redis GET), so no worker shows a body another one has retired. A body also ends when the
clock changes what it shows (the past, the now line, free times: `stale_at`) and after MAX_AGE_SECONDS, which
bounds the harm of a change nobody announced.
"""

import contextlib
import hashlib
import logging
import math
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from redis.exceptions import RedisError

from clinic.access import artist_of
from clinic.users import roles

logger = logging.getLogger(__name__)

VERSION_KEY = "bookings:grid-version"
MAX_AGE_SECONDS = 60
# This process's copies, key -> (version, stale_at, body), oldest first; bounded by size (a day grid of
# 50 artists is ~400 kB), so a staff member paging through months can't grow a worker without limit.
IN_PROCESS_BYTES = 16 * 1024 * 1024
_in_process: dict[str, tuple[str, datetime, str]] = {}
_lock = threading.Lock()


def grid_changed(**_signal_kwargs) -> None:
    """Signal receiver (and call after bulk writes): bodies rendered before the change stop being used.

    Now, and again once the transaction commits: a body rendered in between read the old rows."""
    _new_version()
    transaction.on_commit(_new_version, robust=True)


def _new_version() -> None:
    try:
        cache.set(VERSION_KEY, uuid4().hex, timeout=None)
    except RedisError:
        logger.warning("Cache unreachable: cached calendar bodies may lag up to %s s", MAX_AGE_SECONDS)


def watch(*models) -> None:
    """Saves and deletes of these models retire the cached bodies (an app's `ready()`; twice is once)."""
    for model in models:
        for signal in (post_save, post_delete):
            uid = f"grid-{model._meta.label_lower}"
            signal.connect(grid_changed, sender=model, dispatch_uid=uid, weak=False)


def watch_permissions() -> None:
    """Who is in which role, and what a role or a user may do: the viewer's part of a body's key."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model()
    for through in (user.groups.through, user.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(grid_changed, sender=through, dispatch_uid=f"grid-{through._meta.label_lower}", weak=False)


def forget() -> None:
    """Drop this process's copies (tests: the cache is cleared between them)."""
    with _lock:
        _in_process.clear()


def key_for(*parts) -> str:
    return "grid:" + hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()


def viewer_key(user) -> tuple:
    """What of the viewer a body depends on: their roles (staff-only flags), their own permissions, their artist.

    Read with the signed-in user (clinic/users/backends.py). What a role's group may do is not read here: a change
    to it retires every body (watch_permissions)."""
    artist = artist_of(user)
    return (
        sorted(roles.group_names(user)),
        sorted(roles.own_permission_ids(user)),
        user.is_superuser,
        artist.pk if artist else None,
    )


def cached_body(key: str, render: Callable[[], tuple[str, datetime | None]]) -> str:
    """The body cached under `key` for the current version, else `render()` (body, stale_at) stored.

    The version is read before rendering, so a body rendered while a change commits is stored under the
    old version and never served after it."""
    now = timezone.now()
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid4().hex, timeout=None)
            version = cache.get(VERSION_KEY)
    except RedisError:
        return render()[0]
    if version is None:  # a cache that keeps nothing: nothing to check bodies against
        return render()[0]
    entry = _in_process.get(key)
    if not _usable(entry, version, now):
        with contextlib.suppress(RedisError):
            entry = cache.get(key)
        if not _usable(entry, version, now):
            body, stale_at = render()
            return _store(key, (version, _bounded(stale_at, now), body), now)
        _keep(key, entry)
    return entry[2]


def _usable(entry, version: str, now: datetime) -> bool:
    return entry is not None and entry[0] == version and now < entry[1]


def _bounded(stale_at: datetime | None, now: datetime) -> datetime:
    return min(stale_at or datetime.max.replace(tzinfo=UTC), now + timedelta(seconds=MAX_AGE_SECONDS))


def _store(key: str, entry: tuple, now: datetime) -> str:
    age = (entry[1] - now).total_seconds()
    if age >= 1:
        _keep(key, entry)
        with contextlib.suppress(RedisError):  # unstored: another process renders it again
            cache.set(key, entry, timeout=math.ceil(age))
    return entry[2]


def _keep(key: str, entry: tuple) -> None:
    with _lock:
        _in_process.pop(key, None)
        _in_process[key] = entry
        total = sum(len(e[2]) for e in _in_process.values())
        while total > IN_PROCESS_BYTES and len(_in_process) > 1:
            total -= len(_in_process.pop(next(iter(_in_process)))[2])
