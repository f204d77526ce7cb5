"""A case's 案卷处理单 as an A4 PDF: facts, the timeline, photos before and after.

Why a PDF made by the core: the same sheet is archived, mailed and printed; the UI
previews it with QtPdf and prints it, so the paper equals the file. Set in the
embedded CJK TrueType font the monthly report uses (``register_cjk_font``): a
viewer without a Chinese font still shows every character. What the viewer may not
see (a citizen's full phone number) is masked as on screen: the sheet is built from
``ws.case()``, the viewer's own view of the case.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from PIL import Image as PILImage
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    Image,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from gridapp.casework.views import CaseDetail
from gridapp.domain.case import Urgency
from gridapp.reports.pdf.fonts import FONT_NAME
from gridapp.reports.pdf.page import (
    FRAME_HEIGHT,
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    make_styles,
)

if TYPE_CHECKING:
    from gridapp.workspace import Workspace

TITLE = "城市管理案卷处理单"
PHOTO_HEIGHT = 62 * mm  # a before/after pair fits under a short timeline
PHOTO_PIXELS = 1200  # longest side kept: sharp on paper, small in the file
HEAD_FILL = colors.HexColor("#1d4e89")
LABEL_FILL = colors.HexColor("#eef2f7")


def _when(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value is not None else ""


def _p(text: str, style: Any) -> Paragraph:
    """User text is data: escaped, line breaks kept."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _canvas_for(number: str, printed: str) -> type[Canvas]:
    """Header and "第 x 页 / 共 y 页" footer, drawn once the page count is known."""

    class SheetCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.setFont(FONT_NAME, 8.5)
            self.setFillColor(MUTED)
            y = PAGE_HEIGHT - MARGIN_TOP + 6 * mm
            self.drawString(MARGIN_LEFT, y, TITLE)
            self.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, y, f"案卷号 {number}")
            self.line(MARGIN_LEFT, y - 2 * mm, PAGE_WIDTH - MARGIN_RIGHT, y - 2 * mm)
            y = MARGIN_BOTTOM - 9 * mm
            self.line(MARGIN_LEFT, y + 4 * mm, PAGE_WIDTH - MARGIN_RIGHT, y + 4 * mm)
            self.setFont(FONT_NAME, 8)
            self.drawCentredString(PAGE_WIDTH / 2, y, f"第 {self._pageNumber} 页 / 共 {total} 页")
            self.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, y, f"打印时间 {printed}")
            self.restoreState()

    return SheetCanvas


