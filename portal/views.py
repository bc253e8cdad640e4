"""The client portal: bookings, plan and sessions; log in by password or a one-time e-mail link."""

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from aftercare.views import render_schedule
from bookings.errors import BookingError
from bookings.forms import SlotChoiceForm
from bookings.models import Appointment, BookingPolicy
from bookings.notice import can_change_online, change_deadline, too_late_message
from bookings.selectors import build_picker, session_move_window
from bookings.services import reschedule_session
from bookings.tokens import make_manage_token
from clients.consent.selectors import signed_consents
from clients.models import Client
from clients.services import save_client_record
from clinic.clock import to_clinic_time
from clinic.ratelimits import RATE_LIMITED, rate_limited
from clinic.users import backends
from intake.selectors import intake_states
from payments.policy.words import policy_terms, quote_next_steps
from payments.selectors.clients import money_of_client
from payments.stripe.selectors import pay_options
from quotes.models import Quote
from quotes.tokens import make_quote_token
from records.export import export_client
from records.views.consent import consent_pdf_response

from .email_change import confirm_login_email, pending_change
from .forms import ContactForm
from .login_links import use_login_token, user_for_token
from .tasks import hand_over, send_login_link


class EmailForm(forms.Form):
    email = forms.EmailField(label="Your e-mail address")


def own_client(user) -> Client:
    client = Client.objects.filter(user=user).first()
    if client is None:
        raise Http404
    return client


@login_required
def home(request):
    client = own_client(request.user)
    appointments = list(
        client.appointments.exclude(status=Appointment.Status.CANCELLED)
        .select_related("artist", "service", "plan")
        .order_by("start")
    )
    now = timezone.now()
    sessions = [a for a in appointments if a.plan_id]
    policy = BookingPolicy.load()
    for session in sessions:  # "Move" only where the change notice still allows it online
        session.movable = can_change_online(session, policy=policy, now=now)
    plans = list(client.plans.select_related("artist").order_by("-created_at"))
    for plan in plans:
        plan.booked = [s for s in sessions if s.plan_id == plan.pk]
    consultations = [a for a in appointments if not a.plan_id]
    intakes = intake_states(appointments=consultations)
    quotes = list(client.quotes.exclude(status__in=[Quote.Status.DRAFT, Quote.Status.SUPERSEDED]).order_by("-pk"))
    payable = pay_options(quotes)  # {} unless online payment is on
    for quote in quotes:
        quote.pay = payable.get(quote.pk)
    context = {
        "client": client,
        "consultations": [(a, make_manage_token(a), intakes.get(a.pk)) for a in consultations],
        "plans": plans,
        "sessions": sessions,
        "quotes": [(q, make_quote_token(q)) for q in quotes],
        "aftercare": client.aftercare_schedules.all(),
        "money": money_of_client(client_id=client.pk),
        "consents": [c for c in signed_consents(client=client) if c.pdf],
        "now": now,
        # The deposit (how to pay it, or paid) and the cancellation policy, in payments' one wording.
        "deposit_steps": [step for q in quotes if q.status == Quote.Status.ACCEPTED for step in quote_next_steps(q)],
        "policy_terms": policy_terms() if plans or quotes else "",
        "today": to_clinic_time(now).date(),
    }
    return render(request, "portal/home.html", context)


