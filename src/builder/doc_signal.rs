//! The document as the app shares it: one signal for what reads the whole document (the
//! validator, the signature, the raw JSON, the drafts), and one trigger per path for the
//! form's controls, fired only by the edits that concern that path.
//!
//! Why: a memo that reads the document signal is woken by every change of it, and Leptos
//! then wakes every effect below that memo so each can check its sources. With a row memo
//! per row of a 100-row form, a keystroke in one field woke the ~5000 effects of the form's
//! 3000 controls (each a task in the microtask queue) before the signature panel could show
//! the new text. A control that follows a path's trigger sleeps through keystrokes elsewhere.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::document::{self, DocState, Path};

/// Every write goes through [`DocSignal::update`], which then fires the triggers of the
/// paths the edit concerns: no write can forget them.
#[derive(Clone, Copy)]
pub struct DocSignal {
    state: RwSignal<DocState>,
    readers: StoredValue<Readers>,
}

#[derive(Default)]
struct Readers {
    /// The document's revision the triggers have been told about.
    told: u64,
    /// The paths some control reads, with how many read each.
    paths: BTreeMap<Path, (usize, ArcTrigger)>,
}

impl DocSignal {
    pub fn new(doc: DocState) -> Self {
        let told = doc.rev();
        Self {
            state: RwSignal::new(doc),
            readers: StoredValue::new(Readers {
                told,
                paths: BTreeMap::new(),
            }),
        }
    }

    /// Reads the whole document, tracked: any change of it re-runs the caller.
    pub fn with<R>(&self, f: impl FnOnce(&DocState) -> R) -> R {
        self.state.with(f)
    }

    pub fn with_untracked<R>(&self, f: impl FnOnce(&DocState) -> R) -> R {
        self.state.with_untracked(f)
    }

    pub fn track(&self) {
        self.state.track();
    }

    /// Changes the document; then the triggers of the paths it concerns fire.
    pub fn update(&self, f: impl FnOnce(&mut DocState)) {
        self.state.update(f);
        let fire = self.state.with_untracked(|d| {
            self.readers.try_update_value(|r| {
                let since = std::mem::replace(&mut r.told, d.rev());
                let mut fire: Vec<ArcTrigger> = Vec::new();
                match d.edits_since(since) {
                    None => fire.extend(r.paths.values().map(|(_, t)| t.clone())),
                    Some(edits) => {
                        for edited in edits {
                            for (_, t) in document::related_in(&r.paths, edited) {
                                fire.push(t.clone());
                            }
                        }
                    }
                }
                fire
            })
        });
        // Outside the store's borrow: a woken control may register another path.
        for t in fire.into_iter().flatten() {
            t.notify();
        }
    }

