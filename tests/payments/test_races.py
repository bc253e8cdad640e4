"""Races on the real PostgreSQL: receipt numbers stay gapless when many payments commit at once, and two
members of staff refunding one payment from the desk form at the same instant refund it once (over real HTTP)."""

import re
import threading

import pytest
import requests
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client as DjangoClient
from django.urls import reverse

from clinic.users import roles
from payments.models import LedgerEntry, Receipt
from payments.selectors import balance_of
from payments.services.ledger import record_payment
from tests.clinic.factories import UserFactory
from tests.payments.factories import accepted_quote
from tests.race.test_booking_race import TIME_LIMIT, run_together

pytestmark = pytest.mark.django_db(transaction=True)


def test_receipt_numbers_are_gapless_when_payments_on_many_quotes_commit_at_once(time_machine):
    from tests.helpers import london

    time_machine.move_to(london(2026, 12, 1, 10, 0), tick=True)
    quotes = [accepted_quote() for _ in range(6)]
    barrier = threading.Barrier(len(quotes) + 1, timeout=TIME_LIMIT)
    errors = []

    def pay(quote, fail):
        try:
            barrier.wait()
            with transaction.atomic():
                record_payment(quote_id=quote.pk, amount="100", method="cash")
                if fail:  # a payment rolled back after taking its number gives the number back
                    raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=pay, args=(q, i == 2)) for i, q in enumerate(quotes)]
    threads.append(threading.Thread(target=pay, args=(quotes[0], False)))  # two on one quote
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIME_LIMIT)
    assert errors == []
    numbers = list(Receipt.objects.order_by("sequence").values_list("number", flat=True))
    assert numbers == [f"R-2026-{n:04d}" for n in range(1, 7)]  # 7 payments, one rolled back: 6, no gap
    assert LedgerEntry.objects.count() == 6


def logged_in(user) -> requests.Session:
    django_client = DjangoClient()
    django_client.force_login(user)
    session = requests.Session()
    session.cookies.set("sessionid", django_client.cookies["sessionid"].value)
    return session


def test_two_staff_refunding_one_payment_at_once_from_the_form_refund_it_once(bounded_live_server):
    quote = accepted_quote()
    payment = record_payment(quote_id=quote.pk, amount="220", method="card_desk", kind="deposit").entry
    staff = []
    for _ in range(2):
        user = UserFactory()
        user.groups.add(Group.objects.get(name=roles.STAFF))
        staff.append(user)
    url = bounded_live_server.url + reverse("payments:refund_new", args=[payment.pk])

    def prepare(i):
        session = logged_in(staff[i])
        page = session.get(url, timeout=TIME_LIMIT)
        assert page.status_code == 200
        fields = dict(re.findall(r'name="(csrfmiddlewaretoken|idempotency_key)" value="([^"]+)"', page.text))
        return session, fields

    def send(i, prepared):
        session, fields = prepared
        with session:
            response = session.post(
                url,
                data=fields | {"amount": "220", "reference": "", "note": f"refund by {i}"},
                headers={"Referer": url},
                allow_redirects=False,
                timeout=TIME_LIMIT,
            )
            return response.status_code, response.text

    results = run_together(2, prepare, send)
    assert sorted(status for status, _ in results) == [302, 422], results
    (refused,) = [body for status, body in results if status == 422]
    assert "That deposit has been refunded in full already." in refused
    assert LedgerEntry.objects.filter(kind="refund").count() == 1
    assert balance_of(quote).refunded == payment.amount
