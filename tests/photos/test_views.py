"""The photo pages and the file view: who gets what (404 for everybody else), headers, messages, queries."""

import pytest
from django.urls import reverse

from bookings.services import schedule_session
from photos.models import Photo, PhotoView, Purpose
from photos.selectors import gallery_photos
from photos.services import add_photo
from tests.helpers import london

from .images import jpeg_bytes, upload

pytestmark = pytest.mark.django_db

SIZES = ("original", "display", "thumb")


@pytest.fixture
def photo(world, make_photo):
    return make_photo(client=world["client"], appointment=world["session"], angle="crown")


def file_url(photo, size):
    return reverse("photos:file", args=[photo.public_id, size])


@pytest.mark.parametrize("who", ["owner", "staff", "manager", "artist"])
def test_the_client_staff_and_the_assigned_artist_get_every_size_uncached(client, world, photo, who):
    client.force_login(world["users"][who])
    for size in SIZES:
        response = client.get(file_url(photo, size))
        assert response.status_code == 200, size
        assert response["Content-Type"] == "image/jpeg"
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


@pytest.mark.parametrize("who", ["anonymous", "other_client", "other_artist"])
def test_everybody_else_gets_404_for_every_size(client, world, photo, who):
    if who != "anonymous":
        client.force_login(world["users"][who])
    for size in SIZES:
        assert client.get(file_url(photo, size)).status_code == 404, size
    assert not PhotoView.objects.exists()


def test_unknown_sizes_and_sizes_not_made_yet_are_404(client, world, django_capture_on_commit_callbacks):
    client.force_login(world["users"]["staff"])
    with django_capture_on_commit_callbacks(execute=False):
        pending = add_photo(client=world["client"], purpose="intake", angle="top", upload=upload(jpeg_bytes()))
    assert client.get(file_url(pending, "thumb")).status_code == 404
    assert client.get(file_url(pending, "original")).status_code == 200
    assert client.get(file_url(pending, "huge")).status_code == 404


def test_a_look_by_the_team_is_recorded_and_the_clients_own_is_not(client, world, photo):
    client.force_login(world["users"]["artist"])
    client.get(file_url(photo, "display"))
    client.force_login(world["users"]["owner"])
    client.get(file_url(photo, "display"))
    (view,) = PhotoView.objects.all()
    assert (view.user, view.size, view.client_id, view.photo) == (
        world["users"]["artist"],
        "display",
        photo.client_id,
        photo,
    )


def test_media_url_serves_nothing(client, world, photo):
    client.force_login(world["users"]["staff"])
    assert client.get(f"/media/{photo.original.name}").status_code == 404
    assert client.get(f"/static/../media/{photo.original.name}").status_code == 404


def session_url(world):
    return reverse("photos:session", args=[world["session"].pk])


def test_the_artist_adds_before_photos_with_notes(client, world, django_capture_on_commit_callbacks):
    client.force_login(world["users"]["artist"])
    page = client.get(session_url(world)).content.decode()
    assert 'capture="environment"' in page and 'accept="image/*"' in page and "In good light" in page
    data = {"stage": "session_before", "photo_crown": upload(jpeg_bytes()), "notes_crown": "Shade 2, light density"}
    data["photo_front"] = upload(jpeg_bytes(), "front.png")
    with django_capture_on_commit_callbacks(execute=False):  # the task has not run: placeholders
        response = client.post(session_url(world), data)
    assert response.status_code == 302
    page = client.get(session_url(world)).content.decode()
    assert page.count("Preparing the photo") == 2 and "Shade 2, light density" in page
    crown = Photo.objects.get(angle="crown")
    assert (crown.purpose, crown.appointment, crown.uploaded_by) == (
        "session_before",
        world["session"],
        world["users"]["artist"],
    )


