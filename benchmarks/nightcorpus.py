"""A generated news corpus (pages, feeds, robots.txt) for the nightly benchmark, and loopback servers for it.

    .venv/bin/python benchmarks/nightcorpus.py --articles 200 --hosts 10 --out /tmp/corpus

`generate()` writes every page itself from word lists and sentence templates (no real article text):
each host has its own layout and boilerplate (nav, cookie banner, share bar, related links, comments,
inline scripts, JSON-LD, CSS, ad slots), sized so pages resemble real ones (~100 KB, ~4% article text).
Pages are stored with the virtual origin http://hostNNN.test; `serve()` rewrites it to the address the
host is really served on.

API: generate(n_articles, n_hosts, seed, runaway_pages=, skew=) -> Corpus; serve(corpus, latency_ms) yields
{host name: base URL}; write_config(corpus, base_urls, db_path, path, **options) -> Path of a TOML config.
The prose lives in nightprose.py, the page templates in nightlayout.py.

Distinct hosts: diplowatch paces requests and reads robots.txt per URL *host name*, so every corpus host
gets its own loopback address, 127.0.0.2, 127.0.0.3, ... (Linux routes all of 127.0.0.0/8 to `lo`), with
a listening socket bound to it on an ephemeral port. Nothing listens beyond 127.0.0.0/8.

Serving is lean on purpose: the measured night runs on the same cores. All hosts share one asyncio event loop in
one background thread; a connection is a Protocol that parses the request line and headers only, answers GET
and HEAD from pre-encoded bytes (HTTP/1.1 keep-alive, Content-Length always, `Connection: close` honoured,
no conditional GET: no ETag or Last-Modified is sent), and waits out `latency_ms` on the loop's timer.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, formatdate
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nightlayout import HostLayout, host_layout, render_page, runaway_page  # noqa: E402
from nightprose import article_text, comment_lines, headline  # noqa: E402

ANCHOR = datetime(2026, 11, 28, 6, 0, tzinfo=UTC)  # fixed, so a seed always gives the same bytes
HTML_TYPE = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Page:
    host: str
    path: str
    title: str
    published: datetime
    html: str  # links use the virtual origin http://<host>
    body_text: str  # the article text as written ("" for runaway pages)
    runaway: bool = False


@dataclass(frozen=True)
class Feed:
    host: str
    path: str
    kind: str  # rss | atom
    body: str


@dataclass(frozen=True)
class Corpus:
    hosts: tuple[str, ...]
    pages: tuple[Page, ...]
    feeds: tuple[Feed, ...]

    def files(self, host: str) -> dict[str, tuple[str, str]]:
        """path -> (body, content type) for one host, robots.txt included."""
        out = {"/robots.txt": ("User-agent: *\nAllow: /\n", "text/plain; charset=utf-8")}
        for feed in self.feeds:
            if feed.host == host:
                ctype = "application/atom+xml" if feed.kind == "atom" else "application/rss+xml"
                out[feed.path] = (feed.body, f"{ctype}; charset=utf-8")
        out.update({p.path: (p.html, HTML_TYPE) for p in self.pages if p.host == host})
        return out


def origin(host: str) -> str:
    """The virtual origin pages and feeds are written with."""
    return f"http://{host}"


def host_address(index: int) -> str:
    """The loopback address corpus host `index` is served on: 127.0.0.2 upwards, skipping .0/.1/.255."""
    return f"127.0.{index // 250}.{index % 250 + 2}"


def _spread(n_articles: int, n_hosts: int, skew: float, rng: random.Random) -> list[int]:
    """Host index of each article: even when skew is 0, else Zipf-like weights 1/(k+1)**skew."""
    if skew <= 0:
        return [i % n_hosts for i in range(n_articles)]
    weights = [1 / (k + 1) ** skew for k in range(n_hosts)]
    # Every host gets at least one article so that every feed has something to list.
    first = list(range(min(n_hosts, n_articles)))
    return first + rng.choices(range(n_hosts), weights, k=n_articles - len(first))


def _slug(title: str, i: int) -> str:
    words = "".join(c if c.isalnum() else " " for c in title.lower()).split()[:8]
    return "-".join(words) + f"-{i:05d}"


def _rss(host: str, layout: HostLayout, items: list[Page]) -> str:
    base = origin(host)
    entries = "".join(
        f"<item><title>{_x(p.title)}</title><link>{base}{p.path}</link>"
        f"<guid isPermaLink=\"false\">{host}-{p.path.rsplit('-', 1)[-1].split('.')[0]}</guid>"
        f"<pubDate>{format_datetime(p.published)}</pubDate>"
        f"<description>{_x(p.body_text[:180] if p.body_text else p.title)}</description></item>\n"
        for p in items
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>{_x(layout.site_name)}</title><link>{base}/</link>"
            f"<description>Latest from {_x(layout.site_name)}</description><language>en</language>\n"
            f"{entries}</channel></rss>\n")


def _atom(host: str, layout: HostLayout, items: list[Page]) -> str:
    base = origin(host)
    updated = max((p.published for p in items), default=ANCHOR).isoformat()
    entries = "".join(
        f'<entry><title>{_x(p.title)}</title><link rel="alternate" href="{base}{p.path}"/>'
        f"<id>tag:{host},2026:{p.path}</id><published>{p.published.isoformat()}</published>"
        f"<updated>{p.published.isoformat()}</updated></entry>\n"
        for p in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{_x(layout.site_name)}</title><id>{base}/</id><updated>{updated}</updated>"
            f'<link rel="self" href="{base}/atom.xml"/>\n{entries}</feed>\n')


def _x(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def generate(n_articles: int, n_hosts: int, seed: int = 0, *, runaway_pages: int = 0, skew: float = 0.0,
             atom_share: float = 0.3) -> Corpus:
    """A deterministic corpus: n_articles pages over n_hosts hosts, one feed per host, plus runaway pages."""
    if n_hosts < 1 or n_articles < 0 or runaway_pages < 0:
        raise ValueError("need n_hosts >= 1, n_articles >= 0, runaway_pages >= 0")
    rng = random.Random(seed)
    hosts = tuple(f"host{k:03d}.test" for k in range(n_hosts))
    layouts = [host_layout(h, random.Random(f"{seed}/layout/{h}")) for h in hosts]
    owners = _spread(n_articles, n_hosts, skew, rng)
    by_host: dict[int, list[Page]] = {k: [] for k in range(n_hosts)}
    drafts = []
    for i, k in enumerate(owners):
        arng = random.Random(f"{seed}/article/{i}")
        title = headline(arng)
        published = ANCHOR - timedelta(minutes=arng.randrange(10, 3 * 24 * 60))
        drafts.append((i, k, title, published, arng))
    titles_by_host: dict[int, list[str]] = {k: [] for k in range(n_hosts)}
    for i, k, title, *_ in drafts:
        titles_by_host[k].append(title)
    for i, k, title, published, arng in drafts:
        paragraphs = article_text(arng, i)
        path = f"/news/{published:%Y/%m/%d}/{_slug(title, i)}.html"
        related = arng.sample(titles_by_host[k], min(6, len(titles_by_host[k])))
        html = render_page(layouts[k], arng, origin(hosts[k]), path, title, published, paragraphs,
                           related, comment_lines(arng))
        by_host[k].append(Page(hosts[k], path, title, published, html, "\n".join(paragraphs)))
    for j in range(runaway_pages):
        k = j % n_hosts
        title = f"Live updates: rolling coverage of the summit, day {j + 1}"
        published = ANCHOR - timedelta(minutes=5 + j)
        path = f"/live/rolling-coverage-{j:03d}.html"
        html = runaway_page(layouts[k], random.Random(f"{seed}/runaway/{j}"), origin(hosts[k]), path, title,
                            published)
        by_host[k].append(Page(hosts[k], path, title, published, html, "", runaway=True))
    pages, feeds = [], []
    for k, host in enumerate(hosts):
        items = sorted(by_host[k], key=lambda p: p.published, reverse=True)
        pages.extend(items)
        if random.Random(f"{seed}/feedkind/{host}").random() < atom_share:
            feeds.append(Feed(host, "/atom.xml", "atom", _atom(host, layouts[k], items)))
        else:
            feeds.append(Feed(host, "/feed.xml", "rss", _rss(host, layouts[k], items)))
    return Corpus(hosts, tuple(pages), tuple(feeds))


class _Handler(asyncio.Protocol):
    """One client connection: HTTP/1.1 keep-alive, GET and HEAD, requests answered strictly in order."""

    def __init__(self, server: _HostServer) -> None:
        self.server, self.buf = server, b""
        self.transport: asyncio.Transport | None = None
        self.pending: asyncio.TimerHandle | None = None  # a response waiting out its latency
        self.busy = self.paused = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.server.live.add(self)
        self.server.connections += 1

    def connection_lost(self, exc: Exception | None) -> None:
        self.server.live.discard(self)
        if self.pending:
            self.pending.cancel()
        self.transport = None

    def pause_writing(self) -> None:
        self.paused = True  # a pipelining client that reads slowly: take no new request until it catches up

    def resume_writing(self) -> None:
        self.paused = False
        self._next()

    def data_received(self, data: bytes) -> None:
        self.buf += data
        self._next()

    def _next(self) -> None:
        """Parse the next complete request in the buffer, if any and if no response is under way."""
        if self.busy or self.paused or self.transport is None:
            return
        end, sep = self.buf.find(b"\r\n\r\n"), 4
        bare = self.buf.find(b"\n\n", 0, end if end >= 0 else None)  # http.server took bare LF lines too
        if bare >= 0:
            end, sep = bare, 2
        if end < 0:
            if len(self.buf) > _MAX_HEAD:
                self._reply(b"400 Bad Request", _PLAIN, b"request head too large\n", True, close=True)
            return
        lines = self.buf[:end].decode("latin-1").replace("\r\n", "\n").split("\n")
        parts = lines[0].split()
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip().lower()
        try:
            skip = int(headers.get("content-length", "0"))  # a GET's body is read and ignored
        except ValueError:
            skip = -1
        if len(parts) != 3 or not parts[2].startswith("HTTP/1.") or skip < 0:
            self._reply(b"400 Bad Request", _PLAIN, b"bad request\n", True, close=True)
            return
        if len(self.buf) < end + sep + skip:
            return  # the body has not all arrived yet
        self.buf = self.buf[end + sep + skip:]
        method, target, version = parts
        tokens = {t.strip() for t in headers.get("connection", "").split(",")}
        close = "close" in tokens or (version == "HTTP/1.0" and "keep-alive" not in tokens)
        if method not in ("GET", "HEAD"):
            self._reply(b"501 Not Implemented", _PLAIN, b"unsupported method\n", True, close=True)
            return
        self.busy = True
        found = self.server.files.get(target.split("?", 1)[0])
        body, ctype = found if found else (b"not found\n", _PLAIN)
        args = (b"200 OK" if found else b"404 Not Found", ctype, body, method == "GET", close)
        if self.server.latency_s:
            # Wait on the loop's clock, not a thread: other connections go on meanwhile.
            self.pending = asyncio.get_running_loop().call_later(self.server.latency_s, self._reply, *args)
        else:
            self._reply(*args)

    def _reply(self, status: bytes, ctype: bytes, body: bytes, with_body: bool, close: bool = False) -> None:
        self.pending = None
        if self.transport is None:
            return
        head = b"".join((b"HTTP/1.1 ", status, b"\r\nServer: nightcorpus\r\nDate: ", _http_date(),
                         b"\r\nContent-Type: ", ctype, b"\r\nContent-Length: ", str(len(body)).encode(),
                         b"\r\nConnection: close\r\n\r\n" if close else b"\r\n\r\n"))
        self.transport.write(head)
        if with_body:
            self.transport.write(body)
        self.server.hits += 1
        self.busy = False
        if close:
            self.transport.close()  # after the buffered response is flushed
            self.transport = None
        else:
            self._next()  # a pipelined request may be waiting


_PLAIN = b"text/plain; charset=utf-8"
_MAX_HEAD = 65536  # as http.server: a request line or header block beyond this is refused
_date_cache: list = [0, b""]


def _http_date() -> bytes:
    """The Date header's value, formatted once a second."""
    now = int(time.time())
    if _date_cache[0] != now:
        _date_cache[:] = [now, formatdate(now, usegmt=True).encode()]
    return _date_cache[1]


