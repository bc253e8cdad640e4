"""Receipt numbers: R-2026-0001, gapless per year, taken in the recording transaction (a rollback gives it back)."""

from clinic.clock import to_clinic_time

from ..models import WITH_RECEIPT, LedgerEntry, Receipt, ReceiptCounter


def _next_number(year: int) -> int:
    ReceiptCounter.objects.get_or_create(year=year)
    counter = ReceiptCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def number_receipt(entry: LedgerEntry) -> Receipt | None:
    """The entry's receipt row with its number (money paid or given back gets one; fees and write-offs don't).

    Call inside the entry's transaction. The year is the clinic's year of the entry."""
    if entry.kind not in WITH_RECEIPT:
        return None
    year = to_clinic_time(entry.recorded_at).year
    sequence = _next_number(year)
    return Receipt.objects.create(entry=entry, year=year, sequence=sequence, number=f"R-{year}-{sequence:04d}")
