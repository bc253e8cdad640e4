"""Which settings each entry point runs: WSGI/ASGI production, manage.py local, the Celery app none of its own.

Each check imports the entry point in a fresh interpreter whose environment names no settings, as a
deployer's shell does (`gunicorn clinic.wsgi`).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_KEY = "a-long-random-production-secret-key-0123456789-abcdefghijklmnop"
SHOW = "from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG, settings.SECRET_KEY)"


def clean_environment(**extra: str) -> dict[str, str]:
    # No settings module, no key, no test-only variables: only what a shell on a server would have.
    keep = ("PATH", "HOME", "LANG", "DATABASE_URL", "REDIS_URL")
    return {**{k: os.environ[k] for k in keep if k in os.environ}, **extra}


def python(code: str, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_environment(**extra),
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("module", ["clinic.wsgi", "clinic.asgi"])
def test_wsgi_and_asgi_run_the_production_settings(module):
    result = python(f"import {module}; {SHOW}", SECRET_KEY=PRODUCTION_KEY, ALLOWED_HOSTS="clinic.example")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["clinic.settings.production", "False", PRODUCTION_KEY]


@pytest.mark.parametrize("key", [None, "dev-only-insecure-key-change-me", "short-key"])
def test_production_refuses_to_start_with_the_development_key(key):
    extra = {"ALLOWED_HOSTS": "clinic.example"} | ({"SECRET_KEY": key} if key else {})
    result = python(f"import clinic.wsgi; {SHOW}", **extra)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "dev-only" not in result.stdout


def test_the_celery_app_chooses_no_settings():
    result = python("import clinic; import os; print(os.environ.get('DJANGO_SETTINGS_MODULE'))")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None"


def test_manage_py_runs_the_local_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW],
        cwd=ROOT,
        env=clean_environment(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split()[:2] == ["clinic.settings.local", "True"]
