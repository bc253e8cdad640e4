"""Sessions are Django's database sessions, read with one precompiled query (clinic/users/session_store.py)."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from clinic.users.session_store import SessionStore

pytestmark = pytest.mark.django_db


def stored(data: dict) -> str:
    session = SessionStore()
    session.update(data)
    session.save()
    return session.session_key


def test_a_stored_session_is_read_back_in_one_query(django_assert_num_queries):
    key = stored({"basket": [1, 2], "note": "ça va"})
    with django_assert_num_queries(1):
        session = SessionStore(key)
        assert session["basket"] == [1, 2] and session["note"] == "ça va"
    assert session.session_key == key


def test_an_expired_session_is_empty_and_gets_a_new_key_when_saved():
    key = stored({"basket": [1]})
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    session = SessionStore(key)
    assert "basket" not in session and session.session_key is None
    session["basket"] = [2]
    session.save()
    assert session.session_key != key and SessionStore(session.session_key)["basket"] == [2]


@pytest.mark.parametrize("key", ["x" * 32, "short", "'; DROP TABLE django_session; --" + "a" * 8, None])
def test_an_unknown_or_malformed_key_reads_an_empty_session(key, django_assert_max_num_queries):
    other = stored({"basket": [1]})
    with django_assert_max_num_queries(1):
        session = SessionStore(key)
        assert dict(session.items()) == {} and session.session_key is None
    assert SessionStore(other)["basket"] == [1]  # the key is a parameter, never SQL


def test_the_site_uses_it(client, settings):
    assert settings.SESSION_ENGINE == "clinic.users.session_store"
    client.get("/")
    assert type(client.session) is SessionStore
