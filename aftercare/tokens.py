"""Signed links to an aftercare schedule (sent in each aftercare e-mail); no login needed to read it.

They stop working `AFTERCARE_LINK_DAYS` after they were made (default 400: the 30 days and the
top-up reminder a year later); the portal shows the schedule for as long as the client wants.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing

from clinic.links import absolute_url

from .models import AftercareSchedule

_SALT = "aftercare.schedule-link"


def make_schedule_token(schedule: AftercareSchedule) -> str:
    return signing.TimestampSigner(salt=_SALT).sign(str(schedule.pk))


def schedule_url(schedule: AftercareSchedule) -> str:
    return absolute_url("aftercare:public_schedule", make_schedule_token(schedule))


def schedule_for_token(token: str) -> AftercareSchedule | None:
    try:
        pk = signing.TimestampSigner(salt=_SALT).unsign(token, max_age=timedelta(days=settings.AFTERCARE_LINK_DAYS))
    except (signing.BadSignature, ValueError):  # expired; tampered; signed without a timestamp
        return None
    return AftercareSchedule.objects.select_related("client").filter(pk=int(pk)).first()
