"""Tables of the local store (and, later, of the central store: the same shape).

SQLAlchemy Core tables rather than ORM classes: the projection is written in bulk
and read as plain rows into the list model, and Core keeps both cheap.
Changing anything here needs an Alembic revision under ``db/migrations``.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# Monotonic counters (reference version; case numbers per day on SQLite): one locked
# row each, so that concurrent writers never hand out the same value. (The event
# sequence is given at commit, ``event_order``; on PostgreSQL case numbers come from the
# sequence ``case_number_seq`` and a per-day base row here, ``casework/numbers.py``,
# and ``ux_cases_number`` keeps filed numbers unique: both from revision 0016.)
counters = Table(
    "counters",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Integer, nullable=False),
)

streets = Table(
    "streets",
    metadata,
    Column("code", String(9), primary_key=True),
    Column("name", String(64), nullable=False),
    Column("kind", String(8), nullable=False),  # street / town
    Column("has_centre", Boolean, nullable=False, default=False),
    Column("wkt", Text, nullable=False),
)

communities = Table(
    "communities",
    metadata,
    Column("code", String(12), primary_key=True),
    Column("name", String(64), nullable=False),
    Column("street_code", String(9), ForeignKey("streets.code"), nullable=False),
    Column("wkt", Text, nullable=False),
)

grids = Table(
    "grids",
    metadata,
    Column("code", String(15), primary_key=True),
    Column("name", String(128), nullable=False),
    Column("street_code", String(9), ForeignKey("streets.code"), nullable=False),
    Column("community_code", String(12), ForeignKey("communities.code"), nullable=False),
    Column("wkt", Text, nullable=False),
)

departments = Table(
    "departments",
    metadata,
    Column("code", String(16), primary_key=True),
    Column("name", String(128), nullable=False),
    Column("short", String(32), nullable=False),
    Column("level", String(8), nullable=False),  # district / town
    Column("street_code", String(9), nullable=True),  # the town of a town department
    Column("active", Boolean, nullable=False, default=True),
)

users = Table(
    "users",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("display_name", String(64), nullable=False),
    Column("role", String(16), nullable=False),
    Column("street_code", String(9), nullable=True),
    Column("department_code", String(16), nullable=True),
    Column("password_hash", Text, nullable=True),  # Argon2id; a local offline verifier
    Column("active", Boolean, nullable=False, default=True),
)

user_grids = Table(
    "user_grids",
    metadata,
    Column("username", String(64), ForeignKey("users.username"), primary_key=True),
    Column("grid_code", String(15), ForeignKey("grids.code"), primary_key=True),
)

calendar_overrides = Table(
    "calendar_overrides",
    metadata,
    Column("day", Date, primary_key=True),
    Column("is_workday", Boolean, nullable=False),
    Column("note", String(128), nullable=False, default=""),
)

calendar_years = Table(
    "calendar_years",
    metadata,
    Column("year", Integer, primary_key=True),  # years an admin confirmed complete
)

case_events = Table(
    "case_events",
    metadata,
    Column("n", Integer, primary_key=True, autoincrement=True),  # local append order
    Column("id", String(36), nullable=False, unique=True),
    Column("case_id", String(36), nullable=False, index=True),
    Column("action", String(24), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("role", String(16), nullable=False),
    Column("at_client", DateTime, nullable=False),
    Column("at_server", DateTime, nullable=True),
    Column("seq", Integer, nullable=True, unique=True),  # server order once accepted
    Column("payload", Text, nullable=False),
    Column("status", String(10), nullable=False),
    Column("reject_code", String(48), nullable=True),
    Column("reject_reason", Text, nullable=True),
    # sha-256 of what the client sent: same id + same digest = a resend, else a conflict
    Column("digest", String(64), nullable=True),
    # client store: made on this machine, and the payload exactly as first sent
    Column("local", Boolean, nullable=False, default=False),
    Column("sent_payload", Text, nullable=True),
)
Index("ix_case_events_status", case_events.c.status)
# The authority's events not yet given their seq (``event_order``): normally none or a
# push's few, so finding them (and checking that there are none) is one index probe.
Index(
    "ix_case_events_unpublished",
    case_events.c.n,
    postgresql_where=case_events.c.seq.is_(None),
    sqlite_where=case_events.c.seq.is_(None),
)

cases = Table(
    "cases",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("number", String(32), nullable=False),
    Column("number_provisional", Boolean, nullable=False),
    Column("source", String(10), nullable=False),
    Column("category_code", String(8), nullable=False),
    Column("urgency", String(8), nullable=False),
    Column("subclass", String(2), nullable=True),  # 细类 within category_code (0005)
    Column("lon", Float, nullable=False),
    Column("lat", Float, nullable=False),
    Column("grid_code", String(15), nullable=False),
    Column("community_code", String(12), nullable=False, index=True),
    Column("street_code", String(9), nullable=False),
    Column("address", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("photos", Text, nullable=False),  # JSON list of sha256
    Column("reporter_name", String(64), nullable=True),
    Column("reporter_phone", String(32), nullable=True),
    Column("work_order", String(40), nullable=True, index=True),  # 12345 工单编号 (0011)
    Column("reported_by", String(64), nullable=False),
    Column("reported_at", DateTime, nullable=False, index=True),
    Column("tier", String(8), nullable=False),
    Column("state", String(12), nullable=False),
    Column("town_centre", Boolean, nullable=False),
    Column("disposition", String(12), nullable=True),
    Column("accepted", Boolean, nullable=False),
    Column("verify_assignee", String(64), nullable=True),
    Column("verify_requested_at", DateTime, nullable=True),
    Column("verify_result", Boolean, nullable=True),
    Column("filed_at", DateTime, nullable=True),
    Column("department_code", String(16), nullable=True),
    Column("departments", Text, nullable=False),  # JSON list, for history display
    Column("returned_by", String(16), nullable=True),
    Column("dispatch_count", Integer, nullable=False),
    Column("dispatched_at", DateTime, nullable=True),
    Column("clock_start", DateTime, nullable=True),
    Column("deadline_original", DateTime, nullable=True),
    Column("deadline", DateTime, nullable=True),
    Column("deadline_unit", String(12), nullable=True),
    Column("warn_at", DateTime, nullable=True),
    Column("pending_request", String(12), nullable=True),
    Column("requested_deadline", DateTime, nullable=True),
    Column("suspended_at", DateTime, nullable=True),
    Column("handled_at", DateTime, nullable=True),
    Column("handle_photos", Text, nullable=False),
    Column("rework_count", Integer, nullable=False),
    Column("return_count", Integer, nullable=False),
    Column("urge_count", Integer, nullable=False),
    Column("supervise_count", Integer, nullable=False),
    Column("supervise_reply_due", DateTime, nullable=True),  # 督办回复 owed by (0007)
    Column("merged_into", String(36), nullable=True),
    # 回访 and 重办 (0010_callbacks); 智能派单: the automatic rule matched at 立案
    Column("callback_count", Integer, nullable=False, default=0, server_default="0"),
    Column("callback_at", DateTime, nullable=True),
    Column("satisfaction", String(12), nullable=True),
    Column("reopen_count", Integer, nullable=False, default=0, server_default="0"),
    Column("auto_rule", Integer, nullable=True),
    Column("auto_dispatched", Boolean, nullable=False, default=False, server_default=false()),
    Column("verified_at", DateTime, nullable=True),
    Column("check_photos", Text, nullable=False),
    Column("closed_at", DateTime, nullable=True),
    Column("updated_at", DateTime, nullable=True),
    Column("version", Integer, nullable=False),
    Column("search_text", Text, nullable=False),  # number + address + description
    # 签收 and 协办 (0009): gridapp.domain.co_handling
    Column("ack_due", DateTime, nullable=True),
    Column("acknowledged_at", DateTime, nullable=True),
    Column("handling_warn_at", DateTime, nullable=True),
    Column("co_departments", Text, nullable=False, server_default="[]"),  # JSON list
    # " D1 D2 ": co-departments still owing 协办反馈 (derived, for the co-handling queue)
    Column("co_pending", Text, nullable=False, server_default=""),
)
# The list sorts by (column, id) and pages by keyset on it (gridapp.store.case_queries):
# each common sort, alone or within a common filter, is one index seek with no sort step.
Index("ix_cases_reported_id", cases.c.reported_at, cases.c.id)
Index("ix_cases_deadline_id", cases.c.deadline, cases.c.id)
Index("ix_cases_updated_id", cases.c.updated_at, cases.c.id)
# The other list sorts: (column, id) too (each also serves "column = ?" lookups).
Index("ix_cases_number_id", cases.c.number, cases.c.id)
Index("ix_cases_state_id", cases.c.state, cases.c.id)
Index("ix_cases_category_id", cases.c.category_code, cases.c.id)
Index("ix_cases_street_id", cases.c.street_code, cases.c.id)
Index("ix_cases_department_id", cases.c.department_code, cases.c.id)
Index("ix_cases_source_id", cases.c.source, cases.c.id)
Index("ix_cases_address_id", cases.c.address, cases.c.id)
Index("ix_cases_state_deadline_id", cases.c.state, cases.c.deadline, cases.c.id)
Index("ix_cases_state_reported_id", cases.c.state, cases.c.reported_at, cases.c.id)
Index("ix_cases_street_reported_id", cases.c.street_code, cases.c.reported_at, cases.c.id)
Index("ix_cases_category_reported_id", cases.c.category_code, cases.c.reported_at, cases.c.id)
Index("ix_cases_department_reported_id", cases.c.department_code, cases.c.reported_at, cases.c.id)
Index(
    "ix_cases_category_street_reported_id",
    cases.c.category_code,
    cases.c.street_code,
    cases.c.reported_at,
    cases.c.id,
)
# A period's cases (``reports.facts.period_cases``): those reported in it by the report
# time, and older ones still open or closed or called back since its start by these, each
# with the report time beside it: no walk over every case reported before the end (0020).
Index("ix_cases_closed_reported", cases.c.closed_at, cases.c.reported_at)
Index("ix_cases_callback_reported", cases.c.callback_at, cases.c.reported_at)
# A town centre's street with a state, and its overdue cases by deadline (0014).
Index(
    "ix_cases_street_state_deadline_id",
    cases.c.street_code,
    cases.c.state,
    cases.c.deadline,
    cases.c.id,
)
# A grid officer's scope is an OR of grid, reporter and 核实 assignee: each with the state
# beside it (and the deadline), so a state or overdue filter is three index ranges (0014).
Index(
    "ix_cases_grid_state_deadline_id",
    cases.c.grid_code,
    cases.c.state,
    cases.c.deadline,
    cases.c.id,
)
Index(
    "ix_cases_reported_by_state_deadline_id",
    cases.c.reported_by,
    cases.c.state,
    cases.c.deadline,
    cases.c.id,
)
Index(
    "ix_cases_verify_assignee_state_deadline_id",
    cases.c.verify_assignee,
    cases.c.state,
    cases.c.deadline,
    cases.c.id,
)

# Changes to ``cases.search_text`` not yet in the bigram index (SQLite: written by the
# triggers of gridapp/store/case_search.py, emptied before the transaction commits).
case_grams_dirty = Table(
    "case_grams_dirty",
    metadata,
    Column("n", Integer, primary_key=True, autoincrement=True),
    Column("case_rowid", Integer, nullable=False),
    Column("old_text", Text, nullable=True),  # what the index holds; NULL: nothing yet
    Column("old_depts", Text, nullable=True),  # and the departments it holds them for
    Column("old_street", String(9), nullable=True),  # and the street
)

# Every department a case was ever sent to: a department's scope is "what was sent to it".
# Each case's events folded (gridapp/reports/facts.py) and kept with them, rewritten in
# the transaction that writes the case's events (gridapp/reports/fact_store.py): the
# statistics and the monthly report read these rows instead of folding every log again.
case_facts = Table(
    "case_facts",
    metadata,
    Column("case_id", String(36), primary_key=True),
    Column("version", String(16), nullable=False),  # fact_store.FACTS_VERSION when folded
    Column("last_at", DateTime, nullable=True),  # the latest event time: a period ending
    # after it sees ``facts`` as they are; one ending before it folds ``events`` up to its end
    Column("facts", Text, nullable=True),  # the fold's CaseFacts (JSON); NULL without a report
    Column("events", Text, nullable=False),  # the fold's input rows (JSON), in log order
)
# 0022_case_facts_version: "is any row of another version of the fold?" as an index
# range (``fact_store.refresh_stale``), not a look at every case's row
Index("ix_case_facts_version", case_facts.c.version)

# 0024_case_facts_cuts (before it, ``case_facts.cut_at``/``cut_facts`` held the last of
# these only): a case's fold at every month start after its first event, up to the month
# of its last (``fact_cuts.py``). A past month's view or report decodes a case that
# changed after the month instead of folding its events up to the month's end, and a
# comparison period (环比, 同比) counts it in SQL from the marks its flags read, as they
# stood then (named as in ``case_marks``). Written with the case's ``case_facts`` row,
# which says whether it is current (its version).
case_facts_cuts = Table(
    "case_facts_cuts",
    metadata,
    Column("case_id", String(36), primary_key=True),
    Column("cut_at", DateTime, primary_key=True),  # a month's start
    Column("facts", Text, nullable=True),  # the fold of the events before it; NULL: no case yet
    Column("reported_at", DateTime, nullable=True),
    Column("filed_at", DateTime, nullable=True),
    Column("closed_at", DateTime, nullable=True),
    Column("voided_at", DateTime, nullable=True),
    Column("rejected_at", DateTime, nullable=True),
    Column("deadline", DateTime, nullable=True),
    Column("handled_at", DateTime, nullable=True),
    Column("reworked", Boolean, nullable=False),
    Column("open_now", Boolean, nullable=False),
    Column("plain", Boolean, nullable=False),
    Column("supervised_first", DateTime, nullable=True),
    Column("supervised_last", DateTime, nullable=True),
    sqlite_with_rowid=False,  # one B-tree lookup a case, not two (the key is the row's)
)

# What ``figures.mark`` reads of each case, kept beside ``case_facts`` (same version, same
# transaction) in a narrow table, so a period's totals are SQL over small rows
# (``reports/mark_sql.py``) and never walk the large facts/events texts.
case_marks = Table(
    "case_marks",
    metadata,
    Column("case_id", String(36), primary_key=True),
    Column("version", String(16), nullable=False),  # as case_facts.version
    Column("last_at", DateTime, nullable=True),  # as case_facts.last_at
    Column("reported_at", DateTime, nullable=True),  # NULL when the case has no report
    Column("filed_at", DateTime, nullable=True),
    Column("closed_at", DateTime, nullable=True),
    Column("voided_at", DateTime, nullable=True),
    Column("rejected_at", DateTime, nullable=True),
    Column("deadline", DateTime, nullable=True),  # in force at the end of the fold
    Column("handled_at", DateTime, nullable=True),  # the last round's 处置反馈
    Column("reworked", Boolean, nullable=False),  # a 核查 failed in some round
    Column("open_now", Boolean, nullable=False),  # not finished and not 挂账/缓办
    Column("plain", Boolean, nullable=False),  # no 挂账/缓办, ≤ 2 督办: the SQL marks hold
    # 0016_case_marks_view: what the statistics view groups by and scores departments on
    # (``stats/view_rows.py``), as the fold has them (not the projection's columns)
    Column("source", String(10), nullable=True),
    Column("category", String(8), nullable=True),
    Column("grid", String(15), nullable=True),
    Column("community", String(12), nullable=True),
    Column("street", String(9), nullable=True),
    Column("department", String(16), nullable=True),  # charged at the end of the fold
    # one round (not returned, suspended or reworked), no 协办, at most its own 签收:
    # the department's figures hold in SQL
    Column("simple", Boolean, nullable=False, server_default=false()),
    Column("ack_due", DateTime, nullable=True),  # that 签收's time limit
    Column("acked_at", DateTime, nullable=True),
    # closed or called back, and a citizen's case or reopened: 回访 figures may count it
    Column("callbacks", Boolean, nullable=False, server_default=false()),
    # 0018_case_mark_items: at most one 结案 and one 回访, never reopened, so these
    # columns are all the 回访 figures read (``mark_rows.callback_one``)
    Column("callback_one", Boolean, nullable=False, server_default=false()),
    Column("closing_at", DateTime, nullable=True),
    Column("closing_dept", String(16), nullable=True),
    Column("callback_at", DateTime, nullable=True),
    Column("callback_dept", String(16), nullable=True),
    Column("callback_reached", Boolean, nullable=True),
    Column("callback_verdict", String(16), nullable=True),
    # … and what a line of the overdue board reads: the last round and the 核实
    Column("verified_at", DateTime, nullable=True),
    Column("last_dept", String(16), nullable=True),
    Column("last_unit", String(16), nullable=True),
    Column("last_check_ok", Boolean, nullable=True),
    Column("last_returned_at", DateTime, nullable=True),
    # 0021_supervised_marks: the 督办 of a plain case (at most two; NULL when none)
    Column("supervised_first", DateTime, nullable=True),
    Column("supervised_last", DateTime, nullable=True),
)

# What ``scoring.tally_departments`` reads of a plain case that is not ``simple``: one row
# a round, 协办 task, 签收 or department (``mark_rows.dept_items``), written with the
# case's marks row; the statistics view counts its department figures from them in SQL.
case_mark_items = Table(
    "case_mark_items",
    metadata,
    Column("case_id", String(36), primary_key=True),
    Column("n", Integer, primary_key=True),  # the item's place in ``dept_items``
    Column("kind", String(1), nullable=False),  # mark_rows.ITEM_*
    Column("dept", String(16), nullable=False),
    Column("due", DateTime, nullable=True),
    Column("done", DateTime, nullable=True),
)

# The statistics view's column store (0023, ``gridapp/stats/mark_columns.py``): per day of
# report, that day's cases with their ``case_marks`` and ``case_mark_items`` as column
# arrays in one blob, so a year's view reads 365 blobs instead of evaluating 590,000
# rows in SQL. On SQLite, triggers note every day whose cases or marks change in
# ``mark_columns_dirty``; such a day is rebuilt from the rows when read.
mark_columns = Table(
    "mark_columns",
    metadata,
    Column("day", String(10), primary_key=True),  # substr(cases.reported_at, 1, 10)
    # the blob's format and fold version (``mark_columns._HEAD``), read without the blob
    Column("version", String(40), nullable=False),
    Column("data", LargeBinary, nullable=False),
)
mark_columns_dirty = Table(
    "mark_columns_dirty",
    metadata,
    Column("day", String(10), primary_key=True),
)

case_departments = Table(
    "case_departments",
    metadata,
    Column("case_id", String(36), ForeignKey("cases.id"), primary_key=True),
    Column("department_code", String(16), primary_key=True),
)
Index("ix_case_departments_dept", case_departments.c.department_code)

attachments = Table(
    "attachments",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("mime", String(32), nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),
)

case_files = Table(
    "case_files",
    metadata,
    Column("event_id", String(36), ForeignKey("case_events.id"), primary_key=True),
    Column("sha256", String(64), ForeignKey("attachments.sha256"), primary_key=True),
    Column("case_id", String(36), nullable=False, index=True),
    UniqueConstraint("event_id", "sha256", name="uq_case_files_event_sha"),
)


# --- central store only -------------------------------------------------------------

routing_rules = Table(
    "routing_rules",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("category_code", String(8), nullable=False, index=True),
    Column("street_code", String(9), nullable=True),
    Column("grid_code", String(15), nullable=True),
    Column("department_code", String(16), ForeignKey("departments.code"), nullable=False),
    Column("note", String(128), nullable=False, default=""),
    # 智能派单: a case filed by the centre that matches goes to the department at once
    Column("automatic", Boolean, nullable=False, default=False, server_default=false()),
)

sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),  # sha-256 of the opaque token
    Column("username", String(64), ForeignKey("users.username"), nullable=False, index=True),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),  # absolute expiry
    Column("revoked_at", DateTime, nullable=True),
    Column("client", String(128), nullable=False, default=""),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False, index=True),
    Column("username", String(64), nullable=True, index=True),
    Column("action", String(32), nullable=False, index=True),  # login_ok, login_failed, …
    Column("detail", Text, nullable=False, default="{}"),  # JSON, never a password or token
    Column("ip", String(64), nullable=True),
)

# Outside systems (Open311 GeoReport v2 clients: a city app, a hotline platform) that may
# post reports. Only a SHA-256 of the API key is kept (the key is 32 random bytes, shown
# once); ``street_codes`` (JSON list) is where the client may post; the rate window is a
# fixed hour counted on the client's own row, locked while it is counted.
integration_clients = Table(
    "integration_clients",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column(
        "key_hint", String(12), nullable=False
    ),  # the key's first characters, to tell keys apart
    Column("source", String(16), nullable=False),  # hotline / public
    Column("street_codes", Text, nullable=False, default="[]"),
    Column("rate_per_hour", Integer, nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("window_start", DateTime, nullable=True),
    Column("window_count", Integer, nullable=False, default=0),
)

# --- client store only --------------------------------------------------------------

sync_state = Table(
    "sync_state",
    metadata,
    Column("key", String(32), primary_key=True),  # server_url, epoch, cursor, last_sync, …
    Column("value", Text, nullable=False),
)

# Per-user settings of this store's desktop (saved filters, column widths, last queue):
# one JSON value per (user, key); never synced, so a shared laptop keeps each user's own.
user_settings = Table(
    "user_settings",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("key", String(160), primary_key=True),
    Column("value", Text, nullable=False),  # JSON
    Column("updated_at", DateTime, nullable=False),
)

# 12345 work orders imported on this laptop that are not cases yet: no point could be
# found for the address, or no category for the request. Intake places them (map pick,
# category) and each becomes a report then. Local to the store, never synced (0011).
hotline_waiting = Table(
    "hotline_waiting",
    metadata,
    Column("work_order", String(40), primary_key=True),
    Column("imported_by", String(64), nullable=False),
    Column("imported_at", DateTime, nullable=False),
    Column("needs", String(20), nullable=False),  # "place", "category" or "place,category"
    Column("data", Text, nullable=False),  # JSON: the parsed work order and any guesses
)

# Events of this client's outbox that the service failed on (a 5xx or an unreadable
# answer, never network trouble): pushed alone to find them, then kept "stuck" so the
# rest of the outbox flows. The event itself stays pending in ``case_events``; a row
# here only says why it is held back and when to try it again.
outbox_faults = Table(
    "outbox_faults",
    metadata,
    Column("event_id", String(36), primary_key=True),
    Column("case_id", String(36), nullable=False, index=True),
    Column("failures", Integer, nullable=False),  # times it failed alone
    Column("stuck", Boolean, nullable=False),  # failed alone often enough: held back
    Column("http_status", Integer, nullable=True),
    Column("code", String(48), nullable=False),
    Column("message", Text, nullable=False),  # what the service said (its Chinese text)
    Column("first_at", DateTime, nullable=False),
    Column("last_at", DateTime, nullable=False),
    Column("retry_at", DateTime, nullable=True),  # next automatic try of a stuck event
    Column("app_version", String(32), nullable=False),  # an app update retries at once
)

# Photos saved with an event but not yet in the file store (0013): the bytes ride in the
# event's own transaction, so its one WAL fsync makes both durable. A settler moves each
# into the file store after the commit and deletes the row (``gridapp.store.photo_journal``).
photo_journal = Table(
    "photo_journal",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("data", LargeBinary, nullable=False),
    Column("created_at", DateTime, nullable=False),
)
