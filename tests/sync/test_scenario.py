"""The whole loop over sync: three officers offline, the district centre, a department.

Three officers (wg001, wg005 in 丝绸路街道, wg010 in 大街街道: district tier) record
100 cases each with a photo, offline. Only wg001 syncs at first; the district centre
(shouli 受理, zhiban 立案, paiqian 派遣, each on a client store of their own)
triages and dispatches while the other two are still offline; the department
(bm-d02) handles some with a photo; wg001 checks one and fails it (返工), the
department handles it again, wg001 passes it, zhiban closes the verified ones.
Then everyone syncs in a random order, twice, and every client must hold exactly
the events of its scope, once, with nothing pending and nothing acknowledged lost.
"""

from __future__ import annotations

import random

from gridapp.domain.case import CaseState
from gridapp.store.case_queries import CaseQuery
from tests.core.helpers import jpeg
from tests.sync.helpers import Ledger, assert_converged, make_client, server_events

SEED = 20261116
PER_OFFICER = 100
OFFICERS = ("wg001", "wg005", "wg010")
HANDLED = 20  # cases the department handles
CHECKED = 10  # of which wg001 passes this many (one more fails first)


def _ids(ws, *states: CaseState) -> list[str]:
    return [r.id for r in ws.list_cases(CaseQuery(states=states, limit=10_000, sort="number"))]


def test_three_officers_offline_centre_department_random_sync(live_server, tmp_path):
    url = live_server.url
    ledger = Ledger()
    officers = {u: make_client(tmp_path, url, u, u) for u in OFFICERS}
    for u, c in officers.items():
        grids = c.ws.reference.user(u).grid_codes
        assert {c.ws.reference.grids[g].street_code for g in grids} <= {"370306001", "370306002"}
    shouli = make_client(tmp_path, url, "shouli", "shouli")
    zhiban = make_client(tmp_path, url, "zhiban", "zhiban")
    paiqian = make_client(tmp_path, url, "paiqian", "paiqian")
    dept = make_client(tmp_path, url, "bm-d02", "bm-d02")
    everyone = [*officers.values(), shouli, zhiban, paiqian, dept]

    # offline: 100 cases each, each with a photo of its own
    made: dict[str, list[str]] = {}
    for n, (u, c) in enumerate(officers.items()):
        made[u] = [c.report(k, photo=jpeg(n * 1000 + k)) for k in range(PER_OFFICER)]
    for c in officers.values():
        assert len(c.ws.list_cases(CaseQuery(limit=1000))) == PER_OFFICER

    # wg001 comes online; the others stay offline while the centre works
    first = ledger.sync(officers["wg001"])
    assert (first.accepted, first.rejected, first.waiting) == (PER_OFFICER, 0, 0), first

    ledger.sync(shouli)
    reported = _ids(shouli.ws, CaseState.REPORTED)
    assert sorted(reported) == sorted(made["wg001"])
    for case_id in reported:
        shouli.ws.act(case_id, "accept")
    assert ledger.sync(shouli).accepted == PER_OFFICER

    ledger.sync(zhiban)
    for case_id in _ids(zhiban.ws, CaseState.REPORTED):
        zhiban.ws.act(case_id, "file")
    assert ledger.sync(zhiban).accepted == PER_OFFICER
    numbers = {r.number for r in zhiban.ws.list_cases(CaseQuery(limit=1000))}
    assert len(numbers) == PER_OFFICER and not any(n.startswith("临") for n in numbers)

    ledger.sync(paiqian)
    for case_id in _ids(paiqian.ws, CaseState.FILED):
        paiqian.ws.act(case_id, "dispatch")  # the suggestion: D02 for 暴露垃圾
    assert ledger.sync(paiqian).accepted == PER_OFFICER

    # the department handles some, with a photo each
    ledger.sync(dept)
    dispatched = _ids(dept.ws, CaseState.DISPATCHED)
    assert sorted(dispatched) == sorted(made["wg001"])
    handled = dispatched[:HANDLED]
    for i, case_id in enumerate(handled):
        dept.ws.act(case_id, "handle", {"note": "已清理"}, photos=[jpeg(50_000 + i)])
    assert ledger.sync(dept).accepted == HANDLED

    # wg001 checks: one fails (返工), some pass
    wg001 = officers["wg001"]
    ledger.sync(wg001)
    assert sorted(_ids(wg001.ws, CaseState.HANDLED)) == sorted(handled)
    rework, passed = handled[0], handled[1 : 1 + CHECKED]
    wg001.ws.act(rework, "check", {"result": False, "note": "仍有垃圾"}, photos=[jpeg(60_000)])
    for case_id in passed:
        wg001.ws.act(case_id, "check", {"result": True})
    assert ledger.sync(wg001).accepted == 1 + CHECKED
    assert wg001.ws.record(rework).state is CaseState.DISPATCHED

    ledger.sync(dept)
    assert dept.ws.record(rework).rework_count == 1
    dept.ws.act(rework, "handle", {"note": "已再次清理"}, photos=[jpeg(60_001)])
    assert ledger.sync(dept).accepted == 1
    ledger.sync(wg001)
    wg001.ws.act(rework, "check", {"result": True})
    assert ledger.sync(wg001).accepted == 1

    ledger.sync(zhiban)
    verified = _ids(zhiban.ws, CaseState.VERIFIED)
    assert sorted(verified) == sorted([rework, *passed])
    for case_id in verified:
        zhiban.ws.act(case_id, "close")
    assert ledger.sync(zhiban).accepted == len(verified)

    # everyone, the two offline officers included, syncs in a random order, twice
    rng = random.Random(SEED)
    for _ in range(2):
        order = everyone[:]
        rng.shuffle(order)
        for c in order:
            report = ledger.sync(c)
            assert report.rejected == 0, (c.name, report)

    assert_converged(live_server.central, everyone, ledger)

    server = server_events(live_server.central)
    assert len({k[3] for k in server.values()}) == len(OFFICERS) * PER_OFFICER
    for c in (shouli, zhiban, paiqian):
        assert c.ws.count_cases() == len(OFFICERS) * PER_OFFICER
    for u, c in officers.items():
        assert {r.id for r in c.ws.list_cases(CaseQuery(limit=1000))} == set(made[u])
    assert dept.ws.count_cases() == PER_OFFICER
    for c in (wg001, shouli, dept):
        record = c.ws.record(rework)
        assert record.state is CaseState.CLOSED and record.rework_count == 1
    for c in everyone:
        c.close()
