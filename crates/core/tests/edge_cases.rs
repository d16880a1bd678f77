//! Edge cases beyond the public vectors; expected values were computed independently
//! (Python's hashlib/hmac over the documented rules).

use countersign_core::{SignError, SignRequest, Signer};
use serde_json::{json, Value};

fn sign(input: Value) -> Result<countersign_core::Signed, SignError> {
    SignRequest::from_value(input).expect("valid input").sign()
}

fn taobao(sign_method: &str) -> Value {
    json!({
        "vendor": "taobao",
        "credentials": {"app_key": "12345678", "app_secret": "helloworld", "session": "mock-session"},
        "method": "taobao.logistics.wms.inventory.imbalance.create",
        "params": {"req_dto": "{\"remark\":\"是\t良转残 盘点\"}", "blank": "  \t", "empty": ""},
        "partner_id": "top-sdk-java",
        "sign_method": sign_method,
        "timestamp": "2016-09-09 12:00:00",
    })
}

#[test]
fn taobao_utf8_all_methods_and_blank_params_dropped() {
    let md5 = sign(taobao("md5")).unwrap();
    assert_eq!(md5.sign, "5FFBDCD7B453300F6B254654AEBF73F4");
    assert!(!md5.string_to_sign.contains("blank") && !md5.string_to_sign.contains("empty"));
    assert!(!md5.wire.body.contains("blank") && !md5.wire.url.contains("blank"));
    assert!(
        md5.wire.url.contains("session=mock-session")
            && md5.wire.url.contains("partner_id=top-sdk-java")
    );
    assert_eq!(
        sign(taobao("hmac")).unwrap().sign,
        "786AA780D36CAA8EC3DDDA358131A1F5"
    );
    assert_eq!(
        sign(taobao("hmac-sha256")).unwrap().sign,
        "D71847F56FC1F4FE08E3813C5552609B85523560A5F5810B49EA97A084803AB7"
    );
}

#[test]
fn taobao_parts_are_labelled_key_value_pairs_in_byte_order() {
    let signed = sign(taobao("md5")).unwrap();
    let parts = signed.parts();
    let labels: Vec<_> = parts.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "app_key",
            "format",
            "method",
            "partner_id",
            "req_dto",
            "session",
            "sign_method",
            "timestamp",
            "v"
        ]
    );
    assert_eq!(signed.parts()[0].text, "app_key12345678");
}

#[test]
fn taobao_timestamp_is_beijing_time_whatever_the_zone() {
    let mut input = taobao("md5");
    input.as_object_mut().unwrap().remove("timestamp");
    input["now_ms"] = json!(1_473_393_600_000i64); // 04:00 UTC
    let signed = sign(input).unwrap();
    assert_eq!(signed.sign, "5FFBDCD7B453300F6B254654AEBF73F4");
}

#[test]
fn taobao_errors_name_the_cause() {
    let mut bad = taobao("sha1");
    assert_eq!(
        sign(bad.clone()).unwrap_err(),
        SignError::UnknownSignMethod {
            given: "sha1".into()
        }
    );
    bad["sign_method"] = json!("md5");
    bad["credentials"]["app_secret"] = json!("  ");
    let err = sign(bad).unwrap_err();
    assert_eq!(
        err,
        SignError::MissingCredential {
            field: "app_secret"
        }
    );
    assert_eq!(err.to_string(), "missing credential `app_secret`");
    assert_eq!(err.field(), "credentials.app_secret");
    // A system parameter among the business ones, named in both languages.
    let mut bad = taobao("md5");
    bad["params"]["sign"] = json!("x");
    let err = sign(bad).unwrap_err();
    assert_eq!(err, SignError::SystemParameter { key: "sign".into() });
    assert_eq!(err.field(), "params.sign");
    use countersign_core::Localise;
    assert!(err
        .localise(countersign_core::Lang::Zh)
        .contains("系统参数"));
    assert!(err
        .to_string()
        .contains("system parameter the signer writes"));
}

fn wdt(app_secret: &str, body: &str) -> Value {
    json!({
        "vendor": "wdt",
        "credentials": {"sid": "s1", "app_key": "k1", "app_secret": app_secret},
        "method": "wms.StockPd.stockSyncByPd",
        "body": body,
        "page": {"page_size": 50, "page_no": 0, "calc_total": true},
        "timestamp": 100,
        "base": "http://47.92.239.46/openapi",
    })
}

#[test]
fn wdt_splits_at_the_first_colon_and_signs_the_body_verbatim() {
    let body = r#"[{"remark":"盘点 \u76d8"},[]]"#;
    let signed = sign(wdt("abc:def:ghi", body)).unwrap();
    assert_eq!(signed.sign, "18738007a5d772d6e79843679244d8d3");
    assert_eq!(signed.wire.body, body);
    assert_eq!(
        signed.wire.url,
        "http://47.92.239.46/openapi?sid=s1&key=k1&salt=def%3Aghi&method=wms.StockPd.stockSyncByPd&v=1.0&timestamp=100&page_size=50&page_no=0&calc_total=1&sign=18738007a5d772d6e79843679244d8d3"
    );
}