class CaseSheet:
    """Builds the sheet of one case for the current user."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.styles = make_styles()  # registers the CJK font

    def write(self, case_id: str, path: Path | str) -> Path:
        detail = self.ws.case(case_id)  # scope-checked: NotFoundError if not visible
        target = Path(path)
        doc = BaseDocTemplate(
            str(target),
            pagesize=A4,
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=f"{TITLE} {detail.case.number}",
            author="gridapp",
            creator="gridapp case sheet",
            initialFontName=FONT_NAME,
            initialFontSize=9,
        )
        frame = Frame(
            MARGIN_LEFT, MARGIN_BOTTOM, FRAME_WIDTH, FRAME_HEIGHT, id="body",
            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
        )  # fmt: skip
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        printed = _when(self.ws.clock())
        doc.build(self.story(detail), canvasmaker=_canvas_for(detail.case.number, printed))
        return target

    # -- the parts ---------------------------------------------------------------------------

    def story(self, d: CaseDetail) -> list[Any]:
        s = self.styles
        out: list[Any] = [
            Paragraph(TITLE, s["cover_sub"]),
            Spacer(1, 4 * mm),
            Paragraph("一、案卷信息", s["h2"]),
            self._facts(d),
            Paragraph("二、处理经过", s["h2"]),
            self._timeline(d),
        ]
        c = d.case
        before = list(c.photos)
        after = list(dict.fromkeys((*c.handle_photos, *c.check_photos)))
        # the heading stays with the photos (a table taller than a page still splits)
        out.append(KeepTogether([Paragraph("三、现场照片", s["h2"]), self._photos(before, after)]))
        return out

    def _facts(self, d: CaseDetail) -> Table:
        s, c = self.styles, d.case
        category = d.category.name if d.category else c.category_code
        if d.subclass is not None:
            category += f" / {d.subclass.name}"
        reporter = " ".join(x for x in (c.reporter_name or "", c.reporter_phone or "") if x)
        deadline = ""
        if d.deadline is not None:
            deadline = _when(d.deadline.deadline) + ("（已超期）" if d.deadline.overdue else "")
        urgency = "紧急" if c.urgency is Urgency.URGENT else "一般"
        place = f"{d.street_name} / {d.community_name} / {d.grid_name}"
        pairs = [
            ("案卷号", c.number, "状态", c.state.label_zh),
            ("案件来源", c.source.label_zh, "紧急程度", urgency),
            ("案件类别", category, "上报时间", _when(c.reported_at)),
            ("所在位置", place, "上报人", reporter or self._name(c.reported_by)),
            ("处置部门", d.department_name or "", "处置时限", deadline),
            ("立案时间", _when(c.filed_at), "处置完成", _when(c.handled_at)),
            ("核查通过", _when(c.verified_at), "结案时间", _when(c.closed_at)),
        ]  # fmt: skip
        cell, label = s["cell"], s["cell"]
        rows: list[list[Any]] = [
            [_p(a, label), _p(b, cell), _p(x, label), _p(y, cell)] for a, b, x, y in pairs
        ]
        rows.append([_p("地址", label), _p(c.address, cell), "", ""])
        rows.append([_p("问题描述", label), _p(c.description, cell), "", ""])
        w = FRAME_WIDTH
        table = Table(rows, colWidths=[0.13 * w, 0.37 * w, 0.13 * w, 0.37 * w])
        n = len(rows)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                    ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),  # no stray Helvetica
                    ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
                    ("BACKGROUND", (2, 0), (2, n - 3), LABEL_FILL),
                    ("SPAN", (1, n - 2), (3, n - 2)),
                    ("SPAN", (1, n - 1), (3, n - 1)),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        return table

    def _timeline(self, d: CaseDetail) -> Table:
        s = self.styles
        head = [Paragraph(t, s["head"]) for t in ("时间", "环节", "办理人", "办理意见")]
        rows: list[list[Any]] = [head]
        for t in d.timeline:
            step = t.action.label_zh
            if t.status == "rejected":
                step += "（未被接受）"
            elif t.status == "pending":
                step += "（待同步）"
            who = f"{t.actor_name}（{t.role.label_zh}）"
            text = t.text
            if t.photos:
                text = (text + " " if text else "") + f"[照片 {len(t.photos)} 张]"
            rows.append(
                [
                    _p(_when(t.at), s["cell"]),
                    _p(step, s["cell"]),
                    _p(who, s["cell"]),
                    _p(text, s["cell"]),
                ]
            )
        w = FRAME_WIDTH
        table = Table(rows, colWidths=[0.18 * w, 0.14 * w, 0.22 * w, 0.46 * w], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                    ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),  # no stray Helvetica
                    ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return table

    def _photos(self, before: list[str], after: list[str]) -> Table:
        """Before on the left, after on the right, side by side as one compares them."""
        s = self.styles
        half = FRAME_WIDTH / 2
        head = [
            Paragraph(f"处置前（上报照片，{len(before)} 张）", s["head"]),
            Paragraph(f"处置后（处置及核查照片，{len(after)} 张）", s["head"]),
        ]
        rows: list[list[Any]] = [head]
        for i in range(max(len(before), len(after), 1)):
            rows.append([self._photo_cell(before, i, half), self._photo_cell(after, i, half)])
        table = Table(rows, colWidths=[half, half], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                    ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),  # no stray Helvetica
                    ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                    ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        return table

    def _photo_cell(self, shas: list[str], index: int, width: float) -> Any:
        if index >= len(shas):
            return Paragraph("无" if index == 0 else "", self.styles["cell_center"])
        image = self._image(shas[index], width - 6 * mm, PHOTO_HEIGHT)
        return image if image is not None else Paragraph("（照片不在本机）", self.styles["note"])

    def _image(self, sha: str, max_w: float, max_h: float) -> Image | None:
        """The photo scaled into the box, re-encoded as JPEG (EXIF not carried over)."""
        data = self.ws.photo_bytes(sha)
        if data is None:
            return None
        with PILImage.open(io.BytesIO(data)) as src:
            img = src.convert("RGB")
        img.thumbnail((PHOTO_PIXELS, PHOTO_PIXELS))
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=85)
        buf.seek(0)
        scale = min(max_w / img.width, max_h / img.height)
        return Image(buf, width=img.width * scale, height=img.height * scale)

    def _name(self, username: str) -> str:
        user = self.ws.reference.users.get(username)
        return user.display_name if user else username


__all__ = ["TITLE", "CaseSheet"]
