"""Hooks the apps above subscribe to (see docs/ARCHITECTURE.md: lower layers announce, higher layers react).

- `email_changed(sender, client_id, old_email)`: a client's contact e-mail changed (sent inside the saving
  transaction). The portal asks the new address to confirm before it becomes the login's address.
"""

from django.dispatch import Signal

email_changed = Signal()
