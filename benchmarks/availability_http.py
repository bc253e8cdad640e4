"""The availability API against the bare Django ceiling, quickly: gunicorn as load.py starts it, on a database
that already has a clinic (DATABASE_URL, never dropped here), wrk on /healthz/ and the busy day's availability (lean route and full chain),
alternating with the peer's bare trivial view (PEER_DIR built by ../shared/peer-bench/setup.sh; load.py's var/peer-bench by default) so that the
ratios come from runs seconds apart on a shared machine.

    DATABASE_URL=... REDIS_URL=... PORT=8811 PEER_PORT=8812 PEER_DIR=/tmp/peer-bench \
        python benchmarks/availability_http.py [rounds]
"""

import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from load import BROWSER_HEADERS, PROXY_HEADERS, busy_day, wrk

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("PORT", "8811"))
PEER_PORT = int(os.environ.get("PEER_PORT", "8812"))
PEER_DIR = Path(os.environ.get("PEER_DIR", ROOT / "var" / "peer-bench"))  # where load.py builds it
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))


def wait_for(url: str, headers: dict) -> None:
    for _ in range(100):
        try:
            if urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=1).status == 200:  # noqa: S310
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing answered on {url}")


def start_ours() -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic.settings.production",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-" + "x" * 50),
        "WEB_CONCURRENCY": "2",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
    }
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():  # production's manifest storage needs it
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
    log = (ROOT / "var" / "availability-http-gunicorn.log").open("w")
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen(
        [gunicorn, "-c", "deploy/gunicorn.conf.py"], cwd=ROOT, env=env, start_new_session=True, stderr=log
    )
    wait_for(f"http://127.0.0.1:{PORT}/healthz/", PROXY_HEADERS)
    return server


def start_peer() -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DEBUG")}
    server = subprocess.Popen(
        [
            *(str(PEER_DIR / "venv" / "bin" / "gunicorn"), "clinic.wsgi:application", "-w", "2", "-k", "sync"),
            *("-b", f"127.0.0.1:{PEER_PORT}", "--log-level", "warning"),
        ],
        cwd=PEER_DIR / "proj",
        env=env,
        start_new_session=True,
        stderr=subprocess.DEVNULL,
    )
    wait_for(f"http://127.0.0.1:{PEER_PORT}/trivial/", {})
    return server


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings.local")
    import django

    django.setup()
    day = busy_day()
    urls = {
        "bare": f"http://127.0.0.1:{PEER_PORT}/trivial/",
        "healthz": f"http://127.0.0.1:{PORT}/healthz/",
        "availability": f"http://127.0.0.1:{PORT}/api/v1/availability?date={day}",
        # The same cached answer through the full middleware chain and django-ninja (a query the lean route
        # leaves to the API view): what every availability request cost before clinic/leanroutes.py.
        "full chain": f"http://127.0.0.1:{PORT}/api/v1/availability?date={day}&service=consultation",
    }
    servers = [start_ours(), start_peer()]
    wait_for(urls["availability"], {**PROXY_HEADERS, **BROWSER_HEADERS})
    try:
        for url in urls.values():
            wrk(url, seconds=3, cookie=None)
        ratios = []
        for n in range(rounds):
            rps = {name: wrk(url, seconds=SECONDS, cookie=None)["rps"] for name, url in urls.items()}
            ratios.append({name: value / rps["bare"] for name, value in rps.items()})
            print(
                f"round {n + 1}: bare {rps['bare']:.0f}  healthz {rps['healthz']:.0f} "
                f"({rps['healthz'] / rps['bare']:.2f}x)  availability {rps['availability']:.0f} "
                f"({rps['availability'] / rps['bare']:.2f}x bare)  full chain {rps['full chain']:.0f} "
                f"({rps['full chain'] / rps['bare']:.2f}x)",
                flush=True,
            )
        medians = {name: statistics.median(r[name] for r in ratios) for name in urls if name != "bare"}
        print("median ratios to bare: " + "  ".join(f"{name} {value:.2f}x" for name, value in medians.items()))
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
