"""A generated news corpus (pages, feeds, robots.txt) for the nightly benchmark (served by nightserver.py).

    .venv/bin/python benchmarks/nightcorpus.py --articles 200 --hosts 10 --out /tmp/corpus

`generate()` writes every page itself from word lists and sentence templates (no real article text):
each host has its own layout and boilerplate (nav, cookie banner, share bar, related links, comments,
inline scripts, JSON-LD, CSS, ad slots), sized so pages resemble real ones (~100 KB, ~4% article text).
Pages are stored with the virtual origin http://hostNNN.test; `serve()` rewrites it to the address the
host is really served on.

API: generate(n_articles, n_hosts, seed, runaway_pages=, skew=) -> Corpus; write_config(corpus, base_urls,
db_path, path, **options) -> Path of a TOML config. nightserver.serve(corpus, latency_ms) serves it and yields
{host name: base URL}. The prose lives in nightprose.py, the page templates in nightlayout.py.

Distinct hosts: diplowatch paces requests and reads robots.txt per URL *host name*, so every corpus host
gets its own loopback address, 127.0.0.2, 127.0.0.3, ... (Linux routes all of 127.0.0.0/8 to `lo`), with
a listening socket bound to it on an ephemeral port. Nothing listens beyond 127.0.0.0/8.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
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
