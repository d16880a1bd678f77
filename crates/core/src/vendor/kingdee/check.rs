//! Kingdee's gateway checks, in the order the gateway makes them.

use super::{nonce_is_valid, parse_timestamp, signature, Credentials, KingdeeRequest};
use super::{AUTHORIZE, AUTH_PATHS, BAD_SIGNATURE, REQUIRED_HEADERS, TOKEN};
use super::{BUSINESS_METHODS, BUSINESS_PREFIX};
use crate::vendor::{on_time, within_window, Refusal, Rule};
use crate::Vendor;

/// Whether a presented app-token is usable: the mock that issued it knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenStatus {
    Valid,
    Expired,
    Unknown,
}

/// Whether the gateway has an API at `method path`: the two authorisation calls with their
/// own methods, or a business path under `/jdy/v2/` with a method business APIs use (any
/// such path: a class may practise an API the catalog does not describe). Anything else
/// is 4004 before any other check.
pub fn route(method: &str, path: &str) -> Result<(), Refusal> {
    let method = method.to_ascii_uppercase();
    let known = match path {
        AUTHORIZE => method == "POST",
        TOKEN => method == "GET",
        p => {
            p.len() > BUSINESS_PREFIX.len()
                && p.starts_with(BUSINESS_PREFIX)
                && BUSINESS_METHODS.contains(&method.as_str())
        }
    };
    if known {
        return Ok(());
    }
    Err(Refusal::new(
        4004u32,
        Rule::Api,
        format!("API not found: {method} {path}"),
    )
    .about("path"))
}

/// The gateway's checks on every path: headers, client id, version, clock, nonce,
/// signed headers, signature. A `client_id` left `None` is not checked; without a
/// `client_secret` no signature matches. `now_ms` is the gateway's clock; `None`
/// leaves the timestamp's window unchecked.
pub fn check(
    received: &KingdeeRequest,
    credentials: &Credentials,
    now_ms: Option<i64>,
) -> Result<(), Refusal> {
    for name in REQUIRED_HEADERS {
        if received.header(name).is_none() {
            return Err(
                Refusal::new(4001u32, Rule::Missing, format!("{name} is required")).about(name),
            );
        }
    }
    let h = |name| received.header(name).unwrap_or_default();
    if credentials
        .client_id
        .as_deref()
        .is_some_and(|id| id != h("X-Api-ClientID"))
    {
        return Err(
            Refusal::new(4002u32, Rule::UnknownApp, "X-Api-ClientID is invalid")
                .about("X-Api-ClientID"),
        );
    }
    if h("X-Api-Auth-Version") != super::AUTH_VERSION {
        return Err(
            Refusal::new(4005u32, Rule::Version, "X-Api-Auth-Version must be 2.0")
                .about("X-Api-Auth-Version"),
        );
    }
    check_timestamp(h("X-Api-TimeStamp"), now_ms)?;
    if !nonce_is_valid(h("X-Api-Nonce")) {
        return Err(Refusal::new(
            4007u32,
            Rule::Nonce,
            "X-Api-Nonce must be a positive integer",
        )
        .about("X-Api-Nonce"));
    }
    let mut signed: Vec<String> = h("X-Api-SignHeaders")
        .split(',')
        .map(|s| s.trim().to_ascii_lowercase())
        .collect();
    signed.sort();
    if signed != ["x-api-nonce", "x-api-timestamp"] {
        return Err(Refusal::new(
            BAD_SIGNATURE,
            Rule::SignMethod,
            "X-Api-SignHeaders must be X-Api-TimeStamp,X-Api-Nonce",
        )
        .about("X-Api-SignHeaders"));
    }
    let (text, _) = received.canonical().string_to_sign();
    let secret = credentials.client_secret.as_deref().unwrap_or_default();
    if signature(secret, &text) != h("X-Api-Signature") {
        return Err(
            Refusal::new(BAD_SIGNATURE, Rule::Signature, "X-Api-Signature is invalid")
                .about("X-Api-Signature"),
        );
    }
    Ok(())
}

