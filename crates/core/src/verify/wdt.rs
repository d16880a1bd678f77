//! 旺店通: the joined appsecret, hex case, a body changed after signing, parameters
//! not sorted, a late parameter, or a timestamp without the 2012 epoch.

use serde_json::Value;

use super::{check_skew, Context, Findings, Variant, VerifyError};
use crate::encoding::php_escape;
use crate::vendor::{unit_slip, window_ms, UnitSlip};
use crate::wdt::{digest, string_to_sign, string_to_sign_unsorted};
use crate::{Vendor, Verdict};

pub(super) fn check(ctx: &Context) -> Result<Verdict, VerifyError> {
    let joined = ctx.required_credential("app_secret")?;
    let (secret, salt) = crate::vendor::wdt::split_app_secret(&joined)
        .ok_or(crate::SignError::AppSecretWithoutColon)?;
    let request = crate::vendor::wdt::read(ctx.captured);
    let mut params = request.params.clone();
    let missing: Vec<&str> = crate::vendor::wdt::REQUIRED_PARAMS
        .into_iter()
        .filter(|n| !params.contains_key(*n))
        .collect();
    let mut findings = Findings::new(params.remove("sign"));
    for name in missing {
        findings.missing("parameter", name);
    }
    if params.get("salt").is_some_and(|s| s != salt) {
        findings.add(
            "salt_mismatch",
            "the salt in the query is not the part after `:` of the given appsecret",
            "查询参数中的 salt 不是所给 appsecret 冒号后面的部分",
        );
    }
    if request.body_as_form {
        findings.add(
            "body_as_form",
            "the body is sent as a form; 旺店通 expects the JSON array as the raw body with Content-Type application/json",
            "请求体按表单发送；旺店通要求以 application/json 发送原始 JSON 数组",
        );
    }
    params.insert("body".into(), request.body.clone());
    let (s, _) = string_to_sign(&params);
    let expected = digest(secret, &s);

    let mut variants = vec![Variant {
        code: "appsecret_not_split",
        en:
            "the whole `secret:salt` was used as the secret; use only the part before the first `:`"
                .into(),
        zh: "把整个 `secret:salt` 当成了 secret；只应使用第一个冒号前的部分".into(),
        sign: digest(&joined, &s).into(),
        string_to_sign: s.clone(),
    }];
    for (body, how) in body_variants(&request.body) {
        let mut changed = params.clone();
        changed.insert("body".into(), body);
        let (changed_s, _) = string_to_sign(&changed);
        variants.push(Variant {
            code: "body_modified",
            en: format!("the body was changed after signing ({how}); send exactly the bytes that were signed"),
            zh: format!("签名后请求体被改动（{how}）；发送的必须是签名时的原始字节"),
            sign: digest(secret, &changed_s).into(),
            string_to_sign: changed_s,
        });
    }
    // Signed without sorting: the query in the order the capture holds it, and the body
    // after it (where the capture holds it) or before it.
    let query: Vec<(String, String)> = request
        .order
        .iter()
        .filter_map(|k| Some((k.clone(), params.get(k)?.clone())))
        .collect();
    let body = ("body".to_string(), request.body.clone());
    let mut orders = Vec::new();
    for pairs in [
        query
            .iter()
            .cloned()
            .chain([body.clone()])
            .collect::<Vec<_>>(),
        [body].into_iter().chain(query).collect(),
    ] {
        let (in_order, _) = string_to_sign_unsorted(&pairs);
        if in_order != s && !orders.contains(&in_order) {
            orders.push(in_order);
        }
    }
    for in_order in orders {
        variants.push(Variant {
            code: "params_not_sorted",
            en: "the parameters were signed in the order they are sent, not sorted: sort them, \
                 `body` included, by name (ASCII byte order) before concatenating `key + value`"
                .into(),
            zh: "参数按发送时的顺序签名，没有排序：拼接 `key + value` 前应把参数（含 `body`）按参数名（ASCII 字节序）排序"
                .into(),
            sign: digest(secret, &in_order).into(),
            string_to_sign: in_order,
        });
    }
    // A name every call carries is never the late one, nor the body (`body_modified`).
    for name in params
        .keys()
        .filter(|k| *k != "body" && !crate::vendor::wdt::REQUIRED_PARAMS.contains(&k.as_str()))
    {
        let mut fewer = params.clone();
        fewer.remove(name);
        let (without, _) = string_to_sign(&fewer);
        variants.push(Variant {
            code: "unsigned_param",
            en: format!("`{name}` is sent but was not signed: it was added after signing"),
            zh: format!("`{name}` 已发送但未参与签名：它是在签名之后才加入的"),
            sign: digest(secret, &without).into(),
            string_to_sign: without,
        });
    }
    findings.try_variants(&expected, variants);
    if let Some(ts) = params.get("timestamp") {
        check_timestamp(&mut findings, ts, ctx.now_ms);
    }
    findings.unexplained(&expected);
    let credentials = crate::wdt::Credentials {
        sid: ctx.credential("sid"),
        app_key: ctx.credential("app_key"),
        app_secret: Some(joined.clone()),
    };
    let refusal = crate::vendor::wdt::check(&request, &credentials, ctx.now_ms).map(drop);
    Ok(findings.verdict(Vendor::Wdt, expected, s, refusal))
}

