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

/// The inspector's "changed since" note: an answer is for the inputs it was asked with;
/// an edit, broken JSON, credentials or a pin outdate it, and putting them back does not.
#[wasm_bindgen_test]
fn an_answer_is_outdated_by_what_changes_the_request_and_current_again_when_undone() {
    clear_storage();
    let owner = Owner::new();
    owner.with(|| {
        let s = AppState::new();
        s.select_api(catalog::find("wdt.stockpd.sync").unwrap());
        assert!(
            s.answer_outdated_by().is_empty(),
            "no answer, nothing outdated"
        );
        let answer = crate::send::SendError::Aborted { elapsed_ms: 1.0 };
        s.show_answer(Some(std::sync::Arc::new(Err(answer))));
        assert!(s.answer_outdated_by().is_empty(), "just answered");

        let before = s.doc.with_untracked(|d| d.doc.clone());
        s.doc
            .update(|d| d.edit(|v| v["warehouse_no"] = "edited".into()));
        assert_eq!(
            s.answer_outdated_by(),
            vec![crate::send::Change::Parameters],
            "a field edited"
        );
        s.doc.update(|d| d.replace(before.clone()));
        assert!(s.answer_outdated_by().is_empty(), "the field as it was");

        s.doc.update(|d| d.edit_raw("{ not json".into()));
        assert!(
            !s.answer_outdated_by().is_empty(),
            "JSON that does not parse"
        );
        s.doc.update(|d| d.replace(before.clone()));
        assert!(s.answer_outdated_by().is_empty(), "the JSON mended");

        s.update_creds(|c| c.set("appsecret", "another".into()));
        assert_eq!(
            s.answer_outdated_by(),
            vec![crate::send::Change::Credentials],
            "a credential changed"
        );
        // Taken from the answer itself (Use this token): not an edit of its request.
        s.credentials_from_answer();
        assert!(
            s.answer_outdated_by().is_empty(),
            "credentials the answer gave"
        );
        s.pins.update(|p| p.nonce = "7".into());
        assert_eq!(
            s.answer_outdated_by(),
            vec![crate::send::Change::Pins],
            "a pin"
        );
        s.doc
            .update(|d| d.edit(|v| v["warehouse_no"] = "edited".into()));
        assert_eq!(
            s.answer_outdated_by(),
            vec![crate::send::Change::Parameters, crate::send::Change::Pins],
            "each change named"
        );
        // A tab shown again brings its answer with what that answer was asked with.
        let asked = s.answered_for.get_untracked();
        s.show_answer_for(s.sender.result().get_untracked(), asked);
        assert!(
            !s.answer_outdated_by().is_empty(),
            "a tab shown again with its edit"
        );

        s.show_answer(None);
        assert!(s.answer_outdated_by().is_empty(), "no answer on screen");
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

/// A keystroke's change crosses alone when the text around it is as it was; anything else
/// is the whole text. Applied to the old text, a change always gives the new one.
#[wasm_bindgen_test]
fn a_text_box_change_is_the_run_before_the_caret_or_the_whole_text() {
    use crate::platform::text_change::{read, Change};
    use wasm_bindgen::JsValue;
    // What the reader uses of a textarea: its value and caret (given here in bytes).
    let boxed = |text: &str, caret: usize| {
        let o = js_sys::Object::new();
        let set = |k: &str, v: JsValue| js_sys::Reflect::set(&o, &k.into(), &v).unwrap();
        set("value", text.into());
        set(
            "selectionEnd",
            (text[..caret].encode_utf16().count() as f64).into(),
        );
        JsValue::from(o)
    };
    // The UTF-16 units that the browser counts, as a Vec to splice.
    let apply = |old: &str, change: Change| -> String {
        match change {
            Change::Whole(text) => text,
            Change::Splice { from, to, inserted } => {
                let mut units: Vec<u16> = old.encode_utf16().collect();
                units.splice(from..to, inserted.encode_utf16());
                String::from_utf16(&units).unwrap()
            }
        }
    };
    let splice = |c: &Change| match c {
        Change::Splice { from, to, inserted } => Some((*from, *to, inserted.clone())),
        Change::Whole(_) => None,
    };
    let (seen, first) = read(&boxed("{\"a\": \"xy\"}", 0), None);
    assert_eq!(splice(&first), None, "a first read is the whole text");
    // Typed after the x, deleted again, then an emoji.
    let (seen, c) = read(&boxed("{\"a\": \"x中y\"}", 11), Some(&seen));
    assert_eq!(splice(&c), Some((8, 8, "中".into())));
    let (seen, c) = read(&boxed("{\"a\": \"xy\"}", 8), Some(&seen));
    assert_eq!(splice(&c), Some((8, 9, String::new())));
    let (seen, c) = read(&boxed("{\"a\": \"x😀y\"}", 12), Some(&seen));
    assert_eq!(splice(&c), Some((8, 8, "😀".into())));
    // A change away from the caret (another script, a drop): the whole text.
    let (seen, c) = read(&boxed("{\"b\": \"x😀y\"}", 12), Some(&seen));
    assert_eq!(splice(&c), None);
    // A caret between the emoji's halves is no place in the text: the whole text.
    let o = boxed("{\"b\": \"x😀😀y\"}", 0);
    js_sys::Reflect::set(&o, &"selectionEnd".into(), &11.0.into()).unwrap();
    let (_, c) = read(&o, Some(&seen));
    assert_eq!(splice(&c), None);

    // Edits of every kind, each read against the one before: the change rebuilds the text.
    let mut old = String::from("[\"ab😀c\", 1, {\"k\": \"中文\"}]");
    let (mut seen, _) = read(&boxed(&old, 0), None);
    let (mut n, mut spliced): (u64, usize) = (7, 0);
    for _ in 0..300 {
        n = n
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let cuts: Vec<usize> = old
            .char_indices()
            .map(|(i, _)| i)
            .chain([old.len()])
            .collect();
        let a = cuts[(n >> 33) as usize % cuts.len()];
        let b = cuts[(n >> 17) as usize % cuts.len()].max(a);
        let inserted = ["", "x", "中", "😀", "\"", "12"][(n >> 8) as usize % 6];
        let mut new = old.clone();
        new.replace_range(a..b, inserted);
        // The caret after the insert, or (now and then) somewhere else.
        let caret = if n % 5 == 0 { 0 } else { a + inserted.len() };
        let (next, change) = read(&boxed(&new, caret), Some(&seen));
        spliced += usize::from(splice(&change).is_some());
        assert_eq!(apply(&old, change), new);
        (seen, old) = (next, new);
    }
    assert!(
        spliced > 150,
        "most edits end at the caret: {spliced} of 300 spliced"
    );
}
