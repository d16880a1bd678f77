//! Reading Kingdee's authorisation answers for "Get app-token": `push_app_authorize` gives
//! app_key, app_secret and domain; the token request gives the app-token. Pure, tested.

use serde_json::Value;

/// What `push_app_authorize` granted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    pub app_key: String,
    pub app_secret: String,
    pub domain: String,
}

/// 24 h, the token's documented lifetime, when the answer does not say.
pub const TOKEN_LIFETIME_MS: i64 = 24 * 3600 * 1000;

fn parse(body: &str) -> Result<Value, String> {
    serde_json::from_str(body).map_err(|_| {
        let head: String = body.chars().take(200).collect();
        format!("not JSON: {head}")
    })
}

/// The vendor's own failure words, from either envelope (`code`/`msg`, `errcode`/`description`).
fn failure(v: &Value) -> Option<String> {
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
    Some(format!("{code} {msg}").trim().to_string())
}

fn text(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// The authorised entry of `data` (status 1), else the first one.
pub fn parse_grant(body: &str) -> Result<Grant, String> {
    let v = parse(body)?;
    if let Some(f) = failure(&v) {
        return Err(f);
    }
    let rows = v
        .get("data")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or("no `data` entries: this outerInstanceId has no authorised app")?;
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
        return Err("the answer has no appKey/appSecret".into());
    }
    Ok(grant)
}

/// The app-token and its expiry (Unix ms).
pub fn parse_token(body: &str, now_ms: i64) -> Result<(String, i64), String> {
    let v = parse(body)?;
    if let Some(f) = failure(&v) {
        return Err(f);
    }
    let data = v.get("data").ok_or("no `data` in the answer")?;
    let token = text(data, "app-token");
    if token.is_empty() {
        return Err("no `data[\"app-token\"]` in the answer".into());
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
        assert!(parse_grant(r#"{"code":200,"data":[]}"#).is_err());
        let err = parse_grant(r#"{"code":4008,"msg":"签名无效"}"#).unwrap_err();
        assert!(err.contains("4008") && err.contains("签名无效"), "{err}");
        assert!(parse_grant("<html>").unwrap_err().starts_with("not JSON"));
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
        assert!(err.unwrap_err().contains("1030002006"));
    }
}
