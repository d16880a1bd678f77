//! The app's Content-Security-Policy, made from the `index.html` actually served: Trunk
//! writes the wasm loader as an inline module script, allowed by its hash rather than by
//! `'unsafe-inline'`, and a rebuilt app gets a new hash without a restart.

use countersign_core::digest::base64;
use sha2::{Digest, Sha256};

/// The policy for the app whose `index.html` is `index`; `relay_origins` are the other
/// relays the settings may point it at. Style *attributes* are allowed (Leptos views set
/// `style=` for widths and colours; an attribute cannot load or run anything), style
/// elements and sheets only from this origin.
pub fn policy(index: &str, relay_origins: &[String]) -> String {
    let scripts = inline_hashes(index, "script");
    let styles = inline_hashes(index, "style");
    let mut connect = String::from("'self'");
    for origin in relay_origins {
        connect.push(' ');
        connect.push_str(origin);
    }
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; \
         style-src 'self'{styles}; style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src {connect}; \
         object-src 'none'; worker-src 'none'; base-uri 'none'; form-action 'none'; \
         frame-ancestors 'none'"
    )
}

/// ` 'sha256-…'` for each inline `<tag>` (one without `src`) of `html`.
fn inline_hashes(html: &str, tag: &str) -> String {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let lower = html.to_ascii_lowercase();
    let mut out = String::new();
    let mut from = 0;
    while let Some(start) = lower[from..].find(&open).map(|i| i + from) {
        let Some(head_end) = lower[start..].find('>').map(|i| i + start + 1) else {
            break;
        };
        let Some(end) = lower[head_end..].find(&close).map(|i| i + head_end) else {
            break;
        };
        let head = &lower[start..head_end];
        // `<scripts…` is another tag; an external script has no inline body to hash.
        let named = head[open.len()..].starts_with([' ', '>', '\t', '\n', '\r', '/']);
        if named && !head.contains(" src=") {
            let hash = Sha256::digest(&html.as_bytes()[head_end..end]);
            out.push_str(&format!(" 'sha256-{}'", base64(&hash)));
        }
        from = end + close.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_inline_scripts_only() {
        let html = "<script src=\"/a.js\"></script><script type=\"module\">init()</script>";
        let p = policy(html, &["http://10.0.0.5:8080".into()]);
        // printf 'init()' | openssl dgst -sha256 -binary | base64
        let expected = base64(&Sha256::digest(b"init()"));
        assert!(p.contains(&format!("'sha256-{expected}'")), "{p}");
        assert_eq!(p.matches("sha256-").count(), 1, "{p}");
        assert!(
            p.contains("connect-src 'self' http://10.0.0.5:8080;"),
            "{p}"
        );
        assert!(p.contains("'wasm-unsafe-eval'") && p.contains("frame-ancestors 'none'"));
    }
}
