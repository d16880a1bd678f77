//! Everything about one vendor, in its folder (as reqsign keeps a service): its signer
//! (`sign.rs`), a reader that turns any received or captured request (a [`Captured`]:
//! method, URL, headers, body) into that vendor's typed request (`read.rs`), and the
//! gateway's rules sequenced once in `check` (`check.rs`), which answers with the
//! gateway's own code. The mocks answer `check`'s [`Refusal`] in the vendor's envelope;
//! `countersign verify` calls the same `check` and then explains the mistake; import
//! reads with the same reader. So no two of them can judge one request differently.
//! Which vendor a capture is for ([`detect`]) and which request headers any gateway reads
//! ([`reads_header`], all the relay forwards) are asked of each vendor's reader too.

pub mod kingdee;
pub mod taobao;
pub mod wdt;

use crate::capture::Captured;
use crate::encoding::form_decode;
use crate::Vendor;

/// Which vendor a captured request is for, by each vendor's own marks (`looks_like`);
/// Kingdee first, since its headers are unmistakable, then 旺店通's `sid`, then TOP.
pub fn detect(c: &Captured) -> Option<Vendor> {
    if kingdee::looks_like(c) {
        Some(Vendor::Kingdee)
    } else if wdt::looks_like(c) {
        Some(Vendor::Wdt)
    } else if taobao::looks_like(c) {
        Some(Vendor::Taobao)
    } else {
        None
    }
}

/// For a request [`detect`] cannot place: the vendor whose other marks it carries and the
/// mark it lacks (a 旺店通 call with `salt` and `key` but no `sid`; a `taobao.*` method
/// without `app_key`), so the message names what to look for instead of listing every
/// vendor's marks.
pub fn missing_mark(c: &Captured) -> Option<(Vendor, &'static str)> {
    wdt::missing_mark(c)
        .map(|m| (Vendor::Wdt, m))
        .or_else(|| taobao::missing_mark(c).map(|m| (Vendor::Taobao, m)))
}

/// Whether some vendor's gateway reads request header `name` (any case): what a relay
/// passes on, and all it passes on, so Cookie, Origin, Referer, the client's address and
/// the relay's token never leave the machine. Each vendor names its own headers beside
/// its reader; `Accept` (the answer's format) is plain HTTP any of them may read.
pub fn reads_header(name: &str) -> bool {
    let named = |list: &[&str]| list.iter().any(|h| h.eq_ignore_ascii_case(name));
    name.eq_ignore_ascii_case("Accept")
        || named(&taobao::HEADERS)
        || named(&wdt::HEADERS)
        || kingdee::reads_header(name)
}

/// How the vendors spell a header they read (`X-Api-ClientID`, `app-token`), for `name`
/// in any case; None for the others, plain HTTP names. The relay writes names this way.
pub fn header_spelling(name: &str) -> Option<&'static str> {
    named_headers().find(|h| h.eq_ignore_ascii_case(name))
}

/// Every header a vendor names, as it spells it.
fn named_headers() -> impl Iterator<Item = &'static str> {
    kingdee::REQUIRED_HEADERS
        .iter()
        .chain(&kingdee::ACCOUNT_HEADERS)
        .chain(&taobao::HEADERS)
        .chain(&wdt::HEADERS)
        .copied()
}

/// Why a gateway refuses a request: its own code, and what it says about it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Refusal {
    /// TOP's `code`, 旺店通's `status`, Kingdee's `errcode`.
    pub code: u64,
    /// TOP's `sub_code` (`isv.appkey-not-exists`); the others have none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_code: Option<String>,
    /// Which rule the request broke, for `verify` to explain.
    pub rule: Rule,
    /// The parameter or header the rule is about, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What the gateway adds to its code's message, in its own words (often Chinese).
    pub detail: String,
    /// The same in English, where the words are ours (the catalog's field checks), for
    /// `verify`'s English text; the gateway only ever says `detail`.
    #[serde(skip)]
    pub detail_en: Option<String>,
}

impl Refusal {
    pub fn new(code: impl Into<u64>, rule: Rule, detail: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            sub_code: None,
            rule,
            name: None,
            detail: detail.into(),
            detail_en: None,
        }
    }

    /// `detail` in English, for the words the gateway takes from our catalog.
    pub fn in_english(mut self, detail: impl Into<String>) -> Self {
        self.detail_en = Some(detail.into());
        self
    }

    /// About one parameter or header.
    pub fn about(mut self, name: &str) -> Self {
        self.name = Some(name.to_string());
        self
    }

    pub fn with_sub_code(mut self, sub_code: impl Into<String>) -> Self {
        self.sub_code = Some(sub_code.into());
        self
    }
}

