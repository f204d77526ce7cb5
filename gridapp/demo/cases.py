"""Six months of demo cases, made by running the real workflow as the real roles.

A discrete-event simulation: each case gets a fate when reported (filed or not,
late or on time, returned, extended, suspended, reworked…) and its steps are
queued at plausible times; the queue is worked in time order with the workspace
clock set to each step's moment. Steps due after ``end`` never run, so the demo
ends with cases open in every state. Same seed, same cases.
"""

from __future__ import annotations

import heapq
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from gridapp.demo.callbacks import DemoCallbacks
from gridapp.demo.co_handling import co_payload, schedule_receipts
from gridapp.demo.district import random_point_in
from gridapp.demo.photos import scene_for, street_photo
from gridapp.demo.progress import DemoProgress, OnProgress
from gridapp.demo.roads import address_at, on_road
from gridapp.domain.case import CaseRecord, CaseState, Source, Tier
from gridapp.domain.geo import Grid
from gridapp.domain.roles import Role
from gridapp.domain.units import TimeUnit
from gridapp.store.files import PhotoInfo
from gridapp.workspace import Workspace

# Frequent categories weigh more, as in any district's statistics.
HOT_CATEGORIES = {
    "020102": 14,  # 暴露垃圾
    "020103": 8,
    "020104": 9,
    "050101": 10,
    "050102": 8,
    "050103": 7,
    "020201": 9,
    "020115": 5,
    "050104": 6,
    "020301": 4,
}
PHOTO_VARIANTS = 12  # photos of each kind of problem (made when first used)
SOURCES = ((Source.PATROL, 74), (Source.HOTLINE, 16), (Source.PUBLIC, 7), (Source.CAMERA, 3))


@dataclass
class Fate:
    """What will happen to a case, drawn once at report time."""

    verify_true: bool = True
    not_filed: bool = False
    void: bool = False
    duplicate_of: str | None = None
    escalate: bool = False
    returned: bool = False
    extension: str | None = None  # approve / deny
    suspension: str | None = None  # approve / deny / resume
    late: bool = False
    rework: bool = False
    photos: list[PhotoInfo] = field(default_factory=list)
    spots: list[tuple[str, int]] = field(default_factory=list)  # (scene, variant) of each


