//! Sending a signed request through the relay with `fetch`, cancellable, timed: the
//! browser half of sending. The signals around it are `send::Sender`; the pure parts
//! (relay URL, relay errors, explanations) are `send::outcome`. Also the app's one HTTP
//! client: every request it makes (sends, `GET /api/config`, the catalog's files) goes
//! through [`fetch`] here, with the relay token when one is set.

use countersign_core::http::Text;
use countersign_core::relay_protocol::{header as protocol_header, path, ServerConfig};
use countersign_core::WireRequest;
use js_sys::{Array, ArrayBuffer, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestInit, RequestRedirect, ResponseType};

use crate::i18n::{fill, Lang};
use crate::send::outcome::{relay_error, relay_timing, Exchange, RelayTarget, SendError};

/// Sends `req` through the relay `target` describes and reads the whole answer.
///
/// - the URL becomes `{relay_base}/relay/{upstream}{rest}`, query byte for byte;
/// - method, headers (plus `X-Relay-Token` when set) and body as signed; no body on
///   GET/HEAD or when the body is empty;
/// - redirects are not followed (the relay hands them back);
/// - `Ok` for any answer from the vendor, whatever its status; `Err` when the relay
///   refused or failed (its JSON error), the relay could not be reached, the person
///   cancelled through `abort`, or the URL does not belong to the target.
pub async fn send(
    req: &WireRequest,
    target: &RelayTarget,
    abort: Option<&AbortSignal>,
) -> Result<Exchange, SendError> {
    let relay_url = target.relay_url(&req.url)?;
    target.token_ok()?;
    let start = now();
    let sent_at_ms = js_sys::Date::now();
    let elapsed = move || now() - start;
    let network = |message: String| SendError::Network {
        relay_url: relay_url.clone(),
        message,
        elapsed_ms: elapsed(),
    };
    let failed = |e: JsValue| {
        if abort.is_some_and(AbortSignal::aborted) || js_name(&e).as_deref() == Some("AbortError") {
            SendError::Aborted {
                elapsed_ms: elapsed(),
            }
        } else {
            network(js_message(&e))
        }
    };

    let response = fetch(
        &req.method,
        &relay_url,
        &req.headers,
        target.token.as_deref(),
        &req.body,
        abort,
    )
    .await
    .map_err(failed)?;

    if response.type_() == ResponseType::Opaqueredirect {
        return Err(SendError::Redirect {
            relay_url: relay_url.clone(),
            elapsed_ms: elapsed(),
        });
    }
    let status = response.status();
    let status_text = response.status_text();
    let headers = read_headers(&response.headers());
    let buffer = JsFuture::from(response.array_buffer().map_err(failed)?)
        .await
        .map_err(failed)?;
    let bytes = Uint8Array::new(&buffer.unchecked_into::<ArrayBuffer>()).to_vec();
    let elapsed_ms = elapsed();
    let body = String::from_utf8_lossy(&bytes).into_owned();
    let server_timing = relay_timing(&headers);

    if let Some((code, message)) = relay_error(status, &headers, &body) {
        return Err(SendError::Relay {
            status,
            code,
            message,
            upstream: target.upstream.clone(),
            elapsed_ms,
            server_timing,
        });
    }
    Ok(Exchange {
        request: req.clone(),
        relay_url,
        sent_at_ms,
        status,
        status_text,
        headers,
        size: bytes.len(),
        body,
        elapsed_ms,
        server_timing,
    })
}

/// The one `fetch` of the app: `method url` with `headers`, plus the relay token when
/// set; `body` unless it is empty or the method takes none; redirects handed back, not
/// followed (the relay's answers are the vendor's, as they came).
async fn fetch(
    method: &str,
    url: &str,
    headers: &[(Text, Text)],
    token: Option<&str>,
    body: &str,
    abort: Option<&AbortSignal>,
) -> Result<web_sys::Response, JsValue> {
    let init = RequestInit::new();
    let method = method.trim().to_ascii_uppercase();
    init.set_method(&method);
    init.set_redirect(RequestRedirect::Manual);
    let all = web_sys::Headers::new()?;
    for (name, value) in headers {
        all.append(name, value)?;
    }
    if let Some(token) = token.map(str::trim).filter(|t| !t.is_empty()) {
        all.append(protocol_header::TOKEN, token)?;
    }
    init.set_headers(&all);
    if !body.is_empty() && method != "GET" && method != "HEAD" {
        init.set_body(&JsValue::from_str(body));
    }
    if let Some(signal) = abort {
        init.set_signal(Some(signal));
    }
    let request = web_sys::Request::new_with_str_and_init(url, &init)?;
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    JsFuture::from(window.fetch_with_request(&request))
        .await?
        .dyn_into()
}

/// Why the relay's `/api/config` could not be read; each names the address and cause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// No answer (relay down, wrong address, CORS): the browser's words.
    Network { url: String, message: String },
    /// An answer other than 2xx (401: the relay token is wrong or missing).
    Status {
        url: String,
        status: u16,
        text: String,
    },
    /// A 2xx answer that is not the config (another server at that address).
    NotConfig { url: String, cause: String },
    /// The relay token cannot be sent (nothing was asked).
    BadToken(crate::settings::BadToken),
}

impl ConfigError {
    fn text(&self, l: Lang) -> String {
        match self {
            Self::Network { url, message } => fill(
                l.pick("无法连接 {url}：{msg}", "cannot reach {url}: {msg}"),
                &[("url", url), ("msg", message)],
            ),
            Self::Status { url, status, text } => fill(
                l.pick(
                    "{url} 答复 {status} {text}（401：中继令牌不对或未填）",
                    "{url} answered {status} {text} (401: the relay token is wrong or missing)",
                ),
                &[
                    ("url", url),
                    ("status", &status.to_string()),
                    ("text", text),
                ],
            ),
            Self::NotConfig { url, cause } => fill(
                l.pick(
                    "{url} 的答复不是 countersign 的配置：{cause}",
                    "{url} did not answer with countersign's config: {cause}",
                ),
                &[("url", url), ("cause", cause)],
            ),
            Self::BadToken(e) => countersign_core::Localise::localise(e, l),
        }
    }
}
crate::error_text::localised!(ConfigError);