/// The gateway rules a request can break, across vendors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// A required parameter or header is absent or empty.
    Missing,
    /// The app (TOP app_key, 旺店通 sid/key, Kingdee client id) is not the account's.
    UnknownApp,
    /// The API method name is malformed.
    Method,
    /// The protocol version (`v`, `X-Api-Auth-Version`) is not the one the gateway speaks.
    Version,
    /// TOP's `format` is neither json nor xml.
    Format,
    /// The timestamp does not parse in the gateway's format.
    TimestampFormat,
    /// The timestamp is outside the gateway's window around its clock.
    TimestampWindow,
    /// Kingdee's nonce is not a positive integer.
    Nonce,
    /// TOP's `sign_method` or Kingdee's `X-Api-SignHeaders` is not one the gateway knows.
    SignMethod,
    /// 旺店通's salt is not the one of the appsecret.
    Salt,
    /// The signature does not match.
    Signature,
    /// TOP's session key is not the account's.
    Session,
    /// Kingdee's app-token is absent, unknown or expired.
    AppToken,
    /// Kingdee's `X-GW-Router-Addr` is not the account's domain.
    Domain,
    /// The gateway has no API at this path with this HTTP method.
    Api,
    /// 旺店通's body is not the JSON array of the method's arguments.
    Body,
    /// Kingdee's `app_signature` (for an app-token) is not the account's app_key signed
    /// with its app_secret.
    AppSignature,
    /// TOP's business arguments break the API's metadata (an object argument that is not
    /// JSON, a value the API's fields refuse).
    Arguments,
}

impl Rule {
    /// Every rule, for tables that must name each one.
    pub const ALL: [Rule; 18] = [
        Self::Missing,
        Self::UnknownApp,
        Self::Method,
        Self::Version,
        Self::Format,
        Self::TimestampFormat,
        Self::TimestampWindow,
        Self::Nonce,
        Self::SignMethod,
        Self::Salt,
        Self::Signature,
        Self::Session,
        Self::AppToken,
        Self::Domain,
        Self::Api,
        Self::Body,
        Self::AppSignature,
        Self::Arguments,
    ];

    /// What the rule is about, in English and Chinese, for people.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Self::Missing => ("a required name is missing", "缺少必填项"),
            Self::UnknownApp => ("the app is not the account's", "应用不属于该账号"),
            Self::Method => ("the method name is malformed", "方法名格式不对"),
            Self::Version => ("the protocol version is not supported", "协议版本不受支持"),
            Self::Format => ("the answer format is unknown", "返回格式未知"),
            Self::TimestampFormat => ("the timestamp does not parse", "时间戳格式不对"),
            Self::TimestampWindow => ("the timestamp is outside the window", "时间戳超出允许范围"),
            Self::Nonce => ("the nonce is not a positive integer", "nonce 不是正整数"),
            Self::SignMethod => ("the signing method is unknown", "签名方法未知"),
            Self::Salt => ("the salt is not the appsecret's", "salt 与 appsecret 不符"),
            Self::Signature => ("the signature does not match", "签名不匹配"),
            Self::Session => (
                "the session key is not the account's",
                "session 不属于该账号",
            ),
            Self::AppToken => (
                "the app-token is unknown or expired",
                "app-token 无效或已过期",
            ),
            Self::Domain => ("the domain is not the account's", "域名不属于该账号"),
            Self::Api => (
                "the gateway has no such API (path or HTTP method)",
                "网关没有这个接口（路径或请求方法不对）",
            ),
            Self::Body => (
                "the body is not the JSON array of the method's arguments",
                "请求体不是方法参数的 JSON 数组",
            ),
            Self::AppSignature => (
                "app_key and app_signature are not the account's (app_signature is the app_key signed with the app_secret)",
                "app_key 与 app_signature 不属于该账号（app_signature 是用 app_secret 对 app_key 的签名）",
            ),
            Self::Arguments => (
                "an argument breaks the API's documented fields",
                "业务参数不符合接口文档的字段要求",
            ),
        }
    }

    /// The stable name `verify` reports (`timestamp_window`, `signature`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Missing => "missing",
            Self::UnknownApp => "unknown_app",
            Self::Method => "method",
            Self::Version => "version",
            Self::Format => "format",
            Self::TimestampFormat => "timestamp_format",
            Self::TimestampWindow => "timestamp_window",
            Self::Nonce => "nonce",
            Self::SignMethod => "sign_method",
            Self::Salt => "salt",
            Self::Signature => "signature",
            Self::Session => "session",
            Self::AppToken => "app_token",
            Self::Domain => "domain",
            Self::Api => "api",
            Self::Body => "body",
            Self::AppSignature => "app_signature",
            Self::Arguments => "arguments",
        }
    }
}

