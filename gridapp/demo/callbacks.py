"""回访 and 重办 in the demo: the centre calls back the citizens of closed 12345 and
public cases, and an unsatisfied verdict is sometimes sent back to the department.

Without them the demo's report and statistics would show an empty 回访满意度 section.
The draws come from their own random stream, so the fates of the demo's cases (and
every figure that does not involve callbacks) stay as they were.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from gridapp.domain.actions import CALLBACK_SOURCES
from gridapp.domain.roles import Role

if TYPE_CHECKING:
    from gridapp.demo.cases import DemoCases, Fate

# (verdict, weight): None is a call that did not reach the citizen (tried again later).
VERDICTS = (("satisfied", 74), ("basic", 15), ("unsatisfied", 7), (None, 4))
REOPEN_SHARE = 0.6  # of unsatisfied verdicts, those the shift lead sends back (重办)
NOTES = {
    "satisfied": "群众表示满意",
    "basic": "群众表示基本满意",
    "unsatisfied": "群众表示问题仍未解决",
    None: "电话无人接听",
}


class DemoCallbacks:
    """Schedules the 回访 of a closed case and what follows from its verdict."""

    def __init__(self, demo: DemoCases, seed: int) -> None:
        self.demo = demo
        self.rng = random.Random(seed)

    def after_close(self, case_id: str, fate: Fate) -> None:
        case = self.demo.ws.service.load(case_id)
        if case.source not in CALLBACK_SOURCES:
            return
        self.demo.later(self.rng.uniform(60, 960), lambda: self.call(case_id, fate, 1))

    def call(self, case_id: str, fate: Fate, attempt: int) -> None:
        demo = self.demo
        case = demo.ws.service.load(case_id)
        verdicts, weights = zip(*VERDICTS, strict=True)
        verdict = self.rng.choices(verdicts, weights)[0]
        if verdict == "unsatisfied" and case.reopen_count:
            verdict = "basic"  # the demo reopens a case once at most
        payload: dict = {"reached": verdict is not None, "note": NOTES[verdict]}
        if verdict is not None:
            payload["satisfaction"] = verdict
        intake = demo.centre(case, Role.INTAKE)
        demo.act(intake, case_id, "callback", payload)
        if verdict is None and attempt < 3:
            self.demo.later(
                self.rng.uniform(120, 480), lambda: self.call(case_id, fate, attempt + 1)
            )
        elif verdict == "unsatisfied" and self.rng.random() < REOPEN_SHARE:
            self.demo.later(self.rng.uniform(20, 120), lambda: self.reopen(case_id, fate))

    def reopen(self, case_id: str, fate: Fate) -> None:
        demo = self.demo
        case = demo.ws.service.load(case_id)
        lead = demo.centre(case, Role.SHIFT_LEAD)
        case = demo.act(lead, case_id, "reopen", {"note": "回访不满意，重新交办"})
        fate.late = fate.rework = False
        demo.department_work(case, fate, first=False)
