//! Every doc example validates clean, builds and signs; the public vectors come out of
//! the builder; answers are classified by the catalog's envelope rules.

use countersign_core::catalog::{self, classify, validate, BuildError};
use countersign_core::{Signer, Vendor};
use serde_json::{json, Value};

mod cli_json;

use cli_json::{build_request, build_sign_input};

fn api(id: &str) -> &'static catalog::Api {
    catalog::find(id).unwrap_or_else(|| panic!("no API {id}"))
}

/// The mock environment's demo credentials, plus an app-token for Kingdee.
fn mock_credentials(vendor: Vendor) -> Value {
    let env = catalog::vendor(vendor)
        .environment("mock")
        .expect("mock environment");
    let mut creds = Value::Object(env.demo_credentials.clone().expect("demo credentials"));
    if vendor == Vendor::Kingdee {
        creds["app_token"] = json!("mock-app-token");
    }
    creds
}

#[test]
fn the_catalog_loads_and_holds_seven_requests() {
    catalog::load_check().unwrap();
    let ids: Vec<&str> = catalog::all().iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "taobao.imbalance.create",
            "wdt.stockpd.sync",
            "kingdee.inv_check_task.save",
            "kingdee.inv_synchronous.list",
            "kingdee.material.save",
            "kingdee.push_app_authorize",
            "kingdee.app_token",
        ]
    );
    assert_eq!(catalog::vendors().len(), 3);
}

/// The browser app fetches exactly `catalog::FILES`: a file added to the folder but not
/// to the list would be missing there (and here, in the compiled-in texts).
#[test]
fn every_catalog_file_is_listed() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog");
    let mut on_disk = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let rel = path.strip_prefix(&root).unwrap().to_string_lossy();
                on_disk.push(rel.replace('\\', "/"));
            }
        }
    }
    on_disk.sort();
    let mut listed: Vec<String> = catalog::FILES.iter().map(|f| f.to_string()).collect();
    listed.sort();
    assert_eq!(listed, on_disk);
}

/// index.html preloads exactly the files the app fetches at start-up: a file missing there
/// would be fetched only after the app started (slower), one too many downloaded for nothing.
#[test]
fn index_html_preloads_every_catalog_file() {
    let index = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../index.html");
    let html = std::fs::read_to_string(index).unwrap();
    let tag = r#"<link rel="preload" as="fetch" crossorigin href="catalog/"#;
    let preloaded: Vec<&str> = html
        .split(tag)
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    assert_eq!(preloaded, catalog::FILES, "index.html's catalog preloads");
}

/// What the app's fetch hands over: a missing or broken file is named. (The catalog is
/// installed already in this process, so only the checks before it are reached.)
#[test]
fn install_names_a_missing_or_broken_file() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog");
    let texts: Vec<(&str, String)> = catalog::FILES
        .iter()
        .map(|f| (*f, std::fs::read_to_string(root.join(f)).unwrap()))
        .collect();
    let text_of = |skip: &str, broken: &str| {
        let texts = &texts;
        let skip = skip.to_string();
        let broken = broken.to_string();
        move |file: &str| -> Option<String> {
            if file == skip {
                return None;
            }
            if file == broken {
                return Some("{ not json".into());
            }
            texts
                .iter()
                .find(|(f, _)| *f == file)
                .map(|(_, t)| t.clone())
        }
    };
    let check = |skip: &str, broken: &str| {
        let f = text_of(skip, broken);
        let owned: Vec<(String, Option<String>)> = catalog::FILES
            .iter()
            .map(|n| (n.to_string(), f(n)))
            .collect();
        catalog::check_files(&|name: &str| {
            owned
                .iter()
                .find(|(n, _)| n == name)
                .and_then(|(_, t)| t.as_deref())
        })
    };
    assert_eq!(check("", ""), Ok(()));
    assert_eq!(
        check("wdt.stockpd.sync.json", ""),
        Err(catalog::CatalogError::Missing {
            file: "wdt.stockpd.sync.json".into()
        })
    );
    match check("", "vendors/kingdee.json") {
        Err(catalog::CatalogError::Invalid { file, line, .. }) => {
            assert_eq!((file.as_str(), line), ("vendors/kingdee.json", 1));
        }
        other => panic!("{other:?}"),
    }
    // Installing over the compiled-in catalog keeps it.
    assert_eq!(catalog::install(&|_| None), Ok(()));
    assert_eq!(catalog::all().len(), 7);
}

