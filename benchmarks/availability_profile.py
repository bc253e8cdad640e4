"""What one cached availability request costs in-process: the WSGI handler with production settings, called in a
loop with the environ gunicorn would build behind the TLS proxy (no sockets, so a noisy machine blurs it less).

    DATABASE_URL=... REDIS_URL=... python benchmarks/availability_profile.py [path] [--profile]

Prints microseconds per request (CPU time, and wall time) for /healthz/ and the availability API, or the path
given; --profile adds cProfile's top functions by cumulative time. Log lines go to var/availability-profile.log.
"""

import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REQUESTS = int(os.environ.get("PROFILE_REQUESTS", "5000"))
BATCHES = 10


def environ_for(path: str) -> dict:
    path_info, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8811",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "REMOTE_PORT": "50000",
        "HTTP_HOST": "127.0.0.1:8811",
        "HTTP_USER_AGENT": "wrk",
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_ACCEPT_ENCODING": "gzip, deflate, br",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def call(application, path: str) -> None:
    status = []
    body = application(environ_for(path), lambda s, h, e=None: status.append(s))
    for _ in body:
        pass
    body.close()  # request_finished, as gunicorn does
    assert status[0].startswith("200"), (path, status)


def per_request_us(application, path: str) -> tuple[float, float]:
    """The fastest of BATCHES batches (CPU and wall time): other processes on a shared machine only slow a batch down."""
    for _ in range(200):
        call(application, path)
    best_cpu = best_wall = float("inf")
    for _ in range(BATCHES):
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(REQUESTS // BATCHES):
            call(application, path)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return best_cpu / (REQUESTS // BATCHES) * 1e6, best_wall / (REQUESTS // BATCHES) * 1e6


def main() -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="clinic.settings.production",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-" + "x" * 50),
    )
    (ROOT / "var").mkdir(exist_ok=True)
    sys.stderr = (ROOT / "var" / "availability-profile.log").open("w")  # where gunicorn's workers log
    from django.core.wsgi import get_wsgi_application
    from load import busy_day

    application = get_wsgi_application()
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    paths = args or ["/healthz/", f"/api/v1/availability?date={busy_day()}"]
    for path in paths:
        cpu, wall = per_request_us(application, path)
        print(f"{path}: {cpu:.0f} us CPU, {wall:.0f} us wall per request", file=sys.__stdout__, flush=True)
        if "--profile" in sys.argv:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(2000):
                call(application, path)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(60)
            print(out.getvalue(), file=sys.__stdout__)


if __name__ == "__main__":
    main()
