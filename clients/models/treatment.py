"""What is treated and how its extent is measured: one vocabulary for client records, plans and the price list."""

from django.db import models


class TreatmentType(models.TextChoices):
    """What a client asks about, a plan treats and the price list prices (female density is priced on its own)."""

    HAIRLINE = "hairline", "Hairline"
    CROWN = "crown", "Crown"
    FULL_HEAD = "full_head", "Full head"
    DENSITY = "density", "Density (thinning hair)"
    FEMALE_DENSITY = "female_density", "Female density"
    SCAR = "scar", "Scar camouflage"
    ALOPECIA = "alopecia", "Alopecia"
    OTHER = "other", "Other"


class ExtentScale(models.TextChoices):
    """How the extent is measured: a Norwood or Ludwig stage, or the areas treated (number of scars, notes)."""

    NORWOOD = "norwood", "Norwood (male pattern) 1–7"
    LUDWIG = "ludwig", "Ludwig (female pattern) I–III"
    AREA = "area", "Scars / areas (scar, alopecia, beard…)"
