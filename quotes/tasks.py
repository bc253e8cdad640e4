import logging
from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

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


def queue_quote_email(quote_id: int) -> None:
    """Queue the e-mail; if the broker is down the issue still stands and the hourly sweep sends it."""
    try:
        send_quote_email.delay(quote_id)
    except OperationalError as error:
        logging.getLogger(__name__).warning("quote e-mail %s not queued (%s); the hourly sweep will", quote_id, error)


@shared_task
def expire_old_quotes() -> int:
    """Hourly: expire lapsed quotes, and queue e-mails that could not be queued when they were issued."""
    stuck = Quote.objects.filter(
        status=Quote.Status.ISSUED, emailed_at__isnull=True, issued_at__lt=timezone.now() - timedelta(minutes=10)
    )
    for quote_id in stuck.values_list("pk", flat=True)[:500]:
        send_quote_email.delay(quote_id)
    return expire_quotes()
