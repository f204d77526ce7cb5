"""The case service: one place where an action becomes a stored event.

For every action: check the input, add what the action site knows (grid from the
point, deadline from the catalog and the calendar, case number), let the pure
workflow decide, then write photos, event and projection durably. Nothing is
written when any step refuses.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from gridapp.casework.auto_dispatch import enrich_auto_dispatch, enrich_reopen, mark_filing
from gridapp.casework.changes import Changes
from gridapp.casework.co_dispatch import enrich_co_dispatch
from gridapp.casework.deadlines import handling_deadline, moved_deadline
from gridapp.casework.numbers import issue_number, provisional_number
from gridapp.casework.request_bounds import (
    check_bound,
    check_extension,
    max_days,
    max_extension_days,
)
from gridapp.casework.routing import departments_for, suggest_department
from gridapp.casework.supervise_orders import enrich_supervise
from gridapp.casework.work_orders import check_new_work_order
from gridapp.domain.actions import Action, authorize
from gridapp.domain.campaigns import check_campaign_tag
from gridapp.domain.case import CaseRecord, Source, Tier, Urgency
from gridapp.domain.catalog import Catalog, Category
from gridapp.domain.catalog_versions import stamp_version
from gridapp.domain.events import CaseEvent, EventStatus, parse_time
from gridapp.domain.geo import check_point
from gridapp.domain.plain_text import clean_text
from gridapp.domain.roles import Actor, Role, can_see
from gridapp.domain.units import TimeUnit
from gridapp.domain.workflow import decide
from gridapp.errors import DomainError, NotFoundError, ValidationError
from gridapp.store import case_log
from gridapp.store.database import Database
from gridapp.store.files import MAX_PHOTO_BYTES, FileStore, PhotoInfo, inspect_photo
from gridapp.store.image_check import still_image
from gridapp.store.reference import ReferenceData

PhotoInput = bytes | Path | str | PhotoInfo
PHONE = re.compile(r"^\+?[0-9][0-9 -]{5,18}[0-9]$")
MAX_TEXT = 2000
MEDIA_URL = re.compile(r"^https?://[^\s<>\"']+$")
CO_KEYS = ("co_department_codes", "co_limit_days")  # 协办 departments, their limit (工作日)
# Keys a user may put into an action's payload; everything else is computed here.
USER_KEYS: dict[Action, frozenset[str]] = {
    Action.FILE: frozenset({"note", "category_code", "subclass", "urgency"}),
    Action.REQUEST_VERIFY: frozenset({"note", "assignee"}),
    Action.VERIFY_REPORT: frozenset({"note", "result"}),
    Action.MERGE: frozenset({"note", "into"}),
    Action.DISPATCH: frozenset({"note", "department_code", *CO_KEYS}),
    Action.REASSIGN: frozenset({"note", "department_code", "reason", *CO_KEYS}),
    Action.REQUEST_EXTENSION: frozenset({"deadline", "reason"}),
    Action.APPROVE_EXTENSION: frozenset({"note", "deadline"}),
    Action.APPROVE_SUSPENSION: frozenset({"note", "deadline"}),
    Action.CHECK: frozenset({"note", "result"}),
    Action.HANDLE: frozenset({"note", "co_missing_note"}),  # 协办 not in: why (主办)
    Action.ACKNOWLEDGE: frozenset({"note"}),  # 签收
    Action.CO_FEEDBACK: frozenset({"note"}),  # 协办反馈 (photos as 处置反馈)
    # 督办意见 + 回复期限 (工作日); campaign: the 专项整治 it belongs to
    Action.SUPERVISE: frozenset({"note", "reason", "reply_days", "campaign"}),
    Action.SUPERVISE_REPLY: frozenset({"note"}),  # 督办回复
    Action.CALLBACK: frozenset({"note", "reached", "satisfaction"}),  # 回访
}
DEFAULT_KEYS = frozenset({"note", "reason"})


@dataclass(frozen=True)
class Stamp:
    """Identity of an event made elsewhere (a client's push): kept as the client made it."""

    event_id: str
    case_id: str
    at_client: datetime
    digest: str


class CaseService:
    def __init__(
        self,
        db: Database,
        files: FileStore,
        reference: ReferenceData,
        catalog: Catalog,
        *,
        county_code: str,
        authority: bool,
        clock: Callable[[], datetime],
        new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
    ) -> None:
        self.db = db
        self.files = files
        self.reference = reference
        self.catalog = catalog
        self.county_code = county_code
        self.authority = authority  # True: this store is the central authority (numbers, seq)
        self.clock = clock
        self.new_id = new_id
        self._batch: Connection | None = None
        self._savepoints = False

    @contextmanager
    def batch(self, *, savepoints: bool = False) -> Iterator[None]:
        """Many actions in one transaction (demo generation, a sync push).

        With ``savepoints`` each action is its own savepoint, so one refused action
        leaves the others of the batch standing.
        """
        with self.db.write() as conn:
            self._batch, self._savepoints = conn, savepoints
            try:
                yield
            finally:
                self._batch, self._savepoints = None, False
        self.files.committed()  # photos the batch journaled settle now

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reads that also sees the open batch, if any."""
        if self._batch is not None:
            yield self._batch
        else:
            with self.db.read() as conn:
                yield conn

    def load(self, case_id: str) -> CaseRecord:
        """The case as stored, regardless of scope: for the core's own bookkeeping."""
        with self.reading() as conn:
            record = case_log.load_case(conn, case_id)
        if record is None:
            raise NotFoundError("unknown_case", "案卷不存在", case_id=case_id)
        return record

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        if self._batch is not None and self._savepoints:
            with self._batch.begin_nested():
                yield self._batch
        elif self._batch is not None:
            # No savepoint needed: every check runs before the first write of an action.
            yield self._batch
        else:
            with self.db.write() as conn:
                yield conn

    # -- report -----------------------------------------------------------------------------

    def report(
        self,
        actor: Actor,
        *,
        source: str | Source,
        category_code: str,
        lon: float,
        lat: float,
        description: str,
        address: str = "",
        urgency: str | Urgency = Urgency.NORMAL,
        photos: Sequence[PhotoInput] = (),
        reporter_name: str | None = None,
        reporter_phone: str | None = None,
        subclass: str | None = None,
        work_order: str | None = None,
        stamp: Stamp | None = None,
        media_url: str | None = None,
    ) -> Changes:
        category = self.catalog.get(category_code)
        subclass = self._subclass(category, subclass)
        lon, lat = check_point(lon, lat)
        grid = self.reference.grid_index.locate_or_raise(lon, lat)
        street = self.reference.streets[grid.street_code]
        try:
            src = Source(source)
        except ValueError:
            raise ValidationError("bad_field", "未知的案件来源", field="source") from None
        urg = _urgency(urgency)
        if work_order is not None and work_order != "":
            with self.reading() as conn:
                work_order = check_new_work_order(conn, work_order, src)
        reporter_name = _text(reporter_name, "reporter_name", required=False) or None
        reporter_phone = _text(reporter_phone, "reporter_phone", required=False) or None
        if reporter_phone and not PHONE.match(reporter_phone):
            raise ValidationError("bad_phone", "联系电话格式不正确", field="reporter_phone")
        now = self.clock()
        case_id = stamp.case_id if stamp else self.new_id()
        payload = {
            "source": src.value,
            "category_code": category.code,
            **({"subclass": subclass} if subclass else {}),
            "urgency": urg.value,
            "lon": round(lon, 7),
            "lat": round(lat, 7),
            "grid_code": grid.code,
            "community_code": grid.community_code,
            "street_code": grid.street_code,
            "address": _text(address, "address", required=False),
            "description": _text(description, "description"),
            "tier": (Tier.TOWN if street.has_centre else Tier.DISTRICT).value,
            "town_centre": street.has_centre,
            "number": provisional_number(case_id, now),
            "number_provisional": True,
            "reporter_name": reporter_name,
            "reporter_phone": reporter_phone,
            **({"work_order": work_order} if work_order else {}),
        }
        if media_url:  # a photo an outside system holds (Open311): its link, as given
            payload["media_url"] = _media_url(media_url)
        stamp_version(payload, self.catalog.version)
        return self._commit(actor, case_id, Action.REPORT, payload, photos, now, stamp)

    # -- every other action ---------------------------------------------------------------

    def act(
        self,
        actor: Actor,
        case_id: str,
        action: Action | str,
        payload: Mapping[str, Any] | None = None,
        photos: Sequence[PhotoInput] = (),
        stamp: Stamp | None = None,
    ) -> Changes:
        try:
            act = Action(action)
        except ValueError:
            raise ValidationError("unknown_action", f"未知操作：{action}") from None
        if act is Action.REPORT:
            raise ValidationError("unknown_action", "上报请使用 report()")
        if payload is not None and not isinstance(payload, Mapping):
            raise ValidationError("bad_payload", "操作内容格式错误")
        given = dict(payload or {})
        allowed = USER_KEYS.get(act, DEFAULT_KEYS)
        if unknown := sorted(set(given) - allowed):
            raise ValidationError("unknown_field", f"不支持的字段：{', '.join(unknown)}")
        for key in ("note", "reason", "co_missing_note"):
            if key in given:
                given[key] = _text(given[key], key, required=False)
        if "campaign" in given:
            given["campaign"] = check_campaign_tag(given["campaign"])
        changes = self._commit(actor, case_id, act, given, photos, self.clock(), stamp)
        if act is Action.FILE and stamp is None and self.load(case_id).auto_rule is not None:
            # 智能派单: the filer's laptop dispatches at once (a push brings its own 派遣)
            more = self._commit(actor, case_id, Action.DISPATCH, {}, (), self.clock())
            changes = changes | more
        return changes

    def _commit(
        self,
        actor: Actor,
        case_id: str,
        action: Action,
        payload: dict[str, Any],
        photos: Sequence[PhotoInput],
        now: datetime,
        stamp: Stamp | None = None,
    ) -> Changes:
        # Photos are checked first, written only once the action is accepted: into the
        # journal in this very transaction (its one fsync covers both; settled into the
        # file store after the commit), or durably into the file store before it commits.
        loaded = [self._load_photo(p) for p in photos]
        shas = list(dict.fromkeys(info.sha256 for info, _ in loaded))
        if shas:
            payload["photos"] = shas
        with self._write() as conn:
            case = None
            if action is not Action.REPORT:
                case = self._visible_case(conn, actor, case_id)
                authorize(case, action, actor)  # before enriching: the right refusal code
                at = stamp.at_client if stamp else now
                self._enrich(conn, actor, case, action, payload, now, at)
            event = CaseEvent(
                id=stamp.event_id if stamp else self.new_id(),
                case_id=case_id,
                action=action,
                actor=actor.username,
                role=actor.role,
                at=now,
                payload=payload,
            )
            record = decide(case, event, actor)
            for info, data in loaded:
                if data is not None:
                    self.files.keep(conn, info, data, now)
            case_log.record_photos(conn, [info for info, _ in loaded], now)
            status = EventStatus.ACCEPTED if self.authority else EventStatus.PENDING
            case_log.append(
                conn,
                event,
                record,
                previous=case,
                status=status,
                photos=shas,
                at_client=stamp.at_client if stamp else None,
                digest=stamp.digest if stamp else None,
            )
        if any(data is not None for _, data in loaded):
            self.files.committed()
        return Changes(
            case_ids=frozenset({case_id}), event_ids=(event.id,), pending=not self.authority
        )

    def _load_photo(self, photo: PhotoInput) -> tuple[PhotoInfo, bytes | None]:
        """Check a photo without writing it; an already stored one must be on disk."""
        if isinstance(photo, PhotoInfo):
            if not self.files.has(photo.sha256):
                raise ValidationError("unknown_photo", "照片文件不存在", sha256=photo.sha256)
            return photo, None
        if isinstance(photo, (str, Path)):
            data = _read_photo(photo if isinstance(photo, Path) else Path(photo))
        elif isinstance(photo, (bytes, bytearray, memoryview)):
            data = bytes(photo)
        else:
            raise ValidationError("bad_photo", "照片应为文件路径或图片数据")
        return inspect_photo(data), data

    def _visible_case(self, conn: Connection, actor: Actor, case_id: str) -> CaseRecord:
        # Locked: two dispatchers acting on one case at once are decided one after the other.
        case = case_log.load_case(conn, case_id, for_update=True)
        if case is None or not can_see(actor, case):
            # Same answer for "absent" and "not yours": ids are not an oracle.
            raise NotFoundError("unknown_case", "案卷不存在或无权查看", case_id=case_id)
        return case

    def _enrich(
        self,
        conn: Connection,
        actor: Actor,
        case: CaseRecord,
        action: Action,
        p: dict[str, Any],
        now: datetime,
        stamp_at: datetime | None = None,
    ) -> None:
        """Fill what the action site computes; refuse what the reference data forbids.

        ``stamp_at`` is when the user did it (a client's action pushed later), for the
        rules that depend on the time of day.
        """
        calendar = self.reference.calendar
        match action:
            case Action.REQUEST_VERIFY:
                p["assignee"] = self._verify_assignee(case, p.get("assignee"))
            case Action.FILE:
                self._enrich_filing(case, p, stamp_at or now)
                mark_filing(self.reference, self.catalog, case, p)
                if p.get("urgency"):
                    p["urgency"] = _urgency(p["urgency"]).value
                if self.authority:
                    p["number"] = issue_number(conn, self.county_code, now)
                    p["number_provisional"] = False
                else:
                    p["number"] = case.number
                    p["number_provisional"] = True
            case Action.MERGE:
                target = case_log.load_case(conn, str(p.get("into") or ""))
                if target is None or not can_see(actor, target):
                    raise NotFoundError("unknown_case", "合并目标案卷不存在", case_id=p.get("into"))
                if target.id == case.id or target.state.is_terminal:
                    raise DomainError("bad_merge_target", "只能合并到另一个未办结的案卷")
            case Action.DISPATCH | Action.REASSIGN:
                wanted = p.get("department_code")
                if action is Action.DISPATCH and actor.role is Role.SHIFT_LEAD:
                    wanted = enrich_auto_dispatch(self.reference, self.catalog, case, p)
                dept = self._dispatch_department(case, wanted)
                if action is Action.REASSIGN and dept.code in (
                    case.department_code,
                    case.returned_by,
                ):
                    raise DomainError("same_department", "改派须选择另一个部门")
                p["department_code"] = dept.code
                category = self.catalog.get(case.category_code)
                limit = handling_deadline(calendar, category, case.urgency, now, case.subclass)
                p.update(limit.payload())
                enrich_co_dispatch(
                    p,
                    case,
                    lead=dept.code,
                    allowed=departments_for(self.reference, case),
                    calendar=calendar,
                    limit=limit,
                    ack_hours=self.reference.ack_limit_hours,
                    now=now,
                )
            case Action.ACKNOWLEDGE | Action.CO_FEEDBACK:
                p["department_code"] = actor.department_code
            case Action.REQUEST_EXTENSION:
                wanted = _time(p.get("deadline"), "deadline")
                if case.deadline and wanted <= case.deadline:
                    raise ValidationError("bad_deadline", "申请的期限须晚于当前期限")
                check_extension(wanted, now, max_extension_days(conn))
                p["deadline"] = wanted.isoformat(timespec="seconds")
            case Action.APPROVE_EXTENSION:
                if not (p.get("deadline") or case.requested_deadline):
                    raise ValidationError(
                        "deadline_required", "批准延期须给出新的期限", field="deadline"
                    )
                new = _time(p.get("deadline") or case.requested_deadline, "deadline")
                check_extension(new, now, max_extension_days(conn))
                unit = TimeUnit(case.deadline_unit or TimeUnit.WORK_DAY)
                p.update(moved_deadline(calendar, case.clock_start or now, new, unit))
            case Action.APPROVE_SUSPENSION:
                days = max_days(conn, "suspension")
                given = p.get("deadline")
                until = _time(given, "deadline") if given else now + timedelta(days=days)
                if until <= now:
                    raise ValidationError("bad_deadline", "挂账期限须晚于当前时间")
                check_bound(until, now, days, "suspension")
                p["deadline"] = until.isoformat(timespec="seconds")
            case Action.RESUME:
                category = self.catalog.get(case.category_code)
                limit = handling_deadline(calendar, category, case.urgency, now, case.subclass)
                p.update(limit.payload())
            case Action.SUPERVISE:
                enrich_supervise(calendar, p, now)
            case Action.REOPEN:
                enrich_reopen(self.reference, self.catalog, case, p, now)
            case Action.CHECK if p.get("result") is False:
                category = self.catalog.get(case.category_code)
                limit = handling_deadline(calendar, category, case.urgency, now, case.subclass)
                p.update(limit.payload())
            case _:
                pass

    def _subclass(self, category: Category, given: object) -> str | None:
        """A 细类 code of ``category`` (or None when not given); anything else refused."""
        if given is None or given == "":
            return None
        if not isinstance(given, str):
            raise ValidationError("bad_field", "细类代码应为文字", field="subclass")
        if given not in {s.code for s in category.subclasses}:
            raise ValidationError(
                "unknown_subclass",
                f"分类 {category.code} {category.name} 没有细类 {given}",
                field="subclass",
                category=category.code,
                subclass=given,
            )
        return given

    def _enrich_filing(self, case: CaseRecord, p: dict[str, Any], at: datetime) -> None:
        """立案 may correct the category and its 细类; some classes are filed only after a
        time of day (道路不洁: once the morning sweeping window is over)."""
        code = p.get("category_code") or case.category_code
        category = self.catalog.get(code)
        if p.get("category_code"):
            p["category_code"] = category.code
            stamp_version(p, self.catalog.version)
        changed = category.code != case.category_code
        if "subclass" in p:
            p["subclass"] = self._subclass(category, p["subclass"])
        elif changed and case.subclass:
            p["subclass"] = None  # the old 细类 means nothing under the new small class
        if category.file_after is not None and at.time() < category.file_after:
            after = category.file_after.strftime("%H:%M")
            raise ValidationError(
                "filing_too_early",
                f"{category.name}须在早间清扫时段结束（{after}）后立案",
                field="category_code",
                category=category.code,
                file_after=after,
            )

    def _verify_assignee(self, case: CaseRecord, wanted: str | None) -> str:
        if wanted:
            user = self.reference.user(wanted)
            if user.role is not Role.GRID_OFFICER or not user.active:
                raise ValidationError("bad_assignee", "核实任务只能派给网格员")
            return user.username
        officers = self.reference.officers_of_grid(case.grid_code)
        if not officers:
            raise DomainError("no_officer", "该网格没有在岗网格员，请指定核实人")
        return sorted(officers, key=lambda u: u.username)[0].username

    def _dispatch_department(self, case: CaseRecord, wanted: str | None) -> Any:
        allowed = departments_for(self.reference, case)
        if wanted:
            dept = self.reference.department(wanted)
            if dept not in allowed:
                raise DomainError("department_not_allowed", "该部门不在本中心的派遣范围内")
            return dept
        category = self.catalog.get(case.category_code)
        dept = suggest_department(self.reference, category, case)
        if dept is None:
            raise DomainError("no_department", "没有可派遣的处置部门")
        return dept


def _text(value: object, name: str, *, required: bool = True) -> str:
    if value is not None and not isinstance(value, str):
        raise ValidationError("bad_field", f"{name} 应为文字", field=name)
    text = clean_text(value or "").strip()
    if required and not text:
        raise ValidationError("missing_field", f"缺少必填项：{name}", field=name)
    if len(text) > MAX_TEXT:
        raise ValidationError("text_too_long", f"{name} 超过 {MAX_TEXT} 字", field=name)
    return text


def _media_url(value: object) -> str:
    text = _text(value, "media_url")
    if len(text) > 500 or not MEDIA_URL.match(text):
        raise ValidationError("bad_media_url", "图片链接须为 http(s) 地址", field="media_url")
    return text


def _time(value: object, name: str) -> datetime:
    try:
        parsed = parse_time(value)
    except (TypeError, ValueError):
        parsed = None
    if parsed is None:
        raise ValidationError("missing_field", f"缺少或无效的时间：{name}", field=name)
    if parsed.tzinfo is not None:
        raise ValidationError("aware_datetime", "时间须为本地时间（不带时区）", field=name)
    return parsed.replace(microsecond=0)


def _urgency(value: object) -> Urgency:
    try:
        return Urgency(value)
    except ValueError:
        raise ValidationError(
            "bad_field", "紧急程度只能是 normal 或 urgent", field="urgency"
        ) from None


def _read_photo(path: Path) -> bytes:
    """Refuse an oversized file by its size, before reading it into memory."""
    try:
        size = path.stat().st_size
        if size > MAX_PHOTO_BYTES:
            raise ValidationError("file_too_large", "照片过大", size=size)
        return still_image(path.read_bytes())  # a motion photo: its photo, not its video
    except OSError as exc:
        raise ValidationError("unreadable_file", f"无法读取照片：{exc.strerror}") from exc
