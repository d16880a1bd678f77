//! The signature check's inputs, made ready for `countersign_core::verify`: which vendor
//! and API a pasted request is, the credentials to try, and "now" as typed. Pure.

//!
//! The feature: this file (pure), `diff` (where two strings-to-sign part), `state` (the
//! pasted text, credentials and clock the view keeps) and `view`.

pub mod diff;
pub mod sent_before;
mod state;
mod view;

pub use state::install;
pub use view::{har_request, CheckView, HarPick};

/// Puts a captured request on the page, as if pasted (the import dialog's "Check
/// signature" hands its text over).
pub fn paste(text: String) {
    use leptos::prelude::Set;
    state::use_check().text.set(text);
}

use countersign_core::capture;
use countersign_core::catalog::{self, Api};
use countersign_core::verify::{verify, Verdict, VerifyError, VerifyInput};
use countersign_core::Vendor;

use crate::credentials::store::CredSet;

/// What the pasted text is, before any credential is needed.
#[derive(Clone, Debug, PartialEq)]
pub struct Detected {
    pub vendor: Vendor,
    pub api: Option<&'static Api>,
    /// The method or path it calls (a custom request's own).
    pub endpoint: String,
    pub method: String,
    pub url: String,
    /// The environment the request was sent to, read from its URL (a customer's
    /// production call is checked with production's credentials, not the mock's), or Mock
    /// when it carries the mock's demo identifiers.
    pub env: Option<&'static str>,
    /// The non-secret identifiers the request carries, by credential name (`app_key`,
    /// `sid`, `client_id`, …): they fill the credential boxes left empty.
    pub identifiers: Vec<(String, String)>,
}

pub fn detect(text: &str) -> Result<Detected, VerifyError> {
    let c = capture::parse(text)?;
    let vendor = countersign_core::verify::place(&c)?;
    let imported = countersign_core::import::import(text).ok();
    let api = imported.as_ref().and_then(|i| catalog::find(&i.api));
    let endpoint = match (api, &imported) {
        (Some(a), Some(i)) => catalog::endpoint_of(a, &i.document).1,
        _ => String::new(),
    };
    let identifiers = crate::exchange::import::identifier_texts(
        &countersign_core::import::identifiers(&c, vendor),
    );
    let env = imported.as_ref().and_then(|i| {
        let base = i.options.base.as_deref()?;
        let any = api.or_else(|| catalog::apis_of(vendor).next())?;
        crate::exchange::import::environment_for(
            any,
            base,
            crate::exchange::import::made_with_demo(any, &identifiers),
        )
        .or_else(|| {
            // A host the catalog does not list (another of the vendor's gateways): a real
            // gateway, not this server's mock.
            let own = base.contains("/mock/") || base.contains("/relay/");
            (!own).then(|| {
                any.vendor_info()
                    .environments
                    .iter()
                    .find(|e| e.kind == catalog::EnvironmentKind::Production)
            })?
        })
        .map(|e| e.id.as_str())
    });
    Ok(Detected {
        vendor,
        api,
        endpoint,
        method: c.method.into_owned(),
        url: c.url,
        env,
        identifiers,
    })
}

/// A HAR call as the picker names it: `POST taobao.x` (the API's method or path when it
/// reads as one), else the method and URL.
pub fn call_label(text: &str, lang: countersign_core::Lang) -> String {
    match detect(text) {
        Ok(d) => {
            let name = d.api.map(|a| lang.text(&a.name).to_string());
            let what = if d.endpoint.is_empty() {
                d.url
            } else {
                d.endpoint
            };
            match name {
                Some(n) => format!("{} {what} ({n})", d.method),
                None => format!("{} {what}", d.method),
            }
        }
        Err(_) => String::new(),
    }
}

/// Fills the credential boxes the check shows and `set` leaves empty with the
/// identifiers the request carries; a value already there is never replaced.
pub fn prefill(set: &mut CredSet, vendor: Vendor, identifiers: &[(String, String)]) {
    for field in fields(vendor) {
        let name = field.name.as_str();
        if field.secret || !set.value(name).trim().is_empty() {
            continue;
        }
        if let Some((_, value)) = identifiers.iter().find(|(k, _)| k == name) {
            set.set(name, value.clone());
        }
    }
}

