"""The report cover's generation time is China time on a host in another zone.

A district server in a UTC data centre printed a cover generated eight hours before
the data it showed.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from gridapp.reports.service import Reports
from gridapp.workspace import Workspace
from tests.core.host_zone import HOST_ZONES, host_zone


@pytest.mark.parametrize("zone", HOST_ZONES)
def test_the_cover_shows_china_time_on_a_foreign_host(zone, store_path, tmp_path) -> None:
    with host_zone(zone):
        ws = Workspace.open(store_path)  # the default clock, as `gridapp report` uses it
        try:
            ws.act_as("ducha")
            reports = Reports(ws)
            report = reports.monthly()
            china = datetime.now(ZoneInfo("Asia/Shanghai")).replace(tzinfo=None)
            assert abs(report.generated_at - china) < timedelta(minutes=1)
            pdf = reports.write_pdf(report, tmp_path / "report.pdf")
        finally:
            ws.close()
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils not installed")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    stamps = {(china - timedelta(minutes=m)).strftime("%Y-%m-%d %H:%M") for m in range(2)}
    assert any(s in text for s in stamps), text[:800]
