"""The client's intake behind the booking's manage link: /bookings/<token>/intake/ and one page per step.

Each step saves on its own (progress is kept); a bad token gets the manage link's "link invalid" page;
once the consultation has started, was cancelled or the artist confirmed the answers, every step shows
what was given, read-only, with the reason (a POST then is a 409).
"""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from clients.consent.forms import ConsentSignForm
from clients.consent.selectors import current_consent_text
from clients.consent.services import ConsentError, sign_consent
from clinic.ratelimits import client_ip, rate_limited
from photos.forms import PhotoUploadForm, save_photo_form
from photos.models import Purpose

from ..errors import IntakeClosed, IntakeError
from ..forms import ConcernForm, IntakeScreeningForm, PhotoConsentForm, screening_initial
from ..selectors import consultation_for_token, intake_of, intake_photos, next_step, steps_of
from ..services import (
    check_photo_upload,
    closed_reason,
    ensure_intake,
    finish_photos,
    give_photo_consent,
    mark_consent_signed,
    save_concern,
    save_screening_answers,
)

RATE_LIMITED = "Too many attempts from your connection. Please try again later or call us."


def intake_page(view):
    """Resolve the token to the consultation and its intake, or answer with the manage link's 404 page."""

    @wraps(view)
    def wrapper(request, token: str):
        appointment = consultation_for_token(token)
        if appointment is None:
            return render(request, "bookings/link_invalid.html", status=404)
        return view(request, token, intake_of(appointment))

    return wrapper


def _render(request, template: str, token: str, intake, step: str, status: int = 200, **extra):
    context = {
        "token": token,
        "intake": intake,
        "appointment": intake.appointment,
        "steps": steps_of(intake),
        "step": step,
        "closed": closed_reason(intake),
    } | extra
    return render(request, template, context, status=status)


def _write(request, token: str, intake, form, step: str, write):
    """Validate, rate-limit and write a step's POST: (a redirect to the next step, 302) or (None, the status).

    A closed intake (the page says why) is a 409 and nothing is written.
    """
    if closed_reason(intake):
        return None, 409
    if not form.is_valid():
        return None, 422
    if rate_limited(request, "intake", rate=settings.INTAKE_RATE_LIMIT):
        form.add_error(None, RATE_LIMITED)
        return None, 429
    try:
        saved = write(ensure_intake(appointment=intake.appointment))
    except IntakeClosed as error:  # closed in the meantime (the consultation began, the artist confirmed)
        form.add_error(None, error.message)
        return None, 409
    except (IntakeError, ConsentError) as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None, 422
    return redirect(f"intake:{next_step(saved, after=step)}", token=token), 302


@require_http_methods(["GET"])
@intake_page
def start(request, token: str, intake):
    return _render(request, "intake/start.html", token, intake, "start", first=next_step(intake))


@require_http_methods(["GET", "POST"])
@intake_page
def screening(request, token: str, intake):
    form = IntakeScreeningForm(request.POST or None, initial=screening_initial(intake.answers))
    status = 200
    if request.method == "POST":
        response, status = _write(
            request,
            token,
            intake,
            form,
            "screening",
            lambda i: save_screening_answers(intake_id=i.pk, answers=form.answers()),
        )
        if response:
            return response
    return _render(request, "intake/screening.html", token, intake, "screening", status, form=form)


@require_http_methods(["GET", "POST"])
@intake_page
def concern(request, token: str, intake):
    initial = {"concern": intake.concern, "since": intake.concern_since, "notes": intake.concern_notes}
    form = ConcernForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        response, status = _write(
            request,
            token,
            intake,
            form,
            "concern",
            lambda i: save_concern(
                intake_id=i.pk,
                concern=form.cleaned_data["concern"],
                since=form.cleaned_data["since"],
                notes=form.cleaned_data["notes"],
            ),
        )
        if response:
            return response
    return _render(request, "intake/concern.html", token, intake, "concern", status, form=form)


@require_http_methods(["GET", "POST"])
@intake_page
def photos(request, token: str, intake):
    """Step (c)+(d): agree to keep photos in the clinical record first; then the photos, one per angle."""
    action = request.POST.get("action") if request.method == "POST" else None
    consent_form = PhotoConsentForm(request.POST if action == "consent" else None)
    upload_form = PhotoUploadForm(
        request.POST if action == "upload" else None, request.FILES if action == "upload" else None, gallery=True
    )
    status = 200
    if action == "upload":
        response, status = _write(
            request, token, intake, upload_form, "photos", lambda i: _upload(request, i, upload_form)
        )
        if response:  # back to the step: more angles, or "Continue"
            return redirect("intake:photos", token=token)
    elif action in ("consent", "done"):
        form = consent_form if action == "consent" else forms.Form({})
        write = (
            (lambda i: give_photo_consent(intake_id=i.pk))
            if action == "consent"
            else (lambda i: finish_photos(intake_id=i.pk))
        )
        response, status = _write(request, token, intake, form, "photos", write)
        if response:
            return redirect("intake:photos", token=token) if action == "consent" else response
    elif request.method == "POST":
        status = 422
    context = {"consent_form": consent_form, "upload_form": upload_form, "photos": intake_photos(intake)}
    return _render(request, "intake/photos.html", token, intake, "photos", status, **context)


def _upload(request, intake, form):
    """Store the chosen photos (each refused one is an error on its angle; the others are kept)."""
    check_photo_upload(intake)
    saved = save_photo_form(
        form, client=intake.client, purpose=Purpose.INTAKE, appointment=intake.appointment, by=request.user
    )
    if form.errors:
        raise IntakeError(f"{len(saved)} photo(s) saved; the others could not be used (see below).")
    if saved:
        messages.success(request, f"Thank you: {len(saved)} photo{'s' if len(saved) != 1 else ''} received.")
    return intake


@require_http_methods(["GET", "POST"])
@intake_page
def consent(request, token: str, intake):
    """Step (e): the consent form signed at home (drawn or typed), with the clinics' own signing include."""
    text = current_consent_text()
    signed = intake.client.consents.filter(consent_text=text).first() if text else None
    form = ConsentSignForm(request.POST or None, consent_text=text, in_clinic=False) if text and not signed else None
    status = 200
    if request.method == "POST":
        if form is None:  # signed already (here or at the clinic), or no wording online: the step is done
            response, status = _write(
                request, token, intake, forms.Form({}), "consent", lambda i: mark_consent_signed(intake_id=i.pk)
            )
        else:
            response, status = _write(request, token, intake, form, "consent", lambda i: _sign(request, i, form, text))
        if response:
            return response
    context = {"form": form, "consent_text": text, "signed": signed}
    return _render(request, "intake/consent.html", token, intake, "consent", status, **context)


def _sign(request, intake, form, text):
    if form.cleaned_data["consent_version"] != text.version:
        raise IntakeError("The consent wording has changed since this page was opened: please read it again and sign.")
    sign_consent(
        client=intake.client,
        consent_text=text,
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        artist=intake.appointment.artist,
        by=None,
        **form.service_kwargs(),
    )
    messages.success(
        request,
        "Thank you: the consent form is signed. A copy (PDF) is in your account: log in with your e-mail address.",
    )
    return mark_consent_signed(intake_id=intake.pk)
