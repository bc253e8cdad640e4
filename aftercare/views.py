"""Aftercare pages (client by signed link or portal, team on the client's record) and staff reminders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from clients.views.portal import own_client
from clinic.access import staff_required, team_required, visible_clients

from .forms import ReminderFilterForm
from .models import AftercareSchedule, Reminder
from .selectors import reminder_counts, reminders_for_staff, schedule_view
from .services.reminders import ReminderNotSendable, send_reminder_now
from .tokens import schedule_for_token


def _render_schedule(request, schedule: AftercareSchedule, *, for_team: bool = False):
    context = {"view": schedule_view(schedule=schedule), "client": schedule.client, "for_team": for_team}
    return render(request, "aftercare/schedule.html", context)


def public_schedule(request, token: str):
    schedule = schedule_for_token(token)
    if schedule is None:
        raise Http404
    return _render_schedule(request, schedule)


@login_required
def portal_schedule(request, pk: int):
    client = own_client(request.user)
    return _render_schedule(request, get_object_or_404(client.aftercare_schedules, pk=pk))


@team_required
def team_schedule(request, pk: int):
    schedule = get_object_or_404(AftercareSchedule.objects.filter(client__in=visible_clients(request.user)), pk=pk)
    return _render_schedule(request, schedule, for_team=True)


@staff_required
def reminders(request):
    form = ReminderFilterForm(request.GET or None)
    filters = {}
    if form.is_bound:
        form.is_valid()  # an invalid field (a bad date) shows its error; the valid ones (tab, client…) still apply
        filters = form.cleaned_data
    qs = reminders_for_staff(
        group=filters.get("group") or "upcoming",
        kind=filters.get("kind", ""),
        channel=filters.get("channel", ""),
        client_id=filters.get("client"),
        day=filters.get("day"),
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "counts": reminder_counts()}
    context["group"] = filters.get("group") or "upcoming"
    return render(request, "aftercare/reminders.html", context)


@staff_required
@require_POST
def reminder_send_now(request, pk: int):
    reminder = get_object_or_404(Reminder, pk=pk)
    try:
        send_reminder_now(reminder_id=reminder.pk)
    except ReminderNotSendable as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{reminder.get_kind_display()} for {reminder.client.full_name} is being sent.")
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    return redirect(back if safe and back else "aftercare:reminders")