#[test]
fn find_by_id_method_path_and_url() {
    let cases = [
        ("taobao.imbalance.create", "taobao.imbalance.create"),
        (
            "taobao.logistics.wms.inventory.imbalance.create",
            "taobao.imbalance.create",
        ),
        ("wms.StockPd.stockSyncByPd", "wdt.stockpd.sync"),
        ("/jdy/v2/bd/material", "kingdee.material.save"),
        (
            "POST /jdy/v2/scm/inv_check_task",
            "kingdee.inv_check_task.save",
        ),
        (
            "https://api.kingdee.com/jdy/v2/inv/inv_synchronous?ids=1",
            "kingdee.inv_synchronous.list",
        ),
        (
            "/jdyconnector/app_management/push_app_authorize",
            "kingdee.push_app_authorize",
        ),
        (
            "GET /jdyconnector/app_management/kingdee_auth_token",
            "kingdee.app_token",
        ),
        (
            "http://127.0.0.1:8080/mock/kingdee/jdy/v2/bd/material",
            "kingdee.material.save",
        ),
    ];
    for (query, id) in cases {
        assert_eq!(
            catalog::find(query).map(|a| a.id.as_str()),
            Some(id),
            "{query}"
        );
    }
    assert!(catalog::find("/jdy/v2/nope").is_none());
    assert!(catalog::find("").is_none());
    let hits: Vec<&str> = catalog::search("盘点")
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(hits, ["wdt.stockpd.sync", "kingdee.inv_check_task.save"]);
    assert_eq!(
        catalog::search("material save")[0].id,
        "kingdee.material.save"
    );
    // The API the words name comes first, before one whose summary only mentions them.
    let hits: Vec<&str> = catalog::search("app-token")
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(hits.first(), Some(&"kingdee.app_token"), "{hits:?}");
    assert!(hits.len() > 1, "the mention is still found: {hits:?}");
}

#[test]
fn every_example_validates_clean() {
    for api in catalog::all() {
        let findings = validate(api, api.example_document());
        assert!(findings.is_empty(), "{}: {findings:#?}", api.id);
    }
}

