"""Smoke test of the built bundle (dist/gridapp), run as a user would: no Python on PATH.

    .venv/bin/python packaging/smoke_test.py [--bundle dist/gridapp] [--keep]

Every bundle run has a clean environment (HOME, PATH=/usr/bin:/bin, offscreen Qt,
QtWebEngine without sandbox as root), starts in a temp folder, with a temp data dir:

1. ``gridapp --demo --screenshot``: builds the demo district, starts the embedded sync
   service, logs in, pulls, renders the map; the PNG must not be blank and the map page
   must have reported no JavaScript error.
2. ``gridapp-cli report``: the monthly PDF from the demo's central store, with the
   system fonts hidden (a private mount namespace, when root) so the CJK font must come
   from the bundle; ``pdffonts`` shows it embedded, ``pdftotext`` finds Chinese; strace
   (if installed) shows no file opened from a Python installation outside the bundle.
3. Upgrade: the client store from step 1 is taken back to revision 0001 (Alembic, with
   this checkout's Python), a marker row added; the bundled app opens it again: it must
   be at head, with a backup copy at 0001, every case and event and the marker kept.
4. Failed upgrade: a 0001 store with something in the way of 0002: the bundled CLI
   says ``migration_failed`` and the store is left at 0001, intact.

This script itself uses .venv (Pillow, Alembic, sqlite3) only to make and check files.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FAILS: list[str] = []


def check(ok: bool, what: str) -> None:
    print(f"  [{'ok' if ok else 'FAIL'}] {what}", flush=True)
    if not ok:
        FAILS.append(what)


def clean_env(home: Path) -> dict[str, str]:
    return {
        "HOME": str(home),
        "PATH": "/usr/bin:/bin",
        "QT_QPA_PLATFORM": "offscreen",
        "QTWEBENGINE_DISABLE_SANDBOX": "1",
    }


def run(cmd: list[str], cwd: Path, log: Path, timeout: int = 600) -> tuple[int, float, str]:
    started = time.perf_counter()
    env = clean_env(cwd / "home")
    with log.open("w") as out:
        proc = subprocess.run(
            cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=timeout
        )
    return proc.returncode, time.perf_counter() - started, log.read_text(errors="replace")


def sql(path: Path, query: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(query).fetchall()


def revision(path: Path) -> str:
    return sql(path, "SELECT version_num FROM alembic_version")[0][0]


MIGRATIONS: Path | None = None  # the bundle's own db/migrations (set in main)


def alembic_cfg():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_cfg()).get_current_head()


def alembic_to(path: Path, target: str, *, down: bool = False) -> None:
    """Alembic with the bundle's migrations (the checkout may have newer ones)."""
    from alembic import command
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}")
    cfg = alembic_cfg()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, target)
    engine.dispose()


def pixel_stddev(png: Path) -> float:
    from PIL import Image, ImageStat

    with Image.open(png) as img:
        return max(ImageStat.Stat(img.convert("RGB")).stddev)


def last_month() -> str:
    first = date.today().replace(day=1)
    return f"{first.year - (first.month == 1)}-{(first.month - 2) % 12 + 1:02d}"


def can_hide_fonts() -> bool:
    return os.geteuid() == 0 and shutil.which("unshare") is not None


def without_system_fonts(cmd: list[str]) -> list[str]:
    """Run cmd in a private mount namespace where /usr/share/fonts is empty."""
    inner = " ".join(f"'{c}'" for c in cmd)
    return ["unshare", "-m", "sh", "-c", f"mount -t tmpfs none /usr/share/fonts && {inner}"]


def menu_strip_diff(a: Path, b: Path) -> float:
    """Mean pixel difference of the first menu button (月度考评报告) in two screenshots."""
    from PIL import Image, ImageChops, ImageStat

    with Image.open(a) as ia, Image.open(b) as ib:
        box = (0, 0, 95, 28)
        diff = ImageChops.difference(ia.convert("L").crop(box), ib.convert("L").crop(box))
        return ImageStat.Stat(diff).mean[0]