/// The forms a body takes when a client re-serialises it after signing. Worked on
/// the text, so the key order is kept; serde's sorted form covers re-ordering.
fn body_variants(body: &str) -> Vec<(String, &'static str)> {
    let Ok(value) = serde_json::from_str::<Value>(body) else {
        return Vec::new();
    };
    let compact = reformat(body, "", |s| s.to_string());
    let candidates = [
        (compact.clone(), "whitespace removed"),
        (
            reformat(body, " ", |s| s.to_string()),
            "spaces after `,` and `:`",
        ),
        (sorted_keys(value).to_string(), "keys re-ordered"),
        (
            reformat(body, "", php_escape),
            "non-ASCII written as \\uXXXX and `/` as `\\/`",
        ),
        (reformat(body, "", unescape), "\\uXXXX escapes written out"),
    ];
    let mut out: Vec<(String, &'static str)> = Vec::new();
    for (text, how) in candidates {
        if text != body && !out.iter().any(|(t, _)| *t == text) {
            out.push((text, how));
        }
    }
    out
}

/// The value with every object's keys in byte order, as many JSON libraries write it.
fn sorted_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, sorted_keys(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted_keys).collect()),
        other => other,
    }
}

/// Rewrites JSON text: whitespace outside strings dropped, `gap` after `,` and `:`,
/// each string literal passed through `string`.
fn reformat(json: &str, gap: &str, string: fn(&str) -> String) -> String {
    let mut out = String::with_capacity(json.len());
    let mut chars = json.char_indices();
    while let Some((start, c)) = chars.next() {
        match c {
            '"' => {
                let mut end = json.len();
                let mut escaped = false;
                for (i, ch) in chars.by_ref() {
                    match ch {
                        '\\' if !escaped => escaped = true,
                        '"' if !escaped => {
                            end = i + 1;
                            break;
                        }
                        _ => escaped = false,
                    }
                }
                out.push_str(&string(&json[start..end]));
            }
            ',' | ':' => {
                out.push(c);
                out.push_str(gap);
            }
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

/// A string literal with its escapes written out, as most JSON libraries print it.
fn unescape(literal: &str) -> String {
    serde_json::from_str::<String>(literal)
        .map(|s| Value::String(s).to_string())
        .unwrap_or_else(|_| literal.to_string())
}

fn check_timestamp(findings: &mut Findings, ts: &str, now_ms: Option<i64>) {
    let Ok(sent) = ts.trim().parse::<i64>() else {
        findings.add(
            "timestamp_format",
            format!("timestamp `{ts}` is not a whole number of seconds since 2012-01-01"),
            format!("时间戳 `{ts}` 不是自 2012-01-01 起的整数秒"),
        );
        return;
    };
    // Another unit: the one that puts it inside the window around the given time (the
    // inspector's rule), else by its size alone (no clock given, or a capture replayed
    // long after it was made).
    let slip =
        now_ms
            .and_then(|now| unit_slip(Vendor::Wdt, ts, now))
            .or(if sent > 100_000_000_000 {
                Some(UnitSlip::Milliseconds)
            } else if sent > 1_000_000_000 {
                Some(UnitSlip::UnixSeconds)
            } else {
                None
            });
    if let Some(slip) = slip {
        let (en, zh) = slip.words();
        findings.add(
            "timestamp_skew",
            format!("timestamp `{ts}`: {en}"),
            format!("时间戳 `{ts}`：{zh}"),
        );
        return;
    }
    let Some(sent_ms) = crate::vendor::wdt::parse_timestamp(ts) else {
        return;
    };
    check_skew(
        findings,
        sent_ms,
        now_ms.map(|n| n.div_euclid(1000) * 1000),
        window_ms(Vendor::Wdt),
        None,
    );
}
