"""PostgreSQL connections held by gunicorn workers, next to the server's limit.

Starts gunicorn (production settings, WORKERS sync workers, CONN_MAX_AGE as configured) on the bench
database, sends it concurrent requests that read the database (the booking page), then counts the
connections open to that database (pg_stat_activity) while it idles, and again after CONN_MAX_AGE.
Prints max_connections and what a deployment of nodes × workers + Celery needs. Figures for docs/SCALING.md.

Run with DATABASE_URL set: `python benchmarks/connections.py` (in `<name>_bench`, dropped and recreated).
"""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchdb import ROOT, fresh_django, save_result

WORKERS = 4


def held(cur, database: str) -> int:
    cur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [database])
    return cur.fetchone()[0]


def main() -> int:
    os.environ["SECRET_KEY"] = "bench-only-" + "x" * 50
    fresh_django()
    from django.conf import settings
    from django.db import connection
    from load import PROXY_HEADERS, free_port

    database = settings.DATABASES["default"]["NAME"]
    max_age = settings.DATABASES["default"]["CONN_MAX_AGE"]
    with connection.cursor() as cur:
        cur.execute("SHOW max_connections")
        limit = int(cur.fetchone()[0])
        cur.execute("SHOW superuser_reserved_connections")
        reserved = int(cur.fetchone()[0])
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "clinic.settings.production", "ALLOWED_HOSTS": "127.0.0.1"}
    server = subprocess.Popen(
        [
            *(str(Path(sys.executable).with_name("gunicorn")), "clinic.wsgi:application", "--workers", str(WORKERS)),
            *("--bind", f"127.0.0.1:{port}", "--log-level", "warning"),
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/book/"

        def get(_):
            for _ in range(100):
                try:
                    request = urllib.request.Request(url, headers=PROXY_HEADERS)
                    return urllib.request.urlopen(request, timeout=30).status  # noqa: S310 (loopback)
                except OSError:
                    time.sleep(0.2)
            return None

        with ThreadPoolExecutor(16) as pool:
            statuses = list(pool.map(get, range(200)))
        assert all(s == 200 for s in statuses), statuses[:5]
        with connection.cursor() as cur:
            busy = held(cur, database)
            time.sleep(max_age + 5)
            list(ThreadPoolExecutor(1).map(get, range(1)))  # a worker closes an old connection on its next request
            later = held(cur, database)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(f"PostgreSQL max_connections {limit} ({reserved} reserved for superusers); CONN_MAX_AGE {max_age} s")
    print(f"gunicorn {WORKERS} sync workers after 200 requests: {busy} connections held (one per worker)")
    print(f"{max_age + 5} s later, after one more request: {later} held")
    save_result(
        "connections",
        {
            "max_connections": limit,
            "reserved": reserved,
            "conn_max_age": max_age,
            "workers": WORKERS,
            "held": busy,
            "held_later": later,
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
