"""Deterministic .docx packages: the same document gives the same bytes (fixed member times, stable order)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

# A fixed timestamp for the parts of a .docx: the same inputs give the same bytes (and sha256).
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)

# ------------------------------------------------------------------------------ deterministic .zip


_DOS_DATE = ((_ZIP_TIME[0] - 1980) << 9) | (_ZIP_TIME[1] << 5) | _ZIP_TIME[2]


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def build_zip(members: list[tuple[str, bytes, bool]], cache: dict[str, tuple[int, bytes]] | None = None) -> bytes:
    """A .zip of (name, data, reusable) members with fixed timestamps: the same members give the same
    bytes. A reusable member's compressed form is kept in `cache` and not compressed again."""
    out = io.BytesIO()
    directory = []
    for name, data, reusable in members:
        packed = cache.get(name) if (cache is not None and reusable) else None
        if packed is None:
            packed = (zlib.crc32(data), _deflate(data))
            if cache is not None and reusable:
                cache[name] = packed
        crc, compressed = packed
        encoded = name.encode("utf-8")
        flags = 0x800 if not encoded.isascii() else 0
        offset = out.tell()
        out.write(
            struct.pack(
                "<IHHHHHIIIHH", 0x04034B50, 20, flags, 8, 0, _DOS_DATE, crc, len(compressed), len(data), len(encoded), 0
            )
        )
        out.write(encoded)
        out.write(compressed)
        directory.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                0x0314,
                20,
                flags,
                8,
                0,
                _DOS_DATE,
                crc,
                len(compressed),
                len(data),
                len(encoded),
                0,
                0,
                0,
                0,
                0o644 << 16,
                offset,
            )
            + encoded
        )
    start = out.tell()
    for entry in directory:
        out.write(entry)
    size = out.tell() - start
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(directory), len(directory), size, start, 0))
    return out.getvalue()


def normalise_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps: identical inputs give identical bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return build_zip([(item.filename, source.read(item.filename), False) for item in source.infolist()])
