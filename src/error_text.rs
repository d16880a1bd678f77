//! Names for the signature check's diagnosis codes, and [`localised!`] for the app's own
//! error types. The core's errors carry their own 中文 (`countersign_core::Localise`);
//! nothing of theirs is copied here.

use crate::i18n::Lang;

/// Gives an app error with a `fn text(&self, Lang) -> String` the core's way of speaking:
/// English as its `Display`, 中文 through `countersign_core::Localise`.
macro_rules! localised {
    ($ty:ty) => {
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.text($crate::i18n::Lang::En))
            }
        }

        impl countersign_core::Localise for $ty {
            fn zh(&self) -> String {
                self.text($crate::i18n::Lang::Zh)
            }
        }
    };
}
pub(crate) use localised;

/// The signature check's diagnosis codes, named in both languages (the code stays shown:
/// support staff quote it).
const DIAGNOSES: &[(&str, &str, &str)] = &[
    ("app_key_mismatch", "app_key 不一致", "app_key differs"),
    (
        "app_secret_used",
        "误用了 app_secret",
        "app_secret used instead",
    ),
    (
        "appsecret_not_split",
        "appsecret 未按冒号拆分",
        "appsecret not split at the colon",
    ),
    (
        "base64_of_raw_bytes",
        "对原始字节做了 Base64",
        "Base64 of the raw bytes",
    ),
    ("body_as_form", "请求体按表单发送", "body sent as a form"),
    (
        "body_modified",
        "请求体被改动",
        "body changed after signing",
    ),
    (
        "client_id_mismatch",
        "client_id 不一致",
        "client_id differs",
    ),
    (
        "empty_param_included",
        "空参数参与了签名",
        "empty parameter signed",
    ),
    (
        "header_order",
        "签名头顺序错误",
        "signed headers out of order",
    ),
    ("hex_case", "十六进制大小写错误", "hex letter case"),
    (
        "last_newline_missing",
        "缺少末尾换行",
        "last newline missing",
    ),
    ("missing_param", "缺少参数", "parameter missing"),
    (
        "params_not_sorted",
        "参数未按名称排序",
        "parameters not sorted",
    ),
    ("path_not_encoded", "路径未编码", "path not encoded"),
    ("query_encoding", "查询串编码错误", "query encoding"),
    ("salt_mismatch", "salt 不一致", "salt differs"),
    ("secret_one_end", "密钥只拼在一端", "secret on one end only"),
    (
        "secret_placeholder",
        "密钥是导出占位符",
        "secret is an export placeholder",
    ),
    (
        "session_removed",
        "签名后去掉了 session",
        "session taken out after signing",
    ),
    (
        "sign_method_mismatch",
        "签名方法不一致",
        "sign_method differs",
    ),
    ("timestamp_format", "时间戳格式错误", "timestamp format"),
    ("timestamp_skew", "时间戳偏差过大", "timestamp too far off"),
    ("unexplained", "原因未知", "cause unknown"),
    ("unsigned_param", "参数未参与签名", "parameter not signed"),
    (
        "url_encoded_values",
        "对值做了 URL 编码",
        "values URL-encoded",
    ),
];

/// Short names of the gateway rules a check finds broken (`vendor::Rule`, whose own
/// label is the sentence the finding's message already holds).
const RULES: &[(&str, &str, &str)] = &[
    ("missing", "缺少必填项", "required name missing"),
    ("unknown_app", "应用不属于该账号", "unknown app"),
    ("method", "方法名格式不对", "method name malformed"),
    ("version", "协议版本不受支持", "version not supported"),
    ("format", "返回格式未知", "format unknown"),
    // timestamp_format: named in DIAGNOSES.
    (
        "timestamp_window",
        "时间戳超出范围",
        "timestamp outside the window",
    ),
    ("nonce", "nonce 无效", "nonce invalid"),
    ("sign_method", "签名方法未知", "signing method unknown"),
    ("salt", "salt 不符", "salt differs"),
    ("signature", "签名不匹配", "signature mismatch"),
    ("session", "session 无效", "session not the account's"),
    ("app_token", "app-token 无效", "app-token invalid"),
    ("domain", "域名不符", "domain not the account's"),
    ("api", "没有这个接口", "no such API"),
    ("body", "请求体不对", "body not the arguments"),
    (
        "app_signature",
        "app_signature 不符",
        "app_signature differs",
    ),
    ("arguments", "业务参数不符", "arguments break the fields"),
];

/// A diagnosis code's name in the UI's language, when it is known.
pub fn diagnosis_name(code: &str, lang: Lang) -> Option<&'static str> {
    DIAGNOSES
        .iter()
        .chain(RULES)
        .find(|d| d.0 == code)
        .map(|d| lang.pick(d.1, d.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The core's capture errors come in 中文 from the core itself.
    #[test]
    fn the_core_messages_are_localised() {
        use countersign_core::Localise;
        for text in [
            "garbage that is no request",
            "curl -H",
            "curl 'http://x",
            "curl -X POST",
        ] {
            let err = countersign_core::capture::parse(text).unwrap_err();
            assert!(
                err.localise(Lang::Zh)
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{text}: {err}"
            );
        }
    }

    #[test]
    fn diagnosis_codes_have_names() {
        assert_eq!(
            diagnosis_name("hex_case", Lang::Zh),
            Some("十六进制大小写错误")
        );
        assert_eq!(diagnosis_name("nope", Lang::Zh), None);
    }

    /// A broken gateway rule is a finding too: named in the UI's language, never shown as
    /// its English id in 中文 (`arguments`).
    #[test]
    fn every_gateway_rule_has_a_name() {
        for rule in countersign_core::vendor::Rule::ALL {
            for lang in [Lang::Zh, Lang::En] {
                assert!(
                    diagnosis_name(rule.as_str(), lang).is_some(),
                    "{rule:?} has no name in {lang:?}"
                );
            }
        }
    }
}
