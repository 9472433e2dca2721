"""Bytes -> text for feeds and pages: BOM, HTTP charset, in-document declaration, UTF-8, then detection.

The order is the one that gets real feeds right:
1. a byte-order mark wins (it cannot be there by accident, and it beats a stale header);
2. the HTTP charset, then the XML declaration / HTML <meta>, each only if it names a known codec
   that decodes the bytes strictly. A declared single-byte charset (ISO-8859-1, windows-125x...)
   is overruled when the bytes are valid UTF-8 with non-ASCII in them: real feeds often keep an
   old prolog after moving to UTF-8, while Latin-1 text that happens to be valid UTF-8 is vanishingly rare;
3. strict UTF-8; 4. charset-normalizer's detection; 5. windows-1252 with replacement characters.
Labels follow browsers: ISO-8859-1, Latin-1 and US-ASCII mean windows-1252 (its superset).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# XML without a BOM but in a UTF-16/32 form: the first characters "<?" give the byte layout away.
_XML_LAYOUTS = (
    (b"<\0\0\0?\0\0\0", "utf-32-le"), (b"\0\0\0<\0\0\0?", "utf-32-be"), (b"<\0?\0", "utf-16-le"), (b"\0<\0?", "utf-16-be"),
)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_BROWSER_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252"}
_SNIFF_BYTES = 2048


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the codec used and where the choice came from."""

    text: str
    encoding: str
    source: str  # bom | header | declaration | utf-8 | utf-8-over-declared | detected | fallback


def codec_for(label: str | None) -> str | None:
    """Python codec name for a charset label (browser aliases applied), or None if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    return _BROWSER_ALIASES.get(name, name)


def sniff_bom(data: bytes) -> tuple[str, int] | None:
    """(codec, BOM length) when the bytes start with a byte-order mark."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset an XML declaration or HTML <meta> near the start of the bytes names."""
    head = data[:_SNIFF_BYTES]
    m = _XML_DECL.match(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii") if m else None


def _single_byte(codec: str) -> bool:
    return codecs.lookup(codec).name not in ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le",
                                              "utf-32-be", "gb18030", "gbk", "gb2312", "big5", "big5hkscs", "euc_jp",
                                              "euc_kr", "shift_jis", "cp932", "cp949", "cp950", "iso2022_jp")


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(data: bytes):
    """charset-normalizer's best guess; a tie with windows-1252 goes to windows-1252.

    Its tie-break otherwise favours whatever code page scores best on "coherence", which turns
    Portuguese or French Latin-1 feeds into Baltic cp1257; windows-1252 is by far the web's most
    common legacy charset, and it only ties when its decoding looks as clean as the winner's.
    """
    matches = from_bytes(data)
    best = matches.best()
    if best is None or not best.encoding:
        return None
    for m in matches:
        if m.encoding and codecs.lookup(m.encoding).name == "cp1252" and m.chaos <= best.chaos:
            return m
    return best


def decode_bytes(data: bytes, header_charset: str | None = None) -> Decoded:
    """Decode feed or page bytes to text (never raises)."""
    bom = sniff_bom(data)
    if bom:
        return Decoded(data[bom[1]:].decode(bom[0], errors="replace"), bom[0], "bom")
    for layout, codec in _XML_LAYOUTS:
        if data.startswith(layout):
            return Decoded(data.decode(codec, errors="replace"), codec, "declaration")
    utf8 = _strict(data, "utf-8")
    for source, label in (("header", header_charset), ("declaration", declared_charset(data))):
        codec = codec_for(label)
        # A declaration read as ASCII bytes cannot truthfully say UTF-16/32 (browsers ignore it too).
        if codec is None or (source == "declaration" and codec.startswith(("utf-16", "utf-32"))):
            continue
        if utf8 is not None and codec != "utf-8" and _single_byte(codec) and not data.isascii():
            return Decoded(utf8, "utf-8", "utf-8-over-declared")
        text = _strict(data, codec)
        if text is not None:
            return Decoded(text, codec, source)
    if utf8 is not None:
        return Decoded(utf8, "utf-8", "utf-8")
    best = _detect(data)
    if best is not None:
        return Decoded(str(best), codecs.lookup(best.encoding).name, "detected")
    return Decoded(data.decode("cp1252", errors="replace"), "cp1252", "fallback")


def xml_to_utf8(data: bytes, header_charset: str | None = None) -> bytes:
    """Feed bytes re-encoded as UTF-8 with the XML declaration saying so, so the parser cannot misread them."""
    text = decode_bytes(data, header_charset).text
    text = re.sub(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""", r"\1\2utf-8\2", text, count=1, flags=re.I)
    return text.encode("utf-8")


def _subset_end(data: bytes, start: int) -> int | None:
    """Index of the ']' closing a DOCTYPE internal subset that opens at `start`, skipping quotes and comments."""
    i, n = start + 1, len(data)
    while i < n:
        c = data[i:i + 1]
        if c in (b'"', b"'"):
            j = data.find(c, i + 1)
            if j < 0:
                return None
            i = j + 1
        elif data.startswith(b"<!--", i):
            j = data.find(b"-->", i + 4)
            if j < 0:
                return None
            i = j + 3
        elif c == b"]":
            return i
        else:
            i += 1
    return None


def strip_doctype(xml_bytes: bytes) -> bytes:
    """Remove a DOCTYPE's internal subset (entity declarations: "billion laughs") before an XML parser sees it.

    The DOCTYPE itself stays (feedparser reads the Netscape RSS 0.91 DTD name from it); an internal
    subset that never closes takes the rest of the document with it, since nothing after it is safe.
    """
    m = re.search(rb"<!DOCTYPE", xml_bytes, re.I)
    if not m:
        return xml_bytes
    i = m.end()
    while i < len(xml_bytes) and xml_bytes[i:i + 1] not in (b"[", b">"):
        if xml_bytes[i:i + 1] in (b'"', b"'"):
            j = xml_bytes.find(xml_bytes[i:i + 1], i + 1)
            i = len(xml_bytes) if j < 0 else j + 1
        else:
            i += 1
    if xml_bytes[i:i + 1] != b"[":
        return xml_bytes
    end = _subset_end(xml_bytes, i)
    if end is None:
        return xml_bytes[:m.start()]
    close = xml_bytes.find(b">", end)
    rest = xml_bytes[close + 1:] if close >= 0 else b""
    return xml_bytes[:i].rstrip() + b">" + rest
