//! What an HTTP status means, in both languages. Gateways answer with codes a browser has
//! no reason phrase for (Kingdee's 519 comes as `519 <none>`), and a bare number tells a
//! newcomer nothing.

use crate::i18n::Lang;

/// (status, short 中文, short English, what to do / where to look).
const STATUSES: &[(u16, &str, &str, &str, &str)] = &[
    // The HTTP status only: the vendors send their refusals with 200, so "成功" would
    // contradict the verdict below it.
    (200, "OK", "OK", "", ""),
    (400, "请求有误", "Bad Request", "网关无法读取请求：检查参数与请求体。", "The gateway could not read the request: check the parameters and the body."),
    (401, "未认证", "Unauthorized", "缺少或错误的凭证。", "Missing or wrong credentials."),
    (403, "禁止访问", "Forbidden", "凭证无权调用此接口，或 IP 不在白名单。", "The credentials may not call this API, or the IP is not allow-listed."),
    (404, "未找到", "Not Found", "路径或方法名有误，或环境选错。", "Wrong path or method name, or the wrong environment."),
    (405, "方法不允许", "Method Not Allowed", "此接口不接受该 HTTP 方法。", "This API does not take that HTTP method."),
    (413, "请求过大", "Payload Too Large", "请求体超过网关或中继的上限。", "The body is over the gateway's or the relay's limit."),
    (429, "请求过多", "Too Many Requests", "触发限流：稍后重试。", "Rate limited: try again later."),
    (500, "服务器内部错误", "Internal Server Error", "厂商服务出错：看响应体，必要时联系厂商。", "The vendor's service failed: read the body, contact the vendor if needed."),
    (502, "网关错误", "Bad Gateway", "中继无法从上游得到有效应答。", "The relay got no valid answer from upstream."),
    (503, "服务不可用", "Service Unavailable", "上游暂时不可用。", "The upstream is unavailable for now."),
    (504, "网关超时", "Gateway Timeout", "上游未在时限内应答。", "The upstream did not answer in time."),
    (519, "金蝶网关拒绝", "Kingdee gateway refused", "金蝶网关的业务拒绝（签名、时间戳、app-token 等）：原因见响应体的 errcode。", "The Kingdee gateway refused the call (signature, timestamp, app-token…): the body's errcode says why."),
];

/// The short name of `status` for the status line, when the server sent no usable reason
/// phrase, or when the UI speaks 中文.
pub fn status_label(status: u16, reason: &str, lang: Lang) -> String {
    let reason = reason.trim();
    let reason = if reason == "<none>" { "" } else { reason };
    let known = STATUSES.iter().find(|s| s.0 == status);
    match (lang, known) {
        (Lang::Zh, Some(s)) => s.1.to_string(),
        (Lang::En, Some(s)) if reason.is_empty() => s.2.to_string(),
        _ => reason.to_string(),
    }
}

/// The longer explanation for the tooltip, when there is one.
pub fn status_help(status: u16, lang: Lang) -> Option<&'static str> {
    let s = STATUSES.iter().find(|s| s.0 == status)?;
    let text = lang.pick(s.3, s.4);
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kingdee_519_has_a_name_and_a_hint() {
        assert_eq!(
            status_label(519, "<none>", Lang::En),
            "Kingdee gateway refused"
        );
        assert_eq!(status_label(519, "", Lang::Zh), "金蝶网关拒绝");
        assert!(status_help(519, Lang::En).unwrap().contains("errcode"));
        assert_eq!(status_label(200, "OK", Lang::En), "OK");
        assert_eq!(status_label(299, "Odd", Lang::Zh), "Odd");
        assert_eq!(status_help(200, Lang::En), None);
    }
}
