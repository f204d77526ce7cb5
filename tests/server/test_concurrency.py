"""Many clients at once: worker start-up races and a connection pool under load."""

from __future__ import annotations

import hashlib
import io
import threading
import uuid

from PIL import Image

from gridapp import clock
from gridapp.server.central import Central
from gridapp.sync.protocol import EventIn
from gridapp.sync.transport import Transport


def test_workers_starting_together_agree_on_one_epoch(central_settings):
    barrier = threading.Barrier(4)
    epochs, errors = [], []

    def start():
        barrier.wait()
        try:
            central = Central(central_settings)
            epochs.append(central.epoch)
            central.close()
        except Exception as exc:  # the race used to raise a unique-key violation
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    [t.start() for t in threads]
    [t.join(30) for t in threads]
    assert errors == []
    assert len(epochs) == 4 and len(set(epochs)) == 1


def test_thirty_clients_pushing_photos_at_once_all_get_answers(live_server):
    central = live_server.central
    officers = sorted(u for u in central.reference().users if u.startswith("wg"))[:30]
    results, errors = [], []
    barrier = threading.Barrier(len(officers))

    def push(username: str, n: int) -> None:
        transport = Transport(live_server.url, timeout=60)
        try:
            transport.login(username, "demo1234")
            grid = sorted(central.reference().users[username].grid_codes)[0]
            p = central.reference().grids[grid].polygon.representative_point()
            buf = io.BytesIO()
            Image.new("RGB", (32, 24), (n * 7 % 255, 90, 40)).save(buf, "JPEG")
            data = buf.getvalue()
            sha = hashlib.sha256(data).hexdigest()
            transport.upload(sha, data)
            events = [
                EventIn(
                    id=str(uuid.uuid4()),
                    case_id=str(uuid.uuid4()),
                    action="report",
                    at_client=clock.now(),
                    payload={
                        "source": "patrol",
                        "category_code": "020102",
                        "catalog": 2,
                        "lon": p.x,
                        "lat": p.y,
                        "description": f"并发{n}-{i}",
                        "photos": [sha] if i == 0 else [],
                    },
                )
                for i in range(3)
            ]
            barrier.wait()
            for _ in range(3):
                response = transport.push(events)
                results.extend(r.status.value for r in response.results)
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            transport.close()

    threads = [threading.Thread(target=push, args=(u, n)) for n, u in enumerate(officers)]
    [t.start() for t in threads]
    [t.join(120) for t in threads]
    assert errors == []
    # each batch pushed three times: accepted once, then answered as duplicates
    assert results.count("accepted") == 30 * 3
    assert results.count("duplicate") == 30 * 3 * 2