#[test]
fn every_example_builds_and_signs() {
    for api in catalog::all() {
        let creds = mock_credentials(api.vendor);
        let request = build_request(
            api,
            api.example_document(),
            &creds,
            Some(1_700_000_000_000),
            &json!({"nonce": 42})
                .as_object()
                .filter(|_| api.vendor == Vendor::Kingdee)
                .map(|o| Value::Object(o.clone()))
                .unwrap_or(Value::Null),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", api.id));
        let signed = request.sign().unwrap_or_else(|e| panic!("{}: {e}", api.id));
        assert!(!signed.sign.is_empty(), "{}", api.id);
        assert_eq!(signed.wire.method, api.http_method, "{}", api.id);
    }
}

#[test]
fn taobao_vector_t1_through_the_builder() {
    // The vector's req_dto, as a document; 2016-09-09 12:00:00 Beijing = 04:00:00 UTC.
    let document = json!({"req_dto": {"owner_code":"AX5886","warehouse_code":"STA","occupy_order_id":"IM1234","adjust_type":"ADJUST","out_biz_code":"1234567890","items":[{"order_line_id":"I1234","item_code":"I1234","inventory_type":"ZP","lock_quantity":12}],"operate_time":"2016-09-09 12:00:00"}});
    let api = api("taobao.imbalance.create");
    assert!(validate(api, &document).is_empty());
    let creds = json!({"app_key": "12345678", "app_secret": "helloworld"});
    let input = build_sign_input(
        api,
        &document,
        &creds,
        Some(1_473_393_600_000),
        &Value::Null,
    )
    .unwrap();
    assert_eq!(
        input["params"]["req_dto"],
        r#"{"owner_code":"AX5886","warehouse_code":"STA","occupy_order_id":"IM1234","adjust_type":"ADJUST","out_biz_code":"1234567890","items":[{"order_line_id":"I1234","item_code":"I1234","inventory_type":"ZP","lock_quantity":12}],"operate_time":"2016-09-09 12:00:00"}"#
    );
    assert_eq!(
        input["method"],
        "taobao.logistics.wms.inventory.imbalance.create"
    );
    let signed = build_request(
        api,
        &document,
        &creds,
        Some(1_473_393_600_000),
        &Value::Null,
    )
    .unwrap()
    .sign()
    .unwrap();
    assert_eq!(signed.sign, "A6076B31F453B49C1725BF98EE6F2669");
}

#[test]
fn taobao_options_pass_through_and_environment_picks_the_gateway() {
    let api = api("taobao.imbalance.create");
    let creds = mock_credentials(Vendor::Taobao);
    let input = build_sign_input(
        api,
        api.example_document(),
        &creds,
        None,
        &json!({"sign_method": "hmac-sha256", "environment": "sandbox"}),
    )
    .unwrap();
    assert_eq!(input["sign_method"], "hmac-sha256");
    assert_eq!(input["gateway"], "https://gw.api.tbsandbox.com/router/rest");
    assert_eq!(input["credentials"]["session"], "mock-session");
    assert!(input.get("now_ms").is_none());
    let input = build_sign_input(
        api,
        api.example_document(),
        &creds,
        None,
        &json!({"environment": "mock", "origin": "http://127.0.0.1:8080/"}),
    )
    .unwrap();
    assert_eq!(
        input["gateway"],
        "http://127.0.0.1:8080/mock/taobao/router/rest"
    );
    let err = build_sign_input(
        api,
        api.example_document(),
        &creds,
        None,
        &json!({"environment": "mock"}),
    )
    .unwrap_err();
    assert!(
        matches!(err, BuildError::InvalidOption { ref name, .. } if name == "origin"),
        "{err}"
    );
    let err = build_sign_input(
        api,
        api.example_document(),
        &creds,
        None,
        &json!({"nonce": 1}),
    )
    .unwrap_err();
    assert!(err.to_string().contains("unknown option `nonce`"), "{err}");
    assert!(err.message_zh().contains("未知选项"));
}

#[test]
fn wdt_body_is_the_positional_array() {
    let api = api("wdt.stockpd.sync");
    let creds = mock_credentials(Vendor::Wdt);
    let input =
        build_sign_input(api, api.example_document(), &creds, Some(0), &Value::Null).unwrap();
    assert_eq!(
        input["body"],
        r#"[{"warehouse_no":"1002","defect_mode":1,"remark":"API TEST"},[{"spec_no":"PC_2018","remark":"PD TEST","new_num":"200.0000","defect":false}]]"#
    );
    assert_eq!(input["method"], "wms.StockPd.stockSyncByPd");
    // Order of the arguments comes from the catalog, not from the document.
    let swapped = json!({"specList": [], "pdOrder": {"warehouse_no": "仓/1", "defect_mode": 0, "remark": ""}});
    let input = build_sign_input(
        api,
        &swapped,
        &creds,
        None,
        &json!({"json_style": "php", "page": {"page_size": 10}}),
    )
    .unwrap();
    assert_eq!(
        input["body"],
        r#"[{"warehouse_no":"\u4ed3\/1","defect_mode":0,"remark":""},[]]"#
    );
    assert_eq!(input["page"]["page_size"], 10);
    // A missing trailing argument is left off; a missing middle one is null.
    let input = build_sign_input(api, &json!({"pdOrder": {}}), &creds, None, &Value::Null).unwrap();
    assert_eq!(input["body"], "[{}]");
    let input =
        build_sign_input(api, &json!({"specList": []}), &creds, None, &Value::Null).unwrap();
    assert_eq!(input["body"], "[null,[]]");
    let err = build_sign_input(
        api,
        &swapped,
        &creds,
        None,
        &json!({"json_style": "pretty"}),
    )
    .unwrap_err();
    assert!(err.to_string().contains("json_style"));
}

#[test]
fn kingdee_saves_send_the_document_as_the_body() {
    let api = api("kingdee.material.save");
    let creds = mock_credentials(Vendor::Kingdee);
    let input = build_sign_input(
        api,
        api.example_document(),
        &creds,
        Some(1),
        &json!({"nonce": "7"}),
    )
    .unwrap();
    assert_eq!(input["http_method"], "POST");
    assert_eq!(input["path"], "/jdy/v2/bd/material");
    assert!(input.get("query").is_none());
    let body: Value = serde_json::from_str(input["body"].as_str().unwrap()).unwrap();
    assert_eq!(&body, api.example_document());
    assert!(input["body"]
        .as_str()
        .unwrap()
        .starts_with(r#"{"alarm_day":"1","attachments_url":[{"url":"http"}]"#));
    // Only what the signer takes: no app_key / app_secret / outer_instance_id.
    let sent: Vec<&String> = input["credentials"].as_object().unwrap().keys().collect();
    assert_eq!(sent, ["client_id", "client_secret", "app_token", "domain"]);
    assert_eq!(input["nonce"], "7");
}

#[test]
fn kingdee_inv_synchronous_sends_ids_comma_separated() {
    let api = api("kingdee.inv_synchronous.list");
    let creds = mock_credentials(Vendor::Kingdee);
    let input = build_sign_input(
        api,
        &json!({"ids": ["a", "b"]}),
        &creds,
        Some(1),
        &json!({"nonce": 1}),
    )
    .unwrap();
    assert_eq!(input["query"], json!({"ids": "a,b"}));
    assert!(input.get("body").is_none());
    let signed = build_request(
        api,
        &json!({"ids": ["a", "b"]}),
        &creds,
        Some(1),
        &json!({"nonce": 1}),
    )
    .unwrap()
    .sign()
    .unwrap();
    assert!(
        signed
            .wire
            .url
            .ends_with("/jdy/v2/inv/inv_synchronous?ids=a%2Cb"),
        "{}",
        signed.wire.url
    );
    assert!(
        signed.string_to_sign.contains("\nids=a%252Cb\n"),
        "{}",
        signed.string_to_sign
    );
    // A hand-joined string is sent as is; an empty list sends no ids at all.
    let input = build_sign_input(api, &json!({"ids": "a,b"}), &creds, None, &Value::Null).unwrap();
    assert_eq!(input["query"]["ids"], "a,b");
    let input = build_sign_input(api, &json!({"ids": []}), &creds, None, &Value::Null).unwrap();
    assert!(input.get("query").is_none());
}

#[test]
fn kingdee_push_app_authorize_takes_the_instance_from_the_credentials() {
    let api = api("kingdee.push_app_authorize");
    let creds = mock_credentials(Vendor::Kingdee);
    let input = build_sign_input(api, &json!({}), &creds, None, &Value::Null).unwrap();
    assert_eq!(input["query"], json!({"outerInstanceId": "mock-instance"}));
    assert_eq!(input["http_method"], "POST");
    assert!(input.get("body").is_none());
    // No app-token on the authorisation calls.
    assert!(input["credentials"].get("app_token").is_none());
    let input = build_sign_input(
        api,
        &json!({"outerInstanceId": "123"}),
        &creds,
        None,
        &Value::Null,
    )
    .unwrap();
    assert_eq!(input["query"]["outerInstanceId"], "123");
    let err = build_sign_input(
        api,
        &json!({}),
        &json!({"client_id": "1"}),
        None,
        &Value::Null,
    )
    .unwrap_err();
    assert_eq!(
        err,
        BuildError::MissingCredential {
            name: "outer_instance_id".into(),
            needed_for: "outerInstanceId".into()
        }
    );
}

#[test]
fn kingdee_vector_k1_through_the_builder() {
    let api = api("kingdee.app_token");
    let document = json!({
        "app_key": "bVZgAZOv1",
        "app_signature": "MzZlYTk0ODk4MWZlNjdiODNmNWU4YzViNzYxNGM5MTFlOGJkN2NjMzk0MTJkZGNhZGM0NzZhN2YxZDJmOTlkZA=="
    });
    assert!(validate(api, &document).is_empty());
    let creds = json!({"client_id": "205022", "client_secret": "f2adcfef73369bfc4e1384677d38a0ff"});
    let signed = build_request(
        api,
        &document,
        &creds,
        Some(1_670_305_063_559),
        &json!({"nonce": "4427456950"}),
    )
    .unwrap()
    .sign()
    .unwrap();
    assert_eq!(
        signed.sign,
        "OTFiZTliNDFiMjNkYTI3YzVhNzg4MDI4ZGU3MWY1ZTA5ZTk1NjVlNGM1YTI1ZjIxY2Y5YTA3ZGY2OGI1MGQ1MQ=="
    );
    assert_eq!(signed.wire.method, "GET");
}

#[test]
fn kingdee_vector_k2_app_signature_is_derived() {
    let api = api("kingdee.app_token");
    let creds = json!({"client_id": "1", "client_secret": "s", "app_secret": "abc123"});
    let input =
        build_sign_input(api, &json!({"app_key": "abc"}), &creds, None, &Value::Null).unwrap();
    assert_eq!(
        input["query"]["app_signature"],
        "ZDljMTI3NGIyNTE1MTRkYzlkNjc1MDNhYjUzMzgzNWMyY2M4YTdjMzdmNmM3YTVlNDkxMTkzNjdiOTFjNzUyZQ=="
    );
    // app_key from the credentials when the document leaves it out.
    let creds =
        json!({"client_id": "1", "client_secret": "s", "app_key": "abc", "app_secret": "abc123"});
    let input = build_sign_input(api, &json!({}), &creds, None, &Value::Null).unwrap();
    assert_eq!(input["query"]["app_key"], "abc");
    assert!(input["query"]["app_signature"]
        .as_str()
        .unwrap()
        .starts_with("ZDljMTI3"));
    let err = build_sign_input(
        api,
        &json!({"app_key": "abc"}),
        &json!({}),
        None,
        &Value::Null,
    )
    .unwrap_err();
    assert_eq!(
        err,
        BuildError::MissingCredential {
            name: "app_secret".into(),
            needed_for: "app_signature".into()
        }
    );
    assert!(err.to_string().contains("app_secret"));
}

#[test]
fn bad_inputs_are_errors_not_panics() {
    let api = api("kingdee.material.save");
    assert_eq!(
        build_sign_input(api, &json!([1]), &Value::Null, None, &Value::Null).unwrap_err(),
        BuildError::NotAnObject { what: "document" }
    );
    assert_eq!(
        build_sign_input(api, &json!({}), &json!("x"), None, &Value::Null).unwrap_err(),
        BuildError::NotAnObject {
            what: "credentials"
        }
    );
    assert_eq!(
        build_sign_input(
            api,
            &json!({}),
            &json!({"client_secret": {"a": 1}}),
            None,
            &Value::Null
        )
        .unwrap_err(),
        BuildError::InvalidCredential {
            name: "client_secret".into()
        }
    );
    // Numbers are fine for ids such as client_id.
    let input = build_sign_input(
        api,
        &json!({}),
        &json!({"client_id": 205022}),
        None,
        &Value::Null,
    )
    .unwrap();
    assert_eq!(input["credentials"]["client_id"], "205022");
}

#[test]
fn example_answers_are_classified() {
    for api in catalog::all() {
        let ok = classify(api, Some(200), &api.example_response);
        assert!(ok.success && ok.recognised, "{}: {ok:?}", api.id);
        if let Some(error) = &api.example_error_response {
            let outcome = classify(api, Some(200), error);
            assert!(!outcome.success && outcome.recognised, "{}", api.id);
            let explained = api.explain(&outcome);
            assert!(explained.error.is_some(), "{}: {outcome:?}", api.id);
        }
    }
    let tb = api("taobao.imbalance.create");
    let outcome = classify(tb, Some(200), tb.example_error_response.as_ref().unwrap());
    assert_eq!(outcome.code.as_deref(), Some("50"));
    assert_eq!(outcome.sub_code.as_deref(), Some("isv.invalid-parameter"));
    let explained = tb.explain(&outcome);
    assert_eq!(explained.sub_error.unwrap().message.zh, "非法参数");
    // A sub-code naming its parameter after a colon is explained as the sub-code.
    let missing = json!({"error_response": {"code": 41, "msg": "Invalid arguments",
        "sub_code": "isv.missing-parameter:warehouse_code", "sub_msg": "缺少参数"}});
    let outcome = classify(tb, Some(200), &missing);
    let explained = tb.explain(&outcome);
    assert_eq!(explained.sub_error.unwrap().code, "isv.missing-parameter");
    // The gateway took it, the warehouse (SPI) refused it: a failure with the SPI's code.
    let refused = json!({"logistics_wms_inventory_imbalance_create_response": {
        "spi_result": {"success": false, "error_code": "ERROR_OWNER_NOT_EXIST", "error_message": "货主不存在"},
        "request_id": "r1"}});
    let outcome = classify(tb, Some(200), &refused);
    assert!(!outcome.success && outcome.recognised, "{outcome:?}");
    assert_eq!(outcome.code.as_deref(), Some("ERROR_OWNER_NOT_EXIST"));
    assert_eq!(outcome.message.as_deref(), Some("货主不存在"));

    let wdt = api("wdt.stockpd.sync");
    let outcome = classify(
        wdt,
        Some(200),
        &json!({"status": 1, "message": "sid is not exists"}),
    );
    assert_eq!(outcome.code.as_deref(), Some("1"));
    assert!(wdt
        .explain(&outcome)
        .known_message
        .unwrap()
        .fix
        .en
        .contains("test host"));
    let outcome = classify(
        wdt,
        Some(200),
        &json!({"status": 1, "message": "appkey is not exists"}),
    );
    let known = wdt.explain(&outcome).known_message.unwrap();
    assert_eq!(known.contains, "appkey is not exists");
    // The gateway's (and the mock's) wrong-salt refusal gets its own cause, not status 1's
    // generic one.
    let outcome = classify(
        wdt,
        Some(200),
        &json!({"status": 1, "message": "salt错误，应为appsecret中冒号后面的部分"}),
    );
    let known = wdt
        .explain(&outcome)
        .known_message
        .expect("the salt message is known");
    assert!(known.cause.en.contains("salt"), "{:?}", known.cause);

    let kd = api("kingdee.material.save");
    let outcome = classify(
        kd,
        Some(519),
        &json!({"errcode": 4008, "description": "X-Api-Signature is invalid"}),
    );
    assert!(!outcome.success);
    let explained = kd.explain(&outcome);
    assert_eq!(explained.error.unwrap().message.en, "Signature invalid");
    assert!(explained.known_message.is_some());

    // push_app_authorize answers with code/msg; gateway errors still use errcode.
    let pa = api("kingdee.push_app_authorize");
    assert!(
        classify(
            pa,
            Some(200),
            &json!({"code": 200, "msg": "ok", "data": []})
        )
        .success
    );
    let gw = classify(
        pa,
        Some(519),
        &json!({"errcode": 4006, "description": "timestamp expired"}),
    );
    assert_eq!((gw.success, gw.code.as_deref()), (false, Some("4006")));
    let unknown = classify(
        kd,
        Some(502),
        &json!({"error": {"code": "upstream_unreachable"}}),
    );
    assert!(!unknown.recognised && !unknown.success);
}

#[test]
fn vendor_error_lookup() {
    let tb = catalog::vendor(Vendor::Taobao);
    for code in [
        "7",
        "11",
        "15",
        "21",
        "22",
        "24",
        "25",
        "26",
        "27",
        "28",
        "29",
        "30",
        "31",
        "32",
        "33",
        "34",
        "40",
        "41",
        "50",
        "isv.invalid-parameter",
    ] {
        let e = tb.error(code).unwrap_or_else(|| panic!("taobao {code}"));
        assert!(
            !e.cause.zh.is_empty()
                && !e.cause.en.is_empty()
                && !e.fix.zh.is_empty()
                && !e.fix.en.is_empty()
        );
    }
    let wdt = catalog::vendor(Vendor::Wdt);
    for code in ["1", "2", "3", "4", "5", "6", "7", "8", "99", "100"] {
        assert!(wdt.error(code).is_some(), "wdt {code}");
    }
    let kd = catalog::vendor(Vendor::Kingdee);
    for code in (4001..=4012)
        .chain(5000..=5007)
        .chain([1030002006, 2000002000])
    {
        assert!(kd.error(&code.to_string()).is_some(), "kingdee {code}");
    }
    assert_eq!(kd.error("4006").unwrap().message.en, "Timestamp expired");
    assert_eq!(kd.error("4008").unwrap().http_status, Some(519));
    assert!(kd.error("1").is_none());
    // An API's own code first, then the vendor's.
    assert!(api("taobao.imbalance.create")
        .error("ERROR_OWNER_NOT_EXIST")
        .is_some());
    assert!(api("taobao.imbalance.create").error("25").is_some());
}

#[test]
fn credentials_per_api() {
    let names = |id: &str| -> Vec<(String, bool)> {
        api(id)
            .credential_fields()
            .iter()
            .map(|(c, r)| (c.name.clone(), *r))
            .collect()
    };
    let n = |v: &[(&str, bool)]| -> Vec<(String, bool)> {
        v.iter().map(|(a, b)| (a.to_string(), *b)).collect()
    };
    assert_eq!(
        names("taobao.imbalance.create"),
        n(&[("app_key", true), ("app_secret", true), ("session", false)])
    );
    assert_eq!(
        names("kingdee.material.save"),
        n(&[
            ("client_id", true),
            ("client_secret", true),
            ("app_token", true),
            ("domain", true)
        ])
    );
    assert_eq!(
        names("kingdee.app_token"),
        n(&[
            ("client_id", true),
            ("client_secret", true),
            ("domain", false),
            ("app_key", false),
            ("app_secret", false)
        ])
    );
}
