//! The history of sent requests: the last [`LIMIT`], newest first, kept in localStorage.
//! Pure store logic, tested natively. Credentials are never stored: an entry holds the
//! builder state (API, environment, document, options) and the wire request with its
//! secrets removed (`app-token` header, Taobao `session`, Kingdee `app_signature`),
//! secret-looking fields of the answer redacted, and any credential value that still
//! shows up anywhere replaced.
//!
//! This file is that store; `state` holds the live entries and records every finished
//! send (it subscribes to the send flow's event), `view` and `preview` draw the list.

mod preview;
mod state;
mod view;

pub use state::{install, use_history};
pub use view::HistoryView;

use countersign_core::export::redact::{
    is_secret_header, is_secret_param, map_params, redact_json_with,
};
use countersign_core::share::ShareState;
use countersign_core::{BuildOptions, WireRequest};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::i18n::Lang;
use crate::send::outcome::{Exchange, SendError};

pub const LIMIT: usize = 100;
pub const STORAGE_KEY: &str = "countersign.history.v1";
/// What a redacted value reads as.
pub const REDACTED: &str = "[redacted]";
/// localStorage holds about 5 MB per origin and drafts share it.
pub const BUDGET_BYTES: usize = 2_500_000;
/// An answer body longer than this is cut before storing.
pub const BODY_LIMIT: usize = 200_000;

// Which headers, parameters and JSON keys carry a credential is core's rule
// (`export::redact`), shared with exports: history drops what exports replace.
/// Shorter credential values are not searched for: they would match innocent text.
const MIN_SECRET_LEN: usize = 4;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredResponse {
    pub status: u16,
    pub status_text: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// True when `body` was cut at [`BODY_LIMIT`] or to fit the budget.
    #[serde(default)]
    pub truncated: bool,
    pub size: usize,
    pub elapsed_ms: f64,
    /// The relay upstream that answered (`mock-taobao`): the name only, never the relay
    /// URL, whose query holds what was signed (a Taobao session among it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub upstream: String,
}

/// A send that produced no vendor answer, in both languages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredError {
    pub kind: String,
    pub title_zh: String,
    pub title_en: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: u64,
    /// Unix ms when it was sent.
    pub at_ms: f64,
    pub api: String,
    pub environment: String,
    pub document: Value,
    /// Read leniently, so entries stored by any version load (see `core::options`).
    #[serde(default)]
    pub options: BuildOptions,
    pub request: StoredRequest,
    pub response: Option<StoredResponse>,
    pub error: Option<StoredError>,
}

impl Entry {
    /// The builder state to restore.
    pub fn state(&self) -> ShareState {
        ShareState {
            api: self.api.clone(),
            environment: self.environment.clone(),
            document: self.document.clone(),
            options: self.options.clone(),
            definition: None,
        }
    }

    /// The status shown in the list: the HTTP status, or the error kind.
    pub fn status_label(&self) -> String {
        match (&self.response, &self.error) {
            (Some(r), _) => r.status.to_string(),
            (None, Some(e)) => e.kind.clone(),
            (None, None) => "—".into(),
        }
    }

    pub fn error_title(&self, lang: Lang) -> Option<&str> {
        self.error
            .as_ref()
            .map(|e| lang.pick(&e.title_zh, &e.title_en))
    }

    /// The answer as the inspector shows it (the request as stored, secrets absent).
    pub fn exchange(&self) -> Option<Exchange> {
        let r = self.response.as_ref()?;
        let server_timing = crate::send::outcome::relay_timing(&r.headers);
        Some(Exchange {
            request: WireRequest {
                method: self.request.method.clone().into(),
                url: self.request.url.clone(),
                headers: self
                    .request
                    .headers
                    .iter()
                    .map(|(n, v)| (n.clone().into(), v.clone().into()))
                    .collect(),
                body: self.request.body.clone(),
                ..Default::default()
            },
            // The inspector reads the upstream's name from the relay path.
            relay_url: if r.upstream.is_empty() {
                String::new()
            } else {
                countersign_core::relay_protocol::path::relay(&r.upstream, "")
            },
            sent_at_ms: self.at_ms,
            status: r.status,
            status_text: r.status_text.clone(),
            headers: r.headers.clone(),
            body: r.body.clone(),
            size: r.size,
            elapsed_ms: r.elapsed_ms,
            // The relay's timing header is kept with the answer's.
            server_timing,
        })
    }

