//! Exports without secrets: a cURL command or a HAR file is shared, pasted into tickets and
//! chats. With "include secrets" off, every credential in the request (Taobao `session`,
//! Kingdee `app-token` and `app_signature`) and in the answer (`push_app_authorize`'s
//! `appSecret`, a token answer's `app-token`) becomes a placeholder that names what to put
//! back: `<session>`, `<app-token>`, `<appSecret>`.

use serde_json::{Map, Value};

use crate::encoding::parse_query;
use crate::WireRequest;

/// Headers whose value is a credential.
const SECRET_HEADERS: [&str; 5] = [
    "app-token",
    "authorization",
    "cookie",
    "set-cookie",
    "x-relay-token",
];
/// Query or form parameters whose value is a credential. Kingdee's `app_signature` is
/// HMAC(app_secret, app_key) with no clock in it: it works as a password.
const SECRET_PARAMS: [&str; 3] = ["session", "app_signature", "access_token"];
/// JSON keys (lower case, without `-`/`_`) whose values are credentials.
const SECRET_KEYS: [&str; 10] = [
    "apptoken",
    "appsecret",
    "accesstoken",
    "refreshtoken",
    "session",
    "clientsecret",
    "secret",
    "password",
    "appsignature",
    "token",
];

/// `<name>`: what a secret reads as in an export.
pub fn placeholder(name: &str) -> String {
    format!("<{name}>")
}

pub fn is_secret_header(name: &str) -> bool {
    SECRET_HEADERS
        .iter()
        .any(|h| h.eq_ignore_ascii_case(name.trim()))
}

pub fn is_secret_param(name: &str) -> bool {
    SECRET_PARAMS.contains(&name)
}

