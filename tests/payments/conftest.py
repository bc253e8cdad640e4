# Stripe lane fixtures (stripe_on, stripe_api, accepted): tests/payments/stripe_support.py.
from tests.payments.stripe_support import accepted, stripe_api, stripe_on  # noqa: F401
