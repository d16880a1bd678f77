//! Checking a captured request, and naming the integration mistake that explains a
//! wrong one. The gateway's verdict comes from the vendor's own `check` (the one the
//! mocks answer with, see [`crate::vendor`]); this module then explains it: recompute
//! the signature under each known mistake and report those that reproduce it. What stops
//! the check before any verdict (no request, no vendor, no secret) is a [`VerifyError`].

mod error;
mod kingdee;
mod placeholder;
mod taobao;
mod wdt;

pub use error::VerifyError;
pub use placeholder::credential_for;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::capture::{self, Captured};
use crate::digest::SignText;
use crate::vendor::{Refusal, Rule};
use crate::{SignError, Vendor};

/// The input of `countersign verify`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifyInput {
    #[serde(default)]
    pub credentials: Value,
    #[serde(default)]
    pub request: String,
    pub vendor: Option<Vendor>,
    pub now_ms: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    /// Stable: `sign_method_mismatch`, `hex_case`, `timestamp_skew`, `missing_param`, …
    pub code: String,
    pub message: String,
    pub message_zh: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Verdict {
    pub vendor: Vendor,
    pub valid: bool,
    pub sign_found: Option<String>,
    pub sign_expected: String,
    pub string_to_sign_expected: String,
    /// The string the captured signature was computed over, when a mistake explains it.
    pub string_to_sign_found: Option<String>,
    pub diagnosis: Vec<Diagnosis>,
    /// The code the gateway (and the mock) answers when it refuses this request, from
    /// the vendor's `check`: for a signature that does not match TOP `25`, 旺店通 status
    /// `1`, Kingdee `4008`; a TOP sub code follows after `/` (`29/isv.appkey-not-exists`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused_with: Option<String>,
    /// The whole refusal: the rule broken, the name it is about, the gateway's words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal: Option<Refusal>,
    /// The request has a body and this vendor's signature does not cover one (Kingdee):
    /// a valid signature says nothing about whether the body was changed.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub body_unsigned: bool,
    /// The placeholders (`<session>`, `<app-token>`) of an export with secrets hidden that
    /// were checked with the value the credentials give, by the name they stood for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub filled: Vec<String>,
}

pub fn verify(input: &VerifyInput) -> Result<Verdict, VerifyError> {
    let mut captured = capture::parse(&input.request)?;
    let vendor = input.vendor.map_or_else(|| place(&captured), Ok)?;
    // The placeholders an export with secrets hidden wrote, put back from the credentials
    // given: what is checked is the request as it was sent.
    let filled = placeholder::fill(&mut captured, &input.credentials);
    let ctx = Context {
        captured: &captured,
        credentials: &input.credentials,
        now_ms: input.now_ms,
    };
    let mut verdict = match vendor {
        Vendor::Taobao => taobao::check(&ctx),
        Vendor::Wdt => wdt::check(&ctx),
        Vendor::Kingdee => kingdee::check(&ctx),
    }?;
    // Whatever the verdict: Kingdee signs no app-token, so `<app-token>` leaves the
    // signature valid and the gateway refuses the request (4010) as if the token had
    // expired, or, with no token to compare, cannot tell.
    placeholder::explain(&mut verdict, &captured, vendor);
    verdict.filled = filled;
    verdict.body_unsigned = !crate::vendor::signs_body(vendor) && !captured.body.trim().is_empty();
    Ok(verdict)
}

/// Whether a captured request's own signature is the one `credentials` compute for it:
/// what the app says of a capture it imports, where the builder signs anew.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CapturedSign {
    /// The request carries no signature (or is not one `verify` reads).
    Unsigned,
    /// `found`, the capture's own signature, is the one the credentials compute.
    Matches {
        found: String,
    },
    Differs {
        found: String,
        expected: String,
    },
    /// It carries a signature, and without `field` none can be computed to compare.
    NeedsSecret {
        field: &'static str,
    },
}

pub fn captured_sign(request: &str, vendor: Vendor, credentials: &Value) -> CapturedSign {
    let run = |credentials: &Value| {
        verify(&VerifyInput {
            credentials: credentials.clone(),
            request: request.to_string(),
            vendor: Some(vendor),
            now_ms: None,
        })
    };
    match run(credentials) {
        Ok(v) => match v.sign_found {
            None => CapturedSign::Unsigned,
            Some(found) if v.valid => CapturedSign::Matches { found },
            Some(found) => CapturedSign::Differs {
                found,
                expected: v.sign_expected,
            },
        },
        Err(VerifyError::Credential(SignError::MissingCredential { field })) => {
            // Whether there is a signature to tell about: read with a stand-in secret.
            let mut stand_in = match credentials {
                Value::Object(_) => credentials.clone(),
                _ => Value::Object(Default::default()),
            };
            stand_in[field] = Value::String("-".into());
            match run(&stand_in) {
                Ok(v) if v.sign_found.is_some() => CapturedSign::NeedsSecret { field },
                _ => CapturedSign::Unsigned,
            }
        }
        Err(_) => CapturedSign::Unsigned,
    }
}

