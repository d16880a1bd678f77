//! The SSRF guard: which addresses a relay may connect to, checked after resolving and
//! before connecting; the checked addresses are the ones connected to (no second lookup,
//! so no DNS rebinding).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use super::errors::RelayError;

/// True for addresses a public relay must never reach: private, loopback, link-local,
/// unspecified, multicast, broadcast, shared (CGNAT), reserved, ULA, and IPv6 forms that
/// embed such an IPv4 address.
pub fn is_forbidden(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => forbidden_v4(v4),
        IpAddr::V6(v6) => forbidden_v6(v6),
    }
}

fn forbidden_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_multicast()
        || ip.is_broadcast()
        || a == 0 // "this network"
        || (a == 192 && b == 0 && ip.octets()[2] == 0) // IETF protocol assignments (192.0.0.0/24)
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240 // reserved
}

fn forbidden_v6(ip: Ipv6Addr) -> bool {
    let seg = ip.segments();
    if ip.is_loopback() || ip.is_unspecified() || ip.is_multicast() {
        return true;
    }
    // fe80::/10 link-local, fec0::/10 site-local (deprecated), fc00::/7 unique local.
    if (seg[0] & 0xffc0) == 0xfe80 || (seg[0] & 0xffc0) == 0xfec0 || (seg[0] & 0xfe00) == 0xfc00 {
        return true;
    }
    // Whole ranges whose embedded IPv4 address is reached by a translator on the path:
    // IPv4-translated ::ffff:0:0:0/96 (SIIT), local-use NAT64 64:ff9b:1::/48 and Teredo
    // 2001::/32. No vendor gateway lives there.
    if seg[..4] == [0, 0, 0, 0] && seg[4] == 0xffff && seg[5] == 0 {
        return true;
    }
    if seg[..3] == [0x64, 0xff9b, 1] || seg[..2] == [0x2001, 0] {
        return true;
    }
    if let Some(v4) = embedded_v4(ip) {
        return forbidden_v4(v4);
    }
    false
}

/// The IPv4 address inside IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d),
/// NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let seg = ip.segments();
    let o = ip.octets();
    let tail = Ipv4Addr::new(o[12], o[13], o[14], o[15]);
    if seg[..5] == [0; 5] && (seg[5] == 0xffff || seg[5] == 0) {
        return Some(tail);
    }
    if seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return Some(tail);
    }
    if seg[0] == 0x2002 {
        return Some(Ipv4Addr::new(o[2], o[3], o[4], o[5]));
    }
    None
}

/// Checks every resolved address; one forbidden address refuses the whole host, so a
/// name cannot smuggle a private address among public ones.
pub fn check(host: &str, addrs: &[SocketAddr], allow_private: bool) -> Result<(), RelayError> {
    if allow_private {
        return Ok(());
    }
    match addrs.iter().find(|a| is_forbidden(a.ip())) {
        Some(bad) => Err(RelayError::ForbiddenAddress {
            host: host.to_string(),
            addr: bad.ip().to_string(),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> bool {
        is_forbidden(s.parse().unwrap())
    }

    #[test]
    fn refuses_internal_ranges() {
        for ip in [
            "127.0.0.1",
            "10.0.0.1",
            "172.16.5.4",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "100.64.0.1",
            "240.0.0.1",
            "::1",
            "::",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.1.2.3",
            "::127.0.0.1",
            "64:ff9b::a00:1",
            "2002:c0a8:101::1",
            "fec0::1",
            "192.0.0.8",
            "192.0.0.170",
            "::ffff:0:7f00:1",
            "::ffff:0:808:808",
            "64:ff9b:1::808:808",
            "64:ff9b:1:ffff::1",
            "2001::1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
        ] {
            assert!(f(ip), "{ip} must be refused");
        }
    }

    #[test]
    fn allows_public_addresses() {
        for ip in [
            "8.8.8.8",
            "1.1.1.1",
            "47.92.239.46",
            "172.32.0.1",
            "100.128.0.1",
            "2001:4860:4860::8888",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "192.0.1.1",
            "2001:db9::1",
            "2001:1::1",
        ] {
            assert!(!f(ip), "{ip} must be allowed");
        }
    }

    #[test]
    fn one_bad_address_refuses_the_host() {
        let addrs: Vec<SocketAddr> = vec![
            "8.8.8.8:80".parse().unwrap(),
            "10.0.0.1:80".parse().unwrap(),
        ];
        assert!(check("x", &addrs, false).is_err());
        assert!(check("x", &addrs, true).is_ok());
    }
}
