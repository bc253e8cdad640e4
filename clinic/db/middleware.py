"""A read-only request whose database connection was dropped mid-request is answered again, once.

Health checks replace a dead connection before a request starts; this covers a connection the server
drops while the request runs (a restart's fast shutdown ends every session). Only GET and HEAD: they
change nothing, so running the view twice is safe. The new connection waits out the restart (base.py).
"""

import logging

from django.db import InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)
RETRIED = "_clinic_db_retried"


class RetryOnLostConnectionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method not in ("GET", "HEAD") or getattr(request, RETRIED, False):
            return None
        if not isinstance(exception, OperationalError | InterfaceError) or not _drop_lost_connections():
            return None
        setattr(request, RETRIED, True)
        logger.warning("database connection lost during %s %s; answering it again", request.method, request.path)
        match = request.resolver_match
        return match.func(request, *match.args, **match.kwargs)


def _drop_lost_connections() -> bool:
    """Close every connection that no longer works; whether there was one (else the error was another)."""
    lost = False
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and not connection.in_atomic_block and not connection.is_usable():
            connection.close()
            lost = True
    return lost
