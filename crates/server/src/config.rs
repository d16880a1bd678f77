//! What `countersign serve` runs with: built-in defaults, a TOML file on top, flags last.
//!
//! ```toml
//! token = "a3f9c27e5b10d864"         # optional (8+ characters): clients send it as X-Relay-Token
//! [limits]
//! request_body_bytes = 2097152     # 2 MiB
//! response_body_bytes = 10485760   # 10 MiB
//! connect_timeout_ms = 5000
//! total_timeout_ms = 30000         # a relayed request, from its arrival to its answer
//! body_timeout_ms = 10000          # the whole request body must arrive within this
//! head_timeout_ms = 30000          # each request head (or idle wait for one) within this
//! max_relay_requests = 256         # relayed requests in flight; more get 503
//! max_connections = 1024           # open client connections; more get 503
//! [server]
//! hosts = ["relay.team.example"]   # Host names served besides localhost and the bind address
//! relay_origins = ["http://10.0.0.5:8080"]  # other relays the app may call (its CSP)
//! workers = 1                      # threads serving connections; "auto": one per core
//! [cors]
//! origins = ["https://tools.example.com"]
//! [pool]                           # keep-alive connections to remote upstreams
//! idle_timeout_ms = 10000          # an idle connection is closed after this long
//! max_idle_per_upstream = 32       # per worker; 0: a new connection per request
//! [tls]
//! extra_roots = ["ca.pem"]         # PEM certificates trusted beside the Mozilla roots
//! [upstreams.local]                # adds `local`, or replaces a built-in of that name
//! base = "http://127.0.0.1:9000/api"
//! allow_private = true
//! ```

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use crate::config_error::ConfigError;

/// Where an upstream lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A remote HTTP(S) base URL, e.g. `https://api.kingdee.com`.
    Remote(RemoteBase),
    /// A path on this server (`/mock/kingdee`), dispatched in-process.
    Local(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteBase {
    pub tls: bool,
    /// Host as written (brackets stripped from IPv6 literals).
    pub host: String,
    pub port: u16,
    /// The base path without a trailing `/` (may be empty).
    pub path: String,
}

impl RemoteBase {
    /// `host:port` as a person writes it (`[::1]:8080` for IPv6), for messages: which
    /// service refused matters as much as which machine.
    pub fn host_port(&self) -> String {
        format!("{}:{}", self.bracketed_host(), self.port)
    }

    /// The host as a URL writes it: an IPv6 literal in brackets.
    fn bracketed_host(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        }
    }

    /// Parses `http[s]://host[:port][/path]`; no userinfo, query or fragment.
    pub fn parse(base: &str) -> Result<Self, ConfigError> {
        let (tls, rest) = if let Some(r) = base.strip_prefix("https://") {
            (true, r)
        } else if let Some(r) = base.strip_prefix("http://") {
            (false, r)
        } else {
            return Err(ConfigError::BaseScheme { base: base.into() });
        };
        if rest.contains(['?', '#', '@']) {
            return Err(ConfigError::BaseExtra { base: base.into() });
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let (host, port) = split_authority(authority)
            .ok_or_else(|| ConfigError::BaseAuthority { base: base.into() })?;
        // Checked once here: the relay puts it on the request line as it is.
        if !path.is_empty() && path.parse::<axum::http::uri::PathAndQuery>().is_err() {
            return Err(ConfigError::BasePath { base: base.into() });
        }
        Ok(Self {
            tls,
            host,
            port: port.unwrap_or(if tls { 443 } else { 80 }),
            path: path.trim_end_matches('/').to_string(),
        })
    }

    /// The Host header: the port only when it is not the scheme's default.
    pub fn host_header(&self) -> String {
        let host = self.bracketed_host();
        if self.port == if self.tls { 443 } else { 80 } {
            host
        } else {
            format!("{host}:{}", self.port)
        }
    }
}

fn split_authority(authority: &str) -> Option<(String, Option<u16>)> {
    if authority.is_empty() {
        return None;
    }
    if let Some(rest) = authority.strip_prefix('[') {
        let end = rest.find(']')?;
        let host = &rest[..end];
        host.parse::<std::net::Ipv6Addr>().ok()?;
        let after = &rest[end + 1..];
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?.parse().ok()?),
        };
        return Some((host.to_string(), port));
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, Some(p.parse().ok()?)),
        None => (authority, None),
    };
    let valid = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_');
    valid.then(|| (host.to_ascii_lowercase(), port))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upstream {
    pub target: Target,
    /// Allows private, loopback and link-local addresses (off by default: SSRF).
    pub allow_private: bool,
}

