"""How folded case facts are kept as text: ``facts.py``'s Structs as JSON arrays in field
order (``case_facts.facts``, ``case_facts_cuts.facts``), read back many rows at a parse."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from gridapp.reports.facts import CaseFacts

encoder = msgspec.json.Encoder()
_one = msgspec.json.Decoder(CaseFacts)
_many = msgspec.json.Decoder(list[CaseFacts])
event_rows = msgspec.json.Decoder(list[tuple[str, str, str, datetime, Any]])


def encode_facts(f: CaseFacts) -> str:
    return encoder.encode(f).decode()


def encoded_or_none(f: CaseFacts) -> str | None:
    """The facts as stored, or None when they cannot be: e.g. a lone surrogate a payload
    escaped (the caller then keeps nothing it would read as current)."""
    try:
        return encode_facts(f)
    except (UnicodeEncodeError, OverflowError, TypeError):
        return None


def decode_facts(text: str) -> CaseFacts:
    return _one.decode(text)


def decode_many(texts: list[str]) -> list[CaseFacts | None]:
    """One parse for many rows: the per-call overhead is most of a small row's cost.

    A row that does not decode (written by hand, or by a fold that let a wrongly typed
    payload value through) is None: its case is folded from the log instead.
    """
    if not texts:
        return []
    try:
        return list(_many.decode("[" + ",".join(texts) + "]"))
    except (msgspec.DecodeError, msgspec.ValidationError):
        return [decode_or_none(t) for t in texts]


def decode_or_none(text: str) -> CaseFacts | None:
    try:
        return _one.decode(text)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
