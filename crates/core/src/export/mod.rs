//! A signed request, exported: a cURL command, a HAR 1.2 entry, or a script that signs
//! it anew each time it runs.

mod har;
pub mod redact;
mod script;

pub use har::{har_entry, har_log, HarResponse};
pub use script::{script, ScriptCredentials, ScriptLanguage};

use crate::capture::shell_quote;
use crate::WireRequest;

/// A cURL command that runs as is in a POSIX shell, one option per line.
pub fn curl(wire: &WireRequest) -> String {
    let mut lines = vec![format!(
        "curl -X {} {}",
        wire.method,
        shell_quote(&wire.url)
    )];
    for (name, value) in &wire.headers {
        lines.push(format!("-H {}", shell_quote(&format!("{name}: {value}"))));
    }
    if !wire.body.is_empty() {
        lines.push(format!("--data-raw {}", shell_quote(&wire.body)));
    }
    lines.join(" \\\n  ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture;

    #[test]
    fn curl_round_trips_through_the_capture_parser() {
        let wire = WireRequest {
            method: "POST".into(),
            url: "https://eco.taobao.com/router/rest?a=1&b=x+y".into(),
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: r#"[{"remark":"it's 盘点 $HOME `x`"}]"#.into(),
            ..Default::default()
        };
        let parsed = capture::parse(&curl(&wire)).unwrap();
        assert_eq!(parsed.method, wire.method);
        assert_eq!(parsed.url, wire.url);
        assert_eq!(parsed.headers, wire.headers);
        assert_eq!(parsed.body, wire.body);
    }
}
