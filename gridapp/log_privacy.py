"""What a log may say about an error: frames, types and first lines, phones masked.

Messages of pydantic, SQLAlchemy and drivers repeat their input (a reporter's name,
a phone number) on later lines; logs keep only the first line. Shared by the service's
formatters and the laptop's sync loop.
"""

from __future__ import annotations

import re
import traceback
from typing import Any

# Chinese mobile numbers, and landlines with an area code.
_PHONE = re.compile(r"(?<!\d)(?:\+?86[ -]?)?(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")
_MESSAGE_LIMIT = 300


def _first_line(exc: BaseException) -> str:
    try:
        text = str(exc)
    except Exception:  # a broken __str__ must not break logging
        text = ""
    line = text.split("\n", 1)[0][:_MESSAGE_LIMIT]
    return mask_phones(line)


def safe_traceback(exc_info: Any) -> str:
    """The frames of a traceback, with each exception's type and first message line only."""
    _, exc, _ = exc_info
    if exc is None:
        return ""
    chain: list[str] = []
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        frames = "".join(traceback.format_tb(exc.__traceback__))
        chain.append(
            f"Traceback (most recent call last):\n{frames}{type(exc).__qualname__}: "
            f"{_first_line(exc)}"
        )
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    return "\n\nDuring handling of the above, another exception occurred:\n\n".join(reversed(chain))


def mask_phones(text: str) -> str:
    return _PHONE.sub("<phone>", text)
