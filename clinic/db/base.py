"""PostgreSQL that rides out a restart: a new connection that is refused is tried again for a while.

With persistent connections and CONN_HEALTH_CHECKS (settings), a connection the server dropped is found
dead before a request uses it and replaced; while the server is still coming back, that replacement
is refused, so it is retried here (DB_CONNECT_RETRY_SECONDS) instead of the request failing with a 500.
"""

import logging
import time

from django.conf import settings
from django.db.backends.postgresql import base
from psycopg2 import OperationalError

logger = logging.getLogger(__name__)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        deadline = time.monotonic() + settings.DB_CONNECT_RETRY_SECONDS
        pause = 0.05
        while True:
            try:
                return super().get_new_connection(conn_params)
            except OperationalError as error:
                if time.monotonic() + pause > deadline:
                    raise
                logger.warning("database connection refused, trying again: %s", str(error).strip())
                time.sleep(pause)
                pause = min(pause * 2, 0.5)
