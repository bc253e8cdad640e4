"""The production-shaped live server (tests/race/live.py) for the API fuzzing."""

from tests.race.live import bounded_live_server  # noqa: F401
