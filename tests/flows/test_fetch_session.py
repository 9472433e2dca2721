"""A FetchSession keeps each host's connection open across fetch_all calls (the batches of a night)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from flows.fetch import FetchRequest, FetchSession, FetchSettings, RobotsCache, fetch_all


class CountingServer(ThreadingHTTPServer):
    """Counts the TCP connections it accepts."""

    daemon_threads = True

    def __init__(self) -> None:
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                body = b"<html><body><p>page</p></body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        super().__init__(("127.0.0.1", 0), Handler)
        self.connections = 0

    def get_request(self):
        self.connections += 1
        return super().get_request()


@pytest.fixture
def server():
    srv = CountingServer()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def batches(server) -> list[list[FetchRequest]]:
    base = f"http://127.0.0.1:{server.server_address[1]}"
    return [[FetchRequest(f"{base}/b{b}/p{i}", "article") for i in range(3)] for b in range(3)]


def settings() -> FetchSettings:
    return FetchSettings(per_host_delay_s=0, allowed_private_hosts=("127.0.0.1",), retries=0, respect_robots=False)


def test_a_session_reuses_the_hosts_connection_across_calls(server):
    session = FetchSession()
    try:
        for batch in batches(server):
            assert all(r.ok for r in fetch_all(batch, settings(), RobotsCache(), session=session))
    finally:
        session.close()
    assert server.connections == 1


def test_without_a_session_each_call_connects_again(server):
    for batch in batches(server):
        assert all(r.ok for r in fetch_all(batch, settings(), RobotsCache()))
    assert server.connections == 3


def test_calls_from_parallel_threads_share_one_session(server):
    session, results = FetchSession(), []
    try:
        threads = [threading.Thread(target=lambda b=b: results.extend(fetch_all(b, settings(), RobotsCache(),
                                                                                session=session)))
                   for b in batches(server)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        session.close()
    assert len(results) == 9 and all(r.ok for r in results)
    assert server.connections == 1  # one client per host, one connection: the threads took turns on it
