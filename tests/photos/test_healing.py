"""Healing photos: the client sends them from the portal during the 30-day aftercare; the artist sees them."""

import pytest
from django.urls import reverse

from photos.models import Photo
from tests.aftercare.helpers import on_day

from .images import jpeg_bytes, upload

pytestmark = pytest.mark.django_db


def test_the_client_uploads_healing_photos_and_the_artist_sees_them(
    client, aftercare_world, time_machine, django_capture_on_commit_callbacks
):
    w = aftercare_world
    schedule = w["schedule"]
    on_day(time_machine, 6)
    client.force_login(w["users"]["owner"])
    home = client.get(reverse("portal:home")).content.decode()
    url = reverse("portal:healing_photos", args=[schedule.pk])
    assert url in home
    page = client.get(url).content.decode()
    assert 'capture="environment"' in page and "gallery" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"photo_crown": upload(jpeg_bytes()), "gallery_crown": "on"})
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.purpose, photo.appointment, photo.gallery_consent) == ("healing", schedule.session, True)
    client.force_login(w["users"]["artist"])
    page = client.get(reverse("aftercare:team_schedule", args=[schedule.pk])).content.decode()
    assert reverse("photos:file", args=[photo.public_id, "thumb"]) in page
    # The client's own (public-link) schedule page does not grow the team's section.
    client.force_login(w["users"]["owner"])
    assert (
        "Healing photos from the client"
        not in client.get(reverse("portal:aftercare", args=[schedule.pk])).content.decode()
    )


def test_after_the_aftercare_no_more_healing_photos(client, aftercare_world, time_machine):
    w = aftercare_world
    on_day(time_machine, 31)
    client.force_login(w["users"]["owner"])
    url = reverse("portal:healing_photos", args=[w["schedule"].pk])
    response = client.post(url, {"photo_crown": upload(jpeg_bytes())})
    assert response.status_code == 409 and "This aftercare has ended" in response.content.decode()
    assert not Photo.objects.exists()


def test_a_bad_healing_upload_is_422_with_the_message(client, aftercare_world, time_machine):
    w = aftercare_world
    on_day(time_machine, 3)
    client.force_login(w["users"]["owner"])
    url = reverse("portal:healing_photos", args=[w["schedule"].pk])
    response = client.post(url, {"photo_back": upload(b"%PDF-1.4 not a photo", "back.jpg")})
    assert response.status_code == 422 and "not a photo we can read" in response.content.decode()


def test_another_client_can_not_open_the_healing_page(client, aftercare_world):
    client.force_login(aftercare_world["users"]["other_client"])
    assert client.get(reverse("portal:healing_photos", args=[aftercare_world["schedule"].pk])).status_code == 404
