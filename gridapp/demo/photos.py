"""Demo photos that read as a grid officer's street photographs, drawn with Pillow.

A case photo in a 数字城管 client is a phone picture of a street: sky, buildings on
both sides, the road running away with its kerbs and markings, and the problem in
the foreground (a pile of rubbish, a broken manhole cover, a stall on the pavement),
with the camera app's time stamp burnt in. Flat colour cards make a demo look
unfinished, so each photo here is such a scene: a perspective street with a problem
object chosen from the case's category, some blur and sensor noise, and a
watermark. Everything follows from ``seed`` (same seed, same bytes) and the JPEGs
stay small (480×360, ~30 KB).
"""

from __future__ import annotations

import io
import random
from datetime import datetime

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

__all__ = ["SCENES", "scene_for", "street_photo"]

SIZE = (480, 360)
# scene → words of a category name that call for it (the first scene that matches wins)
SCENES: dict[str, tuple[str, ...]] = {
    "manhole": ("井盖", "箅子", "窨井"),
    "pothole": ("道路", "路面", "坑", "破损", "盲道"),
    "vehicle": ("车", "停放", "停车"),
    "stall": ("占道", "摊", "经营", "兜售", "出店"),
    "poster": ("广告", "张贴", "涂写", "刻画", "标语", "招牌", "牌"),
    "greenery": ("绿", "树", "草", "花"),
    "light": ("路灯", "照明", "灯", "杆"),
    "garbage": ("垃圾", "废弃", "杂物", "渣土", "堆", "污", "积存", "清洁", "桶", "箱"),
}
GENERIC = "barrier"  # cones and a barrier: any other problem on the street


def scene_for(category_name: str) -> str:
    """The scene that illustrates a category, by the words in its name."""
    for scene, words in SCENES.items():
        if any(word in category_name for word in words):
            return scene
    return GENERIC


def street_photo(seed: int, scene: str | None = None, *, taken: datetime | None = None) -> bytes:
    """A JPEG of a street with ``scene``'s problem in front (None: the street only).

    The street follows from ``seed`` alone, so the same seed without a scene is the
    same spot after handling. ``taken`` is the time stamp the watermark shows."""
    rng = random.Random(seed)
    img = _street(rng)
    draw = ImageDraw.Draw(img)
    if scene is not None:
        _PROBLEMS.get(scene, _barrier)(draw, random.Random(f"{seed}:{scene}"))
    img = img.filter(ImageFilter.GaussianBlur(0.7))
    img = _noise(img, seed)
    _watermark(img, rng, taken)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=72, optimize=True)
    return buf.getvalue()


# -- the street ------------------------------------------------------------------------------


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _jitter(rng: random.Random, colour: tuple[int, int, int], amount: int) -> tuple[int, int, int]:
    return tuple(max(0, min(255, c + rng.randint(-amount, amount))) for c in colour)  # type: ignore[return-value]


def _street(rng: random.Random) -> Image.Image:
    w, h = SIZE
    img = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(img)
    horizon = int(h * rng.uniform(0.40, 0.48))
    vx = int(w * rng.uniform(0.40, 0.60))
    overcast = rng.random() < 0.35
    top = (170, 176, 184) if overcast else _jitter(rng, (92, 148, 214), 12)
    low = (214, 216, 218) if overcast else _jitter(rng, (196, 220, 240), 8)
    for y in range(horizon + 1):
        draw.line([(0, y), (w, y)], fill=_mix(top, low, y / max(horizon, 1)))
    _far_buildings(draw, rng, horizon)
    # the ground: pavements on both sides, the road between the kerbs
    draw.rectangle([0, horizon, w, h], fill=_jitter(rng, (176, 166, 150), 10))
    spread = rng.uniform(0.85, 1.15)
    left_kerb, right_kerb = int(w * 0.08 * spread) - 40, w - int(w * 0.08 * spread) + 40
    road = [(vx - 6, horizon), (vx + 6, horizon), (right_kerb, h), (left_kerb, h)]
    draw.polygon(road, fill=_jitter(rng, (88, 90, 94), 8))
    for x0 in (left_kerb, right_kerb):  # kerb stones: a light band along each edge
        side = -1 if x0 < vx else 1
        draw.polygon(
            [(vx + side * 6, horizon), (vx + side * 8, horizon), (x0 + side * 14, h), (x0, h)],
            fill=(198, 198, 192),
        )
    _markings(draw, rng, vx, horizon)
    _side_buildings(draw, rng, vx, horizon)
    _trees(draw, rng, vx, horizon)
    return img


