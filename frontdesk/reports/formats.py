"""How a figure reads on the page and in the CSV, by the kind of its column."""

from decimal import Decimal

from clinic.money import format_gbp


def shown(value, kind: str) -> str:
    if value is None:
        return "–"
    if kind == "percent":
        return f"{value * 100:.1f}%"
    if kind in ("days", "hours"):
        return f"{value:.1f}"
    if kind == "gbp":
        return format_gbp(value)
    return str(value)


def raw(value, kind: str):
    """What the CSV holds: plain numbers (percentages as 0–100, one decimal place), empty for none."""
    if value is None:
        return ""
    if kind == "percent":
        return f"{value * 100:.1f}"
    if kind in ("days", "hours"):
        return f"{value:.1f}"
    if kind == "gbp":
        return f"{Decimal(value):.2f}"
    return value
