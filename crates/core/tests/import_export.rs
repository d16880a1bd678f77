//! Export → import round trips for all seven requests, and what exports never carry.

use countersign_core::capture::{self};
use countersign_core::catalog;
use countersign_core::export::{
    curl, har_entry, har_log, script, ScriptCredentials, ScriptLanguage,
};
use countersign_core::import::import;
use countersign_core::{verify, Signer, Vendor, VerifyInput};
use serde_json::{json, Value};

mod cli_json;

use cli_json::{build_request, sign_imported};

const NOW: i64 = 1_764_000_000_000;

fn credentials(vendor: Vendor) -> Value {
    catalog::vendor(vendor).demo_credentials()
}

const SECRETS: [&str; 4] = [
    "helloworld",
    "mocksecret",
    "0123456789abcdef0123456789abcdef",
    "mockappsecret",
];

#[test]
fn every_api_round_trips_through_curl_and_har_and_verifies() {
    assert_eq!(catalog::all().len(), 7);
    for api in catalog::all() {
        let creds = credentials(api.vendor);
        let request = build_request(
            api,
            api.example_document(),
            &creds,
            Some(NOW),
            &json!({"nonce": 42}),
        )
        .or_else(|_| build_request(api, api.example_document(), &creds, Some(NOW), &json!({})))
        .unwrap_or_else(|e| panic!("{}: {e}", api.id));
        let signed = request.sign().unwrap_or_else(|e| panic!("{}: {e}", api.id));

        for text in [
            curl(&signed.wire),
            har_log(vec![har_entry(&signed.wire, NOW, None)]).to_string(),
        ] {
            let imported = import(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", api.id));
            assert_eq!(imported.api, api.id);
            assert_eq!(imported.vendor, api.vendor);
            assert_eq!(imported.missing, Vec::<&str>::new(), "{}", api.id);
            let rebuilt = sign_imported(api, &imported, &creds, NOW);
            assert_eq!(
                rebuilt.sign, signed.sign,
                "{}: import must reproduce the signature",
                api.id
            );
            assert_eq!(rebuilt.wire, signed.wire, "{}", api.id);
            for secret in SECRETS {
                assert!(
                    !serde_json::to_string(&imported).unwrap().contains(secret),
                    "{}",
                    api.id
                );
            }

            let verdict = verify(&VerifyInput {
                credentials: creds.clone(),
                request: text,
                vendor: None,
                now_ms: Some(NOW),
            })
            .unwrap();
            assert!(verdict.valid, "{}: {verdict:?}", api.id);
        }
    }
}

#[test]
fn curl_export_is_parsed_back_byte_exact() {
    let api = catalog::find("kingdee.material.save").unwrap();
    let signed = build_request(
        api,
        api.example_document(),
        &credentials(Vendor::Kingdee),
        Some(NOW),
        &json!({"nonce": 7}),
    )
    .unwrap()
    .sign()
    .unwrap();
    let parsed = capture::parse(&curl(&signed.wire)).unwrap();
    assert_eq!(
        (parsed.method, parsed.url, parsed.headers, parsed.body),
        (
            signed.wire.method.clone(),
            signed.wire.url.clone(),
            signed.wire.headers.clone(),
            signed.wire.body.clone()
        )
    );
}

#[test]
fn scripts_never_contain_secrets() {
    for api in catalog::all() {
        let creds = credentials(api.vendor);
        let request =
            build_request(api, api.example_document(), &creds, Some(NOW), &json!({})).unwrap();
        for language in [ScriptLanguage::Python, ScriptLanguage::Node] {
            let text = script(&request, &api.id, language, ScriptCredentials::Environment);
            for secret in SECRETS {
                assert!(
                    !text.contains(secret),
                    "{} {language:?} contains a secret",
                    api.id
                );
            }
        }
    }
}

/// Import reads a Kingdee capture through the vendor reader, as `verify` and the mock do:
/// a header given twice with an empty first copy, padded values and an empty domain
/// header give the same pins and identifiers the gateway would read, and rebuilding from
/// them gives the captured signature back.
#[test]
fn kingdee_import_reads_odd_headers_as_the_gateway_does() {
    let api = catalog::find("kingdee.material.save").unwrap();
    let creds = credentials(Vendor::Kingdee);
    let signed = build_request(
        api,
        api.example_document(),
        &creds,
        Some(NOW),
        &json!({"nonce": 4_427_456_950u64}),
    )
    .unwrap()
    .sign()
    .unwrap();
    let mut wire = signed.wire.clone();
    let mut headers = vec![
        ("X-Api-Nonce".into(), "".into()),
        ("x-api-timestamp".into(), "  ".into()),
    ];
    for (name, value) in &wire.headers {
        let value = match name.to_ascii_lowercase().as_str() {
            "x-api-nonce" | "x-api-timestamp" => format!("  {value} ").into(),
            _ => value.clone(),
        };
        headers.push((name.clone(), value));
    }
    headers.push(("X-GW-Router-Addr".into(), " ".into()));
    wire.headers = headers;
    let text = curl(&wire);

    let captured = capture::parse(&text).unwrap();
    let read = countersign_core::vendor::kingdee::read(&captured);
    let imported = import(&text).unwrap();
    assert_eq!(imported.api, api.id);
    assert_eq!(
        imported.options.kingdee.nonce.as_deref(),
        read.header("X-Api-Nonce")
    );
    assert_eq!(
        imported.options.kingdee.nonce.as_deref(),
        Some("4427456950")
    );
    assert_eq!(
        imported.options.timestamp.as_deref(),
        read.header("X-Api-TimeStamp")
    );
    // The domain header the signer wrote comes first; the empty one after it is ignored.
    assert_eq!(
        imported.identifiers.get("domain").and_then(Value::as_str),
        read.header("X-GW-Router-Addr")
    );

    let verdict = verify(&VerifyInput {
        credentials: creds.clone(),
        request: text.clone(),
        vendor: None,
        now_ms: Some(NOW),
    })
    .unwrap();
    assert!(verdict.valid, "{verdict:?}");
    let rebuilt = sign_imported(api, &imported, &creds, NOW);
    assert_eq!(rebuilt.sign, signed.sign);
}

/// A capture without a parameter the gateway requires says which: the builder writes
/// it anew, and the person reproducing a refusal must know.
#[test]
fn what_a_capture_lacks_is_named() {
    let wdt = "curl 'https://openapi.wdtwms.com/open_api/service.php?sid=s1&key=k&salt=x&method=a.B.c&v=1.0&sign=00' -d '[]'";
    assert_eq!(import(wdt).unwrap().missing, vec!["timestamp"]);
    let kingdee = "curl 'https://api.kingdee.com/jdy/v2/bd/material' -H 'X-Api-ClientID: 1' \
        -H 'X-Api-Auth-Version: 2.0' -H 'X-Api-TimeStamp: 1764000000000' \
        -H 'X-Api-SignHeaders: X-Api-TimeStamp,X-Api-Nonce' -H 'X-Api-Signature: abc' -d '{}'";
    assert_eq!(import(kingdee).unwrap().missing, vec!["X-Api-Nonce"]);
    // Without the mark that tells the vendor: named, not "cannot tell the vendor".
    use countersign_core::import::ImportError;
    let no_sid = wdt.replace("sid=s1&", "");
    let lacks = ImportError::LacksMark {
        vendor: Vendor::Wdt,
        mark: "sid",
    };
    assert_eq!(import(&no_sid).unwrap_err(), lacks);
    assert!(
        lacks
            .to_string()
            .contains("Wangdiantong request but has no `sid`"),
        "{lacks}"
    );
    let checked = verify(&VerifyInput {
        credentials: json!({}),
        request: no_sid,
        vendor: None,
        now_ms: None,
    });
    assert_eq!(
        checked.unwrap_err(),
        verify::VerifyError::LacksMark {
            vendor: Vendor::Wdt,
            mark: "sid"
        }
    );
    let no_key = "curl 'https://example.com/api?method=taobao.trades.sold.get&v=2.0&sign=00'";
    assert_eq!(
        import(no_key).unwrap_err(),
        ImportError::LacksMark {
            vendor: Vendor::Taobao,
            mark: "app_key"
        }
    );
}