def _far_buildings(draw: ImageDraw.ImageDraw, rng: random.Random, horizon: int) -> None:
    x = -10
    w = SIZE[0]
    while x < w:
        bw = rng.randint(30, 70)
        bh = rng.randint(25, 90)
        colour = _jitter(rng, rng.choice([(190, 186, 176), (160, 170, 180), (210, 200, 188)]), 10)
        draw.rectangle([x, horizon - bh, x + bw, horizon], fill=colour)
        for wy in range(horizon - bh + 6, horizon - 6, 9):  # rows of windows
            for wx in range(x + 4, x + bw - 6, 8):
                draw.rectangle([wx, wy, wx + 3, wy + 4], fill=_mix(colour, (60, 70, 90), 0.55))
        x += bw + rng.randint(0, 6)


def _markings(draw: ImageDraw.ImageDraw, rng: random.Random, vx: int, horizon: int) -> None:
    h = SIZE[1]
    yellow = rng.random() < 0.4
    colour = (222, 190, 60) if yellow else (236, 236, 232)
    t = 0.02
    while t < 1.0:  # dashes that grow toward the camera
        t2 = min(t + 0.06 + 0.10 * t, 1.0)
        y1, y2 = horizon + (h - horizon) * t, horizon + (h - horizon) * t2
        w1, w2 = 1 + 5 * t, 1 + 5 * t2
        draw.polygon([(vx - w1, y1), (vx + w1, y1), (vx + w2, y2), (vx - w2, y2)], fill=colour)
        t = t2 + 0.05 + 0.12 * t2


def _side_buildings(draw: ImageDraw.ImageDraw, rng: random.Random, vx: int, horizon: int) -> None:
    """Facades along both pavements, drawn as planes running to the vanishing point."""
    w, h = SIZE
    for side in (-1, 1):
        edge = 0 if side < 0 else w
        depth = rng.uniform(0.55, 0.75)  # how far toward the vanishing point they reach
        top_near = rng.randint(-40, 30)
        near_x, far_x = edge, edge + (vx - edge) * depth
        far_top = horizon - (horizon - top_near) * (1 - depth) - rng.randint(4, 18)
        far_bottom = horizon + (h * 0.62 - horizon) * (1 - depth)
        base = _jitter(rng, rng.choice([(196, 180, 160), (170, 160, 150), (205, 200, 190)]), 12)
        draw.polygon(
            [(near_x, top_near), (far_x, far_top), (far_x, far_bottom), (near_x, h * 0.62)],
            fill=base,
        )
        # shop fronts and windows: strips across the facade at a few depths
        for k in range(1, 7):
            f = k / 7
            x = near_x + (far_x - near_x) * f
            y_top = top_near + (far_top - top_near) * f
            y_bot = h * 0.62 + (far_bottom - h * 0.62) * f
            draw.line([(x, y_top), (x, y_bot)], fill=_mix(base, (70, 60, 50), 0.4), width=2)
            sign_y = y_bot - (y_bot - y_top) * 0.28
            draw.line(
                [(x, sign_y), (x + (far_x - near_x) / 7, sign_y)],
                fill=rng.choice([(180, 40, 40), (40, 80, 160), (200, 150, 40)]),
                width=max(2, int(8 * (1 - f))),
            )


def _trees(draw: ImageDraw.ImageDraw, rng: random.Random, vx: int, horizon: int) -> None:
    w, h = SIZE
    for side in (-1, 1):
        for t in (0.25, 0.45, 0.7):
            if rng.random() < 0.3:
                continue
            scale = 1 - t
            x = vx + side * (w * 0.5 * scale + 10)
            y = horizon + (h * 0.75 - horizon) * scale
            r = 30 * scale + 4
            draw.line([(x, y), (x, y - 3 * r)], fill=(90, 70, 50), width=max(2, int(5 * scale)))
            for _ in range(5):
                cx, cy = x + rng.uniform(-r, r), y - 3 * r + rng.uniform(-r, r * 0.5)
                green = _jitter(rng, (70, 120, 60), 20)
                draw.ellipse([cx - r, cy - r * 0.8, cx + r, cy + r * 0.8], fill=green)


# -- the problems ----------------------------------------------------------------------------


def _spot(rng: random.Random) -> tuple[float, float]:
    """Where the problem sits: the lower part of the picture, off the centre line."""
    w, h = SIZE
    return rng.choice([w * 0.28, w * 0.68]) + rng.uniform(-30, 30), h * rng.uniform(0.72, 0.84)


