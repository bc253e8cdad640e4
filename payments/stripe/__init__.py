"""Online payments through Stripe Checkout (off unless PAYMENTS_PROVIDER=stripe).

The client starts a Checkout Session for the deposit or the balance (`checkout.start_checkout`); the payment
is recorded in the ledger only from Stripe's signed webhook (`webhook`, `events`); staff refunds of an online
payment go through Stripe's API (`refunds.refund_online`). docs/DEPLOY.md "Online payments" says how to turn it on.
"""
