//! From the builder's state to a signed request, the way the signature panel and Send
//! need it. Pure: the clock and the nonce are inputs, so pinning them reproduces a
//! customer's signature exactly. Tested natively against the vectors of signing.md.

use countersign_core::catalog::{self, Api, BuildError, Environment, EnvironmentKind, VendorInfo};
use countersign_core::wdt::JsonStyle;
use countersign_core::{BuildOptions, Localise, SignError, Signed, Signer, Vendor};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::i18n::Lang;
use crate::send::outcome::RelayTarget;

/// Values the user pinned; empty means live (the clock, a fresh nonce).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Pins {
    /// As sent on the wire: Taobao `yyyy-MM-dd HH:mm:ss` (or ms), 旺店通 seconds since
    /// 2012, Kingdee Unix ms.
    pub timestamp: String,
    pub nonce: String,
}

impl Pins {
    /// A timestamp is pinned: the signature no longer follows the clock.
    pub fn timestamp_pinned(&self) -> bool {
        !self.timestamp.trim().is_empty()
    }
}

/// The vendor options the panel offers (Taobao system parameters, 旺店通 JSON style), as
/// its fields edit them; [`crate::exchange::share::options_of`] makes the core's typed
/// [`BuildOptions`] of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignOptions {
    pub sign_method: String,
    pub partner_id: String,
    pub simplify: bool,
    pub target_app_key: String,
    /// Compact, or PHP's `json_encode` (what the PHP client signs).
    pub json_style: JsonStyle,
}

impl Default for SignOptions {
    fn default() -> Self {
        Self {
            sign_method: "md5".into(),
            partner_id: String::new(),
            simplify: false,
            target_app_key: String::new(),
            json_style: JsonStyle::Compact,
        }
    }
}

/// Why there is no signature, naming the input at fault.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    Build(BuildError),
    /// The document is valid JSON but no object (`[1,2,3]` typed in the JSON tab).
    NotAnObject,
    Sign(SignError),
}

impl Problem {
    /// The input at fault (`credentials.app_secret`, `nonce`, …), for highlighting.
    pub fn field(&self) -> Option<String> {
        match self {
            Self::Build(BuildError::MissingCredential { name, .. })
            | Self::Build(BuildError::InvalidCredential { name }) => {
                Some(format!("credentials.{name}"))
            }
            Self::Build(BuildError::InvalidOption { name, .. }) => Some(name.clone()),
            Self::Build(_) | Self::NotAnObject => None,
            Self::Sign(e) => Some(e.field()),
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::Build(e), _) => e.localise(lang),
            (Self::NotAnObject, l) => l
                .pick(
                    "请求文档必须是 JSON 对象（{…}）",
                    "the document must be a JSON object ({…})",
                )
                .into(),
            (Self::Sign(e), _) => e.localise(lang),
        }
    }

    /// True when the credentials dialog is where to fix it.
    pub fn is_credential(&self) -> bool {
        self.field().is_some_and(|f| f.starts_with("credentials."))
    }
}

/// The base the request is signed for. The mocks are signed as the real gateway (the URL
/// looks like the one a customer sends); the relay then swaps that base for the mock's.
pub fn sign_base(vendor: &VendorInfo, env: &Environment) -> String {
    if env.kind == EnvironmentKind::Mock {
        if let Some(real) = vendor
            .environments
            .iter()
            .find(|e| e.kind == EnvironmentKind::Production)
        {
            return real.base.clone();
        }
    }
    env.base.clone()
}

/// Where Send goes for this environment.
pub fn relay_target(
    vendor: &VendorInfo,
    env: &Environment,
    relay_base: &str,
    token: &str,
) -> RelayTarget {
    RelayTarget {
        relay_base: relay_base.trim().trim_end_matches('/').to_string(),
        upstream: env.upstream.clone(),
        upstream_base: sign_base(vendor, env),
        token: Some(token.trim().to_string()).filter(|t| !t.is_empty()),
    }
}

/// Everything a signature depends on.
pub struct Inputs<'a> {
    pub api: &'a Api,
    pub document: &'a Value,
    pub credentials: &'a Value,
    pub env: &'a Environment,
    pub options: &'a SignOptions,
    pub pins: &'a Pins,
    pub now_ms: i64,
    /// Used for Kingdee when the nonce is not pinned.
    pub live_nonce: u64,
}

/// The catalog builder's options for these inputs: the pins and vendor options as a
/// link keeps them, the base signed for, and the live nonce when none is pinned.
pub fn build_options(i: &Inputs) -> BuildOptions {
    let mut o = crate::exchange::share::options_of(i.api.vendor, i.pins, i.options);
    o.base = Some(sign_base(i.api.vendor_info(), i.env));
    if i.api.vendor == Vendor::Kingdee && o.kingdee.nonce.is_none() {
        o.kingdee.nonce = Some(i.live_nonce.max(1).to_string());
    }
    o
}

