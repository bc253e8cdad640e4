from celery import shared_task
from django.conf import settings

from .services.storing import receipts_to_store, store_receipt


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def store_receipt_pdf(receipt_id: int) -> bool:
    """After the entry's commit: the receipt's PDF stored once and e-mailed (safe to run twice)."""
    return store_receipt(receipt_id=receipt_id)


@shared_task
def store_missing_receipts() -> int:
    """Every few minutes: receipts whose task was lost (a broker down at commit), in a bounded batch."""
    ids = receipts_to_store(limit=settings.RECEIPTS_PER_SWEEP)
    for receipt_id in ids:
        store_receipt(receipt_id=receipt_id)
    return len(ids)