/// Whether `sent_ms` is within the window, when there is a clock to check against:
/// `verify` without a given time leaves the clock unchecked.
fn on_time(vendor: Vendor, sent_ms: i64, now_ms: Option<i64>) -> bool {
    now_ms.is_none_or(|now| within_window(vendor, sent_ms, now))
}

/// A timestamp as `vendor`'s gateway reads it, in Unix ms (`None` when it does not parse):
/// the pins in the app read back through this.
pub fn parse_timestamp(vendor: Vendor, text: &str) -> Option<i64> {
    match vendor {
        Vendor::Taobao => taobao::parse_timestamp(text),
        Vendor::Wdt => wdt::parse_timestamp(text),
        Vendor::Kingdee => kingdee::parse_timestamp(text),
    }
}

/// The credential holding `vendor`'s session token (TOP's `session`, Kingdee's
/// `app_token`): issued per login or app, a secret, but no key that signs.
pub fn session_token_field(vendor: Vendor) -> Option<&'static str> {
    match vendor {
        Vendor::Taobao => Some("session"),
        Vendor::Kingdee => Some("app_token"),
        Vendor::Wdt => None,
    }
}

/// The code `vendor`'s gateway answers a signature that does not match with, as its
/// envelope reads it (`25`, `1`, `4008`).
pub fn bad_signature_code(vendor: Vendor) -> String {
    match vendor {
        Vendor::Taobao => taobao::BAD_SIGNATURE.to_string(),
        Vendor::Wdt => wdt::BAD_SIGNATURE.to_string(),
        Vendor::Kingdee => kingdee::BAD_SIGNATURE.to_string(),
    }
}

/// Whether `code` is how `vendor` refuses a signature made with a secret it does not
/// hold: the request's own signature, or Kingdee's app_signature when an app-token is
/// asked for.
pub fn refuses_a_secret(vendor: Vendor, code: &str) -> bool {
    code == bad_signature_code(vendor)
        || (vendor == Vendor::Kingdee && code == kingdee::BAD_APP_SIGNATURE.to_string())
}

/// Whether `vendor`'s signature covers the request body: Kingdee v2 signs the method,
/// path, query, nonce and timestamp only.
pub fn signs_body(vendor: Vendor) -> bool {
    vendor != Vendor::Kingdee
}

/// How far a request's timestamp may be from the gateway's clock, from the catalog.
pub fn window_ms(vendor: Vendor) -> i64 {
    crate::catalog::vendor(vendor).timestamp_window_ms()
}

/// Whether a timestamp (Unix ms, from the vendor's `parse_timestamp`) is inside the
/// gateway's window around `now_ms`. 旺店通 counts whole seconds, so its clock does too.
pub fn within_window(vendor: Vendor, sent_ms: i64, now_ms: i64) -> bool {
    let now = match vendor {
        Vendor::Wdt => now_ms.div_euclid(1000) * 1000,
        _ => now_ms,
    };
    sent_ms.abs_diff(now) <= window_ms(vendor).unsigned_abs()
}

/// A timestamp written in another unit than the vendor's, which would be "now" in that
/// unit: the usual slip behind an expired timestamp that no clock explains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitSlip {
    /// Kingdee, Taobao: seconds where it reads milliseconds.
    Seconds,
    /// 旺店通: Unix seconds where it reads seconds since 2012-01-01.
    UnixSeconds,
    /// 旺店通: Unix milliseconds.
    Milliseconds,
}

