"""The production-shaped live server for the race tests."""

from tests.race.live import bounded_live_server  # noqa: F401
