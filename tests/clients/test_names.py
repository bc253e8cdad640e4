"""Names as typed on public forms, and whom a greeting addresses."""

import pytest

from clients.names import greeting_name


@pytest.mark.parametrize(
    ("typed", "greeting"),
    [
        ("Jamie Walsh", "Jamie"),
        ("jamie walsh", "Jamie"),  # typed in a hurry: capitalised
        ("JAMIE WALSH", "Jamie"),
        ("mary-jane o'neill", "Mary-Jane"),
        ("DeShawn Lee", "DeShawn"),  # mixed case is on purpose: as typed
        ("Dr Priya Shah", "Dr Shah"),  # never "Hello Dr"
        ("Madonna", "Madonna"),
        ("dr", "Dr"),
    ],
)
def test_greeting_name(typed, greeting):
    assert greeting_name(typed) == greeting
