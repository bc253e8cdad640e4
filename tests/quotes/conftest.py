"""Fixtures for the quote tests."""

import pytest

from tests.clients.factories import ClientFactory


@pytest.fixture
def client_record():
    return ClientFactory(full_name="Jamie Walsh", address="4 Park Road\nLeeds LS1 2AB")
