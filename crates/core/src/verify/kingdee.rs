//! Kingdee v2: query encoded once or not sorted, raw path, lines swapped or cut short,
//! Base64 of the raw HMAC, or app_secret used in place of client_secret.

use super::{check_skew_or_slip, Context, Findings, Variant, VerifyError};
use crate::digest::{base64, hex_upper, hmac_sha256};
use crate::encoding::WireText;
use crate::kingdee::{signature, Canonical, Layout};
use crate::vendor::kingdee::TokenStatus;
use crate::{Vendor, Verdict};

pub(super) fn check(ctx: &Context) -> Result<Verdict, VerifyError> {
    let secret = ctx.required_credential("client_secret")?;
    let c = crate::vendor::kingdee::read(ctx.captured);
    let mut findings = Findings::new(c.header("X-Api-Signature").map(str::to_string));
    for name in c.missing_headers() {
        findings.missing("header", name);
    }
    if let (Some(sent), Some(ours)) = (c.header("X-Api-ClientID"), ctx.credential("client_id")) {
        if sent != ours {
            findings.add(
                "client_id_mismatch",
                format!("X-Api-ClientID `{sent}` is not the given client_id `{ours}`"),
                format!("X-Api-ClientID `{sent}` 与给定的 client_id `{ours}` 不同"),
            );
        }
    }
    let query = c.query.clone();
    let timestamp = c.header("X-Api-TimeStamp").unwrap_or_default();
    let canonical = c.canonical();
    let (s, _) = canonical.string_to_sign();
    let expected = signature(&secret, &s);

    // Encoded once as JavaScript and Python do it (space as `%20`): the everyday slip,
    // which the Java-style variants (space as `+`) do not reproduce.
    let once_percent = (
        "the query values were encoded once (percent-encoding, space as %20, as encodeURIComponent or Python's quote write it); the string-to-sign needs them form-encoded, then encoded again",
        "查询参数值只编码了一次（百分号编码，空格为 %20，如 encodeURIComponent 或 Python 的 quote）；签名串要求先表单编码、再编码一次",
    );
    let mistakes: [(&str, &str, &str, Layout); 7] = [
        (
            "query_encoding",
            "the query values were encoded once (form encoding); the string-to-sign needs them encoded twice",
            "查询参数值只编码了一次（表单编码）；签名串要求编码两次",
            Layout { query_value: WireText::form, ..Layout::VENDOR },
        ),
        (
            "query_encoding",
            "the query values were encoded once (URL encoding); the string-to-sign needs them encoded twice",
            "查询参数值只编码了一次（URL 编码）；签名串要求编码两次",
            Layout { query_value: WireText::kingdee, ..Layout::VENDOR },
        ),
        (
            "query_encoding",
            once_percent.0,
            once_percent.1,
            Layout { query_value: WireText::percent, ..Layout::VENDOR },
        ),
        (
            "query_encoding",
            once_percent.0,
            once_percent.1,
            Layout { query_value: WireText::uri_component, ..Layout::VENDOR },
        ),
        (
            "path_not_encoded",
            "the path was signed as is; it must be encoded so that `/` becomes `%2F`",
            "路径未编码就参与了签名；应编码，使 `/` 变为 `%2F`",
            Layout { encode_path: false, ..Layout::VENDOR },
        ),
        (
            "last_newline_missing",
            "the string-to-sign lacks its last `\\n` after the timestamp line",
            "签名串末尾时间戳行后缺少最后一个 `\\n`",
            Layout { trailing_newline: false, ..Layout::VENDOR },
        ),
        (
            "header_order",
            "the nonce and timestamp lines were swapped; nonce comes first",
            "nonce 与 timestamp 两行顺序颠倒；应 nonce 在前",
            Layout { swap_nonce_and_timestamp: true, ..Layout::VENDOR },
        ),
    ];
    let mut variants: Vec<Variant> = mistakes
        .into_iter()
        .map(|(code, en, zh, layout)| {
            let (text, _) = canonical.string_to_sign_with(&layout);
            Variant {
                code,
                en: en.into(),
                zh: zh.into(),
                sign: signature(&secret, &text).into(),
                string_to_sign: text,
            }
        })
        .collect();
    // The query as the URL holds it: the string-to-sign sorts it by name.
    if !query.is_sorted() {
        let (text, _) = canonical.string_to_sign_with(&Layout {
            sort_query: false,
            ..Layout::VENDOR
        });
        variants.push(Variant {
            code: "params_not_sorted",
            en: "the query parameters were signed in the order of the URL, not sorted: sort them \
                 by name (ASCII byte order) before joining them with `&`"
                .into(),
            zh:
                "查询参数按 URL 中的顺序签名，没有排序：用 `&` 连接前应按参数名（ASCII 字节序）排序"
                    .into(),
            sign: signature(&secret, &text).into(),
            string_to_sign: text,
        });
    }
    let raw = hmac_sha256(secret.as_bytes(), s.as_bytes());
    variants.push(Variant {
        code: "base64_of_raw_bytes",
        en: "Base64 was taken of the raw HMAC bytes; Kingdee wants Base64 of the lower-case hex string".into(),
        zh: "对 HMAC 原始字节做了 Base64；金蝶要求对小写十六进制字符串做 Base64".into(),
        sign: base64(&raw),
        string_to_sign: s.clone(),
    });
    variants.push(Variant {
        code: "hex_case",
        en: "Base64 was taken of upper-case hex; Kingdee wants lower-case hex".into(),
        zh: "对大写十六进制做了 Base64；金蝶要求小写".into(),
        sign: base64(hex_upper(&raw).as_bytes()),
        string_to_sign: s.clone(),
    });
    if let Some(app_secret) = ctx.credential("app_secret") {
        variants.push(Variant {
            code: "app_secret_used",
            en: "signed with app_secret; X-Api-Signature uses client_secret (app_secret is only for app_signature)"
                .into(),
            zh: "用 app_secret 签了名；X-Api-Signature 应使用 client_secret（app_secret 只用于 app_signature）".into(),
            sign: signature(&app_secret, &s).into(),
            string_to_sign: s.clone(),
        });
    }
    for i in 0..query.len() {
        let mut fewer = query.clone();
        let (name, _) = fewer.remove(i);
        let (text, _) = Canonical {
            query: &fewer,
            ..canonical.clone()
        }
        .string_to_sign();
        variants.push(Variant {
            code: "unsigned_param",
            en: format!("`{name}` is in the URL but was not signed: it was added after signing"),
            zh: format!("`{name}` 在 URL 中但未参与签名：它是签名之后才加入的"),
            sign: signature(&secret, &text).into(),
            string_to_sign: text,
        });
    }
    findings.try_variants(&expected, variants);
    if let Some(ms) = crate::vendor::kingdee::parse_timestamp(timestamp) {
        // Seconds where the gateway reads milliseconds: the inspector's rule, named here too.
        check_skew_or_slip(
            &mut findings,
            Vendor::Kingdee,
            timestamp,
            ms,
            ctx.now_ms,
            None,
        );
    }
    findings.unexplained(&expected);
    let credentials = crate::kingdee::Credentials {
        client_id: ctx.credential("client_id"),
        client_secret: Some(secret.clone()),
        app_token: ctx.credential("app_token"),
        domain: ctx.credential("domain"),
        app_key: ctx.credential("app_key"),
        app_secret: ctx.credential("app_secret"),
    };
    // Only the account's own app-token is known here: another one is refused when an
    // app_token was given, and cannot be judged when none was.
    let other_token = match credentials.app_token {
        Some(_) => TokenStatus::Unknown,
        None => TokenStatus::Valid,
    };
    let refusal = crate::vendor::kingdee::route(&c.method, &c.path)
        .and_then(|()| crate::vendor::kingdee::check(&c, &credentials, ctx.now_ms))
        .and_then(|()| crate::vendor::kingdee::check_account(&c, &credentials, |_| other_token))
        .and_then(|()| crate::vendor::kingdee::check_app_signature(&c, &credentials));
    Ok(findings.verdict(Vendor::Kingdee, expected, s, refusal))
}
