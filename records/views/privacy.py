"""Managers only: the audit trail (per client and clinic-wide), the data export and erasure (UK GDPR)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from clients.models import Client, PrivacyAction
from clinic.access import is_staff
from clinic.clock import to_clinic_time
from clinic.users import roles
from clinic.users.models import User
from photos.selectors import photo_views

from ..audit import KIND_CHOICES, audit_rows, describe, privacy_actions
from ..erasure import ErasureError, confirmation_text, erase_client, erasure_preview
from ..export import export_client
from ..forms import AuditFilterForm, ErasureForm

PAGE_SIZE = 25  # a screen or two of changes; each entry can list many fields


def manager_permission(codename: str):
    """Staff without the permission get a 403; anyone else outside the team a 404 (nothing advertised)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.has_perm(f"clients.{codename}"):
                return view(request, *args, **kwargs)
            if is_staff(request.user):
                raise PermissionDenied
            raise Http404

        return wrapper

    return decorator


def _page(request, rows):
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return page, describe(list(page.object_list))


@manager_permission("view_audit_trail")
def client_audit(request, pk: int):
    client = get_object_or_404(Client, pk=pk)
    page, entries = _page(request, audit_rows(client_id=client.pk))
    context = {"client": client, "page": page, "entries": entries, "actions": privacy_actions(client_id=client.pk)}
    context["photo_views"] = photo_views(client=client)
    return render(request, "records/audit_client.html", context)


@manager_permission("view_audit_trail")
def audit_trail(request):
    team = User.objects.exclude(groups__name=roles.CLIENT).filter(client__isnull=True).order_by("full_name", "email")
    form = AuditFilterForm(request.GET or None, kinds=KIND_CHOICES, users=team)
    form.is_valid()
    page, entries = _page(request, audit_rows(**form.filters()))
    params = request.GET.copy()
    params.pop("page", None)
    context = {"form": form, "page": page, "entries": entries, "querystring": params.urlencode()}
    return render(request, "records/audit_trail.html", context, status=422 if form.errors else 200)


@require_POST
@manager_permission("export_client_data")
def client_export(request, pk: int):
    client = get_object_or_404(Client, pk=pk)
    data = export_client(client=client, by=request.user)
    response = HttpResponse(data, content_type="application/zip")
    stamp = f"{to_clinic_time(timezone.now()):%Y%m%d-%H%M}"
    response["Content-Disposition"] = f'attachment; filename="client-{client.pk}-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@manager_permission("erase_client")
def client_erase(request, pk: int):
    client = get_object_or_404(Client, pk=pk)
    erased = PrivacyAction.objects.filter(client=client, kind=PrivacyAction.Kind.ERASURE).first()
    expected = confirmation_text(client.pk)
    form = ErasureForm(request.POST or None, expected=expected)
    if request.method == "POST" and form.is_valid():
        try:
            erase_client(
                client_id=client.pk,
                by=request.user,
                confirmation=form.cleaned_data["confirmation"],
                reason=form.cleaned_data["reason"],
            )
        except ErasureError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"Client #{client.pk} has been erased.")
            return redirect("records:client_audit", pk=client.pk)
    context = {"client": client, "form": form, "erased": erased, "expected": expected}
    context["preview"] = None if erased else erasure_preview(client_id=client.pk)
    status = 409 if erased and request.method == "POST" else 422 if form.errors else 200
    return render(request, "records/erase_confirm.html", context, status=status)
