"""Scratch clinics for the backup tests: a database `hb_…` and a file store of their own, driven by manage.py."""

import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
FINGERPRINT = "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM public.{} t"


def _url(name: str) -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db.get('USER') or 'postgres'}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"


def admin(sql: str) -> None:
    conn = psycopg2.connect(_url("postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(sql)
    finally:
        conn.close()


def new_name(kind: str) -> str:
    return f"hb_{kind}_{uuid.uuid4().hex[:10]}"


@dataclass
class Clinic:
    """One scratch clinic: its database, its MEDIA_ROOT and its backups directory."""

    name: str
    media: Path
    backups: Path
    env: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return _url(self.name)

    def manage(self, *args: str, timeout: float = 300, **env: str) -> subprocess.CompletedProcess:
        full_env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "clinic.settings.local",
            "DEBUG": "false",
            "DATABASE_URL": self.url,
            "MEDIA_ROOT": str(self.media),
            "BACKUP_ROOT": str(self.backups),
            **self.env,
            **env,
        }
        command = [sys.executable, "manage.py", *args]
        return subprocess.run(command, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=timeout)

    def query(self, sql: str, params=None) -> list[tuple]:
        conn = psycopg2.connect(self.url)
        try:
            with conn.cursor() as cur:
                cur.execute(sql, params)
                rows = cur.fetchall() if cur.description else []
            conn.commit()
            return rows
        finally:
            conn.close()

    def tables(self) -> list[str]:
        return [t for (t,) in self.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]

    def fingerprints(self) -> dict[str, tuple[int, str]]:
        """Every table's row count and an md5 of all its rows' text, in a fixed order."""
        return {table: self.query(FINGERPRINT.format(f'"{table}"'))[0] for table in self.tables()}

    def files(self) -> dict[str, bytes]:
        return {str(p.relative_to(self.media)): p.read_bytes() for p in sorted(self.media.rglob("*")) if p.is_file()}

    def archives(self) -> list[Path]:
        return sorted(p for p in self.backups.iterdir() if p.is_file()) if self.backups.exists() else []

    def wipe(self) -> None:
        """Drop the database and create it again empty; delete every stored file."""
        admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        admin(f'CREATE DATABASE "{self.name}"')
        shutil.rmtree(self.media, ignore_errors=True)
        self.media.mkdir(parents=True)

    def drop(self) -> None:
        admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def check(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result.stdout
