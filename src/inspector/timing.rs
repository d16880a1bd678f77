//! The relay's `Server-Timing` header as phases, the horizontal bar they make, and the
//! numbers the inspector prints (ms, bytes). Pure, tested natively.

use countersign_core::relay_protocol::timing as metric;

/// One entry of `Server-Timing`: `name;dur=12.5;desc="…"`.
#[derive(Clone, Debug, PartialEq)]
pub struct Metric {
    pub name: String,
    pub dur_ms: Option<f64>,
    pub desc: Option<String>,
}

/// Parses `Server-Timing` (RFC-ish: entries by `,`, parameters by `;`, quoted strings
/// allowed). Malformed entries are skipped rather than failing the whole header.
pub fn parse_server_timing(header: &str) -> Vec<Metric> {
    split_outside_quotes(header, ',')
        .into_iter()
        .filter_map(|entry| {
            let mut parts = split_outside_quotes(&entry, ';').into_iter();
            let name = parts.next()?.trim().to_string();
            if name.is_empty() || name.contains('=') {
                return None;
            }
            let mut metric = Metric {
                name,
                dur_ms: None,
                desc: None,
            };
            for param in parts {
                let Some((k, v)) = param.split_once('=') else {
                    continue;
                };
                let v = unquote(v.trim());
                match k.trim().to_ascii_lowercase().as_str() {
                    "dur" => metric.dur_ms = v.parse::<f64>().ok().filter(|d| d.is_finite()),
                    "desc" => metric.desc = Some(v),
                    _ => {}
                }
            }
            Some(metric)
        })
        .collect()
}

fn split_outside_quotes(text: &str, sep: char) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut escaped = false;
    for c in text.chars() {
        let last = out.last_mut().expect("never empty");
        if escaped {
            escaped = false;
            last.push(c);
        } else if quoted && c == '\\' {
            escaped = true;
            last.push(c);
        } else if c == '"' {
            quoted = !quoted;
            last.push(c);
        } else if c == sep && !quoted {
            out.push(String::new());
        } else {
            last.push(c);
        }
    }
    out
}

fn unquote(v: &str) -> String {
    match v.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        Some(inner) => {
            let mut out = String::new();
            let mut chars = inner.chars();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    if let Some(n) = chars.next() {
                        out.push(n);
                    }
                } else {
                    out.push(c);
                }
            }
            out
        }
        None => v.to_string(),
    }
}

/// The parts of the bar, in the order they happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Dns,
    Connect,
    Tls,
    /// From the request written to the answer's head read (`ttfb`).
    Wait,
    /// The rest of the relay's own total: reading the body, relay bookkeeping.
    Transfer,
    /// What the browser saw beyond the relay's total: browser ↔ relay, body download.
    Client,
}

