//! What the mock vendors remember between requests: the clock, issued Kingdee
//! app-tokens, and a counter for ids that must differ from one answer to the next.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use countersign_core::digest::{hex_lower, md5};

/// Unix milliseconds. Injectable so tests can move time instead of waiting.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// The real gateways' app-token lifetime: 24 h.
pub const TOKEN_LIFETIME_MS: i64 = 24 * 3600 * 1000;

pub struct MockState {
    clock: Clock,
    /// app-token → expiry (Unix ms).
    tokens: Mutex<HashMap<String, i64>>,
    counter: AtomicU64,
    /// Per-process secret so tokens cannot be guessed from the clock and counter.
    seed: u64,
}

/// Whether a presented app-token is usable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenStatus {
    Valid,
    Expired,
    Unknown,
}

impl MockState {
    pub fn new() -> Self {
        Self::with_clock(Arc::new(system_now_ms))
    }

    pub fn with_clock(clock: Clock) -> Self {
        use std::hash::{BuildHasher, Hasher};
        // RandomState is seeded from the OS; enough entropy for a demo token.
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(system_now_ms() as u64);
        Self {
            clock,
            tokens: Mutex::new(HashMap::new()),
            counter: AtomicU64::new(1),
            seed: h.finish(),
        }
    }

    pub fn now_ms(&self) -> i64 {
        (self.clock)()
    }

    /// 1, 2, 3, … for bill numbers and ids.
    pub fn next_seq(&self) -> u64 {
        self.counter.fetch_add(1, Ordering::Relaxed)
    }

    /// A numeric id shaped like the vendors' snowflake ids (18–19 digits).
    pub fn next_id(&self) -> String {
        let ms = self.now_ms().max(0) as u64;
        ((ms << 22) | (self.next_seq() & 0x3f_ffff)).to_string()
    }

    /// A TOP-style request id: 13 lower-case base-36 characters.
    pub fn request_id(&self) -> String {
        let hex = self.digest(&format!("rid:{}", self.next_seq()));
        let mut n = u64::from_str_radix(&hex[..16], 16).unwrap_or_default();
        let mut out = String::with_capacity(13);
        for _ in 0..13 {
            out.push(char::from_digit((n % 36) as u32, 36).unwrap_or('0'));
            n /= 36;
        }
        out
    }

    /// Issues a Kingdee app-token valid for 24 h; returns it and its expiry (ms).
    pub fn issue_token(&self) -> (String, i64) {
        let now = self.now_ms();
        let token = self.digest(&format!("token:{}:{now}", self.next_seq()));
        let expires = now + TOKEN_LIFETIME_MS;
        let mut tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        // Forget tokens that died long ago so a long-running server does not grow.
        tokens.retain(|_, exp| *exp + TOKEN_LIFETIME_MS > now);
        tokens.insert(token.clone(), expires);
        (token, expires)
    }

    pub fn token_status(&self, token: &str) -> TokenStatus {
        let tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        match tokens.get(token) {
            None => TokenStatus::Unknown,
            Some(exp) if *exp <= self.now_ms() => TokenStatus::Expired,
            Some(_) => TokenStatus::Valid,
        }
    }

    fn digest(&self, text: &str) -> String {
        hex_lower(&md5(format!("{}:{text}", self.seed).as_bytes()))
    }
}

impl Default for MockState {
    fn default() -> Self {
        Self::new()
    }
}

pub fn system_now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}
