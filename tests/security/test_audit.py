"""scripts/audit: a vulnerability fails; an unreachable service is a loud skip, never a silent pass."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit"


def judge(tmp_path, dependencies) -> subprocess.CompletedProcess:
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"dependencies": dependencies, "fixes": []}))
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--report", str(report)], capture_output=True, text=True, timeout=30
    )


def test_a_known_vulnerability_fails(tmp_path):
    result = judge(
        tmp_path,
        [
            {"name": "django", "version": "5.2.19", "vulns": [{"id": "PYSEC-0000-1", "fix_versions": ["5.2.20"]}]},
            {"name": "redis", "version": "8.1.0", "vulns": []},
        ],
    )
    assert result.returncode == 1
    assert "VULNERABLE django 5.2.19: PYSEC-0000-1 (fixed in: 5.2.20)" in result.stdout


def test_every_dependency_skipped_is_reported_as_a_skip_not_a_pass(tmp_path):
    skip = "Dependency not found and could not be audited: {} (1.0)"
    result = judge(tmp_path, [{"name": n, "skip_reason": skip.format(n)} for n in ("django", "redis")])
    assert result.returncode == 0
    assert "pip-audit SKIPPED: vulnerability service unreachable from this machine" in result.stderr
    assert "no known vulnerabilities" not in result.stdout


def test_a_clean_audit_passes(tmp_path):
    result = judge(tmp_path, [{"name": "django", "version": "5.2.19", "vulns": []}])
    assert result.returncode == 0
    assert "1 dependencies audited, no known vulnerabilities" in result.stdout


@pytest.mark.parametrize("fixture", ["requirements.txt"])
def test_every_requirement_is_pinned(fixture):
    """--no-deps audits exactly the listed versions, so each line must pin one."""
    lines = [line.split("#")[0].strip() for line in (SCRIPT.parents[1] / fixture).read_text().splitlines()]
    assert all("==" in line for line in lines if line and not line.startswith("-")), lines
