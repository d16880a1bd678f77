//! `countersign import-doc` as scripts use it: a page on stdin, the entry as pretty JSON
//! on stdout, what was inferred or ignored on stderr; a page that is not an API page is
//! refused with a non-zero exit and a message naming what is missing.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_countersign");

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the countersign binary runs");
    // A refused argument exits before reading stdin: a broken pipe is not the test's failure.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures/import_doc")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn prints_the_entry_and_the_notes() {
    let out = run(&["import-doc"], &fixture("kingdee-entry-save.md"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "stderr: {stderr}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().count() > 10, "pretty JSON: {text}");
    let entry: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(entry["vendor"], "kingdee");
    assert_eq!(entry["path"], "/jdy/v2/scm/assembly_demo");
    assert_eq!(entry["params"][0]["name"], "bill_date");
    assert_eq!(entry["params"][0]["type"], "date");
    // The entry is a catalog file: it parses as one.
    serde_json::from_value::<countersign_core::catalog::Api>(entry).unwrap();
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("inferred: bill_date: ")),
        "{stderr}"
    );
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("ignored: auto_audit: ")),
        "{stderr}"
    );
}

#[test]
fn the_vendor_can_be_given() {
    let page = fixture("wdt-goods-push-copy.txt");
    let out = run(&["import-doc", "--vendor", "wdt"], &page);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let entry: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(entry["method"], "goods.Goods.push2");
    assert_eq!(
        entry["positional"],
        serde_json::json!(["goodsInfo", "specInfoList"])
    );

    let out = run(&["import-doc", "--vendor", "jd"], &page);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("jd") && err.contains("taobao"), "{err}");
}

#[test]
fn a_page_that_is_not_an_api_page_fails_with_what_is_missing() {
    for (page, args, wanted) in [
        (
            "not-an-api.md",
            vec!["import-doc"],
            "Not a Taobao, Wangdiantong or Kingdee API page",
        ),
        (
            "not-an-api.md",
            vec!["import-doc", "--vendor", "kingdee"],
            "no request path found",
        ),
        (
            "wdt-no-table.md",
            vec!["import-doc"],
            "no request parameter table found",
        ),
    ] {
        let out = run(&args, &fixture(page));
        assert!(!out.status.success(), "{page}");
        assert!(
            out.stdout.is_empty(),
            "{page}: nothing half-parsed on stdout"
        );
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with("countersign: "), "{err}");
        assert!(err.contains(wanted), "{page}: {err}");
    }
    let out = run(&["import-doc"], "");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty"));
}
