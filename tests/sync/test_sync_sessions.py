"""Client sessions and sync, against a real service.

Offline login, the token file, client restarts, and several users working on one
client store.
"""

from __future__ import annotations

import stat

import pytest

from gridapp.errors import DomainError
from gridapp.sync.engine import pending_events, refused_events
from gridapp.sync.protocol import EventStatusOut
from gridapp.sync.transport import AuthError, TransientError, Transport
from tests.core.helpers import jpeg
from tests.live_server import start_server
from tests.sync.helpers import (
    assert_converged,
    client_rows,
    make_client,
    server_case,
    server_events,
    start_on_port,
)

S = EventStatusOut


# -- login, tokens, restarts ---------------------------------------------------------------


def test_offline_login_after_one_online_login(central_settings, tmp_path):
    server = start_server(central_settings)
    port = int(server.url.rsplit(":", 1)[1])
    try:
        officer = make_client(tmp_path, server.url, "wg001", "wg001")
        assert officer.sync.online
        server.stop()
        officer.close()
        officer = make_client(tmp_path, server.url, "wg001")  # the laptop restarted
        actor = officer.login("wg001")
        assert not officer.sync.online and actor.username == "wg001"
        assert officer.ws.user.username == "wg001"
        with pytest.raises(DomainError) as wrong:
            officer.login("wg001", "wrong-password")
        assert wrong.value.code == "bad_credentials"
        with pytest.raises(DomainError):  # never logged in online on this machine
            officer.login("shouli")
        officer.login("wg001")
        case_id = officer.report(0, photo=jpeg(7))
        with pytest.raises(TransientError):
            officer.run()
        assert not officer.sync.online and officer.sync.failures == 1
        assert pending_events(officer.ws) == 1
        server = start_on_port(central_settings, port)  # the network is back
        report = officer.run()  # with the session token kept from the online login
        assert report.accepted == 1 and officer.sync.online
        assert server_case(server.central, case_id) is not None
        officer.close()
    finally:
        server.stop()


def test_token_file_is_private(live_server, tmp_path):
    officer = make_client(tmp_path, live_server.url, "wg001", "wg001")
    files = list(officer.tokens_dir.iterdir())
    assert len(files) == 1, files
    mode = stat.S_IMODE(files[0].stat().st_mode)
    assert mode == 0o600, oct(mode)
    token = files[0].read_text().strip()
    assert token == officer.sync.transport.token
    assert transport_with(live_server, token).pull(0).events == []  # the token works
    officer.sync.logout()
    assert list(officer.tokens_dir.iterdir()) == []
    with pytest.raises(AuthError):  # and the session is gone on the server too
        transport_with(live_server, token).pull(0)


def transport_with(server, token: str) -> Transport:
    return Transport(server.url, token)


def test_pending_events_survive_a_client_restart(live_server, tmp_path):
    officer = make_client(tmp_path, live_server.url, "wg001", "wg001")
    case_ids = [officer.report(k, photo=jpeg(200 + k)) for k in range(3)]
    officer.reopen()
    assert pending_events(officer.ws) == 3
    assert {r.id for r in officer.ws.list_cases()} == set(case_ids)
    officer.reopen()
    report = officer.run()
    assert (report.accepted, report.rejected, report.waiting) == (3, 0, 0)
    for case_id in case_ids:
        record = server_case(live_server.central, case_id)
        assert record is not None and live_server.central.files.has(record.photos[0])
    assert_converged(live_server.central, [officer])


# -- one store, several users --------------------------------------------------------------


def test_events_of_the_previous_user_are_not_pushed_as_the_next_users(live_server, tmp_path):
    officer = make_client(tmp_path, live_server.url, "wg001", "wg001")
    case_id = officer.report(0)
    officer.run()
    centre = make_client(tmp_path, live_server.url, "centre", "shouli")
    centre.run()
    centre.ws.act(case_id, "accept")  # by shouli, not synced yet
    centre.login("zhiban")  # the shift changes
    centre.run()
    held = {r["id"]: r["actor"] for r in client_rows(centre.ws)}
    on_server = {k: v[4] for k, v in server_events(live_server.central).items()}
    # shouli's accept waits for shouli's own session; nothing goes out under zhiban's name
    assert {i: a for i, a in held.items() if i in on_server} == {
        i: on_server[i] for i in held if i in on_server
    }
    waiting = [r for r in client_rows(centre.ws) if r["action"] == "accept"]
    assert len(waiting) == 1 and waiting[0]["id"] not in on_server
    centre.login("shouli")
    centre.run()
    assert server_events(live_server.central)[waiting[0]["id"]][4] == "shouli"


def test_events_of_the_previous_user_are_not_refused_for_the_next_ones_role(live_server, tmp_path):
    officer = make_client(tmp_path, live_server.url, "wg001", "wg001")
    case_id = officer.report(0)
    officer.run()
    centre = make_client(tmp_path, live_server.url, "centre", "shouli")
    centre.run()
    centre.ws.act(case_id, "accept")
    centre.login("paiqian")
    centre.run()
    assert not refused_events(centre.ws), refused_events(centre.ws)[0]["reject_code"]


def test_a_user_logging_in_on_a_used_store_gets_the_cases_of_their_scope(live_server, tmp_path):
    wg010 = make_client(tmp_path, live_server.url, "wg010", "wg010")
    case_id = wg010.report(0)
    wg010.run()
    shared = make_client(tmp_path, live_server.url, "shared", "wg001")
    shared.run()
    shared.login("wg010")
    shared.run()
    assert [r.id for r in shared.ws.list_cases()] == [case_id]
