"""What the Stripe integration keeps: each attempt to pay through Checkout, and each webhook event received."""

import uuid

from django.db import models
from django.db.models import Q


class CheckoutAttempt(models.Model):
    """One Checkout Session asked of Stripe for a quote's deposit or balance.

    `key` is the idempotency key of the Session's creation: a retried attempt (after a timeout, a double
    click) sends the same key, so Stripe answers with the same Session and no second page exists.
    """

    class Purpose(models.TextChoices):
        DEPOSIT = "deposit", "Deposit"
        BALANCE = "balance", "Balance"

    class Status(models.TextChoices):
        NEW = "new", "Not yet created at Stripe"  # the API call failed or has not answered: retried with the key
        OPEN = "open", "Checkout page open"
        PAID = "paid", "Paid (recorded from the webhook)"
        EXPIRED = "expired", "Expired"

    quote = models.ForeignKey("quotes.Quote", on_delete=models.PROTECT, related_name="checkout_attempts")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    amount = models.DecimalField(max_digits=9, decimal_places=2)
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session_id = models.CharField(max_length=255, blank=True)
    url = models.URLField(max_length=2000, blank=True)  # Stripe's Checkout page for the session
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    payment_intent = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)  # the last error Stripe's API gave, for staff
    created_at = models.DateTimeField()
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_stripe_attempt_amount_positive"),
            models.CheckConstraint(
                condition=Q(purpose__in=["deposit", "balance"]), name="payments_stripe_attempt_purpose_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["new", "open", "paid", "expired"]), name="payments_stripe_attempt_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="new") | ~Q(session_id=""), name="payments_stripe_attempt_session_once_created"
            ),
            models.UniqueConstraint(
                fields=["session_id"], condition=~Q(session_id=""), name="payments_stripe_attempt_one_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.amount} for {self.quote} ({self.status})"


class StripeEvent(models.Model):
    """A webhook event as received, by Stripe's id: a repeat does nothing twice and gets the first answer.

    `processed_at` stays empty while the event waits for something that has not arrived (a refund whose
    payment's checkout event is still on its way); the checkout handler processes it then.
    """

    id = models.CharField(primary_key=True, max_length=255)
    type = models.CharField(max_length=100)
    payload = models.JSONField()
    received_at = models.DateTimeField()
    processed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    # The payment intent a waiting event is about (to find it when the payment is recorded).
    payment_intent = models.CharField(max_length=255, blank=True, db_index=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.id}"
