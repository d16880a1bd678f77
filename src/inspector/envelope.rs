//! Reading a vendor's answer for the inspector: the catalog's envelope rules say success
//! or failure and which code; the catalog's error entries say cause and fix; and the
//! request's own timestamp is set against the browser's clock and the vendor's window.
//! Pure, tested natively.

use countersign_core::catalog::{classify, Api, ErrorCode, KnownMessage, Outcome};
use countersign_core::clock::beijing;
use countersign_core::vendor;
use countersign_core::{Vendor, WireRequest};
use serde_json::Value;

use crate::send::outcome::{query_param, Exchange};

/// The inspector's reading of one answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub outcome: Outcome,
    /// The catalog's entry for the code, and for Taobao's sub-code.
    pub error: Option<&'static ErrorCode>,
    pub sub_error: Option<&'static ErrorCode>,
    /// A message text the catalog knows a specific cause for (`sid is not exists`).
    pub known_message: Option<&'static KnownMessage>,
    /// The request's timestamp against the browser's clock, on failures.
    pub clock: Option<ClockCheck>,
    /// What the badge names: `errcode 0`, `status 7`, `error_response.code 31`, or
    /// Taobao's success root.
    pub label: Option<String>,
}

impl Verdict {
    /// Stable id for CSS and tests: `success`, `failure`, `unknown`.
    pub fn kind(&self) -> &'static str {
        match (self.outcome.recognised, self.outcome.success) {
            (_, true) => "success",
            (true, false) => "failure",
            (false, false) => "unknown",
        }
    }
}

/// Reads `exchange` as an answer of `api`, whose body parsed as `body`.
pub fn read_value(api: &'static Api, exchange: &Exchange, body: &Value) -> Verdict {
    let outcome = classify(api, Some(exchange.status), body);
    let explanation = api.explain(&outcome);
    let clock = (!outcome.success)
        .then(|| clock_check(api.vendor, &exchange.request, exchange.sent_at_ms as i64))
        .flatten();
    let label = badge_label(api, &outcome, body);
    Verdict {
        label,
        error: explanation.error,
        sub_error: explanation.sub_error,
        known_message: explanation.known_message,
        outcome,
        clock,
    }
}

fn badge_label(api: &Api, outcome: &Outcome, body: &Value) -> Option<String> {
    let env = api.envelope();
    if let Some(root) = &env.error_root {
        return match &outcome.code {
            Some(code) => Some(format!("{root}.{} {code}", env.code)),
            None if outcome.recognised => api.success_root_in(body),
            None => None,
        };
    }
    let code = outcome.code.as_ref()?;
    // The field the code came from: the API's own, or the vendor's (Kingdee's gateway).
    let field = [env.code.as_str(), api.vendor_info().envelope.code.as_str()]
        .into_iter()
        .find(|k| body.get(*k).is_some_and(|v| !v.is_null()))?;
    Some(format!("{field} {code}"))
}

/// The request's timestamp next to the clock of the machine that sent it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClockCheck {
    /// Exactly as on the wire (`2016-09-09 12:00:00`, `232623153`, `1670305063559`).
    pub sent_text: String,
    /// What that timestamp means, Unix ms.
    pub sent_ms: i64,
    /// The browser's clock when it sent the request, Unix ms.
    pub clock_ms: i64,
    /// `sent_ms - clock_ms`: positive when the timestamp is ahead.
    pub skew_ms: i64,
    /// How far the gateway lets a timestamp be from its own clock, either way (shown).
    pub window_ms: i64,
    /// Whose gateway judges it.
    pub vendor: Vendor,
}

impl ClockCheck {
    /// Inside the gateway's window, by the vendor's own rule (`core::vendor::within_window`:
    /// 旺店通 counts whole seconds), so the inspector and the mocks agree at the edge.
    pub fn within(&self) -> bool {
        vendor::within_window(self.vendor, self.sent_ms, self.clock_ms)
    }

    /// Both instants in Beijing time (GMT+8), which all three gateways run on.
    pub fn sent_beijing(&self) -> String {
        beijing(self.sent_ms)
    }

    pub fn clock_beijing(&self) -> String {
        beijing(self.clock_ms)
    }
}

/// The unit slip behind an expired timestamp: one rule for the inspector and `verify`.
pub use countersign_core::vendor::{unit_slip, UnitSlip};

/// The timestamp a signed request carries, as sent and as Unix ms.
pub fn sent_timestamp(vendor: Vendor, request: &WireRequest) -> Option<(String, i64)> {
    // Where each gateway carries it; read as the gateway (and its mock) reads it.
    let text = match vendor {
        Vendor::Taobao | Vendor::Wdt => query_param(&request.url, "timestamp")?,
        Vendor::Kingdee => request.header("X-Api-TimeStamp")?.to_string(),
    };
    let ms = vendor::parse_timestamp(vendor, &text)?;
    Some((text, ms))
}

