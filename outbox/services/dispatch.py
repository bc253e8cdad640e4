"""Claiming due reminders in bounded batches (the beat dispatcher's half of the outbox)."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from redis.exceptions import RedisError

from ..models import Reminder
from ..selectors import DISPATCH_RUN_CACHE_KEY

Status = Reminder.Status
log = logging.getLogger(__name__)


def record_dispatch_run(*, at: datetime) -> None:
    """Note that the dispatcher started a run (what /health/ calls "beat"); best effort, never raises.

    The cache, not a table: one write a minute of a figure nobody needs after a Redis restart (the next
    run writes it again), and a dispatcher whose cache is away still dispatches.
    """
    try:
        cache.set(DISPATCH_RUN_CACHE_KEY, at.timestamp(), timeout=None)
    except RedisError as error:
        log.warning("dispatcher run not recorded: cache unavailable (%s)", error)


def claim_due_reminders(*, limit: int, now: datetime | None = None) -> list[int]:
    """Mark up to `limit` due rows "sending" and return their ids; concurrent claimers get disjoint rows.

    Due means pending and available, or "sending" for longer than the claim lease (its worker died).
    Rows past their grace window are marked skipped instead and not returned.
    """
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.REMINDER_CLAIM_LEASE_SECONDS)
    with transaction.atomic():
        rows = list(
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(status=Status.SENDING, claimed_at__lt=stale)
            .order_by("claimed_at")
            .values_list("pk", "expires_at", "attempts")[:limit]
        )
        rows += list(
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(status=Status.PENDING, available_at__lte=now)
            .order_by("available_at")
            .values_list("pk", "expires_at", "attempts")[: limit - len(rows)]
        )
        late = [pk for pk, expires_at, _ in rows if expires_at < now]
        worn = [
            pk for pk, expires_at, attempts in rows if expires_at >= now and attempts >= settings.REMINDER_MAX_ATTEMPTS
        ]
        claimed = [pk for pk, expires_at, attempts in rows if pk not in late and pk not in worn]
        if late:
            Reminder.objects.filter(pk__in=late).update(
                status=Status.SKIPPED, note="too late: more than the grace period after it was due", updated_at=now
            )
        if worn:
            Reminder.objects.filter(pk__in=worn).update(
                status=Status.FAILED, note="its worker stopped while sending, too many times", updated_at=now
            )
        if claimed:
            Reminder.objects.filter(pk__in=claimed).update(
                status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now
            )
    return claimed
