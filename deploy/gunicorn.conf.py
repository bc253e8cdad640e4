"""gunicorn's settings: `python -m gunicorn -c deploy/gunicorn.conf.py` (systemd unit, Procfile).

Its access log is off: the app writes one line per request itself (clinic/requestlog.py) with the
request id and view name and without query strings, which gunicorn's would log. Its own messages
(boot, worker exits, timeouts) go to stderr, as JSON lines like the app's when LOG_FORMAT=json.
`kill -HUP` the master (systemctl reload clinic-web) for a zero-downtime restart on new code: new
workers start, then the old ones finish their requests and exit.
"""

import gc
import multiprocessing
import os

from gunicorn.glogging import Logger

wsgi_app = "clinic.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers behind a buffering proxy (nginx, Caddy): the proxy holds slow clients, not a worker.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30  # a reload or stop lets requests in flight finish this long
keepalive = 5
# Recycle workers now and then against slow memory growth; jitter so they don't all restart at once.
# (PDFs render in a child process of their own: clinic/pdf/.) Not often: a worker takes ~1 s to load the app and
# warm its caches, and one worker answers ~2,000 availability requests a second when a crowd arrives, so 20,000
# was a restart every ~10 s per worker (seen in make bench), ~5 % of its time; 200,000 is one every few minutes.
max_requests = 200_000
max_requests_jitter = 20_000
# Code is loaded by each worker, not the master, so a HUP reload picks up a new release.
preload_app = False


def post_worker_init(worker):
    # The app's modules and models, loaded by now, live as long as the worker: moved out of the
    # collector's reach, full collections stop walking them on every request that allocates a lot.
    gc.freeze()


# Only the local proxy may tell gunicorn the scheme (Django itself trusts SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# systemd (reload = HUP, stop = TERM) manages it; no control socket in a home directory it may not have.
control_socket_disable = True

accesslog = None
errorlog = "-"


class AppLogsRequests(Logger):
    """gunicorn's Logger with its access log off for good.

    `accesslog = None` alone is not enough once logconfig_dict is set (below): gunicorn then builds every
    request's access-log fields (all headers and environ variables) for a logger that has no handler,
    ~8 % of a worker's time on the availability API (py-spy, issue 16).
    """

    def access(self, resp, req, environ, request_time):
        return


logger_class = AppLogsRequests
loglevel = os.environ.get("LOG_LEVEL", "info").lower()

if os.environ.get("LOG_FORMAT", "json") == "json":
    from clinic.logformat import JSON_FORMATTER

    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": dict(JSON_FORMATTER)},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
        "root": {"level": "INFO", "handlers": ["stderr"]},
        "loggers": {
            "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stderr"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
        },
    }
