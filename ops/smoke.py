"""The smoke test after a deploy: a few GETs against the live site, and what is wrong with them.

Standard library only, so it also runs where the app is not installed (`python -m ops.smoke URL`);
`manage.py smoke_test URL` is the same. Checks: liveness, readiness (404 tolerated while the site has
no /health/), the home and booking pages with their security headers, a static file they link to,
and that an unknown URL gets the plain 404 page, not Django's DEBUG page.
"""

import argparse
import json
import re
import sys
import uuid
from dataclasses import dataclass
from urllib import error, request

DEBUG_MARKERS = ("You’re seeing this error because you have", "DEBUG = True", "Django tried these URL patterns")
STATIC_LINK = re.compile(r"""(?:href|src)=["']([^"']*/static/[^"']+)["']""")
PAGES = ("/", "/book/")


@dataclass(frozen=True)
class Check:
    name: str
    problems: tuple[str, ...] = ()
    note: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: str


class _NoRedirects(request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to check, not to follow


def fetch(url: str, *, headers: dict[str, str], timeout: float) -> Answer:
    opener = request.build_opener(_NoRedirects)
    try:
        response = opener.open(request.Request(url, headers=headers), timeout=timeout)  # noqa: S310 (http/https only)
    except error.HTTPError as answer:  # 3xx, 4xx, 5xx: still an answer
        response = answer
    with response:
        body = response.read(1_000_000).decode("utf-8", "replace")
        return Answer(response.status, {k.lower(): v for k, v in response.headers.items()}, body)


def summary(answer: Answer) -> str:
    """Readiness JSON by the components not ok; an HTML page by its title; anything else by its start."""
    try:
        components = json.loads(answer.body)["components"]
        down = [(name, c) for name, c in components.items() if c.get("status") != "ok"]
        return "not ok: " + ", ".join(f"{name} ({c.get('status')}: {c.get('error', '-')})" for name, c in down)
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    title = re.search(r"<title>\s*(.*?)\s*</title>", answer.body, re.DOTALL | re.IGNORECASE)
    text = title.group(1) if title else answer.body
    return " ".join(text.split())[:300]


def header_problems(answer: Answer) -> list[str]:
    problems = []
    hsts = answer.headers.get("strict-transport-security", "")
    if not re.search(r"max-age=[1-9]", hsts):
        problems.append("no Strict-Transport-Security (HSTS) header")
    if "default-src" not in answer.headers.get("content-security-policy", ""):
        problems.append("no Content-Security-Policy header")
    if answer.headers.get("x-content-type-options", "").lower() != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff header")
    return problems


def run_smoke_test(
    *, base_url: str, host: str | None = None, as_https: bool = False, timeout: float = 10
) -> list[Check]:
    """GET each URL once; a check lists its problems (none: it passed)."""
    base_url = base_url.rstrip("/")
    if not base_url.startswith(("http://", "https://")):
        raise ValueError(f"{base_url!r}: give the site's address with http:// or https://")
    headers = {"User-Agent": "clinic-smoke-test", "X-Request-ID": f"smoke-{uuid.uuid4().hex[:16]}"}
    if host:
        headers["Host"] = host
    if as_https:  # talking to one web node behind the TLS proxy: say what the proxy would
        headers["X-Forwarded-Proto"] = "https"
    checks: list[Check] = []

    def get(path: str, name: str) -> Answer | None:
        try:
            return fetch(base_url + path, headers=headers, timeout=timeout)
        except (OSError, ValueError) as failure:
            checks.append(Check(name, (f"no answer: {getattr(failure, 'reason', failure)}",)))
            return None

    if answer := get("/healthz/", "GET /healthz/ (liveness)"):
        ok = answer.status == 200 and answer.body.strip() == "ok"
        checks.append(Check("GET /healthz/ (liveness)", () if ok else (f"{answer.status}, not 200 'ok'",)))
    if answer := get("/health/", "GET /health/ (readiness)"):
        if answer.status == 404:
            checks.append(Check("GET /health/ (readiness)", note="404: no readiness endpoint on this site, tolerated"))
        elif answer.status != 200:
            checks.append(Check("GET /health/ (readiness)", (f"{answer.status}: {summary(answer)}",)))
        else:
            checks.append(Check("GET /health/ (readiness)"))
    static_path = None
    for path in PAGES:
        if answer := get(path, f"GET {path}"):
            problems = [] if answer.status == 200 else [f"status {answer.status}, not 200"]
            checks.append(Check(f"GET {path}", tuple(problems + header_problems(answer))))
            found = STATIC_LINK.search(answer.body)
            static_path = static_path or (found and re.sub(r"^https?://[^/]+", "", found.group(1)))
    if static_path is None:
        checks.append(Check("GET a static file", ("no /static/ file linked from the pages",)))
    elif answer := get(static_path, f"GET {static_path}"):
        ok = answer.status == 200 and answer.body
        checks.append(Check(f"GET {static_path}", () if ok else (f"status {answer.status}, not 200 with content",)))
    missing = f"/smoke-test-{uuid.uuid4().hex[:12]}/"
    if answer := get(missing, "DEBUG is off"):
        problems = [] if answer.status == 404 else [f"{missing} answered {answer.status}, not 404"]
        if any(marker in answer.body for marker in DEBUG_MARKERS):
            problems.append(f"{missing} shows Django's DEBUG page: DEBUG is on")
        checks.append(Check("DEBUG is off (404 page)", tuple(problems)))
    return checks


def report(checks: list[Check], *, base_url: str) -> tuple[str, bool]:
    """The report to print and whether every check passed."""
    lines = [f"Smoke test of {base_url}"]
    for check in checks:
        detail = "; ".join(check.problems) or check.note
        lines.append(f"  {'ok  ' if check.ok else 'FAIL'}  {check.name}" + (f": {detail}" if detail else ""))
    failed = [check for check in checks if not check.ok]
    if failed:
        lines.append(f"{len(failed)} of {len(checks)} checks failed:")
        lines += [f"  - {check.name}: {problem}" for check in failed for problem in check.problems]
    else:
        lines.append(f"All {len(checks)} checks passed.")
    return "\n".join(lines), not failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ops.smoke", description=__doc__.splitlines()[0])
    add_arguments(parser)
    options = parser.parse_args(argv)
    try:
        checks = run_smoke_test(
            base_url=options.url, host=options.host, as_https=options.as_https, timeout=options.timeout
        )
    except ValueError as bad_url:
        parser.error(str(bad_url))
    text, passed = report(checks, base_url=options.url)
    print(text)
    return 0 if passed else 1


def add_arguments(parser) -> None:
    parser.add_argument("url", help="the site's address, e.g. https://clinic.example")
    parser.add_argument("--host", help="Host header to send (checking one web node by its own address)")
    parser.add_argument(
        "--as-https", action="store_true", help="send X-Forwarded-Proto: https, as the TLS proxy does (one node)"
    )
    parser.add_argument("--timeout", type=float, default=10, help="seconds per request (default 10)")


if __name__ == "__main__":
    sys.exit(main())
