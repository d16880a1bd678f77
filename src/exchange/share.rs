//! The builder state as carried by share links, history entries and imports: API id,
//! environment id, document, and the options in the core builder's names (`timestamp`,
//! `nonce`, `sign_method`, `partner_id`, `simplify`, `target_app_key`, `json_style`).
//! Pure and tested natively; the only browser call is in `mod.rs`.

use countersign_core::share::{self, ShareState};
use countersign_core::Vendor;
use serde_json::{Map, Value};

use crate::signature::signing::{Pins, SignOptions};

/// The options a share link may carry. Anything else (credentials above all) is dropped.
pub const OPTION_NAMES: [&str; 7] = [
    "timestamp",
    "nonce",
    "sign_method",
    "partner_id",
    "simplify",
    "target_app_key",
    "json_style",
];

/// The builder's pins and vendor options as a plain options object (defaults left out).
pub fn options_of(vendor: Vendor, pins: &Pins, o: &SignOptions) -> Value {
    let mut m = Map::new();
    let mut put = |k: &str, v: &str| {
        if !v.trim().is_empty() {
            m.insert(k.into(), Value::from(v.trim()));
        }
    };
    put("timestamp", &pins.timestamp);
    match vendor {
        Vendor::Taobao => {
            if o.sign_method != SignOptions::default().sign_method {
                put("sign_method", &o.sign_method);
            }
            put("partner_id", &o.partner_id);
            put("target_app_key", &o.target_app_key);
            if o.simplify {
                m.insert("simplify".into(), Value::Bool(true));
            }
        }
        Vendor::Wdt => {
            if o.json_style != SignOptions::default().json_style {
                put("json_style", &o.json_style);
            }
        }
        Vendor::Kingdee => put("nonce", &pins.nonce),
    }
    Value::Object(m)
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The inverse of [`options_of`]: what the builder's pins and options become. Missing
/// options take their defaults, so a restored state is exactly the shared one.
pub fn pins_and_options(options: &Value) -> (Pins, SignOptions) {
    let get = |k: &str| options.get(k).and_then(text).unwrap_or_default();
    let pins = Pins {
        timestamp: get("timestamp"),
        nonce: get("nonce"),
    };
    let d = SignOptions::default();
    let or = |v: String, default: String| if v.trim().is_empty() { default } else { v };
    let o = SignOptions {
        sign_method: or(get("sign_method"), d.sign_method),
        partner_id: get("partner_id"),
        simplify: matches!(get("simplify").trim(), "true" | "1"),
        target_app_key: get("target_app_key"),
        json_style: or(get("json_style"), d.json_style),
    };
    (pins, o)
}

/// The state a link carries: known options only, secret-looking document fields
/// redacted (e.g. Kingdee `app_signature`, which works like a password).
pub fn share_state(api: &str, environment: &str, document: &Value, options: &Value) -> ShareState {
    let options: Map<String, Value> = options
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, v)| OPTION_NAMES.contains(&k.as_str()) && !v.is_null())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    ShareState {
        api: api.into(),
        environment: environment.into(),
        document: crate::history::redact_keys(document.clone()).0,
        options: Value::Object(options),
        definition: None,
    }
}

/// `{page}#share=v1.…`; `page` is the address without its fragment.
pub fn link(page: &str, state: &ShareState) -> String {
    let page = page.split('#').next().unwrap_or_default();
    format!("{page}#share={}", share::encode(state))
}

/// The state in a location hash; `None` when the hash is not a share link at all.
pub fn from_hash(hash: &str) -> Option<Result<ShareState, share::ShareError>> {
    let h = hash.trim_start_matches('#');
    h.starts_with("share=").then(|| share::decode(h))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn options_round_trip_through_pins_and_sign_options() {
        let pins = Pins {
            timestamp: "2016-09-09 12:00:00".into(),
            nonce: String::new(),
        };
        let o = SignOptions {
            sign_method: "hmac".into(),
            simplify: true,
            partner_id: "top-sdk".into(),
            ..SignOptions::default()
        };
        let v = options_of(Vendor::Taobao, &pins, &o);
        assert_eq!(
            v,
            json!({"timestamp": "2016-09-09 12:00:00", "sign_method": "hmac", "partner_id": "top-sdk", "simplify": true})
        );
        assert_eq!(pins_and_options(&v), (pins, o));
        // Defaults stay out of the link, and come back as defaults.
        let k = options_of(
            Vendor::Kingdee,
            &Pins {
                timestamp: String::new(),
                nonce: "42".into(),
            },
            &SignOptions::default(),
        );
        assert_eq!(k, json!({"nonce": "42"}));
        let (p, o) = pins_and_options(&json!({"nonce": 42, "simplify": "true"}));
        assert_eq!(
            (p.nonce.as_str(), o.simplify, o.sign_method.as_str()),
            ("42", true, "md5")
        );
    }

    #[test]
    fn share_links_never_carry_credentials() {
        let secrets = ["helloworld", "tok-777", "sig-999", "mock-session"];
        let options = json!({
            "nonce": "42",
            "app_secret": "helloworld",
            "credentials": {"session": "mock-session"},
            "base": "https://api.kingdee.com",
        });
        let document = json!({"app_key": "k", "app_signature": "sig-999", "nested": [{"app-token": "tok-777"}], "name": "测试"});
        let state = share_state("kingdee.app_token", "mock", &document, &options);
        let url = link("http://127.0.0.1:8080/#old", &state);
        assert!(url.starts_with("http://127.0.0.1:8080/#share=v1."), "{url}");
        let back = from_hash(&url[url.find('#').unwrap()..]).unwrap().unwrap();
        assert_eq!(back, state);
        let text = serde_json::to_string(&back).unwrap();
        for s in secrets {
            assert!(!text.contains(s), "{s} in {text}");
        }
        assert_eq!(back.options, json!({"nonce": "42"}));
        assert_eq!(back.document["name"], "测试");
        assert_eq!(back.document["app_key"], "k");
        assert!(from_hash("#/other").is_none());
        assert!(from_hash("#share=garbage").unwrap().is_err());
    }
}
