"""What a sync round tells its caller: its report, a pull's progress, a full local disk,
and how long to wait after failed rounds (``gridapp.sync.engine`` runs the round)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from gridapp.errors import DiskFullError
from gridapp.sync.errors import TransientError


@dataclass
class SyncReport:
    pushed: int = 0
    accepted: int = 0
    rejected: int = 0
    waiting: int = 0  # events the service asked to send again later (photos missing)
    pulled: int = 0
    reference_updated: bool = False
    epoch_reset: bool = False
    case_ids: set[str] = field(default_factory=set)
    stuck: int = 0  # events this round found the service failing on, now held back


@dataclass(frozen=True)
class PullProgress:
    """How far a pull has come: events received, and the log position out of its head.

    ``head`` is the service's highest seq (None from a service that does not say):
    ``cursor / head`` is the share of the log already read for this user.
    """

    pulled: int  # events received so far in this round
    cursor: int  # log position reached
    head: int | None  # log position to reach
    start: int = 0  # log position the pull began at

    @property
    def fraction(self) -> float | None:
        if self.head is None or self.head <= self.start:
            return None if self.head is None else 1.0
        return min(1.0, (self.cursor - self.start) / (self.head - self.start))


class LocalDiskFull(TransientError):
    """This computer's disk is full: the round stopped, nothing was lost, try again later.

    Every local write of a round is one transaction (a pulled page with its cursor, a
    push's answers with their events' status), so a write the disk refused left the
    pending events pending and the cursor before the page: the next round sends the
    events again (the service answers "duplicate") and pulls the page again.
    The message is the DiskFullError's, naming the folder to clear.
    """

    def __init__(self, error: DiskFullError) -> None:
        super().__init__(error.code, error.message)


def backoff_delay(failures: int, *, base: float = 2.0, cap: float = 300.0) -> float:
    """Seconds to wait after ``failures`` failed rounds in a row (full jitter)."""
    if failures <= 0:
        return 0.0
    return random.uniform(0, min(cap, base * 2 ** (failures - 1)))
