from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast, Lower, Upper
from simple_history.models import HistoricalRecords

from clinic.access import artist_of, is_staff

from ..names import greeting_name
from ..visibility import artist_client_ids
from .treatment import ExtentScale, TreatmentType


def _trigram(field: str) -> OpClass:
    # Matches what `icontains` generates on PostgreSQL: UPPER("field"::text) LIKE UPPER('%…%').
    return OpClass(Upper(Cast(field, output_field=TextField())), name="gin_trgm_ops")


class ClientQuerySet(models.QuerySet):
    def linked_to(self, artist) -> "ClientQuerySet":
        """The clients the apps above link to `artist` (appointments, plans); none if no app links any."""
        linked = artist_client_ids(artist)
        return self.filter(pk__in=linked) if linked is not None else self.none()

    def visible_to(self, user) -> "ClientQuerySet":
        """Staff: everyone; an artist: the clients linked to them; a client: their own record."""
        if is_staff(user):
            return self.all()
        if artist := artist_of(user):
            return self.linked_to(artist)
        if user.is_authenticated:
            return self.filter(user=user)
        return self.none()


class Client(models.Model):
    """One person the clinic treats; found by e-mail (case-insensitive) on every online booking.

    A client who booked by phone may have no e-mail address yet (blank): reached by phone, their
    e-mails wait (skipped at delivery) until one is added.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="client"
    )
    full_name = models.CharField(max_length=150)
    email = models.EmailField("e-mail address", blank=True)
    phone = models.CharField(max_length=20, help_text="E.164, e.g. +447911123456")
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.TextField(blank=True)
    concern = models.CharField(max_length=20, choices=TreatmentType.choices, default=TreatmentType.OTHER)
    hair_loss_scale = models.CharField(max_length=10, choices=ExtentScale.choices, blank=True)
    norwood_stage = models.PositiveSmallIntegerField(null=True, blank=True)
    ludwig_stage = models.PositiveSmallIntegerField(null=True, blank=True)
    area_notes = models.TextField(blank=True, help_text="Scar size and number, alopecia patches, beard areas…")
    preferred_artist = models.ForeignKey(
        "bookings.Artist", null=True, blank=True, on_delete=models.SET_NULL, related_name="preferred_by"
    )
    contact_consent = models.BooleanField(
        "consents to be contacted", default=False, help_text="Reminders and follow-ups beyond the booking itself."
    )
    marketing_consent = models.BooleanField(default=False, help_text="Offers and news.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Who changed what and when (UK GDPR accountability); managers read it.
    history = HistoricalRecords()

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ("full_name",)
        constraints = [
            # Unique among the addresses given; any number of clients may have none yet.
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="clients_client_email_ci_unique",
                violation_error_message="Another client has this e-mail address (in any case): find them instead.",
            ),
            models.CheckConstraint(
                condition=Q(concern__in=TreatmentType.values),
                name="clients_client_concern_valid",
                violation_error_message="Choose the concern from the list.",
            ),
            models.CheckConstraint(
                condition=Q(norwood_stage__isnull=True) | Q(norwood_stage__gte=1, norwood_stage__lte=7),
                name="clients_client_norwood_1_7",
                violation_error_message="A Norwood stage is from 1 to 7.",
            ),
            models.CheckConstraint(
                condition=Q(ludwig_stage__isnull=True) | Q(ludwig_stage__gte=1, ludwig_stage__lte=3),
                name="clients_client_ludwig_1_3",
                violation_error_message="A Ludwig stage is from 1 to 3.",
            ),
            models.CheckConstraint(
                condition=Q(hair_loss_scale__in=["", *ExtentScale.values]),
                name="clients_client_scale_valid",
                violation_error_message="Choose the hair-loss scale from the list.",
            ),
        ]
        # fastupdate off: with it on, new rows wait in a pending list that every search reads through
        # (hundreds of pages after a busy spell, until a vacuum); clients are added a few a day.
        indexes = [
            GinIndex(_trigram("full_name"), name="clients_client_name_trgm", fastupdate=False),
            GinIndex(_trigram("email"), name="clients_client_email_trgm", fastupdate=False),
            GinIndex(_trigram("phone"), name="clients_client_phone_trgm", fastupdate=False),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>" if self.email else f"{self.full_name} (no e-mail)"

    @property
    def concern_label(self) -> str:
        """get_concern_display(), from a dict made once: Django's rebuilds it from the choices on every call,
        a third of each client search row's rendering (profiled, issue 16)."""
        return _CONCERN_LABELS.get(self.concern, self.concern)

    @property
    def greeting_name(self) -> str:
        """What e-mails say after "Hello": the first name as the client would write it."""
        return greeting_name(self.full_name)

    @property
    def extent(self) -> str:
        if self.hair_loss_scale == ExtentScale.NORWOOD and self.norwood_stage:
            return f"Norwood {self.norwood_stage}"
        if self.hair_loss_scale == ExtentScale.LUDWIG and self.ludwig_stage:
            return f"Ludwig {'I' * self.ludwig_stage}"
        return self.area_notes


class ClientNote(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        constraints = [
            models.CheckConstraint(
                condition=Q(body__regex=r"\S"), name="clients_note_not_empty", violation_error_message="Write the note."
            )
        ]

    def __str__(self) -> str:
        return f"Note on {self.client} by {self.author}"


_CONCERN_LABELS = dict(TreatmentType.choices)
