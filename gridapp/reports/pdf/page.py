"""A4 page layout of the monthly report: margins, styles, header and footer.

Every page (the cover too) carries "第 x 页 / 共 y 页", the report id and the data
snapshot time, so a single printed page can be traced back to the data it came from
(EVALUATION.md).  The total page count is only known at the end, so the canvas keeps
each page's state and draws the footers when the document is saved (the usual
reportlab "numbered canvas" pattern, one pass instead of ``multiBuild``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from gridapp.reports.pdf.fonts import FONT_NAME, register_cjk_font

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 18 * mm
MARGIN_RIGHT = 18 * mm
MARGIN_TOP = 22 * mm  # room for the running header
MARGIN_BOTTOM = 20 * mm  # room for the footer
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#616e7c")
ACCENT = colors.HexColor("#1d4e89")
RULE = colors.HexColor("#9aa5b1")


@dataclass(frozen=True)
class PageInfo:
    """What the running header and the footer print on every page."""

    title: str  # e.g. "周村区城市管理监督评价月报"
    region: str  # e.g. "周村区"
    period: str  # e.g. "2026年10月"
    report_id: str
    snapshot: str  # already formatted, e.g. "2026-11-01 08:00"


def make_styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles, all in the CJK font with ``wordWrap="CJK"``.

    Without CJK word-wrapping reportlab only breaks at spaces, and a Chinese
    sentence has none: it would run off the frame.
    """
    register_cjk_font()
    base = ParagraphStyle(
        "body",
        fontName=FONT_NAME,
        fontSize=9.5,
        leading=14,
        textColor=INK,
        wordWrap="CJK",
        alignment=TA_LEFT,
    )

    def derive(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "small": derive("small", fontSize=8, leading=11, textColor=MUTED),
        "cover_title": derive(
            "cover_title", fontSize=26, leading=36, alignment=TA_CENTER, textColor=ACCENT
        ),
        "cover_sub": derive("cover_sub", fontSize=15, leading=24, alignment=TA_CENTER),
        "cover_meta": derive("cover_meta", fontSize=11, leading=20, alignment=TA_CENTER),
        "h1": derive(
            "h1",
            fontSize=15,
            leading=22,
            spaceBefore=4,
            spaceAfter=8,
            textColor=ACCENT,
        ),
        "h2": derive("h2", fontSize=11.5, leading=17, spaceBefore=8, spaceAfter=4),
        "note": derive("note", fontSize=8.5, leading=12.5, textColor=MUTED),
        "cell": derive("cell", fontSize=8.5, leading=11),
        "cell_right": derive("cell_right", fontSize=8.5, leading=11, alignment=TA_RIGHT),
        "cell_center": derive("cell_center", fontSize=8.5, leading=11, alignment=TA_CENTER),
        "head": derive(
            "head", fontSize=8.5, leading=11, alignment=TA_CENTER, textColor=colors.white
        ),
        "callout": derive(
            "callout",
            fontSize=10,
            leading=15,
            borderColor=RULE,
            borderWidth=0.5,
            borderPadding=6,
            leftIndent=6,  # keep the box's border inside the frame, flush with tables
            rightIndent=6,
            backColor=colors.HexColor("#f5f7fa"),
            spaceBefore=6,
            spaceAfter=10,
        ),
    }


def _numbered_canvas(info: PageInfo) -> type[Canvas]:
    """A canvas class that defers header/footer drawing until the page count is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                draw_decorations(self, info, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def draw_decorations(canvas: Canvas, info: PageInfo, page: int, total: int) -> None:
    """Running header (not on the cover) and the traceability footer (every page)."""
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    if page > 1:
        y = PAGE_HEIGHT - MARGIN_TOP + 6 * mm
        canvas.setFont(FONT_NAME, 8.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN_LEFT, y, info.title)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, y, f"{info.region} · {info.period}")
        canvas.line(MARGIN_LEFT, y - 2 * mm, PAGE_WIDTH - MARGIN_RIGHT, y - 2 * mm)
    y = MARGIN_BOTTOM - 9 * mm
    canvas.line(MARGIN_LEFT, y + 4 * mm, PAGE_WIDTH - MARGIN_RIGHT, y + 4 * mm)
    canvas.setFont(FONT_NAME, 8)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN_LEFT, y, f"报告编号 {info.report_id}")
    canvas.drawCentredString(PAGE_WIDTH / 2, y, f"第 {page} 页 / 共 {total} 页")
    canvas.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, y, f"数据截至 {info.snapshot}")
    canvas.restoreState()


class ReportDocument(BaseDocTemplate):
    """A4 document with one full-width frame and the numbered canvas."""

    def __init__(self, filename: str, info: PageInfo, **kw: Any) -> None:
        super().__init__(
            filename,
            pagesize=A4,
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=info.title,
            author="gridapp",
            subject=f"{info.region} {info.period}",
            creator="gridapp monthly report",
            initialFontName=FONT_NAME,  # else every page pulls in non-embedded Helvetica
            initialFontSize=9,
            **kw,
        )
        self.info = info
        frame = Frame(
            MARGIN_LEFT,
            MARGIN_BOTTOM,
            FRAME_WIDTH,
            FRAME_HEIGHT,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def build_story(self, story: list[Any]) -> None:
        """Lay the story out with the numbered canvas (header/footer on every page)."""
        self.build(story, canvasmaker=_numbered_canvas(self.info))
