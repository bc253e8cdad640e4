"""Signals other parts of payments (and apps above) subscribe to.

- `entry_recorded(sender, entry_id, quote_id, kind)`: a ledger entry was recorded. Sent inside the
  recording transaction (receivers' writes commit or roll back with it); a repeated submission that
  recorded nothing sends nothing.
"""

from django.dispatch import Signal

entry_recorded = Signal()