    fn haystack(&self) -> String {
        let api = countersign_core::catalog::find(&self.api);
        let names = api
            .map(|a| format!("{} {}", a.name.zh, a.name.en))
            .unwrap_or_default();
        let answer = self.response.as_ref().map_or("", |r| r.body.as_str());
        // The document too: Taobao's values are percent-encoded on the wire (`备注` is
        // `%E5%A4%87…` there), and are searched as they were typed.
        format!(
            "{} {names} {} {} {} {} {} {} {answer}",
            self.api,
            self.environment,
            self.request.method,
            self.request.url,
            self.status_label(),
            self.request.body,
            self.document,
        )
        .to_lowercase()
    }
}

/// What one send produced, as the shell knows it when the send completes.
pub struct Sent<'a> {
    pub state: &'a ShareState,
    /// The request as signed and sent.
    pub request: &'a WireRequest,
    pub outcome: &'a Result<Exchange, SendError>,
    pub at_ms: f64,
}

/// Newest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub entries: Vec<Entry>,
}

impl History {
    /// Adds a send, without credentials: `secrets` are the credential values in use
    /// (all of them; only the secret ones need to be given). Returns the entry's id.
    pub fn record(&mut self, sent: Sent<'_>, secrets: &[&str]) -> u64 {
        let id = self.entries.iter().map(|e| e.id).max().unwrap_or(0) + 1;
        let (response, error) = match sent.outcome {
            Ok(ex) => (Some(stored_response(ex)), None),
            Err(e) => (
                None,
                Some(StoredError {
                    kind: e.kind().to_string(),
                    title_zh: e.title(Lang::Zh),
                    title_en: e.title(Lang::En),
                }),
            ),
        };
        let mut entry = Entry {
            id,
            at_ms: sent.at_ms,
            api: sent.state.api.clone(),
            environment: sent.state.environment.clone(),
            document: redact_keys(sent.state.document.clone()).0,
            options: sent.state.options.shareable(),
            request: scrub_request(sent.request),
            response,
            error,
        };
        scrub_values(&mut entry, secrets);
        self.entries.insert(0, entry);
        self.entries.truncate(LIMIT);
        id
    }

