"""The monthly report as a PDF (reportlab, A4, embedded CJK font).

``render_pdf(report, path)`` is the one entry point; it renders only from a
``gridapp.reports.model.MonthlyReport``.
"""

from gridapp.reports.pdf.fonts import FontNotFoundError, register_cjk_font
from gridapp.reports.pdf.render import render_pdf

__all__ = ["FontNotFoundError", "register_cjk_font", "render_pdf"]
