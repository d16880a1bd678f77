//! The relay asks upstreams for `identity`; one that compresses anyway is decoded here,
//! within the response limit, so the browser never inflates more than the limit allows.

use std::io::Read;

use axum::http::{header, Response};
use bytes::Bytes;
use flate2::read::{DeflateDecoder, GzDecoder, ZlibDecoder};

use super::errors::RelayError;

/// Decodes a gzip/deflate body (at most `limit` bytes out) and drops `Content-Encoding`;
/// refuses encodings it cannot bound.
pub fn decode(response: Response<Bytes>, limit: usize) -> Result<Response<Bytes>, RelayError> {
    let Some(encoding) = response.headers().get(header::CONTENT_ENCODING) else {
        return Ok(response);
    };
    let encoding = encoding
        .to_str()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let (mut parts, body) = response.into_parts();
    parts.headers.remove(header::CONTENT_ENCODING);
    let body: &[u8] = &body;
    let decoded = match encoding.as_str() {
        "" | "identity" => return Ok(Response::from_parts(parts, Bytes::copy_from_slice(body))),
        "gzip" | "x-gzip" => bounded(GzDecoder::new(body), limit)?,
        // `deflate` is zlib-wrapped by the spec and raw by some servers.
        "deflate" => match bounded(ZlibDecoder::new(body), limit) {
            Err(RelayError::UpstreamProtocol(_)) => bounded(DeflateDecoder::new(body), limit)?,
            other => other?,
        },
        other => {
            return Err(RelayError::UpstreamProtocol(format!(
                "the upstream answered with Content-Encoding `{}` although the relay asked for identity",
                other.chars().filter(|c| c.is_ascii_graphic()).take(40).collect::<String>()
            )))
        }
    };
    Ok(Response::from_parts(parts, decoded))
}

fn bounded(reader: impl Read, limit: usize) -> Result<Bytes, RelayError> {
    let mut out = Vec::new();
    reader
        .take(limit as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| RelayError::UpstreamProtocol(format!("cannot decode the body: {e}")))?;
    if out.len() > limit {
        return Err(RelayError::ResponseTooLarge { limit });
    }
    Ok(out.into())
}
