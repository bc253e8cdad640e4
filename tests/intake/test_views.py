"""The client's intake pages (by the manage link's token) and the team's review with "Confirm screening"."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from bookings.services import cancel_appointment
from clients.models import ClientConsent, Screening
from intake.models import Intake
from intake.services import give_photo_consent, save_concern, save_screening_answers
from outbox.models import Reminder
from outbox.services.delivery import deliver_reminder
from photos.models import Photo
from tests.bookings.factories import ArtistFactory
from tests.helpers import london, text, user_with
from tests.intake.conftest import ALL_NO
from tests.photos.images import jpeg_bytes, upload

pytestmark = pytest.mark.django_db


def plain(response) -> str:
    """The page's words: tags dropped, entities decoded, whitespace collapsed."""
    return text(re.sub(r"<[^>]+>", " ", response.content.decode()))


def url(name, token):
    return reverse(f"intake:{name}", args=[token])


def test_the_whole_intake_step_by_step(client, booked, token):
    page = client.get(url("start", token))
    assert page.status_code == 200 and "Your intake form" in page.content.decode()
    assert page["Cache-Control"] == "no-store, private"  # health answers: no copy in any cache
    response = client.post(url("screening", token), ALL_NO)
    assert response.status_code == 302 and response["Location"] == url("concern", token)
    response = client.post(url("concern", token), {"concern": "crown", "since": "3_5", "notes": "Since my 20s"})
    assert response["Location"] == url("photos", token)
    assert client.post(url("photos", token), {"action": "consent", "photo_consent": "on"}).status_code == 302
    files = {"photo_front": upload(jpeg_bytes(), "front.jpg"), "photo_crown": upload(jpeg_bytes(), "crown.jpg")}
    response = client.post(url("photos", token), {"action": "upload", "gallery_crown": "on", **files})
    assert response.status_code == 302 and response["Location"] == url("photos", token)
    assert sorted(Photo.objects.filter(client=booked.client).values_list("angle", "gallery_consent")) == [
        ("crown", True),
        ("front", False),
    ]
    assert client.post(url("photos", token), {"action": "done"})["Location"] == url("consent", token)
    consent = client.get(url("consent", token))
    assert "consent-sign" in consent.content.decode()
    response = client.post(
        url("consent", token), {"consent_version": 1, "method": "typed", "typed_name": "Alex Morgan"}
    )
    assert response.status_code == 302 and response["Location"] == url("start", token)
    intake = Intake.objects.get(appointment=booked)
    assert (intake.status, intake.concern, intake.concern_since) == ("complete", "crown", "3_5")
    assert ClientConsent.objects.get(client=booked.client).typed_name == "Alex Morgan"
    done = client.get(url("start", token)).content.decode()
    assert "your intake form is complete" in done


def test_progress_is_kept_and_shown_again(client, booked, token):
    client.post(url("screening", token), ALL_NO | {"pregnant": "yes"})
    page = text(client.get(url("screening", token)).content.decode())
    assert 'value="yes" checked' in page.replace("  ", " ") or 'id="id_pregnant_0" value="yes" checked' in page
    assert "we'll discuss at your consultation" in page
    assert "not eligible" not in page.lower() and "postpone" not in page.lower()  # never told to the client


def test_a_missing_answer_is_a_clear_422(client, booked, token):
    answers = dict(ALL_NO)
    del answers["keloid"]
    response = client.post(url("screening", token), answers)
    assert response.status_code == 422
    assert "Please answer yes or no." in response.content.decode()
    assert Intake.objects.get(appointment=booked).status == "not_started"


def test_a_bad_concern_is_a_422_with_its_message(client, booked, token):
    response = client.post(url("concern", token), {"concern": "eyebrows", "since": ""})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Select a valid choice" in page and "Choose how long you have had it." in page


def test_photos_without_the_clinical_record_consent_are_refused(client, booked, token):
    files = {"photo_front": upload(jpeg_bytes(), "front.jpg")}
    response = client.post(url("photos", token), {"action": "upload", **files})
    assert response.status_code == 422
    assert "agree that we keep your photos in your clinical record" in text(response.content.decode())
    assert not Photo.objects.exists()


def test_a_text_file_as_a_photo_is_a_422_and_nothing_is_kept(client, booked, token):
    give_photo_consent(intake_id=booked.intake.pk)
    files = {"photo_front": upload(b"not a photo at all", "front.jpg")}
    response = client.post(url("photos", token), {"action": "upload", **files})
    assert response.status_code == 422
    assert "Front hairline:" in response.content.decode()
    assert not Photo.objects.exists()


