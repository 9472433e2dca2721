"""`diplowatch detect`: run the detection engine on a file, stdin, or a stream of JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from extract.detect import detect, findings_to_dict


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `detect` subcommand."""
    parser = subparsers.add_parser(
        "detect",
        help="find leader calls and red-line language in text, as JSON",
        description="Print {calls, redlines} found in FILE (or stdin). With --jsonl, read JSON lines "
        '{"id", "text", "published"} on stdin and write one {"id", "calls", "redlines"} line per input.',
    )
    parser.add_argument("file", nargs="?", default="-", help="plain-text file, or - for stdin (default)")
    parser.add_argument("--published", help="publication date YYYY-MM-DD that relative dates resolve against")
    parser.add_argument("--jsonl", action="store_true", help="stream JSON lines on stdin -> JSON lines on stdout")
    parser.set_defaults(func=run)


def _parse_date(value: str | None) -> date | None:
    if value in (None, ""):
        return None
    return date.fromisoformat(str(value)[:10])


def run(args: argparse.Namespace) -> int:
    """Run detection; exit 2 on a bad --published or unreadable file."""
    try:
        published = _parse_date(args.published)
    except ValueError:
        print(f"diplowatch detect: --published must be a date YYYY-MM-DD, got {args.published!r}", file=sys.stderr)
        return 2
    if args.jsonl:
        return _stream(sys.stdin, sys.stdout, published)
    try:
        if args.file == "-":
            text = sys.stdin.read()
        else:
            with open(args.file, encoding="utf-8") as fh:
                text = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        print(f"diplowatch detect: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    json.dump(findings_to_dict(detect(text, published)), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def _stream(inp, out, default_published: date | None) -> int:
    """One output line per input line; a bad line yields {"id", "error"} and the stream goes on."""
    for number, line in enumerate(inp, 1):
        if not line.strip():
            continue
        ident = None
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError('expected an object with a string "text"')
            ident = item.get("id")
            published = _parse_date(item.get("published")) if item.get("published") else default_published
            result = {"id": ident, **findings_to_dict(detect(item["text"], published))}
        except (ValueError, TypeError) as exc:  # json.JSONDecodeError is a ValueError
            result = {"id": ident, "error": f"line {number}: {exc}"}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()
    return 0