@require_http_methods(["GET", "POST"])
def request_link(request):
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, "portal-link"):
            form.add_error(None, RATE_LIMITED)
        else:
            # Same answer, in the same time, either way: the page must not reveal who is a client.
            email = form.cleaned_data["email"]
            hand_over(send_login_link, email)
            messages.success(
                request,
                "If that address is one of our clients', we've e-mailed a login link. It works once, for 30 minutes.",
            )
            return redirect("portal:login")
    return render(request, "portal/login.html", {"form": form}, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def use_link(request, token: str):
    """GET shows a button; only the POST logs in (mail scanners that open links must not use them up)."""
    user = user_for_token(token) if request.method == "GET" else use_login_token(token=token)
    if user is None:
        return render(request, "portal/link_invalid.html", status=404)
    if request.method == "GET":
        return render(request, "portal/use_link.html", {"user_for_link": user})
    login(request, user, backend=backends.PATH)
    return redirect("portal:home")


@login_required
@require_http_methods(["GET", "POST"])
def move_session(request, pk: int):
    client = own_client(request.user)
    appointment = get_object_or_404(
        Appointment.objects.select_related("plan", "artist", "service"), pk=pk, client=client, plan__isnull=False
    )
    form = SlotChoiceForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, "reschedule"):
            form.add_error(None, RATE_LIMITED)
            status = 429
        else:
            try:
                reschedule_session(appointment_id=appointment.pk, start=form.cleaned_data["slot"], online=True)
            except BookingError as error:
                form.add_error("slot" if error.field else None, error.message)
            else:
                messages.success(request, "Your session has been moved.")
                return redirect("portal:home")
    params = request.POST if request.method == "POST" else request.GET
    first_day, last_day = session_move_window(appointment)
    picker = build_picker(
        params=params,
        service=appointment.service,
        exclude_appointment_id=appointment.pk,
        artist_id=appointment.artist_id,
        first_day=first_day,
        last_day=last_day,
    )
    policy = BookingPolicy.load()
    context = {"appointment": appointment, "form": form, "picker": picker, "alternatives": [], "selected": ""}
    context["change_deadline"] = change_deadline(appointment, policy=policy)
    if not can_change_online(appointment, policy=policy):
        context["too_late"] = too_late_message(appointment, policy=policy, done="moved")
    return render(request, "portal/move_session.html", context, status=422 if form.errors and status == 200 else status)


@login_required
def aftercare_schedule(request, pk: int):
    client = own_client(request.user)
    return render_schedule(request, get_object_or_404(client.aftercare_schedules, pk=pk))


@require_http_methods(["GET", "POST"])
def confirm_email(request, token: str):
    """GET shows a button; the POST makes the new address the login's (a mail scanner's GET changes nothing)."""
    if request.method == "GET":
        pending = pending_change(token)
        if pending is None:
            return render(request, "portal/confirm_email_invalid.html", status=404)
        return render(request, "portal/confirm_email.html", {"new_email": pending[1]})
    if confirm_login_email(token=token) is None:
        return render(request, "portal/confirm_email_invalid.html", status=404)
    messages.success(request, "Thank you: you log in with your new e-mail address from now on.")
    return redirect("portal:home" if request.user.is_authenticated else "portal:login")


@login_required
@require_http_methods(["GET", "POST"])
def details(request):
    """The client's own contact details and preferences; a new e-mail counts for login once confirmed."""
    client = own_client(request.user)
    form = ContactForm(request.POST or None, instance=client)
    if request.method == "POST" and form.is_valid():
        email_changed = "email" in form.changed_data
        save_client_record(form=form)
        note = " We've e-mailed your new address a link to confirm it; until then you log in with the old one."
        messages.success(request, "Your details are saved." + (note if email_changed else ""))
        return redirect("portal:home")
    return render(request, "portal/details.html", {"form": form}, status=422 if form.errors else 200)


@login_required
@require_http_methods(["POST"])
def export(request):
    """The client's own UK GDPR export (the same ZIP a manager downloads for them; the download is recorded)."""
    client = own_client(request.user)
    response = HttpResponse(export_client(client=client, by=request.user), content_type="application/zip")
    stamp = f"{to_clinic_time(timezone.now()):%Y%m%d-%H%M}"
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def consent_pdf(request, pk: int):
    """The client's own signed consent (another client's: 404), not cached."""
    client = own_client(request.user)
    return consent_pdf_response(get_object_or_404(client.consents.select_related("consent_text"), pk=pk))
