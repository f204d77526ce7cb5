"""The host commands an IT officer runs: first admin, sessions, backups (both backends)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess

import pytest

from gridapp.cli import main as cli
from gridapp.security.passwords import verify_password
from gridapp.server import auth


def db_args(settings) -> list[str]:
    args = ["--db", settings.db_url, "--files", str(settings.files_dir)]
    return args + (["--schema", settings.db_schema] if settings.db_schema else [])


def test_first_admin_can_log_in_and_is_audited(live_server, monkeypatch, capsys):
    monkeypatch.setenv("GRIDAPP_ADMIN_PASSWORD", "a-long-secret-1")
    args = db_args(live_server.settings)
    assert cli(["create-admin", *args, "--username", "it_officer"]) == 0
    assert "a-long-secret-1" not in capsys.readouterr().out

    token = live_server.login("it_officer", "a-long-secret-1")
    with live_server.client(token) as c:
        assert c.get("/admin/users").status_code == 200  # an admin indeed
    with live_server.central.db.read() as conn:
        user = auth.load_user(conn, "it_officer")
        rows = conn.exec_driver_sql(
            "SELECT action, detail FROM audit_log WHERE action = 'cli_create_admin'"
        ).all()
    assert verify_password(user.password_hash, "a-long-secret-1")
    assert len(rows) == 1 and "a-long-secret" not in rows[0].detail

    # The same name again, or a short password: a clear error, nothing changed.
    assert cli(["create-admin", *args, "--username", "it_officer"]) == 2
    monkeypatch.setenv("GRIDAPP_ADMIN_PASSWORD", "short")
    assert cli(["create-admin", *args, "--username", "other"]) == 2
    assert "password_too_short" in capsys.readouterr().err
    for weak, code in (
        ("qwertyuiop", "password_common"),
        ("Other-2026!", "password_like_username"),
    ):
        monkeypatch.setenv("GRIDAPP_ADMIN_PASSWORD", weak)
        assert cli(["create-admin", *args, "--username", "other"]) == 2
        assert code in capsys.readouterr().err
    with live_server.central.db.read() as conn:
        assert auth.load_user(conn, "other") is None


def test_sessions_are_listed_and_revoked_from_the_host(live_server, capsys):
    token = live_server.login("wg001")
    args = db_args(live_server.settings)
    assert cli(["sessions", *args, "list", "--active"]) == 0
    listing = capsys.readouterr().out
    assert "wg001" in listing and token not in listing

    assert cli(["sessions", *args, "revoke", "--user", "wg001"]) == 0
    assert "1 sessions of wg001 revoked" in capsys.readouterr().out
    with live_server.client(token) as c:
        assert c.get("/auth/me").status_code == 401
    assert cli(["sessions", *args, "revoke", "--user", "nobody"]) == 2


def test_backup_is_a_consistent_restorable_copy(live_server, tmp_path, capsys):
    live_server.login("wg001")  # something written: a session row
    out = tmp_path / "backup"
    assert cli(["backup", *db_args(live_server.settings), "--out", str(out)]) == 0
    if live_server.settings.db_schema is None:
        copy = out.with_suffix(".db")
        with sqlite3.connect(copy) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 1
            assert conn.execute("SELECT count(*) FROM grids").fetchone()[0] > 400
        return
    dump = out.with_suffix(".dump")
    if shutil.which("pg_restore") is None:
        pytest.fail("pg_restore missing although PostgreSQL tests run: install postgresql-client")
    listing = subprocess.run(
        ["pg_restore", "--list", str(dump)], capture_output=True, text=True, check=True
    ).stdout
    assert "TABLE DATA" in listing and " sessions " in listing


def test_new_epoch_after_a_restore_makes_clients_resend(central_settings, capsys):
    from gridapp.server.central import Central

    before = Central(central_settings)
    old = before.epoch
    before.close()
    assert cli(["restore", *db_args(central_settings), "--new-epoch-only"]) == 0
    after = Central(central_settings)
    assert after.epoch != old and after.epoch in capsys.readouterr().out
    after.close()