/// What the check used, plus the session token the capture itself carries (TOP's
/// `session`, Kingdee's `app-token`) where the check has none: without it the builder's
/// request could not be sent as the customer's was. [`carry`] decides where it may go.
pub fn with_tokens(used: &CredSet, text: &str, vendor: Vendor) -> CredSet {
    let mut out = used.clone();
    if let Ok(c) = capture::parse(text) {
        for (name, value) in countersign_core::import::tokens(&c, vendor) {
            if out.value(name).trim().is_empty() {
                out.set(name, value);
            }
        }
    }
    out
}

/// What "Open in builder" took from the check into the builder's credentials, and what
/// the builder still needs.
#[derive(Debug, Default, PartialEq)]
pub struct Carried {
    /// Filled from the check: boxes the builder had empty.
    pub taken: Vec<&'static catalog::CredentialField>,
    /// Secrets the check had but the builder's set is remembered on this device: copied,
    /// they would be written to localStorage without the person typing them there.
    pub held_back: Vec<&'static catalog::CredentialField>,
    /// Required by the API and still empty in the builder (held back ones excepted).
    pub to_fill: Vec<&'static catalog::CredentialField>,
    /// The builder had a value of its own, not the one the check used: kept, and said, so
    /// the person knows the builder signs with something else than the check did.
    pub kept: Vec<&'static catalog::CredentialField>,
}

/// Fills the credential boxes `into` (the builder's set for the check's environment)
/// leaves empty with what the check used (`from`: the request's identifiers, what was
/// typed there), for the fields `api` reads. A value already there is never replaced, and
/// a secret goes only into a set kept in memory, never into one remembered on this device.
pub fn carry(into: &mut CredSet, from: &CredSet, api: &'static Api) -> Carried {
    let mut out = Carried::default();
    for (field, required) in api.credential_fields() {
        let name = field.name.as_str();
        let value = from.value(name);
        let own = into.value(name);
        if !own.trim().is_empty() && !value.trim().is_empty() && own != value {
            out.kept.push(field);
        }
        if own.trim().is_empty() && !value.trim().is_empty() {
            if field.secret && into.remember {
                out.held_back.push(field);
                continue;
            }
            into.set(name, value.to_string());
            out.taken.push(field);
        }
        if required && into.value(name).trim().is_empty() {
            out.to_fill.push(field);
        }
    }
    out
}

/// "Now" for the timestamp check: empty means the browser clock; otherwise Unix ms or
/// seconds, or `yyyy-MM-dd HH:mm[:ss]` in Beijing time (GMT+8), as gateways read it. The
/// forms people also type (`T` between date and time, `/` in the date, no seconds) are
/// read too, and an ISO time with its zone (`Z`, `+08:00`, `-0500`) in that zone: this
/// is a person's input, not a request to check. For 旺店通 a number of up to nine digits
/// is its own `timestamp` (seconds since 2012-01-01 Beijing), copied from a captured call:
/// as Unix seconds it would be a date in the 1980s.
pub fn parse_now(text: &str, clock_ms: i64, vendor: Option<Vendor>) -> Result<i64, ()> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(clock_ms);
    }
    if let Some((local, offset_minutes)) = split_zone(t) {
        let beijing = parse_now(local, clock_ms, vendor)?;
        // Read as Beijing time (GMT+8), then moved to the zone it names.
        return Ok(beijing + (8 * 60 - offset_minutes) * 60_000);
    }
    if let Ok(n) = t.parse::<i64>() {
        if vendor == Some(Vendor::Wdt) && (0..1_000_000_000).contains(&n) {
            // Read as the gateway reads it.
            return countersign_core::vendor::wdt::parse_timestamp(t).ok_or(());
        }
        // Ten digits are seconds.
        return Ok(if n.abs() < 100_000_000_000 {
            n * 1000
        } else {
            n
        });
    }
    countersign_core::clock::read_beijing(t).ok_or(())
}

/// A date and time followed by its zone: the part before it and the zone in minutes
/// east of UTC. Only after a time (`…:ss`), so a date's own `-` is never a zone.
fn split_zone(t: &str) -> Option<(&str, i64)> {
    if let Some(local) = t.strip_suffix(['Z', 'z']) {
        return local.contains(':').then_some((local, 0));
    }
    let at = t.rfind(['+', '-'])?;
    let (local, zone) = t.split_at(at);
    if !local.contains(':') || local.len() < 16 {
        return None;
    }
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m): (i64, i64) = (digits[..2].parse().ok()?, digits[2..].parse().ok()?);
    Some((local, sign * (h * 60 + m)))
}

