"""Claiming due reminders in bounded batches (the beat dispatcher's half of the outbox)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import Reminder

Status = Reminder.Status


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
