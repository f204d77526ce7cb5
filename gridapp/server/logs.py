"""Structured logs: one JSON object per line, for journald and log collectors.

Only what the code puts in the message and ``extra`` goes out: tokens and
passwords are never passed to the logger in the first place (see auth.py).

A traceback is logged with each exception's type and the first line of its
message only: later lines are where libraries repeat the input (SQLAlchemy's
"[parameters: …]", PostgreSQL's "DETAIL: Failing row contains …", pydantic's
"input_value=…"), and a reporter's name or phone number must not reach the log.
Phone numbers left in a first line are masked.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from typing import Any

from gridapp.log_privacy import mask_phones, safe_traceback

# LogRecord attributes that are not "extra" fields.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class TextFormatter(logging.Formatter):
    def formatException(self, ei: Any) -> str:
        return safe_traceback(ei)

    def format(self, record: logging.LogRecord) -> str:
        return mask_phones(super().format(record))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": mask_phones(record.getMessage()),
            "pid": record.process,
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["error"] = safe_traceback(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def log_config(level: str = "info", fmt: str | None = None) -> dict[str, Any]:
    """A logging dictConfig for the service and uvicorn (``GRIDAPP_LOG_FORMAT=json|text``)."""
    fmt = fmt or os.environ.get("GRIDAPP_LOG_FORMAT", "text")
    formatter: dict[str, Any] = (
        {"()": JsonFormatter}
        if fmt == "json"
        else {
            "()": TextFormatter,
            "fmt": "%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s",
        }
    )
    handler = {"class": "logging.StreamHandler", "formatter": "main", "stream": "ext://sys.stderr"}
    level = level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"main": formatter},
        "handlers": {"main": handler},
        "loggers": {
            "gridapp": {"handlers": ["main"], "level": level, "propagate": False},
            "uvicorn": {"handlers": ["main"], "level": level, "propagate": False},
            "uvicorn.error": {"level": level},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
        "root": {"handlers": ["main"], "level": "WARNING"},
    }
