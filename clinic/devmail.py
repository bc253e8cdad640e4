"""The development mail viewer (`make run`): the e-mails the app sent, read in the browser.

The Celery worker is another process, so the messages come from the file backend's directory
(EMAIL_URL=filemail://…, one .eml per message), not from memory. Only with DEV_MAIL_VIEWER on
(the local settings with the file backend); anywhere else the pages are a 404.
"""

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render

SHOWN = 200  # the newest messages


def _files() -> list[Path]:
    if not settings.DEV_MAIL_VIEWER:
        raise Http404
    folder = Path(settings.EMAIL_FILE_PATH)
    files = folder.glob("*.eml") if folder.is_dir() else []
    return sorted(files, key=lambda f: f.stat().st_mtime, reverse=True)[:SHOWN]


def _read(name: str) -> EmailMessage:
    match = [f for f in _files() if f.stem == name]
    if not match:
        raise Http404
    return BytesParser(policy=policy.default).parsebytes(match[0].read_bytes())


def mail_list(request):
    mails = [(f.stem, BytesParser(policy=policy.default).parsebytes(f.read_bytes())) for f in _files()]
    return render(request, "devmail/list.html", {"mails": mails, "folder": settings.EMAIL_FILE_PATH})


def mail_detail(request, name: str):
    message = _read(name)
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    attachments = [part.get_filename() or part.get_content_type() for part in message.iter_attachments()]
    context = {
        "name": name,
        "message": message,
        "text": text.get_content() if text else "",
        "has_html": html is not None,
        "attachments": attachments,
    }
    return render(request, "devmail/detail.html", context)


def mail_html(request, name: str):
    """The HTML part on its own, for the detail page's frame (sandboxed: no scripts run)."""
    html = _read(name).get_body(preferencelist=("html",))
    if html is None:
        raise Http404
    response = HttpResponse(html.get_content(), content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response
