"""Per-host page templates for the nightly corpus: each host's own markup, class names and boilerplate.

Real pages are mostly not article: in the replay set the median page is ~100 KB of which ~4% is article
text, the rest CSS, scripts, JSON, navigation and footers. A host's layout here draws its own class
prefix, menu, cookie banner wording, CSS and script volume, so boilerplate differs between hosts.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import datetime
from html import escape

SECTIONS = ["World", "Politics", "Business", "Europe", "Asia", "Americas", "Africa", "Middle East", "Opinion",
            "Analysis", "Climate", "Technology", "Sport", "Culture", "Podcasts", "Video", "Newsletters"]
NAMES_A = ["Daily", "Evening", "Global", "Northern", "Harbour", "Capital", "Continental", "Metro", "Coastal"]
NAMES_B = ["Ledger", "Courier", "Dispatch", "Observer", "Herald", "Review", "Monitor", "Gazette", "Chronicle"]
COOKIE = ["We use cookies to improve your experience and to show you relevant advertising.",
          "This site stores cookies on your device. Some are essential, others help us measure traffic.",
          "Your privacy matters: we and our partners process data to personalise content and ads."]
AUTHOR_FIRST = ["Maria", "John", "Yusuf", "Elena", "Chen", "Grace", "Rahul", "Olga", "Samuel", "Ines"]
AUTHOR_LAST = ["Holt", "Baker", "Oduya", "Rossi", "Lind", "Navarro", "Kim", "Fischer", "Dube", "Walsh"]
PROPS = ["margin", "padding", "color", "background", "font-size", "line-height", "border", "display", "gap",
         "grid-template-columns", "letter-spacing", "max-width", "transition", "box-shadow", "text-transform"]
PARTS = ["card", "teaser", "nav", "hero", "rail", "promo", "byline", "meta", "tag", "btn", "grid", "media",
         "caption", "ticker", "footer", "header", "menu", "overlay", "modal", "badge", "kicker", "list"]


@dataclass(frozen=True)
class HostLayout:
    host: str
    site_name: str
    prefix: str  # class-name prefix, e.g. "nx" -> nx-header, nx-card__title
    sections: tuple[str, ...]
    cookie: str
    css: str
    script: str
    wrapper: str  # "article" or "div"
    ad_slots: int
    comments_title: str
    comments_attr: str  # how the comments block is marked up (id="comments", class="article-comments", ...)
    submenu: int  # links under each menu section: a mega menu is hundreds of elements on real sites
    rail: int  # "most read" teasers beside the story
    structured: bool  # JSON-LD and an author meta tag; without them trafilatura hunts the page for metadata
    depth: int  # wrapper divs around the page body (grid, container, row...), as page builders nest them


def _css(prefix: str, rng: random.Random, rules: int) -> str:
    out = []
    for _ in range(rules):
        sel = f".{prefix}-{rng.choice(PARTS)}__{rng.choice(PARTS)}{rng.choice(['', ':hover', ' > a', '--wide'])}"
        decls = ";".join(f"{rng.choice(PROPS)}:{rng.randint(0, 48)}px" if rng.random() < .6
                         else f"{rng.choice(PROPS)}:#{rng.randrange(16**6):06x}" for _ in range(rng.randint(2, 6)))
        out.append(f"{sel}{{{decls}}}")
    return "\n".join(out)


def _script(prefix: str, rng: random.Random, functions: int) -> str:
    out = [f"window.__{prefix}={{v:'{rng.randrange(16**8):08x}',q:[]}};"]
    for i in range(functions):
        a, b = rng.choice(PARTS), rng.choice(PARTS)
        out.append(f"function {prefix}_{a}{i}(e,t){{var n=document.querySelectorAll('.{prefix}-{b}');"
                   f"for(var r=0;r<n.length;r++){{n[r].setAttribute('data-{a}',t+r*{rng.randint(2, 97)});"
                   f"if(e&&e.{b})n[r].classList.toggle('{prefix}-{a}--on')}}return n.length}}")
    return "\n".join(out)


def host_layout(host: str, rng: random.Random) -> HostLayout:
    """One host's template, drawn from rng (seeded by corpus seed and host name)."""
    prefix = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 4)))
    return HostLayout(
        host=host,
        site_name=f"The {rng.choice(NAMES_A)} {rng.choice(NAMES_B)} ({host.split('.')[0]})",
        prefix=prefix,
        sections=tuple(rng.sample(SECTIONS, rng.randint(7, 14))),
        cookie=rng.choice(COOKIE),
        css=_css(prefix, rng, rng.randint(60, 500)),
        script=_script(prefix, rng, rng.randint(20, 160)),
        wrapper=rng.choice(["article", "div"]),
        ad_slots=rng.randint(2, 6),
        comments_title=rng.choice(["Comments", "Join the conversation", "Readers respond"]),
        comments_attr=rng.choice(['id="comments"', 'class="article-comments"', 'id="disqus_thread"',
                                  'class="comment-list"']),
        submenu=rng.randint(3, 14),
        rail=rng.randint(8, 40),
        depth=rng.randint(3, 12),
        structured=rng.random() < 0.6,
    )


