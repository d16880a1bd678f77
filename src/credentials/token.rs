//! Reading Kingdee's authorisation answers for "Get app-token": `push_app_authorize` gives
//! app_key, app_secret and domain; the token request gives the app-token. Pure, tested.

use serde_json::Value;

use crate::i18n::{fill, Lang};

/// Why an authorisation answer gives no grant or token; each names the field or cause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenError {
    /// The answer is no JSON (a proxy's HTML page, a cut answer): its start, to see which.
    NotJson { head: String },
    /// Kingdee said no: its code and words (`4008 签名无效`).
    Refused { code: String, message: String },
    /// `data` is empty: the outerInstanceId has no authorised app.
    NoGrant,
    /// The authorised entry lacks `appKey` or `appSecret`.
    NoAppKey,
    /// The token answer has no `data`.
    NoData,
    /// `data` has no `app-token`.
    NoToken,
}

impl TokenError {
    fn text(&self, l: Lang) -> String {
        match self {
            Self::NotJson { head } => fill(
                l.pick("答复不是 JSON：{head}", "the answer is not JSON: {head}"),
                &[("head", head)],
            ),
            Self::Refused { code, message } => fill(
                l.pick("金蝶拒绝了：{code} {msg}", "Kingdee refused: {code} {msg}"),
                &[("code", code), ("msg", message)],
            )
            .trim()
            .to_string(),
            Self::NoGrant => l
                .pick(
                    "答复的 `data` 为空：这个 outerInstanceId 没有已授权的应用",
                    "no `data` entries: this outerInstanceId has no authorised app",
                )
                .into(),
            Self::NoAppKey => l
                .pick(
                    "答复中没有 appKey/appSecret",
                    "the answer has no appKey/appSecret",
                )
                .into(),
            Self::NoData => l
                .pick("答复中没有 `data`", "no `data` in the answer")
                .into(),
            Self::NoToken => l
                .pick(
                    "答复中没有 `data[\"app-token\"]`",
                    "no `data[\"app-token\"]` in the answer",
                )
                .into(),
        }
    }
}
crate::error_text::localised!(TokenError);

/// What `push_app_authorize` granted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    pub app_key: String,
    pub app_secret: String,
    pub domain: String,
}

/// 24 h, the token's documented lifetime, when the answer does not say.
pub const TOKEN_LIFETIME_MS: i64 = 24 * 3600 * 1000;

fn parse(body: &str) -> Result<Value, TokenError> {
    serde_json::from_str(body).map_err(|_| TokenError::NotJson {
        head: body.chars().take(200).collect(),
    })
}

/// The vendor's own failure words, from either envelope (`code`/`msg`, `errcode`/`description`).
fn failure(v: &Value) -> Option<TokenError> {
    let code = v.get("errcode").or_else(|| v.get("code"))?;
    let ok = matches!(code.as_i64(), Some(0) | Some(200)) || code.as_str() == Some("0");
    if ok {
        return None;
    }
    let msg = v
        .get("description")
        .or_else(|| v.get("msg"))
        .and_then(Value::as_str)
        .unwrap_or("");
    Some(TokenError::Refused {
        code: code
            .as_str()
            .map_or_else(|| code.to_string(), str::to_string),
        message: msg.to_string(),
    })
}

fn text(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// The authorised entry of `data` (status 1), else the first one.
pub fn parse_grant(body: &str) -> Result<Grant, TokenError> {
    let v = parse(body)?;
    if let Some(f) = failure(&v) {
        return Err(f);
    }
    let rows = v
        .get("data")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or(TokenError::NoGrant)?;
    let row = rows
        .iter()
        .find(|r| r.get("status").and_then(Value::as_i64) == Some(1))
        .unwrap_or(&rows[0]);
    let grant = Grant {
        app_key: text(row, "appKey"),
        app_secret: text(row, "appSecret"),
        domain: text(row, "domain"),
    };
    if grant.app_key.is_empty() || grant.app_secret.is_empty() {
        return Err(TokenError::NoAppKey);
    }
    Ok(grant)
}

/// The app-token and its expiry (Unix ms).
pub fn parse_token(body: &str, now_ms: i64) -> Result<(String, i64), TokenError> {
    let v = parse(body)?;
    if let Some(f) = failure(&v) {
        return Err(f);
    }
    let data = v.get("data").ok_or(TokenError::NoData)?;
    let token = text(data, "app-token");
    if token.is_empty() {
        return Err(TokenError::NoToken);
    }
    let expires = data.get("expires").and_then(Value::as_i64);
    let expires_in = data.get("expires_in").and_then(Value::as_i64);
    let at = match (expires, expires_in) {
        (Some(ms), _) if ms > 1_000_000_000_000 => ms,
        (_, Some(secs)) if secs > 0 => now_ms + secs * 1000,
        _ => now_ms + TOKEN_LIFETIME_MS,
    };
    Ok((token, at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use countersign_core::Localise;

    #[test]
    fn grant_prefers_the_authorised_entry() {
        let body = r#"{"code":200,"msg":"success","data":[
            {"appKey":"old","appSecret":"x","domain":"d0","status":0},
            {"appKey":"k","appSecret":"s","domain":"https://tf.jdy.com","status":1}]}"#;
        assert_eq!(
            parse_grant(body).unwrap(),
            Grant {
                app_key: "k".into(),
                app_secret: "s".into(),
                domain: "https://tf.jdy.com".into()
            }
        );
        assert_eq!(
            parse_grant(r#"{"code":200,"data":[]}"#),
            Err(TokenError::NoGrant)
        );
        let err = parse_grant(r#"{"code":4008,"msg":"签名无效"}"#).unwrap_err();
        let en = err.to_string();
        assert!(en.contains("4008") && en.contains("签名无效"), "{en}");
        assert!(err.localise(Lang::Zh).starts_with("金蝶拒绝了"));
        let err = parse_grant("<html>").unwrap_err();
        assert!(err
            .to_string()
            .starts_with("the answer is not JSON: <html>"));
        assert!(err.localise(Lang::Zh).starts_with("答复不是 JSON"));
    }

    #[test]
    fn token_and_expiry() {
        let now = 1_700_000_000_000;
        let body =
            r#"{"errcode":0,"description":"success","data":{"app-token":"t","expires_in":3600}}"#;
        assert_eq!(
            parse_token(body, now).unwrap(),
            ("t".into(), now + 3_600_000)
        );
        let body = r#"{"errcode":0,"data":{"app-token":"t","expires":1700000100000}}"#;
        assert_eq!(parse_token(body, now).unwrap().1, 1_700_000_100_000);
        let body = r#"{"errcode":0,"data":{"app-token":"t"}}"#;
        assert_eq!(parse_token(body, now).unwrap().1, now + TOKEN_LIFETIME_MS);
        let err = parse_token(
            r#"{"errcode":1030002006,"description":"授权密钥校验失败"}"#,
            now,
        );
        assert!(err.unwrap_err().to_string().contains("1030002006"));
        assert_eq!(
            parse_token(r#"{"errcode":0,"data":{}}"#, now),
            Err(TokenError::NoToken)
        );
        assert_eq!(
            parse_token(r#"{"errcode":0}"#, now),
            Err(TokenError::NoData)
        );
    }
}
