//! The `countersign` binary as scripts use it: every public vector of signing.md through
//! `sign` and `app-signature`, bad input on stderr with a non-zero exit, and the catalog
//! subcommands.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_countersign");

const T1_REQ_DTO: &str = r#"{"owner_code":"AX5886","warehouse_code":"STA","occupy_order_id":"IM1234","adjust_type":"ADJUST","out_biz_code":"1234567890","items":[{"order_line_id":"I1234","item_code":"I1234","inventory_type":"ZP","lock_quantity":12}],"operate_time":"2016-09-09 12:00:00"}"#;
const W1_SECRET: &str = "693f9fed686bfe13441385da98b436b6:dd488d0802b1e431e4c72cd355847853";

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the countersign binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn sign_ok(input: Value) -> Value {
    let out = run(&["sign"], &input.to_string());
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.trim().lines().count(), 1, "one JSON object: {text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    for k in ["sign", "string_to_sign", "method", "url", "headers", "body"] {
        assert!(v.get(k).is_some(), "{k} missing: {keys:?}");
    }
    v
}

/// `countersign verify` of a request with these credentials: its JSON answer. The exit
/// code says whether the gateway would take it (0: `valid` and no `refused_with`; 1: not),
/// so a script need not parse the answer.
fn verify_ok(credentials: &Value, request: &str) -> Value {
    let out = run(
        &["verify"],
        &json!({"credentials": credentials, "request": request}).to_string(),
    );
    let v = serde_json::from_slice::<Value>(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    assert_eq!(
        out.status.success(),
        v["valid"] == true && v.get("refused_with").is_none(),
        "exit code and the verdict disagree: {v}"
    );
    v
}

/// Runs `sign`, expects failure, returns stderr.
fn sign_err(input: &str) -> String {
    let out = run(&["sign"], input);
    assert!(!out.status.success(), "must fail: {input}");
    assert!(out.stdout.is_empty(), "nothing on stdout");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.trim().is_empty());
    err
}

#[test]
fn t1_taobao_md5() {
    let v = sign_ok(json!({
        "vendor": "taobao",
        "credentials": {"app_key": "12345678", "app_secret": "helloworld"},
        "method": "taobao.logistics.wms.inventory.imbalance.create",
        "params": {"req_dto": T1_REQ_DTO},
        "now_ms": 1_473_393_600_000i64,
    }));
    assert_eq!(v["sign"], "A6076B31F453B49C1725BF98EE6F2669");
    assert_eq!(v["method"], "POST");
    let url = v["url"].as_str().unwrap();
    assert!(
        url.starts_with("https://eco.taobao.com/router/rest?"),
        "{url}"
    );
    assert!(
        url.ends_with("&sign=A6076B31F453B49C1725BF98EE6F2669"),
        "{url}"
    );
    assert!(v["body"]
        .as_str()
        .unwrap()
        .starts_with("req_dto=%7B%22owner_code%22"));
    assert_eq!(
        v["headers"]["Content-Type"],
        "application/x-www-form-urlencoded;charset=utf-8"
    );
}

#[test]
fn w1_wdt_vendor_example() {
    let v = sign_ok(json!({
        "vendor": "wdt",
        "credentials": {"sid": "wdterp30", "app_key": "czhc", "app_secret": W1_SECRET},
        "method": "wms.stockout.Sales.weighingExt",
        "body": r#"["xc109393939393939","",1.2,0,false]"#,
        "timestamp": 232623153,
    }));
    assert_eq!(v["sign"], "20f557aaf9190797c581bbceeb6d5a5c");
    assert_eq!(v["body"], r#"["xc109393939393939","",1.2,0,false]"#);
    assert_eq!(v["headers"]["Content-Type"], "application/json");
}

#[test]
fn k1_kingdee_vendor_example() {
    let v = sign_ok(json!({
        "vendor": "kingdee",
        "credentials": {"client_id": "205022", "client_secret": "f2adcfef73369bfc4e1384677d38a0ff"},
        "http_method": "GET",
        "path": "/jdyconnector/app_management/kingdee_auth_token",
        "query": {
            "app_key": "bVZgAZOv1",
            "app_signature": "MzZlYTk0ODk4MWZlNjdiODNmNWU4YzViNzYxNGM5MTFlOGJkN2NjMzk0MTJkZGNhZGM0NzZhN2YxZDJmOTlkZA=="
        },
        "nonce": "4427456950",
        "now_ms": 1_670_305_063_559i64,
    }));
    let expected =
        "OTFiZTliNDFiMjNkYTI3YzVhNzg4MDI4ZGU3MWY1ZTA5ZTk1NjVlNGM1YTI1ZjIxY2Y5YTA3ZGY2OGI1MGQ1MQ==";
    assert_eq!(v["sign"], expected);
    assert_eq!(v["headers"]["X-Api-Signature"], expected);
    assert_eq!(v["headers"]["X-Api-Nonce"], "4427456950");
    assert_eq!(v["headers"]["X-Api-TimeStamp"], "1670305063559");
    assert!(v["string_to_sign"]
        .as_str()
        .unwrap()
        .ends_with("x-api-nonce:4427456950\nx-api-timestamp:1670305063559\n"));
}

#[test]
fn k2_app_signature() {
    let out = run(
        &[
            "app-signature",
            "--app-key",
            "abc",
            "--app-secret",
            "abc123",
        ],
        "",
    );
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim(),
        "ZDljMTI3NGIyNTE1MTRkYzlkNjc1MDNhYjUzMzgzNWMyY2M4YTdjMzdmNmM3YTVlNDkxMTkzNjdiOTFjNzUyZQ=="
    );
}

