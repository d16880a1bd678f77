//! The core's messages are English (the CLI prints them); the app shows them in 中文 too.
//! Known messages are matched by their fixed parts; anything unknown stays as written.

use crate::i18n::Lang;

/// (English prefix, English suffix, Chinese with `{}` for the part between).
const IMPORT: &[(&str, &str, &str)] = &[
    ("cannot read the request", "", "无法读取请求：请粘贴 cURL 命令、原始 HTTP 请求（`POST /path HTTP/1.1` …）、HAR 条目，或 URL 及其后各行的请求体"),
    ("cannot tell the vendor of this request", "", "无法判断此请求属于哪个厂商"),
    ("`", "` is not an API countersign knows", "countersign 不认识接口 `{}`"),
    ("the Taobao request has no `method` parameter", "", "淘宝请求中没有 `method` 参数"),
    ("the 旺店通 request has no `method` parameter", "", "旺店通请求中没有 `method` 参数"),
    ("cURL option ", " needs a value", "cURL 选项 {} 缺少值"),
    ("the cURL command has no URL", "", "cURL 命令中没有 URL"),
    ("unterminated ", " quote in the cURL command", "cURL 命令中的 {} 引号未闭合"),
    ("unknown API", "", "未知接口"),
];

/// An import or capture error in the UI's language.
pub fn import_error(msg: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return msg.to_string();
    }
    for (start, end, zh) in IMPORT {
        if let Some(rest) = msg.strip_prefix(start) {
            if end.is_empty() {
                return (*zh).to_string();
            }
            if let Some(middle) = rest.strip_suffix(end) {
                return zh.replace("{}", middle);
            }
        }
    }
    msg.to_string()
}

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
    ("path_not_encoded", "路径未编码", "path not encoded"),
    ("query_encoding", "查询串编码错误", "query encoding"),
    ("salt_mismatch", "salt 不一致", "salt differs"),
    ("secret_one_end", "密钥只拼在一端", "secret on one end only"),
    (
        "sign_method_mismatch",
        "签名方法不一致",
        "sign_method differs",
    ),
    ("timestamp_format", "时间戳格式错误", "timestamp format"),
    ("timestamp_skew", "时间戳偏差过大", "timestamp too far off"),
    ("unsigned_param", "参数未参与签名", "parameter not signed"),
    (
        "url_encoded_values",
        "对值做了 URL 编码",
        "values URL-encoded",
    ),
];

/// A diagnosis code's name in the UI's language, when it is known.
pub fn diagnosis_name(code: &str, lang: Lang) -> Option<&'static str> {
    DIAGNOSES
        .iter()
        .find(|d| d.0 == code)
        .map(|d| lang.pick(d.1, d.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_import_errors_read_in_chinese() {
        let l = Lang::Zh;
        assert_eq!(
            import_error("`taobao.x` is not an API countersign knows", l),
            "countersign 不认识接口 `taobao.x`"
        );
        assert_eq!(
            import_error("cURL option -H needs a value", l),
            "cURL 选项 -H 缺少值"
        );
        assert!(import_error("cannot read the request: paste …", l).starts_with("无法读取请求"));
        assert_eq!(import_error("something new", l), "something new");
        assert_eq!(import_error("unknown API", Lang::En), "unknown API");
    }

    /// The core's own texts, so a reworded message shows up here rather than in English.
    #[test]
    fn the_core_messages_are_covered() {
        let l = Lang::Zh;
        for text in [
            "garbage that is no request",
            "curl -H",
            "curl 'http://x",
            "curl -X POST",
        ] {
            let err = countersign_core::capture::parse(text).unwrap_err();
            assert!(
                import_error(&err, l)
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
}
