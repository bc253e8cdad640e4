"""The production settings start from deploy/clinic.env.example alone (its placeholders filled), nothing else.

A fresh interpreter gets only that environment plus PATH, as a systemd unit with EnvironmentFile= does.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENV_EXAMPLE = ROOT / "deploy" / "clinic.env.example"
REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL")


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines, as systemd's EnvironmentFile= reads them (comments and blank lines skipped)."""
    values = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value
    return values


def deploy_environment(**changes: str | None) -> dict[str, str]:
    """The example's variables with its <placeholders> filled by test values; changes (None: removed)."""
    fills = {
        "SECRET_KEY": secrets.token_urlsafe(48),  # 64 random characters
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clinic"),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
    }
    values = read_env_file(ENV_EXAMPLE)
    for name, value in values.items():
        if value.startswith("<"):
            assert name in fills, f"{name} is a placeholder in {ENV_EXAMPLE.name} this test cannot fill"
            values[name] = fills[name]
    for name, value in changes.items():
        if value is None:
            values.pop(name, None)
        else:
            values[name] = value
    return {"PATH": os.environ["PATH"], **values}


def run(args: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)


def test_the_example_fills_its_placeholders_and_names_every_required_variable():
    environment = deploy_environment()
    assert len(environment["SECRET_KEY"]) == 64
    assert not [name for name, value in environment.items() if value.startswith("<")]
    assert set(REQUIRED) <= environment.keys()
    assert environment["DJANGO_SETTINGS_MODULE"] == "clinic.settings.production"


def test_wsgi_and_celery_apps_load_the_production_settings_from_it():
    code = (
        "from clinic.wsgi import application; from clinic.celery import app; from django.conf import settings; "
        "print(settings.SETTINGS_MODULE, settings.DEBUG, type(application).__name__, app.conf.broker_url, "
        "app.conf.task_default_queue, settings.LOGGING['handlers']['console']['formatter'], settings.SECURE_SSL_REDIRECT)"
    )
    environment = deploy_environment()
    result = run([sys.executable, "-c", code], environment)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "clinic.settings.production",
        "False",
        "WSGIHandler",
        environment["REDIS_URL"],
        "clinic",
        "json",
        "True",
    ]


def test_check_deploy_is_clean_with_it():
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], deploy_environment())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_gunicorn_accepts_its_config_with_it():
    result = run(
        [sys.executable, "-m", "gunicorn", "--check-config", "-c", "deploy/gunicorn.conf.py"], deploy_environment()
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", REQUIRED)
def test_a_missing_required_variable_stops_it_with_a_clear_message(name):
    result = run([sys.executable, "-c", "import clinic.wsgi"], deploy_environment(**{name: None}))
    assert result.returncode != 0
    assert f"Production needs these environment variables, missing: {name} (see deploy/clinic.env.example" in (
        result.stderr
    )


def test_all_missing_variables_are_named_at_once():
    environment = deploy_environment(DATABASE_URL=None, REDIS_URL=None, SECRET_KEY=None)
    result = run([sys.executable, "-c", "import clinic.wsgi"], environment)
    assert "missing: SECRET_KEY, DATABASE_URL, REDIS_URL " in result.stderr


def test_health_probes_over_plain_http_are_answered_pages_are_redirected():
    # A load balancer checks each node over HTTP without X-Forwarded-Proto.
    code = (
        "import django; django.setup(); from django.test import Client; c = Client(HTTP_HOST='clinic.example'); "
        "print(c.get('/healthz/').status_code, c.get('/book/').status_code, c.get('/book/')['Location'])"
    )
    result = run([sys.executable, "-c", code], deploy_environment())
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "301", "https://clinic.example/book/"]


SETTING_READ = re.compile(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"')
GUNICORN_READ = re.compile(r'os\.environ\.get\("([A-Z][A-Z0-9_]+)"')


def variables_read() -> set[str]:
    """What the settings and gunicorn's config read from the environment."""
    names = {"DJANGO_SETTINGS_MODULE"}
    for path in (ROOT / "clinic" / "settings").glob("*.py"):
        names |= set(SETTING_READ.findall(path.read_text()))
    return names | set(GUNICORN_READ.findall((ROOT / "deploy" / "gunicorn.conf.py").read_text()))


def test_every_variable_read_is_in_the_deploy_doc_table():
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", (ROOT / "docs" / "DEPLOY.md").read_text()))
    missing = variables_read() - documented
    assert not missing, f"add to docs/DEPLOY.md's table: {sorted(missing)}"


def test_the_env_example_sets_only_variables_that_are_read_and_mentions_only_documented_ones():
    unknown = read_env_file(ENV_EXAMPLE).keys() - variables_read()
    assert not unknown, f"a typo, or a variable nothing reads: {sorted(unknown)}"
    commented = set(re.findall(r"^# ([A-Z][A-Z0-9_]+)=", ENV_EXAMPLE.read_text(), re.MULTILINE))
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", (ROOT / "docs" / "DEPLOY.md").read_text()))
    assert not commented - documented, sorted(commented - documented)
