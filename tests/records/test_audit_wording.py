"""The audit trail reads as a manager would tell it: names, field labels, who in which role, on which page."""

import re

import pytest
from django.urls import reverse

from clinic.audit import readable_reason
from tests.helpers import london

pytestmark = pytest.mark.django_db

BOOKKEEPING = ("ID", "Public id", "Sequence", "Created at", "Updated at", "Blocked until", "Previous start", "Year")


def trail(client, world, **params) -> str:
    client.force_login(world["users"]["manager"])
    html = client.get(reverse("records:client_audit", args=[world["client"].pk]), params).content.decode()
    return re.sub(r"\s+", " ", html)


def fields_listed(html: str) -> set[str]:
    return set(re.findall(r"<strong>([^<]+)</strong>: ", html))


def test_bookkeeping_fields_are_hidden_and_labels_shown(client, world):
    html = trail(client, world)
    listed = fields_listed(html)
    assert not listed & set(BOOKKEEPING), listed & set(BOOKKEEPING)
    # verbose names, not attribute names: "Session number", never "session_number"
    assert {"Session number", "Start", "Artist", "Status"} <= listed
    assert not any("_" in name for name in listed)


def test_records_are_named_not_numbered(client, world):
    html = trail(client, world)
    session, consult = world["session"], world["consultation"]
    assert "Session 1, 1 Dec 2026 09:00 <span" in html
    assert "Free consultation, 2 Dec 2026 14:00 <span" in html
    assert "Treatment plan (Crown) <span" in html
    assert f"#{session.pk}" not in html and f"#{consult.pk}" not in html
    # the client a relation points at, by name only (not "Jamie Walsh <jamie.walsh@example.com>")
    assert "Client</strong>: — → Jamie Walsh<" in html


def test_who_says_the_role_and_the_reason_names_the_page(client, world):
    staff = world["users"]["staff"]
    staff.full_name = "Ann Lee"
    staff.save()
    c = world["client"]
    client.force_login(staff)
    response = client.post(
        reverse("clients:edit", args=[c.pk]),
        {"full_name": c.full_name, "email": c.email, "phone": "07911 123458", "concern": "crown"},
    )
    assert response.status_code == 302
    html = trail(client, world)
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", html) if "Reception: Ann Lee" in r)
    assert "On the client details page" in row
    assert "Phone</strong>: " in row
    manager = world["users"]["manager"]
    assert f"Manager: {manager}" not in html  # the manager only read the trail


def test_a_client_list_row_names_the_client(client, world):
    client.force_login(world["users"]["manager"])
    html = client.get(reverse("records:audit_trail"), {"kind": "client"}).content.decode()
    assert f'href="{reverse("records:client_audit", args=[world["client"].pk])}">Jamie Walsh</a>' in html
    assert "client #" not in html


def test_older_rows_naming_a_staff_page_by_url_read_in_words():
    assert readable_reason("Staff page bookings:plan") == "On the plan page"
    assert readable_reason("Staff page something:unknown") == "Staff page something:unknown"  # as stored
    assert readable_reason("Public booking form") == "Public booking form"


def test_twenty_five_changes_a_page(client, world, time_machine):
    c = world["client"]
    time_machine.move_to(london(2026, 12, 3, 9, 0), tick=False)
    for n in range(30):
        c.area_notes = f"edit {n}"
        c.save()
    html = trail(client, world)
    assert html.count("<strong>Area notes</strong>") == 25
    assert "Page 1 of 2" in html
