"""Child program of the SIGKILL crash test: save cases with photos until killed.

Run: python tests/faults/crash_child.py <store path> <seed> [--wait]

With GRIDAPP_CRASH_STORE_KEY (a hex data key) set it opens the store encrypted, as
a laptop's client store (the first child converts the plain store it is given).

With ``--wait`` it imports everything, then waits for a line on stdin before it
opens the store: the test starts the next child while the current one runs, so
the import cost (most of a child's start-up) overlaps the work of the round.

Prints ``ready`` once the store is open, then one line per save that RETURNED:

    saved <case_id> <sha256 of the report photo>
    acted <case_id> <action> <sha256 of the action's photo, or ->

Each line is flushed at once, so the parent knows exactly which saves completed
before the kill. Imports only what the save path needs: 200 of these start per run.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402  (Pillow is loaded by the file store anyway)

from gridapp.workspace import Workspace  # noqa: E402

OFFICER = "wg001"  # owns the grids of community 370306001001 (an urban 街道: district tier)
COMMUNITY = "370306001001"
CATEGORY = "020102"  # 暴露垃圾
KEY_ENV = "GRIDAPP_CRASH_STORE_KEY"


def jpeg(rng: random.Random, n: int) -> bytes:
    """A real JPEG of noise, 20–60 KB; content (and so the SHA-256) differs per call."""
    width = 200 + (n * 7 % 9) * 15  # 200..320 px
    height = width * 3 // 4
    img = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    return buf.getvalue()


def point_in(ws: Workspace, rng: random.Random) -> tuple[float, float]:
    """A random point inside one of the officer's grids (rejection from the bbox)."""
    grids = sorted(
        (g for g in ws.reference.grids.values() if g.community_code == COMMUNITY),
        key=lambda g: g.code,
    )
    grid = rng.choice(grids)
    minx, miny, maxx, maxy = grid.polygon.bounds
    for _ in range(1000):
        lon, lat = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        found = ws.reference.grid_index.locate(lon, lat)
        if found is not None and found.community_code == COMMUNITY:
            return lon, lat
    point = grid.polygon.representative_point()
    return point.x, point.y


def emit(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def follow_up(ws: Workspace, rng: random.Random, case_id: str, n: int) -> None:
    """Sometimes move the case on (accept → file → dispatch → handle with a photo)."""
    steps = (("shouli", "accept"), ("zhiban", "file"), ("paiqian", "dispatch"))
    chance = 0.4
    for username, action in steps:
        if rng.random() >= chance:
            return
        ws.act_as(username)
        ws.act(case_id, action)
        emit(f"acted {case_id} {action} -")
        chance = 0.6
    if rng.random() >= chance:
        return
    record = ws.service.load(case_id)
    ws.act_as(f"bm-{(record.department_code or '').lower()}")
    photo = jpeg(rng, n)
    ws.act(case_id, "handle", {"note": "已清理完毕"}, [photo])
    emit(f"acted {case_id} handle {hashlib.sha256(photo).hexdigest()}")


def main(argv: list[str]) -> None:
    store, seed = Path(argv[1]), int(argv[2])
    if "--wait" in argv[3:] and not sys.stdin.readline():
        return  # the parent went away before our turn
    rng = random.Random(seed)
    key = os.environ.get(KEY_ENV)  # hex data key: the laptop's encrypted client store
    if key:
        from gridapp.store.store_key import DataKey

        ws = Workspace.open_client(store, key=DataKey(bytes.fromhex(key)))
    else:
        ws = Workspace.open(store)
    ws.act_as(OFFICER)
    emit("ready")
    n = 0
    while True:
        n += 1
        photo = jpeg(rng, n)
        lon, lat = point_in(ws, rng)
        ws.act_as(OFFICER)
        changes = ws.report(
            source="patrol",
            category_code=CATEGORY,
            lon=lon,
            lat=lat,
            description=f"路边暴露垃圾 #{seed}-{n}",
            photos=[photo],
        )
        (case_id,) = changes.case_ids
        emit(f"saved {case_id} {hashlib.sha256(photo).hexdigest()}")
        follow_up(ws, rng, case_id, n)


if __name__ == "__main__":
    main(sys.argv)
