"""Config files: valid ones load, and every mistake names the file, the key and what is expected."""

from __future__ import annotations

import pytest

from flows.config import Config, load_config
from flows.errors import ConfigError

GOOD = """
[warehouse]
path = "night.duckdb"

[fetch]
allowed_private_hosts = ["127.0.0.1", "10.0.0.0/8"]
per_host_delay_s = 2.5
timeout_s = 15
max_bytes = 1000000
user_agent = "diplowatch-test/1.0"

[schedule]
cron = "30 2 * * *"
timezone = "Europe/Berlin"

[[feeds]]
name = "meridian"
url = "https://meridian.example/feed.xml"
tags = ["commentary"]

[[feeds]]
name = "harbor"
url = "http://harbor.example/atom"
"""


def write(tmp_path, text: str):
    p = tmp_path / "diplowatch.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_good_config_loads(tmp_path):
    cfg = load_config(write(tmp_path, GOOD))
    assert isinstance(cfg, Config)
    assert [f.name for f in cfg.feeds] == ["meridian", "harbor"]
    assert cfg.feeds[0].tags == ("commentary",)
    assert cfg.warehouse_path == "night.duckdb"
    assert cfg.fetch.allowed_private_hosts == ("127.0.0.1", "10.0.0.0/8")
    assert cfg.fetch.per_host_delay_s == 2.5
    assert cfg.fetch.max_bytes == 1_000_000
    assert cfg.schedule.cron == "30 2 * * *" and cfg.schedule.timezone == "Europe/Berlin"


def test_defaults(tmp_path):
    cfg = load_config(write(tmp_path, '[[feeds]]\nname = "a"\nurl = "https://a.example/rss"\n'))
    assert cfg.schedule.cron == "0 3 * * *"
    assert cfg.fetch.allowed_private_hosts == ()
    assert cfg.warehouse_path == "diplowatch.duckdb"
    assert (cfg.run.batch_size, cfg.run.fetch_window) == (200, 50)


@pytest.mark.parametrize(
    "text, must_say",
    [
        (GOOD.replace("per_host_delay_s = 2.5", "per_host_delay = 2.5"), ["unknown key 'per_host_delay'", "[fetch]", "per_host_delay_s"]),
        (GOOD.replace("timeout_s = 15", 'timeout_s = "soon"'), ["[fetch] timeout_s", "expected a number of seconds > 0"]),
        (GOOD.replace('url = "http://harbor.example/atom"', 'url = "file:///etc/passwd"'), ["[[feeds]] #2 url", "http:// or https:// URL"]),
        (GOOD.replace('name = "harbor"', 'name = "meridian"'), ["used twice"]),
        (GOOD.replace('cron = "30 2 * * *"', 'cron = "every night"'), ["[schedule] cron", "five-field cron"]),
        (GOOD.replace('"Europe/Berlin"', '"Mars/Olympus"'), ["[schedule] timezone", "IANA time zone"]),
        (GOOD.replace('"10.0.0.0/8"', '"not a host!"'), ["allowed_private_hosts", "CIDR"]),
        (GOOD + "\n[extras]\nx = 1\n", ["unknown section or key 'extras'"]),
        ("[warehouse]\npath = 'x.duckdb'\n", ["no feeds"]),
        ('[[feeds]]\nname = "a"\n', ["[[feeds]] #1 is missing 'url'"]),
        ("[[feeds]\nname=", ["not valid TOML"]),
        (GOOD + "\n[run]\nfetch_window = 0\n", ["[run] fetch_window", "a whole number > 0"]),
    ],
)
def test_bad_config_names_file_key_and_fix(tmp_path, text, must_say):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert str(path) in message
    for fragment in must_say:
        assert fragment in message


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_config(tmp_path / "nope.toml")
