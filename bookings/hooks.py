"""Service hooks other apps subscribe to (aftercare listens for completed plans).

Sent once, after the transaction that completed the plan commits: receivers see committed data and
a rolled-back completion never fires. Receive with `plan_completed.connect(fn)`; `fn(sender, plan_id)`.
"""

from django.dispatch import Signal

plan_completed = Signal()
