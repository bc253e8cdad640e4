"""axe-core (vendored, tests/browser/vendor) run in the page: serious and critical violations fail the test.

The script is evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
govern, so the strict CSP stays on while the page is checked.
"""

from pathlib import Path

from playwright.sync_api import Page

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-4.14.1.min.js").read_text()
FAILING_IMPACTS = ("serious", "critical")

RUN_AXE = """async (options) => {
  const result = await axe.run(document, options);
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
  }));
}"""


def axe_violations(page: Page, *, disable: tuple[str, ...] = ()) -> list[dict]:
    """Every violation axe finds on the page as it is now (any impact)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    options = {"rules": {rule: {"enabled": False} for rule in disable}}
    return page.evaluate(RUN_AXE, options)


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']}")
        lines.extend(f"    {n['target']}: {n['summary']}" for n in v["nodes"][:5])
    return "\n".join(lines)


def assert_accessible(page: Page, *, disable: tuple[str, ...] = ()) -> None:
    """No serious or critical axe violation on the page as it is now (error states included)."""
    failing = [v for v in axe_violations(page, disable=disable) if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"axe on {page.url}:\n{describe(failing)}"
