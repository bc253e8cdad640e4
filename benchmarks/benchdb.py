"""A throwaway database for benchmarks (`<name>_bench`), never the app's own data."""

import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def bench_database_url() -> tuple[str, str]:
    url = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clinic"))
    name = url.path.lstrip("/") + "_bench"
    return urlunsplit(url._replace(path="/postgres")), urlunsplit(url._replace(path=f"/{name}"))


def fresh_django() -> None:
    """Drop and recreate the bench database, point Django at it, migrate."""
    import psycopg2

    admin_url, bench_url = bench_database_url()
    name = urlsplit(bench_url).path.lstrip("/")
    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    os.environ.update(
        DATABASE_URL=bench_url,
        DJANGO_SETTINGS_MODULE="clinic.settings.local",
        DEBUG="false",
        ALLOWED_HOSTS="testserver",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def time_requests(client, url: str, *, requests: int, warmup: int) -> dict:
    """Median and p95 milliseconds, and the SQL query count of one request."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        assert client.get(url).status_code == 200, url
    reset_queries()  # each request resets the log; start the capture from an empty one
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    query_count = len(queries)  # read now: the capture is a live view of a log each request resets
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "median": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "queries": query_count,
        "response": response,
    }


def save_result(name: str, result: dict) -> None:
    """Figures for benchmarks/report.py (docs/PERFORMANCE.md): var/bench/<name>.json."""
    import json

    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(result, indent=2, default=str))
