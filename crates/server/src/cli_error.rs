//! Why a `countersign` command failed: one variant per cause, each message naming the
//! input, field or step at fault. Printed as `countersign: {message}` on stderr.

use std::fmt;
use std::net::IpAddr;

use countersign_core::catalog::BuildError;
use countersign_core::import_doc::ImportDocError;
use countersign_core::request::InputError;
use countersign_core::{SignError, VerifyError};

use crate::app_static::PrecompressError;
use crate::config::ConfigError;

#[derive(Debug)]
pub enum CliError {
    Stdin(std::io::Error),
    /// `what` (`the document`, `input`) is not JSON.
    NotJson {
        what: &'static str,
        line: usize,
        column: usize,
        message: String,
    },
    /// `countersign sign`'s input.
    Input(InputError),
    Sign(SignError),
    Build(BuildError),
    /// `countersign verify`'s input is not a `VerifyInput`.
    VerifyInput(String),
    /// The check could not judge the request: unreadable, no vendor, a credential missing.
    Verify(VerifyError),
    ImportDoc(ImportDocError),
    UnknownVendor {
        given: String,
    },
    /// No catalog API by that id, method or path.
    UnknownApi {
        given: String,
        known: Vec<String>,
    },
    /// `countersign build`'s input is not an object.
    BuildInputNotObject,
    UnknownInputField {
        field: String,
    },
    MissingInputField {
        field: &'static str,
    },
    NowMsNotInteger,
    NoRandomSource(String),
    /// Writing JSON output (`what`: the entry, the findings).
    Output {
        what: &'static str,
        message: String,
    },
    /// The config file or a config value (naming the file, line, key or upstream).
    Config(ConfigError),
    /// A non-loopback bind without a token.
    OpenBind {
        bind: IpAddr,
    },
    /// A token with a space at either end: HTTP drops those, so no request could match.
    TokenSpaces,
    /// A token shorter than [`crate::cli::MIN_TOKEN_CHARS`].
    TokenShort {
        chars: usize,
    },
    /// `[cors] origins = ["*"]` with no token: every web page could use the relay.
    OpenCors,
    /// A token a browser cannot send in `X-Relay-Token`: character `at` (1 for the first).
    TokenNotSendable {
        at: usize,
        ch: char,
    },
    /// `countersign precompress` on a folder without a built app.
    NotBuilt {
        dist: String,
    },
    /// Writing a compressed copy (the file and the cause).
    Precompress(PrecompressError),
    Serve {
        bind: IpAddr,
        port: u16,
        error: std::io::Error,
    },
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Stdin(e) => write!(f, "reading stdin: {e}"),
            Self::NotJson {
                what,
                line,
                column,
                message,
            } => write!(
                f,
                "{what} is not valid JSON at line {line}, column {column}: {message}"
            ),
            Self::Input(e) => e.fmt(f),
            Self::Sign(e) => e.fmt(f),
            Self::Build(e) => e.fmt(f),
            Self::VerifyInput(message) => write!(f, "invalid input: {message}"),
            // Only here can the vendor be given by hand: say how.
            Self::Verify(e @ VerifyError::UnknownVendor) => {
                write!(
                    f,
                    "{e}: give `vendor` (taobao, wdt or kingdee) in the input"
                )
            }
            Self::Verify(e @ VerifyError::Capture(_)) => write!(f, "`request`: {e}"),
            Self::Verify(e) => e.fmt(f),
            Self::ImportDoc(e) => e.fmt(f),
            Self::UnknownVendor { given } => {
                write!(f, "unknown vendor `{given}`: use taobao, wdt or kingdee")
            }
            Self::UnknownApi { given, known } => write!(
                f,
                "no API `{given}` in the catalog; known: {}",
                known.join(", ")
            ),
            Self::BuildInputNotObject => f.write_str(
                "input must be a JSON object: {\"credentials\", \"document\", \"now_ms\"}",
            ),
            Self::UnknownInputField { field } => write!(
                f,
                "unknown input field `{field}`: use credentials, document, now_ms, options"
            ),
            Self::MissingInputField { field } => write!(f, "missing field `{field}`"),
            Self::NowMsNotInteger => f.write_str("`now_ms` must be an integer (Unix milliseconds)"),
            Self::NoRandomSource(e) => write!(f, "no random source for the nonce: {e}"),
            Self::Output { what, message } => write!(f, "writing {what}: {message}"),
            Self::Config(e) => e.fmt(f),
            Self::OpenBind { bind } => write!(
                f,
                "--bind {bind} reaches beyond this machine, so the relay needs a token: set \
                 COUNTERSIGN_TOKEN (or --token, which shows in `ps`, or `token` in the config \
                 file), or pass --insecure-no-token to serve it open"
            ),
            Self::TokenSpaces => write!(
                f,
                "the token starts or ends with a space: HTTP drops those, so no request could \
                 carry it; remove them"
            ),
            Self::TokenShort { chars } => write!(
                f,
                "the token has {chars} characters: use at least {} (a random one: `openssl \
                 rand -hex 16`)",
                crate::cli::MIN_TOKEN_CHARS
            ),
            Self::OpenCors => write!(
                f,
                "[cors] origins = [\"*\"] lets every web page use the relay and the mocks: \
                 set a token (COUNTERSIGN_TOKEN, or `token` in the config file), name the \
                 origins instead, or pass --insecure-no-token to serve it open"
            ),
            Self::TokenNotSendable { at, ch } => write!(
                f,
                "the token must be printable ASCII (browsers cannot send anything else in \
                 X-Relay-Token): character {at}, {ch:?} (U+{:04X}), is not",
                u32::from(*ch)
            ),
            Self::NotBuilt { dist } => write!(
                f,
                "{dist} has no index.html: build the app first (trunk build --release)"
            ),
            Self::Precompress(e) => e.fmt(f),
            Self::Serve { bind, port, error } => write!(f, "serving on {bind}:{port}: {error}"),
        }
    }
}

