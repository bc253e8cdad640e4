"""The "last backup" panel of the admin index (templates/admin/index.html)."""

from django import template
from django.conf import settings

from clinic.users.roles import is_staff_member

from ..selectors import backup_status as read_backup_status

register = template.Library()


@register.inclusion_tag("ops/backup_status.html", takes_context=True)
def backup_status(context) -> dict:
    """Staff and managers see it; other admin users (none today) would not."""
    request = context.get("request")
    if request is None or not is_staff_member(request.user):
        return {"status": None}
    return {"status": read_backup_status(), "max_age_hours": settings.BACKUP_MAX_AGE_HOURS}