/// What a credential's label says beyond its name, shown beside the name: nothing when it
/// only spells the name again (`app_secret`: "app_secret", "App secret", "AppSecret"),
/// else the label without the words or bracketed part that repeat it ("应用 ID（client_id）"
/// → "应用 ID", "卖家账号 sid" → "卖家账号").
pub fn label_beyond_name(label: &str, name: &str) -> Option<String> {
    let squash = |t: &str| -> String {
        t.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let name = squash(name);
    if squash(label) == name {
        return None;
    }
    let mut rest = label.to_string();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let (Some(a), Some(b)) = (rest.find(open), rest.rfind(close)) {
            if a < b && squash(&rest[a + open.len_utf8()..b]) == name {
                rest.replace_range(a..b + close.len_utf8(), " ");
            }
        }
    }
    let words: Vec<&str> = rest
        .split_whitespace()
        .filter(|w| squash(w) != name)
        .collect();
    let rest = words.join(" ");
    (!rest.is_empty()).then_some(rest)
}

/// Runs the check with these credentials.
pub fn run(
    text: &str,
    vendor: Vendor,
    creds: &CredSet,
    now_ms: i64,
) -> Result<Verdict, VerifyError> {
    verify(&VerifyInput {
        credentials: creds.to_json(),
        request: text.to_string(),
        vendor: Some(vendor),
        now_ms: Some(now_ms),
    })
}

