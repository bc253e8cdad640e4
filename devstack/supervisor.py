"""`run` (make run): migrate, seed the demo data, then web + Celery worker + beat under honcho until stopped."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

from devstack.config import ROOT, VAR
from devstack.stack import down_uninterrupted, up
from devstack.system import log, port_in_use, wait


def _silence_output() -> None:
    """The terminal hung up: print to nowhere from now on, rather than fail."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        os.dup2(devnull, stream.fileno())


# manage.py commands `run` runs first; seed_demo prints the demo logins.
SETUP_COMMANDS = [["migrate", "--noinput"], ["seed_demo"]]


def _processes(env: dict[str, str]) -> dict[str, str]:
    """The honcho process list for `run`: name -> shell command."""
    python = shlex.quote(sys.executable)
    celery_script = Path(sys.executable).parent / "celery"
    celery = shlex.quote(str(celery_script))
    if not celery_script.exists():
        celery = f"{python} -m celery"
    schedule = shlex.quote(str(VAR / "celerybeat-schedule"))
    return {
        # honcho signals each process group, so the autoreloader's child stops too.
        "web": f"{python} manage.py runserver 127.0.0.1:{env['PORT']}",
        "worker": f"{celery} -A clinic worker -l info --concurrency 2",
        "beat": f"{celery} -A clinic beat -l info --schedule {schedule}",
    }


def run_environment(urls: dict[str, str]) -> dict[str, str]:
    """What web, worker and beat run with: the app as the clinic sees it, its e-mails kept as files."""
    env = {**os.environ, **urls, "PYTHONUNBUFFERED": "1"}
    # The Celery app chooses no settings (clinic/celery.py): the worker and beat get the local ones here.
    env.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings.local")
    # The clinic's own 404 and 500 pages, not Django's debug page listing every URL: DEBUG=true make run
    # to debug.
    env.setdefault("DEBUG", "false")
    # Every process writes the e-mails it sends here; the web server shows them at /dev/mail/.
    env.setdefault("EMAIL_URL", f"filemail:///{VAR / 'mail'}")
    env.setdefault("PORT", "8000")
    return env


def _banner(port: str, when: str) -> str:
    rule = "=" * 64
    return (
        f"{rule}\n  Clinic {when}: http://127.0.0.1:{port}\n"
        f"  Demo logins printed above.  E-mails sent: http://127.0.0.1:{port}/dev/mail/\n"
        f"  Ctrl-C stops everything.\n{rule}"
    )


def run() -> int:
    """Migrate, seed demo data, run web + worker + beat until Ctrl-C or SIGTERM."""
    from honcho.manager import Manager
    from honcho.printer import Message

    started: list[str] = []
    manager: Manager | None = None
    parent = os.getpid()

    def stop(signum: int, _frame: object) -> None:
        if os.getpid() != parent:  # honcho's forked helpers inherit this handler
            return
        if signum == signal.SIGHUP:
            _silence_output()
        if manager is None:
            raise SystemExit(128 + signum)  # so that `finally:` still cleans up
        manager.returncode = 128 + signum  # as honcho does on SIGINT and SIGTERM
        manager.terminate()

    signal.signal(signal.SIGTERM, stop)
    if signal.getsignal(signal.SIGHUP) != signal.SIG_IGN:  # as under nohup
        signal.signal(signal.SIGHUP, stop)
    try:
        urls, started = up()
        env = run_environment(urls)
        env.setdefault("SITE_URL", f"http://127.0.0.1:{env['PORT']}")  # links in e-mails point at this server
        if port_in_use(int(env["PORT"])):
            log(f"port {env['PORT']} is taken; stop what uses it or set PORT")
            return 1
        for args in SETUP_COMMANDS:
            log("$ python manage.py " + " ".join(args))
            command = [sys.executable, "manage.py", *args]
            result = subprocess.run(command, check=False, cwd=ROOT, env=env)
            if result.returncode != 0:
                return result.returncode
        log("starting web, worker and beat\n" + _banner(env["PORT"], "starting"))

        manager = Manager()
        for name, command in _processes(env).items():
            manager.add_process(name, command, env=env, cwd=str(ROOT))

        def announce_when_listening() -> None:
            # Repeat the URL once the server answers, below the start-up noise.
            if wait(lambda: port_in_use(int(env["PORT"])), 120):
                banner = _banner(env["PORT"], "is ready")
                message = Message("line", banner, datetime.now(), "system", None)
                manager.events.put(message)

        threading.Thread(target=announce_when_listening, daemon=True).start()
        try:
            manager.loop()  # until Ctrl-C, SIGTERM, SIGHUP or one process exits
        except BaseException:
            # Whatever went wrong, leave no process behind.  honcho prints as it
            # kills, and the output itself may be what broke (a closed pipe).
            try:
                manager.kill()
            except OSError:
                _silence_output()
                manager.kill()
            raise
        return manager.returncode or 0
    except KeyboardInterrupt:
        return 130
    finally:
        down_uninterrupted(started)
