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


POLICY = (
    "from django.conf import settings; d = settings.CONTENT_SECURITY_POLICY['DIRECTIVES']; "
    "print(settings.PAYMENTS_PROVIDER, ' '.join(d['form-action']))"
)


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PAYMENTS_", "STRIPE_"))}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_online_payments_are_off_by_default_and_stripe_checkout_is_a_form_target_only_when_on():
    off = run_python(POLICY, DJANGO_SETTINGS_MODULE="clinic.settings.local")
    assert off.returncode == 0, off.stderr
    assert off.stdout.split() == ["none", "'self'"]
    on = run_python(POLICY, DJANGO_SETTINGS_MODULE="clinic.settings.local", PAYMENTS_PROVIDER="stripe")
    assert on.stdout.split() == ["stripe", "'self'", "https://checkout.stripe.com"]


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "clinic.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "clinic.example",
}


def test_production_with_stripe_needs_both_keys():
    result = run_python("import django; django.setup()", **PRODUCTION, PAYMENTS_PROVIDER="stripe")
    assert result.returncode != 0
    assert "PAYMENTS_PROVIDER=stripe needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET" in result.stderr
    half = run_python(
        "import django; django.setup()", **PRODUCTION, PAYMENTS_PROVIDER="stripe", STRIPE_SECRET_KEY="sk_live_x"
    )
    assert "ImproperlyConfigured" in half.stderr and "needs STRIPE_WEBHOOK_SECRET (see" in half.stderr
    both = run_python(
        "import django; django.setup(); from payments import online; print(online.enabled())",
        **PRODUCTION,
        PAYMENTS_PROVIDER="stripe",
        STRIPE_SECRET_KEY="sk_live_x",
        STRIPE_WEBHOOK_SECRET="whsec_x",
    )
    assert both.returncode == 0, both.stderr
    assert both.stdout.strip() == "True"


def test_production_refuses_an_unknown_payments_provider():
    result = run_python("import django; django.setup()", **PRODUCTION, PAYMENTS_PROVIDER="paypal")
    assert result.returncode != 0 and "PAYMENTS_PROVIDER must be 'none' or 'stripe'" in result.stderr
