"""The outbox dispatcher's claim rate at a chain's 09:00 peak: 50,000 due reminders claimed by 1 and by 4
concurrent dispatchers (processes), each calling outbox's own `claim_due_reminders` in batches of
REMINDER_BATCH_SIZE until nothing is due. Claims only: delivery is benchmarks/reminder_dispatch.py's.

Prints claims per second for each and checks that the claims are disjoint (no row claimed twice, none left);
then the plan of the claim's query with half the peak claimed, before and after a VACUUM (dead index entries).
Run with DATABASE_URL set: `python benchmarks/outbox_claim.py` (in `<name>_bench`, dropped and recreated).
Figures for docs/SCALING.md.
"""

import multiprocessing
import os
import statistics
import time

from benchdb import fresh_django, save_result

DUE = int(os.environ.get("BENCH_DUE_REMINDERS", "50000"))
DISPATCHERS = (1, 4)


def seed_due(cur, count: int) -> None:
    """`count` clients with one e-mail reminder each, all due in the last minute (the 09:00 peak)."""
    from bigclinic import insert_clients

    insert_clients(cur, first=1, last=count)
    cur.execute(
        """
        INSERT INTO outbox_reminder (key, kind, channel, client_id, subject_id, due_at, expires_at, available_at,
                                     status, attempts, last_error, note, created_at, updated_at)
        SELECT 'peak:' || c.id, 'check_in', 'email', c.id, c.id, now() - (c.id %% 60) * interval '1 second',
               now() + interval '1 hour', now() - (c.id %% 60) * interval '1 second', 'pending', 0, '', '', now(), now()
        FROM clients_client AS c
        """,
        [],  # with parameters, so %% is %
    )
    cur.execute("ANALYZE outbox_reminder")


def reset(cur) -> None:
    """All due again, and vacuumed: each run starts from a clean index, as at 09:00 after a night's autovacuum."""
    cur.execute("UPDATE outbox_reminder SET status = 'pending', claimed_at = NULL, attempts = 0")
    cur.execute("VACUUM ANALYZE outbox_reminder")


def dispatcher(barrier, results) -> None:
    from django.conf import settings
    from django.db import connection

    from outbox.services.dispatch import claim_due_reminders

    connection.ensure_connection()
    barrier.wait()
    started = time.perf_counter()
    claimed, batches, at = [], [], started
    while ids := claim_due_reminders(limit=settings.REMINDER_BATCH_SIZE):
        claimed += ids
        batches.append(time.perf_counter() - at)
        at = time.perf_counter()
    results.put({"ids": claimed, "batches": batches, "seconds": time.perf_counter() - started})
    connection.close()


def run(count: int) -> dict:
    from django.db import connection

    connection.close()  # each process opens its own
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(count), context.Queue()
    processes = [context.Process(target=dispatcher, args=(barrier, results)) for _ in range(count)]
    for p in processes:
        p.start()
    done = [results.get() for _ in processes]
    for p in processes:
        p.join()
    ids = [pk for d in done for pk in d["ids"]]
    seconds = max(d["seconds"] for d in done)
    return {
        "dispatchers": count,
        "claimed": len(ids),
        "duplicates": len(ids) - len(set(ids)),
        "missing": DUE - len(set(ids)),
        "seconds": seconds,
        "per_second": len(ids) / seconds,
        "batches": sum(len(d["batches"]) for d in done),
        # One dispatcher's first and last ten batches: does a claim slow down as the peak is worked off?
        "first_batches_ms": 1000 * statistics.median(done[0]["batches"][:10]),
        "last_batches_ms": 1000 * statistics.median(done[0]["batches"][-10:]),
    }


def claim_plan(cur) -> dict[str, str]:
    """EXPLAIN (ANALYZE, BUFFERS) of the claim's due-rows query with half the rows just claimed, then vacuumed."""
    from django.db import transaction
    from django.utils import timezone

    from outbox.models import Reminder

    def plan() -> str:
        with transaction.atomic():
            return (
                Reminder.objects.select_for_update(skip_locked=True)
                .filter(status=Reminder.Status.PENDING, available_at__lte=timezone.now())
                .order_by("available_at")
                .values_list("pk", "expires_at", "attempts")[:500]
                .explain(analyze=True, buffers=True)
            )

    reset(cur)
    cur.execute(
        "UPDATE outbox_reminder SET status = 'sending', claimed_at = now() "
        "WHERE id IN (SELECT id FROM outbox_reminder ORDER BY available_at, id LIMIT %s)",
        [DUE // 2],
    )
    before = plan()
    cur.execute("VACUUM outbox_reminder")
    return {"half claimed": before, "after VACUUM": plan()}


def main() -> int:
    fresh_django()
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cur:
        started = time.perf_counter()
        seed_due(cur, DUE)
        print(f"seeded {DUE:,} due reminders in {time.perf_counter() - started:.1f} s", flush=True)
    rows = []
    for count in DISPATCHERS:
        with connection.cursor() as cur:
            reset(cur)
        rows.append(run(count))
    print(f"Claiming {DUE:,} due reminders, batches of {settings.REMINDER_BATCH_SIZE} (claim_due_reminders)")
    print(
        f"{'dispatchers':>11} {'seconds':>8} {'claims/s':>9} {'batches':>8} {'duplicates':>10} {'missing':>8} "
        f"{'first/last batch ms (one dispatcher)':>38}"
    )
    for r in rows:
        print(
            f"{r['dispatchers']:>11} {r['seconds']:>8.2f} {r['per_second']:>9.0f} {r['batches']:>8} "
            f"{r['duplicates']:>10} {r['missing']:>8} {r['first_batches_ms']:>18.0f} / {r['last_batches_ms']:<18.0f}"
        )
    with connection.cursor() as cur:
        plans = claim_plan(cur)
    for label, text in plans.items():
        print(f"claim query, {label}:\n  " + text.replace("\n", "\n  "))
    ok = all(r["duplicates"] == 0 and r["missing"] == 0 for r in rows)
    print("claims disjoint and complete" if ok else "DUPLICATE OR MISSING CLAIMS")
    save_result(
        "outbox_claim", {"due": DUE, "batch": settings.REMINDER_BATCH_SIZE, "rows": rows, "plans": plans, "ok": ok}
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
