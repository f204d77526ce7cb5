"""``gridapp report``: the monthly report from a local store or from a sync service.

From a service, the report is computed on a temporary client store: log in (password
from GRIDAPP_PASSWORD or a prompt), pull everything the user may see, compute, write,
then delete the temporary store. The report only covers what that user's scope pulls,
and its footer names the sync time, so a printed copy says what it was made from.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import tempfile
import time
from pathlib import Path

from gridapp.errors import ValidationError
from gridapp.paths import demo_store_path
from gridapp.reports.model import MonthlyReport
from gridapp.workspace import Workspace


def add_report_command(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="月度考评报告 / monthly report (PDF and/or Excel)",
        description="月度考评报告（PDF 和/或 Excel）/ the monthly supervision report",
        epilog="例 / e.g.: gridapp report --demo --month 2026-10 --out 月报.pdf --xlsx 月报.xlsx",
    )
    p.add_argument("--month", help="月份，默认上一个整月 / YYYY-MM (default: the last full month)")
    p.add_argument("--start", help="起始日 / first day YYYY-MM-DD (instead of --month)")
    p.add_argument("--end", help="截止日 / last day YYYY-MM-DD (with --start)")
    p.add_argument(
        "--region", default=None, help="区、街道/镇或社区代码 / district, street or community code"
    )
    p.add_argument("--out", type=Path, help="PDF 文件 / PDF file to write")
    p.add_argument("--xlsx", type=Path, help="Excel 文件 / Excel workbook to write")
    p.add_argument("--weights", type=Path, help="权重 JSON / weights file (default: the store's)")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--db", type=Path, help="本地库 / a local store (SQLite file)")
    src.add_argument(
        "--demo",
        action="store_true",
        help=f"客户端生成的演示库 / the demo store the desktop client built ({demo_store_path()})",
    )
    src.add_argument("--server", help="同步服务地址 / sync service URL, e.g. http://127.0.0.1:8765")
    p.add_argument("--user", help="服务上的用户名 / username on the service (with --server)")
    p.add_argument("--as-user", help="报告署名用户 / with --db: the user named as the author")
    p.set_defaults(run=run_report)


def _progress(pct: int, text: str) -> None:
    print(f"  {pct:3d}% {text}", file=sys.stderr, flush=True)


def _write(ws: Workspace, args: argparse.Namespace) -> MonthlyReport:
    weights = ws.reports.weights(args.weights) if args.weights else None
    started = time.perf_counter()
    report = ws.reports.monthly(
        args.month,
        start=args.start,
        end=args.end,
        region=args.region,
        on_progress=_progress,
        weights=weights,
    )
    s = report.summary
    print(
        f"{report.region.name} {report.period_label}: 上报 {s.reported.value}，立案 "
        f"{s.filed.value}，结案 {s.closed.value}，应结案 {s.due.value}"
        + ("（本期无案件）" if report.empty else "")
        + f"；{report.snapshot_label}；计算 {time.perf_counter() - started:.1f} s"
    )
    if args.xlsx:
        print(f"Excel: {ws.reports.write_xlsx(report, args.xlsx)}")
    if args.out:
        print(f"PDF: {ws.reports.write_pdf(report, args.out)}")
    return report


def run_report(args: argparse.Namespace) -> int:
    if not (args.out or args.xlsx):
        raise ValidationError("no_output", "请用 --out 指定 PDF 文件，或用 --xlsx 指定 Excel 文件")
    if args.month and (args.start or args.end):
        raise ValidationError("bad_period", "请选择 --month 或 --start/--end，不能同时指定")
    if args.demo:
        args.db = demo_store_path()
        if not args.db.exists():
            raise ValidationError(
                "no_store",
                f"找不到演示库：{args.db}（请先启动一次桌面客户端，或用 gridapp demo --out 生成）",
                path=str(args.db),
            )
    if args.db is not None:
        if not args.db.exists():
            raise ValidationError("no_store", f"找不到本地库：{args.db}", path=str(args.db))
        ws = Workspace.open(args.db)
        try:
            if args.as_user:
                ws.act_as(args.as_user)
            _write(ws, args)
        finally:
            ws.close()
        return 0
    return _from_server(args)


def _from_server(args: argparse.Namespace) -> int:
    from gridapp.sync.client import SyncClient
    from gridapp.sync.tokens import TokenStore

    if not args.user:
        raise ValidationError("no_user", "连接服务时请用 --user 指定用户名")
    password = os.environ.get("GRIDAPP_PASSWORD") or getpass.getpass(f"{args.user} 的密码：")
    with tempfile.TemporaryDirectory(prefix="gridapp-report-") as tmp:
        folder = Path(tmp)
        ws = Workspace.open_client(folder / "client.db")
        try:
            client = SyncClient(ws, args.server, TokenStore(folder / "tokens", use_keyring=False))
            client.login(args.user, password)
            if not client.online:
                raise ValidationError("offline", f"无法连接服务：{args.server}")
            _progress(0, "同步数据")
            got = client.sync()
            _progress(0, f"已同步 {got.pulled} 个事件")
            _write(ws, args)
            client.logout()
        finally:
            ws.close()
    return 0