/// The credential fields the check shows for a vendor: those the signer reads.
pub fn fields(vendor: Vendor) -> Vec<&'static countersign_core::catalog::CredentialField> {
    catalog::vendor(vendor)
        .credentials
        .iter()
        .filter(|f| f.signer || f.secret)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signature::signing::{self, Inputs, Pins, SignOptions};

    fn mock_creds(api: &Api) -> CredSet {
        let env = api.vendor_info().environment("mock").unwrap();
        let mut set = CredSet::default();
        for (k, v) in env.demo_credentials.clone().unwrap() {
            set.set(&k, v.as_str().unwrap().to_string());
        }
        // Fetched by the token flow in the app; Kingdee's business calls need it.
        set.set("app_token", "mock-app-token".into());
        set
    }

    /// The API's example signed as the builder signs it, in Mock with these credentials.
    fn sign_example(api: &'static Api, creds: &CredSet, now: i64) -> countersign_core::Signed {
        signing::sign(&Inputs {
            api,
            document: &api.example,
            credentials: &creds.to_json(),
            env: api.vendor_info().environment("mock").unwrap(),
            options: &SignOptions::default(),
            pins: &Pins::default(),
            now_ms: now,
            live_nonce: 42,
        })
        .unwrap()
    }

    #[test]
    fn a_request_signed_by_the_builder_checks_valid_and_a_wrong_secret_does_not() {
        let now = 1_700_000_000_000;
        for api in catalog::all() {
            let creds = mock_creds(api);
            let signed = sign_example(api, &creds, now);
            let text = countersign_core::export::curl(&signed.wire);
            let d = detect(&text).unwrap();
            assert_eq!(
                (d.vendor, d.api.map(|a| a.id.as_str())),
                (api.vendor, Some(api.id.as_str()))
            );
            let v = run(&text, d.vendor, &creds, now).unwrap();
            assert!(v.valid, "{}: {:?}", api.id, v.diagnosis);
            assert!(v.diagnosis.is_empty(), "{}: {:?}", api.id, v.diagnosis);
            let unsigned = api.vendor == Vendor::Kingdee && !signed.wire.body.is_empty();
            assert_eq!(v.body_unsigned, unsigned, "{}", api.id);
            let mut wrong = creds.clone();
            let secret = if api.vendor == Vendor::Kingdee {
                "client_secret"
            } else {
                "app_secret"
            };
            wrong.set(secret, "other:salt".into());
            let v = run(&text, d.vendor, &wrong, now).unwrap();
            assert!(!v.valid, "{}", api.id);
            assert_ne!(v.sign_found.as_deref(), Some(v.sign_expected.as_str()));
        }
    }

    /// A request exported with its secrets hidden carries placeholders (`<session>`,
    /// `<app-token>`, `<app_signature>`): the check puts back what the credentials give,
    /// so the export of a right request checks valid, and says which placeholders it filled.
    #[test]
    fn an_export_with_secrets_hidden_checks_valid_with_the_credentials_typed() {
        use crate::exchange::export::{curl_text, Secrets};
        let now = 1_700_000_000_000;
        for api in catalog::all() {
            let mut creds = mock_creds(api);
            if api.vendor == Vendor::Taobao {
                creds.set("session", "customer-session-1".into());
            }
            let signed = sign_example(api, &creds, now);
            let secret = |name: &str| {
                countersign_core::catalog::vendor(api.vendor)
                    .credential(name)
                    .is_some_and(|f| f.secret)
            };
            let values: Vec<(&str, &str)> = creds
                .fields
                .iter()
                .filter(|(n, _)| secret(n))
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            let text = curl_text(&signed.wire, Secrets::Hide(&values));
            let d = detect(&text).unwrap();
            let v = run(&text, d.vendor, &creds, now).unwrap();
            assert!(v.valid, "{}: {text}\n{:?}", api.id, v.diagnosis);
            assert!(v.refused_with.is_none(), "{}: {v:?}", api.id);
            assert!(v.diagnosis.is_empty(), "{}: {:?}", api.id, v.diagnosis);
            let hidden = text.contains('<') || text.contains("%3C");
            assert_eq!(!v.filled.is_empty(), hidden, "{}: {text}", api.id);
        }
    }

    /// A customer's call to the vendor is checked with that environment's credentials, a
    /// copy of a mock send with the mock's: whatever the builder has chosen. A call to the
    /// gateway's URL with the mock's demo identifiers was made in Mock.
    #[test]
    fn the_environment_is_the_one_the_request_was_sent_to() {
        for api in catalog::all() {
            for env in ["production", "mock", "mock, at the gateway's URL"] {
                let mut creds = mock_creds(api);
                if env == "production" {
                    // A customer's own values, not the mock's demo ones.
                    for (k, v) in creds.to_json().as_object().unwrap() {
                        creds.set(k, format!("{}9", v.as_str().unwrap()));
                    }
                }
                let (env, at_gateway) = match env.split_once(',') {
                    Some((env, _)) => (env, true),
                    None => (env, false),
                };
                let signed = signing::sign(&Inputs {
                    api,
                    document: &api.example,
                    credentials: &creds.to_json(),
                    env: api.vendor_info().environment(env).unwrap(),
                    options: &SignOptions::default(),
                    pins: &Pins::default(),
                    now_ms: 1_700_000_000_000,
                    live_nonce: 42,
                })
                .unwrap();
                let mut text = countersign_core::export::curl(&signed.wire);
                if env == "mock" && !at_gateway {
                    // As the app exports it: the mock's own route on this server.
                    let base = &api.vendor_info().environment("mock").unwrap().base;
                    let prod = &api.vendor_info().environment("production").unwrap().base;
                    text = text.replacen(prod.as_str(), &format!("http://127.0.0.1:8080{base}"), 1);
                }
                assert_eq!(
                    detect(&text).unwrap().env,
                    Some(env),
                    "{} {env}: {text}",
                    api.id
                );
                if env == "production" {
                    // Another of the vendor's hosts, or https for http: still production.
                    let prod = &api.vendor_info().environment("production").unwrap().base;
                    let other = prod.replacen("://", "://gw.", 1);
                    let text = text.replacen(prod.as_str(), &other, 1);
                    assert_eq!(detect(&text).unwrap().env, Some("production"), "{text}");
                }
            }
        }
    }

    #[test]
    fn open_in_builder_carries_into_empty_boxes_and_no_secret_into_a_remembered_set() {
        let api = catalog::find("taobao.imbalance.create").unwrap();
        let mut from = CredSet::default();
        from.set("app_key", "12345678".into());
        from.set("app_secret", "typed-in-check".into());
        let names = |fs: &[&catalog::CredentialField]| -> Vec<String> {
            fs.iter().map(|f| f.name.clone()).collect()
        };

        // An empty builder set in memory takes both.
        let mut into = CredSet::default();
        let c = carry(&mut into, &from, api);
        assert_eq!(names(&c.taken), ["app_key", "app_secret"]);
        assert!(c.held_back.is_empty() && c.to_fill.is_empty(), "{c:?}");
        assert_eq!(into.value("app_secret"), "typed-in-check");
        assert!(!into.remember);

        // A value already there stays; nothing in the check leaves the box to fill.
        let mut into = CredSet::default();
        into.set("app_key", "builder-own".into());
        let c = carry(&mut into, &CredSet::default(), api);
        assert!(c.taken.is_empty());
        assert_eq!(names(&c.to_fill), ["app_secret"]);
        let c = carry(&mut into, &from, api);
        assert_eq!(into.value("app_key"), "builder-own");
        assert_eq!(names(&c.taken), ["app_secret"]);

        // A remembered set takes the identifier, not the secret, which is still to fill.
        let mut into = CredSet {
            remember: true,
            ..CredSet::default()
        };
        let c = carry(&mut into, &from, api);
        assert_eq!(names(&c.taken), ["app_key"]);
        assert_eq!(names(&c.held_back), ["app_secret"]);
        assert!(c.to_fill.is_empty(), "held back is said once: {c:?}");
        assert_eq!(into.value("app_secret"), "");
    }

    /// A customer's Kingdee call opened in the builder: its app-token goes into a set kept
    /// in memory (the call can be sent again as it was), never into a remembered one.
    #[test]
    fn open_in_builder_carries_the_captures_app_token_into_memory_only() {
        let api = catalog::find("kingdee.inv_synchronous.list").unwrap();
        let text = "curl 'https://api.kingdee.com/jdy/v2/scm/inv_synchronous?page=1' \
                    -H 'X-Api-ClientID: 205022' -H 'app-token: tok-of-customer' \
                    -H 'X-GW-Router-Addr: https://tf.jdy.com'";
        let mut checked = CredSet::default();
        checked.set("client_secret", "typed".into());
        let used = with_tokens(&checked, text, Vendor::Kingdee);
        assert_eq!(used.value("app_token"), "tok-of-customer");
        let mut into = CredSet::default();
        let c = carry(&mut into, &used, api);
        assert!(c.taken.iter().any(|f| f.name == "app_token"), "{c:?}");
        assert_eq!(into.value("app_token"), "tok-of-customer");
        let mut remembered = CredSet {
            remember: true,
            ..CredSet::default()
        };
        let c = carry(&mut remembered, &used, api);
        assert!(c.held_back.iter().any(|f| f.name == "app_token"), "{c:?}");
        assert_eq!(remembered.value("app_token"), "");
        // One typed in the check wins over the capture's.
        checked.set("app_token", "typed-token".into());
        let used = with_tokens(&checked, text, Vendor::Kingdee);
        assert_eq!(used.value("app_token"), "typed-token");
    }

    /// A token the builder holds already stays, and the builder says it kept its own; the
    /// same value in both is not worth a word.
    #[test]
    fn open_in_builder_says_which_of_the_builders_own_values_it_kept() {
        let api = catalog::find("kingdee.inv_synchronous.list").unwrap();
        let text = "curl 'https://api.kingdee.com/jdy/v2/scm/inv_synchronous?page=1' \
                    -H 'X-Api-ClientID: 205022' -H 'app-token: tok-of-customer'";
        let used = with_tokens(&CredSet::default(), text, Vendor::Kingdee);
        let mut into = CredSet::default();
        into.set("app_token", "tok-of-mine".into());
        into.set("client_id", "205022".into());
        let c = carry(&mut into, &used, api);
        assert_eq!(into.value("app_token"), "tok-of-mine");
        let kept: Vec<&str> = c.kept.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(kept, ["app_token"], "{c:?}");
    }

    /// A production request checked with empty stored credentials: its identifiers fill
    /// the boxes, what is there already stays, and no secret is ever taken.
    #[test]
    fn identifiers_of_the_request_fill_only_empty_boxes() {
        let taobao = "https://eco.taobao.com/router/rest?method=taobao.x&app_key=1&sign_method=md5\
                      &timestamp=2016-09-09%2012%3A00%3A00&v=2.0&sign=AB&session=s3cret";
        let wdt = "http://wdt.wangdian.cn/openapi?sid=s1&key=k1&salt=x&method=m&v=1.0&timestamp=1&sign=a\n\n[]";
        let kingdee = "curl 'https://api.kingdee.com/jdy/v2/x' -H 'X-Api-ClientID: 205022' \
                       -H 'X-Api-Signature: x' -H 'X-GW-Router-Addr: https://tf.jdy.com'";
        for (text, want) in [
            (taobao, vec![("app_key", "1")]),
            (wdt, vec![("sid", "s1"), ("app_key", "k1")]),
            (
                kingdee,
                vec![("client_id", "205022"), ("domain", "https://tf.jdy.com")],
            ),
        ] {
            let d = detect(text).unwrap();
            let mut empty = CredSet::default();
            prefill(&mut empty, d.vendor, &d.identifiers);
            for (name, value) in &want {
                assert_eq!(empty.value(name), *value, "{text}");
            }
            assert_eq!(empty.fields.len(), want.len(), "only identifiers: {text}");
            // What the person or the store put there stays.
            let mut typed = CredSet::default();
            for (name, _) in &want {
                typed.set(name, "typed".into());
            }
            prefill(&mut typed, d.vendor, &d.identifiers);
            for (name, _) in &want {
                assert_eq!(typed.value(name), "typed", "{text}");
            }
        }
    }

    /// Each credential's label says its name once, in both languages.
    #[test]
    fn a_label_does_not_repeat_the_name_beside_it() {
        for (label, name, want) in [
            ("app_secret", "app_secret", None),
            ("App secret", "app_secret", None),
            ("AppSecret", "app_secret", None),
            ("app-token", "app_token", None),
            ("outerInstanceId", "outer_instance_id", None),
            ("应用 ID（client_id）", "client_id", Some("应用 ID")),
            ("卖家账号 sid", "sid", Some("卖家账号")),
            ("Seller account (sid)", "sid", Some("Seller account")),
            (
                "SessionKey（用户授权）",
                "session",
                Some("SessionKey（用户授权）"),
            ),
            (
                "IDC 域名（X-GW-Router-Addr）",
                "domain",
                Some("IDC 域名（X-GW-Router-Addr）"),
            ),
        ] {
            assert_eq!(label_beyond_name(label, name).as_deref(), want, "{label}");
        }
        // Every label of every vendor, in both languages: never the name again.
        for vendor in Vendor::ALL {
            for f in fields(vendor) {
                for l in [crate::i18n::Lang::Zh, crate::i18n::Lang::En] {
                    let label = l.text(&f.label);
                    if let Some(rest) = label_beyond_name(label, &f.name) {
                        let squash = |t: &str| t.replace(['_', '-', ' '], "").to_lowercase();
                        assert_ne!(squash(&rest), squash(&f.name), "{label}");
                        assert!(!rest.contains(f.name.as_str()), "{}: {rest}", f.name);
                    }
                }
            }
        }
    }

    #[test]
    fn now_accepts_ms_seconds_and_beijing_time() {
        assert_eq!(parse_now("", 5, None), Ok(5));
        assert_eq!(parse_now("1700000000000", 0, None), Ok(1_700_000_000_000));
        assert_eq!(parse_now("1700000000", 0, None), Ok(1_700_000_000_000));
        assert_eq!(
            parse_now("2016-09-09 12:00:00", 0, None),
            Ok(1_473_393_600_000)
        );
        assert_eq!(parse_now("soon", 0, None), Err(()));
        // What people type as well: ISO's T, slashes, no seconds.
        for typed in [
            "2016-09-09T12:00",
            "2016/09/09 12:00:00",
            "2016/09/09 12:00",
            "2016-09-09T12:00:00",
        ] {
            assert_eq!(parse_now(typed, 0, None), Ok(1_473_393_600_000), "{typed}");
        }
        assert_eq!(parse_now("2016-09-09 12", 0, None), Err(()));
        // ISO with a zone, in that zone: the same instant however written.
        for typed in [
            "2016-09-09T12:00:00+08:00",
            "2016-09-09T04:00:00Z",
            "2016-09-09T04:00Z",
            "2016-09-08T23:00:00-0500",
        ] {
            assert_eq!(parse_now(typed, 0, None), Ok(1_473_393_600_000), "{typed}");
        }
        assert_eq!(parse_now("2016-09-09T12:00:00+8", 0, None), Err(()));
        // 旺店通's own timestamp, copied from its call: seconds since 2012-01-01 Beijing.
        let wdt = Some(Vendor::Wdt);
        assert_eq!(parse_now("148046400", 0, wdt), Ok(1_473_393_600_000));
        assert_eq!(parse_now("1473393600", 0, wdt), Ok(1_473_393_600_000));
        assert_eq!(parse_now("148046400", 0, None), Ok(148_046_400_000));
        assert_eq!(
            parse_now("148046400", 0, Some(Vendor::Kingdee)),
            Ok(148_046_400_000)
        );
        assert!(matches!(detect("hello"), Err(VerifyError::Capture(_))));
        assert_eq!(
            detect("curl https://example.com/x"),
            Err(VerifyError::UnknownVendor)
        );
        assert_eq!(fields(Vendor::Wdt).len(), 3);
    }
}
