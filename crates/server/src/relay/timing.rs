//! The phases one relayed request went through, for `Server-Timing`: browsers cannot
//! time a cross-origin request's phases themselves.

use std::time::Duration;

// tokio's, which the total timeout's deadline and the pool's idle times are kept in.
use tokio::time::Instant;

use countersign_core::relay_protocol::timing as metric;

use crate::logging::Line;

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

    /// When the request came in: the clock is read once for it, and what else needs "about
    /// now" early in the request (the total timeout's deadline, the pool's idle check)
    /// starts from this rather than reading the clock again.
    pub fn started(&self) -> Instant {
        self.start
    }

    /// When the answer's head was read, near enough for a connection's idle timeout: the
    /// phases so far follow each other, so the start plus them all (the start if none).
    pub fn head_read_at(&self) -> Instant {
        let phases = [self.dns, self.connect, self.tls, self.ttfb];
        self.start + phases.into_iter().flatten().sum::<Duration>()
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
        let mut line = Line::<SERVER_TIMING_MAX>::new();
        self.push_server_timing(&mut line);
        line.as_str().unwrap_or_default().to_string()
    }

    /// The same, onto a line of the caller's (this runs for every relayed request).
    pub fn push_server_timing<const N: usize>(&self, line: &mut Line<N>) {
        let phases = [
            (metric::DNS, self.dns),
            (metric::CONNECT, self.connect),
            (metric::TLS, self.tls),
            (metric::TTFB, self.ttfb),
            (metric::TOTAL, Some(self.total_ms().0)),
        ];
        let mut first = true;
        if self.reused {
            line.push(metric::CONN_REUSED);
            first = false;
        }
        for (name, d) in phases {
            if let Some(d) = d {
                if !first {
                    line.push(", ");
                }
                line.push(name).push(";dur=");
                Ms(d).push_to(line);
                first = false;
            }
        }
    }
}

/// Room for the longest `Server-Timing` value: five phases of up to 20 digits each.
pub const SERVER_TIMING_MAX: usize = 256;

/// A duration shown in milliseconds with one decimal (`12.3`), rounded half up; integer
/// arithmetic, as this runs several times for every relayed request.
#[derive(Clone, Copy, Debug)]
pub struct Ms(pub Duration);

impl Ms {
    /// Tenths of a millisecond, rounded half up (in u64: u128 division is slow).
    fn tenths(self) -> u64 {
        // Whole seconds are whole tenths, so only the fraction needs rounding.
        let fraction = (u64::from(self.0.subsec_nanos()) + 50_000) / 100_000;
        self.0
            .as_secs()
            .saturating_mul(10_000)
            .saturating_add(fraction)
    }

    pub fn push_to<const N: usize>(self, line: &mut Line<N>) {
        let tenths = self.tenths();
        line.push_u64(tenths / 10).push(".").push_u64(tenths % 10);
    }
}

impl std::fmt::Display for Ms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut line = Line::<24>::new();
        self.push_to(&mut line);
        f.write_str(line.as_str().unwrap_or_default())
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
    fn the_head_is_read_after_every_phase_before_it() {
        let mut t = Timing::start();
        assert_eq!(t.head_read_at(), t.started());
        t.dns = Some(Duration::from_millis(2));
        t.connect = Some(Duration::from_millis(3));
        t.tls = Some(Duration::from_millis(20));
        t.ttfb = Some(Duration::from_millis(40));
        assert_eq!(t.head_read_at(), t.started() + Duration::from_millis(65));
    }

    #[test]
    fn milliseconds_to_a_tenth() {
        let ms = |nanos| Ms(Duration::from_nanos(nanos)).to_string();
        assert_eq!(ms(0), "0.0");
        assert_eq!(ms(49_999), "0.0");
        assert_eq!(ms(50_000), "0.1");
        assert_eq!(ms(1_250_000), "1.3");
        assert_eq!(ms(12_345_678_901), "12345.7");
        assert_eq!(ms(999_950_000), "1000.0", "rounds up across the second");
        assert_eq!(
            Ms(Duration::MAX).to_string(),
            format!("{}.{}", u64::MAX / 10, u64::MAX % 10),
            "saturates"
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
