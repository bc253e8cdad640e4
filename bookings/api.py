"""Public JSON API v1 (django-ninja: typed schemas, validation and OpenAPI from one definition)."""

import gzip
import json
import re
from datetime import date, datetime, timedelta
from functools import lru_cache, wraps
from typing import Literal

import brotli
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.http import HttpResponse, JsonResponse
from django.utils.http import parse_header_parameters
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.decorators import decorate_view
from ninja.errors import ValidationError as NinjaValidationError
from ninja.responses import NinjaJSONEncoder
from pydantic import StrictBool, StrictInt, field_validator

from clients.models import TreatmentType
from clients.names import normalise_name
from clients.phone import normalise_phone
from clients.services import ClientDetails
from clinic.clock import local_today, to_clinic_time
from clinic.ratelimits import RATE_LIMITED, rate_limited

from .availability_cache import cached_answer
from .errors import InvalidBookingTime, SlotUnavailable
from .models import Appointment, Artist, BookingPolicy
from .selectors import consultation_service, slots_on
from .services import book_consultation
from .tokens import manage_url


def json_only(view):
    """Bodies only as `Content-Type: application/json`, else 415 before anything is read.

    A cross-site HTML form can post text/plain that is valid JSON without a CORS preflight, and a visitor's
    browser would then book in their name; a JSON content type from another site needs a preflight (never allowed).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (request.content_type or "").lower() != "application/json":
            body = {"detail": "Send the body as JSON (Content-Type: application/json)."}
            return JsonResponse(body, status=415)
        return view(request, *args, **kwargs)

    return wrapper


api = NinjaAPI(
    title="SMP clinic booking API",
    version="1",
    urls_namespace="api-v1",
    description="Free-consultation availability and booking. Times are ISO-8601 with a UTC offset. "
    "Send bodies as JSON with `Content-Type: application/json` (anything else is 415).",
)


class SlotOut(Schema):
    start: datetime
    end: datetime
    artist_id: int


class AvailabilityOut(Schema):
    date: date
    slots: list[SlotOut]


def _iso_text(value, *, pattern: str, example: str):
    """Dates and times only as the ISO-8601 text the schema documents (pydantic would also take 0 as 1970)."""
    if not isinstance(value, str) or not re.fullmatch(pattern, value):
        raise ValueError(f"Give it in ISO-8601 form, e.g. {example}.")
    return value


class AvailabilityQuery(Schema):
    date: date
    artist_id: int | None = Field(None, ge=1)
    service: Literal["consultation"] = "consultation"

    @field_validator("date", mode="before")
    @classmethod
    def _date_text(cls, value):
        return _iso_text(value, pattern=r"\d{4}-\d{2}-\d{2}", example="2026-12-01")


class ConsultationIn(Schema):
    start: datetime
    artist_id: StrictInt | None = Field(None, ge=1)
    name: str = Field(min_length=2, max_length=150)
    email: str = Field(max_length=254)
    phone: str = Field(max_length=32)
    concern: TreatmentType = TreatmentType.OTHER
    contact_consent: StrictBool = False

    @field_validator("concern", mode="before")
    @classmethod
    def _old_concern(cls, value):
        # v1 callers may still send "thinning", the name density had before the treatment types were unified.
        return TreatmentType.DENSITY.value if value == "thinning" else value

    @field_validator("start", mode="before")
    @classmethod
    def _start_text(cls, value):
        return _iso_text(
            value,
            pattern=r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?",
            example="2026-12-01T10:00:00+00:00",
        )

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        try:
            return normalise_name(value)
        except DjangoValidationError as error:
            raise ValueError(error.messages[0]) from error

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        try:
            validate_email(value)
        except DjangoValidationError as error:
            raise ValueError("Enter a valid e-mail address.") from error
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        try:
            return normalise_phone(value)
        except DjangoValidationError as error:
            raise ValueError(error.messages[0]) from error


class ConsultationOut(Schema):
    id: int
    start: datetime
    end: datetime
    artist_id: int
    manage_url: str


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc: NinjaValidationError):
    """Field errors as {field: [messages]}, the same shape as the domain's 422s."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "payload")]
        errors.setdefault(".".join(location) or "__all__", []).append(
            error.get("msg", "Invalid value.").removeprefix("Value error, ")
        )
    return api.create_response(request, {"detail": "Invalid input.", "errors": errors}, status=422)


def _local(moment: datetime) -> datetime:
    return to_clinic_time(moment)


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return api.create_response(request, {"detail": "The request body is too large."}, status=413)


@api.get(
    "/availability",
    response={200: AvailabilityOut, 400: ErrorOut, 422: ErrorOut},
    summary="Free consultation slots on a date",
)
def availability(request, query: Query[AvailabilityQuery]):
    if query.artist_id is not None and not Artist.objects.filter(pk=query.artist_id, is_active=True).exists():
        return Status(422, {"detail": "Unknown artist.", "errors": {"artist_id": ["No bookable artist with this id."]}})
    return availability_response(request, day=query.date, artist_id=query.artist_id)