class DemoCases:
    def __init__(self, ws: Workspace, seed: int, start: datetime, end: datetime) -> None:
        self.ws = ws
        self.seed = seed
        self.rng = random.Random(seed)
        # places and photos draw from their own streams: the cases' fates stay the same
        self.places = random.Random(seed + 2)
        # 签收 and 协办 draw from theirs too (added later: the older fates stay as they were)
        self.receipts = random.Random(seed + 3)
        self.callbacks = DemoCallbacks(self, seed + 4)  # 回访/重办: a stream of their own
        self.photos: dict[tuple[str, int, bool], PhotoInfo] = {}
        self.start, self.end = start, end
        self.queue: list[tuple[datetime, int, Callable[[], None]]] = []
        self.counter = 0
        self.now = start
        ws.clock = lambda: self.now
        ref = ws.reference
        self.grids: list[Grid] = sorted(ref.grids.values(), key=lambda g: g.code)
        self.grid_weights = [
            5.0 if not ref.streets[g.street_code].has_centre else 1.0 for g in self.grids
        ]
        codes = [c.code for c in ws.catalog.active()]  # retired classes: old cases only
        self.categories = codes
        self.category_weights = [HOT_CATEGORIES.get(c, 1) for c in codes]
        self.recent: list[tuple[datetime, str]] = []  # (reported_at, case id) for duplicates
        self.staff = self._staff()

    def _staff(self) -> dict[tuple[str | None, Role], str]:
        staff: dict[tuple[str | None, Role], str] = {}
        for user in sorted(self.ws.reference.users.values(), key=lambda u: u.username):
            if user.role.is_command_staff:
                staff.setdefault((user.street_code, user.role), user.username)
        return staff

    # -- the queue ------------------------------------------------------------------------

    def at(self, when: datetime, step: Callable[[], None]) -> None:
        if when <= self.end:
            self.counter += 1
            heapq.heappush(self.queue, (when, self.counter, step))

    def later(self, minutes: float, step: Callable[[], None]) -> None:
        """``minutes`` of office (working) time from now."""
        cal = self.ws.reference.calendar
        self.at(cal.deadline_for(self.now, minutes / 60.0, TimeUnit.WORK_HOUR), step)

    def run(self, per_day: float, on_progress: OnProgress | None = None) -> int:
        """Schedule the reports, then work the queue; ``on_progress`` hears of each month."""
        cases = 0

        def report() -> None:
            nonlocal cases
            cases += 1
            self.report()

        day = self.start
        while day < self.end:
            weekday = day.weekday() < 5
            for _ in range(self._poisson(per_day * (1.0 if weekday else 0.55))):
                t = day + timedelta(minutes=self.rng.randint(7 * 60, 19 * 60))
                self.at(t, report)
            day += timedelta(days=1)
        months = _months_between(self.start, self.end)
        done = reported = 0  # reported: months told as done (a step may go back in time)
        with self.ws.service.batch():
            while self.queue:
                self.now, _, step = heapq.heappop(self.queue)
                finished = _months_between(self.start, self.now) - 1
                if on_progress and finished > reported:
                    reported = finished
                    on_progress(DemoProgress("cases", finished, months, cases, done))
                step()
                done += 1
        if on_progress:
            on_progress(DemoProgress("cases", months, months, cases, done))
        return done

    def _poisson(self, mean: float) -> int:
        # Knuth's method is slow for large means; a rounded normal is fine here.
        return max(0, round(self.rng.gauss(mean, mean**0.5)))

    # -- helpers ------------------------------------------------------------------------

    def act(
        self,
        username: str,
        case_id: str,
        action: str,
        payload: dict | None = None,
        photos: list[PhotoInfo] | None = None,
    ) -> CaseRecord:
        self.ws.act_as(username)
        self.ws.act(case_id, action, payload or {}, photos or [])
        return self.ws.service.load(case_id)

    def centre(self, case: CaseRecord, role: Role) -> str:
        key = case.street_code if case.tier is Tier.TOWN else None
        return self.staff.get((key, role)) or self.staff[(None, role)]

    def officer(self, grid_code: str) -> str:
        officers = self.ws.reference.officers_of_grid(grid_code)
        return sorted(officers, key=lambda u: u.username)[0].username

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def photo(self, scene: str, variant: int, *, after: bool = False) -> PhotoInfo:
        """A street photo showing ``scene`` (``after``: the same spot once handled),
        stamped with the moment it is first used."""
        key = (scene, variant, after)
        if key not in self.photos:
            seed = zlib.crc32(f"{self.seed}:{scene}:{variant}".encode())
            data = street_photo(seed, None if after else scene, taken=self.now)
            self.photos[key] = self.ws.files.put_photo(data)
        return self.photos[key]

    def after_photos(self, case: CaseRecord, fate: Fate) -> list[PhotoInfo]:
        """The spots of the report's photos once handled (a spot of the case's own kind
        when the report had none)."""
        spots = fate.spots or [
            (
                scene_for(self.ws.catalog.get(case.category_code).name),
                zlib.crc32(case.id.encode()) % PHOTO_VARIANTS,
            )
        ]
        return [self.photo(scene, k, after=True) for scene, k in spots]

    def place(self, lon: float, lat: float, grid: Grid) -> tuple[float, float]:
        """The point moved onto the pavement of its road, if that keeps it in ``grid``."""
        moved = on_road(lon, lat, self.places, self.seed)
        found = self.ws.reference.grid_index.locate(*moved)
        return moved if found is not None and found.code == grid.code else (lon, lat)

    # -- the life of a case ---------------------------------------------------------------

    def report(self) -> None:
        rng = self.rng
        fate = Fate()
        source = rng.choices([s for s, _ in SOURCES], [w for _, w in SOURCES])[0]
        duplicate = self._recent_open() if self.chance(0.03) else None
        if duplicate is not None:
            category, lon, lat = duplicate.category_code, duplicate.lon, duplicate.lat
            lon += rng.uniform(-0.00015, 0.00015)
            lat += rng.uniform(-0.00012, 0.00012)
            source = Source.HOTLINE
            fate.duplicate_of = duplicate.id
        else:
            grid = rng.choices(self.grids, self.grid_weights)[0]
            category = rng.choices(self.categories, self.category_weights)[0]
            lon, lat = self.place(*random_point_in(grid.polygon, rng), grid)
        fate.verify_true = self.chance(0.88)
        fate.not_filed = self.chance(0.02)
        fate.void = self.chance(0.01)
        fate.escalate = self.chance(0.05)
        fate.returned = self.chance(0.06)
        fate.extension = (
            rng.choice(("approve", "approve", "approve", "deny")) if self.chance(0.06) else None
        )
        fate.suspension = rng.choice(("approve", "resume", "deny")) if self.chance(0.03) else None
        fate.late = self.chance(0.16)
        fate.rework = self.chance(0.08)
        if self.chance(0.5):
            scene = scene_for(self.ws.catalog.get(category).name)
            picks = rng.sample(range(PHOTO_VARIANTS), rng.randint(1, 2))
            fate.spots = [(scene, k) for k in picks]
            fate.photos = [self.photo(scene, k) for k in picks]
        grid = self.ws.reference.grid_index.locate(lon, lat)
        if grid is None:
            return
        if source is Source.PATROL:
            self.ws.act_as(self.officer(grid.code))
        else:
            self.ws.act_as(self.staff[(None, Role.INTAKE)])
        phone = f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"
        changes = self.ws.report(
            source=source,
            category_code=category,
            lon=lon,
            lat=lat,
            address=address_at(lon, lat, grid, self.places, self.seed),
            description=f"{self.ws.catalog.get(category).name}：{rng.choice(_DESCRIPTIONS)}",
            photos=fate.photos,
            reporter_name=None if source is Source.PATROL else _caller(rng),
            reporter_phone=None if source is Source.PATROL else phone,
        )
        (case_id,) = changes.case_ids
        self.recent.append((self.now, case_id))
        self.later(rng.uniform(5, 40), lambda: self.accept(case_id, fate))

    def _recent_open(self) -> CaseRecord | None:
        cutoff = self.now - timedelta(hours=48)
        self.recent = [(t, c) for t, c in self.recent if t >= cutoff]
        if not self.recent:
            return None
        record = self.ws.service.load(self.rng.choice(self.recent)[1])
        return None if record.state.is_terminal else record

    def accept(self, case_id: str, fate: Fate) -> None:
        case = self.ws.service.load(case_id)
        case = self.act(self.centre(case, Role.INTAKE), case_id, "accept")
        target = self.ws.service.load(fate.duplicate_of) if fate.duplicate_of else None
        if target is not None and not target.state.is_terminal and target.tier is case.tier:
            self.later(self.rng.uniform(5, 20), lambda: self.merge(case_id, target.id, fate))
        elif case.source.needs_verification:
            self.later(self.rng.uniform(5, 20), lambda: self.request_verify(case_id, fate))
        else:
            self.later(self.rng.uniform(5, 30), lambda: self.file(case_id, fate))

    def merge(self, case_id: str, target_id: str, fate: Fate) -> None:
        case, target = self.ws.service.load(case_id), self.ws.service.load(target_id)
        if target.state.is_terminal:  # closed meanwhile: not a duplicate any more
            self.file(case_id, fate) if not case.source.needs_verification else (
                self.request_verify(case_id, fate)
            )
            return
        self.act(
            self.centre(case, Role.INTAKE),
            case_id,
            "merge",
            {"into": target_id, "note": "与已有案卷重复"},
        )

    def request_verify(self, case_id: str, fate: Fate) -> None:
        case = self.ws.service.load(case_id)
        case = self.act(self.centre(case, Role.INTAKE), case_id, "request_verify")
        assignee = case.verify_assignee or ""

        def verify() -> None:
            self.act(
                assignee,
                case_id,
                "verify_report",
                {
                    "result": fate.verify_true,
                    "note": "现场核实" + ("属实" if fate.verify_true else "不属实"),
                },
                fate.photos[:1],
            )
            if fate.verify_true:
                self.later(self.rng.uniform(5, 30), lambda: self.file(case_id, fate))
            else:
                self.later(
                    self.rng.uniform(5, 30),
                    lambda: self.act(
                        self.centre(self.ws.service.load(case_id), Role.INTAKE),
                        case_id,
                        "reject",
                        {"reason": "经核实不属实"},
                    ),
                )

        self.later(self.rng.uniform(20, 120), verify)

    def file(self, case_id: str, fate: Fate) -> None:
        case = self.ws.service.load(case_id)
        lead = self.centre(case, Role.SHIFT_LEAD)
        if fate.not_filed:
            self.act(lead, case_id, "reject", {"reason": "不符合立案条件"})
            return
        case = self.act(lead, case_id, "file")
        if fate.void:
            self.later(
                self.rng.uniform(10, 60),
                lambda: self.act(lead, case_id, "void", {"reason": "重复立案，作废"}),
            )
            return
        if fate.escalate and case.tier is Tier.TOWN:
            self.later(self.rng.uniform(5, 30), lambda: self.escalate(case_id, fate))
            return
        self.later(self.rng.uniform(5, 30), lambda: self.dispatch(case_id, fate))

    def escalate(self, case_id: str, fate: Fate) -> None:
        case = self.ws.service.load(case_id)
        self.act(
            self.centre(case, Role.DISPATCHER),
            case_id,
            "escalate",
            {"reason": "超出镇级处置能力，上报区级"},
        )
        self.later(self.rng.uniform(10, 60), lambda: self.dispatch(case_id, fate))

    def dispatch(self, case_id: str, fate: Fate) -> None:
        case = self.ws.service.load(case_id)
        payload = co_payload(self, case)
        case = self.act(self.centre(case, Role.DISPATCHER), case_id, "dispatch", payload)
        schedule_receipts(self, case)
        self.department_work(case, fate, first=True)

    def _dept_user(self, case: CaseRecord) -> str:
        return f"bm-{(case.department_code or '').lower()}"

    def _handle_time(self, case: CaseRecord, late: bool) -> datetime:
        assert case.deadline and case.clock_start and case.deadline_unit
        f = self.rng.uniform(1.05, 3.0) if late else self.rng.uniform(0.15, 0.95)
        unit = TimeUnit(case.deadline_unit)
        if unit.on_clock:
            return case.clock_start + (case.deadline - case.clock_start) * f
        cal = self.ws.reference.calendar
        minutes = max(cal.working_minutes_between(case.clock_start, case.deadline), 1.0)
        return cal.deadline_for(case.clock_start, minutes * f / 60.0, TimeUnit.WORK_HOUR)

    def department_work(self, case: CaseRecord, fate: Fate, first: bool) -> None:
        case_id, dept = case.id, self._dept_user(case)
        if first and fate.returned:
            fate.returned = False

            def give_back() -> None:
                self.act(dept, case_id, "return", {"reason": "不属于本部门职责"})
                self.later(self.rng.uniform(10, 60), lambda: self.reassign(case_id, fate))

            self.later(self.rng.uniform(30, 240), give_back)
            return
        if first and fate.suspension:
            self.later(self.rng.uniform(60, 600), lambda: self.suspend(case_id, fate))
            return
        if first and fate.extension:
            self.later(self.rng.uniform(60, 300), lambda: self.extend(case_id, fate))
            return
        when = self._handle_time(case, fate.late)
        self.at(when, lambda: self.handle(case_id, fate))
        if fate.late and case.deadline:
            lead = self.centre(case, Role.DISPATCHER)
            self.at(case.deadline + timedelta(hours=1), lambda: self._chase(lead, case_id, "urge"))
            cal = self.ws.reference.calendar
            self.at(
                cal.deadline_for(case.deadline, 2, TimeUnit.WORK_DAY),
                lambda: self._chase("ducha", case_id, "supervise"),
            )

    def _chase(self, username: str, case_id: str, action: str) -> None:
        if self.ws.service.load(case_id).state is not CaseState.DISPATCHED:
            return
        if action == "urge":
            self.act(username, case_id, action, {"note": "已超期，请尽快处置"})
            return
        # 督办单: one working day to reply; every third department answers a day late
        # (fixed by the case id, no draw: the rest of the demo stays as it was)
        payload = {"note": "超期未办结，区指挥中心督办，请说明原因", "reply_days": 1}
        case = self.act(username, case_id, action, payload)
        assert case.supervise_reply_due is not None
        cal = self.ws.reference.calendar
        late = int(case_id.replace("-", "")[-4:], 16) % 3 == 0
        when = (
            cal.deadline_for(case.supervise_reply_due, 1, TimeUnit.WORK_DAY)
            if late
            else (cal.deadline_for(self.now, 2, TimeUnit.WORK_HOUR))
        )
        self.at(when, lambda: self._reply(case_id))

    def _reply(self, case_id: str) -> None:
        case = self.ws.service.load(case_id)
        answerable = (CaseState.DISPATCHED, CaseState.HANDLED, CaseState.VERIFIED)
        if case.supervise_reply_due is None or case.state not in answerable:
            return  # answered already, closed, or given back (no department holds it)
        note = "已安排人员处置，超期原因已说明"
        self.act(self._dept_user(case), case_id, "supervise_reply", {"note": note})

    def reassign(self, case_id: str, fate: Fate) -> None:
        case = self.ws.service.load(case_id)
        suggested, options = self.ws.dispatch_options(case)
        others = [d for d in options if d.code not in case.departments]
        if not others:
            return
        target = suggested if suggested and suggested.code not in case.departments else others[0]
        case = self.act(
            self.centre(case, Role.DISPATCHER),
            case_id,
            "reassign",
            {"department_code": target.code, "reason": "原部门回退，改派"},
        )
        schedule_receipts(self, case)
        self.department_work(case, fate, first=False)

    def extend(self, case_id: str, fate: Fate) -> None:
        case = self.ws.service.load(case_id)
        if case.state is not CaseState.DISPATCHED or case.deadline is None:
            return
        cal = self.ws.reference.calendar
        wanted = cal.deadline_for(case.deadline, self.rng.choice((1, 2, 3)), TimeUnit.WORK_DAY)
        self.act(
            self._dept_user(case),
            case_id,
            "request_extension",
            {"deadline": wanted.isoformat(), "reason": "需协调相关单位，申请延期"},
        )

        def decide() -> None:
            if fate.extension == "approve":
                case2 = self.act(self.centre(case, Role.DISPATCHER), case_id, "approve_extension")
            else:
                case2 = self.act(
                    self.centre(case, Role.DISPATCHER),
                    case_id,
                    "deny_extension",
                    {"reason": "理由不充分"},
                )
            self.department_work(case2, fate, first=False)

        self.later(self.rng.uniform(20, 120), decide)

    def suspend(self, case_id: str, fate: Fate) -> None:
        case = self.ws.service.load(case_id)
        self.act(
            self._dept_user(case),
            case_id,
            "request_suspension",
            {"reason": "涉及规划调整，短期内无法处置"},
        )
        lead = self.centre(case, Role.DISPATCHER)

        def decide() -> None:
            if fate.suspension == "deny":
                case2 = self.act(lead, case_id, "deny_suspension", {"reason": "应按期处置"})
                self.department_work(case2, fate, first=False)
                return
            self.act(lead, case_id, "approve_suspension", {"note": "同意挂账"})
            if fate.suspension == "resume":

                def resume() -> None:
                    case3 = self.act(lead, case_id, "resume", {"note": "条件具备，恢复处置"})
                    self.department_work(case3, fate, first=False)

                self.at(self.now + timedelta(days=self.rng.randint(5, 25)), resume)

        self.later(self.rng.uniform(30, 240), decide)

    def handle(self, case_id: str, fate: Fate) -> None:
        case = self.ws.service.load(case_id)
        if case.state is not CaseState.DISPATCHED:
            return
        note = rng_note(self.rng)
        shown = self.rng.randint(0, 2)
        photos = self.after_photos(case, fate)[:shown] if shown else []
        payload = {"note": note}
        if any(c.fed_back_at is None for c in case.co_departments):
            payload["co_missing_note"] = "协办部门尚未反馈，已电话沟通，不影响办结"
        self.act(self._dept_user(case), case_id, "handle", payload, photos)
        self.later(self.rng.uniform(60, 360), lambda: self.check(case_id, fate))

    def check(self, case_id: str, fate: Fate) -> None:
        case = self.ws.service.load(case_id)
        officer = self.officer(case.grid_code)
        if fate.rework:
            fate.rework = False
            fate.late = self.chance(0.1)
            case = self.act(
                officer, case_id, "check", {"result": False, "note": "现场未处置到位，返工"}
            )
            self.department_work(case, fate, first=False)
            return
        checked = self.after_photos(case, fate)[:1] if fate.photos else []
        self.act(officer, case_id, "check", {"result": True, "note": "核查通过"}, checked)
        self.later(self.rng.uniform(10, 60), lambda: self.close(case_id, fate))

    def close(self, case_id: str, fate: Fate) -> None:
        case = self.ws.service.load(case_id)
        self.act(self.centre(case, Role.SHIFT_LEAD), case_id, "close", {"note": "处置到位，结案"})
        self.callbacks.after_close(case_id, fate)


_DESCRIPTIONS = (
    "现场情况属实，影响市容及通行",
    "群众反映较多，请尽快处理",
    "位于主干道路口，较为明显",
    "已持续数日，周边居民意见较大",
    "位于小区出入口附近",
    "影响行人安全，需及时处置",
)
_CALLER_SURNAMES = "王李张刘陈杨赵黄周吴"


def _months_between(start: datetime, end: datetime) -> int:
    """Calendar months touched from ``start`` to ``end`` (both counted)."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _caller(rng: random.Random) -> str:
    return rng.choice(_CALLER_SURNAMES) + rng.choice(("先生", "女士"))


def rng_note(rng: random.Random) -> str:
    return rng.choice(("已清理完毕", "已修复", "已整改到位", "已完成处置，现场恢复", "已更换完毕"))
