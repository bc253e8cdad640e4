"""`python -m devstack up/down` starts and stops real PostgreSQL and Redis."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:  # all bound at once, so the ports differ
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _devstack(command: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "devstack", command],
        cwd=ROOT,
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_up_starts_real_servers_and_down_stops_them(tmp_path: Path) -> None:
    pg_port, redis_port = _free_ports(2)
    var = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env |= {
        "DEVSTACK_VAR_DIR": str(var),
        "EMBEDDED_PG_PORT": str(pg_port),
        "EMBEDDED_REDIS_PORT": str(redis_port),
    }
    database_url = f"postgres://postgres@127.0.0.1:{pg_port}/clinic"
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    try:
        assert "PostgreSQL started" in _devstack("up", env)
        urls = dict(line.split("=", 1) for line in (var / "devstack.env").read_text().splitlines())
        assert urls == {"DATABASE_URL": database_url, "REDIS_URL": redis_url}

        conn = psycopg2.connect(database_url, connect_timeout=5)
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute("CREATE EXTENSION btree_gist")
                cur.execute("SELECT extname FROM pg_extension WHERE extname = 'btree_gist'")
                assert cur.fetchone() == ("btree_gist",)
        finally:
            conn.close()
        assert redis.Redis.from_url(redis_url, socket_timeout=5).ping()

        again = _devstack("up", env)
        assert "PostgreSQL already running" in again
        assert "Redis already running" in again
    finally:
        stopped = _devstack("down", env)
    assert "PostgreSQL stopped" in stopped
    assert "Redis stopped" in stopped

    with pytest.raises(psycopg2.OperationalError):
        psycopg2.connect(database_url, connect_timeout=2)
    with pytest.raises(redis.ConnectionError):
        redis.Redis.from_url(redis_url, socket_timeout=2).ping()
    assert not (var / "devstack.env").exists()
