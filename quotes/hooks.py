"""Hooks the apps above subscribe to (see docs/ARCHITECTURE.md: lower layers announce, higher layers react).

- `quote_accepted(sender, quote_id)`: the client accepted a quote (sent inside the accepting transaction,
  after the plan is created). Payments asks the client for the deposit.
"""

from django.dispatch import Signal

quote_accepted = Signal()
