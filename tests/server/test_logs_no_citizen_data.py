"""No citizen data in the service's logs: a database error must not log its statement's values.

SQLAlchemy puts a failed statement's parameters in the error text ("[parameters:
(…)]"), which the service's log then carries: a reporter's name and phone number
appeared in the log. Engines are created with ``hide_parameters=True``.
"""

from __future__ import annotations

import json
import logging
import sys
import uuid
from datetime import datetime

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import DBAPIError

from gridapp import clock
from gridapp.server.logs import JsonFormatter
from gridapp.store.reference import load_reference
from gridapp.store.schema import cases
from tests.core.helpers import GARBAGE, point_of
from tests.live_server import BACKENDS, central_store
from tests.server.service_process import service_process

NAME = "欧阳春华"
PHONE = "13907310001"
SECOND_NAME = "司马秋实"
SECOND_PHONE = "13907310002"


def _report(case_id: str, lon: float, lat: float, name: str, phone: str) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "case_id": case_id,
        "action": "report",
        "at_client": clock.now().isoformat(),
        "payload": {
            "source": "hotline",
            "category_code": GARBAGE,
            "catalog": 2,
            "lon": lon,
            "lat": lat,
            "description": "楼道堆放杂物",
            "address": "测试路 1 号",
            "reporter_name": name,
            "reporter_phone": phone,
        },
    }


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_database_error_during_a_push_logs_no_name_or_phone(
    backend, reference_template, tmp_path
) -> None:
    """A report reusing an existing case id reaches the database's unique key on ``cases``."""
    with service_process(backend, reference_template, tmp_path) as service:
        db = service.database()
        try:
            with db.read() as conn:
                lon, lat = point_of(load_reference(conn), "wg001")
        finally:
            db.close()
        case_id = str(uuid.uuid4())
        with service.client(service.login("shouli")) as c:
            first = c.post("/sync/push", json={"events": [_report(case_id, lon, lat, NAME, PHONE)]})
            assert first.json()["results"][0]["status"] == "accepted", first.text
            # Same case id, another event: the insert of the case row fails in the database.
            again = _report(case_id, lon, lat, SECOND_NAME, SECOND_PHONE)
            c.post("/sync/push", json={"events": [again]})
        log = service.stop()
    entries = [json.loads(line) for line in log.splitlines() if line.strip()]
    assert entries, "the service wrote no log"
    for secret in (NAME, PHONE, SECOND_NAME, SECOND_PHONE):
        assert secret not in log, f"{secret} in the service log:\n{log[-3000:]}"


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_store_engines_hide_statement_parameters(backend, reference_template, tmp_path):
    """The same through the store layer, with the engine options the service uses."""
    from gridapp.store.database import Database

    with central_store(backend, reference_template, tmp_path) as (db_url, schema):
        db = Database(db_url, schema=schema)
        try:
            with pytest.raises(DBAPIError) as caught, db.write() as conn:
                # NOT NULL columns missing: the database refuses the row.
                conn.execute(
                    insert(cases).values(
                        id=str(uuid.uuid4()),
                        reporter_name=NAME,
                        reporter_phone=PHONE,
                        reported_at=datetime(2026, 11, 2, 9, 0),
                    )
                )
        finally:
            db.close()
    record = logging.LogRecord(
        "gridapp.server",
        logging.ERROR,
        __file__,
        1,
        "push failed",
        None,
        (caught.type, caught.value, caught.tb),
    )
    logged = JsonFormatter().format(record)
    assert "parameters hidden" in str(caught.value)
    for text in (str(caught.value), logged):
        assert PHONE not in text and NAME not in text, text


def _error_with_citizen_data() -> tuple:
    """An unhidden SQL error raised while handling a pydantic error (both repeat their input)."""
    from pydantic import BaseModel, ValidationError

    class Reporter(BaseModel):
        phone: int

    try:
        try:
            Reporter.model_validate({"phone": f"{NAME} {PHONE}"})
        except ValidationError:
            error = DBAPIError("INSERT INTO cases …", {"reporter_name": NAME}, Exception("x"))
            raise error  # noqa: B904 (the chain is the point: both are logged)
    except DBAPIError:
        return sys.exc_info()
    raise AssertionError("no error")


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_logged_tracebacks_carry_no_input_values(fmt: str) -> None:
    """Libraries repeat their input after the first line of a message; the log keeps the
    frames, the types and first lines, and masks a phone number even there."""
    from gridapp.server.logs import log_config

    config = log_config(fmt=fmt)
    formatter_spec = dict(config["formatters"]["main"])
    factory = formatter_spec.pop("()", logging.Formatter)
    formatter = factory(**{k: v for k, v in formatter_spec.items() if k == "fmt"})
    record = logging.LogRecord(
        "uvicorn.error",
        logging.ERROR,
        __file__,
        1,
        "Exception in ASGI application",
        None,
        _error_with_citizen_data(),
    )
    logged = formatter.format(record)
    assert "ValidationError" in logged and "DBAPIError" in logged
    assert "test_logs_no_citizen_data.py" in logged  # the frames are kept
    assert NAME not in logged and PHONE not in logged, logged
    message = logging.LogRecord(
        "gridapp.server.auth", logging.INFO, __file__, 1, "login failed: %s", (PHONE,), None
    )
    assert PHONE not in formatter.format(message)
