"""The CJK font the report is set in, found once and embedded as a subset.

Why a TrueType font and not reportlab's built-in ``STSong-Light``: the CID font is
*not* embedded, so a viewer without a Chinese font shows blanks — a printed
supervision report must look the same everywhere.  Noto CJK (CFF outlines) does not
load in reportlab, so we look for TrueType faces only (wqy-zenhei ``.ttc`` with a
``subfontIndex``, Microsoft YaHei / SimHei on Windows, the macOS system fonts).

Search order: ``$GRIDAPP_CJK_FONT`` (a path, optionally ``path#index``), then
``resources/fonts/`` of the checkout / app bundle (the packager drops the font file
there), then the usual system paths.  No font found → :class:`FontNotFoundError`
naming the Debian package to install.  The face is loaded as a
:class:`~gridapp.reports.pdf.glyphs.CoveredTTFont`, so a character it lacks is drawn
as a look-alike it has, never as an empty gap.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from gridapp.reports.pdf.glyphs import CoveredTTFont

#: The name every style in the report uses; one registration per process.
FONT_NAME = "GridappCJK"

ENV_VAR = "GRIDAPP_CJK_FONT"
DEBIAN_PACKAGE = "fonts-wqy-zenhei"


class FontNotFoundError(RuntimeError):
    """No usable CJK TrueType font: the report cannot be set in Chinese."""


@dataclass(frozen=True)
class FontFile:
    """A font file and, for a collection (.ttc), which face to use."""

    path: Path
    subfont_index: int = 0


def _bundle_font_dirs() -> list[Path]:
    """``resources/fonts`` next to the checkout, or inside a frozen bundle."""
    dirs = [Path(__file__).resolve().parents[3] / "resources" / "fonts"]
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        dirs.insert(0, Path(meipass) / "resources" / "fonts")
    return dirs


# File names we know are TrueType outlines with full GB 2312 coverage, best first.
_KNOWN_NAMES: tuple[tuple[str, int], ...] = (
    ("wqy-zenhei.ttc", 0),
    ("wqy-microhei.ttc", 0),
    ("msyh.ttc", 0),
    ("msyh.ttf", 0),
    ("simhei.ttf", 0),
    ("simsun.ttc", 0),
    ("Hiragino Sans GB.ttc", 0),
    ("STHeiti Medium.ttc", 0),
    ("Arial Unicode.ttf", 0),
)


def _system_font_dirs() -> list[Path]:
    """The usual places per platform (Debian, Windows, macOS)."""
    windir = os.environ.get("WINDIR", r"C:\Windows")
    home = Path.home()
    return [
        Path("/usr/share/fonts/truetype/wqy"),
        Path("/usr/share/fonts/wqy-zenhei"),
        Path("/usr/share/fonts/wenquanyi/wqy-zenhei"),
        Path("/usr/share/fonts/truetype/arphic"),
        Path("/usr/local/share/fonts"),
        home / ".local/share/fonts",
        home / ".fonts",
        Path(windir) / "Fonts",
        home / "AppData/Local/Microsoft/Windows/Fonts",
        Path("/System/Library/Fonts"),
        Path("/System/Library/Fonts/Supplemental"),
        Path("/Library/Fonts"),
        home / "Library/Fonts",
    ]


def candidate_files() -> list[FontFile]:
    """Every place we would try, in order (exposed so a test can check the order)."""
    out: list[FontFile] = []
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        path, _, index = env.partition("#")
        out.append(FontFile(Path(path), int(index) if index.isdigit() else 0))
    for folder in [*_bundle_font_dirs(), *_system_font_dirs()]:
        for name, index in _KNOWN_NAMES:
            out.append(FontFile(folder / name, index))
    return out


def _load(candidate: FontFile) -> TTFont | None:
    """Open one candidate; ``None`` when it is missing or not a loadable TrueType."""
    if not candidate.path.is_file():
        return None
    try:
        return CoveredTTFont(FONT_NAME, str(candidate.path), subfontIndex=candidate.subfont_index)
    except (TTFError, OSError, ValueError, KeyError, IndexError):
        return None


_lock = threading.Lock()
_registered: FontFile | None = None


def register_cjk_font() -> FontFile:
    """Register :data:`FONT_NAME` once (thread-safe) and return the file used.

    The same face is mapped for bold/italic so ``<b>`` in a paragraph never fails
    (wqy-zenhei has no bold; headings use size and colour instead).
    """
    global _registered
    with _lock:
        if _registered is not None:
            return _registered
        tried: list[str] = []
        for candidate in candidate_files():
            font = _load(candidate)
            if font is None:
                if candidate.path.is_file():
                    tried.append(f"{candidate.path} (not a loadable TrueType face)")
                continue
            pdfmetrics.registerFont(font)
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(FONT_NAME, bold, italic, FONT_NAME)
            _registered = candidate
            return candidate
        detail = ("; tried: " + ", ".join(tried)) if tried else ""
        raise FontNotFoundError(
            "No Chinese TrueType font found for the PDF report. Install the Debian "
            f"package '{DEBIAN_PACKAGE}' (apt-get install {DEBIAN_PACKAGE}), put "
            "wqy-zenhei.ttc into resources/fonts/, or set "
            f"{ENV_VAR}=/path/to/font.ttc[#index]{detail}"
        )