def _garbage(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    x, y = _spot(rng)
    for _ in range(rng.randint(9, 16)):
        bx, by = x + rng.uniform(-60, 60), y + rng.uniform(-25, 18)
        r = rng.uniform(10, 24)
        colour = rng.choice([(30, 30, 32), (230, 230, 225), (60, 90, 170), (200, 60, 50)])
        draw.ellipse([bx - r, by - r * 0.8, bx + r, by + r * 0.7], fill=_jitter(rng, colour, 15))
        draw.arc([bx - r, by - r * 0.8, bx + r, by + r * 0.7], 200, 330, fill=(250, 250, 250))
    for _ in range(25):  # scattered bits
        px, py = x + rng.uniform(-90, 90), y + rng.uniform(0, 40)
        draw.rectangle([px, py, px + rng.uniform(2, 7), py + rng.uniform(2, 5)],
                       fill=_jitter(rng, (150, 140, 120), 60))  # fmt: skip


def _manhole(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    x, y = SIZE[0] * rng.uniform(0.4, 0.6), SIZE[1] * rng.uniform(0.74, 0.84)
    rx, ry = 62, 22
    draw.ellipse([x - rx - 6, y - ry - 3, x + rx + 6, y + ry + 3], fill=(120, 118, 112))
    draw.ellipse([x - rx, y - ry, x + rx, y + ry], fill=(18, 16, 14))  # the open shaft
    # the broken cover, tipped half over the hole
    dx = rng.uniform(-25, 25)
    draw.pieslice([x - rx + dx, y - ry - 8, x + rx + dx, y + ry - 8], 180, 330, fill=(70, 68, 66))
    for k in range(-3, 4):
        draw.line([(x + dx + k * 14, y - 18), (x + dx + k * 14 + 6, y - 6)], fill=(40, 40, 40))
    draw.line([(x + dx - 20, y - 14), (x + dx + 5, y - 2), (x + dx + 30, y - 12)],
              fill=(10, 10, 10), width=2)  # fmt: skip


def _pothole(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    x, y = SIZE[0] * rng.uniform(0.35, 0.65), SIZE[1] * rng.uniform(0.76, 0.86)
    pts = []
    for k in range(14):
        a = 2 * np.pi * k / 14
        r = rng.uniform(0.7, 1.0)
        pts.append((x + 75 * r * np.cos(a), y + 26 * r * np.sin(a)))
    draw.polygon(pts, fill=(52, 48, 44))
    draw.polygon([(px, py + 6) for px, py in pts[7:]], fill=(96, 86, 70))  # the broken edge
    for _ in range(6):  # cracks running out of it
        a = rng.uniform(0, 2 * np.pi)
        px, py = x + 70 * np.cos(a), y + 24 * np.sin(a)
        draw.line([(px, py), (px + rng.uniform(-50, 50), py + rng.uniform(-14, 14))],
                  fill=(40, 40, 40), width=2)  # fmt: skip


def _vehicle(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    x, y = _spot(rng)
    body = _jitter(
        rng, rng.choice([(180, 30, 30), (230, 230, 230), (40, 40, 45), (40, 70, 140)]), 10
    )
    draw.rounded_rectangle([x - 80, y - 40, x + 80, y + 10], radius=10, fill=body)
    draw.polygon(
        [(x - 50, y - 40), (x - 30, y - 70), (x + 35, y - 70), (x + 55, y - 40)], fill=body
    )
    draw.polygon([(x - 42, y - 42), (x - 27, y - 65), (x + 30, y - 65), (x + 45, y - 42)],
                 fill=(120, 150, 170))  # fmt: skip
    for wx in (x - 50, x + 50):
        draw.ellipse([wx - 17, y - 5, wx + 17, y + 27], fill=(20, 20, 20))
        draw.ellipse([wx - 7, y + 4, wx + 7, y + 18], fill=(150, 150, 150))
    draw.rectangle([x - 20, y - 15, x + 20, y - 5], fill=(40, 80, 200))  # number plate


def _stall(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    x, y = _spot(rng)
    shade = rng.choice([(220, 60, 40), (40, 120, 200), (240, 180, 40)])
    draw.pieslice([x - 75, y - 135, x + 75, y - 45], 180, 360, fill=shade)
    for k in range(-3, 4):
        draw.line([(x, y - 90), (x + k * 25, y - 90)], fill=(250, 250, 250))
    draw.line([(x, y - 90), (x, y - 20)], fill=(80, 80, 80), width=3)
    draw.rectangle([x - 60, y - 30, x + 60, y + 12], fill=(150, 110, 70))  # the cart
    for _ in range(10):  # goods on it
        gx = x + rng.uniform(-55, 50)
        draw.ellipse([gx, y - 42, gx + 12, y - 30], fill=_jitter(rng, (230, 120, 40), 50))
    for bx in (x - 95, x + 70):  # boxes on the pavement
        draw.rectangle([bx, y - 10, bx + 30, y + 20], fill=(180, 150, 100), outline=(120, 90, 60))


def _poster(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    w, h = SIZE
    x = rng.choice([w * 0.12, w * 0.82])
    draw.rectangle([x - 8, h * 0.30, x + 8, h * 0.95], fill=(120, 124, 128))  # a pole
    for _ in range(rng.randint(6, 11)):
        px, py = x + rng.uniform(-40, 25), h * rng.uniform(0.35, 0.8)
        pw, ph = rng.uniform(16, 30), rng.uniform(20, 36)
        draw.rectangle([px, py, px + pw, py + ph], fill=_jitter(rng, (240, 236, 220), 15))
        for line in range(3, int(ph) - 3, 5):
            draw.line([(px + 3, py + line), (px + pw - 3, py + line)],
                      fill=rng.choice([(20, 20, 20), (200, 30, 30)]))  # fmt: skip


def _greenery(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    x, y = _spot(rng)
    draw.ellipse([x - 110, y - 25, x + 110, y + 35], fill=(120, 100, 70))  # bare, trampled soil
    for _ in range(30):
        gx, gy = x + rng.uniform(-100, 100), y + rng.uniform(-20, 30)
        draw.line([(gx, gy), (gx + rng.uniform(-4, 4), gy - 8)], fill=(90, 130, 60), width=2)
    # a broken branch lying across it
    draw.line([(x - 90, y - 5), (x + 70, y + 15)], fill=(90, 65, 40), width=7)
    for k in range(4):
        bx = x - 60 + k * 35
        draw.line([(bx, y), (bx + 20, y - 25)], fill=(90, 65, 40), width=3)
        draw.ellipse([bx + 10, y - 40, bx + 40, y - 18], fill=(110, 120, 50))


def _light(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    w, h = SIZE
    x = rng.choice([w * 0.2, w * 0.78])
    lean = rng.uniform(25, 45) * (1 if x < w / 2 else -1)  # a pole knocked askew
    draw.line([(x, h * 0.92), (x + lean, h * 0.15)], fill=(110, 112, 116), width=7)
    draw.line([(x + lean, h * 0.15), (x + lean + 45, h * 0.2)], fill=(110, 112, 116), width=4)
    draw.ellipse([x + lean + 35, h * 0.19, x + lean + 60, h * 0.25], fill=(60, 60, 60))
    for _ in range(12):  # broken glass on the ground
        gx, gy = x + rng.uniform(-40, 40), h * rng.uniform(0.88, 0.96)
        draw.polygon([(gx, gy), (gx + 4, gy - 3), (gx + 6, gy + 2)], fill=(210, 225, 230))


def _barrier(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    x, y = _spot(rng)
    for k in range(3):  # traffic cones
        cx = x - 60 + k * 60
        draw.polygon([(cx - 14, y + 10), (cx, y - 40), (cx + 14, y + 10)], fill=(235, 100, 30))
        draw.line([(cx - 8, y - 12), (cx + 8, y - 12)], fill=(245, 245, 245), width=5)
    draw.rectangle([x - 80, y - 30, x + 80, y - 20], fill=(230, 40, 40))
    for k in range(0, 160, 30):
        draw.rectangle([x - 80 + k, y - 30, x - 65 + k, y - 20], fill=(245, 245, 245))


_PROBLEMS = {
    "garbage": _garbage,
    "manhole": _manhole,
    "pothole": _pothole,
    "vehicle": _vehicle,
    "stall": _stall,
    "poster": _poster,
    "greenery": _greenery,
    "light": _light,
    GENERIC: _barrier,
}


# -- the camera ------------------------------------------------------------------------------


def _noise(img: Image.Image, seed: int) -> Image.Image:
    """Sensor noise and a slight vignette: what makes a drawing read as a photograph."""
    pixels = np.asarray(img, dtype=np.float32)
    noise = np.random.default_rng(seed).normal(0.0, 7.0, pixels.shape[:2])[..., None]
    h, w = pixels.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    r2 = ((xx - w / 2) / (w / 2)) ** 2 + ((yy - h / 2) / (h / 2)) ** 2
    vignette = (1.0 - 0.18 * r2)[..., None]
    out = np.clip(pixels * vignette + noise, 0, 255).astype(np.uint8)
    return Image.fromarray(out, "RGB")


def _watermark(img: Image.Image, rng: random.Random, taken: datetime | None) -> None:
    """The camera app's stamp, bottom left: time and position, as field apps burn in."""
    stamp = taken or datetime(2026, 1, 1, 8, 0)
    lat, lon = 36.80 + rng.uniform(-0.03, 0.03), 117.866 + rng.uniform(-0.04, 0.04)
    lines = (f"{stamp:%Y-%m-%d %H:%M:%S}", f"N{lat:.5f} E{lon:.5f}")
    font = ImageFont.load_default(13)
    draw = ImageDraw.Draw(img, "RGBA")
    h = img.height
    draw.rectangle([6, h - 44, 190, h - 6], fill=(0, 0, 0, 110))
    for k, line in enumerate(lines):
        draw.text((12, h - 41 + k * 17), line, fill=(255, 255, 255, 235), font=font)
