"""Charset decisions on the team's own byte strings, and DOCTYPE stripping against entity expansion."""

from __future__ import annotations

import time
import tracemalloc

import feedparser

from extract.charset import codec_for, decode_bytes, declared_charset, strip_doctype, xml_to_utf8

RU = "Министр иностранных дел провёл переговоры с коллегой по телефону во вторник вечером."
FR = "Le président a reçu son homologue à l'Élysée; entretien très cordial, déclarations à la presse."


def test_utf16_bom_wins_over_header_and_declaration():
    data = '<?xml version="1.0" encoding="utf-16"?><rss><title>Ostpolitik — “Gespräch”</title></rss>'.encode("utf-16")
    d = decode_bytes(data, header_charset="iso-8859-1")
    assert (d.source, d.encoding) == ("bom", "utf-16-le")
    assert "“Gespräch”" in d.text and not d.text.startswith("\ufeff")


def test_utf8_bom_and_bomless_utf16_xml():
    assert decode_bytes(b"\xef\xbb\xbf<a>caf\xc3\xa9</a>").text == "<a>café</a>"
    d = decode_bytes('<?xml version="1.0"?><a>é</a>'.encode("utf-16-be"))
    assert (d.encoding, d.text) == ("utf-16-be", '<?xml version="1.0"?><a>é</a>')


def test_windows_1251_declared_in_the_xml_prolog():
    data = b'<?xml version="1.0" encoding="windows-1251"?><rss><title>' + RU.encode("cp1251") + b"</title></rss>"
    d = decode_bytes(data)
    assert (d.source, d.encoding) == ("declaration", "cp1251") and RU in d.text


def test_windows_1251_declared_in_an_html_meta():
    data = b'<html><head><meta charset="windows-1251"></head><body>' + RU.encode("cp1251") + b"</body></html>"
    assert RU in decode_bytes(data).text


def test_iso_8859_1_from_the_header_with_no_declaration():
    data = b"<rss><title>" + FR.encode("latin-1") + b"</title></rss>"
    d = decode_bytes(data, header_charset="ISO-8859-1")
    assert d.source == "header" and FR in d.text
    # Browsers read ISO-8859-1 as windows-1252, which gets the typographic quotes right as well.
    assert decode_bytes("“Paix”".encode("cp1252"), "iso-8859-1").text == "“Paix”"


def test_header_beats_a_conflicting_declaration():
    data = b'<?xml version="1.0" encoding="utf-8"?><a>' + FR.encode("latin-1") + b"</a>"
    assert FR in decode_bytes(data, header_charset="latin-1").text


def test_wrong_single_byte_declaration_is_overruled_by_valid_utf8():
    data = b'<?xml version="1.0" encoding="ISO-8859-1"?><feed><title>' + "Café 외교 €".encode() + b"</title></feed>"
    d = decode_bytes(data)
    assert (d.encoding, d.source) == ("utf-8", "utf-8-over-declared") and "Café 외교 €" in d.text


def test_wrong_utf8_declaration_falls_back_to_detection():
    data = (b'<?xml version="1.0" encoding="utf-8"?><rss>' + (("<p>" + RU + "</p>") * 4).encode("cp1251") + b"</rss>")
    d = decode_bytes(data)
    assert d.source == "detected" and RU in d.text


def test_undeclared_latin1_is_detected_as_windows_1252():
    data = b"<rss><item><title>" + ("Eleições: candidatos em simulações de segundo turno, análise e opinião. " * 6
                                     ).encode("latin-1") + b"</title></item></rss>"
    d = decode_bytes(data)
    assert (d.source, d.encoding) == ("detected", "cp1252") and "simulações" in d.text


def test_unknown_labels_are_ignored():
    data = b'<?xml version="1.0" encoding="bogus"?><a>' + "é".encode() + b"</a>"
    assert codec_for("bogus") is None
    assert decode_bytes(data, header_charset="nonsense").text.endswith("<a>é</a>")
    assert declared_charset(data) == "bogus"


def test_xml_to_utf8_rewrites_the_prolog_so_feedparser_reads_the_text():
    data = (b'<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>'
            + RU.encode("cp1251") + b"</title></channel></rss>")
    out = xml_to_utf8(data)
    assert out.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    assert feedparser.parse(out).feed.title == RU


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>laughs</title>
<item><title>&lol9;</title><link>http://example.com/a</link></item></channel></rss>"""


def test_billion_laughs_parses_fast_with_bounded_memory():
    cleaned = strip_doctype(BILLION_LAUGHS)
    assert b"ENTITY" not in cleaned and cleaned.count(b"<!DOCTYPE rss>") == 1
    tracemalloc.start()
    t0 = time.perf_counter()
    parsed = feedparser.parse(cleaned)
    took = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert took < 2.0 and peak < 20_000_000
    assert parsed.feed.title == "laughs" and len(parsed.entries) == 1
    assert len(parsed.entries[0].get("title", "")) < 100  # the entity was never expanded


def test_strip_doctype_keeps_a_doctype_without_subset_and_handles_tricks():
    netscape = b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x.dtd"><rss/>'
    assert strip_doctype(netscape) == netscape
    tricky = b'<!DOCTYPE r [<!ENTITY a "]>"><!-- ] --> <!ENTITY b \'x\'>]><r>&a;</r>'
    assert strip_doctype(tricky) == b"<!DOCTYPE r><r>&a;</r>"
    unterminated = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><r>&a;</r>'
    assert strip_doctype(unterminated) == b'<?xml version="1.0"?>'
    assert strip_doctype(b"<rss><title>[x]</title></rss>") == b"<rss><title>[x]</title></rss>"
