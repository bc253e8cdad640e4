"""The tablet signing page (records:consent_sign), the signed PDF for the team and the client, and the flags."""

import io
from datetime import time

import pytest
from django.test import TestCase
from django.urls import reverse
from pypdf import PdfReader

from bookings.flags import flags_for
from bookings.services import create_plan, schedule_session
from clients.consent.services import sign_consent
from clients.models import ClientConsent, ConsentText
from clinic.users import roles
from records.flags import consent_flags
from tests.bookings.factories import AppointmentFactory, ArtistFactory
from tests.clients.factories import ClientFactory
from tests.clients.signatures import blank_png, data_url, drawn_png
from tests.helpers import london, user_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def text(db):
    ConsentText.objects.filter(is_current=True).update(is_current=False)
    return ConsentText.objects.create(version=3, body="I consent to SMP.", is_current=True)


@pytest.fixture
def person(db):
    return ClientFactory(full_name="Sam Lee")


def post(client, person, text, **data):
    url = reverse("records:consent_sign", args=[person.pk])
    form = {"consent_version": text.version, "method": "drawn", "typed_name": "Sam Lee"} | data
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, form, REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT="Tablet/1.0")


def test_the_page_shows_the_wording_and_a_canvas_under_the_csp(client, staff, person, text):
    html = client.get(reverse("records:consent_sign", args=[person.pk])).content.decode()
    assert "I consent to SMP." in html and "version 3" in html
    assert "data-signature-canvas" in html and 'name="signature"' in html
    assert "vendor/signature_pad/signature_pad-5.1.4.umd.min.js" in html and "js/consent-sign.js" in html
    assert "<script>" not in html and "style=" not in html  # no inline script or style
    assert 'name="id_seen"' in html and 'name="area_notes"' in html


