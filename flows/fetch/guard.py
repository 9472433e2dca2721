"""Address and scheme checks: which URLs we may send a request to at all.

A feed is untrusted input: its links (and every redirect hop) may point at `file:` URLs, at the
machine's own services, at the LAN or at a cloud metadata endpoint. The checks run on the *resolved*
IP of every hop, and the client then connects to that same IP, so a DNS answer that changes between
check and connect (rebinding) cannot slip through.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

ALLOWED_SCHEMES = frozenset({"http", "https"})
# Cloud metadata endpoints named explicitly: 169.254.169.254 is link-local anyway, but AWS's IPv6
# endpoint sits in fd00::/8, and naming both keeps the intent readable if the generic rules change.
METADATA_ADDRESSES = frozenset({ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")})
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def scheme_allowed(url: str) -> bool:
    """True when the URL is http(s) with a host (so `file:`, `javascript:`, `ftp:` are refused)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ALLOWED_SCHEMES and bool(parts.hostname)


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address tunnels to (mapped, 6to4, Teredo, NAT64), if any."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def blocked_reason(ip: IPAddress) -> str | None:
    """Why a request to this IP is refused, or None for a public unicast address."""
    inner = _embedded_ipv4(ip)
    if inner is not None:
        reason = blocked_reason(inner)
        return f"{reason} (embedded in {ip})" if reason else None
    if ip in METADATA_ADDRESSES:
        return f"{ip} is a cloud metadata address"
    for flag in ("loopback", "link_local", "multicast", "private", "reserved", "unspecified"):
        if getattr(ip, f"is_{flag}"):
            return f"{ip} is a {flag.replace('_', '-')} address"
    # is_global also rules out shared (100.64/10), documentation and benchmarking ranges.
    if not ip.is_global:
        return f"{ip} is not a global address"
    return None


@dataclass(frozen=True)
class AllowList:
    """Hosts, IPs and CIDRs exempt from the private-address block (e.g. a test server on 127.0.0.1)."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, entries: tuple[str, ...] | list[str]) -> "AllowList":
        """Split entries into networks (IPs and CIDRs) and host names."""
        hosts, networks = set(), []
        for entry in entries:
            text = entry.strip().strip("[]").lower()
            try:
                networks.append(ipaddress.ip_network(text, strict=False))
            except ValueError:
                hosts.add(text.rstrip("."))
        return cls(frozenset(hosts), tuple(networks))

    def allows_host(self, host: str) -> bool:
        """True when the host name itself is exempt."""
        return host.lower().rstrip(".").strip("[]") in self.hosts

    def allows_ip(self, ip: IPAddress) -> bool:
        """True when the IP falls in an exempt network."""
        return any(ip.version == n.version and ip in n for n in self.networks)


def check_addresses(host: str, ips: list[IPAddress], allow: AllowList) -> str | None:
    """Why a request to `host` resolved to `ips` is refused, or None when every address is acceptable.

    All addresses must pass, not just the first: a name that resolves to one public and one private
    address could otherwise be steered to the private one by the connection order.
    """
    if not ips:
        return f"{host} resolved to no address"
    if allow.allows_host(host):
        return None
    for ip in ips:
        if allow.allows_ip(ip):
            continue
        reason = blocked_reason(ip)
        if reason:
            return f"{host}: {reason}"
    return None
