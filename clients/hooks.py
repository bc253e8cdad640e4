"""Hooks the apps above subscribe to (see docs/ARCHITECTURE.md: lower layers announce, higher layers react).

- `email_changed(sender, client_id, old_email)`: a client's contact e-mail changed (sent inside the saving
  transaction). The portal asks the new address to confirm before it becomes the login's address.
- `screening_postponed(sender, client_id, screening_id)`: a screening postponed the client's treatment
  (sent inside the recording transaction). Payments holds or refunds the deposit, as its policy says.
"""

from django.dispatch import Signal

email_changed = Signal()
screening_postponed = Signal()
