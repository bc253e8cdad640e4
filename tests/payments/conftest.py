"""Fixtures shared by the payments tests."""

from tests.payments.policy_world import notice_48, treatment  # noqa: F401 (the policy tests' world)