def _header(lay: HostLayout, base: str) -> str:
    p = lay.prefix
    menu = "".join(f'<li class="{p}-menu__item"><a href="{base}/{_slug(s)}/">{s}</a><ul class="{p}-menu__sub">'
                   + "".join(f'<li><a href="{base}/{_slug(s)}/topic-{i}"><span>{s} topic {i}</span></a></li>'
                             for i in range(lay.submenu)) + "</ul></li>" for s in lay.sections)
    return (f'<div class="{p}-cookie" role="dialog"><p>{lay.cookie}</p><button class="{p}-btn">Accept all cookies'
            f'</button><button class="{p}-btn {p}-btn--ghost">Manage preferences</button></div>'
            f'<header class="{p}-header"><a class="{p}-header__logo" href="{base}/">{escape(lay.site_name)}</a>'
            f'<nav class="{p}-nav" aria-label="Main"><ul class="{p}-menu">{menu}</ul></nav>'
            f'<form class="{p}-search" action="{base}/search"><input name="q" placeholder="Search"></form></header>')


def _footer(lay: HostLayout, base: str, rng: random.Random) -> str:
    p = lay.prefix
    cols = "".join(f'<div class="{p}-footer__col"><h4>{s}</h4><ul>'
                   + "".join(f'<li><a href="{base}/{s.lower().replace(" ", "-")}/{i}">{s} archive {i}</a></li>'
                             for i in range(rng.randint(3, 8))) + "</ul></div>" for s in lay.sections[:5])
    return (f'<footer class="{p}-footer">{cols}<p class="{p}-footer__legal">&copy; 2026 {escape(lay.site_name)}. '
            f'All rights reserved. <a href="{base}/terms">Terms</a> <a href="{base}/privacy">Privacy</a></p></footer>')


def _slug(section: str) -> str:
    return section.lower().replace(" ", "-")


def _rail(lay: HostLayout, base: str, rng: random.Random) -> str:
    p = lay.prefix
    items = "".join(f'<li class="{p}-teaser"><a href="{base}/news/popular/{rng.randrange(10**6)}.html">'
                    f'<figure class="{p}-teaser__media"><img src="{base}/img/{rng.randrange(16**6):06x}.jpg" '
                    f'alt="" loading="lazy" width="120" height="80"></figure><span class="{p}-kicker">'
                    f'{rng.choice(lay.sections)}</span><h4 class="{p}-teaser__title">Most read story {i + 1}</h4>'
                    f'</a><span class="{p}-teaser__time">{rng.randint(1, 23)}h ago</span></li>'
                    for i in range(lay.rail))
    return f'<aside class="{p}-rail" aria-label="Most read"><h3>Most read</h3><ol>{items}</ol></aside>'


_PROPER = re.compile(r"(?<=[a-z,] )([A-Z][a-z]+(?: [A-Z][a-z]+)?)")


def _inline(lay: HostLayout, base: str, text: str, rng: random.Random) -> str:
    """Link or embolden some proper names, as newsrooms tag people and places (the text stays the same)."""
    def tag(m: re.Match) -> str:
        roll = rng.random()
        if roll < 0.35:
            return f'<a class="{lay.prefix}-topic" href="{base}/topics/{m.group(1).lower().replace(" ", "-")}">' \
                   f"{m.group(1)}</a>"
        return f"<strong>{m.group(1)}</strong>" if roll < 0.45 else m.group(1)
    return _PROPER.sub(tag, text)


def _open(lay: HostLayout) -> str:
    return "".join(f'<div class="{lay.prefix}-{PARTS[i % len(PARTS)]}-wrap l{i}">' for i in range(lay.depth))


def _ad(lay: HostLayout, i: int) -> str:
    return (f'<div class="{lay.prefix}-ad" id="ad-slot-{i}" data-size="300x250"><span>Advertisement</span>'
            f'<div class="{lay.prefix}-ad__frame"></div></div>')


