"""Item 14: every page skeleton says it is British English (date pickers and screen readers follow it),
and the icons the pages point at are served."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from bookings.services import book_consultation
from quotes.services import save_draft
from quotes.services.pdf import quote_html
from tests.clients.factories import ClientFactory
from tests.helpers import london

pytestmark = pytest.mark.django_db
LANG = re.compile(r"<html[^>]*\blang=\"([^\"]+)\"")


def lang(html: str) -> str:
    return LANG.search(html).group(1)


@pytest.mark.parametrize("path", ["/", "/privacy/", "/book/", "/accounts/login/", "/portal/login/", "/no-such-page/"])
def test_the_site_pages_declare_en_gb(client, consultation, policy, path):
    assert lang(client.get(path).content.decode()) == "en-GB"


def test_the_admin_declares_british_english(client):
    # Django's own skeleton writes the language code in lower case: the same tag (BCP 47 ignores case).
    assert lang(client.get(reverse("admin:login")).content.decode()).lower() == "en-gb"


def test_the_emails_and_the_quote_pdf_declare_en_gb(frozen, artist, details, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        book_consultation(start=london(2026, 12, 1, 10, 0), client_details=details)
    html, mimetype = mail.outbox[0].alternatives[0]
    assert mimetype == "text/html" and lang(html) == "en-GB"
    assert lang(quote_html(save_draft(client=ClientFactory(), treatment_type="crown"))) == "en-GB"


def icon_links(html: str) -> list[str]:
    return re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="([^"]+)"', html)


@pytest.mark.parametrize("path", ["/", "/admin/login/"])
def test_the_icons_a_page_references_are_served(client, path):
    links = icon_links(client.get(path).content.decode())
    assert links, "no icon referenced"
    for href in links:
        response = client.get(href)
        assert response.status_code == 200 and response["Content-Type"].startswith("image/"), href


def test_favicon_ico_at_the_root_is_served(client):
    # Browsers ask for it by themselves (the admin's pages, a PDF opened in a tab, bookmarks).
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200 and response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert response.redirect_chain and response.redirect_chain[0][1] == 301