fn check_timestamp(text: &str, now_ms: Option<i64>) -> Result<(), Refusal> {
    let expired = |detail: String| {
        Refusal::new(4006u32, Rule::TimestampWindow, detail).about("X-Api-TimeStamp")
    };
    match (parse_timestamp(text), now_ms) {
        (Some(at), now) if on_time(Vendor::Kingdee, at, now) => Ok(()),
        (Some(at), Some(now)) if within_window(Vendor::Kingdee, at.saturating_mul(1000), now) => {
            Err(expired(
                "X-Api-TimeStamp is expired: it looks like seconds, send milliseconds".into(),
            ))
        }
        (at, now) => {
            let mut refusal = expired(format!(
                "X-Api-TimeStamp is expired (server time {}, allowed ±5 min)",
                now.unwrap_or_default()
            ));
            if at.is_none() {
                refusal.rule = Rule::TimestampFormat;
            }
            Err(refusal)
        }
    }
}

/// The app-token call's own check, after the gateway's: its `app_key` and `app_signature`
/// must be the account's (1030002006, an application error the gateway answers with HTTP
/// 200). Other paths, and an account whose app_key or app_secret is not known, pass.
pub fn check_app_signature(
    received: &KingdeeRequest,
    credentials: &Credentials,
) -> Result<(), Refusal> {
    let (Some(key), Some(secret)) = (&credentials.app_key, &credentials.app_secret) else {
        return Ok(());
    };
    if received.path != TOKEN {
        return Ok(());
    }
    let sent = |name| super::query_value(&received.query, name);
    if sent("app_key") == Some(key.as_str())
        && sent("app_signature") == Some(super::app_signature(key, secret).as_str())
    {
        return Ok(());
    }
    Err(Refusal::new(
        super::BAD_APP_SIGNATURE,
        Rule::AppSignature,
        "授权密钥校验失败，请获取最新密钥加密",
    )
    .about("app_signature"))
}

/// What a business path (all but the two app-token calls) also needs: an app-token
/// that `token_status` accepts (the account's own `app_token` always is), and the
/// account's domain in `X-GW-Router-Addr` (not checked when `domain` is `None`).
pub fn check_account(
    received: &KingdeeRequest,
    credentials: &Credentials,
    token_status: impl Fn(&str) -> TokenStatus,
) -> Result<(), Refusal> {
    if AUTH_PATHS.contains(&received.path.as_str()) {
        return Ok(());
    }
    let ours = credentials.app_token.as_deref().filter(|t| !t.is_empty());
    let status = |t: &str| match ours {
        Some(ours) if t == ours => TokenStatus::Valid,
        _ => token_status(t),
    };
    let refuse =
        |code: u32, rule, detail: &str, name| Err(Refusal::new(code, rule, detail).about(name));
    match received.header("app-token").map(status) {
        None => return refuse(4010, Rule::Missing, "app-token is required", "app-token"),
        Some(TokenStatus::Unknown) => {
            return refuse(4010, Rule::AppToken, "app-token is invalid", "app-token")
        }
        Some(TokenStatus::Expired) => {
            return refuse(4011, Rule::AppToken, "app-token is expired", "app-token")
        }
        Some(TokenStatus::Valid) => {}
    }
    let domain = credentials.domain.as_deref();
    match received.header("X-GW-Router-Addr") {
        Some(sent) if domain.is_none_or(|d| d == sent) => Ok(()),
        Some(other) => refuse(
            5003,
            Rule::Domain,
            &format!("X-GW-Router-Addr {other} is not the account's domain"),
            "X-GW-Router-Addr",
        ),
        None => refuse(
            5003,
            Rule::Missing,
            "X-GW-Router-Addr is required",
            "X-GW-Router-Addr",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gateway_routes_business_methods_under_jdy_v2_and_the_two_auth_calls() {
        let code = |m, p| route(m, p).err().map(|r| r.code.to_string());
        assert_eq!(code("GET", "/jdy/v2/bd/material"), None);
        assert_eq!(code("delete", "/jdy/v2/anything/new"), None);
        assert_eq!(code("POST", AUTHORIZE), None);
        assert_eq!(code("GET", TOKEN), None);
        for (m, p) in [
            ("PATCH", "/jdy/v2/bd/material"),
            ("FETCH", "/jdy/v2/bd/material"),
            ("GET", "/jdy/v2/"),
            ("GET", "/jdy/v1/bd/material"),
            ("GET", AUTHORIZE),
            ("POST", TOKEN),
        ] {
            assert_eq!(code(m, p).as_deref(), Some("4004"), "{m} {p}");
        }
    }
}
