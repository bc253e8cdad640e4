"""The owner's reports: a period and an artist in, the figures as charts and tables (and each table as CSV) out."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from clinic.access import manager_required

from .period import PeriodForm
from .sections import build_report
from .tables import csv_response


@require_safe
@manager_required
def reports(request):
    params = request.GET.copy()
    wanted_csv = params.pop("csv", [None])[-1]
    form = PeriodForm(params or None)
    period = form.period()
    report = build_report(period=period)
    if wanted_csv:
        if (table := report.table(wanted_csv)) is None:
            raise Http404
        return csv_response(table, filename=f"{table.key}-{period.first:%Y%m%d}-{period.last:%Y%m%d}.csv")
    context = {"form": form, "period": period, "sections": report.sections, "querystring": params.urlencode()}
    return render(request, "frontdesk/reports/page.html", context, status=422 if form.errors else 200)
