"""Staff client search at 1,000 vs 100,000 clients: median/p95 time, SQL queries, and the query plan.

Run with `make bench` (or `python benchmarks/client_search.py` with DATABASE_URL set); uses `<name>_bench`.
Goal: the same number of queries at both sizes, p95 well under 100 ms, and the trigram index in the plan.
"""

from benchdb import analyze, fresh_django, save_result, time_requests

SMALL, LARGE = 1_000, 100_000
REQUESTS, WARMUP = 100, 10
# Each matches at both sizes (an empty result skips the page query, which would skew the count).
QUERIES = {"name": "smith 12", "e-mail": "ent45@exa", "phone": "07911 0009"}


def seed(up_to: int) -> None:
    """Clients up to number `up_to`, inserted in SQL for speed."""
    from bigclinic import insert_clients
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM clients_client")
        insert_clients(cur, first=cur.fetchone()[0] + 1, last=up_to)


def main() -> int:
    fresh_django()
    from django.contrib.auth.models import Group
    from django.test import Client

    from clients.models import Client as ClientRecord
    from clients.selectors import search_clients
    from clinic.users import roles
    from clinic.users.models import User

    staff = User.objects.create_user(email="bench-staff@example.com", password="x-bench-password")
    staff.groups.add(Group.objects.get(name=roles.STAFF))
    http = Client()
    http.force_login(staff)
    rows = []
    for size in (SMALL, LARGE):
        seed(size)
        analyze()
        for label, query in QUERIES.items():
            result = time_requests(http, f"/staff/clients/?q={query}", requests=REQUESTS, warmup=WARMUP)
            result.pop("response")
            found = search_clients(query=query).count()
            rows.append((size, label, result, found))
    print(f"Client search (/staff/clients/?q=…), {REQUESTS} requests after {WARMUP} warm-up, 25 per page")
    print(f"{'clients':>8} {'search':>7} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'matches':>8}")
    for size, label, r, found in rows:
        print(f"{size:>8,} {label:>7} {r['median']:>10.2f} {r['p95']:>8.2f} {r['queries']:>8} {found:>8,}")
    plan = ClientRecord.objects.filter(full_name__icontains=QUERIES["name"]).explain()
    print("plan of the name search at 100,000 clients:\n  " + plan.replace("\n", "\n  "))
    small = {label: r["queries"] for size, label, r, _ in rows if size == SMALL}
    large = {label: r["queries"] for size, label, r, _ in rows if size == LARGE}
    worst_p95 = max(r["p95"] for size, _, r, _ in rows if size == LARGE)
    ok = small == large and worst_p95 < 100 and "trgm" in plan
    print(f"queries equal at both sizes: {small == large}; worst p95 at 100,000: {worst_p95:.1f} ms")
    print("goals met" if ok else "GOALS MISSED")
    save_result(
        "client_search",
        {"rows": [{"clients": n, "search": label, **r, "matches": found} for n, label, r, found in rows], "ok": ok},
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
