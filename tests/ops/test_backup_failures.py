"""An interrupted backup leaves no archive that looks whole, and says so in its Backup row."""

import os
import re
import signal
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

from tests.integration_support import wait_for

from .scratch import ROOT, check

FAKE_PG_DUMP = """#!/bin/sh
if [ "$1" = "--version" ]; then echo "pg_dump (PostgreSQL) {version}"; exit 0; fi
for arg in "$@"; do case "$arg" in --file=*) printf 'PGDMP half a dump' > "${{arg#--file=}}";; esac; done
{then}
"""


def fake_pg_dump(directory, *, version: int = 99, then: str) -> str:
    directory.mkdir()
    script = directory / "pg_dump"
    script.write_text(FAKE_PG_DUMP.format(version=version, then=then))
    script.chmod(0o755)
    return str(directory)


def backups(clinic) -> list[tuple]:
    return clinic.query("SELECT status, name, error FROM ops_backup ORDER BY id")


def test_a_failing_pg_dump_leaves_no_archive_and_a_failed_row(clinic, tmp_path):
    bin_dir = fake_pg_dump(tmp_path / "bin", then='echo "pg_dump: error: connection to server lost" >&2; exit 1')
    result = clinic.manage("backup", PG_BIN_DIR=bin_dir)
    assert result.returncode == 1
    assert "backup failed: pg_dump failed (exit 1): pg_dump: error: connection to server lost" in result.stderr
    assert clinic.archives() == []
    [(status, name, error)] = backups(clinic)
    assert (status, name) == ("failed", "")
    assert "connection to server lost" in error


def test_a_pg_dump_older_than_the_server_is_refused_by_name(clinic, tmp_path):
    bin_dir = fake_pg_dump(tmp_path / "bin", version=9, then="exit 0")
    result = clinic.manage("backup", PG_BIN_DIR=bin_dir)
    assert result.returncode == 1
    assert re.search(r"no pg_dump of PostgreSQL \d+ or newer \(found: \S+/bin/pg_dump \(9\)\)", result.stderr)
    assert "set PG_BIN_DIR" in result.stderr
    assert clinic.archives() == []
    assert backups(clinic)[0][0] == "failed"


def test_a_killed_backup_leaves_no_archive_and_the_next_one_says_it_was_interrupted(clinic, tmp_path):
    started = tmp_path / "pg_dump-started"
    bin_dir = fake_pg_dump(tmp_path / "bin", then=f"touch {started}; sleep 60")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic.settings.local",
        "DATABASE_URL": clinic.url,
        "MEDIA_ROOT": str(clinic.media),
        "BACKUP_ROOT": str(clinic.backups),
        "PG_BIN_DIR": bin_dir,
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "backup"], cwd=ROOT, env=env, start_new_session=True, stderr=subprocess.DEVNULL
    )
    try:
        wait_for(started.exists, timeout=60, what="the backup to reach pg_dump")
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the command and its pg_dump, as a crash or an OOM kill would
        process.wait(timeout=10)
    assert clinic.archives() == []
    assert backups(clinic) == [("running", "", "")]

    check(clinic.manage("backup"))
    (first, _, error), (second, name, _) = backups(clinic)
    assert first == "failed" and error.startswith("interrupted")
    assert second == "succeeded" and [p.name for p in clinic.archives()] == [name]


def test_the_password_reaches_pg_dump_in_its_environment_not_its_command_line(clinic, tmp_path):
    seen = tmp_path / "seen"
    bin_dir = fake_pg_dump(
        tmp_path / "bin", then=f'echo "args: $*" > {seen}; echo "env: $PGPASSWORD" >> {seen}; exit 1'
    )
    # The database's own password if it has one; else any (the local server trusts loopback).
    url = urlsplit(clinic.url)
    password = url.password or "s3cret-pw"
    netloc = f"{url.username}:{password}@{url.hostname}:{url.port}"
    assert (
        clinic.manage("backup", PG_BIN_DIR=bin_dir, DATABASE_URL=urlunsplit(url._replace(netloc=netloc))).returncode
        == 1
    )
    args, env = seen.read_text().splitlines()
    assert password not in args and "--snapshot=" in args
    assert env == f"env: {password}"
