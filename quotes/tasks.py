from celery import shared_task

from .services.answers import expire_quotes


@shared_task
def expire_old_quotes() -> int:
    """Hourly: expire lapsed quotes (their e-mails go through the outbox, which retries on its own)."""
    return expire_quotes()
