//! What the export menu produces, as plain text: the `countersign sign` input with the
//! secrets replaced by placeholders (unless asked for), file names, and the data URL a
//! download link points at. Pure and tested natively.

use countersign_core::catalog;
use countersign_core::export::redact::{redact_body, redact_headers, redact_wire, replace_values};
use countersign_core::export::{curl, har_entry, har_log, HarResponse};
use countersign_core::{Vendor, WireRequest};
use serde_json::Value;

use crate::send::outcome::Exchange;

/// `<app_secret>`: what a secret credential reads as in an export.
pub fn placeholder(name: &str) -> String {
    format!("<{name}>")
}

/// The `countersign sign` input, pretty-printed; with `include_secrets` false every
/// credential the catalog marks secret is a placeholder.
pub fn sign_json(input: &Value, vendor: Vendor, include_secrets: bool) -> String {
    let mut input = input.clone();
    if !include_secrets {
        if let Some(creds) = input.get_mut("credentials").and_then(Value::as_object_mut) {
            for (name, value) in creds.iter_mut() {
                let secret = catalog::vendor(vendor)
                    .credential(name)
                    .is_none_or(|f| f.secret);
                if secret {
                    *value = Value::String(placeholder(name));
                }
            }
        }
    }
    serde_json::to_string_pretty(&input).unwrap_or_default()
}

/// Credential name and value, for [`Secrets::Hide`].
pub type Named<'a> = &'a [(&'a str, &'a str)];

/// Whether an export keeps the secrets; when not, the credential values in use, so one
/// echoed anywhere the rules do not know is replaced too.
#[derive(Clone, Copy)]
pub enum Secrets<'a> {
    Include,
    Hide(Named<'a>),
}

/// A cURL command; without secrets, each is a `<placeholder>` naming what to put back.
pub fn curl_text(wire: &WireRequest, secrets: Secrets<'_>) -> String {
    match secrets {
        Secrets::Include => curl(wire),
        Secrets::Hide(values) => replace_values(&curl(&redact_wire(wire)), values),
    }
}

/// A HAR 1.2 log of one request, with its answer when there is one; without secrets,
/// neither the request's nor the answer's (`appSecret`, an issued `app-token`).
pub fn har(
    wire: &WireRequest,
    started_ms: i64,
    answer: Option<&Exchange>,
    secrets: Secrets<'_>,
) -> String {
    let hide = matches!(secrets, Secrets::Hide(_));
    let response = answer.map(|ex| HarResponse {
        status: ex.status,
        headers: if hide {
            redact_headers(&ex.headers)
        } else {
            ex.headers.clone()
        },
        body: if hide {
            redact_body(&ex.body)
        } else {
            ex.body.clone()
        },
        time_ms: ex.elapsed_ms,
    });
    let wire = if hide {
        redact_wire(wire)
    } else {
        wire.clone()
    };
    let entry = har_entry(&wire, started_ms, response.as_ref());
    let text = serde_json::to_string_pretty(&har_log(vec![entry])).unwrap_or_default();
    match secrets {
        Secrets::Include => text,
        Secrets::Hide(values) => replace_values(&text, values),
    }
}

/// The same request sent to another base: the signature does not cover the host (nor,
/// for Kingdee, the part of the path before the API's own path), so it still verifies.
pub fn rebase(wire: &WireRequest, from: &str, to: &str) -> WireRequest {
    let from = from.trim_end_matches('/');
    let url = match wire.url.strip_prefix(from) {
        Some(rest) => format!("{}{rest}", to.trim_end_matches('/')),
        None => wire.url.clone(),
    };
    WireRequest {
        url,
        ..wire.clone()
    }
}

/// `countersign-kingdee.material.save.py`
pub fn file_name(api: &str, extension: &str) -> String {
    let safe: String = api
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("countersign-{safe}.{extension}")
}

