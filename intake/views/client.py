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

from clients.models import ConsentText
from clients.services import ScreeningError, record_consent
from clinic.ratelimits import rate_limited

from ..errors import IntakeClosed, IntakeError
from ..forms import ConcernForm, IntakeScreeningForm, PhotoConsentForm, TypedConsentForm, screening_initial
from ..selectors import consultation_for_token, intake_of, next_step, steps_of
from ..services import (
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
    except (IntakeError, ScreeningError) as error:
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
    consent_form = PhotoConsentForm(request.POST if request.POST.get("action") == "consent" else None)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "consent":
            form, write = consent_form, lambda i: give_photo_consent(intake_id=i.pk)
        else:  # "done": the photos step is finished (with or without photos)
            form, write = forms.Form({}), lambda i: finish_photos(intake_id=i.pk)
        response, status = _write(request, token, intake, form, "photos", write)
        if response:
            return redirect("intake:photos", token=token) if action == "consent" else response
    return _render(request, "intake/photos.html", token, intake, "photos", status, consent_form=consent_form)


@require_http_methods(["GET", "POST"])
@intake_page
def consent(request, token: str, intake):
    text = ConsentText.objects.filter(is_current=True).first()
    form = TypedConsentForm(request.POST or None)
    status = 200
    if request.method == "POST":

        def sign(i):
            if text is None:
                raise IntakeError("The consent form isn't online yet: we'll go through it at your consultation.")
            record_consent(client=i.client, typed_name=form.cleaned_data["typed_name"])
            return mark_consent_signed(intake_id=i.pk)

        response, status = _write(request, token, intake, form, "consent", sign)
        if response:
            messages.success(request, "Thank you: the consent form is signed.")
            return response
    return _render(request, "intake/consent.html", token, intake, "consent", status, form=form, consent_text=text)
