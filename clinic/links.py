"""Absolute links for e-mails, texts and calendar files (pages use relative ones)."""

from django.conf import settings
from django.urls import reverse


def absolute_url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)
