"""Production settings: `check --deploy` must be clean; development defaults must stay usable."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Test-only variables (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE) are not part of a deployment.
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_check_deploy_reports_nothing():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="clinic.settings.production",
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="clinic.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    environment = {"DJANGO_SETTINGS_MODULE": "clinic.settings.production", "ALLOWED_HOSTS": "clinic.example"}
    os_env_secret = os.environ.pop("SECRET_KEY", None)
    try:
        result = run_manage("check", **environment)
    finally:
        if os_env_secret is not None:
            os.environ["SECRET_KEY"] = os_env_secret
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
