"""No inline script, style attribute or event handler in the page templates (the CSP would block them)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# E-mails and PDFs are not served to a browser under the CSP; inline styles are what mail clients need.
NOT_PAGES = ("/email/", "/pdf/")
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    "event handler": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def page_templates():
    for path in sorted([*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]):
        if not any(part in path.as_posix() for part in NOT_PAGES) and ".venv" not in path.parts:
            yield path


def test_there_are_templates_to_check():
    assert len(list(page_templates())) > 30


@pytest.mark.parametrize("path", list(page_templates()), ids=lambda p: str(p.relative_to(ROOT)))
def test_template_has_nothing_inline(path):
    text = path.read_text()
    found = [name for name, pattern in INLINE.items() if pattern.search(text)]
    assert not found, f"{path.relative_to(ROOT)}: {found}"


@pytest.mark.django_db
def test_every_response_carries_the_policy(client):
    policy = client.get("/book/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "form-action 'self'" in policy
    assert "img-src 'self' data:" in policy


@pytest.mark.django_db
def test_artist_colours_stylesheet_is_for_the_team_only(client, staff):
    from tests.bookings.factories import ArtistFactory

    artist = ArtistFactory(calendar_colour="#AA3311")
    response = client.get("/staff/artist-colours.css")
    assert response["Content-Type"].startswith("text/css")
    assert f".artist-colour-{artist.pk} {{ background-color: #AA3311; }}" in response.content.decode()
    client.logout()
    assert client.get("/staff/artist-colours.css").status_code == 302
