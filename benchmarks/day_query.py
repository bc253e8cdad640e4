"""The day's appointments query on the chain's 2,000,000 rows, as the app builds it and bounded by start.

Run after benchmarks/availability_chain.py, on the database it left (`<name>_bench`, not recreated here):
`python benchmarks/day_query.py`. For one artist and for all, the median of RUNS `EXPLAIN ANALYZE`
execution times of `Appointment.objects.active().overlapping(day)` (the GiST range condition alone) and of
the same query with `start` bounded to the day and the one before (what the btree `bookings_appt_start_covering`
can serve; no block is longer than a day). Figures for docs/SCALING.md.
"""

import os
import re
import statistics
from datetime import datetime, timedelta
from datetime import time as clock

from benchdb import bench_database_url

RUNS = 7


def main() -> int:
    os.environ.update(
        DATABASE_URL=bench_database_url()[1], DJANGO_SETTINGS_MODULE="clinic.settings.local", DEBUG="false"
    )
    import django

    django.setup()
    from load import busy_day

    from bookings.models import Appointment
    from clinic.clock import clinic_tz

    day = busy_day()
    start = datetime.combine(day, clock(0), tzinfo=clinic_tz())
    end = start + timedelta(days=1)
    count = Appointment.objects.count()
    rows = []
    for who, artist in (("one artist", 1), ("all artists", None)):
        as_built = Appointment.objects.active().overlapping(start, end)
        if artist:
            as_built = as_built.filter(artist_id=artist)
        bounded = as_built.filter(start__gte=start - timedelta(days=1), start__lt=end)
        for label, query in (("as the app builds it", as_built), ("bounded by start", bounded)):
            times = []
            for _ in range(RUNS):
                plan = query.explain(analyze=True)
                times.append(float(re.search(r"Execution Time: ([\d.]+) ms", plan)[1]))
            rows.append({"who": who, "query": label, "median_ms": statistics.median(times), "plan": plan})
    print(f"The day's appointments query ({day}) on {count:,} appointments, median of {RUNS} EXPLAIN ANALYZE")
    for r in rows:
        print(f"  {r['who']:<12} {r['query']:<22} {r['median_ms']:8.2f} ms")
    for r in rows:
        print(f"\n{r['who']}, {r['query']}:\n  " + r["plan"].replace("\n", "\n  "))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