    /// Entries whose API, names, environment, method, URL, status or bodies contain
    /// every word of `query` (case-insensitive).
    pub fn search(&self, query: &str) -> Vec<&Entry> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        self.entries
            .iter()
            .filter(|e| {
                let hay = e.haystack();
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .collect()
    }

    pub fn get(&self, id: u64) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// Removes entry `id` and gives it back (for an Undo).
    pub fn delete(&mut self, id: u64) -> Option<Entry> {
        let at = self.entries.iter().position(|e| e.id == id)?;
        Some(self.entries.remove(at))
    }

    /// Puts a deleted entry back in its place by time (newest first). A send recorded
    /// since may have taken its id: it then gets a new one.
    pub fn put_back(&mut self, mut entry: Entry) {
        if self.get(entry.id).is_some() {
            entry.id = self.entries.iter().map(|e| e.id).max().unwrap_or(0) + 1;
        }
        let at = self
            .entries
            .iter()
            .position(|e| e.at_ms < entry.at_ms || (e.at_ms == entry.at_ms && e.id < entry.id))
            .unwrap_or(self.entries.len());
        self.entries.insert(at, entry);
        self.entries.truncate(LIMIT);
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// Shrinks the store until its JSON fits `max_bytes`: first the oldest answers' bodies
    /// are cut, then the oldest entries go. Returns the JSON.
    pub fn fit(&mut self, max_bytes: usize) -> String {
        loop {
            let text = serde_json::to_string(self).unwrap_or_default();
            if text.len() <= max_bytes || self.entries.is_empty() {
                return text;
            }
            let cut = self
                .entries
                .iter_mut()
                .rev()
                .filter_map(|e| e.response.as_mut())
                .find(|r| !r.body.is_empty());
            match cut {
                Some(r) => {
                    r.body.clear();
                    r.truncated = true;
                }
                None => {
                    self.entries.pop();
                }
            }
        }
    }
}

fn stored_response(ex: &Exchange) -> StoredResponse {
    let (body, redacted) = redact_body(&ex.body);
    let mut truncated = false;
    let body = if body.len() > BODY_LIMIT {
        truncated = true;
        let mut end = BODY_LIMIT;
        while !body.is_char_boundary(end) {
            end -= 1;
        }
        body[..end].to_string()
    } else {
        body
    };
    let _ = redacted;
    StoredResponse {
        status: ex.status,
        status_text: ex.status_text.clone(),
        headers: drop_secret_headers(&ex.headers),
        body,
        truncated,
        size: ex.size,
        elapsed_ms: ex.elapsed_ms,
        upstream: crate::inspector::upstream_of(&ex.relay_url)
            .unwrap_or_default()
            .to_string(),
    }
}

/// For a request's headers ([`Text`]) and a response's (String) alike; stored owned.
fn drop_secret_headers<H: AsRef<str>>(headers: &[(H, H)]) -> Vec<(String, String)> {
    headers
        .iter()
        .filter(|(n, _)| !is_secret_header(n.as_ref()))
        .map(|(n, v)| (n.as_ref().to_string(), v.as_ref().to_string()))
        .collect()
}

/// Drops secret parameters from a query or form string, keeping the rest byte for byte.
pub fn drop_secret_params(query: &str) -> String {
    query
        .split('&')
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or_default();
            let name = countersign_core::encoding::parse_query(name)
                .into_iter()
                .next()
                .map_or_else(|| name.to_string(), |(k, _)| k);
            !is_secret_param(&name)
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The request as stored: no credential header, no credential parameter.
pub fn scrub_request(wire: &WireRequest) -> StoredRequest {
    let (url, form) = map_params(wire, &drop_secret_params);
    let body = form.unwrap_or_else(|| wire.body.clone());
    StoredRequest {
        method: wire.method.to_string(),
        url,
        headers: drop_secret_headers(&wire.headers),
        body,
    }
}

/// Replaces the values of secret-looking keys, at any depth. Returns whether any was.
pub fn redact_keys(mut value: Value) -> (Value, bool) {
    let changed = redact_json_with(&mut value, &|_| REDACTED.to_string());
    (value, changed)
}

/// A JSON answer with its secret fields redacted; other text as is.
fn redact_body(body: &str) -> (String, bool) {
    match serde_json::from_str::<Value>(body.trim_start_matches('\u{feff}')) {
        Ok(v) => match redact_keys(v) {
            (v, true) => (v.to_string(), true),
            (_, false) => (body.to_string(), false),
        },
        Err(_) => (body.to_string(), false),
    }
}

/// Replaces every remaining occurrence of a credential value in every string.
fn scrub_values(entry: &mut Entry, secrets: &[&str]) {
    // 旺店通's app_secret is `secret:salt`; the salt goes on the wire by design, the
    // secret must not.
    let halves = secrets.iter().filter_map(|s| {
        countersign_core::vendor::wdt::split_app_secret(s.trim()).map(|(secret, _)| secret)
    });
    let secrets: Vec<&str> = secrets
        .iter()
        .map(|s| s.trim())
        .chain(halves)
        .filter(|s| s.chars().count() >= MIN_SECRET_LEN)
        .collect();
    if secrets.is_empty() {
        return;
    }
    let scrub = |s: &mut String| {
        for secret in &secrets {
            if s.contains(secret) {
                *s = s.replace(secret, REDACTED);
            }
        }
    };
    fn walk(v: &mut Value, scrub: &dyn Fn(&mut String)) {
        match v {
            Value::String(s) => scrub(s),
            Value::Array(items) => items.iter_mut().for_each(|c| walk(c, scrub)),
            Value::Object(map) => map.values_mut().for_each(|c| walk(c, scrub)),
            _ => {}
        }
    }
    walk(&mut entry.document, &scrub);
    entry.options.texts_mut().for_each(&scrub);
    let r = &mut entry.request;
    scrub(&mut r.url);
    scrub(&mut r.body);
    r.headers.iter_mut().for_each(|(_, v)| scrub(v));
    if let Some(resp) = &mut entry.response {
        scrub(&mut resp.body);
        resp.headers.iter_mut().for_each(|(_, v)| scrub(v));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use countersign_core::catalog;
    use serde_json::json;

    fn exchange(request: WireRequest, body: &str) -> Exchange {
        Exchange {
            request,
            relay_url: "http://127.0.0.1:8080/relay/mock".into(),
            sent_at_ms: 1.0,
            status: 200,
            status_text: "OK".into(),
            headers: vec![
                ("content-type".into(), "application/json".into()),
                ("set-cookie".into(), "sid=abc".into()),
            ],
            body: body.into(),
            size: body.len(),
            elapsed_ms: 12.0,
            server_timing: Vec::new(),
        }
    }

    /// Signs one of the catalog's requests with the mock's demo credentials.
    fn signed(api_id: &str, document: Value) -> (ShareState, WireRequest, Vec<String>) {
        let api = catalog::find(api_id).unwrap();
        let env = catalog::vendor(api.vendor)
            .environments
            .iter()
            .find(|e| e.id == "mock")
            .unwrap();
        let mut creds = env.demo_credentials.clone().unwrap();
        creds.insert("app_token".into(), json!("tok-SECRET-123"));
        let mut options = BuildOptions {
            environment: Some("mock".into()),
            origin: Some("http://127.0.0.1:8080".into()),
            ..BuildOptions::default()
        };
        if api.vendor == countersign_core::Vendor::Kingdee {
            options.kingdee.nonce = Some("42".into());
        }
        let req = catalog::build_request(
            api,
            &document,
            &Value::Object(creds.clone()),
            Some(1_700_000_000_000),
            &options,
        )
        .unwrap();
        use countersign_core::Signer;
        let wire = req.sign().unwrap().wire;
        // What the shell passes: the values of the fields the catalog marks secret.
        let secrets = creds
            .iter()
            .filter(|(k, _)| {
                catalog::vendor(api.vendor)
                    .credential(k)
                    .is_some_and(|f| f.secret)
            })
            .filter_map(|(_, v)| v.as_str().map(str::to_string))
            .collect();
        let state = ShareState {
            api: api_id.into(),
            environment: "mock".into(),
            document,
            options: serde_json::from_value(json!({"nonce": "42"})).unwrap(),
            definition: None,
        };
        (state, wire, secrets)
    }

    fn record(
        h: &mut History,
        state: &ShareState,
        wire: &WireRequest,
        body: &str,
        secrets: &[String],
    ) -> u64 {
        let outcome = Ok(exchange(wire.clone(), body));
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        h.record(
            Sent {
                state,
                request: wire,
                outcome: &outcome,
                at_ms: 1_700_000_000_000.0,
            },
            &secrets,
        )
    }

    fn assert_no_secret(h: &History, secrets: &[&str]) {
        let text = serde_json::to_string(h).unwrap();
        for s in secrets {
            assert!(!text.contains(s), "history holds `{s}`: {text}");
        }
    }

    /// A restored answer says which upstream answered and shows the relay's timing, as it
    /// did when it arrived.
    #[test]
    fn a_restored_answer_keeps_its_upstream_and_timing() {
        let (state, wire, secrets) = signed(
            "taobao.imbalance.create",
            json!({"req_dto": {"warehouse_code": "W1"}}),
        );
        let mut ex = exchange(wire.clone(), "{}");
        ex.relay_url = "http://127.0.0.1:8080/relay/mock-taobao?session=mock-session".into();
        ex.headers
            .push(("server-timing".into(), "ttfb;dur=0.1, total;dur=0.2".into()));
        let mut h = History::default();
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        h.record(
            Sent {
                state: &state,
                request: &wire,
                outcome: &Ok(ex),
                at_ms: 1.0,
            },
            &secrets,
        );
        let back = h.entries[0].exchange().unwrap();
        assert_eq!(
            crate::inspector::upstream_of(&back.relay_url),
            Some("mock-taobao")
        );
        assert_eq!(back.upstream_ms(), Some(0.2));
        assert_eq!(back.server_timing.len(), 2);
        assert_no_secret(&h, &["mock-session"]);
    }

    #[test]
    fn taobao_session_never_stored() {
        let (state, wire, secrets) = signed(
            "taobao.imbalance.create",
            json!({"req_dto": {"warehouse_code": "W1"}}),
        );
        assert!(wire.url.contains("session=mock-session"), "{}", wire.url);
        let mut h = History::default();
        record(
            &mut h,
            &state,
            &wire,
            r#"{"result":{"success":true}}"#,
            &secrets,
        );
        assert_no_secret(&h, &["mock-session", "helloworld"]);
        let e = &h.entries[0];
        assert!(!e.request.url.contains("session="));
        // The rest of the query is kept as signed.
        assert!(e.request.url.contains("app_key=12345678"));
        assert!(e.request.url.contains("sign="));
        // Set-Cookie is gone from the answer.
        let headers = &e.response.as_ref().unwrap().headers;
        assert!(headers.iter().all(|(n, _)| n != "set-cookie"));
    }

    #[test]
    fn kingdee_app_token_header_and_token_answers_never_stored() {
        let (state, wire, secrets) = signed(
            "kingdee.material.save",
            json!({"number": "SP001", "name": "测试"}),
        );
        assert_eq!(wire.header("app-token"), Some("tok-SECRET-123"));
        let mut h = History::default();
        record(&mut h, &state, &wire, r#"{"errcode":0}"#, &secrets);
        // The app-token answer and push_app_authorize answer carry credentials too.
        let (state2, wire2, secrets2) = signed("kingdee.app_token", json!({}));
        assert!(wire2.url.contains("app_signature="), "{}", wire2.url);
        record(
            &mut h,
            &state2,
            &wire2,
            r#"{"errcode":0,"data":{"app-token":"fresh-token-777","expires":1}}"#,
            &secrets2,
        );
        let (state3, wire3, secrets3) = signed(
            "kingdee.push_app_authorize",
            json!({"outerInstanceId": "mock-instance"}),
        );
        record(
            &mut h,
            &state3,
            &wire3,
            r#"{"errcode":0,"data":[{"appKey":"k","appSecret":"rotating-secret-9","domain":"d"}]}"#,
            &secrets3,
        );
        assert_no_secret(
            &h,
            &[
                "tok-SECRET-123",
                "0123456789abcdef0123456789abcdef",
                "mockappsecret",
                "fresh-token-777",
                "rotating-secret-9",
            ],
        );
        let text = serde_json::to_string(&h).unwrap();
        assert!(!text.contains("app_signature="), "{text}");
        assert!(!text.to_lowercase().contains("\"app-token\",\""), "{text}");
        // Non-secret identifiers and the signature stay: the entry is still useful.
        let e = h.entries.last().unwrap();
        assert!(e
            .request
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("X-Api-Signature")));
        assert!(e
            .request
            .headers
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case("X-Api-ClientID") && v == "205022"));
    }

    #[test]
    fn wdt_secret_never_stored_salt_kept() {
        let (state, wire, secrets) = signed(
            "wdt.stockpd.sync",
            catalog::find("wdt.stockpd.sync")
                .unwrap()
                .example_document()
                .clone(),
        );
        let mut h = History::default();
        record(&mut h, &state, &wire, r#"{"status":0}"#, &secrets);
        assert_no_secret(&h, &["mocksecret"]);
        // sid, key and the salt are sent in clear by the protocol and stay.
        let url = &h.entries[0].request.url;
        assert!(
            url.contains("sid=mocksid")
                && url.contains("key=mockkey")
                && url.contains("salt=mocksalt"),
            "{url}"
        );
    }

    #[test]
    fn keeps_the_last_hundred_newest_first_and_deletes() {
        let (state, wire, _) = signed("kingdee.inv_synchronous.list", json!({}));
        let mut h = History::default();
        for i in 0..105 {
            let id = record(&mut h, &state, &wire, &format!(r#"{{"n":{i}}}"#), &[]);
            assert_eq!(id, i + 1);
        }
        assert_eq!(h.entries.len(), LIMIT);
        assert_eq!(h.entries[0].id, 105);
        assert_eq!(h.entries[LIMIT - 1].id, 6);
        let newest = h.delete(105).unwrap();
        assert_eq!(h.entries[0].id, 104);
        assert!(h.get(105).is_none());
        assert!(h.delete(105).is_none());
        // Undo puts it back first; one from the middle goes back to its place.
        h.put_back(newest);
        assert_eq!(h.entries[0].id, 105);
        let middle = h.delete(50).unwrap();
        h.put_back(middle);
        let ids: Vec<u64> = h.entries.iter().map(|e| e.id).collect();
        assert_eq!(ids, (6..=105).rev().collect::<Vec<_>>());
        // A send recorded after the delete took the id back: the entry gets a new one.
        let gone = h.delete(105).unwrap();
        let again = record(&mut h, &state, &wire, "{}", &[]);
        assert_eq!(again, 105);
        h.put_back(gone);
        assert_eq!(h.entries.iter().filter(|e| e.id == 105).count(), 1);
        h.clear();
        assert!(h.entries.is_empty());
    }

    #[test]
    fn search_matches_api_names_url_status_and_bodies() {
        let mut h = History::default();
        let (s1, w1, _) = signed("kingdee.material.save", json!({"number": "SP001"}));
        let (s2, w2, _) = signed(
            "taobao.imbalance.create",
            json!({"req_dto": {"remark": "备注 ☃"}}),
        );
        record(
            &mut h,
            &s1,
            &w1,
            r#"{"errcode":4008,"description":"签名无效"}"#,
            &[],
        );
        record(&mut h, &s2, &w2, r#"{"result":{}}"#, &[]);
        let ids = |q: &str| {
            h.search(q)
                .iter()
                .map(|e| e.api.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("material"), ["kingdee.material.save"]);
        assert_eq!(ids("签名无效"), ["kingdee.material.save"]);
        assert_eq!(ids("商品保存"), ["kingdee.material.save"]);
        assert_eq!(ids("ROUTER post"), ["taobao.imbalance.create"]);
        // Sent percent-encoded, found as typed.
        assert_eq!(ids("备注"), ["taobao.imbalance.create"]);
        assert_eq!(ids("☃"), ["taobao.imbalance.create"]);
        assert_eq!(ids("").len(), 2);
        assert!(ids("nothing-like-this").is_empty());
    }

    #[test]
    fn fit_cuts_old_bodies_then_drops_old_entries() {
        let (state, wire, _) = signed("kingdee.inv_synchronous.list", json!({}));
        let mut h = History::default();
        let big = format!(r#"{{"data":"{}"}}"#, "x".repeat(10_000));
        for _ in 0..5 {
            record(&mut h, &state, &wire, &big, &[]);
        }
        let text = h.fit(25_000);
        assert!(text.len() <= 25_000);
        assert_eq!(h.entries.len(), 5);
        assert!(!h.entries[0].response.as_ref().unwrap().truncated);
        assert!(h.entries[4].response.as_ref().unwrap().truncated);
        h.fit(2_000);
        assert!(h.entries.len() < 5);
        // Round-trips through storage.
        let back: History = serde_json::from_str(&serde_json::to_string(&h).unwrap()).unwrap();
        assert_eq!(back, h);
    }

    #[test]
    fn errors_are_kept_in_both_languages() {
        let (state, wire, _) = signed("kingdee.inv_synchronous.list", json!({}));
        let mut h = History::default();
        let outcome = Err(SendError::Aborted { elapsed_ms: 5.0 });
        h.record(
            Sent {
                state: &state,
                request: &wire,
                outcome: &outcome,
                at_ms: 0.0,
            },
            &[],
        );
        let e = &h.entries[0];
        assert_eq!(e.status_label(), "aborted");
        assert!(e.error_title(Lang::Zh).is_some());
        assert!(e.exchange().is_none());
    }

    /// Entries stored by earlier versions (options as a plain JSON object, or none at
    /// all) still load, and restore the same pins.
    #[test]
    fn entries_stored_by_earlier_versions_load() {
        let text = r#"{"entries":[
            {"id":2,"at_ms":1.0,"api":"kingdee.material.save","environment":"mock","document":{"number":"SP001"},
             "options":{"nonce":"42","timestamp":"1700000000000","unknown":[1]},
             "request":{"method":"POST","url":"https://api.kingdee.com/jdy/v2/bd/material","headers":[],"body":"{}"},
             "response":null,"error":{"kind":"aborted","title_zh":"已取消","title_en":"Aborted"}},
            {"id":1,"at_ms":0.0,"api":"taobao.imbalance.create","environment":"mock","document":{},
             "request":{"method":"POST","url":"https://eco.taobao.com/router/rest","headers":[],"body":""},
             "response":null,"error":null}
        ]}"#;
        let h: History = serde_json::from_str(text).unwrap();
        let (pins, _) = crate::exchange::share::pins_and_options(&h.entries[0].state().options);
        assert_eq!(
            (pins.nonce.as_str(), pins.timestamp.as_str()),
            ("42", "1700000000000")
        );
        assert_eq!(h.entries[1].options, BuildOptions::default());
        // And are written back in the same shape.
        let again = serde_json::to_value(&h).unwrap();
        assert_eq!(
            again["entries"][0]["options"],
            json!({"nonce": "42", "timestamp": "1700000000000"})
        );
    }

    #[test]
    fn drop_secret_params_keeps_the_rest_byte_for_byte() {
        assert_eq!(
            drop_secret_params("a=1&session=x&b=%E7%9B%98+1"),
            "a=1&b=%E7%9B%98+1"
        );
        assert_eq!(drop_secret_params("session=x"), "");
        assert_eq!(drop_secret_params("sessionx=1"), "sessionx=1");
    }
}
