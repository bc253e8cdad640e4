"""How a log line looks: the one definition the settings (LOGGING) and gunicorn (deploy/gunicorn.conf.py) share."""

import json
from collections.abc import Mapping
from datetime import UTC, datetime

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as LibraryJsonFormatter

TEXT_FORMATTER = {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
JSON_FORMATTER = {
    "()": "clinic.logformat.JsonFormatter",
    "fmt": ["levelname", "name", "message"],
    "timestamp": "time",  # ISO 8601, UTC
    "rename_fields": {"levelname": "level", "name": "logger"},
    # Django's request logger passes the request as an extra: its repr has the query string.
    "reserved_attrs": [*RESERVED_ATTRS, "request"],
}


class JsonFormatter(LibraryJsonFormatter):
    """python-json-logger's formatter; a plain record (no exception, stack or dict message) takes a short path.

    The same line, key for key: the required fields renamed, the extras, the time. Every request writes
    one (clinic/requestlog.py), and the library's general path (defaults, static fields, a new encoder
    per line) was half of that line's cost (issue 16). tests/clinic/test_logformat.py compares the two.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._encode = (self.json_encoder or json.JSONEncoder)(
            ensure_ascii=self.json_ensure_ascii, indent=self.json_indent, default=self.json_default
        ).encode
        self._required = [(field, self._get_rename(field)) for field in self._required_fields]
        self._time_key = self._get_rename(self.timestamp if isinstance(self.timestamp, str) else "timestamp")
        # What the short path leaves out: configured only where the general path is kept.
        self._short = not (self.defaults or self.static_fields or self.rename_fields_keep_missing) and (
            "asctime" not in self._required_fields and self.json_serializer is json.dumps
        )

    @property
    def short_path(self) -> bool:
        """Whether plain records take the short path (clinic/requestline.py writes its lines by it too)."""
        return self._short

    def format(self, record):
        if not self._short or record.exc_info or record.exc_text or record.stack_info or isinstance(record.msg, dict):
            return super().format(record)
        record.message = record.getMessage()
        return self.plain_line(record.__dict__, record.created)

    def plain_line(self, fields: Mapping, created: float) -> str:
        """The line of a plain record with these attributes (its __dict__, `message` included), made at `created`."""
        data = {name: fields.get(field) for field, name in self._required}
        skip, rename = self._skip_fields, self.rename_fields
        for key, value in fields.items():
            if key not in skip and not key.startswith("_"):
                data[rename.get(key, key)] = value
        if self.timestamp:
            data[self._time_key] = datetime.fromtimestamp(created, tz=UTC).isoformat()
        return self.prefix + self._encode(data)
