//! What the mock vendors remember between requests: the clock and a counter for ids that
//! must differ from one answer to the next. Issued Kingdee app-tokens are *not*
//! remembered: each carries its expiry and an HMAC over it with a per-process key, so
//! issuing one costs the same however many came before, and nothing grows with use.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use countersign_core::digest::{hex_lower, hmac_sha256, md5};

/// Unix milliseconds. Injectable so tests can move time instead of waiting.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// The real gateways' app-token lifetime: 24 h.
pub const TOKEN_LIFETIME_MS: i64 = 24 * 3600 * 1000;

pub struct MockState {
    clock: Clock,
    counter: AtomicU64,
    /// Per-process secret so tokens cannot be guessed from the clock and counter.
    seed: u64,
    /// Per-process key of the app-tokens' HMAC.
    token_key: [u8; 32],
}

/// An app-token: expiry (12 hex), serial (12 hex), HMAC-SHA256 over both (40 hex).
const TOKEN_LEN: usize = 64;

pub use countersign_core::kingdee::TokenStatus;

impl MockState {
    pub fn new() -> Self {
        Self::with_clock(Arc::new(system_now_ms))
    }

    pub fn with_clock(clock: Clock) -> Self {
        use std::hash::{BuildHasher, Hasher};
        // RandomState is seeded from the OS; enough entropy for a demo token.
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(system_now_ms() as u64);
        let seed = h.finish();
        let mut token_key = [0u8; 32];
        if getrandom::fill(&mut token_key).is_err() {
            // No OS randomness: a key from the seed still keeps tokens unguessable enough
            // for a mock.
            let fallback = hmac_sha256(&seed.to_le_bytes(), b"token-key");
            token_key.copy_from_slice(&fallback);
        }
        Self {
            clock,
            counter: AtomicU64::new(1),
            seed,
            token_key,
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
        let expires = self.now_ms() + TOKEN_LIFETIME_MS;
        let payload = format!(
            "{:012x}{:012x}",
            expires.max(0) as u64 & 0xffff_ffff_ffff,
            self.next_seq() & 0xffff_ffff_ffff
        );
        let token = format!("{payload}{}", self.token_mac(&payload));
        (token, expires)
    }

    pub fn token_status(&self, token: &str) -> TokenStatus {
        if token.len() != TOKEN_LEN || !token.is_ascii() {
            return TokenStatus::Unknown;
        }
        let (payload, mac) = token.split_at(24);
        let expected = self.token_mac(payload);
        let same = mac.len() == expected.len()
            && mac
                .bytes()
                .zip(expected.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        let Ok(expires) = i64::from_str_radix(&payload[..12], 16) else {
            return TokenStatus::Unknown;
        };
        match same {
            false => TokenStatus::Unknown,
            true if expires <= self.now_ms() => TokenStatus::Expired,
            true => TokenStatus::Valid,
        }
    }

    /// How many issued tokens this state holds: none, by design (see the module docs).
    /// Kept as a method so a test can hold the design to it.
    pub fn remembered_tokens(&self) -> usize {
        0
    }

    fn token_mac(&self, payload: &str) -> String {
        hex_lower(&hmac_sha256(&self.token_key, payload.as_bytes())[..20])
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
