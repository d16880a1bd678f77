//! Whatever arrives, the mocks answer in the vendor's envelope: no panic, no dropped
//! connection.

mod mock_support;

use countersign_core::http::method_text;
use countersign_core::WireRequest;
use mock_support::{send, Mock};

fn raw(
    mock: &Mock,
    method: &str,
    path_and_query: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> WireRequest {
    WireRequest {
        method: method_text(method),
        url: format!("{}/mock{path_and_query}", mock.origin),
        headers: headers
            .iter()
            .map(|(n, v)| (n.to_string().into(), v.to_string().into()))
            .collect(),
        body: body.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn odd_inputs_get_an_envelope_not_a_crash() {
    let mock = Mock::start().await;
    let huge = "9223372036854775807";
    let min = "-9223372036854775808";
    let form = [("Content-Type", "application/x-www-form-urlencoded")];
    let taobao = [
        String::new(),
        "?method=".into(),
        format!("?method=taobao.logistics.wms.inventory.imbalance.create&app_key=12345678&timestamp={huge}"),
        format!("?method=taobao.logistics.wms.inventory.imbalance.create&app_key=12345678&timestamp={min}"),
        "?method=taobao.logistics.wms.inventory.imbalance.create&app_key=12345678&timestamp=2016-02-30+25:61:61".into(),
        "?%zz=%&&=&method=%E7%9B%98".into(),
    ];
    for q in &taobao {
        let a = send(&raw(
            &mock,
            "POST",
            &format!("/taobao/router/rest{q}"),
            &form,
            "req_dto=%ff%fe",
        ))
        .await;
        assert_eq!(a.status, 200, "{q}");
        assert!(a.body.contains("error_response"), "{q}: {}", a.body);
    }
    let wdt = [
        String::new(),
        "?sid=mocksid&key=mockkey&salt=mocksalt&method=x&v=1.0&sign=x&timestamp=".into(),
        format!("?sid=mocksid&key=mockkey&salt=mocksalt&method=x&v=1.0&sign=x&timestamp={min}"),
        "?sid=mocksid&key=mockkey&salt=mocksalt&method=x&v=1.0&sign=x&timestamp=-2147483648".into(),
    ];
    for q in &wdt {
        let a = send(&raw(
            &mock,
            "POST",
            &format!("/wdt/openapi{q}"),
            &[],
            "[\u{1F600}",
        ))
        .await;
        assert_eq!(a.status, 200, "{q}");
        assert!(a.json()["status"].as_i64().unwrap() > 0, "{q}: {}", a.body);
    }
    let headers = |ts: &'static str, nonce: &'static str| {
        vec![
            ("X-Api-ClientID", "205022"),
            ("X-Api-Auth-Version", "2.0"),
            ("X-Api-TimeStamp", ts),
            ("X-Api-Nonce", nonce),
            ("X-Api-SignHeaders", "X-Api-TimeStamp,X-Api-Nonce"),
            ("X-Api-Signature", "x"),
        ]
    };
    for (ts, nonce) in [
        (huge, "1"),
        ("9223372036854775", "1"),
        (min, "1"),
        ("abc", "0"),
        ("1", "-5"),
    ] {
        for path in [
            "/kingdee/jdy/v2/inv/inv_synchronous?ids=%ff,,",
            "/kingdee/jdyconnector/app_management/kingdee_auth_token",
        ] {
            let a = send(&raw(&mock, "GET", path, &headers(ts, nonce), "")).await;
            assert_eq!(a.status, 519, "{ts} {path}");
            assert!(a.json()["errcode"].as_i64().unwrap() >= 4001);
        }
    }
}
