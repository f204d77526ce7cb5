"""A photo is decoded in full before it is accepted, and must be nothing but an image.

Pillow's header check (``open`` + ``verify``) lets through what a hostile client
builds to hurt a service or a viewer: a few KB of PNG that inflate to tens of
megapixels (a decompression bomb), truncated files, and polyglots (an image with an
HTML page or a ZIP archive after its end, valid as both). Here:

- the image's own structure is walked to its end marker (JPEG EOI, PNG IEND with
  every chunk's CRC, the RIFF size of WebP): missing → truncated, anything after it →
  refused, so what is stored is exactly one image and nothing rides along;
- its leading bytes must be that format's signature (no other format's header);
- the pixel count is checked against the limit *and* against the file's size before
  any decoding: a legitimate photo needs real bytes for its pixels, a bomb does not;
- then every pixel is decoded (``load()``), with Pillow's own bomb check raised to
  an error, and truncated data never filled in.

Every refusal is a :class:`ValidationError` with a code and a Chinese message, the
same on the laptop (a file added to a report) and on the service (an upload).
"""

from __future__ import annotations

import io
import warnings
import zlib

from PIL import Image

from gridapp.errors import ValidationError

# Up to this many pixels an image is accepted whatever its file size (a plain
# screenshot compresses to almost nothing; decoding 4 MP costs at most 16 MB).
SMALL_IMAGE_PIXELS = 4_000_000
# Above that, at most this many pixels per byte of file. Camera photos carry
# 0.1–1 byte per pixel (sensor noise does not compress); a bomb carries 1/1000.
MAX_PIXELS_PER_BYTE = 200

JPEG_SIGNATURE = b"\xff\xd8\xff"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MIME_BY_SIGNATURE = (
    (JPEG_SIGNATURE, "image/jpeg"),
    (PNG_SIGNATURE, "image/png"),
)

TRUNCATED = ("image_truncated", "图片数据不完整（文件被截断或已损坏）")
TRAILING = (
    "image_trailing_data",
    "图片结尾之后还有其他数据（如动态照片附带的视频或夹带的文件），请另存为普通照片后再添加",
)
MALFORMED = ("not_an_image", "文件不是可识别的图片")


def check_image(data: bytes, fmt: str, max_pixels: int) -> None:
    """Refuse ``data`` (already identified by Pillow as ``fmt``) unless it is one whole,
    fully decodable image of at most ``max_pixels`` pixels with nothing after it."""
    end = image_end(data, fmt)
    if end < len(data):
        code, message = TRAILING
        raise ValidationError(code, message, extra_bytes=len(data) - end)
    _decode(data, max_pixels)


def still_image(data: bytes) -> bytes:
    """A JPEG file as picked on the laptop, without what follows its end marker.

    Phones' motion photos (Xiaomi/Huawei 动态照片, Google MP) append a video after the
    JPEG's EOI; the officer means the photo they see, so the client keeps just that
    (the service refuses trailing data). Anything that is not a whole JPEG is returned
    unchanged, for :func:`check_image` to judge.
    """
    if not data.startswith(JPEG_SIGNATURE):
        return data
    try:
        end = _jpeg_end(data)
    except ValidationError:
        return data
    return data[:end]


def image_end(data: bytes, fmt: str) -> int:
    """Offset just past the image's end marker; refuses a wrong signature or a cut file."""
    if fmt == "JPEG":
        return _jpeg_end(data)
    if fmt == "PNG":
        return _png_end(data)
    if fmt == "WEBP":
        return _webp_end(data)
    raise ValidationError("unsupported_image", f"不支持的图片格式：{fmt}", format=fmt)


def sniff_mime(data: bytes) -> str:
    """The MIME type of stored bytes (already checked): by their signature."""
    for signature, mime in MIME_BY_SIGNATURE:
        if data.startswith(signature):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"


def _refuse(kind: tuple[str, str]) -> ValidationError:
    return ValidationError(kind[0], kind[1])


