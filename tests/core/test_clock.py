"""One clock for the program: Asia/Shanghai wall-clock time whatever the host's zone."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from gridapp import clock
from gridapp.workspace import Workspace
from tests.core.host_zone import HOST_ZONES, host_zone

ROOT = Path(__file__).resolve().parents[2]
SHANGHAI = ZoneInfo("Asia/Shanghai")

# What reads the host's clock or zone. ``fromtimestamp(x)`` with one argument is local time.
HOST_CLOCK = re.compile(
    r"\bdatetime\.now\b(?!\(\s*(tz\s*=\s*)?\w)"  # datetime.now() / datetime.now as a value
    r"|\bdate\.today\b|\butcnow\b|\butcfromtimestamp\b"
    r"|\bfromtimestamp\(\s*[^,()]+\)"
    r"|\btime\.(localtime|ctime|strftime|mktime)\b"
)


def _china_now() -> datetime:
    return datetime.now(SHANGHAI).replace(tzinfo=None)


def test_nothing_but_the_clock_module_reads_the_host_clock() -> None:
    found = []
    for folder in ("gridapp", "ui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == ROOT / "gridapp" / "clock.py":
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if HOST_CLOCK.search(line.split("#", 1)[0]):
                    found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not found, "use gridapp.clock (China time), not the host's clock:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        "x = datetime.now()",
        "now: Callable[[], datetime] = datetime.now",
        "end = end or date.today()",
        "t = datetime.utcnow()",
        "t = datetime.fromtimestamp(st.st_mtime)",
        'stamp = time.strftime("%Y")',
    ],
)
def test_the_guard_catches_each_way_to_the_host_clock(line: str) -> None:
    assert HOST_CLOCK.search(line)


@pytest.mark.parametrize(
    "line", ["datetime.fromtimestamp(record.created, UTC)", "datetime.now(CHINA)", "clock.now()"]
)
def test_the_guard_lets_zone_aware_calls_through(line: str) -> None:
    assert not HOST_CLOCK.search(line)


@pytest.mark.parametrize("zone", HOST_ZONES)
def test_now_is_china_time_on_a_host_in_another_zone(zone: str) -> None:
    with host_zone(zone):
        host = datetime.now()
        now, china = clock.now(), _china_now()
        assert abs(host - china) >= timedelta(hours=7)  # the host really is elsewhere
        assert abs(now - china) < timedelta(minutes=1)
        assert now.tzinfo is None and now.microsecond == 0
        assert clock.today() == china.date()
        assert clock.stamp()[:8] == china.strftime("%Y%m%d")


@pytest.mark.parametrize("zone", HOST_ZONES)
def test_a_workspace_stamps_china_time_on_a_host_in_another_zone(zone, tmp_path) -> None:
    with host_zone(zone):
        ws = Workspace.open_client(tmp_path / "client.db")
        try:
            assert abs(ws.clock() - _china_now()) < timedelta(minutes=1)
        finally:
            ws.close()


def test_tests_can_pin_the_clock() -> None:
    at = datetime(2026, 10, 8, 9, 30)
    with clock.frozen(at):
        assert clock.now() == at and clock.today() == at.date()
        with clock.use(lambda: at + timedelta(hours=1)):
            assert clock.now() == at + timedelta(hours=1)
        assert clock.now() == at
    assert clock.now() != at
