import pytest

from photos.models import Purpose
from photos.services import add_photo
from tests.bookings.factories import ArtistFactory, SessionFactory
from tests.clients.factories import ClientFactory
from tests.helpers import user_with

from .images import jpeg_bytes, upload


@pytest.fixture
def session(db, session_services):
    """Session 1 of a plan (attended), its artist with a login."""
    from clinic.users import roles

    artist = ArtistFactory(user=user_with(roles.ARTIST))
    return SessionFactory(plan__artist=artist, plan__client=ClientFactory(full_name="Robin Hale"))


@pytest.fixture
def make_photo(django_capture_on_commit_callbacks):
    """add_photo with a small real JPEG, its sizes made as after commit (eager task)."""

    def make(*, client, purpose=Purpose.SESSION_BEFORE, angle="crown", appointment=None, content=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            photo = add_photo(
                client=client,
                purpose=purpose,
                angle=angle,
                upload=upload(content or jpeg_bytes()),
                appointment=appointment,
                **kwargs,
            )
        photo.refresh_from_db()
        return photo

    return make
