//! The phases one relayed request went through, for `Server-Timing` and
//! `X-Relay-Upstream-Ms`: browsers cannot time a cross-origin request's phases themselves.

use std::time::{Duration, Instant};

use countersign_core::relay_protocol::timing as metric;

#[derive(Clone, Debug)]
pub struct Timing {
    start: Instant,
    pub dns: Option<Duration>,
    pub connect: Option<Duration>,
    pub tls: Option<Duration>,
    /// From the request written to the response head read.
    pub ttfb: Option<Duration>,
    pub total: Option<Duration>,
    /// Sent over a kept-alive connection: no dns/connect/tls of its own.
    pub reused: bool,
}

impl Timing {
    pub fn start() -> Self {
        Self {
            start: Instant::now(),
            dns: None,
            connect: None,
            tls: None,
            ttfb: None,
            total: None,
            reused: false,
        }
    }

    pub fn finish(&mut self) {
        self.total = Some(self.start.elapsed());
    }

    /// The whole time so far (or until `finish`), in milliseconds to a tenth.
    pub fn total_ms(&self) -> Ms {
        Ms(self.total.unwrap_or_else(|| self.start.elapsed()))
    }

    /// `dns;dur=1.2, connect;dur=3.4, tls;dur=20.0, ttfb;dur=50.1, total;dur=75.3`, with
    /// only the phases that happened (no tls over http, none but ttfb/total for mocks);
    /// a request over a kept-alive connection starts with `conn;desc="reused"`.
    pub fn server_timing(&self) -> String {
        self.server_timing_fmt().to_string()
    }

    /// The same, to format into a buffer of the caller's (this runs for every relayed
    /// request).
    pub fn server_timing_fmt(&self) -> ServerTiming<'_> {
        ServerTiming(self)
    }
}

/// See [`Timing::server_timing`].
pub struct ServerTiming<'a>(&'a Timing);

impl std::fmt::Display for ServerTiming<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = self.0;
        let phases = [
            (metric::DNS, t.dns),
            (metric::CONNECT, t.connect),
            (metric::TLS, t.tls),
            (metric::TTFB, t.ttfb),
            (metric::TOTAL, Some(t.total_ms().0)),
        ];
        let mut first = true;
        if t.reused {
            f.write_str(metric::CONN_REUSED)?;
            first = false;
        }
        for (name, d) in phases {
            if let Some(d) = d {
                if !first {
                    f.write_str(", ")?;
                }
                write!(f, "{name};dur={}", Ms(d))?;
                first = false;
            }
        }
        Ok(())
    }
}

/// A duration shown in milliseconds with one decimal (`12.3`), rounded half up; integer
/// arithmetic, as this runs several times for every relayed request.
#[derive(Clone, Copy, Debug)]
pub struct Ms(pub Duration);

impl std::fmt::Display for Ms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = (self.0.as_nanos() + 50_000) / 100_000;
        write!(f, "{}.{}", tenths / 10, tenths % 10)
    }
}

/// Runs `fut` and returns its output with the time it took.
pub async fn timed<T>(fut: impl std::future::Future<Output = T>) -> (T, Duration) {
    let t = Instant::now();
    let out = fut.await;
    (out, t.elapsed())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_only_the_phases_seen() {
        let mut t = Timing::start();
        t.dns = Some(Duration::from_micros(1500));
        t.connect = Some(Duration::from_millis(3));
        t.ttfb = Some(Duration::from_millis(40));
        t.total = Some(Duration::from_millis(45));
        assert_eq!(
            t.server_timing(),
            "dns;dur=1.5, connect;dur=3.0, ttfb;dur=40.0, total;dur=45.0"
        );
    }

    #[test]
    fn milliseconds_to_a_tenth() {
        let ms = |nanos| Ms(Duration::from_nanos(nanos)).to_string();
        assert_eq!(ms(0), "0.0");
        assert_eq!(ms(49_999), "0.0");
        assert_eq!(ms(50_000), "0.1");
        assert_eq!(ms(1_250_000), "1.3");
        assert_eq!(ms(12_345_678_901), "12345.7");
    }

    #[test]
    fn says_when_the_connection_was_reused() {
        let mut t = Timing::start();
        t.reused = true;
        t.ttfb = Some(Duration::from_millis(2));
        t.total = Some(Duration::from_millis(3));
        assert_eq!(
            t.server_timing(),
            r#"conn;desc="reused", ttfb;dur=2.0, total;dur=3.0"#
        );
    }
}
