"""The staff reminders page: what goes out, what went, what failed; "Send now" and "Retry"."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from clinic.access import staff_required

from .forms import ReminderFilterForm
from .models import Reminder
from .selectors import reminder_counts, reminders_for_staff, with_descriptions
from .services.rows import ReminderNotSendable, send_reminder_now

PAGE_SIZE = 50


@staff_required
def reminders(request):
    form = ReminderFilterForm(request.GET or None)
    data = {}
    if form.is_bound:
        form.is_valid()  # an invalid field (a bad date) shows its error; the valid ones (tab, client…) still apply
        data = form.cleaned_data
    group = data.get("group") or "upcoming"
    filters = {"kind": data.get("kind", ""), "channel": data.get("channel", "")}
    filters |= {"client_id": data.get("client"), "day": data.get("day")}
    page = Paginator(reminders_for_staff(group=group, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_descriptions(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "group": group, "tabs": []}
    for name, count in reminder_counts(**filters).items():
        # A tab keeps the filters in force: its count is what it lists.
        tab_query = query.copy()
        tab_query["group"] = name
        context["tabs"].append({"name": name, "count": count, "query": tab_query.urlencode()})
    context["counts"] = {tab["name"]: tab["count"] for tab in context["tabs"]}
    context["in_force"] = form.in_force() if form.is_bound else []
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
