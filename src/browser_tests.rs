//! What only a browser can show: localStorage, the page's clock, and the app state signing
//! every API with the mock credentials inside wasm (where, e.g., `SystemTime::now` panics).
//! Run by `cargo xtask test` through wasm-bindgen-test-runner in headless Chromium.

use countersign_core::catalog;
use leptos::prelude::*;
use wasm_bindgen_test::*;

use crate::credentials::current::env_of;
use crate::platform::storage::{self, Draft};
use crate::state::AppState;

wasm_bindgen_test_configure!(run_in_browser);

fn clear_storage() {
    let s = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    s.clear().unwrap();
}

#[wasm_bindgen_test]
fn local_storage_round_trips_and_corrupt_entries_read_as_absent() {
    clear_storage();
    let mut d = Draft {
        api: Some("wdt.stockpd.sync".into()),
        ..Draft::default()
    };
    d.env.insert("wdt".into(), "mock".into());
    storage::save("countersign.test", &d);
    assert_eq!(storage::load::<Draft>("countersign.test"), Some(d));
    let s = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    s.set_item("countersign.test", "{not json").unwrap();
    assert_eq!(storage::load::<Draft>("countersign.test"), None);
    storage::remove("countersign.test");
    assert_eq!(s.get_item("countersign.test").unwrap(), None);
}

#[wasm_bindgen_test]
fn the_page_clock_is_unix_ms() {
    let now = crate::platform::now_ms();
    // 2024-01-01 .. 2100-01-01: a seconds or microseconds clock would fall outside.
    assert!(
        (1_704_067_200_000..4_102_444_800_000).contains(&now),
        "{now}"
    );
}

#[wasm_bindgen_test]
fn a_first_visit_signs_every_api_with_the_mock_credentials() {
    clear_storage();
    let owner = Owner::new();
    owner.with(|| {
        let s = AppState::new();
        assert_eq!(
            s.api.get_untracked().map(|a| a.id.as_str()),
            catalog::all().first().map(|a| a.id.as_str()),
            "a first visit opens the first API"
        );
        for api in catalog::all() {
            s.select_api(api);
            let env = env_of(api, &s.envs.get_untracked());
            assert!(env.demo_credentials.is_some(), "{}: starts in Mock", api.id);
            match s.signed.get_untracked() {
                Some(Ok(signed)) => {
                    assert!(!signed.sign.is_empty(), "{}", api.id);
                    assert!(!signed.wire.url.is_empty(), "{}", api.id);
                }
                other => panic!("{}: {other:?}", api.id),
            }
            // The example is valid as documented (after the catalog's recorded fixes).
            let errors = s.error_count();
            assert_eq!(errors, 0, "{}: {:?}", api.id, s.findings.get_untracked());
        }
    });
}

/// Lets the app's effects run (they are scheduled on the browser's task queue).
async fn settle() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

fn stored_text() -> String {
    let s = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    (0..s.length().unwrap())
        .filter_map(|i| s.get_item(&s.key(i).unwrap()?).unwrap())
        .collect()
}

#[wasm_bindgen_test]
async fn credentials_reach_local_storage_only_when_remembered() {
    clear_storage();
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    let s = owner.with(|| {
        let s = AppState::new();
        s.persist();
        s
    });
    owner.with(|| s.update_creds(|c| c.set("app_secret", "typed-secret-1".into())));
    settle().await;
    assert!(
        !stored_text().contains("typed-secret-1"),
        "{}",
        stored_text()
    );
    owner.with(|| s.update_creds(|c| c.remember = true));
    settle().await;
    assert!(
        stored_text().contains("typed-secret-1"),
        "ticked, but not stored"
    );
    owner.with(|| s.update_creds(|c| c.remember = false));
    settle().await;
    assert!(
        !stored_text().contains("typed-secret-1"),
        "unticked, still stored"
    );
}
