"""The production-shaped live server, for the desk-form race (test_races.py)."""

from tests.race.live import bounded_live_server  # noqa: F401