#[test]
fn the_clock_and_nonce_default_to_now_and_a_random_positive_integer() {
    let input = json!({
        "vendor": "kingdee",
        "credentials": {"client_id": "1", "client_secret": "s"},
        "http_method": "GET",
        "path": "/jdy/v2/bd/material",
    });
    let a = sign_ok(input.clone());
    let b = sign_ok(input);
    let nonce_a = a["headers"]["X-Api-Nonce"].as_str().unwrap();
    let nonce_b = b["headers"]["X-Api-Nonce"].as_str().unwrap();
    assert!(nonce_a.parse::<u64>().unwrap() > 0);
    assert_ne!(nonce_a, nonce_b, "two draws differ");
    let ts: i64 = a["headers"]["X-Api-TimeStamp"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(ts > 1_700_000_000_000, "now, in ms: {ts}");
}

#[test]
fn an_appsecret_without_colon_is_refused() {
    let err = sign_err(
        &json!({
            "vendor": "wdt",
            "credentials": {"sid": "s", "app_key": "k", "app_secret": "nocolon"},
            "method": "m",
            "body": "[]",
        })
        .to_string(),
    );
    assert!(err.contains("secret:salt"), "{err}");
}

#[test]
fn a_kingdee_path_without_slash_is_refused() {
    let err = sign_err(
        &json!({
            "vendor": "kingdee",
            "credentials": {"client_id": "1", "client_secret": "s"},
            "http_method": "GET",
            "path": "jdy/v2/bd/material",
        })
        .to_string(),
    );
    assert!(err.contains("must start with `/`"), "{err}");
}

#[test]
fn a_wdt_body_that_is_not_json_says_where() {
    let err = sign_err(
        &json!({
            "vendor": "wdt",
            "credentials": {"sid": "s", "app_key": "k", "app_secret": "a:b"},
            "method": "m",
            "body": "[1,\n 2,,]",
        })
        .to_string(),
    );
    assert!(err.contains("line 2, column"), "{err}");
}

#[test]
fn an_unknown_sign_method_is_refused() {
    let err = sign_err(
        &json!({
            "vendor": "taobao",
            "credentials": {"app_key": "1", "app_secret": "s"},
            "method": "taobao.x",
            "sign_method": "sha1",
        })
        .to_string(),
    );
    assert!(err.contains("unknown sign_method `sha1`"), "{err}");
}

#[test]
fn a_missing_credential_is_named() {
    let err = sign_err(
        &json!({
            "vendor": "taobao",
            "credentials": {"app_key": "1"},
            "method": "taobao.x",
        })
        .to_string(),
    );
    assert!(err.contains("app_secret"), "{err}");
}

#[test]
fn input_that_is_not_json_or_has_no_vendor_is_refused() {
    assert!(sign_err("{not json").contains("line 1"));
    assert!(sign_err("{}").contains("vendor"));
    assert!(sign_err(r#"{"vendor":"jd"}"#).contains("unknown vendor"));
}

#[test]
fn catalog_lists_the_seven_requests() {
    let out = run(&["catalog"], "");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for id in [
        "taobao.imbalance.create",
        "wdt.stockpd.sync",
        "kingdee.inv_check_task.save",
        "kingdee.inv_synchronous.list",
        "kingdee.material.save",
        "kingdee.push_app_authorize",
        "kingdee.app_token",
    ] {
        assert!(text.contains(id), "{id} missing:\n{text}");
    }
    assert!(
        text.contains("/jdy/v2/bd/material") && text.contains("商品保存"),
        "{text}"
    );

    let out = run(&["catalog", "--json"], "");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 7);
}

fn example(api: &str) -> Value {
    countersign_core::catalog::find(api)
        .unwrap()
        .example_document()
        .clone()
}

#[test]
fn validate_passes_the_examples_and_fails_broken_documents() {
    for api in [
        "taobao.imbalance.create",
        "kingdee.material.save",
        "wdt.stockpd.sync",
    ] {
        let out = run(&["validate", api], &example(api).to_string());
        assert!(
            out.status.success(),
            "{api}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let mut doc = example("taobao.imbalance.create");
    doc["req_dto"]["items"][0]["lock_quantity"] = json!("twelve");
    let out = run(&["validate", "taobao.imbalance.create"], &doc.to_string());
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("req_dto.items[0].lock_quantity"), "{text}");

    let out = run(&["validate", "no.such.api"], "{}");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no API"));
}

#[test]
fn build_signs_a_catalog_document_like_sign() {
    let input = json!({
        "credentials": {"app_key": "12345678", "app_secret": "helloworld"},
        "document": example("taobao.imbalance.create"),
        "now_ms": 1_473_393_600_000i64,
    });
    let out = run(&["build", "taobao.imbalance.create"], &input.to_string());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let url = v["url"].as_str().unwrap();
    assert!(
        url.contains("method=taobao.logistics.wms.inventory.imbalance.create"),
        "{url}"
    );
    assert!(url.contains("timestamp=2016-09-09+12%3A00%3A00"), "{url}");
    assert_eq!(v["sign"].as_str().unwrap().len(), 32);
    assert!(v["body"].as_str().unwrap().starts_with("req_dto="));

    // The same document through `sign` gives the same signature.
    let params_body = v["body"]
        .as_str()
        .unwrap()
        .strip_prefix("req_dto=")
        .unwrap();
    let req_dto = countersign_core::encoding::form_decode(params_body);
    let direct = sign_ok(json!({
        "vendor": "taobao",
        "credentials": {"app_key": "12345678", "app_secret": "helloworld"},
        "method": "taobao.logistics.wms.inventory.imbalance.create",
        "params": {"req_dto": req_dto},
        "now_ms": 1_473_393_600_000i64,
    }));
    assert_eq!(direct["sign"], v["sign"]);

    let out = run(
        &["build", "taobao.imbalance.create"],
        r#"{"credentials":{}}"#,
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("document"));
}

/// `session=<session>` (a cURL copied with secrets hidden) is checked with the session
/// given among the credentials, as the Check signature page does: one implementation.
#[test]
fn verify_puts_the_given_session_in_place_of_its_placeholder() {
    let signed = sign_ok(json!({
        "vendor": "taobao",
        "credentials": {"app_key": "12345678", "app_secret": "helloworld", "session": "real-session"},
        "method": "taobao.logistics.wms.inventory.imbalance.create",
        "params": {"req_dto": T1_REQ_DTO},
        "now_ms": 1_473_393_600_000i64,
    }));
    let url = signed["url"].as_str().unwrap();
    assert!(url.contains("session=real-session"), "{url}");
    let hidden = url.replace("session=real-session", "session=%3Csession%3E");
    let body = signed["body"].as_str().unwrap();
    let check = |credentials: Value| {
        verify_ok(
            &credentials,
            &format!("curl '{hidden}' --data-raw '{body}'"),
        )
    };
    let without = check(json!({"app_key": "12345678", "app_secret": "helloworld"}));
    assert_eq!(without["valid"], false);
    assert_eq!(without["diagnosis"][0]["code"], "secret_placeholder");
    assert!(without.get("filled").is_none(), "{without}");
    let with = check(
        json!({"app_key": "12345678", "app_secret": "helloworld", "session": "real-session"}),
    );
    assert_eq!(with["valid"], true, "{with}");
    assert_eq!(with["diagnosis"], json!([]));
    assert_eq!(with["filled"], json!(["session"]));
}

#[test]
fn verify_fails_a_well_signed_call_the_gateway_refuses() {
    // Signed right, but without the API's required `req_dto`: TOP answers 40, and so must
    // verify's exit code, which had said 0 for any valid signature.
    let signed = sign_ok(json!({
        "vendor": "taobao",
        "credentials": {"app_key": "12345678", "app_secret": "helloworld"},
        "method": "taobao.logistics.wms.inventory.imbalance.create",
        "params": {},
        "now_ms": 1_473_393_600_000i64,
    }));
    let credentials = json!({"app_key": "12345678", "app_secret": "helloworld"});
    let url = signed["url"].as_str().unwrap();
    // verify_ok holds the exit code to the verdict: 1 here, with the signature valid.
    let v = verify_ok(&credentials, &format!("{url}\n\n"));
    assert_eq!(v["valid"], true, "{v}");
    assert_eq!(v["refused_with"], "40", "{v}");
}

#[test]
fn verify_names_the_mistake_of_a_captured_request() {
    let signed = sign_ok(json!({
        "vendor": "taobao",
        "credentials": {"app_key": "12345678", "app_secret": "helloworld"},
        "method": "taobao.logistics.wms.inventory.imbalance.create",
        "params": {"req_dto": T1_REQ_DTO},
        "now_ms": 1_473_393_600_000i64,
    }));
    let url = signed["url"].as_str().unwrap();
    let body = signed["body"].as_str().unwrap();
    let credentials = json!({"app_key": "12345678", "app_secret": "helloworld"});
    let check = |request: String| verify_ok(&credentials, &request);
    let valid = check(format!("curl '{url}' --data-raw '{body}'"));
    assert_eq!(valid["vendor"], "taobao");
    assert_eq!(valid["valid"], true);
    assert_eq!(valid["diagnosis"], json!([]));

    let lower = url.replace(
        "A6076B31F453B49C1725BF98EE6F2669",
        "a6076b31f453b49c1725bf98ee6f2669",
    );
    let tampered = check(format!("{lower}\n\n{body}"));
    assert_eq!(tampered["valid"], false);
    assert_eq!(
        tampered["sign_expected"],
        "A6076B31F453B49C1725BF98EE6F2669"
    );
    assert_eq!(tampered["diagnosis"][0]["code"], "hex_case");
    // The code the gateway (and the mock) answers, and the rule behind it.
    assert_eq!(tampered["refused_with"], "25");
    assert_eq!(tampered["refusal"]["rule"], "signature");
    assert!(valid.get("refused_with").is_none(), "{valid}");

    let late = check(format!("{url}&session=mock-session\n\n{body}"));
    assert_eq!(late["diagnosis"][0]["code"], "unsigned_param");

    // Signed over the parameters in the order they are sent (`req_dto` after the system
    // parameters), not sorted: signing.md's T1 with that mistake.
    let system = [
        ("method", "taobao.logistics.wms.inventory.imbalance.create"),
        ("app_key", "12345678"),
        ("timestamp", "2016-09-09 12:00:00"),
        ("format", "json"),
        ("v", "2.0"),
        ("sign_method", "md5"),
    ];
    let unsorted: String = system
        .iter()
        .chain(&[("req_dto", T1_REQ_DTO)])
        .map(|(k, v)| format!("{k}{v}"))
        .collect();
    let sign = countersign_core::digest::hex_upper(&countersign_core::digest::md5(
        format!("helloworld{unsorted}helloworld").as_bytes(),
    ));
    let query = countersign_core::encoding::form_urlencode(
        system.iter().copied().chain([("sign", sign.as_str())]),
    );
    let unsorted_check = check(format!(
        "https://eco.taobao.com/router/rest?{query}\n\n{body}"
    ));
    assert_eq!(unsorted_check["valid"], false);
    assert_eq!(
        unsorted_check["diagnosis"],
        json!([{
            "code": "params_not_sorted",
            "message": "the parameters were signed in the order they are sent, not sorted: sort them by \
                        name (ASCII byte order) before concatenating `key + value`",
            "message_zh": "参数按发送时的顺序签名，没有排序：拼接 `key + value` 前应按参数名（ASCII 字节序）排序",
        }])
    );
    assert_eq!(unsorted_check["string_to_sign_found"], unsorted);

    let out = run(&["verify"], r#"{"credentials": {}, "request": "hello"}"#);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read the request"));
}

/// A custom request: any method, the document naming it (signing.md T1 again).
#[test]
fn build_signs_a_custom_request() {
    let input = json!({
        "credentials": {"app_key": "12345678", "app_secret": "helloworld"},
        "document": {
            "method": "taobao.logistics.wms.inventory.imbalance.create",
            "params": {"req_dto": T1_REQ_DTO},
        },
        "options": {"timestamp": "2016-09-09 12:00:00"},
    });
    let out = run(&["build", "taobao.custom"], &input.to_string());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["sign"], "A6076B31F453B49C1725BF98EE6F2669");
    // The findings name the field: an empty method, a path outside /jdy/v2/.
    let out = run(
        &["validate", "kingdee.custom"],
        r#"{"http_method": "GET", "path": "/v1/x"}"#,
    );
    assert!(!out.status.success());
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("path"), "{text}");
}

/// `serve` that must refuse to start: its stderr.
fn serve_refused(args: &[&str]) -> String {
    let out = Command::new(BIN)
        .arg("serve")
        .args(args)
        .env_remove("COUNTERSIGN_TOKEN")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success(), "serve {args:?} must refuse to start");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn serve_on_a_non_loopback_address_needs_a_token() {
    let err = serve_refused(&["--bind", "0.0.0.0", "--port", "0", "--dist", "/nonexistent"]);
    for needle in ["COUNTERSIGN_TOKEN", "--token", "--insecure-no-token"] {
        assert!(err.contains(needle), "{needle} missing in {err}");
    }
}

#[test]
fn serve_refuses_tokens_no_request_matches_and_an_open_cors_list() {
    fn with<'a>(extra: &[&'a str]) -> Vec<&'a str> {
        [&["--port", "0", "--dist", "/nonexistent"][..], extra].concat()
    }
    let err = serve_refused(&with(&["--token", " padded-token "]));
    assert!(err.contains("starts or ends with a space"), "{err}");
    assert!(!err.contains("padded-token"), "never the value: {err}");
    let err = serve_refused(&with(&["--token", "t0ken"]));
    assert!(
        err.contains("5 characters") && err.contains("at least 8"),
        "{err}"
    );
    let dir = std::env::temp_dir().join(format!("countersign-cli-cors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("cors.toml");
    std::fs::write(&file, "[cors]\norigins = [\"*\"]\n").unwrap();
    let err = serve_refused(&with(&["--config", file.to_str().unwrap()]));
    assert!(
        err.contains("every web page") && err.contains("--insecure-no-token"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn serve_with_a_token_or_the_explicit_flag_starts_on_any_address() {
    use std::io::{BufRead, BufReader};
    for (args, env_token) in [
        (vec!["--insecure-no-token"], None),
        (vec![], Some("from-env")),
    ] {
        let mut cmd = Command::new(BIN);
        cmd.args([
            "serve",
            "--bind",
            "0.0.0.0",
            "--port",
            "0",
            "--dist",
            "/nonexistent",
        ])
        .args(&args)
        .env_remove("COUNTERSIGN_TOKEN")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
        if let Some(t) = env_token {
            cmd.env("COUNTERSIGN_TOKEN", t);
        }
        let mut child = cmd.spawn().unwrap();
        let mut first = String::new();
        BufReader::new(child.stderr.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        child.kill().unwrap();
        let _ = child.wait();
        assert!(
            first.starts_with("countersign serve: http://0.0.0.0:"),
            "{first}"
        );
        assert!(
            !first.contains("from-env"),
            "the token is never printed: {first}"
        );
    }
}

#[test]
fn a_config_parse_error_names_the_line_not_the_value() {
    let dir = std::env::temp_dir().join(format!("countersign-cli-cfg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (text, line) in [
        ("token = \"hunter2-secret\n", 1),
        ("[limits]\ntotal_timeout_ms = \"hunter2-secret\"\n", 2),
        ("\n\ntoken = hunter2-secret\n", 3),
    ] {
        let path = dir.join("bad.toml");
        std::fs::write(&path, text).unwrap();
        let err = serve_refused(&["--port", "0", "--config", path.to_str().unwrap()]);
        assert!(!err.contains("hunter2"), "the value leaked: {err}");
        assert!(err.contains(&format!("line {line}")), "{err}");
    }
    let _ = std::fs::remove_dir_all(dir);
}