/// Builds and signs. Never panics: every failure is a [`Problem`] naming its input.
pub fn sign(i: &Inputs) -> Result<Signed, Problem> {
    if !i.document.is_object() {
        return Err(Problem::NotAnObject);
    }
    // `build_request`, not `build_sign_input` and `SignRequest::from_value`: it also tells
    // the signer that a catalog API's body is its own JSON, not to be parsed again.
    let request = catalog::build_request(
        i.api,
        i.document,
        i.credentials,
        Some(i.now_ms),
        &build_options(i),
    )
    .map_err(Problem::Build)?;
    request.sign().map_err(Problem::Sign)
}

/// The timestamp as the wire carries it at `now_ms` (what "use current" pins).
pub fn live_timestamp(vendor: Vendor, now_ms: i64) -> String {
    match vendor {
        Vendor::Taobao => countersign_core::clock::beijing(now_ms),
        Vendor::Wdt => countersign_core::wdt::timestamp_from_unix_ms(now_ms).to_string(),
        Vendor::Kingdee => now_ms.to_string(),
    }
}

/// A pinned timestamp as the vendor's gateway reads it (ms since the epoch), if it does.
fn pinned_ms(vendor: Vendor, pinned: &str) -> Option<i64> {
    let t = pinned.trim();
    match vendor {
        Vendor::Taobao => countersign_core::vendor::taobao::parse_timestamp(t),
        Vendor::Wdt => countersign_core::vendor::wdt::parse_timestamp(t),
        Vendor::Kingdee => countersign_core::vendor::kingdee::parse_timestamp(t),
    }
}

/// Whether a pinned timestamp reads as the vendor's (it is signed as typed either way).
pub fn timestamp_reads(vendor: Vendor, pinned: &str) -> bool {
    pinned_ms(vendor, pinned).is_some()
}

/// A pinned timestamp in Beijing time, to check it at a glance ("" when it does not parse,
/// or is Taobao's, which is written in Beijing time already).
pub fn timestamp_as_time(vendor: Vendor, pinned: &str) -> String {
    if vendor == Vendor::Taobao && pinned.contains('-') {
        return String::new();
    }
    pinned_ms(vendor, pinned)
        .map(|ms| countersign_core::clock::beijing_shown(ms, 0..19))
        .unwrap_or_default()
}

