"""A client without an e-mail address through the UK GDPR export and erasure."""

import io
import json
import zipfile

import pytest

from records.erasure import erase_client
from records.export import export_client
from tests.clients.factories import ClientFactory

pytestmark = pytest.mark.django_db


def test_export_and_erasure_of_a_client_without_email():
    record = ClientFactory(full_name="Jo Bright", email="", phone="+447911123459")
    other = ClientFactory(full_name="Kim Ash", email="", phone="+447911123460")
    archive = zipfile.ZipFile(io.BytesIO(export_client(client=record, by=None)))
    data = json.loads(archive.read("client.json"))
    assert data["client"]["email"] == "" and data["client"]["phone"] == "+447911123459"
    erase_client(client_id=record.pk, by=None, confirmation=f"ERASE {record.pk}", reason="request 7")
    record.refresh_from_db()
    assert record.email == f"erased-{record.pk}@erased.invalid" and record.phone != "+447911123459"
    other.refresh_from_db()
    assert (other.email, other.full_name) == ("", "Kim Ash")  # the other phone-only client is untouched
