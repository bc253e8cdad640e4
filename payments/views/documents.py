"""Receipts and statements for staff and for the client they belong to (anyone else: 404), never cached."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from clinic.access import artist_of, is_staff
from quotes.models import Quote

from ..models import Receipt
from ..selectors.statement import statement_for
from ..services.pdf import render_statement_pdf


def money_quotes(user):
    """The quotes whose money `user` may see: staff all, a client their own; artists none (money is the desk's)."""
    if is_staff(user):
        return Quote.objects.all()
    if artist_of(user):
        return Quote.objects.none()
    return Quote.objects.visible_to(user)


def _no_store(response):
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
def receipt_pdf(request, pk: int):
    receipt = get_object_or_404(Receipt, pk=pk, entry__quote__in=money_quotes(request.user))
    if not receipt.pdf_sha256 or not receipt.pdf:
        raise Http404  # its file is being made (a few seconds after the entry)
    try:
        stored = receipt.pdf.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        stored, content_type="application/pdf", as_attachment=True, filename=f"{receipt.number}.pdf"
    )
    return _no_store(response)


def _statement_quote(request, pk: int) -> Quote:
    return get_object_or_404(money_quotes(request.user).select_related("client", "plan"), pk=pk)


@login_required
def statement(request, pk: int):
    quote = _statement_quote(request, pk)
    context = {"quote": quote, "statement": statement_for(quote=quote), "for_staff": is_staff(request.user)}
    return _no_store(render(request, "payments/statement.html", context))


@login_required
def statement_pdf(request, pk: int):
    quote = _statement_quote(request, pk)
    pdf = render_statement_pdf(statement_for(quote=quote))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="Statement {quote.number}.pdf"'
    return _no_store(response)