def test_signing_drawn_then_the_client_page_links_the_pdf(client, staff, frozen, person, text):
    response = post(
        client,
        person,
        text,
        signature=data_url(drawn_png()),
        area_notes="Crown",
        hairline_notes="Soft",
        id_seen="passport",
        id_last4="9876",
    )
    assert response.status_code == 302 and response["Location"] == reverse("records:client", args=[person.pk])
    consent = ClientConsent.objects.get(client=person)
    assert (consent.method, consent.ip, consent.user_agent, consent.recorded_by) == (
        "drawn",
        "198.51.100.7",
        "Tablet/1.0",
        staff,
    )
    page = client.get(reverse("records:client", args=[person.pk])).content.decode()
    pdf_url = reverse("records:consent_pdf", args=[consent.pk])
    assert pdf_url in page and "Signed consent v3 (PDF)" in page
    download = client.get(pdf_url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "no-store" in download["Cache-Control"]
    words = PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages[0].extract_text()
    assert "Sam Lee" in words and "Passport ending 9876" in words and "Crown" in words
    again = client.get(reverse("records:consent_sign", args=[person.pk])).content.decode()
    assert "Version 3 signed by Sam Lee" in again and pdf_url in again


@pytest.mark.parametrize(
    ("signature", "message"),
    [
        ("", "The signature box is empty"),
        (data_url(blank_png()), "The signature box is empty"),
        (data_url(b"<svg></svg>", prefix="data:image/svg+xml;base64,"), "must be a PNG image"),
        (data_url(b"not a png"), "not a PNG image"),
        ("data:image/png;base64,@@@@", "could not be read"),
    ],
)
def test_a_bad_signature_is_refused_with_a_message(client, staff, person, text, signature, message):
    response = post(client, person, text, signature=signature)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert 'value="Sam Lee"' in response.content.decode()  # what was typed is kept
    assert not ClientConsent.objects.exists()


def test_an_oversized_signature_is_refused(client, staff, person, text, settings):
    settings.CONSENT_SIGNATURE_MAX_BYTES = 2000
    response = post(client, person, text, signature=data_url(drawn_png() + b"\0" * 3000))
    assert response.status_code == 422 and "too large" in response.content.decode()


def test_a_typed_name_alone_and_a_wrong_name(client, staff, person, text):
    response = post(client, person, text, method="typed", typed_name="Someone Else")
    assert response.status_code == 422 and "exactly as: Sam Lee" in response.content.decode()
    assert post(client, person, text, method="typed").status_code == 302
    assert ClientConsent.objects.get().method == "typed"


def test_wording_changed_while_the_page_was_open(client, staff, person, text):
    response = post(client, person, text, method="typed", consent_version=2)
    assert response.status_code == 422 and "wording has changed" in response.content.decode()


def test_signed_already_or_nothing_to_sign(client, staff, person, text):
    assert post(client, person, text, method="typed").status_code == 302
    assert post(client, person, text, method="typed").status_code == 409
    ConsentText.objects.update(is_current=False)
    html = client.get(reverse("records:consent_sign", args=[person.pk])).content.decode()
    assert "No consent wording is published yet" in html


def test_the_artist_present_is_recorded(client, consultation, policy, person, text):
    artist = ArtistFactory(display_name="Priya Shah", user=user_with(roles.ARTIST))
    AppointmentFactory(artist=artist, client=person, start=london(2026, 12, 2, 10, 0))
    client.force_login(artist.user)
    assert post(client, person, text, method="typed").status_code == 302
    assert ClientConsent.objects.get().artist_name == "Priya Shah"


def test_forwarded_for_is_trusted_only_behind_the_configured_proxies(client, staff, person, text, settings):
    url = reverse("records:consent_sign", args=[person.pk])
    form = {"consent_version": 3, "method": "typed", "typed_name": "Sam Lee"}
    settings.TRUSTED_PROXY_COUNT = 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(url, form, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.50")
    assert ClientConsent.objects.get().ip == "203.0.113.50"


def test_the_client_downloads_their_own_from_the_portal(client, frozen, person, text):
    with TestCase.captureOnCommitCallbacks(execute=True):
        consent = sign_consent(client=person, consent_text=text, method="typed", typed_name="Sam Lee")
    person.user = user_with(roles.CLIENT)
    person.save()
    client.force_login(person.user)
    home = client.get(reverse("portal:home")).content.decode()
    url = reverse("portal:consent_pdf", args=[consent.pk])
    assert url in home
    response = client.get(url)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    other = ClientFactory(user=user_with(roles.CLIENT))
    client.force_login(other.user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("records:consent_pdf", args=[consent.pk])).status_code == 404


def test_a_confirmation_without_pdf_is_404_not_500(client, staff, eligible_client):
    consent = eligible_client.consents.get()  # record_consent: typed, before signed PDFs
    assert client.get(reverse("records:consent_pdf", args=[consent.pk])).status_code == 404


def test_consent_flags_on_consultations_and_session_one(
    frozen,
    consultation,
    policy,
    session_services,
    spacing,
    eligible_client,
    person,
    text,
    django_assert_max_num_queries,
):
    artist = ArtistFactory(hours={d: [(time(9), time(18))] for d in range(6)})
    ConsentText.objects.update(is_current=False)
    ConsentText.objects.filter(version=1).update(is_current=True)  # the eligible client's signed version
    plan = create_plan(client=eligible_client, artist=artist, treatment_type="crown")
    first = schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0)).appointment
    visits = [AppointmentFactory(client=ClientFactory(), start=london(2026, 12, 2, 10 + n, 0)) for n in range(3)]
    with django_assert_max_num_queries(4):
        flags = consent_flags([first, *visits])  # the consent provider alone: its own queries
    assert [f.text for f in flags[first.pk]] == ["Consent signed"]
    assert [f.key for f in flags_for([first, *visits])[visits[0].pk]].count("consent") == 1  # and it is registered
    todo = flags[visits[0].pk][0]
    assert (todo.text, todo.tone, todo.url) == (
        "Consent to sign",
        "todo",
        reverse("records:consent_sign", args=[visits[0].client_id]),
    )


def test_patch_test_flag_on_session_one(frozen, consultation, policy, session_services, spacing, eligible_client):
    from clients.models import PatchTest

    artist = ArtistFactory(hours={d: [(time(9), time(18))] for d in range(6)})
    plan = create_plan(client=eligible_client, artist=artist, treatment_type="crown")
    first = schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0)).appointment
    texts = lambda: [f.text for f in flags_for([first])[first.pk]]  # noqa: E731
    assert "Patch test: due" not in texts()  # not required, none done: nothing said
    policy.patch_test_required = True
    policy.save()
    assert "Patch test: due" in texts()
    PatchTest.objects.create(
        client=eligible_client, done_on=london(2026, 11, 20, 9, 0).date(), site="Ear", pigment="S3"
    )
    assert "Patch test: pending" in texts()
    PatchTest.objects.update(result="no_reaction", reviewed_on=london(2026, 11, 27, 9, 0).date())
    assert "Patch test: clear" in texts()
