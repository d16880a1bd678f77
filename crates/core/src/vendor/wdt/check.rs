//! 旺店通's gateway checks, in the order the gateway makes them.

use super::{parse_timestamp, split_app_secret, string_to_sign, timestamp_from_unix_ms};
use super::{Credentials, WdtRequest, BAD_SIGNATURE, REQUIRED_PARAMS};
use crate::catalog::is_method_name;
use crate::clock::{self, WDT_EPOCH_SECS};
use crate::vendor::{on_time, window_ms, within_window, Refusal, Rule};
use crate::Vendor;

/// Checks `received` as 旺店通 does, against the account's `credentials`: `sid` and
/// `app_key` left `None` are not checked; the appsecret (`secret:salt`) always is.
/// `now_ms` is the gateway's clock; `None` leaves the timestamp's window unchecked.
/// A call that passes gives the method's positional arguments (its body, read).
pub fn check(
    received: &WdtRequest,
    credentials: &Credentials,
    now_ms: Option<i64>,
) -> Result<Vec<serde_json::Value>, Refusal> {
    for name in REQUIRED_PARAMS {
        if received.get(name).is_none_or(str::is_empty) {
            return Err(Refusal::new(1u32, Rule::Missing, format!("缺少参数 {name}")).about(name));
        }
    }
    let param = |name: &str| received.get(name).unwrap_or_default();
    let (secret, salt) = credentials
        .app_secret
        .as_deref()
        .and_then(split_app_secret)
        .unwrap_or_default();
    // The server's own words, without the code's message in front.
    if credentials
        .sid
        .as_deref()
        .is_some_and(|sid| sid != param("sid"))
    {
        return Err(Refusal::new(1u32, Rule::UnknownApp, "sid is not exists").about("sid"));
    }
    if credentials
        .app_key
        .as_deref()
        .is_some_and(|key| key != param("key"))
    {
        return Err(Refusal::new(1u32, Rule::UnknownApp, "appkey is not exists").about("key"));
    }
    if param("salt") != salt {
        return Err(
            Refusal::new(1u32, Rule::Salt, "salt错误，应为appsecret中冒号后面的部分").about("salt"),
        );
    }
    if param("v") != "1.0" {
        return Err(Refusal::new(8u32, Rule::Version, "v必须为1.0").about("v"));
    }
    check_timestamp(param("timestamp"), now_ms)?;
    let method = param("method");
    // Any well-formed method is served once the call is signed.
    if !is_method_name(method) {
        return Err(
            Refusal::new(99u32, Rule::Method, format!("method {method} 不存在")).about("method"),
        );
    }
    // The raw bytes received are what was signed: never re-serialise them.
    let mut params = received.params.clone();
    let sign = params.remove("sign").unwrap_or_default();
    params.insert("body".into(), received.body.clone());
    let (s, _) = string_to_sign(&params);
    if super::digest(secret, &s) != sign {
        return Err(Refusal::new(BAD_SIGNATURE, Rule::Signature, "sign错误").about("sign"));
    }
    body_args(&received.body)
}

/// The method's positional arguments: the body, read as the JSON array it must be. One
/// that is not (a byte order mark in front, a form) is refused with status 99 once its
/// signature has passed.
fn body_args(body: &str) -> Result<Vec<serde_json::Value>, Refusal> {
    match serde_json::from_str(body) {
        Ok(serde_json::Value::Array(args)) => Ok(args),
        Ok(_) => Err(
            Refusal::new(99u32, Rule::Body, "body必须是JSON数组（方法的参数列表）").about("body"),
        ),
        Err(e) => {
            let bom = if body.starts_with('\u{feff}') {
                "（以 UTF-8 BOM 开头）"
            } else {
                ""
            };
            Err(
                Refusal::new(99u32, Rule::Body, format!("body不是合法的JSON{bom}: {e}"))
                    .about("body"),
            )
        }
    }
}

/// Java parses the timestamp as an `int`: milliseconds overflow it and give
/// `For input string`; plain Unix seconds parse but fall outside the window.
fn check_timestamp(text: &str, now_ms: Option<i64>) -> Result<(), Refusal> {
    let Some(sent_ms) = parse_timestamp(text) else {
        return Err(Refusal::new(
            7u32,
            Rule::TimestampFormat,
            format!("For input string: \"{text}\""),
        )
        .about("timestamp"));
    };
    let Some(now_ms) = now_ms.filter(|_| !on_time(Vendor::Wdt, sent_ms, now_ms)) else {
        return Ok(());
    };
    let at = sent_ms / 1000 - WDT_EPOCH_SECS;
    let now = timestamp_from_unix_ms(now_ms);
    let skew = at - now;
    // Read as plain Unix seconds it would fit.
    let hint = if within_window(Vendor::Wdt, at * 1000, now_ms) {
        "，看起来是Unix秒，需减去1325347200"
    } else {
        ""
    };
    Err(Refusal::new(
        7u32,
        Rule::TimestampWindow,
        format!(
            "timestamp {at} 与服务器时间 {now} 相差 {skew} 秒（允许±{}秒，服务器时间 {}）{hint}",
            window_ms(Vendor::Wdt).unsigned_abs() / 1000,
            clock::beijing(now_ms)
        ),
    )
    .about("timestamp"))
}
