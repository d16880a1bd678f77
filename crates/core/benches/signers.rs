//! Native signing throughput, for `cargo xtask bench` (which parses the `bench:` lines).
//!
//! A plain timed loop, not criterion: no extra dependencies for CI to build. Each case is
//! printed next to its floor, the bare digest over the same string-to-sign, so the cost of
//! canonicalising and encoding shows apart from the cryptography. A counting global
//! allocator gives the heap allocations per call of both.
//!
//!   cargo bench -p countersign-core --bench signers

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use countersign_core::catalog;
use countersign_core::{SignRequest, Signed, Signer};
use hmac::{Hmac, Mac};
use md5::{Digest, Md5};
use serde_json::{json, Value};
use sha2::Sha256;

/// The system allocator, counting allocations (a realloc counts: it may move the block).
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Rows in the Kingdee material document, as in the in-page keystroke bench.
const ROWS: usize = 100;
/// How long each case runs (after a short warm-up).
const RUN: Duration = Duration::from_millis(600);

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` would pass nothing, so a single
    // quick pass keeps that cheap.
    let quick = !std::env::args().any(|a| a == "--bench");
    let run = if quick { Duration::from_millis(5) } else { RUN };
    // `cargo bench … -- <text>` runs only the cases whose name contains it (profiling).
    let filter = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    let wanted = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));

    // Each case with the secret its rule hashes with: the MD5 rules hash `secret + S +
    // secret`, the HMAC rules key the MAC with it.
    let cases: [(&str, &str, Value); 4] = [
        (
            "taobao md5 (vector T1)",
            "helloworld",
            json!({
                "vendor": "taobao",
                "credentials": {"app_key": "12345678", "app_secret": "helloworld"},
                "method": "taobao.logistics.wms.inventory.imbalance.create",
                "params": {"req_dto": r#"{"owner_code":"AX5886","warehouse_code":"STA","occupy_order_id":"IM1234","adjust_type":"ADJUST","out_biz_code":"1234567890","items":[{"order_line_id":"I1234","item_code":"I1234","inventory_type":"ZP","lock_quantity":12}],"operate_time":"2016-09-09 12:00:00"}"#},
                "now_ms": 1_473_393_600_000i64,
            }),
        ),
        (
            "taobao hmac-sha256",
            "helloworld",
            json!({
                "vendor": "taobao",
                "credentials": {"app_key": "12345678", "app_secret": "helloworld"},
                "method": "taobao.logistics.wms.inventory.imbalance.create",
                "sign_method": "hmac-sha256",
                "params": {"req_dto": r#"{"owner_code":"AX5886","items":[{"item_code":"I1234","lock_quantity":12}]}"#},
                "now_ms": 1_473_393_600_000i64,
            }),
        ),
        (
            "wdt md5 (vector W1)",
            "693f9fed686bfe13441385da98b436b6",
            json!({
                "vendor": "wdt",
                "credentials": {"sid": "wdterp30", "app_key": "czhc",
                    "app_secret": "693f9fed686bfe13441385da98b436b6:dd488d0802b1e431e4c72cd355847853"},
                "method": "wms.stockout.Sales.weighingExt",
                "body": r#"["xc109393939393939","",1.2,0,false]"#,
                "timestamp": 232623153,
            }),
        ),
        (
            "kingdee hmac-sha256 (vector K1)",
            "f2adcfef73369bfc4e1384677d38a0ff",
            json!({
                "vendor": "kingdee",
                "credentials": {"client_id": "205022", "client_secret": "f2adcfef73369bfc4e1384677d38a0ff"},
                "http_method": "GET",
                "path": "/jdyconnector/app_management/kingdee_auth_token",
                "query": {"app_key": "bVZgAZOv1", "app_signature": "MzZlYTk0ODk4MWZlNjdiODNmNWU4YzViNzYxNGM5MTFlOGJkN2NjMzk0MTJkZGNhZGM0NzZhN2YxZDJmOTlkZA=="},
                "nonce": "4427456950",
                "now_ms": 1_670_305_063_559i64,
            }),
        ),
    ];

    // All the vectors' cases and references in one interleaved run: each case's rounds are
    // spread over the same seconds as every other's, so a busy stretch on a shared machine
    // (which slowed an allocating signer more than a bare digest here) falls on all of
    // them alike instead of on whichever case it happened to meet.
    let prepared: Vec<(&str, &str, SignRequest, Signed)> = cases
        .into_iter()
        .filter(|(n, _, _)| wanted(n))
        .map(|(name, secret, input)| {
            let request = SignRequest::from_value(input).expect("bench input parses");
            let signed = request.sign().expect("bench input signs");
            (name, secret, request, signed)
        })
        .collect();
    let mut closures: Vec<Box<dyn FnMut() + '_>> = Vec::new();
    for (name, secret, request, signed) in &prepared {
        closures.push(Box::new(move || {
            drop(black_box(black_box(request).sign().unwrap()))
        }));
        closures.push(Box::new(move || {
            black_box(bare_digest(name, signed));
        }));
        closures.push(Box::new(move || {
            black_box(rule_digest(name, secret, signed));
        }));
    }
    let mut refs: Vec<&mut dyn FnMut()> = closures
        .iter_mut()
        .map(|c| &mut **c as &mut dyn FnMut())
        .collect();
    let timed = time_together(run, &mut refs);
    for ((name, _, _, signed), t) in prepared.iter().zip(timed.chunks_exact(3)) {
        report(name, t[0], t[1], signed.string_to_sign.len(), t[2]);
    }
    drop(refs);
    drop(closures);

    let material = format!("kingdee.material.save, {ROWS} rows: validate+build+sign");
    if !wanted(&material) {
        return;
    }
    // What the app recomputes on a keystroke: validate the document, build the request
    // from the catalog, sign it.
    let api = catalog::find("kingdee.material.save").expect("kingdee.material.save in the catalog");
    let doc = material_document(api.example_document(), ROWS);
    let creds = api.vendor_info().demo_credentials();
    let build = || {
        let findings = catalog::validate(api, black_box(&doc));
        let mut req = catalog::build_request(
            api,
            &doc,
            &creds,
            Some(1_700_000_000_000),
            &Default::default(),
        )
        .expect("the material document builds");
        req.fill_defaults(1_700_000_000_000, 4_427_456_950);
        (findings, req.sign().expect("the material document signs"))
    };
    let signed = build().1;
    let secret = creds["client_secret"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let mut full_case = || drop(black_box(build()));
    let mut digest_case = || {
        black_box(bare_digest("kingdee", &signed));
    };
    let mut rule_case = || {
        black_box(rule_digest("kingdee", &secret, &signed));
    };
    let timed = time_together(run, &mut [&mut full_case, &mut digest_case, &mut rule_case]);
    let [full, digest, rule] = [timed[0], timed[1], timed[2]];
    report(&material, full, digest, signed.string_to_sign.len(), rule);
}

/// The catalog's example with its `price_entity` rows repeated to `rows`, ids 1..=rows.
fn material_document(example: &Value, rows: usize) -> Value {
    let mut doc = example.clone();
    let row = doc["price_entity"][0].clone();
    doc["price_entity"] = (1..=rows)
        .map(|i| {
            let mut r = row.clone();
            r["id"] = Value::from(i.to_string());
            r
        })
        .collect();
    doc
}

/// The digest alone over the same string-to-sign: the floor for each signer (on the
/// stack, no allocation).
fn bare_digest(name: &str, signed: &Signed) -> [u8; 32] {
    let data = black_box(signed.string_to_sign.as_bytes());
    let mut out = [0u8; 32];
    if name.contains("md5") {
        out[..16].copy_from_slice(&Md5::digest(data));
    } else {
        let mut mac = Hmac::<Sha256>::new_from_slice(b"0123456789abcdef").unwrap();
        mac.update(data);
        out.copy_from_slice(&mac.finalize().into_bytes());
    }
    out
}

/// The digest exactly as the vendor's rule computes it, and no more: MD5 over `secret + S +
/// secret` streamed (Taobao md5, 旺店通), or HMAC-SHA256 keyed with the secret over S. No
/// signer can cost less than this, so it is the floor the goal (≤ 3×) is measured against.
fn rule_digest(name: &str, secret: &str, signed: &Signed) -> [u8; 32] {
    let data = black_box(signed.string_to_sign.as_bytes());
    let secret = black_box(secret.as_bytes());
    let mut out = [0u8; 32];
    if name.contains("md5") {
        let mut md5 = Md5::new();
        md5.update(secret);
        md5.update(data);
        md5.update(secret);
        out[..16].copy_from_slice(&md5.finalize());
    } else {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap();
        mac.update(data);
        out.copy_from_slice(&mac.finalize().into_bytes());
    }
    out
}

/// A measurement: nanoseconds per call in the median round and in the fastest, and heap
/// allocations per call.
#[derive(Clone, Copy)]
struct PerCall {
    ns: f64,
    fastest: f64,
    allocs: f64,
}

/// Per call of each of `cases` (every vector's signer and its references at once), timed
/// together: in rounds of about a millisecond each, the cases one after another, for `run`
/// each in all. A case is compared with its
/// references, so they share the machine's moments: timed one after the other, a busy
/// second on a shared machine moved one figure and not the other. Each case's figure is
/// the median of its rounds (a round the scheduler interrupted is an outlier, not a
/// shift), and beside it the fastest round: what the code costs when nothing contends
/// for the core (contention only ever adds time, and it adds more to a signer's general
/// code than to a digest in the CPU's own instructions). Allocations come from a separate
/// counted pass (the clock's reads stay out).
fn time_together(run: Duration, cases: &mut [&mut dyn FnMut()]) -> Vec<PerCall> {
    let n = cases.len();
    const COUNTED: u64 = 64;
    const ROUND: Duration = Duration::from_millis(1);
    let mut allocs = vec![0.0; n];
    let mut batch = vec![1u64; n];
    for (i, f) in cases.iter_mut().enumerate() {
        for _ in 0..3 {
            f();
        }
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        for _ in 0..COUNTED {
            f();
        }
        allocs[i] = (ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / COUNTED as f64;
        // Calls per round: double until a batch takes a round's time.
        loop {
            let start = Instant::now();
            for _ in 0..batch[i] {
                f();
            }
            if start.elapsed() >= ROUND || batch[i] >= 1 << 20 {
                break;
            }
            batch[i] *= 2;
        }
    }
    let mut rounds: Vec<Vec<f64>> = vec![Vec::new(); n];
    let mut spent = Duration::ZERO;
    while spent < run * n as u32 || rounds[0].is_empty() {
        for (i, f) in cases.iter_mut().enumerate() {
            let start = Instant::now();
            for _ in 0..batch[i] {
                f();
            }
            let took = start.elapsed();
            spent += took;
            rounds[i].push(took.as_nanos() as f64 / batch[i] as f64);
        }
    }
    rounds
        .iter_mut()
        .zip(allocs)
        .map(|(r, allocs)| {
            r.sort_by(f64::total_cmp);
            PerCall {
                ns: r[r.len() / 2],
                fastest: r[0],
                allocs,
            }
        })
        .collect()
}

fn report(name: &str, sign: PerCall, digest: PerCall, sts_len: usize, rule: PerCall) {
    // Tab-separated for xtask (name, ns, digest ns, bytes, allocations, digest
    // allocations, rule digest ns, fastest round's ns, the rule digest's fastest round's
    // ns); readable on its own too.
    let (ns, digest_ns, rule_ns) = (sign.ns, digest.ns, rule.ns);
    let (fastest, rule_fastest) = (sign.fastest, rule.fastest);
    println!(
        "bench:\t{name}\t{ns:.0}\t{digest_ns:.0}\t{sts_len}\t{:.1}\t{:.1}\t{rule_ns:.0}\t{fastest:.0}\t{rule_fastest:.0}\t({:.0}/s, ×{:.1} the rule's digest of {rule_ns:.0} ns, ×{:.1} the bare digest of {digest_ns:.0} ns over {sts_len} bytes; fastest rounds ×{:.2}; {:.1} allocations a call)",
        sign.allocs,
        digest.allocs,
        1e9 / ns,
        ns / rule_ns,
        ns / digest_ns,
        fastest / rule_fastest,
        sign.allocs,
    );
}
