//! From a pasted cURL command, URL or HAR entry to a builder state: the core finds the
//! vendor, API, document and pins; here the request's base URL picks the environment
//! and 旺店通's PHP-style JSON is recognised, so signing again gives the same signature.
//! Pure and tested natively.

use countersign_core::catalog::{self, Api, Environment, EnvironmentKind};
use countersign_core::import::{import, ImportError, Imported};
use countersign_core::relay_protocol;
use countersign_core::share::ShareState;
use countersign_core::wdt::JsonStyle;
use countersign_core::Vendor;

use crate::signature::signing::sign_base;

#[derive(Clone, Debug)]
pub struct Plan {
    pub api: &'static Api,
    pub state: ShareState,
    /// False when no environment signs for the request's base URL; `state.environment`
    /// is then the current (or Mock) environment.
    pub env_matched: bool,
    /// The base URL the request was sent to.
    pub base: String,
    /// Non-secret identifiers the request was made with (app_key, sid, client_id, domain).
    pub identifiers: Vec<(String, String)>,
    /// Required protocol parameters the capture lacks (the builder writes them anew).
    pub missing: Vec<&'static str>,
}

fn trim_base(s: &str) -> &str {
    s.trim().trim_end_matches('/')
}

/// The environment whose signing base is `base`: the current one if it fits, else a real
/// one before the mock (which signs as the real gateway). A URL of this app's own routes
/// names its environment outright: `…/mock/taobao/router/rest` (a mock, as exported) or
/// `…/relay/{upstream}` (what the browser's developer tools show for a send).
pub fn environment_for(
    api: &Api,
    base: &str,
    current: Option<&str>,
) -> Option<&'static Environment> {
    let vendor = api.vendor_info();
    let base = trim_base(base);
    let own_route = vendor.environments.iter().find(|e| {
        (e.base.starts_with('/') && base.ends_with(trim_base(&e.base)))
            || base.ends_with(&relay_protocol::path::relay(&e.upstream, ""))
    });
    if own_route.is_some() {
        return own_route;
    }
    // Without the scheme: a raw HTTP request names only its Host, read as http, and no
    // vendor serves one gateway on both schemes (nor does the scheme enter a signature).
    let fits: Vec<&'static Environment> = vendor
        .environments
        .iter()
        .filter(|e| without_scheme(trim_base(&sign_base(vendor, e))) == without_scheme(base))
        .collect();
    fits.iter()
        .find(|e| Some(e.id.as_str()) == current)
        .or_else(|| fits.iter().find(|e| e.kind != EnvironmentKind::Mock))
        .or_else(|| fits.first())
        .copied()
}

/// The identifiers a request carries that are text (app_key, sid, client_id …), by name.
pub fn identifier_texts(ids: &serde_json::Map<String, serde_json::Value>) -> Vec<(String, String)> {
    ids.iter()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
        .collect()
}

/// The Mock environment, when the request carries its demo identifiers (the mock's app_key,
/// sid or client id): made in Mock, whatever gateway URL it names, so checked with Mock's.
pub fn made_with_demo(api: &Api, identifiers: &[(String, String)]) -> Option<&'static str> {
    let mock = api
        .vendor_info()
        .environments
        .iter()
        .find(|e| e.kind == EnvironmentKind::Mock)?;
    let demo = mock.demo_credentials.as_ref()?;
    let all_demo = !identifiers.is_empty()
        && identifiers
            .iter()
            .all(|(k, v)| demo.get(k).and_then(|d| d.as_str()) == Some(v.as_str()));
    all_demo.then_some(mock.id.as_str())
}

fn without_scheme(url: &str) -> &str {
    url.split_once("://").map_or(url, |(_, rest)| rest)
}

/// `current_env` is the environment the builder uses for that vendor, when any.
pub fn plan(
    text: &str,
    current_env: impl Fn(Vendor) -> Option<String>,
) -> Result<Plan, ImportError> {
    let imported = import(text)?;
    plan_from(imported, text, current_env)
}

fn plan_from(
    imported: Imported,
    text: &str,
    current_env: impl Fn(Vendor) -> Option<String>,
) -> Result<Plan, ImportError> {
    let api = catalog::find(&imported.api).ok_or_else(|| ImportError::UnknownApi {
        api: imported.api.clone(),
    })?;
    let mut options = imported.options.clone();
    // The base picks the environment; paging is part of the 旺店通 document in the
    // builder: neither is a pin.
    let base = options.base.take().unwrap_or_default();
    options.wdt.page = None;
    if imported.vendor == Vendor::Wdt && is_php_json(text) {
        options.wdt.json_style = JsonStyle::Php;
    }
    let identifiers = identifier_texts(&imported.identifiers);
    // Made with the mock's demo identifiers: Mock, as Check signature reads it.
    let current = made_with_demo(api, &identifiers)
        .map(str::to_string)
        .or_else(|| current_env(imported.vendor));
    let env = environment_for(api, &base, current.as_deref());
    let environment = env
        .map(|e| e.id.clone())
        .or(current)
        .or_else(|| {
            api.vendor_info()
                .environments
                .iter()
                .find(|e| e.kind == EnvironmentKind::Mock)
                .map(|e| e.id.clone())
        })
        .unwrap_or_default();
    Ok(Plan {
        api,
        state: ShareState {
            api: api.id.clone(),
            environment,
            document: imported.document,
            options,
            definition: None,
        },
        env_matched: env.is_some(),
        base,
        identifiers,
        missing: imported.missing,
    })
}

