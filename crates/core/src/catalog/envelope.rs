//! Reading a vendor's answer: success or failure, and which code, from the catalog's
//! envelope rules rather than code per vendor.

use serde::Serialize;
use serde_json::Value;

use super::model::{canonical, Api, Envelope, ErrorCode, KnownMessage};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub success: bool,
    /// False when the body matches none of the vendor's shapes (HTML, a relay error…).
    pub recognised: bool,
    pub code: Option<String>,
    pub message: Option<String>,
    pub sub_code: Option<String>,
    pub sub_message: Option<String>,
    pub request_id: Option<String>,
}

/// What the catalog knows about a failure: the code's entry and a message's known cause.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Explanation<'a> {
    pub error: Option<&'a ErrorCode>,
    pub sub_error: Option<&'a ErrorCode>,
    pub known_message: Option<&'a KnownMessage>,
}

fn text(value: Option<&Value>) -> Option<String> {
    value.and_then(canonical)
}

/// Classifies `body` (the parsed answer) for `api`; `http_status` when known.
pub fn classify(api: &Api, http_status: Option<u16>, body: &Value) -> Outcome {
    let env = api.envelope();
    let vendor_env = &api.vendor_info().envelope;
    let http_error = http_status.is_some_and(|s| env.error_http_statuses.contains(&s));

    if let Some(root) = &env.error_root {
        if let Some(err) = body.get(root) {
            return Outcome {
                success: false,
                recognised: true,
                code: text(err.get(&env.code)),
                message: text(err.get(&env.message)),
                sub_code: env.sub_code.as_ref().and_then(|k| text(err.get(k))),
                sub_message: env.sub_message.as_ref().and_then(|k| text(err.get(k))),
                request_id: env.request_id.as_ref().and_then(|k| text(err.get(k))),
            };
        }
        let success_root = api.success_root_in(body);
        let found = success_root.as_ref().and_then(|r| body.get(r));
        if let Some(refused) = found.and_then(|f| business_failure(env, f)) {
            return refused;
        }
        return Outcome {
            success: found.is_some() && !http_error,
            recognised: found.is_some(),
            request_id: found
                .zip(env.request_id.as_ref())
                .and_then(|(f, k)| text(f.get(k))),
            ..Outcome::default()
        };
    }

    // The API's own code field first; gateway errors keep the vendor's (Kingdee 519).
    let pairs = [
        (&env.code, &env.message),
        (&vendor_env.code, &vendor_env.message),
    ];
    for (code_key, message_key) in pairs {
        if let Some(code) = body.get(code_key.as_str()).filter(|c| !c.is_null()) {
            let code_text = canonical(code);
            let ok_code = env
                .success_codes
                .iter()
                .chain(&vendor_env.success_codes)
                .any(|s| canonical(s) == code_text);
            return Outcome {
                success: ok_code && !http_error,
                recognised: true,
                code: code_text,
                message: text(body.get(message_key.as_str())),
                ..Outcome::default()
            };
        }
    }
    Outcome::default()
}

/// The receiving system's refusal under a success root, when the envelope has that rule.
fn business_failure(env: &Envelope, found: &Value) -> Option<Outcome> {
    let rule = env.result.as_ref()?;
    let result = found.get(&rule.object)?;
    let ok = result.get(&rule.success)?;
    let refused = ok == &Value::Bool(false) || canonical(ok).as_deref() == Some("false");
    refused.then(|| Outcome {
        success: false,
        recognised: true,
        code: text(result.get(&rule.code)),
        message: text(result.get(&rule.message)),
        request_id: env.request_id.as_ref().and_then(|k| text(found.get(k))),
        ..Outcome::default()
    })
}

impl Api {
    /// The catalog's entries for a failure: code, Taobao sub-code, and a known message.
    pub fn explain(&self, outcome: &Outcome) -> Explanation<'_> {
        let vendor = self.vendor_info();
        let messages = [&outcome.sub_message, &outcome.message];
        let known_message = messages.iter().find_map(|m| {
            m.as_deref()
                .and_then(|m| vendor.known_message(outcome.code.as_deref(), m))
        });
        Explanation {
            error: outcome.code.as_deref().and_then(|c| self.error(c)),
            // TOP names the parameter after a colon (`isv.missing-parameter:owner_code`).
            sub_error: outcome
                .sub_code
                .as_deref()
                .and_then(|c| self.error(c).or_else(|| self.error(c.split_once(':')?.0))),
            known_message,
        }
    }
}
