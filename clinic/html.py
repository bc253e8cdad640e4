"""HTML written in Python for long lists (report tables, the staff home's day tables)."""

from html import escape as _escape


def escape(value) -> str:
    """As Django's escape (the same entities), without its lazy-string wrapper: thousands of calls a page."""
    return _escape(str(value))
