"""Helpers for the quote tests: team members by role, the quote link in an e-mail."""

import re

from django.contrib.auth.models import Group

from tests.clinic.factories import UserFactory


def user_with(role):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


def link_in(message) -> str:
    return re.search(r"http://testserver(/q/\S+/)", message.body).group(1)
