"""专项整治 (special campaigns): a named group of cases with its own deadline.

A campaign is not a table of its own: it is carried by the 督办 events that put each of its
cases under it (payload ``campaign``: id, name, deadline and the warning it came from). The
events sync like every other, so a campaign started on a laptop offline reaches the centre,
each case shows it in its timeline, the rules table decides who may start it on which case
(the 督办 rule), and its progress is read from the cases' states.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from gridapp.domain.plain_text import clean_text
from gridapp.errors import ValidationError

MAX_NAME = 40
CAMPAIGN_ID = re.compile(r"^[0-9a-f-]{8,36}$")
WARNING_KEY = re.compile(r"^[a-z_]{3,16}:[0-9A-Za-z:_-]{1,60}$")
TAG_KEYS = frozenset({"id", "name", "deadline", "warning"})


def _bad(message: str) -> ValidationError:
    return ValidationError("bad_campaign", message, field="campaign")


def check_campaign_tag(raw: Any) -> dict[str, str]:
    """The ``campaign`` of a 督办 payload, checked strictly (it travels to every laptop)."""
    if not isinstance(raw, Mapping) or set(raw) - TAG_KEYS:
        raise _bad("专项整治格式错误")
    ident = raw.get("id")
    if not isinstance(ident, str) or not CAMPAIGN_ID.match(ident):
        raise _bad("专项整治编号格式错误")
    name = raw.get("name")
    name = clean_text(name).strip() if isinstance(name, str) else ""
    if not 0 < len(name) <= MAX_NAME:
        raise _bad(f"请填写专项整治名称（1–{MAX_NAME}字）")
    try:
        deadline = date.fromisoformat(str(raw.get("deadline")))
    except ValueError:
        raise _bad("专项整治期限应为日期") from None
    tag = {"id": ident, "name": name, "deadline": deadline.isoformat()}
    warning = raw.get("warning")
    if warning is not None:
        if not isinstance(warning, str) or not WARNING_KEY.match(warning):
            raise _bad("预警编号格式错误")
        tag["warning"] = warning
    return tag


def with_campaign(text: str, payload: Mapping[str, Any]) -> str:
    """A timeline line for a 督办 that put the case under a campaign: name and deadline."""
    tag = payload.get("campaign")
    if not isinstance(tag, Mapping):
        return text
    said = f"专项整治「{tag.get('name', '')}」，期限 {tag.get('deadline', '')}"
    return f"{said}：{text}" if text else said
