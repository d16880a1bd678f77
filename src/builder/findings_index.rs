//! The validator's findings grouped by path, with one signal per path a control shows.
//! When the findings change, only the controls whose own messages changed hear of it:
//! the ~3000 controls of a 100-row document no longer each filter the whole list.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use countersign_core::catalog::{Finding, FindingCode};
use leptos::prelude::*;

/// The findings of one path, in the validator's order.
pub type Group = Vec<Finding>;

#[derive(Default)]
struct Inner {
    /// The findings per path as of the last run. Unknown keys are left out: they have no
    /// control of their own (the builder lists them above the form).
    groups: HashMap<String, Group>,
    /// The paths some control shows, with how many controls show each.
    watched: HashMap<String, (usize, ArcRwSignal<Group>)>,
}

#[derive(Clone, Copy)]
pub struct FindingsIndex(StoredValue<Inner>);

impl FindingsIndex {
    /// Follows `findings`; to be made once, under the app's owner.
    pub fn new(findings: Memo<Vec<Finding>>) -> Self {
        let index = Self(StoredValue::new(Inner::default()));
        Effect::new(move |_| findings.with(|f| index.regroup(f)));
        index
    }

    /// The findings at exactly `path`, for as long as the calling view lives.
    pub fn at(&self, path: String) -> ArcRwSignal<Group> {
        let signal = self.0.try_update_value(|inner| {
            let now = inner.groups.get(&path).cloned().unwrap_or_default();
            let slot = inner
                .watched
                .entry(path.clone())
                .or_insert_with(|| (0, ArcRwSignal::new(now)));
            slot.0 += 1;
            slot.1.clone()
        });
        let store = self.0;
        on_cleanup(move || {
            store.try_update_value(|inner| {
                if let Entry::Occupied(mut e) = inner.watched.entry(path) {
                    e.get_mut().0 -= 1;
                    if e.get().0 == 0 {
                        e.remove();
                    }
                }
            });
        });
        signal.unwrap_or_else(|| ArcRwSignal::new(Vec::new()))
    }

    /// Regroups and tells the watched paths whose findings changed; the work is in the
    /// number of findings, not of controls.
    fn regroup(&self, findings: &[Finding]) {
        let groups = group(findings);
        let changed = self.0.try_update_value(|inner| {
            let mut changed = Vec::new();
            let paths = groups
                .keys()
                .chain(inner.groups.keys().filter(|p| !groups.contains_key(*p)));
            for path in paths {
                let (now, before) = (groups.get(path), inner.groups.get(path));
                if now != before {
                    if let Some((_, signal)) = inner.watched.get(path) {
                        changed.push((signal.clone(), now.cloned().unwrap_or_default()));
                    }
                }
            }
            inner.groups = groups;
            changed
        });
        // Set outside the store's borrow: a control may re-render (and register) at once.
        for (signal, group) in changed.into_iter().flatten() {
            signal.set(group);
        }
    }
}

fn group(findings: &[Finding]) -> HashMap<String, Group> {
    let mut groups: HashMap<String, Group> = HashMap::new();
    for f in findings
        .iter()
        .filter(|f| f.code != FindingCode::UnknownField)
    {
        groups.entry(f.path.clone()).or_default().push(f.clone());
        // A list of scalars (`ids`) is one text box with no control per item: its items'
        // findings are also kept under `ids[]`, which that box shows.
        if let Some(list) = item_list(&f.path) {
            groups.entry(items_key(list)).or_default().push(f.clone());
        }
    }
    groups
}

/// The key a list of scalars `ids` shows its items' findings under: `ids[]`.
pub fn items_key(list: &str) -> String {
    format!("{list}[]")
}

/// The list `ids` of an item's path `ids[2]` (the path ends at the index), else none; its
/// items' findings are grouped under `ids[]`.
pub fn item_list(path: &str) -> Option<&str> {
    let open = path.strip_suffix(']')?.rfind('[')?;
    let index = &path[open + 1..path.len() - 1];
    (!index.is_empty() && index.bytes().all(|b| b.is_ascii_digit())).then(|| &path[..open])
}

#[cfg(test)]
mod tests {
    use super::group;
    use countersign_core::catalog::{self, FindingCode};
    use serde_json::json;

    #[test]
    fn findings_are_grouped_by_path_without_unknown_keys() {
        let api = catalog::find("kingdee.material.save").expect("material");
        let doc = json!({"price_entity": [{"price_retail_price": "x"}, {}], "nope": 1});
        let findings = catalog::validate(api, &doc);
        let groups = group(&findings);
        assert!(findings.iter().any(|f| f.code == FindingCode::UnknownField));
        for f in &findings {
            let here = groups.get(&f.path).map_or(0, Vec::len);
            let expected = findings
                .iter()
                .filter(|x| x.path == f.path && x.code != FindingCode::UnknownField)
                .count();
            assert_eq!(here, expected, "{}", f.path);
        }
        assert!(!groups.contains_key("nope"));
    }

    #[test]
    fn a_scalar_lists_items_are_grouped_under_the_list_too() {
        assert_eq!(super::item_list("type_list[1]"), Some("type_list"));
        assert_eq!(super::item_list("a.b[12]"), Some("a.b"));
        assert_eq!(super::item_list("rows[0].qty"), None);
        assert_eq!(super::item_list("rows[]"), None);
        assert_eq!(super::item_list("plain"), None);
        // Grouped under its own path and its list's `[]` key.
        let f = |path: &str| countersign_core::catalog::Finding {
            path: path.into(),
            severity: countersign_core::catalog::Severity::Error,
            code: FindingCode::Type,
            source: Default::default(),
            message_zh: String::new(),
            message_en: String::new(),
        };
        let groups = group(&[f("type_list[1]"), f("rows[0].qty")]);
        assert_eq!(groups["type_list[]"].len(), 1);
        assert_eq!(groups["type_list[1]"].len(), 1);
        assert!(!groups.contains_key("rows[]"));
    }
}