impl Phase {
    /// Stable CSS class and test id suffix.
    pub fn id(self) -> &'static str {
        match self {
            Self::Dns => "dns",
            Self::Connect => "connect",
            Self::Tls => "tls",
            Self::Wait => "wait",
            Self::Transfer => "transfer",
            Self::Client => "client",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    pub phase: Phase,
    pub start_ms: f64,
    pub dur_ms: f64,
}

/// The `dur` of the metric called `name` (case-insensitive), if it has one.
pub fn metric_ms(metrics: &[Metric], name: &str) -> Option<f64> {
    metrics
        .iter()
        .find(|m| m.name.eq_ignore_ascii_case(name))
        .and_then(|m| m.dur_ms)
}

/// The bar's segments from the relay's metrics and the browser's own total (when known).
/// The relay measures `dns`, `connect`, `tls` and `ttfb` one after the other, `total`
/// around all of it; the browser's total includes the relay's.
pub fn segments(metrics: &[Metric], browser_total_ms: Option<f64>) -> Vec<Segment> {
    let dur = |name: &str| metric_ms(metrics, name).filter(|d| *d >= 0.0);
    let mut out: Vec<Segment> = Vec::new();
    let mut at = 0.0;
    let mut push = |phase, d: f64, at: &mut f64| {
        out.push(Segment {
            phase,
            start_ms: *at,
            dur_ms: d,
        });
        *at += d;
    };
    for (name, phase) in [
        (metric::DNS, Phase::Dns),
        (metric::CONNECT, Phase::Connect),
        (metric::TLS, Phase::Tls),
        (metric::TTFB, Phase::Wait),
    ] {
        if let Some(d) = dur(name) {
            push(phase, d, &mut at);
        }
    }
    let relay_total = dur(metric::TOTAL);
    if let Some(total) = relay_total {
        if total > at + 0.05 {
            let rest = total - at;
            push(Phase::Transfer, rest, &mut at);
        }
    }
    if let (Some(browser), true) = (browser_total_ms, relay_total.is_some() || at > 0.0) {
        if browser > at + 0.05 {
            let rest = browser - at;
            push(Phase::Client, rest, &mut at);
        }
    }
    out
}

/// The relay sent the request over a kept-alive connection (`conn;desc="reused"`), so
/// the bar has no dns/connect/tls of its own.
pub fn connection_reused(metrics: &[Metric]) -> bool {
    metrics.iter().any(|m| {
        m.name.eq_ignore_ascii_case(metric::CONN)
            && m.desc
                .as_deref()
                .is_some_and(|d| d.eq_ignore_ascii_case(metric::REUSED))
    })
}

/// `84 ms`, `1.25 s`, `0.4 ms`.
pub fn format_ms(ms: f64) -> String {
    if !ms.is_finite() || ms < 0.0 {
        "–".into()
    } else if ms < 10.0 {
        let s = format!("{ms:.1}");
        format!("{} ms", s.trim_end_matches(".0"))
    } else if ms < 1000.0 {
        format!("{} ms", ms.round() as u64)
    } else if ms < 60_000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else {
        format!("{:.1} min", ms / 60_000.0)
    }
}

/// `512 B`, `1.2 KB`, `3.4 MB` (1 KB = 1024 B, as browsers' dev tools count).
pub fn format_bytes(n: usize) -> String {
    const K: f64 = 1024.0;
    let f = n as f64;
    if f < K {
        format!("{n} B")
    } else if f < K * K {
        format!("{:.1} KB", f / K)
    } else {
        format!("{:.1} MB", f / K / K)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_relays_header() {
        let m = parse_server_timing(
            "dns;dur=1.5, connect;dur=3.0, tls;dur=20.0, ttfb;dur=40.0, total;dur=75.3",
        );
        assert_eq!(m.len(), 5);
        assert_eq!(m[0].name, "dns");
        assert_eq!(m[0].dur_ms, Some(1.5));
        assert_eq!(m[4].dur_ms, Some(75.3));
    }

    #[test]
    fn a_reused_connection_shows_as_such_and_has_no_setup_phases() {
        let m = parse_server_timing(r#"conn;desc="reused", ttfb;dur=2.5, total;dur=3"#);
        assert!(connection_reused(&m));
        let phases: Vec<Phase> = segments(&m, None).iter().map(|s| s.phase).collect();
        assert_eq!(phases, vec![Phase::Wait, Phase::Transfer]);
        assert!(!connection_reused(&parse_server_timing(
            "dns;dur=1, connect;dur=2, ttfb;dur=3, total;dur=7"
        )));
    }

    #[test]
    fn parses_quotes_and_skips_junk() {
        let m = parse_server_timing(
            r#"cache;desc="hit, ok";dur=2, =bad, ;, miss, db;dur=abc, app;desc=plain"#,
        );
        let names: Vec<&str> = m.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(names, ["cache", "miss", "db", "app"]);
        assert_eq!(m[0].desc.as_deref(), Some("hit, ok"));
        assert_eq!(m[0].dur_ms, Some(2.0));
        assert_eq!(m[2].dur_ms, None);
        assert_eq!(m[3].desc.as_deref(), Some("plain"));
        assert!(parse_server_timing("").is_empty());
    }

    #[test]
    fn bar_puts_phases_in_sequence_and_adds_the_rest() {
        let m =
            parse_server_timing("dns;dur=2, connect;dur=3, tls;dur=5, ttfb;dur=40, total;dur=60");
        let s = segments(&m, Some(80.0));
        let phases: Vec<Phase> = s.iter().map(|x| x.phase).collect();
        assert_eq!(
            phases,
            [
                Phase::Dns,
                Phase::Connect,
                Phase::Tls,
                Phase::Wait,
                Phase::Transfer,
                Phase::Client
            ]
        );
        assert_eq!(s[3].start_ms, 10.0);
        assert_eq!(s[4].dur_ms, 10.0);
        assert_eq!(s[5].start_ms, 60.0);
        assert_eq!(s[5].dur_ms, 20.0);
    }

    #[test]
    fn bar_for_a_mock_and_without_header() {
        // The mocks answer in-process: only ttfb and total.
        let m = parse_server_timing("ttfb;dur=0.8, total;dur=1.0");
        let s = segments(&m, Some(4.0));
        let phases: Vec<Phase> = s.iter().map(|x| x.phase).collect();
        assert_eq!(phases, [Phase::Wait, Phase::Transfer, Phase::Client]);
        assert!(segments(&[], Some(30.0)).is_empty());
        // A browser total below the relay's (clock granularity) adds nothing.
        let s = segments(&parse_server_timing("total;dur=5"), Some(4.0));
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].phase, Phase::Transfer);
    }

    #[test]
    fn numbers_people_read() {
        assert_eq!(format_ms(0.42), "0.4 ms");
        assert_eq!(format_ms(4.0), "4 ms");
        assert_eq!(format_ms(84.4), "84 ms");
        assert_eq!(format_ms(1250.0), "1.25 s");
        assert_eq!(format_ms(f64::NAN), "–");
        assert_eq!(format_bytes(512), "512 B");
        assert_eq!(format_bytes(1229), "1.2 KB");
        assert_eq!(format_bytes(3 * 1024 * 1024 + 400_000), "3.4 MB");
    }
}
