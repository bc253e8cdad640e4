"""A live server shaped like production: a bounded pool of request threads behind a deep listen backlog.

Django's own live server starts one thread (and so one database connection) per connection. A burst of
100 clients would then open 100 PostgreSQL connections, and the machine's `max_connections` is 100, shared.
A production server (gunicorn workers × threads) serves a burst with a fixed number of threads while the
rest wait in the kernel's accept queue; this does the same with Django's classes.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler

REQUEST_THREADS = 16  # like gunicorn 2 workers × 8 threads
LISTEN_BACKLOG = 128  # waiting connections are queued, not refused
FIRST_REQUEST_SECONDS = 30  # like gunicorn's timeout
KEEPALIVE_SECONDS = 2  # like gunicorn's keepalive


class BoundedThreadedWSGIServer(ThreadedWSGIServer):
    request_queue_size = LISTEN_BACKLOG

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pool = ThreadPoolExecutor(max_workers=REQUEST_THREADS, thread_name_prefix="live-request")

    def process_request(self, request, client_address):
        # Instead of ThreadingMixIn's thread per connection. process_request_thread closes the thread's
        # database connections when the request ends (ThreadedWSGIServer.close_request).
        self.pool.submit(self.process_request_thread, request, client_address)

    def server_close(self):
        super().server_close()
        self.pool.shutdown(wait=True, cancel_futures=True)  # threads end within KEEPALIVE_SECONDS


class RequestHandler(QuietWSGIRequestHandler):
    timeout = FIRST_REQUEST_SECONDS  # a connection's first request may be slow to arrive under load

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except TimeoutError:  # the client went quiet: close, as a production server does
            self.close_connection = True
        # Between requests a kept-alive connection that sits idle gives its thread back (gunicorn's keepalive).
        self.connection.settimeout(KEEPALIVE_SECONDS)


class BoundedLiveServerThread(LiveServerThread):
    server_class = BoundedThreadedWSGIServer

    def _create_server(self, connections_override=None):
        return self.server_class(
            (self.host, self.port), RequestHandler, allow_reuse_address=False, connections_override=connections_override
        )


class LiveServer:
    def __init__(self):
        from django.contrib.staticfiles.handlers import StaticFilesHandler

        self.thread = BoundedLiveServerThread("127.0.0.1", StaticFilesHandler)
        self.thread.daemon = True
        self.thread.start()
        self.thread.is_ready.wait(timeout=10)
        if self.thread.error:
            raise self.thread.error
        self.url = f"http://127.0.0.1:{self.thread.port}"

    def stop(self):
        self.thread.terminate()


@pytest.fixture
def bounded_live_server(transactional_db):
    """The real app over real HTTP on the (transactional) test database; stopped after the test."""
    server = LiveServer()
    yield server
    server.stop()