def gui(
    bundle: Path, tmp: Path, data: Path, png: Path, log: Path, *, hide_fonts: bool = False
) -> str:
    cmd = [str(bundle / "gridapp"), "--demo", "--data-dir", str(data), "--screenshot", str(png)]
    if hide_fonts:
        cmd = without_system_fonts(cmd)
    rc, secs, out = run(cmd, tmp, log)
    print(
        f"$ gridapp --demo --screenshot {png.name}: exit {rc} in {secs:.0f} s"
        + (" (system fonts hidden)" if hide_fonts else ""),
        flush=True,
    )
    check(rc == 0, "the app exits 0")
    check("screenshot saved" in out, "the main window was shown and grabbed once the map was ready")
    check(png.is_file() and pixel_stddev(png) > 20, f"{png.name} is not blank")
    js = [line for line in out.splitlines() if "map page:" in line or " ERROR " in line]
    check(not js, "no JavaScript/Python error from the map page" + (f": {js[:3]}" if js else ""))
    return out


def step_report(bundle: Path, tmp: Path, central: Path) -> None:
    pdf = tmp / "report.pdf"
    month = last_month()
    cmd = [str(bundle / "gridapp-cli"), "report", "--month", month]
    cmd += ["--db", str(central), "--out", str(pdf)]
    hidden = can_hide_fonts()
    if hidden:  # hide the system fonts from the bundle: the font must be the bundled one
        cmd = without_system_fonts(cmd)
    traced = shutil.which("strace") is not None
    if traced:
        cmd = ["strace", "-f", "-qq", "-e", "trace=openat", "-o", str(tmp / "strace.txt"), *cmd]
    rc, secs, out = run(cmd, tmp, tmp / "report.log", timeout=300)
    print(
        f"$ gridapp-cli report --month {month} --db …/central.db --out report.pdf: exit {rc} "
        f"in {secs:.1f} s" + (" (system fonts hidden)" if hidden else ""),
        flush=True,
    )
    for line in out.splitlines():
        if "上报" in line or line.startswith("PDF"):
            print("    " + line)
    check(rc == 0 and pdf.is_file(), "report.pdf written")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    print("    " + "\n    ".join(fonts.strip().splitlines()[:4]))
    embedded = [ln for ln in fonts.splitlines() if "WenQuanYi" in ln and " yes " in ln]
    check(bool(embedded), "pdffonts: the bundled CJK font (WenQuanYi Zen Hei) is embedded")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    title = next((ln for ln in text.splitlines() if re.search(r"[\u4e00-\u9fff]{4}", ln)), "")
    check(bool(title), f"pdftotext finds Chinese text: {title!r}")
    if traced:
        opened = (tmp / "strace.txt").read_text(errors="replace")
        outside = sorted(
            set(
                re.findall(
                    r'"((?:/usr/lib/python3|/usr/local/lib/python|'
                    + re.escape(str(ROOT / ".venv"))
                    + r')[^"]*)"',
                    opened,
                )
            )
        )
        check(
            not outside,
            "strace: no file opened from a Python outside the bundle"
            + (f": {outside[:3]}" if outside else ""),
        )


