"""The deposit and the cancellation policy: one admin row, its words, and the code that applies it.

- `models`: `PaymentPolicy` (the admin's row), `PolicyDecision` (what the policy did about one late
  cancellation, no-show or postponement, and its waiver), `DepositHold` (session 1 held until paid).
- `words`: the one wording of the policy (quote terms, session e-mails, portal).
- `decisions`: late cancellation / no-show / postponement → the ledger; waivers.
- `holds`: session 1 held while its deposit is unpaid; confirmed by paying, released by `tasks`.
- `receivers`: the hooks of bookings, clients, quotes and the ledger, connected in `PaymentsConfig.ready()`.
"""
