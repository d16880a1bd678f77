//! Keep-alive connections to remote upstreams: a bounded pool of idle HTTP/1.1 senders per
//! upstream, so a second call to `https://api.kingdee.com` skips DNS, TCP and TLS.
//!
//! The pool only ever holds connections that `forward` opened itself — after resolving the
//! host and checking every address against the SSRF rules at that moment — so reuse never
//! reaches an address that was not checked. The key includes `allow_private`: a connection
//! opened under a lenient upstream is never lent to a strict one. Idle connections are
//! closed after `idle_timeout` by a reaper task (dropping a connection closes its socket),
//! and at most `max_idle` wait per upstream. Each copy of
//! the app has its own pool: `countersign serve` runs one copy per worker thread, so a
//! connection is only ever used by the thread whose runtime drives it.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

use super::h1::Conn;
use crate::config::{PoolSettings, RemoteBase};

/// Which connections may serve a request: same scheme, host, port and SSRF policy.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    tls: bool,
    /// Shared: a key is cloned for every connection parked.
    host: Arc<str>,
    port: u16,
    allow_private: bool,
}

impl Key {
    pub fn new(base: &RemoteBase, allow_private: bool) -> Self {
        Self {
            tls: base.tls,
            host: base.host.as_str().into(),
            port: base.port,
            allow_private,
        }
    }
}

struct Idle {
    conn: Conn,
    since: Instant,
}

pub struct Pool {
    inner: Arc<Inner>,
}

struct Inner {
    settings: PoolSettings,
    /// Per key; a list, not a hash map: a server has a handful of upstreams, and finding
    /// one by comparing keys is cheaper than hashing a key twice per request.
    idle: Mutex<Vec<(Key, VecDeque<Idle>)>>,
    /// Wakes the reaper when a connection is parked in an empty pool, or the pool ends.
    wake: Arc<Notify>,
    reaper: AtomicBool,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.wake.notify_one();
    }
}

impl Pool {
    pub fn new(settings: PoolSettings) -> Self {
        Self {
            inner: Arc::new(Inner {
                settings,
                idle: Mutex::new(Vec::new()),
                wake: Arc::new(Notify::new()),
                reaper: AtomicBool::new(false),
            }),
        }
    }

    /// Off (`max_idle_per_upstream = 0` or no idle time): every request opens a connection
    /// of its own and asks the upstream to close it, as before the pool (the cold path).
    pub fn enabled(&self) -> bool {
        let s = &self.inner.settings;
        s.max_idle_per_upstream > 0 && s.idle_timeout_ms > 0
    }

    fn timeout(&self) -> Duration {
        Duration::from_millis(self.inner.settings.idle_timeout_ms)
    }

    /// The most recently parked live connection for `key` at `now`; stale ones, and those
    /// the upstream has closed, are dropped on the way.
    pub fn take(&self, key: &Key, now: Instant) -> Option<Conn> {
        let mut idle = self.inner.idle.lock().expect("pool lock");
        let (_, queue) = idle.iter_mut().find(|(k, _)| k == key)?;
        let timeout = self.timeout();
        while let Some(mut entry) = queue.pop_back() {
            if now.saturating_duration_since(entry.since) < timeout && entry.conn.is_open() {
                return Some(entry.conn);
            }
        }
        None
    }

    /// Parks a connection whose last answer was read completely, idle `since` then.
    pub fn put(&self, key: &Key, conn: Conn, since: Instant) {
        if !self.enabled() {
            return;
        }
        let was_empty = {
            let mut idle = self.inner.idle.lock().expect("pool lock");
            let was_empty = idle.is_empty();
            let at = match idle.iter().position(|(k, _)| k == key) {
                Some(at) => at,
                None => {
                    idle.push((key.clone(), VecDeque::new()));
                    idle.len() - 1
                }
            };
            let queue = &mut idle[at].1;
            queue.push_back(Idle { conn, since });
            while queue.len() > self.inner.settings.max_idle_per_upstream {
                queue.pop_front();
            }
            was_empty
        };
        if !self.inner.reaper.swap(true, Ordering::AcqRel) {
            tokio::spawn(reap(Arc::downgrade(&self.inner), self.inner.wake.clone()));
        }
        if was_empty {
            self.inner.wake.notify_one();
        }
    }
}

/// Closes idle connections when their time is up: sleeps until the oldest one expires, or
/// until something is parked in an empty pool. Ends with the pool.
async fn reap(pool: Weak<Inner>, wake: Arc<Notify>) {
    loop {
        let next = match pool.upgrade() {
            Some(inner) => inner.purge(),
            None => return,
        };
        match next {
            Some(at) => tokio::time::sleep_until(at).await,
            None => wake.notified().await,
        }
    }
}

impl Inner {
    /// Drops expired and closed connections; returns when the next one expires.
    fn purge(&self) -> Option<Instant> {
        let timeout = Duration::from_millis(self.settings.idle_timeout_ms);
        let now = Instant::now();
        let mut idle = self.idle.lock().expect("pool lock");
        idle.retain_mut(|(_, queue)| {
            queue.retain_mut(|e| now < e.since + timeout && e.conn.is_open());
            !queue.is_empty()
        });
        idle.iter()
            .filter_map(|(_, q)| q.iter().map(|e| e.since + timeout).min())
            .min()
    }
}
