import pytest
from django.contrib.auth.models import Group

from clinic.users import roles
from tests.factories import ArtistFactory, UserFactory

PASSWORD = "correct-horse-battery-42"


def in_group(user, name: str):
    user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


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


def log_in(client, email: str, password: str = PASSWORD, *, ip: str = "10.0.0.1", url: str = "/accounts/login/"):
    return client.post(url, {"username": email, "password": password}, REMOTE_ADDR=ip)


def logged_in_as(client):
    return client.session.get("_auth_user_id")
