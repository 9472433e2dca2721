"""The TOML config file: feeds and settings, validated on load with errors that name file, key and fix."""

from __future__ import annotations

import ipaddress
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flows.errors import ConfigError

DEFAULT_DB = "diplowatch.duckdb"
DEFAULT_USER_AGENT = "diplowatch/0.1 (+https://github.com/diplowatch/diplowatch; nightly news monitor)"


def default_db() -> str:
    """$DIPLOWATCH_DB, else ./diplowatch.duckdb."""
    return os.environ.get("DIPLOWATCH_DB", DEFAULT_DB)


@dataclass(frozen=True)
class FeedConfig:
    name: str
    url: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class FetchConfig:
    allowed_private_hosts: tuple[str, ...] = ()
    per_host_delay_s: float = 1.0
    timeout_s: float = 20.0
    total_timeout_s: float = 60.0
    max_bytes: int = 5_000_000
    max_connections: int = 16
    retries: int = 2
    respect_robots: bool = True
    user_agent: str = DEFAULT_USER_AGENT


@dataclass(frozen=True)
class ScheduleConfig:
    cron: str = "0 3 * * *"
    timezone: str = "UTC"


@dataclass(frozen=True)
class RunConfig:
    task_runner: str = "threads"  # threads | dask
    dask_address: str | None = None  # an existing Dask scheduler; None starts a local cluster
    dask_workers: int = 2
    # Articles per task: a task run costs ~50 ms of Prefect server CPU and ~15 ms of the flow's, so work is batched.
    batch_size: int = 200
    # Articles a task fetches before its page workers read them: bounds the bodies a running task holds.
    fetch_window: int = 50
    max_articles_per_feed: int = 200
    page_workers: int = 0  # processes reading pages (extraction, detection); 0: one per core
    page_timeout_s: float = 10.0  # a page that takes longer to read is dropped (outcome page_timeout)


@dataclass(frozen=True)
class Config:
    feeds: tuple[FeedConfig, ...]
    warehouse_path: str = DEFAULT_DB
    fetch: FetchConfig = field(default_factory=FetchConfig)
    schedule: ScheduleConfig = field(default_factory=ScheduleConfig)
    run: RunConfig = field(default_factory=RunConfig)
    source: str = "<built-in>"


# Per section: key -> (type check, description of what is expected).
def _str(v: Any) -> bool:
    return isinstance(v, str) and v.strip() != ""


