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

    pub fn total_ms(&self) -> f64 {
        ms(self.total.unwrap_or_else(|| self.start.elapsed()))
    }

    /// `dns;dur=1.2, connect;dur=3.4, tls;dur=20.0, ttfb;dur=50.1, total;dur=75.3`, with
    /// only the phases that happened (no tls over http, none but ttfb/total for mocks);
    /// a request over a kept-alive connection starts with `conn;desc="reused"`.
    pub fn server_timing(&self) -> String {
        let phases = [
            (metric::DNS, self.dns),
            (metric::CONNECT, self.connect),
            (metric::TLS, self.tls),
            (metric::TTFB, self.ttfb),
            (
                metric::TOTAL,
                Some(Duration::from_secs_f64(self.total_ms() / 1000.0)),
            ),
        ];
        let reused = self.reused.then(|| metric::CONN_REUSED.to_string());
        reused
            .into_iter()
            .chain(
                phases
                    .iter()
                    .filter_map(|(name, d)| d.map(|d| format!("{name};dur={:.1}", ms(d)))),
            )
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
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