def test_after_the_consultation_started_the_pages_are_read_only(client, booked, token, frozen):
    save_screening_answers(intake_id=booked.intake.pk, answers={})
    frozen.move_to(london(2026, 12, 3, 10, 1))
    page = client.get(url("screening", token)).content.decode()
    assert "can no longer be changed here" in text(page) and "Save and continue" not in page
    response = client.post(url("concern", token), {"concern": "crown", "since": "3_5"})
    assert response.status_code == 409
    assert Intake.objects.get(appointment=booked).concern == ""


def test_a_cancelled_consultation_says_so(client, booked, token):
    cancel_appointment(appointment_id=booked.pk)
    page = client.get(url("start", token))
    assert page.status_code == 200 and "This consultation was cancelled" in page.content.decode()
    assert client.post(url("screening", token), ALL_NO).status_code == 409


def test_a_bad_token_is_the_manage_links_invalid_page(client, booked, token):
    response = client.get(url("start", token[:-2] + "xx"))
    assert response.status_code == 404
    assert "This link isn't valid any more" in response.content.decode()


def test_next_steps_link_from_confirmation_manage_page_and_email(client, booked, token):
    intake_link = f"/bookings/{token}/intake/"
    assert intake_link in client.get(reverse("bookings:confirmed", args=[token])).content.decode()
    assert intake_link in client.get(reverse("bookings:manage", args=[token])).content.decode()
    confirmation = Reminder.objects.get(kind="booking_confirmed", subject_id=booked.pk)
    deliver_reminder(reminder_id=confirmation.pk)
    message = mail.outbox[-1]
    assert f"Fill in my intake form: http://testserver{intake_link}" in message.body
    assert f'href="http://testserver{intake_link}"' in message.alternatives[0][0]


def _confirm_post(**answers):
    return {f"q_{key}": "on" for key, yes in answers.items() if yes}


def test_staff_review_and_confirm(client, booked, artist, frozen):
    intake = save_screening_answers(intake_id=booked.intake.pk, answers={"blood_thinners": True})
    client.force_login(artist.user)
    page = plain(client.get(reverse("intake:review", args=[intake.pk])))
    assert "Provisional outcome: Eligible after a GP letter" in page
    assert "Takes blood thinners or has a bleeding disorder: needs a GP letter" in page
    response = client.post(reverse("intake:confirm", args=[intake.pk]), _confirm_post(medical_condition=True))
    assert response.status_code == 302
    screening = Screening.objects.get(client=booked.client)
    assert screening.consultation == booked and screening.recorded_by == artist.user
    page = plain(client.get(reverse("intake:review", args=[intake.pk])))
    assert "Takes blood thinners or has a bleeding disorder: client said yes, confirmed no" in page
    assert (
        "Diabetes, heart condition, high blood pressure, epilepsy or a weakened immune system: client said no, confirmed yes"
        in page
    )
    assert f"Confirmed by {artist.user.get_full_name() or artist.user.email} on 30 November 2026" in page
    assert "Confirm screening" not in page.replace("Confirm screening: it is", "")


def test_confirming_a_postponement_without_its_date_is_a_422(client, booked, artist):
    client.force_login(artist.user)
    response = client.post(reverse("intake:confirm", args=[booked.intake.pk]), _confirm_post(pregnant=True))
    assert response.status_code == 422
    assert "needs the date to review it again" in response.content.decode()
    assert not Screening.objects.filter(consultation=booked).exists()


def test_another_artist_gets_404(client, booked):
    other = ArtistFactory(user=user_with("Artist"))
    client.force_login(other.user)
    assert client.get(reverse("intake:review", args=[booked.intake.pk])).status_code == 404
    assert client.post(reverse("intake:confirm", args=[booked.intake.pk]), {}).status_code == 404


def test_a_quote_drafted_from_the_intake_takes_its_treatment(client, booked, staff):
    save_concern(intake_id=booked.intake.pk, concern="scar", since="over_10")
    page = client.get(reverse("intake:review", args=[booked.intake.pk])).content.decode()
    link = reverse("quotes:new", args=[booked.client_id]) + "?treatment_type=scar"
    assert link in page.replace("&amp;", "&")
    form = client.get(link).context["form"]
    assert form.initial["treatment_type"] == "scar"
    assert (
        client.get(reverse("quotes:new", args=[booked.client_id]) + "?treatment_type=bogus")
        .context["form"]
        .initial["treatment_type"]
        == booked.client.concern
    )


def test_saves_are_rate_limited_like_the_manage_link(client, booked, token, settings):
    settings.INTAKE_RATE_LIMIT = "1/h"
    assert client.post(url("screening", token), ALL_NO).status_code == 302
    response = client.post(url("screening", token), ALL_NO | {"keloid": "yes"})
    assert response.status_code == 429 and "Too many attempts" in response.content.decode()
    assert Intake.objects.get(appointment=booked).answers["keloid"] is False  # the refused save wrote nothing
