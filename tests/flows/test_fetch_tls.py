"""HTTPS with the connection pinned to the checked IP: SNI and certificate checks still use the host name."""

from __future__ import annotations

import ssl
import sys
from pathlib import Path

import pytest
import trustme

from flows.fetch import FetchRequest, FetchSettings, fetch_all

sys.path.insert(0, str(Path(__file__).parent))
from fetch_support import LocalServer  # noqa: E402


@pytest.fixture
def tls_server(tmp_path):
    ca = trustme.CA()
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost").configure_cert(ctx)  # a name only, no IP address in the certificate
    names: list[str | None] = []
    ctx.sni_callback = lambda sock, name, _ctx: names.append(name)
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    with LocalServer("127.0.0.1", tls=ctx) as server:
        server.route("/feed", body=b"<rss version='2.0'><channel><title>t</title></channel></rss>")
        yield server, str(bundle), names


def test_https_by_name_sends_sni_and_verifies_while_connecting_to_the_checked_ip(tls_server):
    server, bundle, names = tls_server
    url = f"https://localhost:{server.port}/feed"
    [r] = fetch_all([FetchRequest(url, "feed")], FetchSettings(
        allowed_private_hosts=("localhost",), ca_bundle=bundle, respect_robots=False, per_host_delay_s=0, retries=0))
    if r.outcome == "connect_error" and not names:
        pytest.skip("localhost resolves to ::1 first here and the server listens on IPv4 only")
    assert r.outcome == "ok", r.error
    assert names == ["localhost"]
    assert server.seen[0].headers["host"] == f"localhost:{server.port}"


def test_certificate_for_another_name_is_refused(tls_server):
    server, bundle, names = tls_server
    [r] = fetch_all([FetchRequest(f"https://127.0.0.1:{server.port}/feed", "feed")], FetchSettings(
        allowed_private_hosts=("127.0.0.1",), ca_bundle=bundle, respect_robots=False, per_host_delay_s=0, retries=0))
    assert r.outcome == "connect_error" and server.seen == []


def test_untrusted_ca_is_refused(tls_server):
    server, _, _ = tls_server
    [r] = fetch_all([FetchRequest(f"https://localhost:{server.port}/feed", "feed")], FetchSettings(
        allowed_private_hosts=("localhost",), respect_robots=False, per_host_delay_s=0, retries=0))
    assert r.outcome == "connect_error" and server.seen == []
