"""The clinic's public pages: their texts, kept in the database so the clinic edits them in the admin."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from clients.models import TreatmentType


class SingletonModel(models.Model):
    """One row (pk=1), as bookings.BookingPolicy: the admin edits it, nobody adds a second."""

    class Meta:
        abstract = True

    @classmethod
    def load(cls):
        row, _ = cls.objects.get_or_create(pk=1)
        return row


def text(help_text: str = "", **kwargs) -> models.TextField:
    return models.TextField(help_text=help_text or "Blank lines start a new paragraph.", **kwargs)


class HomePage(SingletonModel):
    headline = models.CharField(max_length=120)
    intro = text("The first paragraph under the headline.")
    what_is_smp = text(verbose_name="what SMP is")
    who_it_is_for = text()
    consultation = text(verbose_name="stage 1: free consultation")
    sessions = text(verbose_name="stage 2: treatment sessions")
    aftercare = text(verbose_name="stage 3: 30-day aftercare")
    top_ups = text(verbose_name="stage 4: top-ups")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "home page"
        constraints = [
            models.CheckConstraint(
                condition=Q(pk=1),
                name="website_home_singleton",
                violation_error_message="There is one home page: change it.",
            )
        ]

    def __str__(self) -> str:
        return "Home page"


class TreatmentText(models.Model):
    """How the home page describes a treatment of the price list; its "from" price comes from there."""

    treatment_type = models.CharField(max_length=20, choices=TreatmentType.choices, unique=True)
    description = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    is_shown = models.BooleanField(default=True, help_text="Shown only while it also has a price in the price list.")

    class Meta:
        ordering = ("position", "treatment_type")
        verbose_name = "treatment on the home page"
        verbose_name_plural = "treatments on the home page"

    def __str__(self) -> str:
        return self.get_treatment_type_display()


class Question(models.Model):
    question = models.CharField(max_length=200)
    answer = text()
    position = models.PositiveSmallIntegerField(default=0)
    is_shown = models.BooleanField(default=True)

    class Meta:
        ordering = ("position", "pk")
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self) -> str:
        return self.question


class PrivacyNotice(SingletonModel):
    """UK GDPR's "right to be informed": what is kept, why, how long, the client's rights, who to ask."""

    intro = text()
    data_we_keep = text(verbose_name="what personal and health data we keep")
    why_we_keep_it = text(verbose_name="why we keep it (and the lawful basis)")
    who_sees_it = text(verbose_name="who sees it")
    how_long = text(verbose_name="how long we keep it")
    your_rights = text(verbose_name="your rights")
    contact = text(verbose_name="who to contact (and complaints)")
    last_reviewed = models.DateField(default=timezone.localdate)

    class Meta:
        verbose_name = verbose_name_plural = "privacy notice"
        constraints = [
            models.CheckConstraint(
                condition=Q(pk=1),
                name="website_privacy_singleton",
                violation_error_message="There is one privacy notice: change it.",
            )
        ]

    def __str__(self) -> str:
        return "Privacy notice"
