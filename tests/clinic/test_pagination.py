"""A first page and the count of all rows in one query (clinic/pagination.py), Django's paging otherwise."""

import pytest
from django.urls import reverse

from clients.models import Client
from clinic import pagination
from tests.clients.factories import ClientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clients():
    return [ClientFactory(full_name=f"Client {n:02}") for n in range(7)]


def ordered():
    return Client.objects.order_by("full_name", "pk")


@pytest.mark.parametrize("number", [None, "", "1", 1])
def test_the_first_page_and_the_count_in_one_query(clients, number, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = pagination.get_page(ordered(), number, 3)
        assert [c.full_name for c in page] == ["Client 00", "Client 01", "Client 02"]
        assert page.paginator.count == 7 and page.paginator.num_pages == 3
        assert page.number == 1 and page.has_next() and not page.has_previous()


def test_later_pages_and_bad_numbers_as_django_pages_them(clients):
    assert [c.full_name for c in pagination.get_page(ordered(), "3", 3)] == ["Client 06"]
    assert pagination.get_page(ordered(), "99", 3).number == 3  # past the end: the last page
    assert pagination.get_page(ordered(), "abc", 3).number == 1
    assert pagination.get_page(ordered(), "-2", 3).number == 3  # Django's get_page: the last page


def test_nothing_found():
    page = pagination.get_page(ordered(), None, 3)
    assert list(page) == [] and page.paginator.count == 0 and page.number == 1 and not page.has_other_pages()


def test_the_client_search_pages_its_matches(client, clients):
    from clinic.users import roles
    from tests.helpers import user_with

    client.force_login(user_with(roles.STAFF))
    response = client.get("/staff/clients/", {"q": "client"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 7 and len(response.context["page"]) == 7
    first = clients[0]
    row = f'<a href="{reverse("records:client", args=[first.pk])}">{first.full_name}</a>'
    assert row in response.content.decode()
    assert f"<td>{first.get_concern_display()}</td>" in response.content.decode()
    assert first.concern_label == first.get_concern_display()