impl Upstream {
    pub fn parse(base: &str, allow_private: bool) -> Result<Self, ConfigError> {
        let target = if base.starts_with('/') {
            Target::Local(base.trim_end_matches('/').to_string())
        } else {
            Target::Remote(RemoteBase::parse(base)?)
        };
        Ok(Self {
            target,
            allow_private,
        })
    }

    pub fn is_mock(&self) -> bool {
        let mock = countersign_core::relay_protocol::path::MOCK;
        matches!(&self.target, Target::Local(p) if p.strip_prefix(mock).is_some_and(|r| r.starts_with('/')))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    pub request_body_bytes: usize,
    pub response_body_bytes: usize,
    pub connect_timeout_ms: u64,
    /// A relayed request from its arrival (its body's read included) to its answer.
    pub total_timeout_ms: u64,
    /// A request body trickled in slower than this is cut off with 408.
    pub body_timeout_ms: u64,
    /// A connection that sends no whole request head this long after it opened or had its
    /// last answer (idle, or trickling a head) is closed.
    pub head_timeout_ms: u64,
    /// Relayed requests in flight at once; one more is answered 503.
    pub max_relay_requests: usize,
    /// Client connections open at once; one more is answered 503 and closed.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            request_body_bytes: 2 * 1024 * 1024,
            response_body_bytes: 10 * 1024 * 1024,
            connect_timeout_ms: 5_000,
            total_timeout_ms: 30_000,
            body_timeout_ms: 10_000,
            head_timeout_ms: 30_000,
            max_relay_requests: 256,
            max_connections: 1024,
        }
    }
}

impl Limits {
    pub fn connect_timeout(&self) -> Duration {
        Duration::from_millis(self.connect_timeout_ms)
    }
    pub fn total_timeout(&self) -> Duration {
        Duration::from_millis(self.total_timeout_ms)
    }
    pub fn body_timeout(&self) -> Duration {
        Duration::from_millis(self.body_timeout_ms)
    }
    pub fn head_timeout(&self) -> Duration {
        Duration::from_millis(self.head_timeout_ms)
    }
}

/// Keep-alive connections to remote upstreams (see relay/pool.rs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PoolSettings {
    /// Below the idle timeouts common in front of the vendors (load balancers close idle
    /// connections after 15 s or more), so the relay closes first and rarely meets a
    /// connection the other side is closing.
    pub idle_timeout_ms: u64,
    /// Per worker thread of `countersign serve` (`[server] workers`; each has its own pool,
    /// so a request and its connection stay on one thread). 0 turns the pool off.
    pub max_idle_per_upstream: usize,
}

