from .patch_tests import PatchTest
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
    "PatchTest",
    "PrivacyAction",
    "Screening",
    "TreatmentType",
]
