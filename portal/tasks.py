"""Answering a login-link or password-reset request happens here, after the page has answered.

The page takes the same time whether or not the address is known (it only hands the address over);
the lookup, the new login and the outbox row are the worker's.
"""

import logging

from celery import shared_task
from django.db import transaction

from clinic.users.models import User

from .login_links import client_for_login
from .messages import queue_login_link, queue_password_reset

log = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def send_login_link(email: str) -> bool:
    with transaction.atomic():
        client = client_for_login(email)
        if client is None:
            return False
        queue_login_link(client=client)
        return True


@shared_task(ignore_result=True)
def send_password_reset(email: str) -> bool:
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            return False
        queue_password_reset(user=user)
        return True


def hand_over(task, email: str) -> None:
    """After commit, give the address to a worker; with the broker away, do the work here instead (the
    answer is slower then, for known and unknown addresses alike, but the link is not lost)."""

    def send() -> None:
        try:
            task.delay(email)
        except Exception as error:  # kombu's OperationalError and friends: the broker is unreachable
            log.warning("%s done in the request: broker unavailable (%s)", task.name, error)
            task(email)

    transaction.on_commit(send)