pub fn is_secret_key(key: &str) -> bool {
    let k: String = key
        .chars()
        .filter(|c| !matches!(c, '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_KEYS.contains(&k.as_str())
}

/// The request with each header, query and form parameter marked sensitive (by its
/// signer, or by the name rules for one built without marks) a placeholder; everything
/// else byte for byte.
pub fn redact_wire(wire: &WireRequest) -> WireRequest {
    let sensitive = wire.marked().sensitive;
    let (url, form) = map_params(wire, &|query| {
        redact_params_where(query, &|name| sensitive.has_param(name))
    });
    let body = form.unwrap_or_else(|| redact_body(&wire.body));
    WireRequest {
        method: wire.method.clone(),
        url,
        headers: redact_headers_where(&wire.headers, &|name| sensitive.has_header(name)),
        body,
        sensitive,
    }
}

/// The URL with `params` applied to its query (a fragment kept, an emptied query dropped)
/// and, when the body is a form, the body with `params` applied: the places a request
/// carries parameters, for exports and history alike.
pub fn map_params(wire: &WireRequest, params: &dyn Fn(&str) -> String) -> (String, Option<String>) {
    let (before_fragment, fragment) = match wire.url.split_once('#') {
        Some((u, f)) => (u, Some(f)),
        None => (wire.url.as_str(), None),
    };
    let mut url = match before_fragment.split_once('?') {
        Some((base, query)) => match params(query) {
            q if q.is_empty() => base.to_string(),
            q => format!("{base}?{q}"),
        },
        None => before_fragment.to_string(),
    };
    if let Some(f) = fragment {
        url = format!("{url}#{f}");
    }
    (url, wire.has_form_body().then(|| params(&wire.body)))
}

/// `a=1&session=xyz` → `a=1&session=<session>` (the placeholder percent-encoded, so the
/// query still parses).
pub fn redact_params(query: &str) -> String {
    redact_params_where(query, &is_secret_param)
}

/// The parameters whose decoded name `secret` picks, as placeholders.
fn redact_params_where(query: &str, secret: &dyn Fn(&str) -> bool) -> String {
    query
        .split('&')
        .map(|pair| {
            let raw_name = pair.split('=').next().unwrap_or_default();
            let name = parse_query(raw_name)
                .into_iter()
                .next()
                .map_or_else(|| raw_name.to_string(), |(k, _)| k);
            if secret(&name) {
                format!("{raw_name}=%3C{name}%3E")
            } else {
                pair.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

pub fn redact_headers(headers: &[(String, String)]) -> Vec<(String, String)> {
    redact_headers_where(headers, &is_secret_header)
}

/// For a request's headers ([`Text`]) and a response's (String) alike.
fn redact_headers_where<H: AsRef<str> + Clone + From<String>>(
    headers: &[(H, H)],
    secret: &dyn Fn(&str) -> bool,
) -> Vec<(H, H)> {
    headers
        .iter()
        .map(|(n, v)| {
            let n_str = n.as_ref();
            if secret(n_str) {
                (n.clone(), placeholder(&n_str.to_ascii_lowercase()).into())
            } else {
                (n.clone(), v.clone())
            }
        })
        .collect()
}

/// Replaces the values of secret-looking keys at any depth with `<key>`. Returns whether
/// any was.
pub fn redact_json(value: &mut Value) -> bool {
    redact_json_with(value, &placeholder)
}

/// Replaces the values of secret-looking keys at any depth with `replacement(key)`: exports
/// name what to put back, history only marks the gap. Returns whether any was.
pub fn redact_json_with(value: &mut Value, replacement: &dyn Fn(&str) -> String) -> bool {
    each_object(value, &mut |map| {
        let mut changed = false;
        for (k, child) in map.iter_mut() {
            if secret_leaf(k, child) {
                *child = Value::String(replacement(k));
                changed = true;
            }
        }
        changed
    })
}

/// Removes what [`redact_json_with`] would replace. For a document handed to someone
/// else (a share link): a field left out is computed from their own credentials when the
/// catalog derives it (Kingdee `app_signature`), or shown as missing; a placeholder would
/// be sent as the value.
pub fn drop_secret_fields(value: &mut Value) -> bool {
    each_object(value, &mut |map| {
        let before = map.len();
        map.retain(|k, child| !secret_leaf(k, child));
        map.len() != before
    })
}

/// A value [`redact_json_with`] replaces: a secret-looking key's text or number. Also the
/// rule for what the app's drafts and tabs leave out of localStorage.
pub fn secret_leaf(key: &str, value: &Value) -> bool {
    is_secret_key(key) && !value.is_null() && !value.is_object() && !value.is_array()
}

/// Applies `act` to every object at any depth, each before what it holds (so what `act`
/// left is walked, not what it took out); whether any call changed something.
fn each_object(value: &mut Value, act: &mut dyn FnMut(&mut Map<String, Value>) -> bool) -> bool {
    match value {
        Value::Object(map) => {
            let mut changed = act(map);
            for child in map.values_mut() {
                changed |= each_object(child, act);
            }
            changed
        }
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |changed, child| each_object(child, act) | changed),
        _ => false,
    }
}

/// A JSON body with its secret fields replaced; other text as is.
pub fn redact_body(body: &str) -> String {
    match serde_json::from_str::<Value>(body.trim_start_matches('\u{feff}')) {
        Ok(mut v) => {
            if redact_json(&mut v) {
                v.to_string()
            } else {
                body.to_string()
            }
        }
        Err(_) => body.to_string(),
    }
}

/// Every remaining occurrence of a known credential value (at least 4 characters) in
/// `text`, replaced by `<name>`: a secret echoed somewhere no rule above knows.
pub fn replace_values(text: &str, secrets: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    let mut secrets: Vec<&(&str, &str)> = secrets
        .iter()
        .filter(|(_, v)| v.trim().chars().count() >= 4)
        .collect();
    // Longest first, so a value that contains another is replaced whole.
    secrets.sort_by_key(|(_, v)| std::cmp::Reverse(v.len()));
    for (name, value) in secrets {
        out = out.replace(value.trim(), &placeholder(name));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{curl, har_entry, HarResponse};

    fn kingdee_wire() -> WireRequest {
        WireRequest {
            method: "POST".into(),
            url: "https://api.kingdee.com/jdy/v2/bd/material?app_signature=SIGSECRET&x=1".into(),
            headers: vec![
                ("X-Api-ClientID".into(), "205022".into()),
                ("app-token".into(), "TOKENSECRET".into()),
            ],
            body: "{\"number\":\"A1\"}".into(),
            ..Default::default()
        }
    }

    #[test]
    fn curl_and_har_carry_no_request_secret() {
        let taobao = WireRequest {
            method: "POST".into(),
            url: "https://eco.taobao.com/router/rest".into(),
            headers: vec![(
                "Content-Type".into(),
                "application/x-www-form-urlencoded;charset=utf-8".into(),
            )],
            body: "method=a.b&session=SESSIONSECRET&sign=ABC".into(),
            ..Default::default()
        };
        for wire in [kingdee_wire(), taobao] {
            let clean = redact_wire(&wire);
            let text = format!("{}\n{}", curl(&clean), har_entry(&clean, 0, None));
            for secret in ["SIGSECRET", "TOKENSECRET", "SESSIONSECRET"] {
                assert!(!text.contains(secret), "{secret} in {text}");
            }
            // Placeholders name what to put back; the rest is untouched.
            assert!(
                text.contains("<app-token>") || text.contains("session=%3Csession%3E"),
                "{text}"
            );
        }
        let clean = redact_wire(&kingdee_wire());
        assert!(clean
            .url
            .ends_with("?app_signature=%3Capp_signature%3E&x=1"));
        assert_eq!(clean.headers[0], kingdee_wire().headers[0]);
        assert_eq!(clean.body, kingdee_wire().body);
    }

    #[test]
    fn a_part_its_signer_marked_is_redacted_though_no_name_rule_knows_it() {
        let mut wire = WireRequest::new(
            "POST",
            "https://gw.example/x?ticket=TICKETSECRET&a=1",
            vec![("X-Ticket".into(), "HEADERSECRET".into())],
            "",
        );
        assert!(wire.sensitive.is_empty());
        wire.sensitive.param("ticket");
        wire.sensitive.header("x-ticket");
        let clean = redact_wire(&wire);
        assert_eq!(clean.url, "https://gw.example/x?ticket=%3Cticket%3E&a=1");
        assert_eq!(clean.headers[0].1, "<x-ticket>");
        // Unmarked by its builder, a rule's secret is still found.
        let unmarked = WireRequest {
            sensitive: Default::default(),
            ..kingdee_wire()
        };
        assert!(!curl(&redact_wire(&unmarked)).contains("TOKENSECRET"));
    }

    #[test]
    fn answers_lose_their_secrets() {
        let authorize =
            r#"{"code":200,"data":[{"appKey":"k","appSecret":"APPSECRET","domain":"d"}]}"#;
        let token = r#"{"errcode":0,"data":{"app-token":"TOKENSECRET","access_token":"TOKENSECRET","uid":"u"}}"#;
        for body in [authorize, token] {
            let response = HarResponse {
                status: 200,
                headers: vec![("Set-Cookie".into(), "sid=COOKIESECRET".into())],
                body: redact_body(body),
                time_ms: 1.0,
            };
            let response = HarResponse {
                headers: redact_headers(&response.headers),
                ..response
            };
            let text = har_entry(&kingdee_wire(), 0, Some(&response)).to_string();
            for secret in ["APPSECRET", "COOKIESECRET"] {
                assert!(!text.contains(secret), "{secret} in {text}");
            }
        }
        let v: Value = serde_json::from_str(&redact_body(authorize)).unwrap();
        assert_eq!(v["data"][0]["appSecret"], "<appSecret>");
        assert_eq!(v["data"][0]["appKey"], "k");
        let v: Value = serde_json::from_str(&redact_body(token)).unwrap();
        assert_eq!(v["data"]["app-token"], "<app-token>");
        assert_eq!(redact_body("not json"), "not json");
        assert_eq!(
            replace_values(
                "a TOKENSECRET b",
                &[("app_token", "TOKENSECRET"), ("x", "ab")]
            ),
            "a <app_token> b"
        );
    }
}