/// The vendor a captured request is for, by each vendor's own marks.
pub use crate::vendor::detect as detect_vendor;

/// [`detect_vendor`], or why not: the one mark a request lacks when it has a vendor's
/// others, else none of anyone's.
pub fn place(c: &Captured) -> Result<Vendor, VerifyError> {
    detect_vendor(c).ok_or_else(|| match crate::vendor::missing_mark(c) {
        Some((vendor, mark)) => VerifyError::LacksMark { vendor, mark },
        None => VerifyError::UnknownVendor,
    })
}

struct Context<'a> {
    captured: &'a Captured,
    credentials: &'a Value,
    now_ms: Option<i64>,
}

impl Context<'_> {
    fn credential(&self, name: &str) -> Option<String> {
        let value = self.credentials.get(name)?.as_str()?.trim();
        (!value.is_empty()).then(|| value.to_string())
    }

    fn required_credential(&self, field: &'static str) -> Result<String, VerifyError> {
        self.credential(field)
            .ok_or(VerifyError::Credential(SignError::MissingCredential {
                field,
            }))
    }
}

/// One way the signature may have been computed.
struct Variant {
    code: &'static str,
    en: String,
    zh: String,
    sign: String,
    string_to_sign: String,
}

/// Collects findings and the variants that reproduce the captured signature.
struct Findings {
    found: Option<String>,
    diagnosis: Vec<Diagnosis>,
    string_to_sign_found: Option<String>,
}

impl Findings {
    fn new(found: Option<String>) -> Self {
        Self {
            found,
            diagnosis: Vec::new(),
            string_to_sign_found: None,
        }
    }

    fn add(&mut self, code: &str, en: impl Into<String>, zh: impl Into<String>) {
        if !self.diagnosis.iter().any(|d| d.code == code) {
            self.diagnosis.push(Diagnosis {
                code: code.into(),
                message: en.into(),
                message_zh: zh.into(),
            });
        }
    }

    fn missing(&mut self, what: &str, name: &str) {
        self.add(
            "missing_param",
            format!("the request has no {what} `{name}`; the gateway rejects it"),
            format!(
                "请求缺少{}`{name}`，网关会拒绝",
                if what == "header" {
                    "请求头"
                } else {
                    "参数"
                }
            ),
        );
    }

    /// Reports each variant whose signature matches the captured one, exactly or
    /// but for the letter case of its hex digits.
    fn try_variants(&mut self, expected: &str, variants: Vec<Variant>) {
        let Some(found) = self.found.clone() else {
            return;
        };
        if found == expected {
            return;
        }
        if found.eq_ignore_ascii_case(expected) {
            self.hex_case();
        }
        for v in variants {
            if v.sign == found || v.sign.eq_ignore_ascii_case(&found) {
                if v.sign != found {
                    self.hex_case();
                }
                self.string_to_sign_found.get_or_insert(v.string_to_sign);
                self.add(v.code, v.en, v.zh);
            }
        }
    }

    fn hex_case(&mut self) {
        self.add(
            "hex_case",
            "the signature's hex digits are in the wrong letter case; the gateway compares them exactly",
            "签名十六进制字母大小写不对，网关按原样比较",
        );
    }

    fn unexplained(&mut self, expected: &str) {
        let wrong = self.found.as_deref().is_some_and(|f| f != expected);
        if wrong
            && self
                .diagnosis
                .iter()
                .all(|d| ["timestamp_skew", "missing_param"].contains(&d.code.as_str()))
        {
            // Beside a missing parameter, that parameter is the lead before the secret.
            let (en, zh) = if self.diagnosis.iter().any(|d| d.code == "missing_param") {
                (
                    "no known mistake reproduces the captured signature: if the missing parameter was in the \
                     request when it was signed, it was dropped afterwards; else check the secret",
                    "没有已知错误能复现该签名：若签名时请求中有缺少的那个参数，则是签名后被删掉了；否则请核对密钥",
                )
            } else {
                (
                    "no known mistake reproduces the captured signature: check the secret, and that the request \
                     was not changed after signing",
                    "没有已知错误能复现该签名：请核对密钥，并确认签名后请求未被修改",
                )
            };
            self.add("unexplained", en, zh);
        }
    }