def _decode(data: bytes, max_pixels: int) -> None:
    """Decode every pixel, after checking the dimensions the header announces."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                width, height = img.size
                pixels = width * height
                if pixels > max_pixels:
                    raise ValidationError(
                        "image_too_large",
                        f"图片像素过多（{pixels / 10_000:.0f} 万像素），"
                        f"上限 {max_pixels // 10_000} 万像素",
                        pixels=pixels,
                    )
                if pixels > SMALL_IMAGE_PIXELS and pixels > len(data) * MAX_PIXELS_PER_BYTE:
                    raise ValidationError(
                        "image_bomb",
                        "图片尺寸与文件大小不符（疑似解压炸弹），已拒收",
                        pixels=pixels,
                        size=len(data),
                    )
                img.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ValidationError("image_too_large", "图片像素过多") from None
    except OSError as exc:
        if "truncated" in str(exc).lower():
            raise _refuse(TRUNCATED) from exc
        raise _refuse(MALFORMED) from exc
    except Exception as exc:  # Pillow raises many types for garbage input
        raise _refuse(MALFORMED) from exc


# -- where each format ends ---------------------------------------------------------------

# JPEG markers without a length field: TEM, RST0–7 (SOI/EOI are handled apart).
_STANDALONE = {0x01, *range(0xD0, 0xD8)}


def _jpeg_end(data: bytes) -> int:
    """Walk the JPEG's segments (lengths respected, so an EXIF thumbnail's own EOI
    inside APP1 is skipped) and its entropy-coded scans, to the EOI marker."""
    if not data.startswith(JPEG_SIGNATURE):
        raise _refuse(MALFORMED)
    size, i = len(data), 2
    while True:
        if i >= size:
            raise _refuse(TRUNCATED)
        if data[i] != 0xFF:
            raise _refuse(MALFORMED)
        while i < size and data[i] == 0xFF:  # fill bytes before a marker
            i += 1
        if i >= size:
            raise _refuse(TRUNCATED)
        marker = data[i]
        i += 1
        if marker == 0xD9:  # EOI
            return i
        if marker in _STANDALONE:
            continue
        if marker in (0x00, 0xD8):
            raise _refuse(MALFORMED)
        if i + 2 > size:
            raise _refuse(TRUNCATED)
        length = int.from_bytes(data[i : i + 2], "big")
        if length < 2:
            raise _refuse(MALFORMED)
        i += length
        if i > size:
            raise _refuse(TRUNCATED)
        if marker == 0xDA:  # SOS: entropy-coded data up to the next real marker
            i = _scan_end(data, i)


def _scan_end(data: bytes, i: int) -> int:
    """Index of the marker that ends an entropy-coded scan (FF00 is a stuffed byte,
    FFD0–FFD7 restart markers belong to the scan)."""
    while True:
        j = data.find(b"\xff", i)
        if j < 0 or j + 1 >= len(data):
            raise _refuse(TRUNCATED)
        following = data[j + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            i = j + 2
            continue
        return j


def _png_end(data: bytes) -> int:
    """Walk the PNG's chunks (each CRC checked) to the end of IEND."""
    if not data.startswith(PNG_SIGNATURE):
        raise _refuse(MALFORMED)
    view = memoryview(data)
    size, i, first = len(data), len(PNG_SIGNATURE), True
    while True:
        if i + 8 > size:
            raise _refuse(TRUNCATED)
        length = int.from_bytes(view[i : i + 4], "big")
        kind = bytes(view[i + 4 : i + 8])
        end = i + 12 + length
        if length > 0x7FFFFFFF or (first and kind != b"IHDR"):
            raise _refuse(MALFORMED)
        if end > size:
            raise _refuse(TRUNCATED)
        if zlib.crc32(view[i + 4 : i + 8 + length]) != int.from_bytes(view[end - 4 : end], "big"):
            raise _refuse(MALFORMED)
        i, first = end, False
        if kind == b"IEND":
            return i


def _webp_end(data: bytes) -> int:
    """A WebP file is one RIFF chunk: its declared size says where it ends."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise _refuse(MALFORMED)
    declared = int.from_bytes(data[4:8], "little")
    end = 8 + declared
    if declared < 4 or end > len(data):
        raise _refuse(TRUNCATED)
    if declared & 1 and data[end : end + 1] == b"\x00":
        end += 1  # RIFF's pad byte after an odd size
    return end
