//! The public vectors of shared/signing.md, byte for byte.

use countersign_core::{kingdee, SignRequest, Signer};
use serde_json::json;

const T1_REQ_DTO: &str = r#"{"owner_code":"AX5886","warehouse_code":"STA","occupy_order_id":"IM1234","adjust_type":"ADJUST","out_biz_code":"1234567890","items":[{"order_line_id":"I1234","item_code":"I1234","inventory_type":"ZP","lock_quantity":12}],"operate_time":"2016-09-09 12:00:00"}"#;

fn sign(input: serde_json::Value) -> countersign_core::Signed {
    SignRequest::from_value(input).unwrap().sign().unwrap()
}

#[test]
fn t1_taobao_md5() {
    let signed = sign(json!({
        "vendor": "taobao",
        "credentials": {"app_key": "12345678", "app_secret": "helloworld"},
        "method": "taobao.logistics.wms.inventory.imbalance.create",
        "params": {"req_dto": T1_REQ_DTO},
        "now_ms": 1_473_393_600_000i64,
    }));
    assert_eq!(signed.sign, "A6076B31F453B49C1725BF98EE6F2669");
    assert!(signed
        .string_to_sign
        .starts_with("app_key12345678formatjsonmethodtaobao.logistics"));
    assert!(signed
        .wire
        .url
        .contains("timestamp=2016-09-09+12%3A00%3A00"));
    assert!(signed
        .wire
        .url
        .ends_with("&sign=A6076B31F453B49C1725BF98EE6F2669"));
    assert!(signed.wire.body.starts_with("req_dto=%7B%22owner_code%22"));
    assert!(!signed.wire.url.contains("req_dto"));
}

#[test]
fn t1_pinned_timestamp_gives_the_same_signature() {
    let signed = sign(json!({
        "vendor": "taobao",
        "credentials": {"app_key": "12345678", "app_secret": "helloworld"},
        "method": "taobao.logistics.wms.inventory.imbalance.create",
        "params": {"req_dto": T1_REQ_DTO},
        "timestamp": "2016-09-09 12:00:00",
    }));
    assert_eq!(signed.sign, "A6076B31F453B49C1725BF98EE6F2669");
}

#[test]
fn w1_wdt_vendor_example() {
    let signed = sign(json!({
        "vendor": "wdt",
        "credentials": {"sid": "wdterp30", "app_key": "czhc",
            "app_secret": "693f9fed686bfe13441385da98b436b6:dd488d0802b1e431e4c72cd355847853"},
        "method": "wms.stockout.Sales.weighingExt",
        "body": r#"["xc109393939393939","",1.2,0,false]"#,
        "timestamp": 232623153,
    }));
    assert_eq!(signed.sign, "20f557aaf9190797c581bbceeb6d5a5c");
    assert_eq!(signed.wire.body, r#"["xc109393939393939","",1.2,0,false]"#);
    assert!(signed
        .wire
        .url
        .starts_with("http://wdt.wangdian.cn/openapi?sid=wdterp30&key=czhc&salt=dd488d08"));
    assert!(signed
        .wire
        .url
        .ends_with("&sign=20f557aaf9190797c581bbceeb6d5a5c"));
}

#[test]
fn w1_timestamp_from_the_clock_uses_the_2012_epoch() {
    let now_ms = (232_623_153i64 + 1_325_347_200) * 1000 + 999;
    let signed = sign(json!({
        "vendor": "wdt",
        "credentials": {"sid": "wdterp30", "app_key": "czhc",
            "app_secret": "693f9fed686bfe13441385da98b436b6:dd488d0802b1e431e4c72cd355847853"},
        "method": "wms.stockout.Sales.weighingExt",
        "body": r#"["xc109393939393939","",1.2,0,false]"#,
        "now_ms": now_ms,
    }));
    assert_eq!(signed.sign, "20f557aaf9190797c581bbceeb6d5a5c");
}

const K1_APP_SIGNATURE: &str =
    "MzZlYTk0ODk4MWZlNjdiODNmNWU4YzViNzYxNGM5MTFlOGJkN2NjMzk0MTJkZGNhZGM0NzZhN2YxZDJmOTlkZA==";

#[test]
fn k1_kingdee_token_request() {
    let signed = sign(json!({
        "vendor": "kingdee",
        "credentials": {"client_id": "205022", "client_secret": "f2adcfef73369bfc4e1384677d38a0ff"},
        "http_method": "GET",
        "path": "/jdyconnector/app_management/kingdee_auth_token",
        "query": {"app_key": "bVZgAZOv1", "app_signature": K1_APP_SIGNATURE},
        "nonce": "4427456950",
        "now_ms": 1_670_305_063_559i64,
    }));
    assert_eq!(
        signed.sign,
        "OTFiZTliNDFiMjNkYTI3YzVhNzg4MDI4ZGU3MWY1ZTA5ZTk1NjVlNGM1YTI1ZjIxY2Y5YTA3ZGY2OGI1MGQ1MQ=="
    );
    assert_eq!(signed.sign.len(), 88);
    assert_eq!(
        signed.string_to_sign,
        format!(
            "GET\n%2Fjdyconnector%2Fapp_management%2Fkingdee_auth_token\napp_key=bVZgAZOv1&app_signature={}\nx-api-nonce:4427456950\nx-api-timestamp:1670305063559\n",
            "MzZlYTk0ODk4MWZlNjdiODNmNWU4YzViNzYxNGM5MTFlOGJkN2NjMzk0MTJkZGNhZGM0NzZhN2YxZDJmOTlkZA%253D%253D"
        )
    );
    assert_eq!(
        signed.wire.header("X-Api-Signature"),
        Some(signed.sign.as_str())
    );
    assert_eq!(
        signed.wire.header("X-Api-SignHeaders"),
        Some("X-Api-TimeStamp,X-Api-Nonce")
    );
    assert_eq!(
        signed.wire.url,
        format!("https://api.kingdee.com/jdyconnector/app_management/kingdee_auth_token?app_key=bVZgAZOv1&app_signature={}",
            K1_APP_SIGNATURE.replace('=', "%3D"))
    );
}

#[test]
fn k2_app_signature() {
    assert_eq!(
        kingdee::app_signature("abc", "abc123"),
        "ZDljMTI3NGIyNTE1MTRkYzlkNjc1MDNhYjUzMzgzNWMyY2M4YTdjMzdmNmM3YTVlNDkxMTkzNjdiOTFjNzUyZQ=="
    );
}
