"""Drafts priced from the list, gapless numbering under concurrency, and the PDF itself."""

import io
import threading
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from pypdf import PdfReader

from quotes.models import PriceExtra, Quote, QuoteCounter
from quotes.services import QuoteError, issue_quote, save_draft
from tests.clients.factories import ClientFactory
from tests.clinic.factories import UserFactory
from tests.helpers import london
from tests.quotes.factories import issued

pytestmark = pytest.mark.django_db


def pdf_text(quote: Quote) -> tuple[str, int]:
    quote.pdf.open("rb")
    reader = PdfReader(io.BytesIO(quote.pdf.read()))
    quote.pdf.close()
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


@pytest.fixture
def manager():
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="override_price_band"))
    return user


def test_draft_is_priced_from_the_list(client_record):
    quote = save_draft(client=client_record, treatment_type="full_head", extent_scale="norwood", extent_stage=6)
    assert [line.amount for line in quote.lines.all()] == [Decimal("1900.00"), Decimal("600.00")]
    assert (quote.subtotal, quote.total, quote.deposit) == (Decimal("2500.00"), Decimal("2500.00"), Decimal("500.00"))


def test_scars_and_female_density_are_priced_from_the_shared_names(client_record):
    scars = save_draft(client=client_record, treatment_type="scar", extent_scale="area", extent_stage=3)
    assert [(line.description, line.amount) for line in scars.lines.all()] == [
        ("Scar camouflage SMP treatment (3 sessions and 30-day aftercare; priced after assessment)", Decimal("900.00")),
        ("Extent: Scars / areas 3", Decimal("300.00")),
    ]
    density = save_draft(client=client_record, treatment_type="female_density", extent_scale="ludwig", extent_stage=2)
    assert [line.amount for line in density.lines.all()] == [Decimal("1000.00"), Decimal("200.00")]
    assert density.lines.first().description.startswith("Female density SMP treatment")


def test_fourth_session_and_extras_and_the_band(client_record):
    top_up = PriceExtra.objects.get(code="top-up")
    quote = save_draft(
        client=client_record,
        treatment_type="full_head",
        session_count=4,
        extent_scale="norwood",
        extent_stage=7,
        extras=[top_up],
    )
    assert quote.computed_subtotal == Decimal("3250.00")  # 1900 + 800 + 250 + 300
    assert quote.subtotal == Decimal("3000.00")  # clamped to the ceiling


def test_vat_when_registered(client_record, settings):
    settings.VAT_REGISTERED = True
    quote = save_draft(client=client_record, treatment_type="crown")
    assert (quote.vat_amount, quote.total, quote.deposit) == (Decimal("220.00"), Decimal("1320.00"), Decimal("264.00"))


def test_a_price_outside_the_band_needs_a_manager_and_a_reason(client_record, manager):
    staff = UserFactory()
    with pytest.raises(QuoteError, match="only a manager"):
        save_draft(
            client=client_record,
            treatment_type="scar",
            manual_subtotal=Decimal("600"),
            override_reason="small",
            by=staff,
        )
    with pytest.raises(QuoteError, match="Say why"):
        save_draft(client=client_record, treatment_type="scar", manual_subtotal=Decimal("600"), by=manager)
    quote = save_draft(
        client=client_record,
        treatment_type="scar",
        manual_subtotal=Decimal("600"),
        override_reason="One 2 cm scar",
        by=manager,
    )
    assert (quote.subtotal, quote.override_by) == (Decimal("600.00"), manager)


def test_issuing_numbers_dates_and_freezes(client_record, time_machine):
    time_machine.move_to(london(2026, 12, 1, 10, 0), tick=False)
    first = issue_quote(quote_id=save_draft(client=client_record, treatment_type="crown").pk)
    second = issue_quote(quote_id=save_draft(client=client_record, treatment_type="hairline").pk)
    assert (first.number, second.number) == ("Q-2026-0001", "Q-2026-0002")
    assert first.valid_until.isoformat() == "2026-12-31"
    with pytest.raises(QuoteError, match="already issued"):
        issue_quote(quote_id=first.pk)
    with pytest.raises(QuoteError, match="can't be edited"):
        save_draft(client=client_record, treatment_type="crown", quote=first)
    time_machine.move_to(london(2027, 1, 1, 9, 0), tick=False)
    assert issue_quote(quote_id=save_draft(client=client_record, treatment_type="crown").pk).number == "Q-2027-0001"


def test_the_pdf_shows_exactly_what_was_computed(client_record, time_machine):
    time_machine.move_to(london(2026, 12, 1, 10, 0), tick=False)
    quote = issued(
        quote_id=save_draft(client=client_record, treatment_type="full_head", extent_scale="norwood", extent_stage=5).pk
    )
    text, pages = pdf_text(quote)
    for expected in ("Q-2026-0001", "Jamie Walsh", "£2,300.00", "£460.00", "31 December 2026", "not VAT registered"):
        assert expected in text, expected
    assert pages == 1
    quote.pdf.open("rb")
    stored = quote.pdf.read()
    quote.pdf.close()
    import hashlib

    assert hashlib.sha256(stored).hexdigest() == quote.pdf_sha256  # stored once; re-downloads are these bytes


def test_a_long_quote_has_page_numbers(client_record):
    extras = [PriceExtra.objects.create(code=f"x{n}", name=f"Extra item {n}", price=Decimal("1.00")) for n in range(45)]
    quote = issued(quote_id=save_draft(client=client_record, treatment_type="crown", extras=extras).pk)
    text, pages = pdf_text(quote)
    assert pages >= 2
    assert "Page 1 of" in text and f"Page {pages} of {pages}" in text


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("counter_exists", [False, True], ids=["first-of-the-year", "counter-row-exists"])
def test_concurrent_issuing_gives_gapless_unique_numbers(time_machine, counter_exists):
    """Eight issues at once, each in its own thread and connection, for eight different clients.

    Different clients matter: issuing locks the quote row together with its client's row, so drafts of one
    client would take turns there and never race for the counter. With the counter row already there, nothing
    but the counter's row lock keeps two issues from reading the same last number.
    """
    time_machine.move_to(london(2026, 12, 1, 10, 0), tick=True)
    if counter_exists:
        QuoteCounter.objects.create(year=2026, last=0)
    drafts = [save_draft(client=ClientFactory(), treatment_type="crown").pk for _ in range(8)]
    barrier = threading.Barrier(len(drafts))
    numbers, errors, backends = [], [], set()

    def issue(pk):
        try:
            barrier.wait(timeout=30)
            numbers.append(issue_quote(quote_id=pk).number)
            backends.add(connection.connection.info.backend_pid)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(pk,)) for pk in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert len(backends) == len(drafts)  # one database connection per thread
    assert sorted(numbers) == [f"Q-2026-{n:04d}" for n in range(1, 9)]
    assert QuoteCounter.objects.get(year=2026).last == 8


def test_the_pdf_embeds_its_fonts(client_record):
    quote = issued(quote_id=save_draft(client=client_record, treatment_type="crown").pk)
    quote.pdf.open("rb")
    reader = PdfReader(io.BytesIO(quote.pdf.read()))
    quote.pdf.close()
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        descriptor = (
            font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        ).get_object()
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
