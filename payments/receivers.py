"""What payments do when the ledger records an entry (`payments.hooks.entry_recorded`, inside its transaction)."""

import logging
from functools import partial

from django.db import transaction

from .models import WITH_RECEIPT, Receipt
from .tasks import store_receipt_pdf

log = logging.getLogger(__name__)


def _hand_over(entry_id: int) -> None:
    receipt_id = Receipt.objects.filter(entry_id=entry_id).values_list("pk", flat=True).first()
    if receipt_id is None:
        return
    try:
        store_receipt_pdf.delay(receipt_id)
    except Exception as error:  # kombu's OperationalError and friends: the sweep stores it a little later
        log.warning("receipt %s not queued (%s); store_missing_receipts picks it up", receipt_id, error)


def on_entry_recorded(sender, *, entry_id: int, quote_id: int, kind: str, **kwargs) -> None:
    """A deposit, payment or refund: once committed, its receipt's PDF is stored and e-mailed."""
    if kind in WITH_RECEIPT:
        transaction.on_commit(partial(_hand_over, entry_id))
