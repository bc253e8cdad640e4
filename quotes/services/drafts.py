from decimal import Decimal

from django.db import transaction

from clinic.errors import DomainError
from clinic.money import format_gbp
from clinic.text import is_written_reason

from .. import config
from ..models import ExtentPrice, PriceExtra, Quote, QuoteLine, TreatmentPrice
from ..pricing import Breakdown, Line, price


class QuoteError(DomainError):
    pass


def price_lines(quote: Quote) -> list[Line]:
    """The price list applied to a draft: base price, extent, a 4th session, chosen extras."""
    base = TreatmentPrice.objects.filter(treatment_type=quote.treatment_type).first()
    if base is None:
        raise QuoteError(f"No price is set for {quote.get_treatment_type_display()} (admin → Treatment prices).")
    what = base.includes or f"{quote.session_count} sessions and 30-day aftercare"
    lines = [Line(f"{quote.get_treatment_type_display()} SMP treatment ({what})", base.base_price)]
    if quote.extent_scale and quote.extent_stage:
        extent = ExtentPrice.objects.filter(scale=quote.extent_scale, stage=quote.extent_stage).first()
        if extent is None:
            raise QuoteError("No price is set for that extent (admin → Extent prices).", field="extent_stage")
        lines.append(
            Line(f"Extent: {quote.get_extent_scale_display().split(' (')[0]} {quote.extent_stage}", extent.amount)
        )
    if quote.session_count == 4:
        fourth = PriceExtra.objects.filter(code=PriceExtra.FOURTH_SESSION, is_active=True).first()
        if fourth is None:
            raise QuoteError("No price is set for a 4th session (admin → Price extras).", field="session_count")
        lines.append(Line(fourth.name, fourth.price))
    lines += [Line(extra.name, extra.price) for extra in quote.extras.exclude(code=PriceExtra.FOURTH_SESSION)]
    return lines


def _apply(quote: Quote, breakdown: Breakdown) -> None:
    quote.computed_subtotal = breakdown.computed
    quote.subtotal = breakdown.subtotal
    quote.vat_rate = config.vat().rate if config.vat().registered else Decimal(0)
    quote.vat_amount = breakdown.vat
    quote.total = breakdown.total
    quote.deposit = breakdown.deposit


@transaction.atomic
def save_draft(
    *,
    client,
    treatment_type: str,
    session_count: int = 3,
    extent_scale: str = "",
    extent_stage: int | None = None,
    extras=(),
    manual_subtotal: Decimal | None = None,
    override_reason: str = "",
    by=None,
    quote: Quote | None = None,
) -> Quote:
    """Create or update a draft and price it. A price outside the band needs a manager and a reason."""
    if quote is not None and quote.status != Quote.Status.DRAFT:
        raise QuoteError("An issued quote can't be edited; revise it to make a new version.")
    quote = quote or Quote(client=client, created_by=by)
    quote.treatment_type, quote.session_count = treatment_type, session_count
    quote.extent_scale, quote.extent_stage = extent_scale or "", extent_stage
    quote.manual_subtotal, quote.override_reason, quote.override_by = None, "", None
    if manual_subtotal is not None:
        if by is None:
            raise QuoteError("A manual price needs the member of staff who set it.", field="manual_subtotal")
        manual_subtotal = Decimal(manual_subtotal)
        outside = not config.band().contains(manual_subtotal)
        if outside and not (by is not None and by.has_perm("quotes.override_price_band")):
            raise QuoteError(
                f"{format_gbp(manual_subtotal)} is outside the clinic's band ({format_gbp(config.band().minimum)}–"
                f"{format_gbp(config.band().maximum)}); only a manager can set it.",
                field="manual_subtotal",
            )
        if not is_written_reason(override_reason):
            raise QuoteError("Say why the price differs from the price list.", field="override_reason")
        quote.manual_subtotal, quote.override_reason, quote.override_by = manual_subtotal, override_reason.strip(), by
    quote.save()  # (a new draft needs its pk before extras can be linked)
    quote.extras.set(extras)
    lines = price_lines(quote)
    breakdown = price(
        lines=lines,
        band=config.band(),
        vat=config.vat(),
        deposit=config.deposit(),
        manual_subtotal=quote.manual_subtotal,
    )
    _apply(quote, breakdown)
    quote.full_clean()
    quote.save()
    quote.lines.all().delete()
    QuoteLine.objects.bulk_create(
        QuoteLine(quote=quote, position=n, description=line.description, amount=line.amount)
        for n, line in enumerate(lines, 1)
    )
    return quote
