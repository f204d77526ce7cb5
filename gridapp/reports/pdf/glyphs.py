"""Every character the report draws has a glyph in the embedded font.

reportlab draws a character the TrueType face has no glyph for as glyph 0 (.notdef):
an empty gap on paper, and nothing at all when the text is copied out. wqy-zenhei has
no U+2212 MINUS SIGN, so the appendix printed "(立案 作废) / 立案" for
"(立案 − 作废) / 立案". Texts come from code, from admin-tuned weights and from users
(reasons, names), so the fix sits where reportlab encodes text for the font:
:class:`CoveredTTFont` swaps each missing character for one the face has, both when
measuring (``stringWidth``) and when drawing (``splitString``), so the layout and the
page agree.

Substitution, in order: a typographic look-alike (:data:`LOOK_ALIKES`, e.g. the minus
sign → the full-width hyphen-minus, which CJK fonts draw as a minus), then the
Unicode compatibility form (NFKC) when the face has all of it, then
:data:`MISSING_MARK` ("□", the box Chinese readers know as "this character could not
be printed") so a missing character is visible, never a silent gap.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection

from reportlab.pdfbase.ttfonts import TTFont

#: Characters CJK TrueType faces often lack, and what to draw instead (first one the
#: face has wins).
LOOK_ALIKES: dict[str, tuple[str, ...]] = {
    "\u2212": ("\uff0d", "-"),  # − MINUS SIGN → － (drawn as a minus in CJK faces)
    "\u2010": ("-",),  # ‐ HYPHEN
    "\u2011": ("-",),  # ‑ NON-BREAKING HYPHEN
    "\u2013": ("\uff0d", "-"),  # – EN DASH
    "\u2022": ("\u00b7", "\u30fb"),  # • BULLET → · / ・
    "\u2219": ("\u00b7",),  # ∙ BULLET OPERATOR
    "\u22c5": ("\u00b7",),  # ⋅ DOT OPERATOR
    "\u2009": (" ",),  # THIN SPACE
    "\u202f": (" ",),  # NARROW NO-BREAK SPACE
    "\u3000": ("  ",),  # IDEOGRAPHIC SPACE (some faces lack it)
}
MISSING_MARK = ("\u25a1", "?")  # □, else a question mark


def substitute(char: str, covered: Collection[int]) -> str:
    """What to draw for ``char`` with a face covering the code points ``covered``."""
    if ord(char) in covered:
        return char
    for option in LOOK_ALIKES.get(char, ()):
        if all(ord(c) in covered for c in option):
            return option
    compat = unicodedata.normalize("NFKC", char)
    if compat != char and compat and all(ord(c) in covered for c in compat):
        return compat
    if unicodedata.category(char) in ("Cc", "Zl", "Zp"):
        return " "  # a stray control / line separator: a space, not a box
    return next((m for m in MISSING_MARK if ord(m) in covered), "")


class _Substitutions(dict[int, str]):
    """``str.translate`` table filled on first sight of each character (memoised)."""

    def __init__(self, covered: Collection[int]) -> None:
        super().__init__()
        self.covered = covered

    def __missing__(self, code: int) -> str:
        value = self[code] = substitute(chr(code), self.covered)
        return value


class CoveredTTFont(TTFont):
    """A ``TTFont`` that never asks its face for a glyph it does not have."""

    def __init__(self, name: str, filename: str, subfontIndex: int = 0) -> None:
        super().__init__(name, filename, subfontIndex=subfontIndex)
        covered = frozenset(self.face.charToGlyph)
        self.covered: frozenset[int] = covered
        self._table = _Substitutions(covered)
        self._ascii_ok = all(c in covered for c in range(0x20, 0x7F))

    def printable(self, text: str | bytes) -> str:
        """``text`` with every character the face lacks replaced (see module docstring)."""
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        if self._ascii_ok and text.isascii() and text.isprintable():
            return text  # the common case (numbers, case codes) stays a no-op
        return text.translate(self._table)

    def stringWidth(self, text: str | bytes, size: float, encoding: str = "utf8") -> float:
        return super().stringWidth(self.printable(text), size, encoding)

    def splitString(self, text: str | bytes, doc: object, encoding: str = "utf-8") -> list:
        return super().splitString(self.printable(text), doc, encoding)
