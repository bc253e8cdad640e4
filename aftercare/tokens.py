"""Signed links to an aftercare schedule (sent in each aftercare e-mail); no login needed to read it."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import AftercareSchedule

_SALT = "aftercare.schedule-link"


def make_schedule_token(schedule: AftercareSchedule) -> str:
    return signing.Signer(salt=_SALT).sign(str(schedule.pk))


def schedule_url(schedule: AftercareSchedule) -> str:
    return settings.SITE_URL + reverse("aftercare:public_schedule", args=[make_schedule_token(schedule)])


def schedule_for_token(token: str) -> AftercareSchedule | None:
    try:
        pk = signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return AftercareSchedule.objects.select_related("client").filter(pk=int(pk)).first()
