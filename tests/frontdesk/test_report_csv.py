"""Every table on the reports page downloads as CSV (text/csv, the table's rows), and its chart is SVG drawn
with attributes and classes only (the CSP allows no inline style)."""

import csv
import io
import re

import pytest

from clinic.users import roles
from frontdesk.reports.charts import BAR_SPACE
from tests.bookings.factories import ArtistFactory
from tests.clients.factories import ClientFactory
from tests.frontdesk.report_data import consult, quote
from tests.helpers import london, text, user_with

pytestmark = pytest.mark.django_db
REPORTS = "/staff/reports/"


@pytest.fixture
def manager(client, frozen, consultation, session_services, policy):
    client.force_login(user_with(roles.STAFF, roles.MANAGER))
    sam = ArtistFactory(display_name="Sam Okafor")
    for n, day in enumerate((2, 3, 4)):
        who = ClientFactory(full_name=f"Client {n}")
        consult(artist=sam, client=who, start=london(2026, 11, day, 10, 0), booked=london(2026, 10, 28, 10, 0))
        quote(client=who, issued_at=london(2026, 11, day, 12, 0), total="1800.00")
    return sam


def table_rows(page: str, key: str) -> list[list[str]]:
    table = page.split(f'id="table-{key}"')[1].split("</table>")[0]
    head = [text(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", table)]
    body = table.split("<tbody>")[1]
    rows = [
        [text(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]
    return [head, *rows]


def download(client, key: str, **params) -> tuple[str, list[list[str]]]:
    response = client.get(REPORTS, {**params, "csv": key})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="{key}-')
    return response, list(csv.reader(io.StringIO(response.content.decode())))


def comparable(cell: str) -> str:
    """A page cell as the CSV holds it: no £, % or thousands commas; '–' is empty."""
    return "" if cell == "–" else cell.replace("£", "").replace(",", "").removesuffix("%")


def test_the_funnel_csv_matches_its_table(client, manager):
    page = client.get(REPORTS).content.decode()
    shown = table_rows(page, "funnel")
    _, rows = download(client, "funnel")
    assert rows[0] == ["Step", "Clients", "From the step before (%)", "Dropped off", "Median days from the step before"]
    assert shown[0] == [h.removesuffix(" (%)") for h in rows[0]]
    assert [[comparable(c) for c in row] for row in shown[1:]] == rows[1:]
    assert rows[1] == ["Consultation booked", "3", "", "", ""]
    assert rows[3] == ["Quoted", "3", "100.0", "0", "0.1"]


def test_reports_are_read_only_and_never_stored(client, manager):
    assert client.post(REPORTS).status_code == 405
    assert client.get(REPORTS)["Cache-Control"] == "no-store, private"
    assert client.get(REPORTS, {"csv": "funnel"})["Cache-Control"] == "no-store, private"


def test_the_links_keep_the_period_and_artist(client, manager):
    page = client.get(REPORTS, {"preset": "last_month", "artist": manager.pk}).content.decode()
    assert f'href="?preset=last_month&amp;artist={manager.pk}&amp;csv=funnel"' in page
    _, rows = download(client, "funnel", preset="last_month")
    assert rows[1][1] == "0"  # October: nobody


def test_charts_are_svg_with_attributes_and_classes_only(client, manager):
    page = client.get(REPORTS).content.decode()
    assert "style=" not in page and "<style" not in page
    svg = page.split('id="chart-funnel"')[1].split("</svg>")[0]
    assert 'role="img"' in page.split('id="chart-funnel"')[0].rsplit("<svg", 1)[1]
    assert "<title" in svg and "Journey funnel" in svg
    bars = re.findall(r'<rect class="bar bar-0" x="(\d+)" y="(\d+)" width="([\d.]+)" height="(\d+)">', svg)
    assert len(bars) == 7
    assert float(bars[0][2]) == BAR_SPACE and float(bars[-1][2]) == 0.0  # the biggest is the widest