def render_page(lay: HostLayout, rng: random.Random, base: str, path: str, title: str, published: datetime,
                paragraphs: list[str], related: list[str], comments: list[tuple[str, str]]) -> str:
    """One article page in the host's layout."""
    p, url = lay.prefix, base + path
    author = f"{rng.choice(AUTHOR_FIRST)} {rng.choice(AUTHOR_LAST)}"
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                     "datePublished": published.isoformat(), "author": {"@type": "Person", "name": author},
                     "publisher": {"@type": "Organization", "name": lay.site_name}, "mainEntityOfPage": url})
    head_meta = (f'<meta name="author" content="{author}"><script type="application/ld+json">{ld}</script>'
                 if lay.structured else "")
    # A per-page analytics blob, as tag managers embed: varies page size like real sites do.
    ids = min(40_000, max(20, int(rng.lognormvariate(7.6, 1.1))))
    data = json.dumps({"page": path, "ids": [rng.randrange(16**8) for _ in range(ids)]})
    body, ads = [], iter(range(lay.ad_slots))
    for i, para in enumerate(paragraphs):
        body.append(f"<p>{_inline(lay, base, escape(para), rng)}</p>")
        if i % 5 == 4 and (slot := next(ads, None)) is not None:
            body.append(_ad(lay, slot))
    share = "".join(f'<a class="{p}-share__{n.lower()}" href="#share-{n.lower()}"><svg viewBox="0 0 24 24">'
                    f'<path d="M{rng.randint(1, 9)} 2h12v20H4z"/></svg><span>{n}</span></a>'
                    for n in ["Facebook", "X", "LinkedIn", "WhatsApp", "Email"])
    rel = "".join(f'<li><a href="{base}/news/related/{i}.html">{escape(t)}</a></li>' for i, t in enumerate(related))
    com = "".join(f'<li class="{p}-comment"><b>{escape(n)}</b><p>{escape(c)}</p></li>' for n, c in comments)
    w = lay.wrapper
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | '
        f'{escape(lay.site_name)}</title><meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<link rel="canonical" href="{url}"><meta property="og:title" content="{escape(title)}">'
        f'<meta property="article:published_time" content="{published.isoformat()}">'
        f'{head_meta}<style>{lay.css}</style><script>{lay.script}</script>'
        f"<script>window.dataLayer=[{data}];</script></head>"
        f'<body class="{p}-body">{_header(lay, base)}{_open(lay)}<main class="{p}-main">'
        f'<{w} class="{p}-story"><h1 class="{p}-story__title">{escape(title)}</h1>'
        f'<div class="{p}-byline">By <a rel="author" href="{base}/authors/{author.lower().replace(" ", "-")}">'
        f'{author}</a> <time datetime="{published.isoformat()}">{published:%d %B %Y}</time></div>'
        f'<div class="{p}-share">{share}</div><div class="{p}-story__body">{"".join(body)}</div></{w}>'
        f'<aside class="{p}-related"><h3>Related</h3><ul>{rel}</ul></aside>'
        f'<section {lay.comments_attr}><h3>{lay.comments_title}</h3><ul>{com}</ul></section>'
        f'{_rail(lay, base, rng)}{_ad(lay, 99)}</main>{"</div>" * lay.depth}{_footer(lay, base, rng)}</body></html>\n'
    )


def runaway_page(lay: HostLayout, rng: random.Random, base: str, path: str, title: str, published: datetime) -> str:
    """A pathological page (~4.3 MB, under the fetcher's 5 MB cap): a live blog of ~41,000 tiny posts, half of
    them in chains of divs nested 150 deep. Measured: trafilatura needs ~22 s on it (~11 ms on a normal page)."""
    p = lay.prefix
    verbs = ["arrive", "confer", "pause", "resume", "object", "agree", "adjourn"]

    def post(i: int) -> str:
        return (f'<div class="{p}-post"><span>{i % 24:02d}:{rng.randint(0, 59):02d}</span><p>Update {i}: delegates '
                f'{rng.choice(verbs)} in room {rng.randint(1, 400)} of hall {rng.randint(1, 90)}.</p>')

    chains = []
    for c in range(140):  # 140 chains x 150 nested posts: depth without tripping lxml's depth limit
        chains.append("".join(post(c * 150 + i) for i in range(150)) + "</div>" * 150)
    flat = "".join(post(21_000 + i) + "</div>" for i in range(20_000))
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<link rel="canonical" href="{base + path}">'
            f'<meta property="article:published_time" content="{published.isoformat()}"></head>'
            f'<body>{_header(lay, base)}<main><h1>{escape(title)}</h1><div class="{p}-live">'
            f'{"".join(chains)}{flat}</div></main>{_footer(lay, base, rng)}</body></html>\n')
