"""Reads for the public pages: a fixed number of queries whatever the size of the team or price list."""

from dataclasses import dataclass
from datetime import time
from decimal import Decimal

from django.urls import reverse
from django.utils.http import urlencode

from bookings.models import Artist, WorkingHours
from quotes import config
from quotes.models import TreatmentPrice
from quotes.pricing import Line, price

from .models import HomePage, PrivacyNotice, Question, TreatmentText


@dataclass(frozen=True)
class Treatment:
    name: str
    description: str
    from_price: Decimal  # what the smallest quote for it comes to: band and VAT applied as on a quote


@dataclass(frozen=True)
class TeamMember:
    name: str
    bio: str
    initials: str  # shown in a circle when there is no photo
    photo_url: str


@dataclass(frozen=True)
class OpeningDay:
    weekday: str
    intervals: list[tuple[time, time]]  # empty: closed


@dataclass(frozen=True)
class Home:
    page: HomePage
    treatments: list[Treatment]
    artists: list[TeamMember]
    opening_hours: list[OpeningDay]
    questions: list[Question]


def from_price(base_price: Decimal) -> Decimal:
    """The price list's base price priced like a quote (kept in the clinic's band, VAT added when registered),
    so the home page never shows less than a quote would say."""
    return price(lines=[Line("", base_price)], band=config.band(), vat=config.vat(), deposit=config.deposit()).total


def treatments() -> list[Treatment]:
    prices = {p.treatment_type: p.base_price for p in TreatmentPrice.objects.all()}
    return [
        Treatment(text.get_treatment_type_display(), text.description, from_price(prices[text.treatment_type]))
        for text in TreatmentText.objects.filter(is_shown=True)
        if text.treatment_type in prices
    ]


def team() -> list[TeamMember]:
    members = []
    for artist in Artist.objects.filter(is_active=True):
        initials = "".join(word[0] for word in artist.display_name.split()[:2]).upper()
        # The file name in the address: a new photo is a new URL, so browsers may cache the old one.
        photo_url = (
            reverse("artist_photo", args=[artist.pk]) + "?" + urlencode({"v": artist.photo.name})
            if artist.photo
            else ""
        )
        members.append(TeamMember(artist.display_name, artist.bio, initials, photo_url))
    return members


def merge(intervals: list[tuple[time, time]]) -> list[tuple[time, time]]:
    """Overlapping or touching intervals become one: the clinic is open while anybody works."""
    merged: list[tuple[time, time]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def opening_hours() -> list[OpeningDay]:
    """The week from the active artists' working hours, Monday first."""
    by_day: dict[int, list[tuple[time, time]]] = {day: [] for day in WorkingHours.Weekday.values}
    for start, end, day in WorkingHours.objects.filter(artist__is_active=True).values_list(
        "start_time", "end_time", "weekday"
    ):
        by_day[day].append((start, end))
    return [OpeningDay(WorkingHours.Weekday(day).label, merge(by_day[day])) for day in sorted(by_day)]


def home_page() -> Home:
    return Home(
        page=HomePage.load(),
        treatments=treatments(),
        artists=team(),
        opening_hours=opening_hours(),
        questions=list(Question.objects.filter(is_shown=True)),
    )


def privacy_notice() -> PrivacyNotice:
    return PrivacyNotice.load()


def artist_photo(artist_id: int):
    """The photo file of an active artist, or None (the only stored files this app serves)."""
    artist = Artist.objects.filter(pk=artist_id, is_active=True).exclude(photo="").first()
    return artist.photo if artist else None
