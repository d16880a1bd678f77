//! No input, however odd, makes a signer panic: it signs or returns an error.

use countersign_core::{SignRequest, Signer};
use proptest::prelude::*;
use serde_json::json;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,12}",
        Just(String::new()),
        Just(":".to_string())
    ]
}

proptest! {
    #[test]
    fn taobao_never_panics(key in text(), secret in text(), method in text(), value in text(),
                           sm in text(), ts in text(), now in any::<i64>()) {
        let input = json!({"vendor": "taobao", "credentials": {"app_key": key, "app_secret": secret},
            "method": method, "params": {"req_dto": value, "x": value}, "sign_method": sm,
            "timestamp": ts, "now_ms": now});
        let _ = SignRequest::from_value(input).map(|r| r.sign());
    }

    #[test]
    fn wdt_never_panics(sid in text(), secret in text(), body in text(), ts in text(), now in any::<i64>()) {
        let input = json!({"vendor": "wdt", "credentials": {"sid": sid, "app_key": "k", "app_secret": secret},
            "method": "m", "body": body, "timestamp": ts, "now_ms": now, "page": {"page_size": ts}});
        let _ = SignRequest::from_value(input).map(|r| r.sign());
    }

    #[test]
    fn kingdee_never_panics(secret in text(), method in text(), path in text(), q in text(),
                            body in text(), nonce in text(), now in any::<i64>()) {
        let input = json!({"vendor": "kingdee", "credentials": {"client_id": "1", "client_secret": secret},
            "http_method": method, "path": path, "query": {q.clone(): q}, "body": body, "nonce": nonce,
            "now_ms": now});
        let _ = SignRequest::from_value(input).map(|r| r.sign());
    }
}
