"""Quotes for staff (draft, issue, revise), artists (read-only) and clients (signed link: accept/decline)."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from clients.models import Client, TreatmentType
from clinic.access import staff_required, team_required

from . import config
from .client_page import sections_for
from .forms import AcceptForm, DraftForm, draft_initial
from .models import Quote
from .notes import notes_for
from .services import QuoteError, accept_quote, decline_quote, issue_quote, revise_quote, save_draft
from .tokens import make_quote_token, quote_for_token


def _draft_form_page(request, *, client, quote=None):
    initial = draft_initial(client)
    # A remote quote drafted from elsewhere (the client's online intake) may name the treatment.
    if request.GET.get("treatment_type") in TreatmentType.values:
        initial["treatment_type"] = request.GET["treatment_type"]
    if quote is not None:
        initial = {
            "treatment_type": quote.treatment_type,
            "session_count": quote.session_count,
            "extent_scale": quote.extent_scale,
            "extent_stage": quote.extent_stage,
            "extras": list(quote.extras.all()),
            "manual_subtotal": quote.manual_subtotal,
            "override_reason": quote.override_reason,
        }
    form = DraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            quote = save_draft(client=client, quote=quote, by=request.user, **form.cleaned_data)
        except QuoteError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, "Draft saved. Check the breakdown, then issue it.")
            return redirect("quotes:detail", pk=quote.pk)
    context = {"client": client, "quote": quote, "form": form, "band": config.band(), "vat": config.vat()}
    return render(request, "quotes/draft_form.html", context, status=422 if form.errors else 200)


@staff_required
def quote_new(request, client_pk: int):
    return _draft_form_page(request, client=get_object_or_404(Client.objects.visible_to(request.user), pk=client_pk))


@staff_required
def quote_edit(request, pk: int):
    quote = get_object_or_404(Quote.objects.visible_to(request.user), pk=pk, status=Quote.Status.DRAFT)
    return _draft_form_page(request, client=quote.client, quote=quote)


@team_required
def quote_detail(request, pk: int):
    quote = get_object_or_404(
        Quote.objects.visible_to(request.user).select_related("client", "supersedes", "override_by", "plan"), pk=pk
    )
    context = {"quote": quote, "lines": quote.lines.all(), "notes": notes_for(quote, request.user)}
    return render(request, "quotes/detail.html", context)


@require_POST
@staff_required
def quote_issue(request, pk: int):
    quote = get_object_or_404(Quote.objects.visible_to(request.user), pk=pk)
    try:
        quote = issue_quote(quote_id=quote.pk, by=request.user)
    except QuoteError as error:
        messages.error(request, error.message)
    else:
        if quote.client.email:
            messages.success(request, f"Quote {quote.number} issued and e-mailed to {quote.client.email}.")
        else:
            messages.warning(
                request,
                f"Quote {quote.number} issued, not e-mailed: {quote.client.full_name} has no e-mail address. "
                "Print the PDF or read it to them on the phone.",
            )
    return redirect("quotes:detail", pk=quote.pk)


@require_POST
@staff_required
def quote_revise(request, pk: int):
    quote = get_object_or_404(Quote.objects.visible_to(request.user), pk=pk)
    try:
        revision = revise_quote(quote_id=quote.pk, by=request.user)
    except QuoteError as error:
        messages.error(request, error.message)
        return redirect("quotes:detail", pk=quote.pk)
    messages.success(request, f"Version {revision.version} drafted; issuing it replaces {quote.number}.")
    return redirect("quotes:edit", pk=revision.pk)


def _pdf_response(quote: Quote) -> FileResponse:
    if not quote.pdf:
        raise Http404
    return FileResponse(
        quote.pdf.open("rb"), content_type="application/pdf", as_attachment=True, filename=f"{quote.number}.pdf"
    )


def quote_pdf(request, pk: int):
    """Staff, the client's artist, or the client: the stored PDF, byte for byte."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    return _pdf_response(get_object_or_404(Quote.objects.visible_to(request.user), pk=pk))


def _closed_link(request, quote: Quote):
    """410: the link worked once; say what happened to the quote and whom to ask now."""
    return render(request, "quotes/link_closed.html", {"quote": quote}, status=410)


def client_quote(request, token: str):
    link = quote_for_token(token)
    if link is None:
        return render(request, "quotes/link_invalid.html", status=404)
    if link.closed:
        return _closed_link(request, link.quote)
    if link.legacy:  # an old e-mail's link: on to the current address, which names no number
        return redirect("quotes:client_quote", token=make_quote_token(link.quote))
    quote = link.quote
    form = AcceptForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("answer") == "decline":
                decline_quote(quote_id=quote.pk)
                messages.info(request, "Thank you for letting us know. You can always ask us for a new quote.")
                return redirect("quotes:client_quote", token=token)
            if form.is_valid():
                accept_quote(quote_id=quote.pk, typed_name=form.cleaned_data["typed_name"])
                messages.success(request, "Thank you: quote accepted. We'll be in touch to book your sessions.")
                return redirect("quotes:client_quote", token=token)
        except QuoteError as error:
            form.add_error("typed_name" if error.field == "typed_name" else None, error.message)
        status = 422
        quote.refresh_from_db()
    context = {"quote": quote, "lines": quote.lines.all(), "form": form, "token": token}
    context["sections"] = sections_for(request, quote, token)  # from the apps above (payments: pay online)
    return render(request, "quotes/client_quote.html", context, status=status)


def client_quote_pdf(request, token: str):
    link = quote_for_token(token)
    if link is None:
        raise Http404
    if link.closed:
        return _closed_link(request, link.quote)
    return _pdf_response(link.quote)
