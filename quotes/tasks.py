from celery import shared_task
from django.db import transaction
from django.utils import timezone

from .emails import build_quote_email
from .models import Quote
from .services.answers import expire_quotes


@shared_task(acks_late=True, autoretry_for=(OSError,), max_retries=8, retry_backoff=30, retry_backoff_max=3600)
def send_quote_email(quote_id: int) -> str:
    """E-mail an issued quote with its PDF once; a second run finds `emailed_at` set under the row lock."""
    with transaction.atomic():
        quote = Quote.objects.select_for_update().select_related("client").get(pk=quote_id)
        if quote.emailed_at is not None:
            return "already-sent"
        build_quote_email(quote).send()
        quote.emailed_at = timezone.now()
        quote.save(update_fields=["emailed_at"])
        return "sent"


@shared_task
def expire_old_quotes() -> int:
    return expire_quotes()
