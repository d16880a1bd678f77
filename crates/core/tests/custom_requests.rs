//! Custom requests (`<vendor>.custom`): any method or path, built by the catalog builder
//! and signed by the same signers — checked against signing.md's vectors, against the
//! catalog's own entries for the same call, and through export → import.

use countersign_core::catalog::{self, classify, endpoint_of, FindingCode, Severity};
use countersign_core::export::curl;
use countersign_core::import::import;
use countersign_core::{Signed, Signer, Vendor};
use serde_json::{json, Value};

mod cli_json;

use cli_json::{build_request, sign_imported};

const NOW: i64 = 1_764_000_000_000;

fn custom(vendor: Vendor) -> &'static catalog::Api {
    catalog::custom(vendor)
}

fn sign(vendor: Vendor, doc: &Value, creds: &Value, options: Value) -> Signed {
    build_request(custom(vendor), doc, creds, Some(NOW), &options)
        .unwrap_or_else(|e| panic!("build: {e}"))
        .sign()
        .unwrap_or_else(|e| panic!("sign: {e}"))
}

/// Kingdee needs a nonce to sign; the others take none.
fn nonce_for(vendor: Vendor) -> Value {
    match vendor {
        Vendor::Kingdee => json!({"nonce": 7}),
        _ => json!({}),
    }
}

fn demo(vendor: Vendor) -> Value {
    catalog::vendor(vendor).demo_credentials()
}

/// (path, severity, code) of each finding, for compact assertions.
fn findings(vendor: Vendor, doc: Value) -> Vec<(String, Severity, FindingCode)> {
    catalog::validate(custom(vendor), &doc)
        .into_iter()
        .map(|f| (f.path, f.severity, f.code))
        .collect()
}

#[test]
fn entries_are_found_by_id_and_are_not_in_the_catalog_list() {
    for v in Vendor::ALL {
        let api = custom(v);
        assert!(api.is_custom());
        assert_eq!(api.id, format!("{}.custom", v.id()));
        assert_eq!(
            catalog::find(&api.id).map(|a| a.id.as_str()),
            Some(api.id.as_str())
        );
        assert!(catalog::all().iter().all(|a| !a.is_custom()));
        // Its own example is a valid custom request.
        assert_eq!(catalog::validate(api, &api.example), vec![], "{}", api.id);
    }
    assert_eq!(catalog::customs().len(), 3);
}

/// signing.md T1 as a custom request: the JSON value is typed with spaces and sent compact.
#[test]
fn taobao_vector_t1_with_a_json_value_sent_compact() {
    let req_dto = r#"{"owner_code": "AX5886", "warehouse_code":"STA","occupy_order_id":"IM1234","adjust_type":"ADJUST","out_biz_code":"1234567890","items":[{"order_line_id":"I1234","item_code":"I1234","inventory_type":"ZP","lock_quantity":12}],"operate_time":"2016-09-09 12:00:00"}"#;
    let doc = json!({
        "method": "taobao.logistics.wms.inventory.imbalance.create",
        "params": {"req_dto": req_dto},
    });
    let creds = json!({"app_key": "12345678", "app_secret": "helloworld"});
    let signed = sign(
        Vendor::Taobao,
        &doc,
        &creds,
        json!({"timestamp": "2016-09-09 12:00:00"}),
    );
    assert_eq!(signed.sign, "A6076B31F453B49C1725BF98EE6F2669");
    assert!(signed.wire.body.contains("%22owner_code%22%3A%22AX5886%22"));
}

#[test]
fn taobao_session_is_sent_unless_with_session_is_false() {
    let creds = demo(Vendor::Taobao);
    let mut doc = json!({"method": "taobao.time.get"});
    let with = sign(Vendor::Taobao, &doc, &creds, json!({}));
    assert!(
        with.wire.url.contains("session=mock-session"),
        "{}",
        with.wire.url
    );
    doc["with_session"] = json!(false);
    let without = sign(Vendor::Taobao, &doc, &creds, json!({}));
    assert!(
        !without.wire.url.contains("session="),
        "{}",
        without.wire.url
    );
    assert!(!without.string_to_sign.contains("session"));
}

