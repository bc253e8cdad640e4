"""`exec`: run one command (pytest, a benchmark) against the stack, then stop what was started for it."""

from __future__ import annotations

import os
import signal
import subprocess

from devstack.stack import down_uninterrupted, up


def _exit_on_sigterm() -> None:
    """Make SIGTERM raise SystemExit, so that `finally:` clean-up still runs."""

    def handler(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)


def exec_command(argv: list[str]) -> int:
    """Run `argv` against the stack; stop afterwards only the servers started here."""
    if not argv:
        raise SystemExit("usage: python -m devstack exec -- CMD [ARGS ...]")
    _exit_on_sigterm()
    started: list[str] = []
    try:
        urls, started = up()
        # Ctrl-C reaches the child through the terminal; we outlive it to clean up.
        # A no-op handler rather than SIG_IGN, which the child would inherit.
        signal.signal(signal.SIGINT, lambda *_: None)
        child = subprocess.Popen(argv, env={**os.environ, **urls})
        signal.signal(signal.SIGTERM, lambda signum, _: child.send_signal(signum))
        returncode = child.wait()
        return 128 - returncode if returncode < 0 else returncode
    finally:
        down_uninterrupted(started)
