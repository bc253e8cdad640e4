"""`check_bookable_start` takes the artist lock itself (no caller has to remember `lock_artists`)."""

import threading
from datetime import time

import psycopg2
import pytest
from django.conf import settings
from django.db import connection, transaction

from bookings.models import BookingPolicy
from bookings.services.checks import check_bookable_start
from tests.bookings.factories import ArtistFactory
from tests.helpers import london

pytestmark = pytest.mark.django_db(transaction=True)


def artist_row_is_locked(artist_id: int) -> bool:
    """Ask from another connection whether the artist's row is locked (NOWAIT: answer at once)."""
    db = settings.DATABASES["default"]
    other = psycopg2.connect(
        dbname=connection.settings_dict["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432
    )
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT id FROM bookings_artist WHERE id = %s FOR UPDATE NOWAIT", [artist_id])
        return False
    except psycopg2.errors.LockNotAvailable:
        return True
    finally:
        other.close()


def test_the_check_holds_the_artist_lock_until_the_transaction_ends(time_machine, consultation, policy):
    time_machine.move_to(london(2026, 11, 30, 8, 0), tick=False)
    artist = ArtistFactory(hours={d: [(time(9), time(17))] for d in range(7)})
    start = london(2026, 12, 1, 10, 0)
    answers = {}
    with transaction.atomic():
        slots = check_bookable_start(
            service=consultation,
            start=start,
            artist_id=artist.pk,
            policy=BookingPolicy.load(),
            now=london(2026, 11, 30, 8, 0),
        )
        assert [s.start for s in slots] == [start]
        # From another thread and connection, as a concurrent booking would ask.
        thread = threading.Thread(target=lambda: answers.update(locked=artist_row_is_locked(artist.pk)))
        thread.start()
        thread.join(timeout=30)
    assert answers == {"locked": True}
    assert artist_row_is_locked(artist.pk) is False  # committed: free again
