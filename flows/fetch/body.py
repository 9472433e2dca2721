"""Reading a response body with a hard cap counted after decompression.

An HTTP client's own decoders inflate a whole network chunk at once (a 64 KiB gzip chunk of zeros is ~64 MiB),
so bodies are read raw and inflated here with zlib's max_length: memory per body stays below
max_bytes plus one network chunk, whatever the compression ratio.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator

from flows.fetch.errors import ResponseError

GZIP_MAGIC = b"\x1f\x8b"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """(mime type, charset) from a Content-Type header, both lower-cased."""
    if not value:
        return None, None
    parts = value.split(";")
    mime = parts[0].strip().lower() or None
    charset = None
    for param in parts[1:]:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'").lower() or None
    return mime, charset


class Inflater:
    """Incremental gzip/deflate decoder that never produces more than it is asked for."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._raw_fallback = encoding == "deflate"
        self._d = self._new()

    def _new(self):
        if self.encoding in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        return zlib.decompressobj(zlib.MAX_WBITS)  # "deflate" should be zlib-wrapped; some send raw

    def feed(self, data: bytes, budget: int) -> bytes:
        """Inflate `data`, returning at most budget+1 bytes (one more than allowed signals overflow)."""
        out: list[bytes] = []
        total = 0
        while data:
            try:
                piece = self._d.decompress(data, budget - total + 1)
            except zlib.error as exc:
                if self._raw_fallback:  # retry the first chunk as raw deflate, once
                    self._raw_fallback = False
                    self._d = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise ResponseError("bad_encoding", f"{self.encoding} stream is corrupt: {exc}") from exc
            self._raw_fallback = False
            out.append(piece)
            total += len(piece)
            if total > budget:
                break
            data = self._d.unconsumed_tail
            if self._d.eof:
                data = self._d.unused_data  # concatenated gzip members
                if data and self.encoding in ("gzip", "x-gzip"):
                    self._d = self._new()
                else:
                    break
        return b"".join(out)


def decoders_for(content_encoding: str | None) -> list[Inflater]:
    """Decoders to apply, outermost first, for a Content-Encoding header."""
    names = [e.strip().lower() for e in (content_encoding or "").split(",")]
    names = [n for n in names if n and n != "identity"]
    for name in names:
        if name not in ("gzip", "x-gzip", "deflate"):
            raise ResponseError("bad_encoding", f"unsupported Content-Encoding {name!r}")
    return [Inflater(n) for n in reversed(names)]


async def read_capped(chunks: AsyncIterator[bytes], content_encoding: str | None, max_bytes: int) -> bytes:
    """The decoded body, or ResponseError("too_large") as soon as it passes max_bytes."""
    decoders = decoders_for(content_encoding)
    body = bytearray()
    async for chunk in chunks:
        data = chunk
        for dec in decoders:
            data = dec.feed(data, max_bytes - len(body))
        body += data
        if len(body) > max_bytes:
            raise ResponseError("too_large", f"body exceeds {max_bytes} bytes after decompression")
    return bytes(body)


def gunzip_capped(body: bytes, max_bytes: int) -> bytes:
    """Inflate a body that is gzip bytes sent without Content-Encoding (a misconfigured server)."""
    data = Inflater("gzip").feed(body, max_bytes)
    if len(data) > max_bytes:
        raise ResponseError("too_large", f"gzip body exceeds {max_bytes} bytes after decompression")
    return data