pub fn clock_check(vendor: Vendor, request: &WireRequest, clock_ms: i64) -> Option<ClockCheck> {
    let (sent_text, sent_ms) = sent_timestamp(vendor, request)?;
    Some(ClockCheck {
        sent_text,
        sent_ms,
        clock_ms,
        skew_ms: sent_ms.saturating_sub(clock_ms),
        window_ms: vendor::window_ms(vendor),
        vendor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use countersign_core::catalog;
    use countersign_core::clock::WDT_EPOCH_SECS;
    use serde_json::json;

    // 2025-11-25 12:00:00 UTC
    const NOW: i64 = 1_764_072_000_000;

    fn exchange(request: WireRequest, status: u16, body: Value) -> Exchange {
        Exchange {
            request,
            relay_url: String::new(),
            sent_at_ms: NOW as f64,
            status,
            status_text: String::new(),
            headers: vec![],
            body: body.to_string(),
            size: 0,
            elapsed_ms: 1.0,
            server_timing: vec![],
        }
    }

    fn wire(url: &str, headers: &[(&str, &str)]) -> WireRequest {
        WireRequest {
            method: "POST".into(),
            url: url.into(),
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string().into(), v.to_string().into()))
                .collect(),
            body: String::new(),
            ..Default::default()
        }
    }

    fn read(api: &'static Api, exchange: &Exchange) -> Option<Verdict> {
        let body = exchange.json()?;
        Some(read_value(api, exchange, &body))
    }

    fn api(id: &str) -> &'static Api {
        catalog::all().iter().find(|a| a.id == id).unwrap()
    }

    #[test]
    fn taobao_invalid_timestamp_shows_the_clock() {
        // Pinned 20 minutes before the clock, in Beijing time.
        let sent = beijing(NOW - 20 * 60 * 1000);
        let url = format!(
            "http://h/router/rest?method=x&timestamp={}&sign=A",
            sent.replace(' ', "+").replace(':', "%3A")
        );
        let ex = exchange(
            wire(&url, &[]),
            200,
            json!({"error_response": {"code": 31, "msg": "Invalid timestamp", "request_id": "r1"}}),
        );
        let v = read(api("taobao.imbalance.create"), &ex).unwrap();
        assert_eq!(v.kind(), "failure");
        assert_eq!(v.outcome.code.as_deref(), Some("31"));
        assert_eq!(v.label.as_deref(), Some("error_response.code 31"));
        let err = v.error.unwrap();
        assert_eq!(err.code, "31");
        assert!(!err.cause.en.is_empty() && !err.fix.zh.is_empty());
        let clock = v.clock.unwrap();
        assert_eq!(clock.sent_text, sent);
        assert_eq!(clock.skew_ms, -20 * 60 * 1000);
        assert_eq!(clock.window_ms, 600_000);
        assert!(!clock.within());
        assert_eq!(clock.clock_beijing(), "2025-11-25 20:00:00");
    }

    #[test]
    fn taobao_success_root_and_sub_code() {
        let a = api("taobao.imbalance.create");
        let ok = exchange(
            wire("http://h/?timestamp=1764072000000", &[]),
            200,
            json!({"logistics_wms_inventory_imbalance_create_response": {"spi_result": {"success": true}}}),
        );
        let v = read(a, &ok).unwrap();
        assert_eq!(v.kind(), "success");
        assert_eq!(v.clock, None);
        assert_eq!(
            v.label.as_deref(),
            Some("logistics_wms_inventory_imbalance_create_response")
        );
        let bad = exchange(
            wire("http://h/?timestamp=1764072000000", &[]),
            200,
            json!({"error_response": {"code": 41, "msg": "Invalid arguments", "sub_code": "isv.invalid-parameter", "sub_msg": "非法参数"}}),
        );
        let v = read(a, &bad).unwrap();
        assert_eq!(v.outcome.sub_code.as_deref(), Some("isv.invalid-parameter"));
        assert!(v.sub_error.is_some());
        // Milliseconds on the wire, right on the clock.
        let clock = v.clock.unwrap();
        assert_eq!(clock.skew_ms, 0);
        assert!(clock.within());
    }

    #[test]
    fn wdt_status_and_its_2012_epoch() {
        let a = api("wdt.stockpd.sync");
        let ts = (NOW / 1000 - WDT_EPOCH_SECS - 300).to_string();
        let url = format!("http://h/openapi?sid=s&timestamp={ts}&sign=x");
        let v = read(
            a,
            &exchange(
                wire(&url, &[]),
                200,
                json!({"status": 7, "message": "timestamp"}),
            ),
        )
        .unwrap();
        assert_eq!(v.kind(), "failure");
        assert_eq!(v.label.as_deref(), Some("status 7"));
        assert_eq!(v.error.unwrap().code, "7");
        let clock = v.clock.unwrap();
        assert_eq!(clock.skew_ms, -300_000);
        assert_eq!(clock.window_ms, 120_000);
        let ok = read(
            a,
            &exchange(wire(&url, &[]), 200, json!({"status": 0, "data": {}})),
        )
        .unwrap();
        assert_eq!(ok.kind(), "success");
        let known = read(
            a,
            &exchange(
                wire(&url, &[]),
                200,
                json!({"status": 1, "message": "sid is not exists"}),
            ),
        )
        .unwrap();
        assert!(known.known_message.is_some());
    }

    #[test]
    fn kingdee_gateway_519_and_push_app_authorize_code() {
        let a = api("kingdee.material.save");
        let ts = (NOW - 6 * 60 * 1000).to_string();
        let req = wire(
            "https://api.kingdee.com/jdy/v2/bd/material",
            &[("X-Api-TimeStamp", &ts)],
        );
        let v = read(
            a,
            &exchange(
                req.clone(),
                519,
                json!({"errcode": 4006, "description": "timestamp expired"}),
            ),
        )
        .unwrap();
        assert_eq!(v.kind(), "failure");
        assert_eq!(v.error.unwrap().code, "4006");
        let clock = v.clock.unwrap();
        assert_eq!(clock.window_ms, 300_000);
        assert!(!clock.within());
        let ok = read(
            a,
            &exchange(
                req.clone(),
                200,
                json!({"errcode": 0, "description": "success", "data": {}}),
            ),
        )
        .unwrap();
        assert_eq!(ok.kind(), "success");
        // 519 is a failure whatever the body says.
        let odd = read(a, &exchange(req.clone(), 519, json!({"errcode": 0}))).unwrap();
        assert_eq!(odd.kind(), "failure");
        let auth = api("kingdee.push_app_authorize");
        let ok = read(
            auth,
            &exchange(
                req.clone(),
                200,
                json!({"code": 200, "msg": "success", "data": []}),
            ),
        )
        .unwrap();
        assert_eq!(ok.kind(), "success");
        assert_eq!(ok.label.as_deref(), Some("code 200"));
        let gw = read(
            auth,
            &exchange(
                req.clone(),
                519,
                json!({"errcode": 4008, "description": "X-Api-Signature is invalid"}),
            ),
        )
        .unwrap();
        assert_eq!(gw.kind(), "failure");
        assert_eq!(gw.label.as_deref(), Some("errcode 4008"));
        assert_eq!(gw.error.unwrap().code, "4008");
    }

    #[test]
    fn unknown_shapes_and_non_json() {
        let a = api("kingdee.material.save");
        let req = wire("https://api.kingdee.com/jdy/v2/bd/material", &[]);
        let v = read(a, &exchange(req.clone(), 200, json!({"hello": 1}))).unwrap();
        assert_eq!(v.kind(), "unknown");
        assert_eq!(v.clock, None);
        let mut html = exchange(req, 502, json!(null));
        html.body = "<html>bad gateway</html>".into();
        assert!(read(a, &html).is_none());
    }

    /// The window is the vendor's rule, not a comparison of our own: 旺店通 counts whole
    /// seconds, so a clock 0.9 s past the window's end is still inside it.
    #[test]
    fn the_window_edge_is_the_vendors_rule() {
        let window = countersign_core::vendor::window_ms(Vendor::Wdt);
        let ts = NOW / 1000 - WDT_EPOCH_SECS;
        let url = format!("http://h/openapi?timestamp={ts}");
        let at = |clock_ms| clock_check(Vendor::Wdt, &wire(&url, &[]), clock_ms).unwrap();
        assert!(at(NOW + window + 900).within());
        assert!(!at(NOW + window + 1000).within());
        // Taobao counts milliseconds.
        let url = format!("http://h/?timestamp={NOW}");
        let window = countersign_core::vendor::window_ms(Vendor::Taobao);
        let at = |clock_ms| clock_check(Vendor::Taobao, &wire(&url, &[]), clock_ms).unwrap();
        assert!(at(NOW + window).within());
        assert!(!at(NOW + window + 1).within());
    }

    #[test]
    fn timestamps_that_do_not_parse_give_no_clock() {
        assert_eq!(
            sent_timestamp(Vendor::Taobao, &wire("http://h/?timestamp=yesterday", &[])),
            None
        );
        assert_eq!(sent_timestamp(Vendor::Wdt, &wire("http://h/", &[])), None);
        assert_eq!(
            sent_timestamp(
                Vendor::Kingdee,
                &wire("http://h/", &[("X-Api-TimeStamp", "x")])
            ),
            None
        );
        assert_eq!(
            sent_timestamp(
                Vendor::Wdt,
                &wire("http://h/?timestamp=99999999999999999", &[])
            ),
            None
        );
    }
}
