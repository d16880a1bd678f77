//! TOP's gateway checks, in the order TOP makes them.

use super::{
    parse_timestamp, string_to_sign, Credentials, SignMethod, TaobaoRequest, BAD_SIGNATURE,
};
use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::catalog::{self, is_method_name, Api, FieldType};
use crate::clock;
use crate::value::is_blank;
use crate::vendor::{on_time, Refusal, Rule};
use crate::Vendor;

/// The catalog's Chinese words for one of TOP's sub codes.
fn sub_message(sub_code: &str, fallback: &str) -> String {
    crate::catalog::vendor(Vendor::Taobao)
        .error(sub_code)
        .map_or_else(|| fallback.to_string(), |e| e.message.zh.clone())
}

/// Checks `received` as TOP does, against the account's `credentials`: a credential
/// left `None` is not checked, except `app_secret`, without which no signature matches.
/// `now_ms` is the gateway's clock; `None` leaves the timestamp's window unchecked.
/// A call that passes gives the catalog's API it calls, when the catalog describes it.
pub fn check(
    received: &TaobaoRequest,
    credentials: &Credentials,
    now_ms: Option<i64>,
) -> Result<Option<&'static Api>, Refusal> {
    let given = |name: &str| received.get(name).filter(|v| !is_blank(v));
    let method = given("method").ok_or_else(|| missing(21, "method"))?;
    let app_key = given("app_key").ok_or_else(|| missing(28, "app_key"))?;
    if credentials
        .app_key
        .as_deref()
        .is_some_and(|ours| ours != app_key)
    {
        return Err(Refusal::new(
            29u32,
            Rule::UnknownApp,
            sub_message("isv.appkey-not-exists", "AppKey不存在"),
        )
        .about("app_key")
        .with_sub_code("isv.appkey-not-exists"));
    }
    // Any well-formed method is served once the call is signed.
    if !is_method_name(method.trim()) {
        return Err(Refusal::new(22u32, Rule::Method, "").about("method"));
    }
    check_timestamp(given("timestamp"), now_ms)?;
    match given("v") {
        None => return Err(missing(32, "v")),
        Some(v) if v.trim() != super::VERSION => {
            return Err(Refusal::new(34u32, Rule::Version, "").about("v"))
        }
        Some(_) => {}
    }
    if let Some(f) = given("format") {
        if !matches!(f.trim(), "json" | "xml") {
            return Err(Refusal::new(23u32, Rule::Format, "").about("format"));
        }
    }
    let sign_method = SignMethod::parse(received.get("sign_method").unwrap_or(""))
        .map_err(|_| Refusal::new(41u32, Rule::SignMethod, "").about("sign_method"))?;
    let sign = given("sign").ok_or_else(|| missing(24, "sign"))?;
    let mut params = received.values();
    params.remove("sign");
    let (text, _) = string_to_sign(&params);
    let secret = credentials.app_secret.as_deref().unwrap_or_default();
    // Case-sensitive, as TOP compares: the SDKs send upper hex.
    if super::digest(sign_method, secret, &text) != sign {
        return Err(Refusal::new(BAD_SIGNATURE, Rule::Signature, "").about("sign"));
    }
    if let (Some(session), Some(ours)) = (given("session"), credentials.session.as_deref()) {
        if session != ours {
            return Err(Refusal::new(
                27u32,
                Rule::Session,
                sub_message("invalid-sessionkey", "SessionKey非法"),
            )
            .about("session")
            .with_sub_code("invalid-sessionkey"));
        }
    }
    // A method the catalog does not describe: its arguments are not known here.
    let api = catalog::called(Vendor::Taobao, method.trim());
    if let Some(api) = api {
        check_arguments(api, &params)?;
    }
    Ok(api)
}

/// TOP's refusal of a call that lacks `name`, with the code TOP has for it.
fn missing(code: u32, name: &str) -> Refusal {
    Refusal::new(code, Rule::Missing, "").about(name)
}

/// TOP's checks of a described API's business arguments, after the gateway's own: each
/// required one present (40), an object or list one JSON (41), then the catalog's checks
/// of the document they make (41, the place inside the argument in `sub_code`).
fn check_arguments(api: &Api, params: &BTreeMap<String, String>) -> Result<(), Refusal> {
    let mut document = Map::new();
    for field in &api.params {
        let name = field.name.as_str();
        let Some(raw) = params.get(name).filter(|v| !is_blank(v)) else {
            if field.required {
                return Err(missing(40, name));
            }
            continue;
        };
        let value = if matches!(field.ty, FieldType::Object | FieldType::Array) {
            serde_json::from_str(raw).map_err(|e| {
                Refusal::new(
                    41u32,
                    Rule::Arguments,
                    format!("{name} 不是合法的 JSON: {e}"),
                )
                .in_english(format!("{name} is not valid JSON: {e}"))
                .about(name)
                .with_sub_code(format!("isv.invalid-parameter:{name}"))
            })?
        } else {
            Value::String(raw.clone())
        };
        document.insert(name.to_string(), value);
    }
    let Some(problem) = catalog::validate(api, &Value::Object(document))
        .into_iter()
        .find(|f| f.is_error())
    else {
        return Ok(());
    };
    // TOP names the argument after its message and the place inside it in `sub_code`.
    let (param, inner) = problem
        .path
        .split_once('.')
        .unwrap_or((problem.path.as_str(), problem.path.as_str()));
    let kind = if problem.code == catalog::FindingCode::Required {
        "isv.missing-parameter"
    } else {
        "isv.invalid-parameter"
    };
    Err(Refusal::new(
        41u32,
        Rule::Arguments,
        format!("{}: {}", problem.path, problem.message_zh),
    )
    .in_english(format!("{}: {}", problem.path, problem.message_en))
    .about(param)
    .with_sub_code(format!("{kind}:{inner}")))
}

/// `yyyy-MM-dd HH:mm:ss` Beijing time, or Unix milliseconds as the Python SDK sends.
fn check_timestamp(timestamp: Option<&str>, now_ms: Option<i64>) -> Result<(), Refusal> {
    let text = timestamp
        .ok_or_else(|| Refusal::new(30u32, Rule::Missing, "").about("timestamp"))?
        .trim();
    let Some(at) = parse_timestamp(text) else {
        return Err(Refusal::new(
            31u32,
            Rule::TimestampFormat,
            format!("时间戳格式错误，应为 yyyy-MM-dd HH:mm:ss（北京时间）: {text}"),
        )
        .about("timestamp"));
    };
    if on_time(Vendor::Taobao, at, now_ms) {
        return Ok(());
    }
    let now = now_ms.unwrap_or_default();
    Err(Refusal::new(
        31u32,
        Rule::TimestampWindow,
        format!(
            "时间戳与服务器时间相差超过10分钟，服务器时间 {}（北京时间）",
            clock::beijing(now)
        ),
    )
    .about("timestamp"))
}
