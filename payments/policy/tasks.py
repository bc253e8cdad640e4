from celery import shared_task

from .holds import release_unpaid_holds


@shared_task
def release_unpaid_deposit_holds() -> int:
    """Every few minutes: release session-1 holds whose deposit was not paid in time (bounded batches)."""
    return release_unpaid_holds()
