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
}
