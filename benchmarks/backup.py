"""Backup and restore of the large benchmark clinic: archive size and seconds for each.

Seeds `benchmarks/bigclinic.py`'s clinic (BACKUP_BENCH_SIZE=large, the default: 100,000 clients, 200,000
appointments, 20,000 quotes; or small) plus BACKUP_BENCH_FILES stored files of 60 KB (a quote PDF's size)
in `<name>_bench`, runs `manage.py backup`, then `manage.py restore` into `<name>_bench_restore` with an
empty file store, and prints the figures (saved for benchmarks/report.py). Both databases are dropped at the end.

Run with `make bench` (or `python benchmarks/backup.py` with DATABASE_URL set).
"""

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from benchdb import ROOT, bench_database_url, fresh_django, save_result

SIZE = os.environ.get("BACKUP_BENCH_SIZE", "large")
FILES = int(os.environ.get("BACKUP_BENCH_FILES", "2000"))


def admin(sql: str) -> None:
    import psycopg2

    conn = psycopg2.connect(bench_database_url()[0])
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql)
    conn.close()


def manage(*args: str, **env: str) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return time.perf_counter() - started, result.stdout.strip()


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="clinic-bench-backup-"))
    os.environ.update(MEDIA_ROOT=str(work / "media"), BACKUP_ROOT=str(work / "backups"))
    fresh_django()
    import bigclinic

    from clinic.clock import local_today

    started = time.perf_counter()
    bigclinic.seed(getattr(bigclinic, SIZE.upper()), today=local_today(), rng=random.Random(6))
    rng = random.Random(7)
    for n in range(FILES):
        path = work / "media" / "quotes" / "2026" / f"Q-2026-{n:05d}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.7\n" + rng.randbytes(60_000))
    print(f"seeded the {SIZE} clinic and {FILES} files in {time.perf_counter() - started:.0f} s")

    backup_s, out = manage("backup")
    print(out)
    [archive] = sorted((work / "backups").iterdir())
    restore_db = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/") + "_restore"
    admin(f'DROP DATABASE IF EXISTS "{restore_db}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{restore_db}"')
    try:
        restore_url = urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{restore_db}"))
        restore_s, out = manage("restore", str(archive), DATABASE_URL=restore_url, MEDIA_ROOT=str(work / "restored"))
        print(out)
    finally:
        admin(f'DROP DATABASE IF EXISTS "{restore_db}" WITH (FORCE)')
        admin(f'DROP DATABASE IF EXISTS "{urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/")}" WITH (FORCE)')
    size = archive.stat().st_size
    print(f"backup: {size / 2**20:.1f} MiB in {backup_s:.1f} s; restore (with its checks): {restore_s:.1f} s")
    save_result("backup", {"size": SIZE, "files": FILES, "bytes": size, "backup_s": backup_s, "restore_s": restore_s})
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
