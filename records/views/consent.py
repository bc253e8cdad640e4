"""Signing the consent on the clinic's tablet, and the signed PDF for the team (no-store)."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from bookings.models import TreatmentPlan
from clients.consent.forms import ConsentSignForm
from clients.consent.selectors import current_consent_text
from clients.consent.services import ConsentError, sign_consent
from clients.models import Client, ClientConsent
from clinic.access import artist_of, team_required
from clinic.ratelimits import client_ip


def artist_for(request, client: Client):
    """The artist present (the one signed in), else the client's active plan's artist, else their preferred one."""
    if artist := artist_of(request.user):
        return artist
    plan = (
        TreatmentPlan.objects.filter(client=client, status=TreatmentPlan.Status.ACTIVE)
        .select_related("artist")
        .order_by("-pk")
        .first()
    )
    return plan.artist if plan else client.preferred_artist


@require_http_methods(["GET", "POST"])
@team_required
def consent_sign(request, pk: int):
    client = get_object_or_404(Client.objects.visible_to(request.user).select_related("preferred_artist"), pk=pk)
    text = current_consent_text()
    signed = client.consents.filter(consent_text=text).first() if text else None
    artist = artist_for(request, client)
    form = ConsentSignForm(request.POST or None, consent_text=text, in_clinic=True)
    status = 200
    if request.method == "POST" and text is not None and signed is None:
        if form.is_valid():
            if form.cleaned_data["consent_version"] != text.version:
                form.add_error(None, "The consent wording has changed since this page was opened: read it again.")
            else:
                try:
                    sign_consent(
                        client=client,
                        consent_text=text,
                        artist=artist,
                        ip=client_ip(request),
                        user_agent=request.META.get("HTTP_USER_AGENT", ""),
                        by=request.user,
                        **form.service_kwargs(),
                    )
                except ConsentError as error:
                    form.add_error(error.field if error.field in form.fields else None, error.message)
                else:
                    messages.success(request, f"Consent signed by {client.full_name}: the signed PDF is on the record.")
                    return redirect("records:client", pk=client.pk)
        status = 422
    elif request.method == "POST":
        status = 409  # nothing to sign (no wording published, or signed meanwhile): the page says which
    context = {"client": client, "text": text, "signed": signed, "form": form, "artist": artist}
    return render(request, "records/consent_sign.html", context, status=status)


def consent_pdf_response(consent: ClientConsent) -> FileResponse:
    """The stored PDF, byte for byte, never cached; 404 if there is none (older typed confirmations)."""
    if not consent.pdf or not consent.pdf.storage.exists(consent.pdf.name):
        raise Http404
    name = f"consent-v{consent.consent_text.version}-{consent.signed_at:%Y%m%d}.pdf"
    response = FileResponse(consent.pdf.open("rb"), content_type="application/pdf", as_attachment=True, filename=name)
    response["Cache-Control"] = "no-store"
    return response


@team_required
def consent_pdf(request, pk: int):
    visible = Client.objects.visible_to(request.user)
    consent = get_object_or_404(ClientConsent.objects.select_related("consent_text").filter(client__in=visible), pk=pk)
    return consent_pdf_response(consent)