/// A random positive nonce, as Kingdee's SDKs draw them (13 digits like a timestamp).
pub fn nonce_from(random: f64) -> u64 {
    let n = (random.clamp(0.0, 1.0) * 9e12) as u64 + 1_000_000_000_000;
    n.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn api(id: &str) -> &'static Api {
        catalog::all().iter().find(|a| a.id == id).expect(id)
    }

    fn env(api: &Api, id: &str) -> &'static Environment {
        api.vendor_info().environment(id).expect(id)
    }

    static NO_OPTIONS: std::sync::LazyLock<SignOptions> =
        std::sync::LazyLock::new(SignOptions::default);

    /// A test's inputs: default vendor options; clock and live nonce at 1 unless it says.
    fn inputs<'a>(
        api: &'a Api,
        env: &'a Environment,
        document: &'a Value,
        credentials: &'a Value,
        pins: &'a Pins,
    ) -> Inputs<'a> {
        Inputs {
            api,
            document,
            credentials,
            env,
            options: &NO_OPTIONS,
            pins,
            now_ms: 1,
            live_nonce: 1,
        }
    }

    /// signing.md T1, reproduced by pinning the timestamp.
    #[test]
    fn taobao_vector_t1_with_pinned_timestamp() {
        let a = api("taobao.imbalance.create");
        let req_dto = r#"{"owner_code":"AX5886","warehouse_code":"STA","occupy_order_id":"IM1234","adjust_type":"ADJUST","out_biz_code":"1234567890","items":[{"order_line_id":"I1234","item_code":"I1234","inventory_type":"ZP","lock_quantity":12}],"operate_time":"2016-09-09 12:00:00"}"#;
        let doc = json!({ "req_dto": serde_json::from_str::<Value>(req_dto).unwrap() });
        let creds = json!({"app_key": "12345678", "app_secret": "helloworld"});
        let pins = Pins {
            timestamp: "2016-09-09 12:00:00".into(),
            nonce: String::new(),
        };
        let signed = sign(&inputs(a, env(a, "production"), &doc, &creds, &pins)).unwrap();
        assert_eq!(signed.sign, "A6076B31F453B49C1725BF98EE6F2669");
        assert!(signed
            .wire
            .url
            .starts_with("https://eco.taobao.com/router/rest?"));
    }

    /// signing.md K1: the app-token request, nonce and timestamp pinned.
    #[test]
    fn kingdee_vector_k1_with_pinned_nonce_and_timestamp() {
        let a = api("kingdee.app_token");
        let doc = json!({
            "app_key": "bVZgAZOv1",
            "app_signature": "MzZlYTk0ODk4MWZlNjdiODNmNWU4YzViNzYxNGM5MTFlOGJkN2NjMzk0MTJkZGNhZGM0NzZhN2YxZDJmOTlkZA==",
        });
        let creds = json!({"client_id": "x", "client_secret": "f2adcfef73369bfc4e1384677d38a0ff"});
        let pins = Pins {
            timestamp: "1670305063559".into(),
            nonce: "4427456950".into(),
        };
        let signed = sign(&inputs(a, env(a, "production"), &doc, &creds, &pins)).unwrap();
        assert_eq!(
            signed.sign,
            "OTFiZTliNDFiMjNkYTI3YzVhNzg4MDI4ZGU3MWY1ZTA5ZTk1NjVlNGM1YTI1ZjIxY2Y5YTA3ZGY2OGI1MGQ1MQ=="
        );
    }

    #[test]
    fn mocks_are_signed_as_the_real_gateway_and_relayed_to_the_mock() {
        let a = api("kingdee.inv_synchronous.list");
        let mock = env(a, "mock");
        let doc = json!({"ids": ["a", "b"]});
        let creds =
            json!({"client_id": "205022", "client_secret": "0123456789abcdef0123456789abcdef"});
        let pins = Pins {
            timestamp: "1670305063559".into(),
            nonce: "4427456950".into(),
        };
        let signed = sign(&Inputs {
            live_nonce: 7,
            ..inputs(a, mock, &doc, &creds, &pins)
        })
        .unwrap();
        assert_eq!(
            signed.wire.url,
            "https://api.kingdee.com/jdy/v2/inv/inv_synchronous?ids=a%2Cb"
        );
        assert_eq!(signed.wire.header("X-Api-Nonce"), Some("4427456950"));
        let target = relay_target(a.vendor_info(), mock, "", "");
        assert_eq!(
            target.relay_url(&signed.wire.url).unwrap(),
            "/relay/mock-kingdee/jdy/v2/inv/inv_synchronous?ids=a%2Cb"
        );
        let t = api("taobao.imbalance.create");
        let target = relay_target(t.vendor_info(), env(t, "mock"), "http://x:1/", "");
        assert_eq!(
            target
                .relay_url("https://eco.taobao.com/router/rest?a=1")
                .unwrap(),
            "http://x:1/relay/mock-taobao?a=1"
        );
    }

    #[test]
    fn live_nonce_and_clock_are_used_when_not_pinned() {
        let a = api("kingdee.inv_synchronous.list");
        let creds = json!({"client_id": "1", "client_secret": "s"});
        let signed = sign(&Inputs {
            now_ms: 1_700_000_000_000,
            live_nonce: 42,
            ..inputs(
                a,
                env(a, "production"),
                &json!({}),
                &creds,
                &Pins::default(),
            )
        })
        .unwrap();
        assert_eq!(signed.wire.header("X-Api-Nonce"), Some("42"));
        assert_eq!(signed.wire.header("X-Api-TimeStamp"), Some("1700000000000"));
    }

    #[test]
    fn problems_name_the_field() {
        let a = api("wdt.stockpd.sync");
        let creds = json!({"sid": "s", "app_key": "k", "app_secret": "nocolon"});
        let err = sign(&Inputs {
            now_ms: 1_700_000_000_000,
            ..inputs(a, env(a, "mock"), &a.example, &creds, &Pins::default())
        })
        .unwrap_err();
        assert_eq!(err.field().as_deref(), Some("credentials.app_secret"));
        assert!(err.is_credential());
        assert!(err.message(Lang::Zh).contains("secret:salt"));
        let bad_nonce = Pins {
            timestamp: String::new(),
            nonce: "abc".into(),
        };
        let k = api("kingdee.inv_synchronous.list");
        let err = sign(&Inputs {
            api: k,
            document: &json!({}),
            credentials: &json!({"client_id": "1", "client_secret": "s"}),
            env: env(k, "mock"),
            options: &SignOptions::default(),
            pins: &bad_nonce,
            now_ms: 1,
            live_nonce: 1,
        })
        .unwrap_err();
        assert_eq!(err.field().as_deref(), Some("nonce"));
        assert_eq!(
            live_timestamp(Vendor::Taobao, 1_473_393_600_000),
            "2016-09-09 12:00:00"
        );
        assert_eq!(live_timestamp(Vendor::Wdt, 1_557_970_353_000), "232623153");
        assert_eq!(
            timestamp_as_time(Vendor::Wdt, "232623153"),
            "2019-05-16 09:32:33 (GMT+8)"
        );
        assert_eq!(timestamp_as_time(Vendor::Kingdee, "x"), "");
        assert!(timestamp_reads(Vendor::Taobao, "2016-09-09 12:00:00"));
        assert!(!timestamp_reads(Vendor::Taobao, "2026-13-45 99:99:99"));
        assert!(!timestamp_reads(Vendor::Taobao, "garbage"));
        assert!(timestamp_reads(Vendor::Kingdee, "1473393600000"));
        assert!(!timestamp_reads(Vendor::Kingdee, "2026-12-03 10:00:00"));
        assert!(timestamp_reads(Vendor::Wdt, "232623153"));
        assert!(nonce_from(0.0) >= 1 && nonce_from(1.0) <= 10_000_000_000_000);
    }
}
