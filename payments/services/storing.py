"""A receipt's PDF, rendered and stored once after the entry's transaction committed, then e-mailed.

`store_receipt` runs in a Celery task (payments.tasks.store_receipt_pdf), handed the receipt's id after
commit, and in the sweep that picks up receipts a down broker missed. It locks the receipt row: a second
run waits, then finds the file stored and does nothing. A leftover file at the receipt's name (a run that
crashed before its commit) is replaced.
"""

import hashlib
import logging

from django.db import transaction

from clinic.files import replace_file

from ..messages import queue_receipt_email
from ..models import Receipt
from .pdf import render_receipt_pdf

log = logging.getLogger(__name__)


def _stored(receipt: Receipt) -> bool:
    return bool(receipt.pdf_sha256 and receipt.pdf.name and receipt.pdf.storage.exists(receipt.pdf.name))


@transaction.atomic
def store_receipt(*, receipt_id: int) -> bool:
    """Render, store and e-mail the receipt once; False when it already was (or the receipt is unknown)."""
    receipt = (
        Receipt.objects.select_for_update(of=("self",))
        .select_related("entry__quote__client", "entry__refunds__receipt")
        .filter(pk=receipt_id)
        .first()
    )
    if receipt is None or _stored(receipt):
        return False
    pdf = render_receipt_pdf(receipt)
    storage = receipt.pdf.storage
    name = receipt.pdf.field.generate_filename(receipt, f"{receipt.number}.pdf")
    receipt.pdf.name = replace_file(storage, name, pdf)
    receipt.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    receipt.save(update_fields=["pdf", "pdf_sha256"])
    queue_receipt_email(receipt=receipt)
    return True


def receipts_to_store(*, limit: int) -> list[int]:
    """Receipts still without their file (their task was lost with the broker): the sweep's batch."""
    return list(Receipt.objects.filter(pdf_sha256="").order_by("pk").values_list("pk", flat=True)[:limit])