def availability_response(request, *, day: date, artist_id: int | None) -> HttpResponse:
    """The cached answer for a valid query (this view's, and the lean route's: bookings/api_lean.py)."""
    today = local_today()
    # "v2": the answer is kept in three encodings (a deploy must not read the two of an older entry).
    key = f"availability:v2:{today}:{day}:{artist_id or 'any'}"
    bodies = cached_answer(key, lambda: _availability_body(day=day, artist_id=artist_id, today=today))
    # A busy day is ~50 kB of JSON; compressed once when computed, not per request (nor BREACH-prone: no secrets).
    coding = preferred_coding(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    return HttpResponse(bodies[CODINGS.index(coding)], headers=HEADERS[coding])


# How an answer is kept: plain, brotli (a third smaller than gzip on a busy day, for every browser over HTTPS), gzip.
CODINGS = (None, "br", "gzip")
JSON = "application/json; charset=utf-8"
# A new response's headers, set at once (patch_vary_headers on a response without Vary writes the same).
HEADERS = {
    coding: {"Content-Type": JSON} | ({"Content-Encoding": coding} if coding else {}) | {"Vary": "Accept-Encoding"}
    for coding in CODINGS
}


@lru_cache(maxsize=64)  # browsers send a handful of distinct values; parsing one per request cost ~3 % (issue 16)
def preferred_coding(accept_encoding: str) -> str | None:
    """Brotli, else gzip, if the client's Accept-Encoding takes it ("br;q=0" refuses it); else None (as is)."""
    accepted = set()
    for part in accept_encoding.split(","):
        coding, parameters = parse_header_parameters(part)  # the coding and parameter names lower-cased
        if "q" not in parameters or _positive(parameters["q"]):
            accepted.add(coding)
    return next((coding for coding in CODINGS[1:] if coding in accepted), None)


def _positive(q: str) -> bool:
    try:
        return float(q) > 0
    except ValueError:
        return False  # a q-value that isn't one: not taken as a yes


def _availability_body(*, day: date, artist_id: int | None, today: date) -> tuple[tuple[bytes, ...], datetime | None]:
    """The JSON answer (what AvailabilityOut documents) in each of CODINGS, and when the clock makes it stale."""
    policy = BookingPolicy.load()
    slots = []
    if today <= day <= today + timedelta(days=policy.horizon_days):  # nothing is bookable outside the window
        slots = slots_on(service=consultation_service(), day=day, artist_id=artist_id, policy=policy)
    payload = {
        "date": day,
        "slots": [{"start": _local(s.start), "end": _local(s.end), "artist_id": s.artist_id} for s in slots],
    }
    # The earliest slot leaves the answer once it is inside the booking notice.
    stale_at = slots[0].start - timedelta(minutes=policy.min_notice_minutes) if slots else None
    plain = json.dumps(AvailabilityOut(**payload).model_dump(), cls=NinjaJSONEncoder).encode()
    # Brotli at quality 5: ~0.6 ms for a busy day's 47 kB (the default, 11, takes ~70 ms for 6 % less).
    return (plain, brotli.compress(plain, quality=5), gzip.compress(plain, mtime=0)), stale_at


@api.post(
    "/consultations",
    response={
        201: ConsultationOut,
        400: ErrorOut,
        409: ErrorOut,
        413: ErrorOut,
        415: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    summary="Book a free consultation",
)
@decorate_view(json_only)
def create_consultation(request, payload: ConsultationIn):
    if rate_limited(request, "booking"):
        return Status(429, {"detail": RATE_LIMITED})
    if payload.artist_id is not None and not Artist.objects.filter(pk=payload.artist_id, is_active=True).exists():
        return Status(422, {"detail": "Unknown artist.", "errors": {"artist_id": ["No bookable artist with this id."]}})
    details = ClientDetails(
        full_name=payload.name,
        email=payload.email,
        phone=payload.phone,
        concern=payload.concern,
        contact_consent=payload.contact_consent,
    )
    try:
        appointment = book_consultation(
            start=payload.start, artist_id=payload.artist_id, client_details=details, source=Appointment.Source.API
        )
    except SlotUnavailable as error:
        return Status(409, {"detail": error.message})
    except InvalidBookingTime as error:
        return Status(422, {"detail": error.message, "errors": {"start": [error.message]}})
    return Status(
        201,
        {
            "id": appointment.pk,
            "start": _local(appointment.start),
            "end": _local(appointment.end),
            "artist_id": appointment.artist_id,
            "manage_url": manage_url(appointment),
        },
    )
