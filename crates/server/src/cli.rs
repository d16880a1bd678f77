//! The `countersign` command line. Output formats here are a contract for scripts: keep them.

use std::io::{Read, Write};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use countersign_core::relay_protocol::header::token_refused_char;
use countersign_core::{kingdee, SignRequest, Signer};

use crate::cli_error::CliError;
use crate::config::Config;
use crate::logging::LogSink;

#[derive(Debug, Parser)]
#[command(
    name = "countersign",
    version,
    about = "Sign, check and relay requests to Taobao TOP, 旺店通 and Kingdee 精斗云 open APIs"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sign one request: a JSON object on stdin, the signed request as JSON on stdout.
    Sign,
    /// Print Kingdee's app_signature for the app-token request.
    AppSignature {
        #[arg(long)]
        app_key: String,
        #[arg(long)]
        app_secret: String,
    },
    /// List the APIs of the catalog.
    Catalog {
        /// One JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Check a parameter document (stdin) against an API; exit 1 when there are errors.
    Validate {
        /// The API id (or method name, or path), as `countersign catalog` lists it.
        api: String,
        /// The findings as one JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Build and sign an API's request from `{"credentials", "document", "now_ms"}` on stdin.
    Build {
        /// The API id (or method name, or path), as `countersign catalog` lists it.
        api: String,
    },
    /// Check a captured request's signature (`{"credentials", "request", "vendor"?, "now_ms"?}`
    /// on stdin) and name the integration mistake that explains a wrong one; the verdict is
    /// printed either way, and the exit code is 1 when the gateway would refuse the request
    /// (a signature that is not valid, or `refused_with` for another of its checks).
    Verify,
    /// Import one vendor doc page (stdin: the site's Markdown or a browser copy of the
    /// page) as a catalog entry: the entry as JSON on stdout, what was inferred or ignored
    /// on stderr.
    ImportDoc {
        /// taobao, wdt or kingdee; detected from the page when not given.
        #[arg(long, value_parser = ["taobao", "wdt", "kingdee"])]
        vendor: Option<String>,
    },
    /// Write brotli (.br) and gzip (.gz) copies of the built app's files next to them, for
    /// `serve` to send to browsers that accept them. Run it after each `trunk build`.
    Precompress {
        /// The built app (trunk's output).
        #[arg(long, env = "COUNTERSIGN_DIST", default_value = "dist")]
        dist: PathBuf,
    },
    /// Serve the app, the relay (/relay/{upstream}/…) and the mock vendors (/mock/…).
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// A TOML file that adds or replaces upstreams and sets limits, CORS origins, token.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Turn off the mock vendors and the mock-* upstreams.
    #[arg(long)]
    pub no_mock: bool,
    /// Require this value in the X-Relay-Token header of /relay, /mock and /api requests.
    /// Prefer the COUNTERSIGN_TOKEN variable: a command line shows in `ps`.
    #[arg(long, env = "COUNTERSIGN_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Serve a non-loopback --bind address without a token: anyone who can reach it can
    /// use the relay and the mocks.
    #[arg(long)]
    pub insecure_no_token: bool,
    /// The built app (trunk's output).
    #[arg(long, env = "COUNTERSIGN_DIST", default_value = "dist")]
    pub dist: PathBuf,
}

/// The shortest relay token `serve` takes: one guessed in a few tries protects nothing.
pub const MIN_TOKEN_CHARS: usize = 8;

impl ServeArgs {
    pub fn to_config(&self) -> Result<Config, CliError> {
        let mut config = Config::default();
        if let Some(path) = &self.config {
            config.apply_file(path).map_err(CliError::Config)?;
        }
        config.port = self.port;
        config.bind = self.bind;
        config.mock = !self.no_mock;
        config.dist = self.dist.clone();
        if let Some(token) = self.token.as_ref().filter(|t| !t.is_empty()) {
            config.token = Some(token.clone());
        }
        if let Some(token) = &config.token {
            // A token no browser can send would lock the app out with a network error.
            if let Some((at, ch)) = token_refused_char(token) {
                return Err(CliError::TokenNotSendable { at, ch });
            }
            if token.trim() != token {
                return Err(CliError::TokenSpaces);
            }
            let chars = token.chars().count();
            if chars < MIN_TOKEN_CHARS {
                return Err(CliError::TokenShort { chars });
            }
        }
        let open = config.token.is_none() && !self.insecure_no_token;
        if open && !config.bind.is_loopback() {
            return Err(CliError::OpenBind { bind: config.bind });
        }
        if open && config.cors_origins.iter().any(|o| o == "*") {
            return Err(CliError::OpenCors);
        }
        Ok(config)
    }
}

/// Runs the command line; the exit code is the process's.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Sign => read_stdin().and_then(|input| sign(&input)).map(print_json),
        Command::AppSignature {
            app_key,
            app_secret,
        } => {
            println!("{}", kingdee::app_signature(&app_key, &app_secret));
            Ok(())
        }
        Command::Catalog { json } => crate::catalog_cmd::list(json),
        Command::Validate { api, json } => {
            return match read_stdin().and_then(|doc| crate::catalog_cmd::validate(&api, &doc, json))
            {
                Ok(clean) => {
                    if clean {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::FAILURE
                    }
                }
                Err(e) => fail(&e),
            };
        }
        Command::Build { api } => read_stdin()
            .and_then(|input| crate::catalog_cmd::build(&api, &input))
            .map(print_json),
        Command::Verify => {
            // Like `validate`: a script can test the exit code instead of parsing `valid`.
            return match read_stdin().and_then(|input| verify(&input)) {
                Ok(verdict) => {
                    // A good signature over a call the gateway still refuses (TOP 40/41, a
                    // wrong Kingdee app_signature) fails too: the call would not go through.
                    let passes = verdict["valid"] == true && verdict.get("refused_with").is_none();
                    print_json(verdict);
                    if passes {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::FAILURE
                    }
                }
                Err(e) => fail(&e),
            };
        }
        Command::ImportDoc { vendor } => {
            read_stdin().and_then(|page| import_doc(&page, vendor.as_deref()))
        }
        Command::Precompress { dist } => precompress(&dist),
        Command::Serve(args) => serve(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

fn fail(error: &CliError) -> ExitCode {
    eprintln!("countersign: {error}");
    ExitCode::FAILURE
}

fn read_stdin() -> Result<String, CliError> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(CliError::Stdin)?;
    Ok(input)
}

fn print_json(value: serde_json::Value) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{value}");
}

