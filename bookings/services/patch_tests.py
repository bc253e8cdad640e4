"""The clinic's patch-test rule for session 1 (BookingPolicy): a clear test, enough clinic days before."""

from datetime import datetime, timedelta

from clients.patch_tests.selectors import patch_test_status
from clinic.clock import local_today
from clinic.plurals import count

from ..errors import PatchTestNotClear
from ..models import BookingPolicy


def check_patch_test(*, client_id: int, start: datetime, policy: BookingPolicy) -> None:
    """Refuse session 1 at `start` unless the latest patch test shows no reaction, min days before (clinic days)."""
    if not policy.patch_test_required:
        return
    status = patch_test_status(client_id=client_id)
    days = policy.patch_test_min_days
    if status.state == "due":
        raise PatchTestNotClear(
            f"The clinic requires a patch test at least {count(days, 'day')} before session 1; none is recorded."
        )
    test = status.latest
    done = f"{test.done_on:%-d %B %Y}"
    if status.state == "pending":
        raise PatchTestNotClear(
            f"The patch test of {done} has not been reviewed yet; session 1 needs it clear (no reaction)."
        )
    if status.state == "reaction":
        raise PatchTestNotClear(f"The patch test of {done} showed a reaction; session 1 needs a clear patch test.")
    gap = (local_today(now=start) - test.done_on).days
    if gap < 0:
        raise PatchTestNotClear(f"Session 1 can't be before the patch test of {done}.")
    if gap < days:
        earliest = test.done_on + timedelta(days=days)
        raise PatchTestNotClear(
            f"Session 1 must be at least {count(days, 'day')} after the patch test of {done} "
            f"(from {earliest:%-d %B %Y}); this would be {count(gap, 'day')}."
        )