impl UnitSlip {
    /// The slip in words, English and 中文, for `verify`.
    pub fn words(self) -> (String, String) {
        let epoch = crate::clock::WDT_EPOCH_SECS;
        match self {
            Self::Seconds => (
                "it is in seconds; the gateway reads a number as milliseconds".into(),
                "这是秒级时间戳；网关把数字读作毫秒".into(),
            ),
            Self::UnixSeconds => (
                // The epoch is midnight in Beijing, 8 h before midnight UTC.
                format!(
                    "it is plain Unix seconds; subtract {epoch} (2012-01-01 00:00 Beijing time)"
                ),
                format!("这是普通 Unix 秒；需减去 {epoch}（北京时间 2012-01-01 00:00）"),
            ),
            Self::Milliseconds => (
                format!("it is in milliseconds; send seconds minus {epoch}"),
                format!("这是毫秒时间戳；应发送秒数减去 {epoch}"),
            ),
        }
    }
}

/// How far a timestamp may be from the clock and still be "near" it: a call reproduced
/// from a log is hours or days old, a value in the wrong unit or format is decades off.
pub const YEAR_MS: i64 = 366 * 24 * 3600 * 1000;

/// Which slip makes `text` (a timestamp as sent) read as a time near `clock_ms`. Near is
/// a year, not the gateway's window: a call reproduced from this morning's log is outside
/// the window in any unit, yet ten digits for Kingdee are still seconds.
pub fn unit_slip(vendor: Vendor, text: &str, clock_ms: i64) -> Option<UnitSlip> {
    let t = text.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = t.parse().ok()?;
    let near = |ms: i64| (ms - clock_ms).abs() <= YEAR_MS;
    match vendor {
        // Taobao reads digits as Unix ms too (besides its `yyyy-MM-dd HH:mm:ss`).
        Vendor::Kingdee | Vendor::Taobao if near(n.saturating_mul(1000)) => Some(UnitSlip::Seconds),
        Vendor::Wdt if near(n.saturating_mul(1000)) => Some(UnitSlip::UnixSeconds),
        Vendor::Wdt if near(n) => Some(UnitSlip::Milliseconds),
        _ => None,
    }
}

/// One parameter as received: its decoded name and value, and the value as sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub value: String,
    /// Still percent-encoded, as it was on the wire.
    pub raw: String,
}

/// The parameters of `raw` (`a=1&b=2`) in order; a repeated name keeps its first value,
/// as a servlet's `getParameter` and PHP's SDK-facing gateways do (and the SDKs never
/// repeat a name, so the first is the one that was signed).
fn read_params<'a>(sources: impl IntoIterator<Item = &'a str>) -> Vec<Param> {
    let mut params: Vec<Param> = Vec::new();
    for pair in sources
        .into_iter()
        .flat_map(|s| s.split('&'))
        .filter(|p| !p.is_empty())
    {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        push_first(
            &mut params,
            Param {
                name: form_decode(k),
                value: form_decode(v),
                raw: v.to_string(),
            },
        );
    }
    params
}

/// Adds `param` unless its name came already: the first value is the one read.
fn push_first(params: &mut Vec<Param>, param: Param) {
    if params.iter().all(|p| p.name != param.name) {
        params.push(param);
    }
}

/// Whether the body is a form whose fields are parameters: only when Content-Type says
/// so, as a servlet container decides (captures without headers get the type their
/// client would have sent, see [`crate::capture`]).
fn body_is_form(c: &Captured) -> bool {
    c.header("content-type").is_some_and(|ct| {
        ct.trim()
            .to_ascii_lowercase()
            .starts_with("application/x-www-form-urlencoded")
    })
}

/// The text fields of a `multipart/form-data` body, in order: what TOP's SDKs send when
/// a call carries a file. Those fields are signed like any parameter; the file parts
/// (`filename=`) are not, so they are left out. Line ends may be `\r\n` or `\n` (a
/// capture pasted from a log).
fn multipart_params(c: &Captured) -> Vec<Param> {
    let Some(boundary) = c.header("content-type").and_then(multipart_boundary) else {
        return Vec::new();
    };
    let delimiter = format!("--{boundary}");
    let mut params: Vec<Param> = Vec::new();
    for part in c.body.split(delimiter.as_str()).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let part = part
            .strip_prefix("\r\n")
            .or_else(|| part.strip_prefix('\n'))
            .unwrap_or(part);
        let Some((head, value)) = part
            .split_once("\r\n\r\n")
            .or_else(|| part.split_once("\n\n"))
        else {
            continue;
        };
        let value = value
            .strip_suffix("\r\n")
            .or_else(|| value.strip_suffix('\n'))
            .unwrap_or(value);
        let Some(disposition) = head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case("content-disposition")
                .then_some(v)
        }) else {
            continue;
        };
        let attr = |key: &str| {
            disposition.split(';').find_map(|a| {
                let (k, v) = a.split_once('=')?;
                k.trim()
                    .eq_ignore_ascii_case(key)
                    .then(|| v.trim().trim_matches('"').to_string())
            })
        };
        if attr("filename").is_some() {
            continue;
        }
        let Some(name) = attr("name") else { continue };
        push_first(
            &mut params,
            Param {
                name,
                value: value.to_string(),
                raw: value.to_string(),
            },
        );
    }
    params
}