impl Default for PoolSettings {
    fn default() -> Self {
        Self {
            idle_timeout_ms: 10_000,
            max_idle_per_upstream: 32,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TlsFile {
    /// PEM files whose certificates are trusted as roots (a private CA, a test server).
    pub extra_roots: Vec<PathBuf>,
}

/// Every certificate in a PEM file, as DER.
fn read_pem_roots(path: &Path) -> Result<Vec<Vec<u8>>, ConfigError> {
    use tokio_rustls::rustls::pki_types::pem::PemObject;
    use tokio_rustls::rustls::pki_types::CertificateDer;
    let refused = |message: String| ConfigError::ExtraRoots {
        path: path.into(),
        message,
    };
    let text = std::fs::read(path).map_err(|e| refused(e.to_string()))?;
    let certs: Vec<Vec<u8>> = CertificateDer::pem_slice_iter(&text)
        .map(|c| c.map(|c| c.to_vec()))
        .collect::<Result<_, _>>()
        .map_err(|e| refused(e.to_string()))?;
    if certs.is_empty() {
        return Err(ConfigError::ExtraRootsEmpty { path: path.into() });
    }
    Ok(certs)
}

/// Everything `serve` needs. Tests build one in code; the CLI from file and flags.
#[derive(Clone, Debug)]
pub struct Config {
    pub bind: IpAddr,
    /// 0 picks a free port (tests).
    pub port: u16,
    pub dist: PathBuf,
    /// The mock vendors at /mock and the mock-* upstreams.
    pub mock: bool,
    /// When set, relay clients must send it as `X-Relay-Token`.
    pub token: Option<String>,
    pub limits: Limits,
    /// Origins allowed to call the relay cross-origin; `*` allows any.
    pub cors_origins: Vec<String>,
    /// Host names served besides localhost, the loopback addresses and the bind address
    /// (DNS rebinding: any other name is refused).
    pub hosts: Vec<String>,
    /// Other relay origins the app may be pointed at: added to its CSP `connect-src`.
    pub relay_origins: Vec<String>,
    pub upstreams: BTreeMap<String, Upstream>,
    /// Trust anchors (DER) on top of the Mozilla roots: tests, private CAs.
    pub extra_roots_der: Vec<Vec<u8>>,
    pub pool: PoolSettings,
    /// Worker threads of `countersign serve`, each a single-threaded runtime with its own
    /// connections and upstream pool.
    pub workers: Workers,
}

/// More worker threads than this is a typo, not a tuning.
pub const MAX_WORKERS: usize = 256;

/// How many worker threads `countersign serve` runs.
///
/// One by default, as nginx's own default `worker_processes 1`: the relay serves one
/// person's browser, or a team, at tens of thousands of requests per second on one core,
/// and it usually shares the machine with that browser, the client under test or a mock.
/// On the 2-core bench machine (BENCHMARKS.md, part 4), two workers beside the load
/// generator and the upstream made the relay's p99 under 32 connections two to three
/// times as long (nginx's grew too), for no more throughput.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workers {
    Count(usize),
    /// One per core (`"auto"`, as nginx says).
    PerCore,
}

impl Default for Workers {
    fn default() -> Self {
        Self::Count(1)
    }
}

impl Workers {
    pub fn threads(self) -> usize {
        match self {
            Self::Count(n) => n,
            Self::PerCore => std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

/// `workers` as written: a count or `"auto"`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum WorkersFile {
    Count(i64),
    Word(String),
    /// Anything else, refused with [`ConfigError::Workers`]'s words, not serde's.
    Other(toml::Value),
}

impl WorkersFile {
    fn parse(&self) -> Result<Workers, ConfigError> {
        match self {
            Self::Count(n) if (1..=MAX_WORKERS as i64).contains(n) => {
                Ok(Workers::Count(*n as usize))
            }
            Self::Word(w) if w == "auto" => Ok(Workers::PerCore),
            _ => Err(ConfigError::Workers),
        }
    }
}

/// The built-in upstreams; the bases are the vendors' documented gateways.
pub const DEFAULT_UPSTREAMS: [(&str, &str); 8] = [
    ("taobao", "https://eco.taobao.com/router/rest"),
    ("taobao-sandbox", "https://gw.api.tbsandbox.com/router/rest"),
    ("wdt", "http://wdt.wangdian.cn/openapi"),
    ("wdt-test", "http://47.92.239.46/openapi"),
    ("kingdee", "https://api.kingdee.com"),
    ("mock-taobao", "/mock/taobao/router/rest"),
    ("mock-wdt", "/mock/wdt/openapi"),
    ("mock-kingdee", "/mock/kingdee"),
];

impl Default for Config {
    fn default() -> Self {
        let upstreams = DEFAULT_UPSTREAMS
            .iter()
            .map(|(name, base)| {
                let upstream = Upstream::parse(base, false).expect("built-in bases parse");
                (name.to_string(), upstream)
            })
            .collect();
        Self {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 8080,
            dist: PathBuf::from("dist"),
            mock: true,
            token: None,
            limits: Limits::default(),
            cors_origins: Vec::new(),
            hosts: Vec::new(),
            relay_origins: Vec::new(),
            upstreams,
            extra_roots_der: Vec::new(),
            pool: PoolSettings::default(),
            workers: Workers::default(),
        }
    }
}

/// The TOML file, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FileConfig {
    pub token: Option<String>,
    pub limits: Option<Limits>,
    pub cors: Option<CorsFile>,
    pub server: Option<ServerFile>,
    pub upstreams: BTreeMap<String, UpstreamFile>,
    pub pool: Option<PoolSettings>,
    pub tls: Option<TlsFile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CorsFile {
    pub origins: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerFile {
    pub hosts: Vec<String>,
    pub relay_origins: Vec<String>,
    pub workers: Option<WorkersFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpstreamFile {
    pub base: String,
    #[serde(default)]
    pub allow_private: bool,
}

impl Config {
    /// Applies a TOML document on top of this config.
    pub fn apply_toml(&mut self, text: &str) -> Result<(), ConfigError> {
        let file: FileConfig = toml::from_str(text).map_err(|e| parse_error(text, &e))?;
        if file.token.is_some() {
            self.token = file.token.filter(|t| !t.is_empty());
        }
        if let Some(limits) = file.limits {
            self.limits = limits;
        }
        if let Some(cors) = file.cors {
            self.cors_origins = cors.origins;
        }
        if let Some(pool) = file.pool {
            self.pool = pool;
        }
        for path in file.tls.map(|t| t.extra_roots).unwrap_or_default() {
            self.extra_roots_der.extend(read_pem_roots(&path)?);
        }
        if let Some(server) = file.server {
            self.hosts = server
                .hosts
                .iter()
                .map(|h| h.trim().to_ascii_lowercase())
                .collect();
            for origin in &server.relay_origins {
                if !valid_origin(origin) {
                    return Err(ConfigError::RelayOrigin {
                        origin: origin.clone(),
                    });
                }
            }
            self.relay_origins = server.relay_origins;
            if let Some(workers) = &server.workers {
                self.workers = workers.parse()?;
            }
        }
        for (name, up) in file.upstreams {
            if !valid_name(&name) {
                return Err(ConfigError::UpstreamName { name });
            }
            let upstream = match Upstream::parse(&up.base, up.allow_private) {
                Ok(upstream) => upstream,
                Err(e) => {
                    return Err(ConfigError::Upstream {
                        name,
                        error: Box::new(e),
                    })
                }
            };
            self.upstreams.insert(name, upstream);
        }
        Ok(())
    }

    pub fn apply_file(&mut self, path: &Path) -> Result<(), ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|error| ConfigError::Read {
            path: path.into(),
            error,
        })?;
        self.apply_toml(&text).map_err(|e| ConfigError::InFile {
            path: path.into(),
            error: Box::new(e),
        })
    }

    /// The upstreams actually served: without the mocks' when they are off.
    pub fn active_upstreams(&self) -> BTreeMap<String, Upstream> {
        self.upstreams
            .iter()
            .filter(|(_, u)| self.mock || !u.is_mock())
            .map(|(n, u)| (n.clone(), u.clone()))
            .collect()
    }
}

/// A TOML error without the offending line: `toml`'s own message quotes the source line
/// and serde's quotes the value, and a config file holds the relay token.
fn parse_error(text: &str, e: &toml::de::Error) -> ConfigError {
    let (mut at, mut key) = (None, None);
    if let Some(span) = e.span() {
        let before = &text[..span.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        at = Some((line, column));
        let source_line = text.lines().nth(line - 1).unwrap_or_default();
        if let Some((name, _)) = source_line.split_once('=') {
            let name = name.trim();
            if !name.is_empty() && name.len() <= 64 && !name.contains(['"', '\'']) {
                key = Some(name.to_string());
            }
        }
    }
    ConfigError::Toml {
        at,
        key,
        message: redacted_message(e.message()),
    }
}

/// serde's `invalid type: string "…", expected …` names the value: keep only what was
/// expected. Anything else in quotes is dropped too.
fn redacted_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or_default();
    if first.starts_with("invalid type") || first.starts_with("invalid value") {
        return match first.split_once(", expected ") {
            Some((_, expected)) => format!("wrong value, expected {expected}"),
            None => "wrong value".into(),
        };
    }
    let mut out = String::new();
    let mut in_quotes = false;
    for c in first.chars() {
        if c == '"' {
            if !in_quotes {
                out.push_str("\"…\"");
            }
            in_quotes = !in_quotes;
        } else if !in_quotes {
            out.push(c);
        }
    }
    out
}

/// `scheme://host[:port]`, nothing else (CSP sources must not smuggle directives).
fn valid_origin(origin: &str) -> bool {
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty()
            && r.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]_".contains(&b))
    })
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bases() {
        let b = RemoteBase::parse("https://eco.taobao.com/router/rest").unwrap();
        assert_eq!(
            (b.tls, b.host.as_str(), b.port, b.path.as_str()),
            (true, "eco.taobao.com", 443, "/router/rest")
        );
        assert_eq!(b.host_header(), "eco.taobao.com");
        assert_eq!(b.host_port(), "eco.taobao.com:443");
        let b = RemoteBase::parse("http://[::1]:9000/").unwrap();
        assert_eq!(
            (b.host.as_str(), b.port, b.path.as_str()),
            ("::1", 9000, "")
        );
        assert_eq!(b.host_header(), "[::1]:9000");
        assert_eq!(b.host_port(), "[::1]:9000");
        assert!(RemoteBase::parse("ftp://x").is_err());
        assert!(RemoteBase::parse("http://u@x/").is_err());
        assert!(RemoteBase::parse("http://x:notaport/").is_err());
        assert!(matches!(
            RemoteBase::parse("http://x/a b"),
            Err(ConfigError::BasePath { .. })
        ));
        assert!(RemoteBase::parse("http://x/a%20b/%E8%B7%AF").is_ok());
    }

    #[test]
    fn file_adds_and_replaces_upstreams() {
        let mut c = Config::default();
        c.apply_toml(
            "[upstreams.local]\nbase = \"http://127.0.0.1:9/x\"\nallow_private = true\n\
             [upstreams.kingdee]\nbase = \"https://other.example\"\n\
             [limits]\ntotal_timeout_ms = 100\n",
        )
        .unwrap();
        assert!(c.upstreams["local"].allow_private);
        assert_eq!(
            c.upstreams["kingdee"].target,
            Target::Remote(RemoteBase::parse("https://other.example").unwrap())
        );
        assert_eq!(c.limits.total_timeout_ms, 100);
        assert_eq!(c.limits.connect_timeout_ms, 5_000);
        assert!(c.apply_toml("[upstreams.x]\nbase = \"x\"\n").is_err());
        assert!(c.apply_toml("nonsense = 1\n").is_err());
    }

    #[test]
    fn workers_are_a_count_or_auto() {
        let mut c = Config::default();
        assert_eq!(c.workers, Workers::Count(1));
        assert_eq!(c.workers.threads(), 1);
        c.apply_toml("[server]\nworkers = 3\n").unwrap();
        assert_eq!(c.workers.threads(), 3);
        c.apply_toml("[server]\nworkers = \"auto\"\n").unwrap();
        assert_eq!(c.workers, Workers::PerCore);
        assert!(c.workers.threads() >= 1);
        for bad in ["0", "-1", "257", "\"two\"", "1.5"] {
            let e = c
                .apply_toml(&format!("[server]\nworkers = {bad}\n"))
                .unwrap_err()
                .to_string();
            assert!(e.contains("workers"), "{bad}: {e}");
        }
    }

    #[test]
    fn parse_errors_name_line_and_key_never_the_value() {
        let mut c = Config::default();
        for (text, line) in [
            ("token = 12345678\n", 1),
            ("\n[limits]\ntotal_timeout_ms = \"hunter2-secret\"\n", 3),
            ("token = \"hunter2-secret\n", 1),
            ("[server]\nhosts = \"hunter2-secret\"\n", 2),
            ("token = hunter2-secret\n", 1),
        ] {
            let e = c.apply_toml(text).unwrap_err().to_string();
            assert!(!e.contains("hunter2") && !e.contains("12345678"), "{e}");
            assert!(e.contains(&format!("line {line}")), "{e}");
        }
        let e = c
            .apply_toml("[limits]\ntotal_timeout_ms = \"x\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("total_timeout_ms"), "{e}");
        assert!(c
            .apply_toml("[server]\nrelay_origins = [\"http://x; script-src *\"]\n")
            .is_err());
    }
}