/// `GET /api/config` from the relay at `relay_base` (empty: this page's origin), with the
/// token when one is set: a relay started with a token guards /api too.
pub async fn server_config(relay_base: &str, token: &str) -> Result<ServerConfig, ConfigError> {
    let url = format!(
        "{}{}",
        relay_base.trim().trim_end_matches('/'),
        path::CONFIG
    );
    let network = |e: JsValue| ConfigError::Network {
        url: url.clone(),
        message: js_message(&e),
    };
    crate::settings::token_problem(token).map_err(ConfigError::BadToken)?;
    let resp = fetch("GET", &url, &[], Some(token), "", None)
        .await
        .map_err(network)?;
    if !resp.ok() {
        return Err(ConfigError::Status {
            url: url.clone(),
            status: resp.status(),
            text: resp.status_text(),
        });
    }
    let text = JsFuture::from(resp.text().map_err(network)?)
        .await
        .map_err(network)?
        .as_string()
        .unwrap_or_default();
    serde_json::from_str(&text).map_err(|e| ConfigError::NotConfig {
        url: url.clone(),
        cause: e.to_string(),
    })
}

/// A file this page is served with that did not arrive, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct FileError {
    pub url: String,
    pub cause: FileCause,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FileCause {
    /// No answer: the browser's words.
    Network(String),
    /// An answer other than 2xx (404: the build has no such file).
    Status { status: u16, text: String },
    /// A 2xx answer whose body could not be read as text.
    NotText,
}

impl FileError {
    fn text(&self, l: Lang) -> String {
        let url = self.url.as_str();
        match &self.cause {
            FileCause::Network(message) => fill(
                l.pick("无法取得 {url}：{msg}", "cannot fetch {url}: {msg}"),
                &[("url", url), ("msg", message)],
            ),
            FileCause::Status { status, text } => fill(
                l.pick(
                    "{url} 答复 {status} {text}",
                    "{url} answered {status} {text}",
                ),
                &[
                    ("url", url),
                    ("status", &status.to_string()),
                    ("text", text),
                ],
            ),
            FileCause::NotText => fill(
                l.pick("{url} 的内容不是文本", "{url} did not answer with text"),
                &[("url", url)],
            ),
        }
    }
}
crate::error_text::localised!(FileError);

/// `GET` of files this page is served with (the catalog's JSON), all at once: their
/// texts in the order asked, or the first failure.
pub async fn static_texts(urls: &[String]) -> Result<Vec<String>, FileError> {
    // The typed failure waits here; the promise only says that one failed.
    let failed = std::rc::Rc::new(std::cell::RefCell::new(None::<FileError>));
    let pending = Array::new();
    for url in urls {
        let url = url.clone();
        let failed = failed.clone();
        // A promise starts its request now: the files travel side by side.
        pending.push(&wasm_bindgen_futures::future_to_promise(async move {
            match static_text(&url).await {
                Ok(text) => Ok(JsValue::from(text)),
                Err(cause) => {
                    failed.borrow_mut().get_or_insert(FileError { url, cause });
                    Err(JsValue::NULL)
                }
            }
        }));
    }
    let texts = JsFuture::from(js_sys::Promise::all(&pending))
        .await
        .map_err(|e| {
            failed.borrow_mut().take().unwrap_or_else(|| FileError {
                url: urls.join(", "),
                cause: FileCause::Network(js_message(&e)),
            })
        })?;
    Ok(Array::from(&texts)
        .iter()
        .map(|t| t.as_string().unwrap_or_default())
        .collect())
}

async fn static_text(url: &str) -> Result<String, FileCause> {
    let network = |e: JsValue| FileCause::Network(js_message(&e));
    let resp = fetch("GET", url, &[], None, "", None)
        .await
        .map_err(network)?;
    if !resp.ok() {
        return Err(FileCause::Status {
            status: resp.status(),
            text: resp.status_text(),
        });
    }
    JsFuture::from(resp.text().map_err(network)?)
        .await
        .map_err(network)?
        .as_string()
        .ok_or(FileCause::NotText)
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

fn read_headers(headers: &web_sys::Headers) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Ok(Some(iter)) = js_sys::try_iter(headers) {
        for entry in iter.flatten() {
            let pair: Array = entry.unchecked_into();
            if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                out.push((k, v));
            }
        }
    }
    out
}

fn js_name(e: &JsValue) -> Option<String> {
    Reflect::get(e, &"name".into()).ok()?.as_string()
}

/// `TypeError: Failed to fetch`, whatever the thrown value is.
pub(crate) fn js_message(e: &JsValue) -> String {
    let message = Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string());
    match (js_name(e), message) {
        (Some(n), Some(m)) => format!("{n}: {m}"),
        (None, Some(m)) => m,
        _ => e.as_string().unwrap_or_else(|| format!("{e:?}")),
    }
}

/// A way to cancel a request in flight (an `AbortController`).
#[derive(Clone)]
pub struct Abort(AbortController);

impl Abort {
    pub fn new() -> Option<Self> {
        AbortController::new().ok().map(Self)
    }

    /// What [`send`] takes to be cancellable.
    pub fn signal(&self) -> AbortSignal {
        self.0.signal()
    }

    pub fn abort(&self) {
        self.0.abort();
    }
}
