from .people import Client, ClientNote
from .privacy import PrivacyAction
from .screening import ClientConsent, ConsentText, Screening
from .treatment import ExtentScale, TreatmentType

__all__ = [
    "Client",
    "ClientConsent",
    "ClientNote",
    "ConsentText",
    "ExtentScale",
    "PrivacyAction",
    "Screening",
    "TreatmentType",
]
