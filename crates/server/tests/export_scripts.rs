//! The exported Python and Node.js scripts, run for real against the mock vendors: they
//! must sign at run time and succeed for all seven requests and the custom ones, with the
//! credentials in the environment or (exported in Mock) the demo values written in.

mod support;

use std::process::Command;

use countersign_core::catalog::{self, Api};
use countersign_core::export::{script, ScriptCredentials, ScriptLanguage};
use countersign_core::Vendor;
use serde_json::Value;

fn credentials(vendor: Vendor) -> Value {
    catalog::vendor(vendor).demo_credentials()
}

/// The environment a user sets before running an exported script.
fn environment(vendor: Vendor) -> Vec<(&'static str, &'static str)> {
    match vendor {
        Vendor::Taobao => vec![
            ("TAOBAO_APP_KEY", "12345678"),
            ("TAOBAO_APP_SECRET", "helloworld"),
            ("TAOBAO_SESSION", "mock-session"),
        ],
        Vendor::Wdt => vec![
            ("WDT_SID", "mocksid"),
            ("WDT_APPKEY", "mockkey"),
            ("WDT_APPSECRET", "mocksecret:mocksalt"),
        ],
        Vendor::Kingdee => vec![
            ("KINGDEE_CLIENT_ID", "205022"),
            ("KINGDEE_CLIENT_SECRET", "0123456789abcdef0123456789abcdef"),
            ("KINGDEE_APP_KEY", "mockappkey"),
            ("KINGDEE_APP_SECRET", "mockappsecret"),
            ("KINGDEE_DOMAIN", "https://tf.jdy.com"),
        ],
    }
}

fn run_script(
    api: &Api,
    origin: &str,
    language: ScriptLanguage,
    from: ScriptCredentials,
) -> (u16, Value) {
    let options = countersign_core::BuildOptions {
        environment: Some("mock".into()),
        origin: Some(origin.into()),
        ..Default::default()
    };
    let request = catalog::build_request(
        api,
        api.example_document(),
        &credentials(api.vendor),
        Some(0),
        &options,
    )
    .unwrap_or_else(|e| panic!("{}: {e}", api.id));
    let text = script(&request, &api.id, language, from);
    let (program, ext) = match language {
        ScriptLanguage::Python => ("python3", "py"),
        ScriptLanguage::Node => ("node", "mjs"),
    };
    let dir = std::env::temp_dir().join(format!("countersign-scripts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{}.{ext}", api.id));
    std::fs::write(&file, &text).unwrap();
    let out = Command::new(program)
        .arg(&file)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        // With the demo values written in as defaults, nothing needs setting.
        .envs(match from {
            ScriptCredentials::Environment => environment(api.vendor),
            ScriptCredentials::DemoDefaults(_) => Vec::new(),
        })
        .output()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{} {program}: {}\n{stdout}",
        api.id,
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = stdout.trim_end().lines().collect();
    assert!(lines.len() >= 2, "{} {program} printed: {stdout}", api.id);
    let status = lines[lines.len() - 2].trim().parse().unwrap();
    let body = serde_json::from_str(lines[lines.len() - 1])
        .unwrap_or_else(|e| panic!("{}: {e}: {stdout}", api.id));
    (status, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exported_scripts_sign_at_run_time_and_succeed_against_the_mocks() {
    let server = support::start(support::config("")).await;
    let origin = format!("http://{}", server.addr);
    // The custom requests too: a script of a call the catalog does not describe.
    for api in catalog::all().iter().chain(catalog::customs()) {
        for language in [ScriptLanguage::Python, ScriptLanguage::Node] {
            for demo in [false, true] {
                let origin = origin.clone();
                let (status, body) = tokio::task::spawn_blocking(move || {
                    let values = credentials(api.vendor);
                    let from = match demo {
                        true => ScriptCredentials::DemoDefaults(values.as_object().unwrap()),
                        false => ScriptCredentials::Environment,
                    };
                    run_script(api, &origin, language, from)
                })
                .await
                .unwrap();
                let outcome = catalog::classify(api, Some(status), &body);
                assert!(
                    outcome.success,
                    "{} {language:?} (demo defaults: {demo}): {status} {body}",
                    api.id
                );
            }
        }
    }
}
