"""Role checks read a user's groups once (clinic/users/roles.py), and a change to those groups is seen at once."""

import pytest
from django.contrib.auth.models import Group

from clinic.users import roles
from tests.helpers import user_with

pytestmark = pytest.mark.django_db


def test_every_role_check_of_a_user_reads_the_groups_once(django_assert_num_queries):
    user = user_with(roles.STAFF, roles.MANAGER)
    with django_assert_num_queries(1):
        assert roles.has_role(user, roles.STAFF) and roles.has_role(user, roles.MANAGER)
        assert not roles.has_role(user, roles.ARTIST) and roles.is_staff_member(user)
    with django_assert_num_queries(1):  # the artist profile; the groups are known
        assert roles.is_team_account(user)


def test_adding_and_removing_a_group_is_seen_by_the_same_user_object():
    user = user_with(roles.CLIENT)
    assert not roles.is_staff_member(user) and not roles.is_team_account(user)
    staff = Group.objects.get_or_create(name=roles.STAFF)[0]
    user.groups.add(staff)
    assert roles.is_staff_member(user) and roles.is_team_account(user)
    user.groups.remove(staff)
    assert not roles.is_staff_member(user)
    user.groups.set([staff])
    assert roles.is_staff_member(user)
    user.groups.clear()
    assert not roles.has_role(user, roles.STAFF) and not roles.has_role(user, roles.CLIENT)