    /// The verdict, with the gateway's `refusal` from the vendor's `check`; a refusal no
    /// finding explains yet gets a diagnosis of its own.
    fn verdict(
        mut self,
        vendor: Vendor,
        sign_expected: SignText,
        string_to_sign_expected: String,
        refusal: Result<(), Refusal>,
    ) -> Verdict {
        let valid = self.found.as_deref() == Some(sign_expected.as_str());
        let sign_expected = sign_expected.into();
        let refusal = refusal.err();
        if let Some(r) = &refusal {
            self.explain_refusal(r);
        }
        // A wrong signature's causes first. A skewed clock never changes a signature: read
        // first it looked like the reason for the mismatch, so it comes last, after "no
        // known mistake". A missing parameter may have (dropped after signing): it comes
        // before "no known mistake", the lead to follow.
        if !valid {
            self.diagnosis.sort_by_key(|d| match d.code.as_str() {
                "missing_param" => 1,
                "unexplained" => 2,
                "timestamp_skew" => 3,
                _ => 0,
            });
        }
        Verdict {
            vendor,
            valid,
            sign_found: self.found,
            sign_expected,
            string_to_sign_expected,
            string_to_sign_found: self.string_to_sign_found,
            diagnosis: self.diagnosis,
            refused_with: refusal.as_ref().map(|r| match &r.sub_code {
                Some(sub) => format!("{}/{sub}", r.code),
                None => r.code.to_string(),
            }),
            refusal,
            body_unsigned: false,
            filled: Vec::new(),
        }
    }

    /// The findings that already explain each rule; a rule none explains is reported
    /// as the gateway's refusal, in its code and words.
    fn explain_refusal(&mut self, r: &Refusal) {
        let explained_by: &[&str] = match r.rule {
            Rule::Missing => &["missing_param"],
            Rule::TimestampFormat | Rule::TimestampWindow => {
                &["timestamp_skew", "timestamp_format"]
            }
            Rule::Signature => return,
            Rule::UnknownApp => &["app_key_mismatch", "client_id_mismatch"],
            Rule::Salt => &["salt_mismatch"],
            _ => &[],
        };
        if self
            .diagnosis
            .iter()
            .any(|d| explained_by.contains(&d.code.as_str()))
        {
            return;
        }
        let code = match &r.sub_code {
            Some(sub) => format!("{} ({sub})", r.code),
            None => r.code.to_string(),
        };
        let about = r
            .name
            .as_deref()
            .map(|n| format!(" (`{n}`)"))
            .unwrap_or_default();
        let words = |detail: &str| {
            if detail.is_empty() {
                String::new()
            } else {
                format!(": {detail}")
            }
        };
        let words_en = words(r.detail_en.as_deref().unwrap_or(&r.detail));
        let words_zh = words(&r.detail);
        let (en, zh) = r.rule.label();
        self.add(
            r.rule.as_str(),
            format!("the gateway refuses it with code {code}: {en}{about}{words_en}"),
            format!("网关会以代码 {code} 拒绝：{zh}{about}{words_zh}"),
        );
    }
}

/// [`check_skew`] for a timestamp `text` the gateway reads as `sent_ms`: unless `hint`
/// already says why it is off, a number in another unit (seconds where milliseconds are
/// read) is named, as the inspector names it.
fn check_skew_or_slip(
    findings: &mut Findings,
    vendor: Vendor,
    text: &str,
    sent_ms: i64,
    now_ms: Option<i64>,
    hint: Option<(&str, &str)>,
) {
    let slip = now_ms
        .and_then(|now| crate::vendor::unit_slip(vendor, text.trim(), now))
        .map(crate::vendor::UnitSlip::words);
    let hint = hint.or(slip.as_ref().map(|(en, zh)| (en.as_str(), zh.as_str())));
    check_skew(
        findings,
        sent_ms,
        now_ms,
        crate::vendor::window_ms(vendor),
        hint,
    );
}

/// Reports the clock skew of a captured timestamp against `now_ms`.
fn check_skew(
    findings: &mut Findings,
    sent_ms: i64,
    now_ms: Option<i64>,
    window_ms: i64,
    hint: Option<(&str, &str)>,
) {
    let Some(now) = now_ms else { return };
    let skew = sent_ms - now;
    if skew.abs() > window_ms {
        use crate::clock::duration_text;
        use crate::lang::Lang;
        let (en, zh) = hint.map_or((String::new(), String::new()), |(en, zh)| {
            (format!("; {en}"), format!("；{zh}"))
        });
        // The units a person reads (days for a timestamp in the wrong unit), as the
        // inspector says them; and the direction in both languages.
        let secs = skew.unsigned_abs() / 1000;
        let window = window_ms.unsigned_abs() / 1000;
        findings.add(
            "timestamp_skew",
            format!(
                "the timestamp is {} {} the time it was checked against, outside the gateway's ±{} window{en}",
                duration_text(secs, Lang::En),
                if skew < 0 { "behind" } else { "ahead of" },
                duration_text(window, Lang::En),
            ),
            format!(
                "时间戳比核对所用的时间{} {}，超出网关允许的 ±{}{zh}",
                if skew < 0 { "早" } else { "晚" },
                duration_text(secs, Lang::Zh),
                duration_text(window, Lang::Zh),
            ),
        );
    }
}
