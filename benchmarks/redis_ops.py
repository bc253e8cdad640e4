"""Redis commands per request, per page of benchmarks/load.py, and what this Redis serves per second.

In-process on the small clinic: every Redis command the app sends (cache, rate limits, the availability
version) is counted by wrapping redis-py's `execute_command`; each page is asked once to warm up, then
REQUESTS times. Then `redis-benchmark` (GET and SET, 50 clients, on our own db number) gives the server's
rate on this machine. Figures for docs/SCALING.md (Redis at a chain's peak).

Run with DATABASE_URL and REDIS_URL set: `python benchmarks/redis_ops.py` (in `<name>_bench`, dropped and
recreated).
"""

import os
import random
import re
import subprocess
from collections import Counter
from urllib.parse import urlsplit

from benchdb import fresh_django, save_result

REQUESTS = 50


def count_commands():
    """Patch redis-py so that every command (pipelined ones too) is counted by name."""
    import redis.client

    seen = Counter()
    plain, piped = redis.client.Redis.execute_command, redis.client.Pipeline.execute

    def execute_command(self, *args, **options):
        if not isinstance(self, redis.client.Pipeline):
            seen[str(args[0]).upper()] += 1
        return plain(self, *args, **options)

    def execute(self, *args, **options):
        for command in self.command_stack:
            seen[str(command[0][0]).upper()] += 1
        return piped(self, *args, **options)

    redis.client.Redis.execute_command = execute_command
    redis.client.Pipeline.execute = execute
    return seen


def server_rate() -> dict[str, float]:
    url = urlsplit(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    db = (url.path or "/0").lstrip("/") or "0"
    output = subprocess.run(
        [
            *("redis-benchmark", "-h", url.hostname or "127.0.0.1", "-p", str(url.port or 6379)),
            *("--dbnum", db, "-t", "get,set", "-n", "100000", "-c", "50", "-q"),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {m[0]: float(m[1]) for m in re.findall(r"(GET|SET): ([\d.]+) requests per second", output)}


def main() -> int:
    os.environ["MANAGER_REQUIRE_TOTP"] = "false"
    fresh_django()
    from bigclinic import SMALL, seed
    from django.test import Client
    from load import busy_day, clear_clinic, pages, users

    from bookings.availability_cache import calendar_changed
    from clinic.clock import local_today

    clear_clinic()
    seed(SMALL, today=local_today(), rng=random.Random(6))
    calendar_changed()
    people = users()
    day = busy_day()
    seen = count_commands()
    rows = []
    for label, path, who in pages(day):
        http = Client(headers={"x-forwarded-proto": "https"})
        if who:
            http.force_login(people[who])
        assert http.get(path).status_code == 200, path
        seen.clear()
        for _ in range(REQUESTS):
            http.get(path)
        rows.append({"page": label, "per_request": sum(seen.values()) / REQUESTS, "commands": dict(seen)})
    rate = server_rate()
    print(f"Redis commands per request (in-process, {REQUESTS} warm requests each)")
    for r in rows:
        detail = ", ".join(f"{k} {v / REQUESTS:.2f}" for k, v in sorted(r["commands"].items()))
        print(f"  {r['page']:<28} {r['per_request']:>6.2f}  {detail}")
    print("redis-benchmark on this machine: " + ", ".join(f"{k} {v:,.0f}/s" for k, v in rate.items()))
    save_result("redis_ops", {"requests": REQUESTS, "pages": rows, "server": rate})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
