//! Support tools: check a captured signature, history, export/import, share links.

pub mod check;
pub mod diff;
pub mod export;
pub mod history;
pub mod import;
pub mod share;
