//! Why a config file or value is refused: one variant per cause, naming the file, line,
//! key or upstream at fault, and never the value of a key (the file holds the token).

use std::fmt;
use std::path::PathBuf;

#[derive(Debug)]
pub enum ConfigError {
    /// An upstream base without `http://` or `https://`.
    BaseScheme { base: String },
    /// An upstream base with a query, fragment or user.
    BaseExtra { base: String },
    /// An upstream base whose host or port does not parse.
    BaseAuthority { base: String },
    /// An upstream base whose path has a character a request line cannot carry.
    BasePath { base: String },
    /// The TOML does not parse or does not fit: where, which key, and the parser's words
    /// with any quoted value left out.
    Toml {
        at: Option<(usize, usize)>,
        key: Option<String>,
        message: String,
    },
    /// `server.relay_origins` holds something other than `scheme://host[:port]`.
    RelayOrigin { origin: String },
    /// `server.workers` is neither a count from 1 to [`crate::config::MAX_WORKERS`] nor
    /// `"auto"`.
    Workers,
    /// An `[upstreams.<name>]` name that is not letters, digits, `-` and `_`.
    UpstreamName { name: String },
    /// `[upstreams.<name>]` is refused for `error`.
    Upstream {
        name: String,
        error: Box<ConfigError>,
    },
    /// A `tls.extra_roots` file cannot be read or parsed (the cause in its words).
    ExtraRoots { path: PathBuf, message: String },
    /// A `tls.extra_roots` file without any PEM certificate.
    ExtraRootsEmpty { path: PathBuf },
    /// The config file cannot be read.
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The config file at `path` is refused for `error`.
    InFile {
        path: PathBuf,
        error: Box<ConfigError>,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BaseScheme { base } => {
                write!(f, "base `{base}` must start with http:// or https://")
            }
            Self::BaseExtra { base } => write!(
                f,
                "base `{base}` must not contain a query, fragment or user"
            ),
            Self::BaseAuthority { base } => {
                write!(f, "base `{base}` has an invalid host or port")
            }
            Self::BasePath { base } => write!(
                f,
                "base `{base}` has a path with a character a URL cannot carry as is (a space, \
                 a control character): percent-encode it"
            ),
            Self::Toml { at, key, message } => {
                f.write_str("invalid config")?;
                if let Some((line, column)) = at {
                    write!(f, " at line {line}, column {column}")?;
                }
                if let Some(key) = key {
                    write!(f, " (key `{key}`)")?;
                }
                write!(f, ": {message}")
            }
            Self::RelayOrigin { origin } => write!(
                f,
                "server.relay_origins: `{origin}` must be an origin such as http://10.0.0.5:8080"
            ),
            Self::Workers => write!(
                f,
                "server.workers: use a number from 1 to {}, or \"auto\" (one per core)",
                crate::config::MAX_WORKERS
            ),
            Self::UpstreamName { name } => write!(
                f,
                "upstream name `{name}`: use letters, digits, `-` and `_`"
            ),
            Self::Upstream { name, error } => write!(f, "upstreams.{name}: {error}"),
            Self::ExtraRoots { path, message } => {
                write!(f, "tls.extra_roots: {}: {message}", path.display())
            }
            Self::ExtraRootsEmpty { path } => write!(
                f,
                "tls.extra_roots: {} holds no PEM certificate",
                path.display()
            ),
            Self::Read { path, error } => write!(f, "reading {}: {error}", path.display()),
            Self::InFile { path, error } => write!(f, "{}: {error}", path.display()),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Read { error, .. } => Some(error),
            Self::Upstream { error, .. } | Self::InFile { error, .. } => Some(error.as_ref()),
            _ => None,
        }
    }
}
