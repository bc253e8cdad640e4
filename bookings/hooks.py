"""Service hooks other apps subscribe to (aftercare listens for completed sessions and plans, intake for
consultations, payments for the rest).

All are sent inside the transaction that recorded the change: a receiver's writes commit or roll back
with it, so nothing is generated for a change that did not happen, and nothing is missing for one that
did. Receivers must therefore be quick and raise only to veto.

- `session_completed(sender, appointment_id)`: a session was completed and the plan goes on.
- `plan_completed(sender, plan_id, session_id)`: the plan is complete; `session_id` is its final
  (latest) session, which may not be the one just recorded.
- `session_scheduled(sender, appointment_id)`: a treatment session was put in the calendar.
- `session_cancelled(sender, appointment_id, by_client, notice)`: a treatment session was cancelled;
  `by_client` when the client did it online, `notice` the real time (a timedelta, counted in UTC so a
  clock change adds or takes no hour) from the cancellation to the session's start.
- `session_no_show(sender, appointment_id)`: the client did not come to a treatment session.
- `consultation_booked(sender, appointment_id)`: a consultation was booked (online or by staff).
- `consultation_changed(sender, appointment_id)`: a booked consultation was moved or cancelled.
"""

from django.dispatch import Signal

session_completed = Signal()
plan_completed = Signal()
session_scheduled = Signal()
session_cancelled = Signal()
session_no_show = Signal()
consultation_booked = Signal()
consultation_changed = Signal()