/// signing.md W1 as a custom request; paging goes into the signed parameters.
#[test]
fn wdt_vector_w1_and_paging() {
    let doc = json!({
        "method": "wms.stockout.Sales.weighingExt",
        "body": ["xc109393939393939", "", 1.2, 0, false],
    });
    let creds = json!({
        "sid": "wdterp30",
        "app_key": "czhc",
        "app_secret": "693f9fed686bfe13441385da98b436b6:dd488d0802b1e431e4c72cd355847853",
    });
    let signed = sign(Vendor::Wdt, &doc, &creds, json!({"timestamp": "232623153"}));
    assert_eq!(signed.sign, "20f557aaf9190797c581bbceeb6d5a5c");
    assert_eq!(signed.wire.body, r#"["xc109393939393939","",1.2,0,false]"#);

    let paged = json!({
        "method": "sales.Trade.query",
        "body": [{"start_time": "2026-01-01 00:00:00"}],
        "page": {"page_size": 50, "page_no": 0, "calc_total": 1},
    });
    let signed = sign(Vendor::Wdt, &paged, &demo(Vendor::Wdt), json!({}));
    for part in ["page_size50", "page_no0", "calc_total1"] {
        assert!(
            signed.string_to_sign.contains(part),
            "{part}: {}",
            signed.string_to_sign
        );
    }
    assert!(signed.wire.url.contains("page_size=50"));
    // No body at all is a method without arguments.
    let bare = sign(
        Vendor::Wdt,
        &json!({"method": "a.B.c"}),
        &demo(Vendor::Wdt),
        json!({}),
    );
    assert_eq!(bare.wire.body, "[]");
    // PHP style, as for catalog APIs.
    let php = sign(
        Vendor::Wdt,
        &json!({"method": "a.B.c", "body": ["盘点 a/b"]}),
        &demo(Vendor::Wdt),
        json!({"json_style": "php"}),
    );
    assert_eq!(php.wire.body, r#"["\u76d8\u70b9 a\/b"]"#);
}

/// A custom Kingdee GET is the same request as the catalog's entry for that path.
#[test]
fn kingdee_custom_matches_the_catalog_entry_for_the_same_call() {
    let creds = json!({
        "client_id": "205022",
        "client_secret": "0123456789abcdef0123456789abcdef",
        "app_token": "tok",
        "domain": "https://tf.jdy.com",
    });
    let opts = json!({"nonce": 42});
    let catalog_api = catalog::find("kingdee.inv_synchronous.list").unwrap();
    let expected = build_request(
        catalog_api,
        &json!({"ids": ["a", "b"]}),
        &creds,
        Some(NOW),
        &opts,
    )
    .unwrap()
    .sign()
    .unwrap();
    let doc = json!({
        "http_method": "get",
        "path": "/jdy/v2/inv/inv_synchronous",
        "query": {"ids": "a,b"},
        "body": {"ignored": "a GET has no body"},
    });
    let signed = sign(Vendor::Kingdee, &doc, &creds, opts.clone());
    assert_eq!(signed.sign, expected.sign);
    assert_eq!(signed.wire, expected.wire);
    assert_eq!(signed.wire.header("app-token"), Some("tok"));
    assert_eq!(
        signed.wire.header("X-GW-Router-Addr"),
        Some("https://tf.jdy.com")
    );

    // A POST sends its body compact; the body is not signed.
    let post = json!({"http_method": "POST", "path": "/jdy/v2/bd/bom", "body": {"a": [1, 2]}});
    let signed = sign(Vendor::Kingdee, &post, &creds, opts);
    assert_eq!(signed.wire.method, "POST");
    assert_eq!(signed.wire.body, r#"{"a":[1,2]}"#);
    assert!(signed
        .string_to_sign
        .starts_with("POST\n%2Fjdy%2Fv2%2Fbd%2Fbom\n\n"));
}

/// signing.md K1: a path outside /jdy/v2/ is an error for the form, but still signs.
#[test]
fn kingdee_vector_k1_signs_although_the_path_is_flagged() {
    let doc = json!({
        "http_method": "GET",
        "path": "/jdyconnector/app_management/kingdee_auth_token",
        "query": {
            "app_key": "bVZgAZOv1",
            "app_signature": "MzZlYTk0ODk4MWZlNjdiODNmNWU4YzViNzYxNGM5MTFlOGJkN2NjMzk0MTJkZGNhZGM0NzZhN2YxZDJmOTlkZA==",
        },
    });
    let creds = json!({"client_id": "x", "client_secret": "f2adcfef73369bfc4e1384677d38a0ff"});
    let signed = sign(
        Vendor::Kingdee,
        &doc,
        &creds,
        json!({"nonce": "4427456950", "timestamp": "1670305063559"}),
    );
    assert_eq!(
        signed.sign,
        "OTFiZTliNDFiMjNkYTI3YzVhNzg4MDI4ZGU3MWY1ZTA5ZTk1NjVlNGM1YTI1ZjIxY2Y5YTA3ZGY2OGI1MGQ1MQ=="
    );
    assert_eq!(
        findings(Vendor::Kingdee, doc),
        vec![("path".into(), Severity::Error, FindingCode::Format)]
    );
}

#[test]
fn bad_input_is_named_by_its_field() {
    use FindingCode::*;
    use Severity::*;
    let f = |p: &str, s, c| (p.to_string(), s, c);
    assert_eq!(
        findings(Vendor::Taobao, json!({"params": {"": "x"}})),
        vec![f("method", Error, Required), f("params", Error, Required)]
    );
    assert_eq!(
        findings(
            Vendor::Taobao,
            json!({"method": "taobao trades", "params": {"req_dto": "{\"a\": ", "sign_method": "md5", "ok": "[1]"}, "fields": "x"})
        ),
        vec![
            f("method", Error, Format),
            f("params.req_dto", Error, Json),
            f("params.sign_method", Error, Reserved),
            f("fields", Warning, UnknownField),
        ]
    );
    let json_msg = catalog::validate(
        custom(Vendor::Taobao),
        &json!({"method": "a.b", "params": {"req_dto": "{\"a\": "}}),
    );
    assert!(
        json_msg[0].message_en.contains("line 1, column 6"),
        "{}",
        json_msg[0]
    );
    assert!(
        json_msg[0].message_zh.contains("第 1 行第 6 列"),
        "{}",
        json_msg[0].message_zh
    );

    assert_eq!(
        findings(
            Vendor::Wdt,
            json!({"method": "", "body": "[1,", "page": {"page_size": "ten", "page": 1}})
        ),
        vec![
            f("method", Error, Required),
            f("body", Error, Json),
            f("page.page_size", Error, Type),
            f("page.page", Warning, UnknownField),
        ]
    );
    assert_eq!(
        findings(
            Vendor::Wdt,
            json!({"method": "a.b", "body": {"not": "an array"}})
        ),
        vec![f("body", Error, Type)]
    );
    assert_eq!(
        findings(Vendor::Wdt, json!({"method": "a.b", "body": "{}"})),
        vec![f("body", Error, Type)]
    );
    assert_eq!(
        findings(
            Vendor::Kingdee,
            json!({"http_method": "FETCH", "path": "/jdy/v1/bd/material"})
        ),
        vec![f("http_method", Error, Enum), f("path", Error, Format)]
    );
    assert_eq!(
        findings(
            Vendor::Kingdee,
            json!({"path": "/jdy/v2/bd/bom?id=1", "body": "{"})
        ),
        vec![
            f("http_method", Error, Required),
            f("path", Error, Format),
            f("body", Error, Json),
        ]
    );
    assert_eq!(
        findings(
            Vendor::Kingdee,
            json!({"http_method": "GET", "path": "/jdy/v2/", "body": {}})
        ),
        vec![f("path", Error, Format), f("body", Warning, Format)]
    );
    // Steps the browser resolves before sending: what goes out is not what was signed.
    for path in [
        "/jdy/v2/bd/../../../settings",
        "/jdy/v2/bd/./material",
        "/jdy/v2/bd/%2E%2e/material",
        "/jdy/v2/bd\\material",
        // Steps the relay refuses, and a fragment the browser never sends.
        "/jdy/v2//bd",
        "/jdy/v2/bd/%2F",
        "/jdy/v2/bd/bom#frag",
        // Sent escaped, so signed escaped: the message gives the form to type.
        "/jdy/v2/bd/物料",
    ] {
        assert_eq!(
            findings(Vendor::Kingdee, json!({"http_method": "GET", "path": path})),
            vec![f("path", Error, Format)],
            "{path}"
        );
    }
    assert_eq!(
        findings(
            Vendor::Kingdee,
            json!({"http_method": "GET", "path": "/jdy/v2/bd/material.list"})
        ),
        vec![]
    );
    assert_eq!(findings(Vendor::Kingdee, json!({})).len(), 2);
    let said = catalog::validate(
        custom(Vendor::Kingdee),
        &json!({"http_method": "GET", "path": "/jdy/v2/bd/物料"}),
    );
    assert!(
        said[0].message_en.contains("/jdy/v2/bd/%E7%89%A9%E6%96%99"),
        "{:?}",
        said[0].message_en
    );
    assert_eq!(
        findings(
            Vendor::Kingdee,
            json!({"http_method": "GET", "path": "/jdy/v2/bd/%E7%89%A9%E6%96%99"})
        ),
        vec![]
    );
    // A path under /jdy/v2/ but for its leading slash: the form says what the signer will
    // (it is under /jdy/v2/; "not under" had the form and Send say two different things).
    let said = catalog::validate(
        custom(Vendor::Kingdee),
        &json!({"http_method": "GET", "path": "jdy/v2/bd/material"}),
    );
    assert_eq!(said.len(), 1, "{said:?}");
    let signer = countersign_core::SignError::PathWithoutSlash {
        path: "jdy/v2/bd/material".into(),
    };
    assert_eq!(said[0].message_en, signer.to_string());
    assert!(
        said[0].message_zh.contains("必须以 `/` 开头"),
        "{}",
        said[0].message_zh
    );
    // A whole URL pasted as the path: one message, in the form and from the signer, that
    // names the path to keep (the form had said "empty step `//`", the signer "must start
    // with /").
    let url = "https://api.kingdee.com/jdy/v2/scm/sal_order?x=1";
    let said = catalog::validate(
        custom(Vendor::Kingdee),
        &json!({"http_method": "GET", "path": url}),
    );
    assert_eq!(said.len(), 1, "{said:?}");
    let signer = countersign_core::SignError::PathWithoutSlash { path: url.into() };
    assert_eq!(said[0].message_en, signer.to_string());
    assert!(
        said[0]
            .message_en
            .ends_with("give its path alone, `/jdy/v2/scm/sal_order`"),
        "{}",
        said[0].message_en
    );
    assert!(said[0]
        .message_zh
        .contains("只填其中的路径 `/jdy/v2/scm/sal_order`"));
}

/// Broken text stays in the document as typed: a Taobao value is sent as it is (support
/// staff reproduce broken calls); a body the signer must parse is refused, naming `body`.
#[test]
fn unparsed_text_is_kept_and_named() {
    let signed = sign(
        Vendor::Taobao,
        &json!({"method": "a.b", "params": {"req_dto": "{\"a\": "}}),
        &demo(Vendor::Taobao),
        json!({}),
    );
    assert!(
        signed.wire.body.contains("req_dto=%7B%22a%22%3A+"),
        "{}",
        signed.wire.body
    );
    for (vendor, doc) in [
        (
            Vendor::Kingdee,
            json!({"http_method": "POST", "path": "/jdy/v2/x/y", "body": "{oops"}),
        ),
        (Vendor::Wdt, json!({"method": "a.b", "body": "[1,"})),
    ] {
        let request = build_request(
            custom(vendor),
            &doc,
            &demo(vendor),
            Some(NOW),
            &nonce_for(vendor),
        )
        .unwrap();
        assert_eq!(request.sign().unwrap_err().field(), "body", "{doc}");
    }
}

#[test]
fn endpoint_of_names_what_the_document_calls() {
    let doc = json!({"method": " taobao.trades.sold.get "});
    assert_eq!(
        endpoint_of(custom(Vendor::Taobao), &doc),
        ("POST".into(), "taobao.trades.sold.get".into())
    );
    let doc = json!({"http_method": "delete", "path": "/jdy/v2/bd/bom"});
    assert_eq!(
        endpoint_of(custom(Vendor::Kingdee), &doc),
        ("DELETE".into(), "/jdy/v2/bd/bom".into())
    );
    // Cleared: no method, not the entry's own GET.
    assert_eq!(
        endpoint_of(custom(Vendor::Kingdee), &json!({"path": "/jdy/v2/bd/bom"})),
        (String::new(), "/jdy/v2/bd/bom".into())
    );
    assert_eq!(
        catalog::endpoint_line(custom(Vendor::Kingdee), &json!({"path": "/jdy/v2/bd/bom"})),
        "/jdy/v2/bd/bom"
    );
    assert_eq!(
        catalog::endpoint_line(custom(Vendor::Kingdee), &doc),
        "DELETE /jdy/v2/bd/bom"
    );
    let material = catalog::find("kingdee.material.save").unwrap();
    assert_eq!(
        endpoint_of(material, &json!({})),
        ("POST".into(), "/jdy/v2/bd/material".into())
    );
}

/// A captured call of a method or path the catalog does not know imports as a custom
/// request, and signing the imported state again gives the captured signature.
#[test]
fn unknown_methods_and_paths_import_as_custom_requests_and_round_trip() {
    let cases = [
        (
            Vendor::Taobao,
            json!({"method": "taobao.trades.sold.get", "params": {"fields": "tid,status", "req_dto": "{\"a\":[1,2]}"}}),
        ),
        (
            Vendor::Wdt,
            json!({"method": "sales.Trade.query", "body": [{"x": 1}, "y"], "page": {"page_size": "20", "page_no": "1"}}),
        ),
        (
            Vendor::Kingdee,
            json!({"http_method": "POST", "path": "/jdy/v2/bd/bom", "query": {"a b": "x,y"}, "body": {"number": "BOM-1"}}),
        ),
        (
            Vendor::Kingdee,
            json!({"http_method": "GET", "path": "/jdy/v2/bd/material", "query": {"page": "1"}}),
        ),
    ];
    for (vendor, doc) in cases {
        let creds = demo(vendor);
        let first = sign(vendor, &doc, &creds, nonce_for(vendor));
        let imported = import(&curl(&first.wire)).unwrap_or_else(|e| panic!("{doc}: {e}"));
        assert_eq!(imported.api, format!("{}.custom", vendor.id()), "{doc}");
        assert_eq!(imported.document, doc, "the document comes back as written");
        let again = sign_imported(custom(vendor), &imported, &creds, NOW);
        assert_eq!(again.sign, first.sign, "{doc}");
        assert_eq!(again.wire, first.wire, "{doc}");
    }
}

/// What the app exports in Mock (this server's mock URL) imports with the vendor's path.
#[test]
fn a_kingdee_path_behind_a_mock_or_relay_prefix_is_the_vendor_path() {
    for base in [
        "http://127.0.0.1:8080/mock/kingdee",
        "http://127.0.0.1:8080/relay/mock-kingdee",
    ] {
        let text = format!(
            "curl -X POST '{base}/jdy/v2/bd/unit?x=1' -H 'X-Api-ClientID: 205022' \\\n -H 'X-Api-Signature: abc' -H 'X-Api-Nonce: 1' -H 'X-Api-TimeStamp: 1' --data-raw '{{\"a\":1}}'"
        );
        let imported = import(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(imported.api, "kingdee.custom");
        assert_eq!(imported.document["path"], "/jdy/v2/bd/unit");
        assert_eq!(imported.document["query"], json!({"x": "1"}));
        assert_eq!(imported.options.base.as_deref(), Some(base));
    }
}

#[test]
fn a_custom_taobao_answer_is_read_by_its_own_root() {
    let api = custom(Vendor::Taobao);
    let ok = classify(
        api,
        Some(200),
        &json!({"trades_sold_get_response": {"request_id": "r1"}}),
    );
    assert!(ok.success && ok.recognised);
    assert_eq!(ok.request_id.as_deref(), Some("r1"));
    let err = classify(
        api,
        Some(200),
        &json!({"error_response": {"code": 25, "msg": "Invalid signature"}}),
    );
    assert!(!err.success);
    assert_eq!(err.code.as_deref(), Some("25"));
    let explained = api.explain(&err);
    assert_eq!(explained.error.map(|e| e.code.as_str()), Some("25"));
    let other = classify(api, Some(200), &json!({"anything": 1}));
    assert!(!other.recognised);
    // The other vendors' custom requests read the vendor's envelope.
    let k = classify(
        custom(Vendor::Kingdee),
        Some(519),
        &json!({"errcode": 4008, "description": "x"}),
    );
    assert_eq!((k.success, k.code.as_deref()), (false, Some("4008")));
}

/// A number is sent as it was typed: an id longer than 64 bits keeps its digits and a
/// price its trailing zero (a float would write `1.2345678901234568e+22` and `10.5`, and
/// the screen and the wire would disagree).
#[test]
fn json_numbers_are_sent_as_typed() {
    let typed = r#"[{"id": 12345678901234567890123, "price": 10.50, "n": -0.0}]"#;
    let sent = r#"[{"id":12345678901234567890123,"price":10.50,"n":-0.0}]"#;
    // Taobao: a JSON parameter value is text in the document.
    let doc = json!({"method": "taobao.a.b", "params": {"items": typed}});
    let signed = sign(Vendor::Taobao, &doc, &demo(Vendor::Taobao), json!({}));
    let wire = format!("{}&{}", signed.wire.url, signed.wire.body);
    let items = wire
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("items="))
        .map(countersign_core::encoding::form_decode);
    assert_eq!(items.as_deref(), Some(sent), "{wire}");
    // 旺店通 and Kingdee: the JSON box's text parsed into the document.
    let body: Value = serde_json::from_str(typed).unwrap();
    let doc = json!({"method": "a.B.c", "body": body});
    let signed = sign(Vendor::Wdt, &doc, &demo(Vendor::Wdt), json!({}));
    assert_eq!(signed.wire.body, sent);
    let body: Value = serde_json::from_str(r#"{"amount": 100.00}"#).unwrap();
    let doc = json!({"http_method": "POST", "path": "/jdy/v2/a", "body": body});
    let signed = sign(
        Vendor::Kingdee,
        &doc,
        &demo(Vendor::Kingdee),
        nonce_for(Vendor::Kingdee),
    );
    assert_eq!(signed.wire.body, r#"{"amount":100.00}"#);
}
