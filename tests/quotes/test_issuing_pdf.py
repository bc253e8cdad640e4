"""Issuing renders the PDF outside the year's counter lock and stores it only once the issue commits."""

import io

import psycopg2
import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection, transaction
from pypdf import PdfReader

from quotes.models import Quote, QuoteCounter
from quotes.services import issue_quote, issuing, save_draft
from tests.clients.factories import ClientFactory
from tests.helpers import london


def other_connection():
    db = settings.DATABASES["default"]
    return psycopg2.connect(
        dbname=connection.settings_dict["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432
    )


def stored_text(quote: Quote) -> str:
    with default_storage.open(quote.pdf.name, "rb") as f:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(f.read())).pages)


@pytest.fixture
def renders(monkeypatch):
    """Every render's quote number, with a hook that runs first (as a concurrent issue would)."""
    calls, real = [], issuing.render_quote_pdf
    hooks = []

    def render(quote):
        calls.append(quote.number)
        for hook in hooks:
            hook(quote)
        return real(quote)

    monkeypatch.setattr(issuing, "render_quote_pdf", render)
    return calls, hooks


@pytest.mark.django_db(transaction=True)
def test_the_counter_row_is_not_locked_while_the_pdf_renders(time_machine, renders):
    time_machine.move_to(london(2026, 12, 1, 10, 0), tick=False)
    QuoteCounter.objects.create(year=2026, last=0)
    calls, hooks = renders
    seen = []

    def try_the_lock(quote):
        other = other_connection()
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT last FROM quotes_quotecounter WHERE year = 2026 FOR UPDATE NOWAIT")
                seen.append("free")
        except psycopg2.errors.LockNotAvailable:
            seen.append("locked")
        finally:
            other.close()

    hooks.append(try_the_lock)
    quote = issue_quote(quote_id=save_draft(client=ClientFactory(), treatment_type="crown").pk)
    assert (quote.number, calls, seen) == ("Q-2026-0001", ["Q-2026-0001"], ["free"])
    assert "Q-2026-0001" in stored_text(quote)


@pytest.mark.django_db(transaction=True)
def test_a_number_taken_meanwhile_is_rendered_again_with_the_quotes_own(time_machine, renders):
    time_machine.move_to(london(2026, 12, 1, 10, 0), tick=False)
    QuoteCounter.objects.create(year=2026, last=0)
    calls, hooks = renders

    def another_issue_is_quicker(quote):
        if len(calls) == 1:
            other = other_connection()
            with other, other.cursor() as cursor:  # commits on leaving
                cursor.execute("UPDATE quotes_quotecounter SET last = last + 1 WHERE year = 2026")
            other.close()

    hooks.append(another_issue_is_quicker)
    quote = issue_quote(quote_id=save_draft(client=ClientFactory(), treatment_type="crown").pk)
    assert quote.number == "Q-2026-0002"
    assert calls == ["Q-2026-0001", "Q-2026-0002"]
    text = stored_text(quote)
    assert "Q-2026-0002" in text and "Q-2026-0001" not in text


@pytest.fixture
def year_2031():
    """A year no other test issues in, with no file left at its first number (the test media are kept)."""
    name = "quotes/2031/Q-2031-0001.pdf"
    default_storage.delete(name)
    yield
    default_storage.delete(name)


@pytest.mark.django_db
def test_a_rolled_back_issue_leaves_no_file(time_machine, year_2031, django_capture_on_commit_callbacks):
    time_machine.move_to(london(2031, 12, 1, 10, 0), tick=False)
    draft = save_draft(client=ClientFactory(), treatment_type="crown")
    names = []
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        names.append(issue_quote(quote_id=draft.pk).pdf.name)
        raise RuntimeError("something after the issue failed")
    assert names and not default_storage.exists(names[0])
    assert Quote.objects.get(pk=draft.pk).status == Quote.Status.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        quote = issue_quote(quote_id=draft.pk)
    assert default_storage.exists(quote.pdf.name)
