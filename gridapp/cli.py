"""The ``gridapp`` command line (no Qt): demo stores, reports, the service and its upkeep."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from gridapp.errors import GridappError
from gridapp.paths import DATA_DIR_ENV, demo_store_path

DESCRIPTION = """\
gridapp 命令行工具（无界面）：演示数据、月度考评报告、同步服务及其维护。
gridapp command-line tools (no GUI): demo store, monthly report, sync service, upkeep.

桌面客户端另行启动 / the desktop client is started separately:
  源码目录 / checkout:  scripts/demo.sh（演示 / demo）, python main.py --help（客户端选项）
  安装包 / bundle:      gridapp（客户端 / client）, gridapp-cli（本工具 / these tools）"""


def _epilog() -> str:
    return f"""\
演示数据 / the demo store:
  客户端首次启动时生成于数据目录 / built on the client's first start in its data folder:
    {demo_store_path()}
  数据目录可用环境变量 {DATA_DIR_ENV} 指定 / {DATA_DIR_ENV} overrides the data folder.

常用命令 / examples:
  gridapp report --demo --month 2026-10 --out 月报.pdf --xlsx 月报.xlsx
      从演示数据生成月度考评报告 / the monthly report from the demo store
  gridapp report --db central.db --region 370306001 --out 丝绸路街道.pdf
  gridapp demo --out demo.db --months 6          另建一份演示库 / a separate demo store
  gridapp serve --db var/central.db --demo --port 8765
  gridapp <命令> --help                           各命令的选项 / each command's options"""


def _build_demo(args: argparse.Namespace) -> int:
    from gridapp.demo.build import build_demo_store

    started = time.perf_counter()

    def progress(step: object) -> None:  # a build takes minutes: say where it is
        print(f"[{time.perf_counter() - started:5.0f} s] {step}", flush=True)

    ws = build_demo_store(
        args.out,
        seed=args.seed,
        end=args.end,
        months=args.months,
        per_day=args.per_day,
        on_progress=progress,
    )
    ws.act_as("ducha")
    print(f"{args.out}: {ws.count_cases()} cases in {time.perf_counter() - started:.1f} s")
    ws.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="gridapp",
        description=DESCRIPTION,
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="<命令 command>")
    demo = sub.add_parser("demo", help="生成演示库 / build a demo store (淄博市周村区)")
    demo.add_argument("--out", type=Path, required=True, help="new SQLite file to create")
    demo.add_argument("--seed", type=int, default=370306)
    demo.add_argument("--end", type=date.fromisoformat, default=None, help="last day (today)")
    demo.add_argument("--months", type=int, default=6)
    demo.add_argument("--per-day", type=float, default=24.0, help="mean reports per weekday")
    demo.set_defaults(run=_build_demo)
    from gridapp.reports.cli import add_report_command

    add_report_command(sub)
    from gridapp.server.main import add_commands

    add_commands(sub)
    from gridapp.server.photo_gc import add_gc_command

    add_gc_command(sub)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except GridappError as exc:
        print(f"error [{exc.code}]: {exc.message}", file=sys.stderr)
        return 2
    except FileExistsError as exc:
        print(f"error: {exc} exists already", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
