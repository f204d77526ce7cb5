"""User text on screen is text, never markup.

Qt guesses: a QLabel, a QMessageBox and every tooltip (widgets' and item views'
``ToolTipRole``) render their text as HTML when it *looks* like HTML
(``Qt::mightBeRichText``). A case description typed as
``<h1>【系统通知】…</h1><img src="file:///…">`` would then show as a fake notice and make
Qt read a local file. So anything that shows text from users (case fields, notes,
reasons, names, file names, messages that quote them) goes through here:

- :func:`plain_label` / :func:`set_plain`: a QLabel fixed to ``Qt.PlainText``;
- :func:`plain_tip`: a tooltip string that shows the text literally;
- :func:`escaped`: for the few labels that are rich text on purpose (a link), each
  user part escaped.
"""

from __future__ import annotations

import html

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

TIP_LINE = 80  # characters: a longer tooltip line is wrapped…
TIP_WIDTH = 480  # …at this width (pixels)


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that never interprets its text as markup."""
    label = QLabel(parent)
    set_plain(label, text)
    return label


def set_plain(label: QLabel, text: str) -> None:
    """Set ``text`` on ``label`` as plain text (whatever the label's format was)."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)


def plain_tip(text: str | None) -> str:
    """A tooltip showing ``text`` literally.

    Tooltips cannot be told their format: text that Qt would take for HTML is escaped
    and wrapped, so the HTML shows exactly the characters typed. Lines keep their
    breaks and spaces; only lines longer than a plain tooltip would comfortably show
    are wrapped (as rich text, Qt would otherwise wrap even short ones narrowly).
    """
    if not text or not QtGui.Qt.mightBeRichText(text):
        return text or ""
    longest = max(len(line) for line in text.splitlines() or [""])
    if longest <= TIP_LINE:
        return f'<p style="white-space:pre">{escaped(text)}</p>'
    return (  # a fixed width: Qt would otherwise narrow a rich tooltip to a few words
        f'<table width="{TIP_WIDTH}"><tr><td style="white-space:pre-wrap">'
        f"{escaped(text)}</td></tr></table>"
    )


def escaped(text: str) -> str:
    """``text`` as a piece of Qt rich text."""
    return html.escape(text, quote=True)
