"""Fixtures shared by the payments tests: the policy tests' world, and the production-shaped live server
for the desk-form race (test_races.py)."""

from tests.payments.policy_world import notice_48, treatment  # noqa: F401 (the policy tests' world)
from tests.race.live import bounded_live_server  # noqa: F401