/// The boundary of a `multipart/form-data` Content-Type.
fn multipart_boundary(content_type: &str) -> Option<&str> {
    let mut parts = content_type.split(';');
    let kind = parts.next()?.trim();
    if !kind.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        let v = v.trim().trim_matches('"');
        (k.trim().eq_ignore_ascii_case("boundary") && !v.is_empty()).then_some(v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multipart_body_gives_its_text_fields_not_its_files() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"req_dto\"\r\n\r\n{\"a\":1}\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\
                    Content-Type: image/png\r\n\r\nPNG...\r\n\
                    --XyZ\r\ncontent-disposition: form-data; name=\"remark\"\r\n\r\n盘点\r\n--XyZ--\r\n";
        let c = Captured {
            headers: vec![(
                "Content-Type".into(),
                "multipart/form-data; boundary=XyZ".into(),
            )],
            body: body.into(),
            ..Captured::default()
        };
        let got: Vec<(String, String)> = multipart_params(&c)
            .into_iter()
            .map(|p| (p.name, p.value))
            .collect();
        assert_eq!(
            got,
            [
                ("req_dto".into(), "{\"a\":1}".into()),
                ("remark".into(), "盘点".into())
            ]
        );
        assert_eq!(
            multipart_boundary("multipart/form-data; boundary=\"q q\""),
            Some("q q")
        );
        assert_eq!(
            multipart_boundary("application/x-www-form-urlencoded"),
            None
        );
    }

    #[test]
    fn a_timestamp_in_another_unit_is_named() {
        let now = 1_796_275_551_123;
        assert_eq!(
            unit_slip(Vendor::Kingdee, "1796275551", now),
            Some(UnitSlip::Seconds)
        );
        assert_eq!(unit_slip(Vendor::Kingdee, &now.to_string(), now), None);
        // Pinned from a log of this morning: outside the window, still seconds.
        assert_eq!(
            unit_slip(Vendor::Kingdee, "1796250000", now),
            Some(UnitSlip::Seconds)
        );
        assert_eq!(unit_slip(Vendor::Kingdee, "1796250000000", now), None);
        assert_eq!(
            unit_slip(Vendor::Wdt, "1796275551", now),
            Some(UnitSlip::UnixSeconds)
        );
        assert_eq!(
            unit_slip(Vendor::Wdt, &now.to_string(), now),
            Some(UnitSlip::Milliseconds)
        );
        assert_eq!(
            unit_slip(Vendor::Wdt, "470928351", now),
            None,
            "2012-based seconds are right"
        );
        assert_eq!(unit_slip(Vendor::Kingdee, "-5", now), None);
        assert_eq!(
            unit_slip(Vendor::Taobao, "1796275551", now),
            Some(UnitSlip::Seconds)
        );
        assert_eq!(unit_slip(Vendor::Taobao, &now.to_string(), now), None);
    }

    #[test]
    fn each_vendors_headers_are_read_in_any_case_and_nothing_else() {
        for h in named_headers() {
            assert!(reads_header(h), "{h}");
            assert!(reads_header(&h.to_ascii_lowercase()), "{h}");
            assert_eq!(header_spelling(&h.to_ascii_uppercase()), Some(h));
        }
        assert_eq!(header_spelling("x-api-clientid"), Some("X-Api-ClientID"));
        assert_eq!(
            header_spelling("accept"),
            None,
            "plain HTTP names are not spelled"
        );
        assert!(reads_header("accept"));
        for other in [
            "Cookie",
            "Origin",
            "Referer",
            "X-Relay-Token",
            "X-Api",
            "",
            "é",
        ] {
            assert!(!reads_header(other), "{other}");
        }
    }
}
