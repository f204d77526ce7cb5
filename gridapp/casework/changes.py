"""What a mutation changed: the UI broadcasts it and each view decides whether to refresh."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    case_ids: frozenset[str] = field(default_factory=frozenset)
    event_ids: tuple[str, ...] = ()
    reference: bool = False  # grids, users, departments, calendar changed
    pending: bool = False  # saved here, not yet accepted by the central store (sync soon)

    def __bool__(self) -> bool:
        return bool(self.case_ids or self.event_ids or self.reference)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.case_ids | other.case_ids,
            self.event_ids + other.event_ids,
            self.reference or other.reference,
            self.pending or other.pending,
        )
