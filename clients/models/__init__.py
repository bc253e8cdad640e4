from .people import Client, ClientNote, Concern, HairLossScale
from .screening import ClientConsent, ConsentText, Screening

__all__ = ["Client", "ClientConsent", "ClientNote", "Concern", "ConsentText", "HairLossScale", "Screening"]
