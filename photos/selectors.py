"""Reads for the photo pages: a client's photos, a session's, one angle across the treatment, the gallery.

Each answers in a fixed number of queries whatever the number of photos or sessions.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from .models import Angle, Photo, Purpose


def client_photos(*, client) -> QuerySet[Photo]:
    """Every photo of the client, oldest first, with its appointment (one query)."""
    return Photo.objects.filter(client=client).select_related("appointment")


def photo_count(*, client) -> int:
    return Photo.objects.filter(client=client).count()


@dataclass
class AngleRow:
    angle: str
    label: str
    before: list[Photo] = field(default_factory=list)
    after: list[Photo] = field(default_factory=list)


def session_photos(*, appointment) -> list[AngleRow]:
    """The session's before/after photos by angle, in the guided order (one query)."""
    rows = {value: AngleRow(value, label) for value, label in Angle.choices}
    photos = Photo.objects.filter(appointment=appointment, purpose__in=[Purpose.SESSION_BEFORE, Purpose.SESSION_AFTER])
    for photo in photos:
        row = rows[photo.angle]
        (row.before if photo.purpose == Purpose.SESSION_BEFORE else row.after).append(photo)
    return list(rows.values())


@dataclass
class Column:
    title: str  # "Consultation", "Session 2 · before", "Aftercare"
    photos: list[Photo] = field(default_factory=list)


def _column_key(photo: Photo) -> tuple:
    if photo.purpose == Purpose.INTAKE:
        return (0, 0, 0)
    if photo.purpose == Purpose.PATCH_TEST:
        return (1, 0, 0)
    if photo.purpose == Purpose.HEALING:
        return (3, 0, 0)
    number = photo.appointment.session_number or 0
    return (2, number, 0 if photo.purpose == Purpose.SESSION_BEFORE else 1)


def _column_title(key: tuple) -> str:
    stage, number, after = key
    if stage == 2:
        return f"Session {number} · {'after' if after else 'before'}" if number else "Session"
    return {0: "Consultation", 1: "Patch test", 3: "Aftercare (healing)"}[stage]


def compare_angle(*, client, angle: str) -> list[Column]:
    """One angle lined up: consultation, session 1…4 (before, after), aftercare; one query."""
    columns: dict[tuple, Column] = {}
    photos = Photo.objects.filter(client=client, angle=angle).select_related("appointment")
    for photo in photos:
        key = _column_key(photo)
        columns.setdefault(key, Column(_column_title(key))).photos.append(photo)
    return [columns[key] for key in sorted(columns)]


def angle_counts(*, client) -> Counter:
    """{angle: number of photos} (one query), for the angle picker."""
    rows = Photo.objects.filter(client=client).values("angle").annotate(n=Count("pk")).order_by()
    return Counter({row["angle"]: row["n"] for row in rows})


def photo_counts(*, appointment_ids) -> dict[int, int]:
    """{appointment id: number of photos} for those with any (one query)."""
    rows = (
        Photo.objects.filter(appointment_id__in=appointment_ids)
        .values("appointment_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["appointment_id"]: row["n"] for row in rows}


def healing_photos(*, appointment) -> QuerySet[Photo]:
    """The client's healing photos after a session (its aftercare), oldest first."""
    return Photo.objects.filter(appointment=appointment, purpose=Purpose.HEALING)


def gallery_photos() -> QuerySet[Photo]:
    """Photos the clinic may show in a gallery: consent given, not withdrawn, ready. Nothing public uses it yet."""
    return Photo.objects.in_gallery()


def visible_photo(*, user, public_id) -> Photo | None:
    """The photo if `user` may see it (the client, staff, an artist the client is linked to), else None."""
    return Photo.objects.visible_to(user).filter(public_id=public_id).first()
