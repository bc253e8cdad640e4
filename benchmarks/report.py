"""Write docs/PERFORMANCE.md from the figures the last `make bench` saved under var/bench/."""

import json
import platform
import subprocess
from datetime import UTC, datetime

from benchdb import ROOT

BENCH = ROOT / "var" / "bench"


def load(name: str) -> dict | None:
    path = BENCH / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def times(value: float | None) -> str:
    return f"{value:.2f}×" if value is not None else "—"


def goal_mark(ok: bool | None) -> str:
    return "not measured (peer missing)" if ok is None else mark(ok)


def issue_16(http: dict | None, reminders: dict | None, reports: dict | None) -> list[str]:
    """Issue 16's goals in one list: the HTTP pages (with the peer of the same run) and the reminder peak."""
    lines = ["## Goals (issue 16)", ""]
    if http:
        lines += [f"- {goal}: {goal_mark(ok)}" for goal, ok in http["goals"].items()]
    else:
        lines.append("- HTTP pages: not measured (benchmarks/load.py did not run)")
    if reminders:
        ok = reminders["elapsed_s"] <= reminders["goal_s"] and not reminders["duplicates"] and not reminders["missing"]
        lines.append(
            f"- {reminders['count']:,} due reminders in <= {reminders['goal_s']} s by one worker, 0 duplicates, "
            f"0 lost: {mark(ok)} ({reminders['elapsed_s']:.1f} s, {reminders['duplicates']} duplicates, "
            f"{reminders['missing']} missing)"
        )
    else:
        lines.append("- reminders: not measured (benchmarks/reminder_dispatch.py did not run)")
    if reports:
        year, fresh = reports["results"]["last 12 months"], reports["results"].get("12 months, added up")
        cold = f"; added up afresh: p95 {fresh['p95']:.0f} ms" if fresh else ""
        lines.append(
            f"- 12-month report in-process p95 <= 200 ms: {mark(reports['ok'])} ({year['p95']:.0f} ms as served{cold})"
        )
    return [*lines, ""]


