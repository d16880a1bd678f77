//! Runnable Python 3 and Node.js scripts that build, sign and send a request. Unlike a
//! snippet with a fixed signature, they sign at run time, so they keep working.

use serde_json::{Map, Value};

use crate::request::SignRequest;
use crate::value::to_text;
use crate::{kingdee, taobao, wdt};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScriptLanguage {
    Python,
    Node,
}

/// Where a script finds its credentials.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ScriptCredentials<'a> {
    /// In the environment only: the file carries none.
    Environment,
    /// In the environment, else these values (credential name → value) written into the
    /// file. Only for a mock's published demo credentials, so that a script exported in
    /// Mock runs as it is.
    DemoDefaults(&'a Map<String, Value>),
}

const PRELUDE_PY: &str = include_str!("scripts/prelude.py");
const PRELUDE_MJS: &str = include_str!("scripts/prelude.mjs");

fn vendor_part(request: &SignRequest, language: ScriptLanguage) -> &'static str {
    use ScriptLanguage::*;
    match (request, language) {
        (SignRequest::Taobao(_), Python) => include_str!("scripts/taobao.py"),
        (SignRequest::Taobao(_), Node) => include_str!("scripts/taobao.mjs"),
        (SignRequest::Wdt(_), Python) => include_str!("scripts/wdt.py"),
        (SignRequest::Wdt(_), Node) => include_str!("scripts/wdt.mjs"),
        (SignRequest::Kingdee(_), Python) => include_str!("scripts/kingdee.py"),
        (SignRequest::Kingdee(_), Node) => include_str!("scripts/kingdee.mjs"),
    }
}

/// A JSON string literal, which Python and JavaScript both read as the same string.
fn literal(text: &str) -> String {
    Value::String(text.to_string()).to_string()
}

/// A JSON object of strings, as a string literal for `json.loads` / `JSON.parse`.
fn object_literal<'a>(pairs: impl IntoIterator<Item = (&'a str, Option<String>)>) -> String {
    let map: Map<String, Value> = pairs
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k.to_string(), Value::String(v))))
        .collect();
    literal(&Value::Object(map).to_string())
}

fn non_blank(value: &Option<String>, default: &str) -> String {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .unwrap_or(default)
        .to_string()
}

/// The environment variables a vendor's script reads its credentials from, each beside the
/// credential (its name in the catalog) it holds.
fn credential_variables(request: &SignRequest) -> &'static [(&'static str, &'static str)] {
    match request {
        SignRequest::Taobao(_) => &[
            ("TAOBAO_APP_KEY", "app_key"),
            ("TAOBAO_APP_SECRET", "app_secret"),
            ("TAOBAO_SESSION", "session"),
        ],
        SignRequest::Wdt(_) => &[
            ("WDT_SID", "sid"),
            ("WDT_APPKEY", "app_key"),
            ("WDT_APPSECRET", "app_secret"),
        ],
        SignRequest::Kingdee(_) => &[
            ("KINGDEE_CLIENT_ID", "client_id"),
            ("KINGDEE_CLIENT_SECRET", "client_secret"),
            ("KINGDEE_DOMAIN", "domain"),
            ("KINGDEE_APP_TOKEN", "app_token"),
            ("KINGDEE_APP_KEY", "app_key"),
            ("KINGDEE_APP_SECRET", "app_secret"),
        ],
    }
}