impl std::error::Error for CliError {}

impl From<InputError> for CliError {
    fn from(e: InputError) -> Self {
        Self::Input(e)
    }
}

impl From<SignError> for CliError {
    fn from(e: SignError) -> Self {
        Self::Sign(e)
    }
}

impl From<BuildError> for CliError {
    fn from(e: BuildError) -> Self {
        Self::Build(e)
    }
}

impl From<VerifyError> for CliError {
    fn from(e: VerifyError) -> Self {
        Self::Verify(e)
    }
}

impl From<ImportDocError> for CliError {
    fn from(e: ImportDocError) -> Self {
        Self::ImportDoc(e)
    }
}

/// A JSON text that does not parse, as [`CliError::NotJson`] for `what`.
pub fn not_json(what: &'static str, e: &serde_json::Error) -> CliError {
    CliError::NotJson {
        what,
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_cause() {
        let e = serde_json::from_str::<serde_json::Value>("{x").unwrap_err();
        assert!(not_json("the document", &e)
            .to_string()
            .starts_with("the document is not valid JSON at line 1, column 2: "));
        let unknown = CliError::UnknownApi {
            given: "x".into(),
            known: vec!["a".into(), "b".into()],
        };
        assert_eq!(
            unknown.to_string(),
            "no API `x` in the catalog; known: a, b"
        );
        assert!(CliError::MissingInputField { field: "document" }
            .to_string()
            .contains("`document`"));
        assert!(CliError::OpenBind {
            bind: "0.0.0.0".parse().unwrap()
        }
        .to_string()
        .contains("--bind 0.0.0.0"));
        assert_eq!(
            CliError::TokenNotSendable { at: 3, ch: '✓' }.to_string(),
            "the token must be printable ASCII (browsers cannot send anything else in \
             X-Relay-Token): character 3, '✓' (U+2713), is not"
        );
        let missing = CliError::from(VerifyError::Credential(SignError::MissingCredential {
            field: "client_secret",
        }));
        assert_eq!(missing.to_string(), "missing credential `client_secret`");
        assert!(CliError::from(VerifyError::Capture(
            countersign_core::capture::CaptureError::CurlWithoutUrl
        ))
        .to_string()
        .starts_with("`request`: "));
        assert!(CliError::from(VerifyError::UnknownVendor)
            .to_string()
            .ends_with("give `vendor` (taobao, wdt or kingdee) in the input"));
    }
}
