"""`make run`: the clinic's own error pages (no debug page), and the e-mails sent readable at /dev/mail/."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from bookings.messages import BookingMessage
from bookings.services import book_consultation
from devstack.supervisor import run_environment
from outbox.models import Reminder
from outbox.services.delivery import deliver_reminder
from tests.helpers import london

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_make_run_runs_without_the_debug_page_and_keeps_its_mail(monkeypatch):
    for name in ("DEBUG", "EMAIL_URL", "DJANGO_SETTINGS_MODULE"):
        monkeypatch.delenv(name, raising=False)
    env = run_environment({})
    assert env["DEBUG"] == "false"
    assert env["EMAIL_URL"].startswith("filemail:///")
    show = "from django.conf import settings; print(settings.DEBUG, settings.DEV_MAIL_VIEWER, settings.EMAIL_FILE_PATH)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", show],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    debug, viewer, folder = result.stdout.splitlines()[-1].split()
    assert (debug, viewer) == ("False", "True")
    assert folder == str(ROOT / "var" / "mail") or folder.endswith("/mail")
    monkeypatch.setenv("DEBUG", "true")  # debugging is one setting away: DEBUG=true make run
    assert run_environment({})["DEBUG"] == "true"


def test_the_clinics_own_404_not_the_url_list(client):
    response = client.get("/admin-secrets/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "We couldn't find that page" in page
    assert "URLconf" not in page and "admin/" not in page


def test_the_clinics_own_500_page():
    from django.views.defaults import server_error

    page = server_error(RequestFactory().get("/")).content.decode()
    assert "Sorry, something went wrong on our side" in page
    assert 'lang="en-GB"' in page


@pytest.fixture
def file_mail(settings, tmp_path):
    settings.EMAIL_BACKEND = "clinic.mail.FileBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    settings.DEV_MAIL_VIEWER = True
    return tmp_path


def test_the_mail_viewer_shows_what_the_outbox_delivered(client, file_mail, frozen, artist, details):
    appointment = book_consultation(start=london(2026, 12, 1, 10, 0), client_details=details)
    row = Reminder.objects.about(appointment).get(kind=BookingMessage.CONFIRMED)
    assert deliver_reminder(reminder_id=row.pk) == "sent"  # as the worker does, into the folder
    (eml,) = file_mail.glob("*.eml")

    listing = client.get("/dev/mail/")
    assert listing.status_code == 200
    assert details.email in listing.content.decode()
    # The list is not mistaken for the page's notices (base.html shows `messages` as alerts).
    assert 'class="alert' not in listing.content.decode() and "EmailMessage object" not in listing.content.decode()
    detail = client.get(f"/dev/mail/{eml.stem}/")
    text = detail.content.decode()
    assert "Tuesday 1 December 2026, 10:00" in text  # the plain-text body
    assert ".ics" in text  # the calendar attachment is listed
    html = client.get(f"/dev/mail/{eml.stem}/html/")
    assert html.status_code == 200 and "Sam Okafor" in html.content.decode()
    assert "sandbox" in html["Content-Security-Policy"]


def test_the_mail_viewer_is_a_404_unless_turned_on(client, settings):
    settings.DEV_MAIL_VIEWER = False
    assert client.get("/dev/mail/").status_code == 404
    from clinic.settings import base

    assert base.DEV_MAIL_VIEWER is False  # never in production
