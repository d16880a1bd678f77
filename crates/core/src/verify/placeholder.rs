//! The placeholders an export with secrets hidden writes (`session=<session>`,
//! `app-token: <app-token>`, `app_signature=<app_signature>`, a JSON `"<appSecret>"`):
//! put back from the credentials given to the check, and named when none can be.

use serde_json::Value;

use super::{Diagnosis, Verdict};
use crate::capture::Captured;
use crate::encoding::{form_decode, form_encode, parse_query};
use crate::export::redact::{map_params, placeholder};
use crate::Vendor;

/// `<name>` → `name`: a value that is only a placeholder.
fn name_in(value: &str) -> Option<&str> {
    let inner = value.trim().strip_prefix('<')?.strip_suffix('>')?;
    let plain = !inner.is_empty()
        && inner
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    plain.then_some(inner)
}

/// The name a placeholder stands for, as the credentials spell it: `-` read as `_`
/// (`app-token` is the credential `app_token`).
fn credential_name(placeholder: &str) -> String {
    placeholder.to_ascii_lowercase().replace('-', "_")
}

/// The credential a placeholder is filled from: its own ([`credential_name`]), but
/// Kingdee's `app_signature`, which is computed from `app_secret`.
pub fn credential_for(name: &str) -> String {
    match credential_name(name).as_str() {
        "app_signature" => "app_secret".into(),
        other => other.into(),
    }
}

/// The real value of `<name>`, from the credentials given; `app_signature` from
/// `app_secret` and the `app_key` given or sent.
fn value_of(name: &str, credentials: &Value, captured: &Captured) -> Option<String> {
    let given = |n: &str| {
        let v = credentials.get(n)?.as_str()?.trim();
        (!v.is_empty()).then(|| v.to_string())
    };
    let key = credential_name(name);
    if key == "app_signature" {
        let app_key = given("app_key").or_else(|| {
            let sent = captured.query().into_iter().find(|(k, _)| k == "app_key");
            sent.map(|(_, v)| v).filter(|v| name_in(v).is_none())
        })?;
        return Some(crate::kingdee::app_signature(
            &app_key,
            &given("app_secret")?,
        ));
    }
    given(&key)
}

/// Puts the value the credentials give in place of each placeholder in a header, a query
/// or form parameter, or a JSON body's string; the names put back, in order, once each.
pub(super) fn fill(captured: &mut Captured, credentials: &Value) -> Vec<String> {
    let before = captured.clone();
    let value = |name: &str| value_of(name, credentials, &before);
    let mut filled: Vec<String> = Vec::new();
    let mut note = |name: &str| {
        if !filled.iter().any(|n| n == name) {
            filled.push(name.to_string());
        }
    };
    for (_, v) in captured.headers.iter_mut() {
        let Some(name) = name_in(v) else { continue };
        if let Some(real) = value(name) {
            note(name);
            *v = real.into();
        }
    }
    let names = std::cell::RefCell::new(Vec::new());
    let params = |query: &str| {
        query
            .split('&')
            .map(|pair| {
                let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
                let decoded = form_decode(raw_value);
                match name_in(&decoded).and_then(|n| Some((n, value(n)?))) {
                    Some((name, real)) => {
                        names.borrow_mut().push(name.to_string());
                        format!("{raw_name}={}", form_encode(&real))
                    }
                    None => pair.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join("&")
    };
    let (url, form) = map_params(&before, &params);
    captured.url = url;
    if let Some(form) = form {
        captured.body = form;
    } else if let Ok(body) = serde_json::from_str::<Value>(&captured.body) {
        // In the text as sent, so the rest of the body stays byte for byte.
        let mut strings = Vec::new();
        each_string(&body, &mut |_, s| strings.push(s.to_string()));
        for s in strings {
            let Some(name) = name_in(&s) else { continue };
            if let Some(real) = value(name) {
                let quoted = |t: &str| Value::String(t.to_string()).to_string();
                captured.body = captured.body.replace(&quoted(&s), &quoted(&real));
                names.borrow_mut().push(name.to_string());
            }
        }
    }
    for name in names.into_inner() {
        note(&name);
    }
    filled
}

/// Each string value of a JSON document with the key it is under.
fn each_string(v: &Value, f: &mut dyn FnMut(&str, &str)) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match v {
                    Value::String(s) => f(k, s),
                    other => each_string(other, f),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| each_string(v, f)),
        _ => {}
    }
}

/// A placeholder the credentials did not fill: the signature was made over the real
/// value, so it cannot match. Said first, in place of "no known mistake reproduces it",
/// with what to do: the credential that fills it, or the request copied with its secrets.
pub(super) fn explain(verdict: &mut Verdict, captured: &Captured, vendor: Vendor) {
    let names = placeholders(captured);
    if names.is_empty() {
        return;
    }
    let info = crate::catalog::vendor(vendor);
    // The credentials that would fill them, once each.
    let mut fill_with: Vec<String> = Vec::new();
    for n in &names {
        let c = credential_for(n);
        if info.credential(&c).is_some() && !fill_with.contains(&c) {
            fill_with.push(c);
        }
    }
    let quote = |list: &[String]| {
        list.iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let list = quote(&names);
    let (en, zh) = if fill_with.is_empty() {
        (
            "paste the request copied with its secrets".to_string(),
            "请粘贴包含密钥的请求".to_string(),
        )
    } else {
        let creds = quote(&fill_with);
        (
            format!(
                "enter the real {creds} among the credentials, and the check puts it in place of the \
                 placeholder; or paste the request copied with its secrets"
            ),
            format!("在凭证中填入真实的 {creds}，核对时会用它替换占位符；或粘贴包含密钥的请求"),
        )
    };
    verdict.diagnosis.retain(|d| d.code != "unexplained");
    verdict.diagnosis.insert(
        0,
        Diagnosis {
            code: "secret_placeholder".into(),
            message: format!(
                "{list} holds the placeholder of an export with secrets hidden, not the real value: {en}"
            ),
            message_zh: format!("{list} 是隐藏密钥导出时的占位符，并非真实值：{zh}"),
        },
    );
}

/// The names whose value in `captured` is their own export placeholder (`<name>`): in a
/// header, a query or form parameter, or a JSON body.
fn placeholders(captured: &Captured) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut note = |name: &str, value: &str| {
        let is = value.eq_ignore_ascii_case(&placeholder(name));
        if is && !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    };
    for (k, v) in &captured.headers {
        note(k, v);
    }
    for (k, v) in captured.query() {
        note(&k, &v);
    }
    if captured.has_form_body() {
        for (k, v) in parse_query(&captured.body) {
            note(&k, &v);
        }
    } else if let Ok(body) = serde_json::from_str::<Value>(&captured.body) {
        each_string(&body, &mut note);
    }
    names
}
