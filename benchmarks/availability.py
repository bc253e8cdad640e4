"""Availability computed at 500 vs 50,000 appointments (cache off): median/p95 time and SQL query count.

Run with `make bench` (or `python benchmarks/availability.py` with DATABASE_URL set). It works in a
database of its own (`<name>_bench`, dropped and recreated), never in the app's data.
Goal: the same number of queries at both sizes, and time within 1.5x.
"""

from datetime import date, datetime, timedelta
from datetime import time as clock

from benchdb import fresh_django, save_result, time_requests

ARTISTS = 20
SMALL, LARGE = 500, 50_000
ON_TARGET_DAY = 5  # per artist, identical in both phases
REQUESTS, WARMUP = 300, 30


def other_days(target: date):
    """Days around the target, alternately before and after it (past and future bookings)."""
    for offset in range(1, 5000):
        yield target - timedelta(days=offset)
        yield target + timedelta(days=offset)


def appointments(artists, service, client, target: date, *, start_index: int, count: int):
    from bookings.models import Appointment
    from clinic.clock import clinic_tz

    tz = clinic_tz()
    days = list(dict.fromkeys(d for d, _ in zip(other_days(target), range(20_000), strict=False)))
    rows = []
    for i in range(start_index, start_index + count):
        artist = artists[i % ARTISTS]
        k = i // ARTISTS
        day = days[k // 9]
        start = datetime.combine(day, clock(9 + k % 9), tzinfo=tz)
        rows.append(_row(Appointment, artist, service, client, start))
    return rows


def _row(model, artist, service, client, start):
    end = start + timedelta(minutes=service.duration_minutes)
    return model(
        artist=artist,
        service=service,
        client=client,
        start=start,
        end=end,
        blocked_until=end + timedelta(minutes=15),
    )


def seed_small(target: date):
    from bookings.models import Appointment, Artist, Service, WorkingHours
    from clients.models import Client
    from clinic.clock import clinic_tz

    service = Service.objects.get(slug=Service.CONSULTATION)
    client = Client.objects.create(full_name="Bench Client", email="bench@example.com", phone="+447911123456")
    artists = Artist.objects.bulk_create(
        Artist(display_name=f"Artist {n:02d}", buffer_minutes=15) for n in range(ARTISTS)
    )
    WorkingHours.objects.bulk_create(
        WorkingHours(artist=a, weekday=d, start_time=clock(9), end_time=clock(18)) for a in artists for d in range(7)
    )
    tz = clinic_tz()
    busy_day = [
        _row(Appointment, artist, service, client, datetime.combine(target, clock(10 + 2 * n), tzinfo=tz))
        for artist in artists
        for n in range(ON_TARGET_DAY)
    ]
    Appointment.objects.bulk_create(busy_day)
    rest = SMALL - len(busy_day)
    Appointment.objects.bulk_create(appointments(artists, service, client, target, start_index=0, count=rest))
    return artists, service, client, rest


def measure(client, url: str) -> dict:
    result = time_requests(client, url, requests=REQUESTS, warmup=WARMUP)
    return {**result, "slots": len(result.pop("response").json()["slots"])}


def _appointments_plan(target: date) -> str:
    from bookings.models import Appointment
    from clinic.clock import clinic_tz

    start = datetime.combine(target, clock(0), tzinfo=clinic_tz())
    return Appointment.objects.active().overlapping(start, start + timedelta(days=1)).explain()


def main() -> int:
    fresh_django()
    from django.test.utils import override_settings

    # The computation, not the cache in front of it (benchmarks/load.py measures the cached API).
    override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}).enable()
    from django.db import connection
    from django.test import Client

    from bookings.models import Appointment
    from clinic.clock import local_today

    target = local_today() + timedelta(days=10)
    url = f"/api/v1/availability?date={target.isoformat()}"
    http = Client()

    artists, service, client, used = seed_small(target)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    small = {"appointments": Appointment.objects.count(), **measure(http, url)}

    batch = 5_000
    while Appointment.objects.count() < LARGE:
        count = min(batch, LARGE - Appointment.objects.count())
        Appointment.objects.bulk_create(
            appointments(artists, service, client, target, start_index=used, count=count), batch_size=1000
        )
        used += count
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    large = {"appointments": Appointment.objects.count(), **measure(http, url)}

    print(f"Availability API, one day ({target}), {ARTISTS} artists, {REQUESTS} requests after {WARMUP} warm-up")
    print(f"{'appointments':>12} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'slots':>6}")
    for row in (small, large):
        print(
            f"{row['appointments']:>12,} {row['median']:>10.2f} {row['p95']:>8.2f} {row['queries']:>8} {row['slots']:>6}"
        )
    ratio = large["median"] / small["median"]
    print(f"median ratio large/small: {ratio:.2f}x (goal <= 1.5x)")
    print(f"p95 ratio large/small:    {large['p95'] / small['p95']:.2f}x")
    print(
        f"query count: {small['queries']} vs {large['queries']} ({'identical' if small['queries'] == large['queries'] else 'DIFFERENT'})"
    )
    print("plan of the appointments query at 50,000 rows:")
    print("  " + _appointments_plan(target).replace("\n", "\n  "))
    ok = small["queries"] == large["queries"] and ratio <= 1.5 and small["slots"] == large["slots"]
    print("goals met" if ok else "GOALS MISSED")
    strip = ("appointments", "median", "p95", "queries", "slots")
    save_result("availability", {"rows": [{k: row[k] for k in strip} for row in (small, large)], "ok": ok})
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