    /// A memo of `read(document, path)`, re-run only when the value at `path` may have
    /// changed: it follows [`DocSignal::watch`] and reads the document untracked (a tracked
    /// read would wake it on every keystroke again).
    pub fn memo_at<T: PartialEq + Send + Sync + 'static>(
        &self,
        path: Path,
        read: impl Fn(&serde_json::Value, &Path) -> T + Send + Sync + 'static,
    ) -> Memo<T> {
        let edited = self.watch(&path);
        let doc = *self;
        Memo::new(move |_| {
            edited.track();
            doc.with_untracked(|d| read(&d.doc, &path))
        })
    }

    /// A trigger that fires when the value at `path` may have changed (an edit at it,
    /// inside it or of a container on the way, or a change of the whole document), for as
    /// long as the calling view lives. Read the value with `with_untracked`.
    fn watch(&self, path: &Path) -> ArcTrigger {
        let trigger = self.readers.try_update_value(|r| {
            let slot = r
                .paths
                .entry(path.clone())
                .or_insert_with(|| (0, ArcTrigger::new()));
            slot.0 += 1;
            slot.1.clone()
        });
        let readers = self.readers;
        let path = path.clone();
        on_cleanup(move || {
            readers.try_update_value(|r| {
                if let Some(slot) = r.paths.get_mut(&path) {
                    slot.0 -= 1;
                    if slot.0 == 0 {
                        r.paths.remove(&path);
                    }
                }
            });
        });
        trigger.unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::document::{get, parse_path, set};
    use serde_json::{json, Value};
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
    use std::sync::Arc;

    /// A memo of the value at `path` as the form makes them, counting its runs.
    fn reader(doc: DocSignal, path: &str) -> (Memo<Option<Value>>, Arc<AtomicUsize>) {
        let path = parse_path(path);
        let runs = Arc::new(AtomicUsize::new(0));
        let edited = doc.watch(&path);
        let counted = runs.clone();
        let memo = Memo::new(move |_| {
            edited.track();
            counted.fetch_add(1, Relaxed);
            doc.with_untracked(|d| get(&d.doc, &path).cloned())
        });
        (memo, runs)
    }

    #[test]
    fn an_edit_wakes_the_readers_of_its_path_only() {
        let owner = Owner::new();
        owner.with(|| {
            let doc = DocSignal::new(DocState::new(
                json!({"name": "a", "rows": [{"x": 1}, {"x": 2}]}),
            ));
            let paths = ["name", "rows", "rows[0]", "rows[1]", "rows[1].x", "other"];
            let readers: Vec<_> = paths.iter().map(|p| reader(doc, p)).collect();
            let runs = || -> Vec<usize> {
                readers
                    .iter()
                    .map(|(m, n)| {
                        m.get();
                        n.load(Relaxed)
                    })
                    .collect()
            };
            assert_eq!(runs(), [1, 1, 1, 1, 1, 1]);

            let edit = |at: &str, v: Value| {
                let at = parse_path(at);
                doc.update(|d| d.edit_at(&at, |doc| set(doc, &at, v)));
            };
            edit("name", json!("ab"));
            assert_eq!(runs(), [2, 1, 1, 1, 1, 1], "a keystroke in `name`");
            assert_eq!(readers[0].0.get(), Some(json!("ab")));
            edit("rows[1].x", json!(3));
            assert_eq!(
                runs(),
                [2, 2, 1, 2, 2, 1],
                "the list and the row holding it, and the field"
            );
            assert_eq!(readers[3].0.get(), Some(json!({"x": 3})));
            edit("rows", json!([]));
            assert_eq!(runs(), [2, 3, 2, 3, 3, 1], "everything inside the list");

            // Text that does not parse changes nothing; text that does, everything.
            doc.update(|d| d.edit_raw("{".into()));
            assert_eq!(runs(), [2, 3, 2, 3, 3, 1]);
            doc.update(|d| d.edit_raw(r#"{"other": 1}"#.into()));
            assert_eq!(runs(), [3, 4, 3, 4, 4, 2]);
            assert_eq!(readers[5].0.get(), Some(json!(1)));
            doc.update(|d| d.replace(json!({})));
            assert_eq!(runs(), [4, 5, 4, 5, 5, 3]);
        });
    }

    #[test]
    fn a_path_is_watched_while_a_view_reading_it_lives() {
        let owner = Owner::new();
        owner.with(|| {
            let doc = DocSignal::new(DocState::default());
            let watched = |p: &str| {
                doc.readers
                    .with_value(|r| r.paths.get(&parse_path(p)).map(|(n, _)| *n))
            };
            let (row_a, row_b) = (Owner::new(), Owner::new());
            row_a.with(|| doc.watch(&parse_path("rows[0]")));
            row_b.with(|| doc.watch(&parse_path("rows[0]")));
            assert_eq!(watched("rows[0]"), Some(2));
            row_a.cleanup();
            assert_eq!(watched("rows[0]"), Some(1));
            row_b.cleanup();
            assert_eq!(watched("rows[0]"), None);
        });
    }
}
