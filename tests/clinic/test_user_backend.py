"""The signed-in user is loaded with what every team page asks of them in one query (clinic/users/backends.py)."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.models import Group, Permission
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.access import artist_of
from clinic.users import backends, roles
from tests.bookings.factories import ArtistFactory
from tests.helpers import user_with

pytestmark = pytest.mark.django_db


def test_one_query_brings_the_user_their_roles_device_and_artist(django_assert_num_queries):
    user = user_with(roles.ARTIST, roles.STAFF)
    artist = ArtistFactory(user=user)
    permission = Permission.objects.get(codename="change_bookingpolicy")
    user.user_permissions.add(permission)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    with django_assert_num_queries(1):
        loaded = backends.UserBackend().get_user(user.pk)
        assert loaded == user and loaded.email == user.email
        assert roles.group_names(loaded) == {roles.ARTIST, roles.STAFF}
        assert roles.own_permission_ids(loaded) == {permission.pk}
        assert roles.has_confirmed_device(loaded)
        assert artist_of(loaded) == artist and artist_of(loaded).user is loaded
        assert roles.is_team_account(loaded)


def test_a_user_without_an_artist_profile_or_device(django_assert_num_queries):
    user = user_with(roles.CLIENT)
    TOTPDevice.objects.create(user=user, name="app", confirmed=False)  # enrolment started, never confirmed
    with django_assert_num_queries(1):
        loaded = backends.UserBackend().get_user(user.pk)
        assert artist_of(loaded) is None and not hasattr(loaded, "artist")
        assert roles.group_names(loaded) == {roles.CLIENT} and not roles.own_permission_ids(loaded)
        assert not roles.has_confirmed_device(loaded) and not roles.is_team_account(loaded)


def test_no_user_for_an_unknown_id_a_malformed_one_or_a_deactivated_account():
    backend = backends.UserBackend()
    assert backend.get_user(987654) is None
    assert backend.get_user("not-a-number") is None
    user = user_with(roles.STAFF, is_active=False)
    assert backend.get_user(user.pk) is None
    assert backends.load_user(user.pk).is_active is False  # loaded, refused by user_can_authenticate


def test_a_group_change_is_seen_by_the_loaded_user_object():
    user = backends.load_user(user_with(roles.CLIENT).pk)
    user.groups.add(Group.objects.get_or_create(name=roles.STAFF)[0])
    assert roles.is_staff_member(user)
    user.groups.clear()
    assert not roles.is_staff_member(user)
    user.user_permissions.add(Permission.objects.get(codename="change_bookingpolicy"))
    assert roles.own_permission_ids(user)


def test_a_session_signed_in_before_this_backend_stays_signed_in(client):
    user = user_with(roles.STAFF)
    client.force_login(user)
    session = client.session
    session[BACKEND_SESSION_KEY] = backends.DJANGO_PATH
    session.save()
    assert client.get("/staff/").status_code == 200
    assert client.session[BACKEND_SESSION_KEY] == backends.PATH


def test_a_login_is_recorded_under_this_backend(client):
    client.force_login(user_with(roles.STAFF))
    assert client.session[BACKEND_SESSION_KEY] == backends.PATH
