"""The staff reminders page: what goes out, what went, what failed; "Send now" and "Retry"."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from clinic.access import staff_required

from .forms import ReminderFilterForm
from .models import Reminder
from .selectors import reminder_counts, reminders_for_staff
from .services.rows import ReminderNotSendable, send_reminder_now


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
    return render(request, "outbox/reminders.html", context)


@staff_required
@require_POST
def reminder_send_now(request, pk: int):
    reminder = get_object_or_404(Reminder, pk=pk)
    try:
        send_reminder_now(reminder_id=reminder.pk)
    except ReminderNotSendable as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{reminder.get_kind_display()} for {reminder.recipient.full_name} is being sent.")
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    return redirect(back if safe and back else "outbox:reminders")
