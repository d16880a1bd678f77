//! Issue 13: the mocks cannot be used to fill memory. Ten thousand Kingdee app-tokens
//! leave the live heap where it was (a counting allocator: bytes, not time), and a token
//! issued first still works after them (nothing is evicted because nothing is stored).

mod mock_support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use mock_support::{example, send, Mock, NOW};
use serde_json::{json, Value};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const TOKEN: &str = "/jdyconnector/app_management/kingdee_auth_token";
const CHECK_TASK: &str = "/jdy/v2/scm/inv_check_task";

fn creds(extra: Value) -> Value {
    let mut c =
        json!({ "client_id": "205022", "client_secret": "0123456789abcdef0123456789abcdef" });
    for (k, v) in extra.as_object().unwrap() {
        c[k] = v.clone();
    }
    c
}

#[tokio::test(flavor = "current_thread")]
async fn ten_thousand_tokens_leave_memory_flat() {
    let mock = Mock::start().await;
    let app = countersign_core::catalog::vendor(countersign_core::Vendor::Kingdee);
    let key = app.demo_credential("app_key").unwrap();
    let secret = app.demo_credential("app_secret").unwrap();
    let wire = mock
        .sign(
            TOKEN,
            &json!({}),
            creds(json!({ "app_key": key, "app_secret": secret })),
            NOW,
            json!({ "nonce": 4_427_456_950u64 }),
        )
        .wire;
    let issue = || async {
        let a = send(&wire).await;
        assert_eq!(a.status, 200, "{}", a.body);
        a.json()["data"]["app-token"].as_str().unwrap().to_string()
    };
    let first = issue().await;
    // Warm up the runtime's and the sockets' own buffers before measuring.
    for _ in 0..500 {
        issue().await;
    }
    let before = LIVE.load(Ordering::SeqCst);
    let mut last = String::new();
    for _ in 0..10_000 {
        last = issue().await;
    }
    let grown = LIVE.load(Ordering::SeqCst) - before;
    assert_ne!(first, last);
    // A map of 10,000 tokens would hold over a megabyte.
    assert!(grown < 128 * 1024, "the live heap grew by {grown} bytes");

    let doc = example(CHECK_TASK);
    let business = |token: String| {
        let w = mock
            .sign(
                CHECK_TASK,
                &doc,
                creds(json!({ "app_token": token, "domain": "https://tf.jdy.com" })),
                NOW,
                json!({ "nonce": 4_427_456_951u64 }),
            )
            .wire;
        async move { send(&w).await }
    };
    let a = business(first.clone()).await;
    assert_eq!(a.status, 200, "the first token still works: {}", a.body);
    assert_eq!(a.json()["errcode"], 0, "{}", a.body);
    let mut forged = first.clone();
    let flipped = if forged.ends_with('0') { "1" } else { "0" };
    forged.replace_range(forged.len() - 1.., flipped);
    let a = business(forged).await;
    assert_eq!(a.status, 519, "a forged token is refused: {}", a.body);
    assert_eq!(a.json()["errcode"], 4010);
}