/// PHP's `json_encode` writes `\uXXXX` and `\/`; a body written so was signed so.
fn is_php_json(text: &str) -> bool {
    countersign_core::capture::parse(text)
        .map(|c| c.body.contains("\\u") || c.body.contains("\\/"))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::share::pins_and_options;
    use crate::signature::signing::{self, Inputs, Pins, SignOptions};
    use serde_json::{json, Value};

    fn creds(api: &Api) -> Value {
        let env = api.vendor_info().environment("mock").unwrap();
        let mut c = env.demo_credentials.clone().unwrap();
        c.insert("app_token".into(), json!("tok"));
        Value::Object(c)
    }

    /// A customer's own values: the mock's demo ones say a request was made in Mock.
    fn own_creds(api: &Api) -> Value {
        let mut own = creds(api);
        for v in own.as_object_mut().unwrap().values_mut() {
            *v = json!(format!("{}9", v.as_str().unwrap()));
        }
        own
    }

    /// Signs `api`'s example in `env` the way the signature panel does (in production
    /// with a customer's own credentials).
    fn sign(
        api: &'static Api,
        env: &str,
        doc: &Value,
        pins: &Pins,
        o: &SignOptions,
    ) -> countersign_core::Signed {
        signing::sign(&Inputs {
            api,
            document: doc,
            credentials: &if env == "production" {
                own_creds(api)
            } else {
                creds(api)
            },
            env: api.vendor_info().environment(env).unwrap(),
            options: o,
            pins,
            now_ms: 1_700_000_000_000,
            live_nonce: 4_427_456_950,
        })
        .unwrap()
    }

    fn example_in_production(api: &'static Api) -> countersign_core::Signed {
        sign(
            api,
            "production",
            &api.example,
            &Pins::default(),
            &SignOptions::default(),
        )
    }

    /// Every API: sign, export as cURL, import, sign again from the imported state:
    /// the same wire request and signature.
    #[test]
    fn curl_export_import_round_trips_for_every_api() {
        for api in catalog::all() {
            for env in ["mock", "production"] {
                let o = SignOptions {
                    sign_method: "hmac-sha256".into(),
                    ..SignOptions::default()
                };
                let first = sign(api, env, &api.example, &Pins::default(), &o);
                let curl = countersign_core::export::curl(&first.wire);
                let p = plan(&curl, |_| Some(env.to_string()))
                    .unwrap_or_else(|e| panic!("{}: {e}", api.id));
                assert_eq!(p.api.id, api.id);
                assert!(p.env_matched, "{}", api.id);
                assert_eq!(p.state.environment, env, "{}", api.id);
                let (pins, o2) = pins_and_options(&p.state.options);
                let again = sign(api, &p.state.environment, &p.state.document, &pins, &o2);
                assert_eq!(again.sign, first.sign, "{} in {env}", api.id);
                assert_eq!(again.wire, first.wire, "{}", api.id);
            }
        }
    }

    #[test]
    fn a_real_gateway_url_picks_a_real_environment_unless_the_current_one_fits() {
        let api = catalog::find("kingdee.material.save").unwrap();
        let first = example_in_production(api);
        let har = countersign_core::export::har_entry(&first.wire, 0, None);
        let p = plan(&har.to_string(), |_| None).unwrap();
        assert_eq!(p.state.environment, "production");
        let p = plan(&har.to_string(), |_| Some("mock".into())).unwrap();
        assert_eq!(p.state.environment, "mock");
        assert!(p
            .identifiers
            .iter()
            .any(|(k, v)| k == "client_id" && v == "2050229"));
        // A base no environment signs for: kept as the current one, and said so.
        let other = countersign_core::export::curl(&countersign_core::WireRequest {
            url: first.wire.url.replace("api.kingdee.com", "example.com"),
            ..first.wire.clone()
        });
        let p = plan(&other, |_| Some("mock".into())).unwrap();
        assert!(!p.env_matched);
        assert_eq!(
            (p.state.environment.as_str(), p.base.as_str()),
            ("mock", "https://example.com")
        );
    }

    /// A raw HTTP request names its host, not its scheme: Taobao's https gateway still
    /// picks Production.
    #[test]
    fn a_raw_http_request_to_a_real_host_picks_its_environment() {
        let api = catalog::find("taobao.imbalance.create").unwrap();
        let first = example_in_production(api);
        let url = &first.wire.url;
        assert!(
            url.starts_with("https://eco.taobao.com/router/rest?"),
            "{url}"
        );
        let target = &url["https://eco.taobao.com".len()..];
        let body = &first.wire.body;
        let raw = format!(
            "POST {target} HTTP/1.1\nHost: eco.taobao.com\nContent-Type: application/x-www-form-urlencoded\n\n{body}"
        );
        let p = plan(&raw, |_| None).unwrap();
        assert!(p.env_matched, "{}", p.base);
        assert_eq!(p.state.environment, "production");
        // Mock signs as the gateway does: on screen, it fits too.
        let p = plan(&raw, |_| Some("mock".into())).unwrap();
        assert!(p.env_matched, "{}", p.base);
        assert_eq!(p.state.environment, "mock");
    }

    /// A capture with the mock's demo identifiers was made in Mock, whatever URL it names.
    #[test]
    fn the_mocks_demo_identifiers_pick_mock() {
        let api = catalog::find("taobao.imbalance.create").unwrap();
        let made = sign(
            api,
            "mock",
            &api.example,
            &Pins::default(),
            &SignOptions::default(),
        );
        // The mock signs as the gateway does: its URL is the gateway's.
        assert!(
            made.wire.url.starts_with("https://eco.taobao.com/"),
            "{}",
            made.wire.url
        );
        let text = countersign_core::export::curl(&made.wire);
        let p = plan(&text, |_| Some("production".into())).unwrap();
        assert_eq!(p.state.environment, "mock", "{text}");
        assert!(p.env_matched);
    }

    /// A Kingdee URL alone, or as the signature panel shows it: its path names the vendor.
    #[test]
    fn a_bare_kingdee_url_imports() {
        for text in [
            "https://api.kingdee.com/jdy/v2/bd/material",
            "POST https://api.kingdee.com/jdy/v2/bd/material",
            "GET https://api.kingdee.com/jdy/v2/bd/unit?page=2",
        ] {
            let p = plan(text, |_| None).unwrap_or_else(|e| panic!("{text}: {e:?}"));
            assert_eq!(p.api.vendor, Vendor::Kingdee, "{text}");
            assert!(p.env_matched, "{text}: {}", p.base);
        }
        let p = plan("POST https://api.kingdee.com/jdy/v2/bd/material", |_| None).unwrap();
        assert_eq!(p.api.id, "kingdee.material.save");
    }

    /// What the export menu gives in Mock (the mock's own URL) and what the browser's
    /// developer tools show for a send (the relay route) both import as that environment.
    #[test]
    fn the_apps_own_mock_and_relay_urls_pick_their_environment() {
        for api in catalog::all() {
            let vendor = api.vendor_info();
            let first = sign(
                api,
                "mock",
                &api.example,
                &Pins::default(),
                &SignOptions::default(),
            );
            let real = signing::sign_base(vendor, vendor.environment("mock").unwrap());
            for env in &vendor.environments {
                let mine = if env.kind == EnvironmentKind::Mock {
                    env.url("http://127.0.0.1:8080")
                } else {
                    format!("http://127.0.0.1:8080/relay/{}", env.upstream)
                };
                let wire = crate::exchange::export::rebase(&first.wire, &real, &mine);
                assert_ne!(wire.url, first.wire.url, "{}", api.id);
                let p = plan(&countersign_core::export::curl(&wire), |_| None)
                    .unwrap_or_else(|e| panic!("{}: {e}", api.id));
                assert_eq!(p.state.environment, env.id, "{} {}", api.id, wire.url);
                let (pins, o2) = pins_and_options(&p.state.options);
                let again = sign(api, "mock", &p.state.document, &pins, &o2);
                assert_eq!(again.sign, first.sign, "{}", api.id);
            }
        }
    }

    #[test]
    fn wdt_php_style_json_is_recognised() {
        let api = catalog::find("wdt.stockpd.sync").unwrap();
        let o = SignOptions {
            json_style: JsonStyle::Php,
            ..SignOptions::default()
        };
        let mut doc = api.example.clone();
        doc["pdOrder"]["remark"] = json!("盘点 a/b");
        let first = sign(api, "mock", &doc, &Pins::default(), &o);
        assert!(first.wire.body.contains("\\u"), "{}", first.wire.body);
        let p = plan(&countersign_core::export::curl(&first.wire), |_| None).unwrap();
        let (pins, o2) = pins_and_options(&p.state.options);
        assert_eq!(o2.json_style, JsonStyle::Php);
        assert_eq!(
            sign(api, &p.state.environment, &p.state.document, &pins, &o2).sign,
            first.sign
        );
    }

    #[test]
    fn unreadable_input_says_why() {
        assert!(plan("hello", |_| None).is_err());
        assert_eq!(
            plan("https://example.com/x?y=1", |_| None).unwrap_err(),
            ImportError::UnknownVendor
        );
    }
}
