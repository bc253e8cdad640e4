"""One reading per component: its status, whether the clinic needs it, and a few figures (no personal data)."""

import logging
from dataclasses import dataclass, field

OK, WARN, DOWN = "ok", "warn", "down"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reading:
    status: str  # OK, WARN or DOWN
    required: bool  # a required component that is down makes /health/ answer 503
    figures: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"status": self.status, "required": self.required, **self.figures}


def failed(name: str, error: Exception, *, required: bool) -> Reading:
    """A check that raised: only the error's type is shown (its text may name hosts), the rest is logged."""
    log.warning("health: %s is down: %r", name, error)
    return Reading(DOWN, required, {"error": type(error).__name__})


def not_checked(*, because: str, required: bool) -> Reading:
    """A component read through another one that is down: unknown counts as down."""
    return Reading(DOWN, required, {"error": f"{because} unreachable"})


def seconds(delta) -> float:
    return round(delta.total_seconds(), 1)