def step_upgrade(bundle: Path, tmp: Path, data: Path) -> None:
    (client,) = (data / "clients").glob("*.db")
    head = head_revision()
    cases = sql(client, "SELECT count(*) FROM cases")[0][0]
    events = sql(client, "SELECT count(*) FROM case_events")[0][0]
    alembic_to(client, "0001", down=True)
    sql(client, "INSERT INTO meta (key, value) VALUES ('smoke_marker', 'kept')")
    fresh = tmp / "fresh-0001.db"
    alembic_to(fresh, "0001")
    tables = "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
    print(
        f"client store {client.name}: {cases} cases, {events} events; taken back to "
        f"{revision(client)} (head {head})",
        flush=True,
    )
    check(sql(client, tables) == sql(fresh, tables), "its tables are those of a 0001 store")
    hide = can_hide_fonts()
    after_png = tmp / "after-upgrade.png"
    gui(bundle, tmp, data, after_png, tmp / "upgrade.log", hide_fonts=hide)
    if hide and after_png.is_file():
        diff = menu_strip_diff(tmp / "window.png", after_png)
        check(diff < 5, f"without system fonts the UI shows the same Chinese (diff {diff:.1f})")
    backups = sorted(client.parent.glob(f"{client.stem}.before-upgrade-0001-*.db"))
    check(revision(client) == head, f"the bundled app migrated the store to {head}")
    check(
        len(backups) == 1 and revision(backups[0]) == "0001",
        "a backup copy at 0001 was taken first: " + (backups[0].name if backups else "none"),
    )
    after = (
        sql(client, "SELECT count(*) FROM cases")[0][0],
        sql(client, "SELECT count(*) FROM case_events")[0][0],
    )
    check(
        after[0] >= cases and after[1] >= events, f"data kept: {after[0]} cases, {after[1]} events"
    )
    marker = sql(client, "SELECT value FROM meta WHERE key='smoke_marker'")
    check(marker == [("kept",)], "the marker row is kept")
    if backups:
        check(
            sql(backups[0], "SELECT count(*) FROM cases")[0][0] == cases,
            "the backup holds the cases",
        )


def step_failed_upgrade(bundle: Path, tmp: Path) -> None:
    broken = tmp / "broken.db"
    alembic_to(broken, "0001")
    sql(broken, "INSERT INTO meta (key, value) VALUES ('store_role', 'client')")
    sql(broken, "CREATE TABLE user_settings (x INTEGER)")  # in the way of 0002
    cmd = [str(bundle / "gridapp-cli"), "report", "--month", last_month()]
    cmd += ["--db", str(broken), "--out", str(tmp / "no.pdf")]
    rc, _secs, out = run(cmd, tmp, tmp / "broken.log", timeout=120)
    said = next((ln for ln in out.splitlines() if "migration_failed" in ln), "")
    print(f"$ gridapp-cli report --db broken.db (0001, 0002 blocked): exit {rc}\n    {said[:160]}")
    check(rc != 0 and bool(said), "the failed upgrade is reported (migration_failed)")
    check(revision(broken) == "0001", "the store is left at 0001")
    check(sql(broken, "PRAGMA integrity_check") == [("ok",)], "and intact (integrity_check ok)")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--bundle", type=Path, default=ROOT / "dist" / "gridapp")
    p.add_argument("--keep", action="store_true", help="keep the temp folder")
    args = p.parse_args()
    bundle = args.bundle.resolve()
    if not (bundle / "gridapp").is_file():
        print(f"no bundle at {bundle}: run packaging/build.sh first", file=sys.stderr)
        return 2
    global MIGRATIONS
    MIGRATIONS = bundle / "_internal" / "db" / "migrations"
    tmp = Path(tempfile.mkdtemp(prefix="gridapp-smoke-"))
    (tmp / "home").mkdir()
    data = tmp / "data"
    print(f"bundle {bundle}, temp folder {tmp}, PATH=/usr/bin:/bin (no venv)", flush=True)
    started = time.perf_counter()
    try:
        gui(bundle, tmp, data, tmp / "window.png", tmp / "gui.log")
        step_report(bundle, tmp, data / "demo" / "central.db")
        step_upgrade(bundle, tmp, data)
        step_failed_upgrade(bundle, tmp)
    finally:
        if not args.keep and not FAILS:
            shutil.rmtree(tmp, ignore_errors=True)
    total = time.perf_counter() - started
    if FAILS:
        print(f"SMOKE TEST FAILED ({len(FAILS)}) in {total:.0f} s; logs in {tmp}")
        return 1
    print(f"SMOKE TEST PASSED in {total:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