/// `countersign sign`: the core does the work; the clock and the nonce come from here.
pub fn sign(input: &str) -> Result<serde_json::Value, CliError> {
    let mut request = SignRequest::from_json(input)?;
    request.fill_defaults(now_ms(), random_nonce()?);
    let signed = request.sign()?;
    Ok(signed.to_cli_json())
}

/// `countersign verify`: without `now_ms` the timestamp is not checked against a clock,
/// since a captured request is usually older than the check.
pub fn verify(input: &str) -> Result<serde_json::Value, CliError> {
    let input: countersign_core::VerifyInput =
        serde_json::from_str(input).map_err(|e| CliError::VerifyInput(e.to_string()))?;
    let verdict = countersign_core::verify(&input)?;
    let mut out = serde_json::json!({
        "vendor": verdict.vendor,
        "valid": verdict.valid,
        "sign_found": verdict.sign_found,
        "sign_expected": verdict.sign_expected,
        "string_to_sign_expected": verdict.string_to_sign_expected,
        "string_to_sign_found": verdict.string_to_sign_found,
        "diagnosis": verdict.diagnosis,
    });
    if verdict.body_unsigned {
        out["body_unsigned"] = serde_json::json!(true);
    }
    // The export placeholders (`<session>`) checked with the credential given instead.
    if !verdict.filled.is_empty() {
        out["filled"] = serde_json::json!(verdict.filled);
    }
    // What the gateway (and the mock) would answer, from the vendor's own check.
    if let Some(refusal) = &verdict.refusal {
        out["refused_with"] = serde_json::json!(verdict.refused_with);
        out["refusal"] = serde_json::json!(refusal);
    }
    Ok(out)
}

/// `countersign import-doc`: the entry (pretty JSON) on stdout, one note a line on stderr.
pub fn import_doc(page: &str, vendor: Option<&str>) -> Result<(), CliError> {
    let vendor = match vendor {
        None => None,
        Some(id) => Some(
            countersign_core::Vendor::ALL
                .into_iter()
                .find(|v| v.id() == id)
                .ok_or_else(|| CliError::UnknownVendor { given: id.into() })?,
        ),
    };
    let imported = countersign_core::import_doc::import_doc(page, vendor)?;
    let json = serde_json::to_string_pretty(&imported.api).map_err(|e| CliError::Output {
        what: "the entry",
        message: e.to_string(),
    })?;
    println!("{json}");
    let mut err = std::io::stderr().lock();
    for note in &imported.notes {
        let kind = match note.kind {
            countersign_core::import_doc::NoteKind::Inferred => "inferred",
            countersign_core::import_doc::NoteKind::Ignored => "ignored",
        };
        let _ = writeln!(err, "{kind}: {}: {}", note.path, note.message.en);
    }
    Ok(())
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

/// A 10-digit positive nonce from the OS's random source, like the vendor SDKs send.
pub fn random_nonce() -> Result<u64, CliError> {
    let r = getrandom::u64().map_err(|e| CliError::NoRandomSource(e.to_string()))?;
    Ok(1_000_000_000 + r % 9_000_000_000)
}

fn precompress(dist: &std::path::Path) -> Result<(), CliError> {
    if !dist.join("index.html").is_file() {
        return Err(CliError::NotBuilt {
            dist: dist.display().to_string(),
        });
    }
    let done = crate::app_static::precompress(dist).map_err(CliError::Precompress)?;
    println!(
        "countersign precompress: {} file(s) compressed, {} already up to date ({})",
        done.compressed,
        done.up_to_date,
        dist.display()
    );
    Ok(())
}

fn serve(args: &ServeArgs) -> Result<(), CliError> {
    let config = args.to_config()?;
    crate::app::run(config.clone(), LogSink::stderr()).map_err(|error| CliError::Serve {
        bind: config.bind,
        port: config.port,
        error,
    })
}
