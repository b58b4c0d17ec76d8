use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use url::{Host, Url};

const MAX_URL_LENGTH: usize = 2048;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointUrlError {
    #[error("url must be an absolute URL of at most 2048 characters")]
    Malformed,
    #[error("url must use https")]
    NotHttps,
    #[error("url must not point at a private, loopback, link-local or reserved address")]
    NotPublic,
    #[error("url must not hold a user name or password")]
    Credentials,
}

/// Checks a webhook URL as written. Names are resolved and checked again at save and at
/// delivery time; `allow_private` (local development and tests) lifts both rules.
pub fn check_endpoint_url(url: &str, allow_private: bool) -> Result<Url, EndpointUrlError> {
    if url.len() > MAX_URL_LENGTH {
        return Err(EndpointUrlError::Malformed);
    }
    let url = url.trim();
    if !authority_is_ascii(url) || written_authority(url).is_none_or(str::is_empty) {
        return Err(EndpointUrlError::Malformed);
    }
    let parsed = Url::parse(url).map_err(|_| EndpointUrlError::Malformed)?;
    // `https://127.0.0.1%2f@example.com/` reads as one host to a person and another to a
    // client; a receiver needs no credentials in its URL (it checks the signature).
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(EndpointUrlError::Credentials);
    }
    let scheme_allowed = match parsed.scheme() {
        "https" => true,
        "http" => allow_private,
        _ => false,
    };
    if !scheme_allowed {
        return Err(EndpointUrlError::NotHttps);
    }
    let public = match parsed.host() {
        None => return Err(EndpointUrlError::Malformed),
        Some(Host::Ipv4(ip)) => is_public_address(IpAddr::V4(ip)),
        Some(Host::Ipv6(ip)) => is_public_address(IpAddr::V6(ip)),
        Some(Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            if !is_host_name(&name) {
                return Err(EndpointUrlError::Malformed);
            }
            name != "localhost" && !name.ends_with(".localhost")
        }
    };
    if !public && !allow_private {
        return Err(EndpointUrlError::NotPublic);
    }
    Ok(parsed)
}

/// A DNS name: dot-separated labels of letters, digits and hyphens (IDNs as punycode).
fn is_host_name(name: &str) -> bool {
    name.split('.').all(|label| {
        (1..=63).contains(&label.len())
            && label
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
    })
}

/// The part between `://` and the path is written in ASCII (an IDN is sent as punycode).
fn authority_is_ascii(url: &str) -> bool {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme
        .split(['/', '?', '#'])
        .next()
        .is_some_and(str::is_ascii)
}

/// The authority as written, between `://` and the path: `https:///x` has none, though
/// the URL parser would make `x` its host.
fn written_authority(url: &str) -> Option<&str> {
    let (_, rest) = url.split_once("://")?;
    rest.split(['/', '?', '#', '\\']).next()
}

/// Whether an address is globally routable unicast: not private, loopback, link-local,
/// shared, documentation, benchmarking, multicast or otherwise reserved.
pub fn is_public_address(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => is_public_v4(ip),
        IpAddr::V6(ip) => is_public_v6(ip),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let reserved = a == 0
        || ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || ip.is_documentation()
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 224; // multicast, reserved, broadcast
    !reserved
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = embedded_v4(ip) {
        return is_public_v4(v4);
    }
    let segments = ip.segments();
    let global_unicast = (segments[0] & 0xe000) == 0x2000;
    let documentation = segments[0] == 0x2001 && segments[1] == 0x0db8;
    let protocol_assignments = segments[0] == 0x2001 && segments[1] < 0x0200; // Teredo, ORCHID, ...
    global_unicast && !documentation && !protocol_assignments
}

/// The IPv4 address an IPv6 address stands for: mapped, compatible, NAT64 or 6to4.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let tail = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    if s[..5] == [0; 5]
        && (s[5] == 0xffff
            || (s[5] == 0 && ip != Ipv6Addr::UNSPECIFIED && ip != Ipv6Addr::LOCALHOST))
    {
        return Some(tail);
    }
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0; 4] {
        return Some(tail);
    }
    if s[0] == 0x2002 {
        return Some(Ipv4Addr::new(
            (s[1] >> 8) as u8,
            s[1] as u8,
            (s[2] >> 8) as u8,
            s[2] as u8,
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(address: &str) -> bool {
        is_public_address(address.parse().unwrap_or_else(|e| panic!("{address}: {e}")))
    }

    #[test]
    fn only_globally_routable_addresses_are_public() {
        for address in [
            "93.184.216.34",
            "8.8.8.8",
            "2606:4700::1111",
            "2a00:1450::1",
        ] {
            assert!(public(address), "{address}");
        }
        for address in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "192.0.0.8",
            "192.0.2.1",
            "198.18.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "fe80::1",
            "fc00::1",
            "fd12::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
            "2002:7f00:1::",
            "2001::1",
        ] {
            assert!(!public(address), "{address}");
        }
        assert!(public("::ffff:8.8.8.8"));
    }

    #[test]
    fn urls_must_be_https_and_public_unless_private_is_allowed() {
        assert!(check_endpoint_url("https://hooks.example.com/in", false).is_ok());
        assert_eq!(
            check_endpoint_url("http://hooks.example.com/in", false),
            Err(EndpointUrlError::NotHttps)
        );
        assert_eq!(
            check_endpoint_url("ftp://hooks.example.com/in", true),
            Err(EndpointUrlError::NotHttps)
        );
        for url in [
            "https://127.0.0.1/in",
            "https://[::1]:8443/in",
            "https://localhost/in",
            "https://api.localhost./in",
            "https://10.0.0.8/in",
            "https://169.254.169.254/latest",
        ] {
            assert_eq!(
                check_endpoint_url(url, false),
                Err(EndpointUrlError::NotPublic),
                "{url}"
            );
        }
        assert!(check_endpoint_url("http://127.0.0.1:9000/in", true).is_ok());
        assert_eq!(
            check_endpoint_url("not a url", true),
            Err(EndpointUrlError::Malformed)
        );
        assert_eq!(
            check_endpoint_url("https://", true),
            Err(EndpointUrlError::Malformed)
        );
        for url in [
            "https:///x",
            "https:////hooks.example.com/in",
            "https:\\\\hooks.example.com",
        ] {
            assert_eq!(
                check_endpoint_url(url, true),
                Err(EndpointUrlError::Malformed),
                "{url}"
            );
        }
        for url in [
            "https://127.0.0.1%2f@example.com/",
            "https://user@hooks.example.com/in",
            "https://user:secret@hooks.example.com/in",
            "https://:secret@hooks.example.com/in",
        ] {
            assert_eq!(
                check_endpoint_url(url, false),
                Err(EndpointUrlError::Credentials),
                "{url}"
            );
        }
    }

    #[test]
    fn hosts_must_be_dns_names_written_in_ascii() {
        for url in [
            "http://0*/",
            "https://a_b.example.com/",
            "https://caf\u{e9}.example/",
        ] {
            assert_eq!(
                check_endpoint_url(url, true),
                Err(EndpointUrlError::Malformed),
                "{url}"
            );
        }
        assert!(check_endpoint_url("https://xn--caf-dma.example/h\u{e9}", false).is_ok());
        assert!(check_endpoint_url("https://hooks-1.example.com./in", false).is_ok());
    }
}
