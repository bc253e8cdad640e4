"""The owner's reports: a period and an artist in, the figures as charts and tables (and each table as CSV) out."""

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from bookings.grid_cache import cached_body, key_for
from clinic.access import manager_required

from .period import PeriodForm
from .snapshots import MAX_AGE, rendered_once, report_snapshot
from .tables import csv_response


@require_safe
@manager_required
def reports(request):
    params = request.GET.copy()
    wanted_csv = params.pop("csv", [None])[-1]
    refresh = bool(params.pop("refresh", None))
    form = PeriodForm(params or None)
    period = form.period()
    snapshot = report_snapshot(period, refresh=refresh)
    if wanted_csv:
        if (table := snapshot.report.table(wanted_csv)) is None:
            raise Http404
        return csv_response(table, filename=f"{table.key}-{period.first:%Y%m%d}-{period.last:%Y%m%d}.csv")
    querystring = params.urlencode()
    sections = rendered_once(
        snapshot,
        querystring,
        lambda: render_to_string(
            "frontdesk/reports/_sections.html", {"sections": snapshot.report.sections, "querystring": querystring}
        ),
    )
    # The form's select lists every artist, and Django renders each option through a template of its own: most of
    # a kept report's time (profiled, issue 16). Rendered once per query string and calendar version (artists).
    form_html = cached_body(
        key_for("report-form", querystring),
        lambda: (render_to_string("frontdesk/reports/_period_form.html", {"form": form}), None),
    )
    context = {
        "form": form,
        "form_html": mark_safe(form_html),  # noqa: S308 (our template's output, escaped when it was rendered)
        "period": period,
        "sections_html": mark_safe(sections),  # noqa: S308 (our template's output, escaped when it was rendered)
        "computed_at": snapshot.computed_at,
        "max_age_minutes": int(MAX_AGE.total_seconds() // 60),
        "querystring": querystring,
    }
    return render(request, "frontdesk/reports/page.html", context, status=422 if form.errors else 200)