/// True when the wire carries a credential (Taobao `session`, Kingdee `app-token`):
/// the export menu says so next to cURL and HAR.
pub fn wire_has_credential(wire: &WireRequest) -> bool {
    let scrubbed = crate::history::scrub_request(wire);
    scrubbed.url != wire.url
        || scrubbed.headers.len() != wire.headers.len()
        || scrubbed.body != wire.body
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sign_input_hides_secrets_unless_asked() {
        let input = json!({"vendor": "kingdee", "credentials": {"client_id": "205022", "client_secret": "abc", "app_token": "tok"}, "path": "/x"});
        let hidden = sign_json(&input, Vendor::Kingdee, false);
        let v: Value = serde_json::from_str(&hidden).unwrap();
        assert_eq!(
            v["credentials"],
            json!({"client_id": "205022", "client_secret": "<client_secret>", "app_token": "<app_token>"})
        );
        assert!(!hidden.contains("abc") && !hidden.contains("tok\""));
        let shown = sign_json(&input, Vendor::Kingdee, true);
        assert!(shown.contains("\"abc\""));
        // A real input stays a valid `countersign sign` input with placeholders.
        let api = catalog::find("kingdee.material.save").unwrap();
        let creds = Value::Object(
            api.vendor_info()
                .environment("mock")
                .unwrap()
                .demo_credentials
                .clone()
                .unwrap(),
        );
        let options = countersign_core::BuildOptions {
            kingdee: countersign_core::kingdee::BuildOptions {
                nonce: Some("1".into()),
            },
            ..Default::default()
        };
        let input =
            catalog::build_sign_input(api, &api.example, &creds, Some(1), &options).unwrap();
        let text = sign_json(&input, Vendor::Kingdee, false);
        assert!(!text.contains("0123456789abcdef0123456789abcdef"), "{text}");
        assert!(text.contains("\"205022\""), "{text}");
        assert!(
            countersign_core::SignRequest::from_json(&text).is_ok(),
            "{text}"
        );
    }

    #[test]
    fn har_has_the_answer_when_there_is_one() {
        let wire = WireRequest {
            method: "POST".into(),
            url: "https://api.kingdee.com/jdy/v2/bd/material?a=1".into(),
            headers: vec![("app-token".into(), "tok".into())],
            body: "{}".into(),
            ..Default::default()
        };
        let text = har(&wire, 1_700_000_000_000, None, Secrets::Include);
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["log"]["version"], "1.2");
        assert_eq!(v["log"]["entries"][0]["request"]["url"], wire.url);
        assert!(wire_has_credential(&wire));
        let clean = WireRequest {
            headers: vec![],
            ..wire.clone()
        };
        assert!(!wire_has_credential(&clean));
        assert_eq!(
            file_name("kingdee.material.save", "py"),
            "countersign-kingdee.material.save.py"
        );
        assert_eq!(file_name("a/b c", "mjs"), "countersign-a-b-c.mjs");
    }

    fn answer(body: &str) -> Exchange {
        Exchange {
            request: WireRequest {
                method: "GET".into(),
                url: String::new(),
                headers: Vec::new(),
                body: String::new(),
                ..Default::default()
            },
            relay_url: String::new(),
            sent_at_ms: 0.0,
            status: 200,
            status_text: "OK".into(),
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.into(),
            size: body.len(),
            elapsed_ms: 1.0,
            server_timing: Vec::new(),
        }
    }

    #[test]
    fn curl_and_har_without_secrets_hold_none_request_or_answer() {
        let kingdee = WireRequest {
            method: "POST".into(),
            url: "https://api.kingdee.com/jdyconnector/app_management/kingdee_auth_token?app_key=k&app_signature=SIGSECRET".into(),
            headers: vec![("app-token".into(), "TOKSECRET".into())],
            body: "{\"note\":\"CLIENTSECRET echoed\"}".into(),
            ..Default::default()
        };
        let taobao = WireRequest {
            method: "GET".into(),
            url: "https://eco.taobao.com/router/rest?method=a.b&session=SESSSECRET&sign=S".into(),
            headers: vec![],
            body: String::new(),
            ..Default::default()
        };
        let values = [("client_secret", "CLIENTSECRET")];
        let answers = [
            r#"{"code":200,"data":[{"appKey":"k","appSecret":"APPSECRET"}]}"#,
            r#"{"errcode":0,"data":{"app-token":"ISSUEDSECRET","expires":1}}"#,
        ];
        for wire in [&kingdee, &taobao] {
            for body in answers {
                let ex = answer(body);
                let hidden = format!(
                    "{}\n{}",
                    curl_text(wire, Secrets::Hide(&values)),
                    har(wire, 0, Some(&ex), Secrets::Hide(&values))
                );
                for secret in [
                    "SIGSECRET",
                    "TOKSECRET",
                    "SESSSECRET",
                    "APPSECRET",
                    "ISSUEDSECRET",
                    "CLIENTSECRET",
                ] {
                    assert!(!hidden.contains(secret), "{secret} in {hidden}");
                }
                let shown = har(wire, 0, Some(&ex), Secrets::Include);
                assert!(shown.contains("SECRET"));
            }
        }
        let text = curl_text(&kingdee, Secrets::Hide(&values));
        assert!(text.contains("app-token: <app-token>"), "{text}");
        assert!(text.contains("app_signature=%3Capp_signature%3E"), "{text}");
        assert!(text.contains("<client_secret>"), "{text}");
        let text = har(
            &taobao,
            0,
            Some(&answer(answers[0])),
            Secrets::Hide(&values),
        );
        assert!(text.contains("session=%3Csession%3E"), "{text}");
        assert!(text.contains("<appSecret>"), "{text}");
    }
}