#[test]
fn wdt_errors_name_the_cause() {
    assert_eq!(
        sign(wdt("nocolon", "[]")).unwrap_err(),
        SignError::AppSecretWithoutColon
    );
    let err = sign(wdt("a:b", "[{\"a\":1,}]")).unwrap_err();
    assert!(
        matches!(
            err,
            SignError::InvalidJson {
                field: "body",
                line: 1,
                column: 9,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("line 1, column 9"), "{err}");
    assert_eq!(
        sign(wdt("a:b", "{}")).unwrap_err(),
        SignError::NotJsonArray { field: "body" }
    );
}

fn kingdee(query: Value) -> Value {
    json!({
        "vendor": "kingdee",
        "credentials": {"client_id": "205022", "client_secret": "0123456789abcdef0123456789abcdef",
            "app_token": "tok", "domain": "https://tf.jdy.com"},
        "http_method": "get",
        "path": "/jdy/v2/inv/inv_synchronous",
        "query": query,
        "nonce": 7,
        "now_ms": 1_700_000_000_000i64,
    })
}

#[test]
fn kingdee_query_values_are_encoded_twice_in_the_string_to_sign_once_on_the_wire() {
    let signed = sign(kingdee(
        json!({"q": "a b", "s": "x*y", "t": "x~y", "u": "a,b", "v": "k=v/w"}),
    ))
    .unwrap();
    assert_eq!(
        signed.parts()[2].text,
        "q=a%2Bb&s=x%2Ay&t=x%257Ey&u=a%252Cb&v=k%253Dv%252Fw\n"
    );
    assert_eq!(
        signed.parts()[1].text,
        "%2Fjdy%2Fv2%2Finv%2Finv_synchronous\n"
    );
    assert_eq!(signed.wire.method, "GET");
    assert!(
        signed
            .wire
            .url
            .ends_with("?q=a+b&s=x*y&t=x%7Ey&u=a%2Cb&v=k%3Dv%2Fw"),
        "{}",
        signed.wire.url
    );
    assert_eq!(signed.wire.header("app-token"), Some("tok"));
    assert_eq!(
        signed.wire.header("X-GW-Router-Addr"),
        Some("https://tf.jdy.com")
    );
    assert_eq!(signed.wire.body, "");
}

#[test]
fn kingdee_without_query_keeps_the_empty_line() {
    let signed = sign(kingdee(json!({}))).unwrap();
    assert_eq!(
        signed.string_to_sign,
        "GET\n%2Fjdy%2Fv2%2Finv%2Finv_synchronous\n\nx-api-nonce:7\nx-api-timestamp:1700000000000\n"
    );
}

#[test]
fn kingdee_errors_name_the_cause() {
    let mut bad = kingdee(json!({}));
    bad["path"] = json!("jdy/v2/bd/material");
    assert_eq!(
        sign(bad.clone()).unwrap_err(),
        SignError::PathWithoutSlash {
            path: "jdy/v2/bd/material".into()
        }
    );
    bad["path"] = json!("/jdy/v2/bd/material");
    bad["nonce"] = json!("-3");
    assert_eq!(
        sign(bad.clone()).unwrap_err(),
        SignError::InvalidNonce { given: "-3".into() }
    );
    bad["nonce"] = json!(1);
    bad["body"] = json!("{\"name\": }");
    let err = sign(bad).unwrap_err();
    assert!(
        matches!(
            err,
            SignError::InvalidJson {
                field: "body",
                line: 1,
                column: 10,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn cli_input_errors_are_readable() {
    assert_eq!(
        SignRequest::from_json(r#"{"vendor":"jd"}"#)
            .unwrap_err()
            .to_string(),
        "unknown vendor `jd`: use `taobao`, `wdt` or `kingdee`"
    );
    assert!(SignRequest::from_json("{")
        .unwrap_err()
        .to_string()
        .contains("line 1, column 1"));
    let typo = SignRequest::from_json(r#"{"vendor":"wdt","methd":"x"}"#)
        .unwrap_err()
        .to_string();
    assert!(typo.contains("unknown field `methd`"), "{typo}");
}

/// A Kingdee value sent in a header with a character a header cannot carry is named
/// before anything is sent (a browser refuses the request without saying which).
#[test]
fn kingdee_header_values_must_be_header_text() {
    let with = |field: &str, value: &str| {
        let mut input = kingdee(json!({}));
        input["credentials"][field] = json!(value);
        sign(input)
    };
    match with("app_token", "mock-token\u{200b}") {
        Err(SignError::NotHeaderText { field, at, found }) => {
            assert_eq!(
                (field, at, found),
                ("credentials.app_token", 11, '\u{200b}')
            );
        }
        other => panic!("{other:?}"),
    }
    let e = with("client_id", "2050😀22").unwrap_err();
    assert_eq!(e.field(), "credentials.client_id");
    assert!(
        e.to_string().contains("`😀` (U+1F600) at position 5"),
        "{e}"
    );
    // Spaces around a value are trimmed, as they are when it is sent.
    assert!(with("app_token", "  tok  ").is_ok());
}
