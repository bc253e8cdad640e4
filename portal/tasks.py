"""Answering a login-link or password-reset request happens here, after the page has answered.

The page takes the same time whether or not the address is known (it only hands the address over);
the lookup, the new login and the outbox row are the worker's.
"""

from celery import shared_task
from django.db import transaction

from clinic.users.models import User

from .login_links import client_for_login
from .messages import queue_login_link, queue_password_reset


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
