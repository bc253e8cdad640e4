"""Money in the audit trail: ledger entries are their own record (append-only), listed with the history rows."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from clinic.users import roles
from payments.services.ledger import record_payment, record_refund, write_off
from records.audit import audit_rows, describe
from tests.clinic.factories import UserFactory
from tests.helpers import text
from tests.payments.factories import accepted_quote

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    user = UserFactory(full_name="Morgan Reid")
    user.groups.add(Group.objects.get(name=roles.STAFF), Group.objects.get(name=roles.MANAGER))
    client.force_login(user)
    return user


def test_ledger_entries_are_in_the_trail_with_who_what_and_why(client, manager, frozen):
    quote = accepted_quote()
    deposit = record_payment(
        quote_id=quote.pk, amount="220", method="card_desk", kind="deposit", reference="TERM-5", by=manager
    ).entry
    record_refund(payment_id=deposit.pk, amount="20", by=manager, note="Parking refund")
    write_off(quote_id=quote.pk, amount="30", reason="Goodwill", by=manager)
    html = text(client.get(reverse("records:client_audit", args=[quote.client_id])).content.decode())
    assert f"Deposit on quote {quote.number} (R-2026-0001)" in html and "TERM-5" in html
    assert f"Refund on quote {quote.number} (R-2026-0002)" in html and "Parking refund" in html
    assert "Refunds</strong>: — → R-2026-0001" in html
    assert f"Write-off on quote {quote.number}" in html and "Goodwill" in html and "Manager: Morgan Reid" in html
    only = client.get(reverse("records:audit_trail"), {"kind": "ledger"})
    assert only.status_code == 200
    entries = describe(list(audit_rows(kind="ledger")))
    assert [e.title.split(" on ")[0] for e in entries] == ["Write-off", "Refund", "Deposit"]
    assert all(e.kind == "ledger" for e in entries)
    everything = describe(list(audit_rows(client_id=quote.client_id)))
    assert {"ledger", "quote"} <= {e.kind for e in everything}  # with the history rows, newest first
    assert [e.when for e in everything] == sorted((e.when for e in everything), reverse=True)
