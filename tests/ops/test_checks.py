"""The operations settings are checked at start (manage.py check, every server's start)."""

from django.core.checks import run_checks


def ids() -> list[str]:
    return [message.id for message in run_checks() if message.id.startswith("ops.")]


def test_the_defaults_pass(settings):
    assert ids() == []


def test_a_malformed_network_is_an_error(settings):
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8", "10.0.0.0/33", "intranet"]
    assert ids() == ["ops.E001", "ops.E001"]


def test_metrics_enabled_with_no_rule_warns(settings):
    settings.METRICS_ENABLED = True
    assert ids() == ["ops.W001"]
    settings.METRICS_TOKEN = "t"
    assert ids() == []