def main() -> int:
    http, pdf, reminders, backup = load("load"), load("quote_pdf"), load("reminder_dispatch"), load("backup")
    scale, search, reports = load("availability"), load("client_search"), load("reports_page")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    lines = [
        "# Performance",
        "",
        f"Measured by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit `{commit.stdout.strip()}`, "
        f"{platform.python_implementation()} {platform.python_version()}, {http['cpus'] if http else '?'} CPU cores. "
        "The load generator, gunicorn, PostgreSQL and Redis share the machine. Regenerate with `make bench`.",
        "",
    ]
    if http:
        size = http["large"]
        lines += [
            "## Pages under HTTP load",
            "",
            f"{size['artists']} artists, {size['appointments']:,} appointments over {size['years']} years, "
            f"{size['clients']:,} clients, {size['quotes']:,} quotes (`benchmarks/bigclinic.py`). "
            f"gunicorn with {http['workers']} sync workers and the production settings; wrk on loopback, "
            f"{http['concurrency']} connections, {http['seconds']} s per page after a 3 s warm-up, "
            "with the headers a browser behind the TLS proxy sends (`Accept-Encoding: gzip`, `X-Forwarded-Proto`). "
            f"Busy day: {http['busy_day']} ({http['busy_day_appointments']} appointments). "
            "SQL queries per request counted in-process at 2,000 and at 200,000 appointments "
            "(1,000 and 100,000 clients). Ratios: requests/s relative to our `/healthz/` (a trivial view through our "
            "middleware), to the bare Django trivial view and to the peer's matching page, all from the same run.",
            "",
        ]
        peer = http.get("peer")
        if peer:
            lines += [
                "The peer, django-appointment 3.12 (`../shared/peer-bench/`: SQLite, Django's default middleware, "
                "~2,000 appointments), measured by the same `make bench` run right before and right after our "
                "pages, with the same wrk settings; each figure is the mean of the two (the ratios use it):",
                "",
                "| peer page | requests/s | before | after | p50 ms | p95 ms | errors |",
                "|---|---:|---:|---:|---:|---:|---:|",
            ]
            for name, r in peer.items():
                before, after = (f"{r[k]:,.0f}" if k in r else "—" for k in ("rps_before", "rps_after"))
                lines.append(
                    f"| {name} | {r['rps']:,.0f} | {before} | {after} | {r['p50_us'] / 1000:.1f} "
                    f"| {r['p95_us'] / 1000:.1f} | {r['errors']} |"
                )
            lines.append("")
            bare = peer.get("trivial", {})
            if "rps_after" in bare and abs(drift := bare["rps_after"] / bare["rps_before"] - 1) > 0.10:
                lines += [f"**The machine's speed drifted during this run**: the bare view went {drift:+.0%}.", ""]
        else:
            lines += ["**The peer was not measured in this run** (no network to build it?): no ratios to it.", ""]
        lines += [
            "| page | requests/s | p50 ms | p95 ms | to /healthz/ | to bare Django | to the peer | "
            "SQL queries small / large | errors |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in http["pages"]:
            errors = r["status_errors"] + r["socket_errors"]
            against = f"{times(r.get('ratio_peer'))} ({r['peer_page']})" if r.get("peer_page") else "—"
            lines.append(
                f"| {r['page']} (`{r['path']}`) | {r['rps']:,.0f} | {r['p50_us'] / 1000:.1f} | "
                f"{r['p95_us'] / 1000:.1f} | {times(r['ratio'])} | {times(r.get('ratio_bare'))} | {against} | "
                f"{r['queries_small']} / {r['queries_large']} | {errors} |"
            )
        lines.append("")
        if alternated := http.get("interleaved"):
            rounds = ", ".join(
                f"{a:,.0f} / {b:,.0f}" for a, b in zip(alternated["ours_rps"], alternated["bare_rps"], strict=True)
            )
            lines += [
                f"The availability API and the bare view, alternated in {alternated['rounds']} runs of "
                f"{alternated['seconds']} s each (seconds apart, so the machine's drift cancels): "
                f"**{alternated['ratio']:.2f}×** the bare view; requests/s ours / bare per round: {rounds}. "
                "The availability goal is judged by this ratio.",
                "",
            ]
    goals = issue_16(http, reminders, reports)
    lines += goals
    if scale or search:
        lines += [
            "## Scale (in-process, 1% vs 100% of the data)",
            "",
            "| what | rows | median ms | p95 ms | SQL queries |",
            "|---|---:|---:|---:|---:|",
        ]
        for r in scale["rows"] if scale else []:
            lines.append(
                f"| availability computed (cache off), 20 artists | {r['appointments']:,} appointments | "
                f"{r['median']:.2f} | {r['p95']:.2f} | {r['queries']} |"
            )
        for r in search["rows"] if search else []:
            lines.append(
                f"| client search by {r['search']} ({r['matches']} matches) | {r['clients']:,} clients | "
                f"{r['median']:.2f} | {r['p95']:.2f} | {r['queries']} |"
            )
        lines.append("")
    if reports:
        lines += [
            "## Reports (in-process, the large clinic)",
            "",
            "| period | median ms | p95 ms | SQL queries |",
            "|---|---:|---:|---:|",
        ]
        for label, r in reports["results"].items():
            lines.append(f"| {label} | {r['median']:.1f} | {r['p95']:.1f} | {r['queries']} |")
        lines.append("")
    if pdf:
        lines += [
            "## Quote PDF",
            "",
            f"Median of {pdf['runs']} renders: ours {pdf['ours_ms']:.1f} ms (recycled renderer process), "
            f"WeasyPrint alone on the same HTML {pdf['bare_ms']:.1f} ms: ratio **{pdf['ratio']:.2f}×** "
            f"(goal ≤ 1.2×: {mark(pdf['ratio'] <= 1.2)}). RSS growth over 75 renders: {pdf['rss_growth_mb']:.1f} MB.",
            "",
        ]
    if reminders:
        lines += [
            "## Reminder dispatch",
            "",
            f"{reminders['count']:,} due reminders: claimed and queued in {reminders['queued_s'] or 0:.1f} s; "
            f"delivered (e-mail written, row marked sent) by one worker with {reminders['processes']} processes in "
            f"{reminders['elapsed_s']:.1f} s, **{reminders['per_second']:.0f} per second**; "
            f"duplicates {reminders['duplicates']}, missing {reminders['missing']} "
            f"(goal ≤ {reminders['goal_s']} s: {mark(reminders['elapsed_s'] <= reminders['goal_s'])}).",
            "",
        ]
    if backup:
        lines += [
            "## Backup and restore",
            "",
            f"The {backup['size']} clinic of `benchmarks/bigclinic.py` plus {backup['files']:,} stored files of 60 KB: "
            f"`manage.py backup` wrote {backup['bytes'] / 2**20:.1f} MiB in **{backup['backup_s']:.1f} s**; "
            f"`manage.py restore` into an empty database, with its checks, took **{backup['restore_s']:.1f} s**.",
            "",
        ]
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "PERFORMANCE.md").write_text("\n".join(lines))
    print("\n".join(goals))  # the whole table is in the file; `make bench` shows the goals
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