def test_a_text_file_renamed_jpg_is_a_422_with_the_message_and_the_good_photo_kept(client, world):
    client.force_login(world["users"]["artist"])
    data = {
        "stage": "session_after",
        "photo_top": upload(b"just some text\n" * 50, "scalp.jpg"),
        "photo_back": upload(jpeg_bytes()),
    }
    response = client.post(session_url(world), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Top: This file is not a photo we can read: send a JPEG, PNG or WebP photo." in page
    assert "1 photo added" in page
    assert list(Photo.objects.values_list("angle", "purpose")) == [("back", "session_after")]


def test_a_broken_image_and_an_empty_form_are_422_with_messages(client, world):
    client.force_login(world["users"]["staff"])
    broken = jpeg_bytes((300, 300))[:700]
    response = client.post(session_url(world), {"photo_left": upload(broken)})
    assert response.status_code == 422 and "damaged or incomplete" in response.content.decode()
    response = client.post(session_url(world), {"stage": "session_before"})
    assert response.status_code == 422 and "Choose at least one photo." in response.content.decode()
    assert not Photo.objects.exists()


def test_an_unassigned_artist_can_not_open_or_post_to_the_session_page(client, world):
    client.force_login(world["users"]["other_artist"])
    assert client.get(session_url(world)).status_code == 404
    assert client.post(session_url(world), {"photo_top": upload(jpeg_bytes())}).status_code == 404
    assert not Photo.objects.exists()


def test_the_appointment_page_flags_the_photos(client, world, make_photo):
    client.force_login(world["users"]["artist"])
    page = client.get(reverse("bookings:appointment", args=[world["session"].pk])).content.decode()
    assert "No photos yet" in page and session_url(world) in page
    make_photo(client=world["client"], appointment=world["session"])
    make_photo(client=world["client"], appointment=world["session"], angle="top")
    page = client.get(reverse("bookings:appointment", args=[world["session"].pk])).content.decode()
    assert "Photos: 2" in page
    # A consultation without photos says nothing.
    page = client.get(reverse("bookings:appointment", args=[world["consultation"].pk])).content.decode()
    assert "No photos yet" not in page


def test_the_client_page_links_to_the_photos(client, world, photo):
    client.force_login(world["users"]["staff"])
    page = client.get(reverse("records:client", args=[world["client"].pk])).content.decode()
    assert "Photos (1)" in page and reverse("photos:client", args=[world["client"].pk]) in page
    page = client.get(reverse("photos:client", args=[world["client"].pk])).content.decode()
    assert file_url(photo, "thumb") in page


def _sessions(world, count):
    plan = world["plan"]
    starts = [
        london(2026, 12, 1, 9, 0),
        london(2026, 12, 11, 9, 0),
        london(2027, 1, 12, 9, 0),
        london(2027, 2, 22, 9, 0),
    ]
    sessions = [world["session"]]
    if count == 4:
        plan.session_count = 4
        plan.fourth_session_reason = "Alopecia: a fourth layer"
        plan.save()
    for number in range(2, count + 1):
        sessions.append(
            schedule_session(
                plan_id=plan.pk, number=number, start=starts[number - 1], override_reason="test"
            ).appointment
        )
    return sessions


@pytest.mark.parametrize("sessions", [1, 4])
def test_the_comparison_lines_one_angle_up_in_constant_queries(
    client, world, make_photo, django_assert_max_num_queries, sessions
):
    make_photo(client=world["client"], purpose=Purpose.INTAKE, appointment=world["consultation"], angle="crown")
    for session in _sessions(world, sessions):
        make_photo(client=world["client"], purpose=Purpose.SESSION_BEFORE, appointment=session, angle="crown")
        make_photo(client=world["client"], purpose=Purpose.SESSION_AFTER, appointment=session, angle="crown")
        make_photo(client=world["client"], purpose=Purpose.SESSION_AFTER, appointment=session, angle="top")
    make_photo(client=world["client"], purpose=Purpose.HEALING, appointment=session, angle="crown")
    client.force_login(world["users"]["artist"])
    url = reverse("photos:compare", args=[world["client"].pk]) + "?angle=crown"
    with django_assert_max_num_queries(12) as queries:
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    titles = ["Consultation"] + [f"Session {n} · {w}" for n in range(1, sessions + 1) for w in ("before", "after")]
    titles.append("Aftercare (healing)")
    positions = [page.index(f'aria-label="{t}"') for t in titles]
    assert positions == sorted(positions)
    assert page.count('class="photo-thumb') == 2 + 2 * sessions  # the crown only
    assert len(queries) == COMPARE_QUERIES, [q["sql"][:80] for q in queries.captured_queries]


COMPARE_QUERIES = (
    5  # session, the user with their roles, the client, angle counts, photos: the same for 1 or 4 sessions
)


def test_the_comparison_refuses_an_unknown_angle_and_another_artist(client, world):
    client.force_login(world["users"]["staff"])
    assert client.get(reverse("photos:compare", args=[world["client"].pk]), {"angle": "chin"}).status_code == 404
    client.force_login(world["users"]["other_artist"])
    assert client.get(reverse("photos:compare", args=[world["client"].pk])).status_code == 404


def test_gallery_photos_excludes_withdrawn_ones_at_once(client, world, make_photo):
    yes = make_photo(client=world["client"], appointment=world["session"], gallery_consent=True)
    make_photo(client=world["client"], appointment=world["session"], angle="top")  # no consent
    assert list(gallery_photos()) == [yes]
    client.force_login(world["users"]["owner"])
    response = client.post(reverse("portal:photo_gallery", args=[yes.public_id]), {"consent": "no"})
    assert response.status_code == 302
    assert list(gallery_photos()) == []
    yes.refresh_from_db()
    assert yes.gallery_withdrawn_at is not None
    # Staff withdraw too (and may restore it when the client asks).
    client.force_login(world["users"]["staff"])
    client.post(reverse("photos:gallery_consent", args=[yes.public_id]), {"consent": "yes"})
    assert list(gallery_photos()) == [yes]
    client.post(reverse("photos:gallery_consent", args=[yes.public_id]), {"consent": "no"})
    assert list(gallery_photos()) == []


def test_a_client_can_not_change_another_clients_photo(client, world, make_photo):
    photo = make_photo(client=world["client"], appointment=world["session"], gallery_consent=True)
    client.force_login(world["users"]["other_client"])
    assert client.post(reverse("portal:photo_gallery", args=[photo.public_id]), {"consent": "no"}).status_code == 404
    assert list(gallery_photos()) == [photo]


def test_the_client_sees_their_own_photos_in_the_portal(client, world, photo):
    client.force_login(world["users"]["owner"])
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:photos") in home
    page = client.get(reverse("portal:photos")).content.decode()
    assert file_url(photo, "thumb") in page
    client.force_login(world["users"]["other_client"])
    assert file_url(photo, "thumb") not in client.get(reverse("portal:photos")).content.decode()


def test_managers_read_who_viewed_the_photos_on_the_clients_audit_page(client, world, photo):
    client.force_login(world["users"]["artist"])
    for _ in range(3):
        client.get(file_url(photo, "display"))
    client.force_login(world["users"]["manager"])
    page = client.get(reverse("records:client_audit", args=[world["client"].pk])).content.decode()
    artist = world["users"]["artist"]
    assert f"{artist.full_name or artist.email} viewed Crown, session, before" in page and "3 times" in page


def test_a_consultations_photo_page_holds_its_intake_photos(
    client, world, make_photo, django_capture_on_commit_callbacks
):
    consultation = world["consultation"]
    make_photo(client=world["client"], purpose=Purpose.INTAKE, appointment=consultation, angle="front")
    client.force_login(world["users"]["staff"])
    url = reverse("photos:session", args=[consultation.pk])
    page = client.get(url).content.decode()
    assert "At the consultation" in page and "Before or after" not in page and page.count('class="photo-thumb') == 1
    assert "Photos: 1" in client.get(reverse("bookings:appointment", args=[consultation.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"stage": "session_after", "photo_top": upload(jpeg_bytes())})  # not for it
    assert response.status_code == 302
    assert Photo.objects.get(angle="top").purpose == "intake"
