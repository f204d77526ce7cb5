"""What one push round learns as it goes: which events wait behind a held one, which
failed alone, and whether the service answers at all. ``SyncEngine.push`` keeps one per
round; kept apart so the engine's module stays about the round's steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, auto

from gridapp.sync.transport import ServiceFault, SyncError


class Alone(Enum):
    """How a push of one event by itself went."""

    ANSWERED = auto()
    REFUSED = auto()
    FAILED = auto()
    NEW_EPOCH = auto()


@dataclass
class PushRound:
    """What one push round learnt: events held back, and whether the service works."""

    waiting: set[str] = field(default_factory=set)  # cases the service asked to wait
    held: dict[str, int] = field(default_factory=dict)  # case id → n of its held event
    failed: list[tuple[dict, SyncError]] = field(default_factory=list)  # failed alone
    tried: set[str] = field(default_factory=set)  # held events already pushed alone
    proof: bool = False  # the service answered a push of ours properly
    walking: bool = False  # pushing one by one since the service failed on a batch
    last_fault: ServiceFault | None = None

    def hold(self, row: dict) -> None:
        known = self.held.get(row["case_id"])
        self.held[row["case_id"]] = row["n"] if known is None else min(known, row["n"])

    def holds_back(self, row: dict) -> bool:
        """An earlier event of its case is held, or the service asked its case to wait."""
        if row["case_id"] in self.waiting:
            return True
        first = self.held.get(row["case_id"])
        return first is not None and first < row["n"]

    def fail(self, row: dict, exc: ServiceFault) -> None:
        self.failed.append((row, exc))
        self.last_fault = exc
        self.hold(row)


def merge_holds(*holds: dict[str, int]) -> dict[str, int]:
    merged: dict[str, int] = {}
    for hold in holds:
        for case_id, n in hold.items():
            merged[case_id] = min(n, merged.get(case_id, n))
    return merged
