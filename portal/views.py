"""The client portal: bookings, plan and sessions; log in by password or a one-time e-mail link."""

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404
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
from clients.models import Client
from clinic.ratelimits import RATE_LIMITED, rate_limited

from .login_links import portal_user_for, user_for_token
from .messages import queue_login_link


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
    context = {
        "client": client,
        "consultations": [(a, make_manage_token(a)) for a in appointments if not a.plan_id],
        "plans": client.plans.select_related("artist").prefetch_related("sessions"),
        "sessions": [a for a in appointments if a.plan_id],
        "aftercare": client.aftercare_schedules.all(),
        "now": now,
    }
    return render(request, "portal/home.html", context)


@require_http_methods(["GET", "POST"])
def request_link(request):
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, "portal-link"):
            form.add_error(None, RATE_LIMITED)
        else:
            client = Client.objects.filter(email__iexact=form.cleaned_data["email"]).first()
            user = portal_user_for(client) if client is not None else None
            if user is not None:
                queue_login_link(client=client)
            # Same answer either way: the page must not reveal who is a client.
            messages.success(
                request,
                "If that address is one of our clients', we've e-mailed a login link. It works once, for 30 minutes.",
            )
            return redirect("portal:login")
    return render(request, "portal/login.html", {"form": form}, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def use_link(request, token: str):
    """GET shows a button; only the POST logs in (mail scanners that open links must not use them up)."""
    user = user_for_token(token)
    if user is None:
        return render(request, "portal/link_invalid.html", status=404)
    if request.method == "GET":
        return render(request, "portal/use_link.html", {"user_for_link": user})
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
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
