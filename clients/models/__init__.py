from .people import Client, ClientNote, Concern, HairLossScale
from .privacy import PrivacyAction
from .screening import ClientConsent, ConsentText, Screening

__all__ = [
    "Client",
    "ClientConsent",
    "ClientNote",
    "Concern",
    "ConsentText",
    "HairLossScale",
    "PrivacyAction",
    "Screening",
]
