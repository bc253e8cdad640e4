"""How a log line looks: the one definition the settings (LOGGING) and gunicorn (deploy/gunicorn.conf.py) share."""

from pythonjsonlogger.core import RESERVED_ATTRS

TEXT_FORMATTER = {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
JSON_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": ["levelname", "name", "message"],
    "timestamp": "time",  # ISO 8601, UTC
    "rename_fields": {"levelname": "level", "name": "logger"},
    # Django's request logger passes the request as an extra: its repr has the query string.
    "reserved_attrs": [*RESERVED_ATTRS, "request"],
}
