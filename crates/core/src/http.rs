//! One HTTP request type for everything core handles: what a signer sends
//! ([`crate::WireRequest`]), what a customer captured ([`crate::capture::Captured`]),
//! what the mocks received. Like reqsign's sensitive header values, it carries marks
//! on the parts that hold a secret (a session key, an app-token, an `app_signature`);
//! the signer sets them because it knows, a capture is marked by the name rules of
//! [`crate::export::redact`] in one place ([`HttpRequest::mark_secrets`]), and exports
//! redact by the marks.

use std::borrow::Cow;

use serde::Serialize;

use crate::encoding::parse_query;
use crate::export::redact::{is_secret_header, is_secret_param};

/// A header name or value: a signer's fixed names and values (`Content-Type`,
/// `application/json`) are borrowed for the program's life instead of copied into a new
/// String per request; what a request carries of its own is owned.
pub type Text = Cow<'static, str>;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct HttpRequest {
    /// Upper case; the common methods borrowed ([`method_text`]).
    pub method: Text,
    pub url: String,
    /// In the order they are sent (a signer's: the vendor SDK's order).
    pub headers: Vec<(Text, Text)>,
    pub body: String,
    /// Which headers and parameters carry a secret.
    #[serde(default, skip_serializing_if = "Sensitive::is_empty")]
    pub sensitive: Sensitive,
}

/// The names of the parts of a request whose values are secrets. A signer's are fixed
/// names, borrowed for the program's life (a list of its own was one allocation per
/// signature); names added later are owned.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Sensitive {
    /// Header names, compared without letter case.
    #[serde(default, skip_serializing_if = "no_names")]
    pub headers: Names,
    /// Query or form parameter names, decoded.
    #[serde(default, skip_serializing_if = "no_names")]
    pub params: Names,
}

/// A list of names, borrowed when fixed.
pub type Names = Cow<'static, [Text]>;

fn no_names(names: &Names) -> bool {
    names.is_empty()
}

impl Sensitive {
    /// Fixed names, as a signer marks them: no allocation.
    pub const fn fixed(headers: &'static [Text], params: &'static [Text]) -> Self {
        Self {
            headers: Cow::Borrowed(headers),
            params: Cow::Borrowed(params),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.headers.is_empty() && self.params.is_empty()
    }

    pub fn header(&mut self, name: impl Into<Text> + AsRef<str>) {
        if !self.has_header(name.as_ref()) {
            self.headers.to_mut().push(name.into());
        }
    }

    pub fn param(&mut self, name: impl Into<Text> + AsRef<str>) {
        if !self.has_param(name.as_ref()) {
            self.params.to_mut().push(name.into());
        }
    }

    pub fn has_header(&self, name: &str) -> bool {
        self.headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case(name.trim()))
    }

    pub fn has_param(&self, name: &str) -> bool {
        self.params.iter().any(|p| p == name)
    }
}

/// `method` in upper case, as a request carries it: the methods the vendors use borrowed
/// (a String per signature was one of Kingdee's allocations), any other one owned.
pub fn method_text(method: &str) -> Text {
    const COMMON: [&str; 7] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
    match COMMON.iter().find(|m| m.eq_ignore_ascii_case(method)) {
        Some(m) => Text::Borrowed(m),
        None => method.to_ascii_uppercase().into(),
    }
}

impl HttpRequest {
    /// A request marked by the name rules (see [`HttpRequest::mark_secrets`]).
    pub fn new(
        method: &str,
        url: impl Into<String>,
        headers: Vec<(Text, Text)>,
        body: impl Into<String>,
    ) -> Self {
        let mut request = Self {
            method: method_text(method),
            url: url.into(),
            headers,
            body: body.into(),
            sensitive: Sensitive::default(),
        };
        request.mark_secrets();
        request
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
    }

    /// The path without the scheme, host and query.
    pub fn path(&self) -> &str {
        url_path(&self.url)
    }

    /// The raw query string, as sent.
    pub fn raw_query(&self) -> &str {
        let before_fragment = self.url.split('#').next().unwrap_or("");
        before_fragment.split_once('?').map_or("", |(_, q)| q)
    }

    pub fn query(&self) -> Vec<(String, String)> {
        parse_query(self.raw_query())
    }

    /// Whether the Content-Type names a url-encoded form anywhere in it: the loose reading
    /// exports and redaction use, so a secret in an odd form is still found. (What a
    /// gateway reads as a form is the vendor reader's stricter rule.)
    pub fn has_form_body(&self) -> bool {
        self.header("content-type")
            .is_some_and(|c| c.to_ascii_lowercase().contains("x-www-form-urlencoded"))
    }

    /// Marks every header and parameter (query, form body) whose name the redaction
    /// rules call a secret: the one place those rules mark a request whose sender did
    /// not say. Marks already set are kept.
    pub fn mark_secrets(&mut self) {
        for (name, _) in &self.headers {
            if is_secret_header(name) {
                self.sensitive.header(name.clone());
            }
        }
        let form = self.has_form_body().then(|| parse_query(&self.body));
        for (name, _) in self.query().into_iter().chain(form.into_iter().flatten()) {
            if is_secret_param(&name) {
                self.sensitive.param(name);
            }
        }
    }

    /// The same request, marked by the name rules as well as by its sender.
    pub fn marked(&self) -> Self {
        let mut request = self.clone();
        request.mark_secrets();
        request
    }
}

/// The path of `url` without its scheme, host, query and fragment (`/` when it has none).
pub fn url_path(url: &str) -> &str {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path_and_query = without_scheme
        .find('/')
        .map_or("/", |i| &without_scheme[i..]);
    path_and_query.split(['?', '#']).next().unwrap_or("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_are_upper_case_and_the_common_ones_borrowed() {
        assert!(matches!(method_text("post"), Text::Borrowed("POST")));
        assert!(matches!(method_text("GET"), Text::Borrowed("GET")));
        assert_eq!(method_text("propfind"), "PROPFIND");
        assert!(matches!(method_text("propfind"), Text::Owned(_)));
    }
}
