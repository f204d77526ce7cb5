"""Hostile and awkward-but-genuine images, built at test time (no binary fixtures).

Each hostile file comes with the refusal code the photo check must give it.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib

from PIL import Image


def noise_image(size: tuple[int, int], n: int = 1) -> Image.Image:
    w, h = size
    return Image.frombytes("RGB", size, random.Random(n).randbytes(w * h * 3))


def encode(img: Image.Image, fmt: str, **options: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format=fmt, **options)
    return buf.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def bomb_png(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of ``width``×``height`` zero pixels: a few KB on the wire."""
    rows = b"\x00" * ((width + 7) // 8 + 1) * height  # filter byte + packed bits per row
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows, 9))
        + _chunk(b"IEND", b"")
    )


def zip_archive() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("index.html", "<script>alert(document.cookie)</script>")
    return buf.getvalue()


def jpeg_with_exif_thumbnail(n: int = 1) -> bytes:
    """A phone-like JPEG: an APP1 segment right after SOI carries a whole JPEG
    thumbnail (its own SOI…EOI), and a comment holds stray FF D9 bytes."""
    main = encode(noise_image((320, 240), n), "JPEG", quality=85)
    thumb = encode(noise_image((32, 24), n + 1), "JPEG")
    app1 = b"Exif\x00\x00" + thumb
    comment = b"made by \xff\xd9 test"
    segments = (
        b"\xff\xe1"
        + struct.pack(">H", len(app1) + 2)
        + app1
        + b"\xff\xfe"
        + struct.pack(">H", len(comment) + 2)
        + comment
    )
    return main[:2] + segments + main[2:]


def genuine_images() -> dict[str, bytes]:
    """Photos real devices produce, every one of which must still be accepted."""
    frames = [noise_image((60, 40), n) for n in range(3)]
    return {
        "jpeg": encode(noise_image((320, 240)), "JPEG", quality=90),
        "jpeg_progressive": encode(noise_image((320, 240)), "JPEG", progressive=True),
        "jpeg_restart_markers": encode(noise_image((320, 240)), "JPEG", restart_marker_rows=1),
        "jpeg_exif_thumbnail": jpeg_with_exif_thumbnail(),
        "jpeg_grey": encode(noise_image((200, 100)).convert("L"), "JPEG"),
        "jpeg_cmyk": encode(noise_image((200, 100)).convert("CMYK"), "JPEG"),
        "png": encode(noise_image((200, 100)), "PNG"),
        "png_palette": encode(noise_image((200, 100)).convert("P"), "PNG"),
        "png_rgba": encode(noise_image((200, 100)).convert("RGBA"), "PNG"),
        "png_white_screenshot": encode(Image.new("RGB", (1920, 1080), "white"), "PNG"),
        "apng": encode(frames[0], "PNG", save_all=True, append_images=frames[1:]),
        "webp": encode(noise_image((200, 100)), "WEBP"),
        "webp_lossless": encode(noise_image((200, 100)), "WEBP", lossless=True),
        "webp_animated": encode(frames[0], "WEBP", save_all=True, append_images=frames[1:]),
    }


def hostile_images() -> dict[str, tuple[bytes, str]]:
    """name → (file, the refusal code)."""
    jpeg = encode(noise_image((320, 240), 7), "JPEG", quality=90)
    png = encode(noise_image((200, 150), 8), "PNG")
    webp = encode(noise_image((200, 150), 9), "WEBP")
    return {
        # 7680×7680 = 59 MP (under the 60 MP limit) in about 7 KB.
        "bomb_png_59mp": (bomb_png(7680, 7680), "image_bomb"),
        "bomb_png_100mp": (bomb_png(10_000, 10_000), "image_too_large"),
        "truncated_jpeg": (jpeg[: len(jpeg) * 2 // 3], "image_truncated"),
        "jpeg_without_eoi": (jpeg[:-2], "image_truncated"),
        "truncated_png": (png[: len(png) * 2 // 3], "not_an_image"),
        "png_without_iend": (png[:-12], "not_an_image"),
        "truncated_webp": (webp[: len(webp) * 2 // 3], "not_an_image"),
        "png_html_polyglot": (
            png + b"<html><script>alert(1)</script></html>",
            "image_trailing_data",
        ),
        "jpeg_zip_polyglot": (jpeg + zip_archive(), "image_trailing_data"),
        "webp_zip_polyglot": (webp + zip_archive(), "image_trailing_data"),
        "html_then_png": (b"<html>" + png, "not_an_image"),
    }
