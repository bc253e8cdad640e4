from django.conf import settings
from django.db import models
from django.db.models.functions import Lower


class Concern(models.TextChoices):
    """What the client wants treated, as asked on the booking form."""

    RECEDING_HAIRLINE = "hairline", "Receding hairline"
    CROWN = "crown", "Balding crown"
    FULL_HEAD = "full_head", "Full head / pattern baldness"
    THINNING = "thinning", "Thinning hair (density)"
    SCAR = "scar", "Scar camouflage"
    ALOPECIA = "alopecia", "Alopecia"
    OTHER = "other", "Other"


class Client(models.Model):
    """One person the clinic treats; found by e-mail (case-insensitive) on every booking."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="client"
    )
    full_name = models.CharField(max_length=150)
    email = models.EmailField("e-mail address")
    phone = models.CharField(max_length=20, help_text="E.164, e.g. +447700900123")
    concern = models.CharField(max_length=20, choices=Concern.choices, default=Concern.OTHER)
    contact_consent = models.BooleanField(
        "consents to be contacted", default=False, help_text="Reminders and follow-ups beyond the booking itself."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("full_name",)
        constraints = [
            models.UniqueConstraint(Lower("email"), name="clients_client_email_ci_unique"),
            models.CheckConstraint(condition=models.Q(concern__in=Concern.values), name="clients_client_concern_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"
