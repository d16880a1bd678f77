//! The builder state as carried by share links, history entries and imports: API id,
//! environment id, document, and the core's typed [`BuildOptions`] (pins and the vendor
//! options a person chose). Pure and tested natively; the only browser call is in `mod.rs`.

use countersign_core::share::{self, ShareState};
use countersign_core::{BuildOptions, Vendor};
use serde_json::Value;

use crate::i18n::Lang;
use crate::signature::signing::{Pins, SignOptions};

/// The builder's pins and vendor options, typed, for `vendor` (defaults left out, so a
/// link written now reads as one written by any earlier version).
pub fn options_of(vendor: Vendor, pins: &Pins, o: &SignOptions) -> BuildOptions {
    let text = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
    let mut out = BuildOptions {
        timestamp: text(&pins.timestamp),
        ..BuildOptions::default()
    };
    match vendor {
        Vendor::Taobao => {
            let t = &mut out.taobao;
            t.sign_method =
                text(&o.sign_method).filter(|m| *m != SignOptions::default().sign_method);
            t.partner_id = text(&o.partner_id);
            t.target_app_key = text(&o.target_app_key);
            t.simplify = o.simplify.then_some(true);
        }
        Vendor::Wdt => out.wdt.json_style = o.json_style,
        Vendor::Kingdee => out.kingdee.nonce = text(&pins.nonce),
    }
    out
}

/// The inverse of [`options_of`]: what the builder's pins and options become. Missing
/// options take their defaults, so a restored state is exactly the shared one.
pub fn pins_and_options(options: &BuildOptions) -> (Pins, SignOptions) {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let pins = Pins {
        timestamp: text(&options.timestamp),
        nonce: text(&options.kingdee.nonce),
    };
    let t = &options.taobao;
    let d = SignOptions::default();
    let o = SignOptions {
        sign_method: t
            .sign_method
            .clone()
            .filter(|m| !m.trim().is_empty())
            .unwrap_or(d.sign_method),
        partner_id: text(&t.partner_id),
        simplify: t.simplify == Some(true),
        target_app_key: text(&t.target_app_key),
        json_style: options.wdt.json_style,
    };
    (pins, o)
}

/// The state a link carries: the options a person chose (not where the request went),
/// secret-looking document fields left out (e.g. Kingdee `app_signature`, which works
/// like a password: the recipient's app computes it from their own credentials). The
/// options' type has no place for a credential.
pub fn share_state(
    api: &str,
    environment: &str,
    document: &Value,
    options: &BuildOptions,
) -> ShareState {
    let mut document = document.clone();
    countersign_core::export::redact::drop_secret_fields(&mut document);
    ShareState {
        api: api.into(),
        environment: environment.into(),
        document,
        options: options.shareable(),
        definition: None,
    }
}

/// `{page}#share=v1.…&lang=zh`; `page` is the address without its fragment. The sharer's
/// language goes along: a class's links open in 中文 on lab machines set to English,
/// unless the person there chose a language in the app before ([`lang_of_hash`]).
pub fn link(page: &str, state: &ShareState, lang: Lang) -> String {
    let page = page.split('#').next().unwrap_or_default();
    format!("{page}#share={}&lang={}", share::encode(state), lang.code())
}

/// The state in a location hash; `None` when the hash is not a share link at all.
pub fn from_hash(hash: &str) -> Option<Result<ShareState, share::ShareError>> {
    let h = hash.trim_start_matches('#');
    let state = h.split('&').next().unwrap_or_default();
    state.starts_with("share=").then(|| share::decode(state))
}

/// The language a share link was made in (links made before it went along have none).
pub fn lang_of_hash(hash: &str) -> Option<Lang> {
    let h = hash.trim_start_matches('#');
    if !h.starts_with("share=") {
        return None;
    }
    h.split('&')
        .find_map(|part| part.strip_prefix("lang="))
        .map(Lang::from_tag)
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
            serde_json::to_value(&v).unwrap(),
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
        assert_eq!(serde_json::to_value(&k).unwrap(), json!({"nonce": "42"}));
        // What links and history entries hold, read as they always were.
        let stored = serde_json::from_value(json!({"nonce": 42, "simplify": "true"})).unwrap();
        let (p, o) = pins_and_options(&stored);
        assert_eq!(
            (p.nonce.as_str(), o.simplify, o.sign_method.as_str()),
            ("42", true, "md5")
        );
    }

    #[test]
    fn a_link_carries_its_language_and_old_links_still_open() {
        let state = share_state(
            "kingdee.app_token",
            "mock",
            &json!({}),
            &BuildOptions::default(),
        );
        let url = link("http://x/", &state, Lang::En);
        let hash = &url[url.find('#').unwrap()..];
        assert_eq!(lang_of_hash(hash), Some(Lang::En));
        assert_eq!(from_hash(hash).unwrap().unwrap(), state);
        // A link from before the language went along.
        let old = hash.split('&').next().unwrap();
        assert_eq!(lang_of_hash(old), None);
        assert_eq!(from_hash(old).unwrap().unwrap(), state);
        assert_eq!(lang_of_hash("#/taobao.x"), None);
    }

    #[test]
    fn share_links_never_carry_credentials() {
        let secrets = ["helloworld", "tok-777", "sig-999", "mock-session"];
        // An options object as an old link or a hand-edited one may hold.
        let options: BuildOptions = serde_json::from_value(json!({
            "nonce": "42",
            "app_secret": "helloworld",
            "credentials": {"session": "mock-session"},
            "base": "https://api.kingdee.com",
        }))
        .unwrap();
        let document = json!({"app_key": "k", "app_signature": "sig-999", "nested": [{"app-token": "tok-777"}], "name": "测试"});
        let state = share_state("kingdee.app_token", "mock", &document, &options);
        let url = link("http://127.0.0.1:8080/#old", &state, Lang::Zh);
        assert!(url.starts_with("http://127.0.0.1:8080/#share=v1."), "{url}");
        let hash = &url[url.find('#').unwrap()..];
        assert_eq!(lang_of_hash(hash), Some(Lang::Zh));
        let back = from_hash(hash).unwrap().unwrap();
        assert_eq!(back, state);
        let text = serde_json::to_string(&back).unwrap();
        for s in secrets {
            assert!(!text.contains(s), "{s} in {text}");
        }
        assert_eq!(
            serde_json::to_value(&back.options).unwrap(),
            json!({"nonce": "42"})
        );
        assert_eq!(back.document["name"], "测试");
        assert_eq!(back.document["app_key"], "k");
        // Left out, not replaced: a placeholder would be signed and sent as the value,
        // while a missing app_signature is computed from the recipient's credentials.
        assert_eq!(
            back.document,
            json!({"app_key": "k", "nested": [{}], "name": "测试"})
        );
        assert!(from_hash("#/other").is_none());
        assert!(from_hash("#share=garbage").unwrap().is_err());
    }
}
