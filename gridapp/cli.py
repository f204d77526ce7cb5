"""The ``gridapp`` command line (no Qt): demo stores, reports, the service and its upkeep."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from gridapp.errors import GridappError


def _build_demo(args: argparse.Namespace) -> int:
    from gridapp.demo.build import build_demo_store

    started = time.perf_counter()
    ws = build_demo_store(
        args.out, seed=args.seed, end=args.end, months=args.months, per_day=args.per_day
    )
    ws.act_as("ducha")
    print(f"{args.out}: {ws.count_cases()} cases in {time.perf_counter() - started:.1f} s")
    ws.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gridapp")
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="build a demo store (淄博市周村区)")
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
