"""The availability computation at a chain's size: 500 artists (200 clinics of 2-3), 200,000 and then
2,000,000 appointments (bigclinic's pattern), cache off. For one artist (what one clinic's visitor asks) and
for all 500, median/p95 ms and SQL queries, and the plan of the day's appointments query with its timing;
then the owner's 12-month report on the same rows (the app has no database router: it runs on the primary).

Run with DATABASE_URL set: `python benchmarks/availability_chain.py` (in `<name>_bench`, dropped and
recreated; seeding 2 million rows takes minutes). Figures for docs/SCALING.md.
"""

import os
import random
import time
from datetime import datetime, timedelta
from datetime import time as clock

from benchdb import fresh_django, save_result, time_requests

ARTISTS = 500
# years: how far back the walk starts (2/3 of it in the past), so that the busy day is inside either seed.
SIZES = ((200_000, 0.15), (2_000_000, 3))
REQUESTS, WARMUP = 30, 3
REPORT_REQUESTS = 5


def report_timing() -> dict:
    """The 12-month report as a manager (TOTP off for the bench), median/p95 ms and queries."""
    from django.contrib.auth.models import Group
    from django.test import Client

    from clinic.users import roles
    from clinic.users.models import User

    owner, _ = User.objects.get_or_create(email="bench-owner@example.com")
    owner.groups.add(*Group.objects.filter(name__in=[roles.STAFF, roles.MANAGER]))
    http = Client()
    http.force_login(owner)
    result = time_requests(http, "/staff/reports/?preset=last_12_months", requests=REPORT_REQUESTS, warmup=1)
    assert result.pop("response").status_code == 200
    return result


def day_plan(day, artist_id: int | None) -> str:
    from bookings.models import Appointment
    from clinic.clock import clinic_tz

    start = datetime.combine(day, clock(0), tzinfo=clinic_tz())
    rows = Appointment.objects.active().overlapping(start, start + timedelta(days=1))
    if artist_id:
        rows = rows.filter(artist_id=artist_id)
    return rows.explain(analyze=True)


def main() -> int:
    os.environ["MANAGER_REQUIRE_TOTP"] = "false"
    fresh_django()
    from django.test.utils import override_settings

    # The computation, not the cache in front of it.
    override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}).enable()
    from bigclinic import Size, seed
    from django.db import connection
    from django.test import Client
    from load import busy_day, clear_clinic

    from bookings.models import Appointment, Artist
    from clinic.clock import local_today

    day = busy_day()
    http = Client()
    rows, reports = [], []
    for count, years in SIZES:
        clear_clinic()
        size = Size(artists=ARTISTS, clients=100_000, appointments=count, quotes=1_000, years=years)
        started = time.perf_counter()
        seed(size, today=local_today(), rng=random.Random(16))
        print(f"seeded {size} in {time.perf_counter() - started:.0f} s", flush=True)
        one = Artist.objects.order_by("pk").values_list("pk", flat=True).first()
        on_day = Appointment.objects.active().filter(start__date=day).count()
        for label, artist in (("one artist", one), (f"all {ARTISTS} artists", None)):
            url = f"/api/v1/availability?date={day}" + (f"&artist_id={artist}" if artist else "")
            result = time_requests(http, url, requests=REQUESTS, warmup=WARMUP)
            slots = len(result.pop("response").json()["slots"])
            plan = day_plan(day, artist)
            rows.append(
                {
                    "appointments": Appointment.objects.count(),
                    "on_day": on_day,
                    "who": label,
                    "slots": slots,
                    **result,
                    "plan": plan,
                }
            )
            print(
                f"{rows[-1]['appointments']:>10,} appointments, {label:<16} median {result['median']:7.1f} ms, "
                f"p95 {result['p95']:7.1f} ms, {result['queries']} queries, {slots} slots",
                flush=True,
            )
        report = report_timing()
        reports.append({"appointments": rows[-1]["appointments"], **report})
        print(
            f"{rows[-1]['appointments']:>10,} appointments, 12-month report median {report['median']:7.1f} ms, "
            f"p95 {report['p95']:7.1f} ms, {report['queries']} queries",
            flush=True,
        )
        connection.close()
    print(f"\nAvailability computed (cache off) for {day}, {ARTISTS} artists, {REQUESTS} requests after {WARMUP}")
    for r in rows:
        print(f"\n{r['appointments']:,} appointments, {r['who']}: plan of the day's appointments query")
        print("  " + r["plan"].replace("\n", "\n  "))
    save_result("availability_chain", {"artists": ARTISTS, "day": day.isoformat(), "rows": rows, "reports": reports})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
