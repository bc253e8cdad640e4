"""Submit a rendered form exactly as a browser would: the values the HTML holds, nothing typed.

`submit_unchanged(client, url)` GETs the page, reads the chosen <form>'s controls (text and date inputs as
rendered, checked boxes, selected options, textareas) and POSTs them to the form's action.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin

SKIPPED_TYPES = {"submit", "button", "image", "reset", "file"}


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None  # [name, multiple, options: [(value, selected)]]
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"id": a.get("id"), "action": a.get("action") or "", "method": a.get("method", "get"),
                          "fields": []}  # fmt: skip
            self.forms.append(self._form)
        if self._form is None or "disabled" in a:
            return
        if tag == "input" and a.get("name") and a.get("type", "text") not in SKIPPED_TYPES:
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self._form["fields"].append((a["name"], a.get("value", "on")))
            else:
                self._form["fields"].append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select = [a["name"], "multiple" in a, []]
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "selected" in a, ""]
            self._select[2].append(self._option)
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        elif self._option is not None:
            self._option[2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            name, multiple, options = self._select
            chosen = [o for o in options if o[1]] or ([] if multiple else options[:1])
            for value, _, text in chosen:
                self._form["fields"].append((name, text.strip() if value is None else value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # Browsers drop the one newline right after <textarea>, and post line breaks as \r\n.
            text = text[1:] if text.startswith("\n") else text
            self._form["fields"].append((name, text.replace("\r\n", "\n").replace("\n", "\r\n")))
            self._textarea = None


def rendered_forms(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_data(html: str, *, has_field: str) -> tuple[str, dict[str, list[str]]]:
    """(action, data) of the one POST form on the page with a control named `has_field`."""
    found = [
        f for f in rendered_forms(html) if f["method"].lower() == "post" and any(n == has_field for n, _ in f["fields"])
    ]
    assert len(found) == 1, f"{len(found)} POST forms with a field {has_field!r}"
    data: dict[str, list[str]] = {}
    for name, value in found[0]["fields"]:
        data.setdefault(name, []).append(value)
    return found[0]["action"], data


def submit_unchanged(client, url: str, *, has_field: str, follow: bool = False):
    """GET `url`, then POST its form back with exactly the rendered values; the response."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    action, data = form_data(page.content.decode(), has_field=has_field)
    return client.post(urljoin(url, action) if action else url, data, follow=follow)
