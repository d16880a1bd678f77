//! Support tools: check a captured signature, history, export/import, share links.

pub mod diff;
pub mod history;
