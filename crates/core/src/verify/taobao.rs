//! Taobao TOP: which sign_method, case, blank parameters, encoding, parameter order,
//! secret placement or late parameter explains the captured `sign`.

use super::{check_skew_or_slip, Context, Findings, Variant, VerifyError};
use crate::clock;
use crate::digest::{hex_upper, md5};
use crate::taobao::{
    digest, string_to_sign, string_to_sign_unsorted, string_to_sign_with, SignMethod,
};
use crate::vendor::window_ms;
use crate::{Vendor, Verdict};

pub(super) fn check(ctx: &Context) -> Result<Verdict, VerifyError> {
    let secret = ctx.required_credential("app_secret")?;
    let request = crate::vendor::taobao::read(ctx.captured);
    let (mut params, mut raw) = (request.values(), request.raw_values());
    let missing: Vec<&str> = crate::vendor::taobao::REQUIRED_PARAMS
        .into_iter()
        .filter(|n| !params.contains_key(*n))
        .collect();
    let mut findings = Findings::new(params.remove("sign"));
    raw.remove("sign");
    for name in missing {
        findings.missing("parameter", name);
    }
    if let (Some(sent), Some(ours)) = (params.get("app_key"), ctx.credential("app_key")) {
        if *sent != ours {
            findings.add(
                "app_key_mismatch",
                format!("the request's app_key `{sent}` is not the given one `{ours}`: sandbox and production keys differ"),
                format!("请求中的 app_key `{sent}` 与给定的 `{ours}` 不同：沙箱与正式环境的 key 不通用"),
            );
        }
    }
    // An unknown sign_method is the gateway's refusal to explain (41, from the check);
    // the signature is still worked out with its default, md5.
    let sent_name = params
        .get("sign_method")
        .map_or("md5", String::as_str)
        .to_string();
    let sent_method = SignMethod::parse(&sent_name).unwrap_or_default();
    let (s, _) = string_to_sign(&params);
    let expected = digest(sent_method, &secret, &s);

    let mut variants = Vec::new();
    for m in SignMethod::ALL.into_iter().filter(|m| *m != sent_method) {
        variants.push(Variant {
            code: "sign_method_mismatch",
            en: format!(
                "signed with `{}` but sent sign_method=`{}`",
                m.as_str(),
                sent_name
            ),
            zh: format!(
                "实际用 `{}` 签名，却传了 sign_method=`{}`",
                m.as_str(),
                sent_name
            ),
            sign: digest(m, &secret, &s).into(),
            string_to_sign: s.clone(),
        });
    }
    let (with_blank, _) = string_to_sign_with(&params, true);
    if with_blank != s {
        variants.push(Variant {
            code: "empty_param_included",
            en: "empty parameters were signed; the gateway leaves out parameters whose value is empty".into(),
            zh: "把空值参数也签进去了；网关签名时会去掉空值参数".into(),
            sign: digest(sent_method, &secret, &with_blank).into(),
            string_to_sign: with_blank,
        });
    }
    let (encoded, _) = string_to_sign(&raw);
    if encoded != s {
        variants.push(Variant {
            code: "url_encoded_values",
            en:
                "URL-encoded values were signed; sign the raw values, then encode them for the wire"
                    .into(),
            zh: "签名用了 URL 编码后的值；应对原始值签名，发送时再编码".into(),
            sign: digest(sent_method, &secret, &encoded).into(),
            string_to_sign: encoded,
        });
    }
    // Signed in the order the capture holds them (the query, then a form body): a client
    // that appends `req_dto` after the system parameters and never sorts.
    let (in_order, _) = string_to_sign_unsorted(&request.pairs());
    if in_order != s {
        variants.push(Variant {
            code: "params_not_sorted",
            en: "the parameters were signed in the order they are sent, not sorted: sort them by \
                 name (ASCII byte order) before concatenating `key + value`"
                .into(),
            zh: "参数按发送时的顺序签名，没有排序：拼接 `key + value` 前应按参数名（ASCII 字节序）排序"
                .into(),
            sign: digest(sent_method, &secret, &in_order).into(),
            string_to_sign: in_order,
        });
    }
    if sent_method == SignMethod::Md5 {
        for (data, end) in [
            (format!("{secret}{s}"), "front"),
            (format!("{s}{secret}"), "end"),
        ] {
            variants.push(Variant {
                code: "secret_one_end",
                en: format!(
                    "the secret was put only at the {end}; md5 wraps S in the secret at both ends"
                ),
                zh: format!(
                    "密钥只拼在了{}；md5 要求首尾都拼上密钥",
                    if end == "front" { "开头" } else { "末尾" }
                ),
                sign: hex_upper(&md5(data.as_bytes())),
                string_to_sign: s.clone(),
            });
        }
    }
    // A name every call carries is never the late one; sign_method picks the digest
    // (a wrong one is `sign_method_mismatch`).
    for name in params.keys().filter(|k| {
        !crate::vendor::taobao::REQUIRED_PARAMS.contains(&k.as_str()) && *k != "sign_method"
    }) {
        let mut fewer = params.clone();
        fewer.remove(name);
        let (without, _) = string_to_sign(&fewer);
        variants.push(Variant {
            code: "unsigned_param",
            en: format!(
                "`{name}` is sent but was not signed: it was added to the request after signing"
            ),
            zh: format!("`{name}` 已发送但未参与签名：它是在签名之后才加入请求的"),
            sign: digest(sent_method, &secret, &without).into(),
            string_to_sign: without,
        });
    }
    // Signed with a session the copy no longer carries: history and exports take the
    // session out of what they show, so a request pasted from them lacks it.
    if let (None, Some(session)) = (params.get("session"), ctx.credential("session")) {
        let mut with = params.clone();
        with.insert("session".into(), session);
        let (signed, _) = string_to_sign(&with);
        variants.push(Variant {
            code: "session_removed",
            en: "it was signed with the session in the credentials, which this copy does not carry: \
                 the session was taken out after signing (history and exports remove it); put it \
                 back to send the request"
                .into(),
            zh: "它是带着凭证中的 session 签名的，而这份副本里没有 session：签名后被去掉了（历史记录和导出会去掉它）；\
                 发送前请加回去"
                .into(),
            sign: digest(sent_method, &secret, &signed).into(),
            string_to_sign: signed,
        });
    }
    findings.try_variants(&expected, variants);
    if let Some(ts) = params.get("timestamp") {
        check_timestamp(&mut findings, ts, ctx.now_ms);
    }
    findings.unexplained(&expected);
    let credentials = crate::taobao::Credentials {
        app_key: ctx.credential("app_key"),
        app_secret: Some(secret),
        session: ctx.credential("session"),
    };
    let refusal = crate::vendor::taobao::check(&request, &credentials, ctx.now_ms).map(drop);
    Ok(findings.verdict(Vendor::Taobao, expected, s, refusal))
}

fn check_timestamp(findings: &mut Findings, ts: &str, now_ms: Option<i64>) {
    let Some(sent) = crate::vendor::taobao::parse_timestamp(ts) else {
        findings.add(
            "timestamp_format",
            format!("timestamp `{ts}` is neither `yyyy-MM-dd HH:mm:ss` nor Unix milliseconds"),
            format!("时间戳 `{ts}` 既不是 `yyyy-MM-dd HH:mm:ss` 也不是毫秒时间戳"),
        );
        return;
    };
    // Read as UTC it would fit: the client forgot Beijing time.
    let utc_hint = clock::parse_datetime(ts.trim(), 0)
        .zip(now_ms)
        .filter(|(as_utc, now)| (as_utc - now).abs() <= window_ms(Vendor::Taobao))
        .map(|_| {
            (
                "it was written in UTC; Taobao expects Beijing time (GMT+8)",
                "它按 UTC 书写；淘宝要北京时间（GMT+8）",
            )
        });
    // Else a number in another unit (seconds) is named, as the builder and inspector do.
    check_skew_or_slip(findings, Vendor::Taobao, ts, sent, now_ms, utc_hint);
}