/// The placeholders each vendor's script takes, and the environment it reads.
fn placeholders(request: &SignRequest) -> (Vec<(&'static str, String)>, &'static str) {
    match request {
        SignRequest::Taobao(r) => (
            vec![
                ("GATEWAY", literal(&non_blank(&r.gateway, taobao::GATEWAY))),
                ("METHOD", literal(&r.method)),
                ("SIGN_METHOD", literal(&non_blank(&r.sign_method, "md5"))),
                (
                    "EXTRA_SYSTEM",
                    object_literal([
                        ("partner_id", r.partner_id.clone()),
                        ("simplify", r.simplify.as_ref().and_then(to_text)),
                        ("target_app_key", r.target_app_key.clone()),
                    ]),
                ),
                ("PARAMS", object_literal(r.params.iter().map(|(k, v)| (k.as_str(), to_text(v))))),
            ],
            "TAOBAO_APP_KEY, TAOBAO_APP_SECRET, TAOBAO_SESSION (optional), TAOBAO_GATEWAY (optional)",
        ),
        SignRequest::Wdt(r) => {
            let page = r.page.clone().unwrap_or_default();
            let page_text = |v: &Option<Value>| match v {
                Some(Value::Bool(b)) => Some(if *b { "1" } else { "0" }.to_string()),
                other => other.as_ref().and_then(to_text),
            };
            (
                vec![
                    ("BASE", literal(&non_blank(&r.base, wdt::BASE))),
                    ("METHOD", literal(&r.method)),
                    ("BODY", literal(&r.body)),
                    (
                        "PAGE",
                        object_literal([
                            ("page_size", page_text(&page.page_size)),
                            ("page_no", page_text(&page.page_no)),
                            ("calc_total", page_text(&page.calc_total)),
                        ]),
                    ),
                ],
                "WDT_SID, WDT_APPKEY, WDT_APPSECRET (secret:salt), WDT_BASE (optional)",
            )
        }
        SignRequest::Kingdee(r) => (
            vec![
                ("BASE", literal(&non_blank(&r.base, kingdee::BASE))),
                ("HTTP_METHOD", literal(&r.http_method.trim().to_ascii_uppercase())),
                ("PATH", literal(r.path.trim())),
                ("QUERY", object_literal(r.query.iter().map(|(k, v)| (k.as_str(), to_text(v))))),
                ("BODY", literal(r.body.as_deref().unwrap_or(""))),
            ],
            "KINGDEE_CLIENT_ID, KINGDEE_CLIENT_SECRET, KINGDEE_DOMAIN, and KINGDEE_APP_TOKEN or \
             KINGDEE_APP_KEY + KINGDEE_APP_SECRET, KINGDEE_BASE (optional)",
        ),
    }
}

/// The script's text. The credentials in `request` are never written: the script reads them
/// from the environment, else (only with [`ScriptCredentials::DemoDefaults`]) from the
/// demo values given.
pub fn script(
    request: &SignRequest,
    title: &str,
    language: ScriptLanguage,
    credentials: ScriptCredentials<'_>,
) -> String {
    let prelude = match language {
        ScriptLanguage::Python => PRELUDE_PY,
        ScriptLanguage::Node => PRELUDE_MJS,
    };
    let (values, env_help) = placeholders(request);
    let (note, defaults) = match credentials {
        ScriptCredentials::Environment => (
            "Credentials are read from the environment, never written into this file:",
            object_literal([]),
        ),
        ScriptCredentials::DemoDefaults(values) => (
            "Credentials are read from the environment; where it sets none, the mock's \
             public demo values in DEFAULTS are used:",
            object_literal(
                credential_variables(request)
                    .iter()
                    .map(|(variable, name)| {
                        let value = values.get(*name).and_then(Value::as_str);
                        (*variable, value.map(str::to_string))
                    }),
            ),
        ),
    };
    let mut text = format!("{prelude}{}", vendor_part(request, language));
    text = text
        .replace("{{TITLE}}", &title.replace('\n', " "))
        .replace("{{CREDENTIALS_NOTE}}", note)
        .replace("{{DEFAULTS}}", &defaults)
        .replace("{{ENV_HELP}}", env_help);
    for (name, value) in values {
        text = text.replace(&format!("{{{{{name}}}}}"), &value);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scripts_fill_every_placeholder_and_carry_no_secret() {
        let inputs = [
            json!({"vendor": "taobao", "credentials": {"app_key": "k", "app_secret": "s3cr3t"}, "method": "m",
                   "params": {"req_dto": "{\"a\":\"it's \\\"盘\\\"\"}"}}),
            json!({"vendor": "wdt", "credentials": {"app_secret": "s3cr3t:salt"}, "method": "m", "body": "[\"\\u76d8\"]",
                   "page": {"page_size": 10, "calc_total": true}}),
            json!({"vendor": "kingdee", "credentials": {"client_secret": "s3cr3t"}, "http_method": "get",
                   "path": "/jdy/v2/inv/inv_synchronous", "query": {"ids": "a,b"}}),
        ];
        for input in inputs {
            let request = SignRequest::from_value(input).unwrap();
            for language in [ScriptLanguage::Python, ScriptLanguage::Node] {
                let text = script(&request, "t", language, ScriptCredentials::Environment);
                assert!(!text.contains("{{"), "{text}");
                assert!(!text.contains("s3cr3t"), "{text}");
                // Only a mock's demo values are written in, and then as defaults.
                let demo = json!({"app_secret": "d3m0", "client_secret": "d3m0"});
                let demo = ScriptCredentials::DemoDefaults(demo.as_object().unwrap());
                let text = script(&request, "t", language, demo);
                assert!(!text.contains("{{"), "{text}");
                assert!(!text.contains("s3cr3t"), "{text}");
                assert!(text.contains("d3m0"), "{text}");
            }
        }
    }
}
