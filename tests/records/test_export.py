"""UK GDPR export: a manager downloads a ZIP with everything held and the stored quote PDFs."""

import hashlib
import io
import json
import zipfile

import pytest
from django.urls import reverse

from clients.models import PrivacyAction

pytestmark = pytest.mark.django_db


def download(client, world, who="manager"):
    client.force_login(world["users"][who])
    return client.post(reverse("records:export", args=[world["client"].pk]))


def test_zip_holds_everything_and_the_stored_pdf(client, world):
    response = download(client, world)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"client-{world['client'].pk}-" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    quote = world["quote"]
    assert sorted(archive.namelist()) == ["client.json", f"quotes/{quote.number}.pdf"]
    pdf = archive.read(f"quotes/{quote.number}.pdf")
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == quote.pdf_sha256
    data = json.loads(archive.read("client.json"))
    assert data["client"]["full_name"] == "Jamie Walsh" and data["client"]["date_of_birth"] == "1985-03-14"
    assert data["client"]["address"] == "4 Park Road\nLeeds LS1 2AB"
    assert data["consents"][0]["typed_name"] == "Jamie Walsh"
    assert data["screenings"][0]["answers"] and all(v is False for v in data["screenings"][0]["answers"].values())
    assert [n["notes"] for n in data["session_notes"]] == ["Keloid risk watch"]
    assert {a["id"] for a in data["appointments"]} == {world["session"].pk, world["consultation"].pk}
    assert data["appointments"][0]["booked_name"] in ("", "Jamie T Walsh")
    assert [p["id"] for p in data["treatment_plans"]] == [world["plan"].pk]
    [q] = data["quotes"]
    assert q["number"] == quote.number and q["total"] == str(quote.total) and q["lines"]
    assert {r["kind"] for r in data["reminders"]} >= {"booking_confirmed", "session"}
    assert data["history"]["client"] and data["history"]["appointment"] and data["history"]["session_note"]
    assert data["files"] == [
        {
            "quote": quote.number,
            "file": f"quotes/{quote.number}.pdf",
            "sha256": quote.pdf_sha256,
            "sha256_matches": True,
        }
    ]
    assert world["other_client"].full_name not in archive.read("client.json").decode()


def test_download_is_recorded(client, world):
    download(client, world)
    action = PrivacyAction.objects.get(client=world["client"])
    assert action.kind == "export" and action.by == world["users"]["manager"]
    html = client.get(reverse("records:client_audit", args=[world["client"].pk])).content.decode()
    assert "Data export downloaded" in html


def test_a_missing_stored_pdf_is_reported_not_fatal(client, world):
    world["quote"].pdf.storage.delete(world["quote"].pdf.name)
    response = download(client, world)
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("client.json"))
    assert data["files"][0]["note"] == "the stored file is missing"


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff", 403), ("artist", 404), ("other_artist", 404), ("owner", 404), ("other_client", 404)],
)
def test_non_managers_cannot_export(client, world, who, status):
    assert download(client, world, who).status_code == status
    assert not PrivacyAction.objects.exists()


def test_export_is_post_only(client, world):
    client.force_login(world["users"]["manager"])
    assert client.get(reverse("records:export", args=[world["client"].pk])).status_code == 405