def _nonneg(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0


def _pos(v: Any) -> bool:
    return _nonneg(v) and v > 0


def _posint(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v > 0


def _nonneg_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def _strlist(v: Any) -> bool:
    return isinstance(v, list) and all(_str(x) for x in v)


def _http_url(v: Any) -> bool:
    if not _str(v):
        return False
    parts = urlsplit(v)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _host_or_cidr(v: str) -> bool:
    try:
        ipaddress.ip_network(v, strict=False)
        return True
    except ValueError:
        return all(part and (part.isalnum() or "-" in part) for part in v.split("."))


def _cron(v: Any) -> bool:
    return _str(v) and len(v.split()) == 5


def _tz(v: Any) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return _str(v) and ZoneInfo(v) is not None
    except (ZoneInfoNotFoundError, ValueError):
        return False


SCHEMA: dict[str, dict[str, tuple]] = {
    "feeds": {
        "name": (_str, "a non-empty string"),
        "url": (_http_url, "an http:// or https:// URL"),
        "tags": (_strlist, "a list of strings"),
    },
    "warehouse": {"path": (_str, "a file path such as 'diplowatch.duckdb'")},
    "fetch": {
        "allowed_private_hosts": (
            lambda v: _strlist(v) and all(_host_or_cidr(x) for x in v),
            "a list of host names, IP addresses or CIDRs such as ['127.0.0.1', '10.0.0.0/8']",
        ),
        "per_host_delay_s": (_nonneg, "a number of seconds >= 0"),
        "timeout_s": (_pos, "a number of seconds > 0"),
        "total_timeout_s": (_pos, "a number of seconds > 0"),
        "max_bytes": (_posint, "a whole number of bytes > 0"),
        "max_connections": (_posint, "a whole number > 0"),
        "retries": (_nonneg_int, "a whole number >= 0"),
        "respect_robots": (lambda v: isinstance(v, bool), "true or false"),
        "user_agent": (_str, "a non-empty string"),
    },
    "schedule": {
        "cron": (_cron, "a five-field cron expression such as '0 3 * * *'"),
        "timezone": (_tz, "an IANA time zone such as 'UTC' or 'Europe/Berlin'"),
    },
    "run": {
        "task_runner": (lambda v: v in ("threads", "dask"), "'threads' or 'dask'"),
        "dask_address": (_str, "a Dask scheduler address such as 'tcp://10.0.0.5:8786'"),
        "dask_workers": (_posint, "a whole number > 0"),
        "batch_size": (_posint, "a whole number > 0"),
        "fetch_window": (_posint, "a whole number > 0"),
        "max_articles_per_feed": (_posint, "a whole number > 0"),
        "page_workers": (_nonneg_int, "a whole number >= 0 (0: one per core)"),
        "page_timeout_s": (_pos, "a number of seconds > 0"),
    },
}
REQUIRED_FEED_KEYS = ("name", "url")


def _check_table(path: str, section: str, table: Any, where: str) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: {where} must be a table")
    allowed = SCHEMA[section]
    for key, value in table.items():
        if key not in allowed:
            raise ConfigError(
                f"{path}: unknown key '{key}' in {where}; expected one of: {', '.join(sorted(allowed))}"
            )
        check, expected = allowed[key]
        if not check(value):
            raise ConfigError(f"{path}: {where} {key} = {value!r}: expected {expected}")
    return table


def parse_config(data: dict[str, Any], path: str = "<config>") -> Config:
    """Validate a decoded TOML document and build a Config."""
    for key in data:
        if key not in SCHEMA:
            raise ConfigError(
                f"{path}: unknown section or key '{key}'; expected one of: {', '.join(sorted(SCHEMA))}"
            )
    feeds_raw = data.get("feeds", [])
    if not isinstance(feeds_raw, list) or not feeds_raw:
        raise ConfigError(f"{path}: no feeds: add at least one [[feeds]] table with name and url")
    feeds: list[FeedConfig] = []
    names: set[str] = set()
    for i, raw in enumerate(feeds_raw, 1):
        where = f"[[feeds]] #{i}"
        table = _check_table(path, "feeds", raw, where)
        for key in REQUIRED_FEED_KEYS:
            if key not in table:
                raise ConfigError(f"{path}: {where} is missing '{key}' ({SCHEMA['feeds'][key][1]})")
        if table["name"] in names:
            raise ConfigError(f"{path}: {where} name = {table['name']!r} is used twice; feed names must be unique")
        names.add(table["name"])
        feeds.append(FeedConfig(table["name"], table["url"], tuple(table.get("tags", ()))))
    sections = {s: _check_table(path, s, data.get(s, {}), f"[{s}]") for s in ("warehouse", "fetch", "schedule", "run")}
    fetch = dict(sections["fetch"])
    if "allowed_private_hosts" in fetch:
        fetch["allowed_private_hosts"] = tuple(fetch["allowed_private_hosts"])
    return Config(
        feeds=tuple(feeds),
        warehouse_path=sections["warehouse"].get("path", default_db()),
        fetch=FetchConfig(**fetch),
        schedule=ScheduleConfig(**sections["schedule"]),
        run=RunConfig(**sections["run"]),
        source=path,
    )


def load_config(path: str | Path) -> Config:
    """Read and validate a TOML config file."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read config file: {exc.strerror}") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: not valid TOML: {exc}") from exc
    return parse_config(data, str(p))


def uses_threads(cfg: Config | None) -> bool:
    """Whether batches run on threads of this process (sharing one robots cache and host pacer)."""
    return cfg is None or cfg.run.task_runner == "threads"
