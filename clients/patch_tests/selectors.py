"""Where each client stands with patch tests: the latest one decides (one query for any number of clients)."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ..models import PatchTest

State = Literal["due", "pending", "clear", "reaction"]
STATE_TEXT = {
    "due": "Patch test: due",
    "pending": "Patch test: pending",
    "clear": "Patch test: clear",
    "reaction": "Patch test: reaction",
}


@dataclass(frozen=True)
class PatchTestStatus:
    state: State
    latest: PatchTest | None

    @property
    def text(self) -> str:
        return STATE_TEXT[self.state]


def _status(test: PatchTest | None) -> PatchTestStatus:
    if test is None:
        return PatchTestStatus("due", None)
    state = {"pending": "pending", "no_reaction": "clear", "reaction": "reaction"}[test.result]
    return PatchTestStatus(state, test)


def patch_test_statuses(*, client_ids: Iterable[int]) -> dict[int, PatchTestStatus]:
    """{client id: status} for every id given (a client without a test is "due")."""
    ids = set(client_ids)
    if not ids:
        return {}
    latest = {
        t.client_id: t
        for t in PatchTest.objects.filter(client_id__in=ids)
        .order_by("client_id", "-done_on", "-pk")
        .distinct("client_id")
    }
    return {client_id: _status(latest.get(client_id)) for client_id in ids}


def patch_test_status(*, client_id: int) -> PatchTestStatus:
    return patch_test_statuses(client_ids=[client_id])[client_id]


def patch_tests_of(*, client) -> list[PatchTest]:
    return list(client.patch_tests.select_related("reviewed_by"))
