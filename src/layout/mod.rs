//! The workbench's layout, remembered per browser: the form / signature split, whether the
//! signature panel is collapsed to its summary line, and the form filter (required only,
//! field search) of big forms. Kept apart from the drafts and preferences on purpose: it is
//! how the screen is arranged, not what is being built.
//!
//! The layout feature: this arrangement state, the top bar (`header`) and the address that
//! names what is on screen (`route`). The shell that puts the columns together is `app.rs`.

pub mod header;
pub mod route;

use std::collections::HashSet;

use countersign_core::catalog::Field;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::platform::storage;
use crate::state::AppState;

pub const LAYOUT_KEY: &str = "countersign.layout.v1";

/// Opens the API search (Ctrl/⌘+K), over the page in presenter mode: the shell's, given to
/// the top bar's API list button, which presenter mode shows in place of the sidebar.
#[derive(Clone, Copy)]
pub struct OpenSearch(pub Callback<()>);

/// The signature panel's smallest height when dragged, in px (the CSS keeps room for the form).
pub const PANEL_MIN_PX: f64 = 96.0;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Saved {
    /// The signature panel's height in px; `None` until the user drags the split.
    pub panel_px: Option<f64>,
    pub panel_collapsed: bool,
    pub required_only: bool,
}

#[derive(Clone, Copy)]
pub struct Layout {
    pub panel_px: RwSignal<Option<f64>>,
    pub panel_collapsed: RwSignal<bool>,
    pub required_only: RwSignal<bool>,
    /// The field search; not remembered (an old search hiding fields would surprise).
    pub query: RwSignal<String>,
    /// The catalog fields the filter shows, by address (`None`: no filter, all shown).
    pub visible: Memo<Option<HashSet<usize>>>,
}

impl Layout {
    pub fn new(s: AppState) -> Self {
        let saved: Saved = storage::load(LAYOUT_KEY).unwrap_or_default();
        let panel_px = RwSignal::new(saved.panel_px);
        let panel_collapsed = RwSignal::new(saved.panel_collapsed);
        let required_only = RwSignal::new(saved.required_only);
        let query = RwSignal::new(String::new());
        let visible = Memo::new(move |_| {
            let api = s.api.get()?;
            let q = query.with(|q| q.trim().to_lowercase());
            let req = required_only.get();
            if q.is_empty() && !req {
                return None;
            }
            let mut out = HashSet::new();
            for f in &api.params {
                walk(f, &q, req, false, &mut out);
            }
            Some(out)
        });
        Effect::new(move |_| {
            storage::save(
                LAYOUT_KEY,
                &Saved {
                    panel_px: panel_px.get(),
                    panel_collapsed: panel_collapsed.get(),
                    required_only: required_only.get(),
                },
            );
        });
        Self {
            panel_px,
            panel_collapsed,
            required_only,
            query,
            visible,
        }
    }

    /// Whether the filter hides this field.
    pub fn hides(&self, field: &'static Field) -> bool {
        let key = key(field);
        self.visible
            .with(|v| v.as_ref().is_some_and(|set| !set.contains(&key)))
    }
}

fn key(field: &Field) -> usize {
    field as *const Field as usize
}

/// Whether `field`'s own name, label or description holds the query (both languages).
fn matches(field: &Field, q: &str) -> bool {
    let has = |s: &str| s.to_lowercase().contains(q);
    has(&field.name)
        || has(&field.description.zh)
        || has(&field.description.en)
        || field
            .label
            .as_ref()
            .is_some_and(|l| has(&l.zh) || has(&l.en))
}

/// Marks what stays visible below `field`; returns whether `field` itself does. A field is
/// shown when it (or something below it) matches, and everything below a match is shown;
/// "required only" keeps required fields only.
fn walk(
    field: &Field,
    q: &str,
    required_only: bool,
    parent_matched: bool,
    out: &mut HashSet<usize>,
) -> bool {
    if required_only && !field.required && !field.name.is_empty() {
        return false;
    }
    let me = parent_matched || q.is_empty() || matches(field, q);
    let mut below = false;
    let children = field
        .fields
        .iter()
        .chain(field.items.iter().flat_map(|i| i.fields.iter()));
    for c in children {
        below |= walk(c, q, required_only, me, out);
    }
    let shown = me || below;
    if shown {
        out.insert(key(field));
    }
    shown
}

/// Every node of a form, for "is this form big enough to need a filter".
pub fn field_count(fields: &[Field]) -> usize {
    fields
        .iter()
        .map(|f| {
            1 + field_count(&f.fields) + f.items.as_deref().map_or(0, |i| field_count(&i.fields))
        })
        .sum()
}

pub fn use_layout() -> Layout {
    expect_context::<Layout>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use countersign_core::catalog;

    fn shown(q: &str, required_only: bool) -> Vec<String> {
        let api = catalog::find("kingdee.material.save").unwrap();
        let mut out = HashSet::new();
        for f in &api.params {
            walk(f, &q.to_lowercase(), required_only, false, &mut out);
        }
        api.params
            .iter()
            .filter(|f| out.contains(&key(f)))
            .map(|f| f.name.clone())
            .collect()
    }

    #[test]
    fn required_only_keeps_the_required_top_level_fields() {
        let mut got = shown("", true);
        got.sort();
        assert_eq!(got, ["base_unit_id", "name"]);
    }

    #[test]
    fn search_keeps_matches_and_their_parents() {
        let got = shown("barcode_remark", false);
        assert_eq!(got, ["barcode_entity"], "{got:?}");
        assert!(shown("BARCODE", false).contains(&"barcode".to_string()));
    }
}
