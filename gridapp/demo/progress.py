"""Progress of building the demo district: the steps and counts a first start reports.

Building six months of cases takes a minute or two on a laptop; a silent wait that
long looks like a hang. Each step reports a :class:`DemoProgress`; the command line
and the log print it (``str``), the desktop's start-up box shows it translated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoProgress:
    step: str  # "reference", "cases", "saving", "starting"
    done: int = 0  # months simulated (step "cases")
    total: int = 0  # months to simulate
    cases: int = 0  # cases reported so far
    events: int = 0  # workflow steps run so far

    def __str__(self) -> str:
        match self.step:
            case "reference":
                return "demo: writing the district (streets, grids, departments, users)"
            case "cases":
                return (
                    f"demo: cases, {self.done}/{self.total} months done: "
                    f"{self.cases:,} cases, {self.events:,} workflow steps"
                )
            case "saving":
                return f"demo: saving ({self.cases:,} cases, {self.events:,} workflow steps)"
            case "starting":
                return "demo: starting the local sync service"
        return f"demo: {self.step}"


OnProgress = Callable[[DemoProgress], None]
