"""Which characters user text may hold, shared by the core and the sync protocol.

The service refuses text with NUL, other control characters (newline and tab
excepted) or lone surrogates (`gridapp.sync.wire_types`). Text typed or pasted on a
laptop is cleaned the same way when the case is saved, so a description pasted from a
Windows program (CR LF line ends) or carrying a stray control character is never
refused later at sync, after the officer has left the street.
"""

from __future__ import annotations

import re

UNSAFE_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` with CR LF and CR as LF, and characters that cannot travel removed."""
    return UNSAFE_CHARS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
