"""HTML written in Python for long lists (report tables, the staff home's day tables)."""

from html import escape as _escape


def escape(value) -> str:
    """As Django's escape (the same entities), without its lazy-string wrapper: thousands of calls a page."""
    return _escape(str(value))


# Where HTML cached for everyone (the staff home, the main navigation) gets each request's own CSRF input: raw
# HTML, which no escaped value can produce (escaping turns every "<" of a name or a note into "&lt;").
CSRF_SLOT = "<!--csrf-input-->"


def csrf_input_for(token) -> str:
    """The hidden CSRF input {% csrf_token %} writes ("" without a token)."""
    token = str(token) if token else ""
    if not token or token == "NOTPROVIDED":  # noqa: S105 (Django's no-token sentinel, as {% csrf_token %})
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'