class _HostServer:
    """One corpus host: its files (path -> (body, content type)), its latency, its listening socket."""

    def __init__(self, files: dict[str, tuple[bytes, bytes]], latency_s: float) -> None:
        self.files, self.latency_s = files, latency_s
        self.live: set[_Handler] = set()
        self.hits = self.connections = 0  # responses sent, connections accepted (on the loop's thread only)
        self.listener: asyncio.Server | None = None

    async def start(self, address: str) -> int:
        """Listen on address, an ephemeral port; returns the port."""
        self.listener = await asyncio.get_running_loop().create_server(
            lambda: _Handler(self), address, 0, backlog=256)  # the fetcher may open 100+ connections at once
        return self.listener.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop listening and drop every open connection."""
        if self.listener:
            self.listener.close()
        for conn in list(self.live):
            if conn.transport:
                conn.transport.abort()


@contextmanager
def serve(corpus: Corpus, latency_ms: float = 0) -> Iterator[dict[str, str]]:
    """Serve every host on its own loopback address; yields {host name: base URL such as http://127.0.0.2:PORT}."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="nightcorpus-serve", daemon=True)
    thread.start()
    run = lambda coro: asyncio.run_coroutine_threadsafe(coro, loop).result()  # noqa: E731
    servers: list[_HostServer] = []
    try:
        bases: dict[str, str] = {}
        for k, host in enumerate(corpus.hosts):
            address = host_address(k)
            server = _HostServer({}, latency_ms / 1000)
            servers.append(server)
            base = f"http://{address}:{run(server.start(address))}"
            # Rewrite the virtual origin once, up front, so that a response costs a dict lookup.
            old, new = origin(host).encode(), base.encode()
            server.files = {p: (b.encode("utf-8").replace(old, new), c.encode())
                            for p, (b, c) in corpus.files(host).items()}
            bases[host] = base
        yield bases
    finally:
        async def stop_all() -> None:
            for server in servers:
                await server.stop()
            await asyncio.sleep(0)  # let the aborted transports run connection_lost

        run(stop_all())
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()


def feed_urls(corpus: Corpus, base_urls: Mapping[str, str]) -> dict[str, str]:
    """host -> the real URL of its feed."""
    return {f.host: base_urls[f.host] + f.path for f in corpus.feeds}


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_config(corpus: Corpus, base_urls: Mapping[str, str], db_path: str | Path, path: str | Path,
                 **run_options: Any) -> Path:
    """A diplowatch TOML config with every feed; run_options go to the [fetch]/[run]/[schedule] key of that name."""
    from flows.config import SCHEMA  # the config's own key list decides where an option belongs

    sections: dict[str, dict[str, Any]] = {"fetch": {"allowed_private_hosts": ["127.0.0.0/8"]}, "run": {},
                                           "schedule": {}}
    for key, value in run_options.items():
        owner = [s for s in sections if key in SCHEMA[s]]
        if not owner:
            raise ValueError(f"unknown config option {key!r}")
        sections[owner[0]][key] = value
    lines = [f"[warehouse]\npath = {_toml(str(db_path))}\n"]
    for name, table in sections.items():
        if table:
            lines.append(f"[{name}]\n" + "".join(f"{k} = {_toml(v)}\n" for k, v in table.items()))
    for host, url in feed_urls(corpus, base_urls).items():
        lines.append(f'[[feeds]]\nname = "{host}"\nurl = {_toml(url)}\ntags = ["nightcorpus"]\n')
    out = Path(path)
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


def size_stats(corpus: Corpus) -> dict[str, float]:
    """Medians and spread of page bytes and written article text over the non-runaway pages."""
    pages = [p for p in corpus.pages if not p.runaway]
    sizes = sorted(len(p.html.encode()) for p in pages)
    texts = sorted(len(p.body_text) for p in pages)
    if not pages:
        return {}
    q = lambda xs, f: xs[int(f * (len(xs) - 1))]  # noqa: E731
    return {"pages": len(pages), "bytes_median": q(sizes, .5), "bytes_p10": q(sizes, .1), "bytes_p90": q(sizes, .9),
            "text_median": q(texts, .5), "text_min": texts[0], "text_max": texts[-1],
            "text_share_median": statistics.median(len(p.body_text) / len(p.html.encode()) for p in pages)}


def write_corpus(corpus: Corpus, out: Path) -> int:
    """Write every host's files under out/<host>/...; returns the number of files."""
    count = 0
    for host in corpus.hosts:
        for path, (body, _) in corpus.files(host).items():
            target = out / host / path.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")
            count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    """CLI: generate a corpus, write it to --out, print size figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--hosts", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--runaway", type=int, default=0, help="pathological pages to add")
    ap.add_argument("--skew", type=float, default=0.0, help="0: even spread; 1: Zipf-like")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    corpus = generate(args.articles, args.hosts, args.seed, runaway_pages=args.runaway, skew=args.skew)
    n = write_corpus(corpus, args.out)
    print(f"wrote {n} files for {len(corpus.hosts)} hosts to {args.out}")
    for key, value in size_stats(corpus).items():
        print(f"  {key:18s} {value:.3f}" if isinstance(value, float) else f"  {key:18s} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
