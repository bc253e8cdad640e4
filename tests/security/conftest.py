import pytest

from clinic.users import roles
from tests.bookings.factories import ArtistFactory
from tests.clinic.factories import UserFactory
from tests.helpers import PASSWORD, in_group


@pytest.fixture
def staff_user(db):
    return in_group(UserFactory(email="reception@example.com", password=PASSWORD), roles.STAFF)


@pytest.fixture
def artist_user(db):
    user = in_group(UserFactory(email="artist@example.com", password=PASSWORD), roles.ARTIST)
    ArtistFactory(user=user)
    return user


@pytest.fixture
def client_user(db):
    return in_group(UserFactory(email="client@example.com", password=PASSWORD), roles.CLIENT)


@pytest.fixture
def admin_user(db):
    return UserFactory(email="boss@example.com", password=PASSWORD, is_staff=True, is_superuser=True)
