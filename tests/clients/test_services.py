import threading

import pytest
from django.db import IntegrityError, connection, transaction

from clients.models import Client
from clients.services import ClientDetails, upsert_client
from tests.clients.factories import ClientFactory

pytestmark = pytest.mark.django_db


def test_email_is_unique_regardless_of_case_in_the_database():
    ClientFactory(email="Sam@Example.com")
    with pytest.raises(IntegrityError, match="clients_client_email_ci_unique"), transaction.atomic():
        ClientFactory(email="sam@example.COM")


def test_upsert_finds_existing_client(details):
    first = upsert_client(details=details)
    second = upsert_client(details=ClientDetails(full_name="X", email=" ALEX@example.com ", phone="+447911000000"))
    assert first.pk == second.pk
    assert Client.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_bookings_by_one_person_create_one_client():
    barrier = threading.Barrier(8)
    errors = []

    def attempt():
        try:
            barrier.wait(timeout=10)
            upsert_client(details=ClientDetails(full_name="Kim", email="kim@example.com", phone="+447911123456"))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    assert Client.objects.filter(email__iexact="kim@example.com").count() == 1
