//! Export → import round trips for all seven requests, and what exports never carry.

use countersign_core::capture::{self};
use countersign_core::catalog;
use countersign_core::export::{curl, har_entry, har_log, script, ScriptLanguage};
use countersign_core::import::import;
use countersign_core::{verify, Signer, Vendor, VerifyInput};
use serde_json::{json, Value};

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
        let request = catalog::build_request(
            api,
            api.example_document(),
            &creds,
            Some(NOW),
            &json!({"nonce": 42}),
        )
        .or_else(|_| {
            catalog::build_request(api, api.example_document(), &creds, Some(NOW), &json!({}))
        })
        .unwrap_or_else(|e| panic!("{}: {e}", api.id));
        let signed = request.sign().unwrap_or_else(|e| panic!("{}: {e}", api.id));

        for text in [
            curl(&signed.wire),
            har_log(vec![har_entry(&signed.wire, NOW, None)]).to_string(),
        ] {
            let imported = import(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", api.id));
            assert_eq!(imported.api, api.id);
            assert_eq!(imported.vendor, api.vendor);
            let rebuilt = catalog::build_request(
                api,
                &imported.document,
                &creds,
                Some(NOW),
                &Value::Object(imported.options.clone()),
            )
            .unwrap_or_else(|e| panic!("{}: {e}", api.id))
            .sign()
            .unwrap();
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
    let signed = catalog::build_request(
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
            catalog::build_request(api, api.example_document(), &creds, Some(NOW), &json!({}))
                .unwrap();
        for language in [ScriptLanguage::Python, ScriptLanguage::Node] {
            let text = script(&request, &api.id, language);
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
