//! Saved requests: named builder states (API, environment, document, options with pins)
//! grouped in collections, kept in localStorage and exchanged as one JSON file.
//! Pure and tested natively. A saved state goes through the share-link rules first
//! (`support::share::share_state`): only known options, secret-looking document fields
//! redacted, so credentials never land in the store or in an exported file.

use countersign_core::catalog;
use countersign_core::share::ShareState;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::exchange::share::share_state;
use crate::i18n::{fill, Lang, T};

pub const STORAGE_KEY: &str = "countersign.saved.v1";
/// The marker of an exported file, so a random JSON file is refused with a clear cause.
pub const FILE_FORMAT: &str = "countersign.saved";
pub const FILE_VERSION: u64 = 1;
/// Longest name kept; longer names are cut (a name is a label, not a document).
pub const NAME_MAX: usize = 120;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedRequest {
    pub id: u64,
    pub name: String,
    pub state: ShareState,
    /// Unix ms of the last save.
    #[serde(default)]
    pub saved_ms: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Collection {
    pub id: u64,
    pub name: String,
    #[serde(default)]
    pub requests: Vec<SavedRequest>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Store {
    #[serde(default)]
    pub collections: Vec<Collection>,
}

/// Where a save goes.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    Existing(u64),
    New(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
}

/// Why a store edit was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum EditError {
    EmptyName,
    /// The save dialog has two names: which of them is empty is said.
    EmptyRequestName,
    EmptyCollectionName,
    NoSuchCollection,
}

impl EditError {
    pub fn message(&self, l: Lang) -> String {
        match self {
            Self::EmptyName => T::SavedNameEmpty.get(l).into(),
            Self::EmptyRequestName => T::SavedRequestNameEmpty.get(l).into(),
            Self::EmptyCollectionName => T::SavedCollectionNameEmpty.get(l).into(),
            Self::NoSuchCollection => T::SavedNoCollection.get(l).into(),
        }
    }
}

/// Why an imported file was refused; nothing of it is taken then.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportError {
    /// Not JSON at all: where serde_json stopped, and its message.
    NotJson {
        line: usize,
        column: usize,
        message: String,
    },
    /// JSON, but not a countersign collections file.
    NotCollections,
    Version(u64),
    /// `collections[i]`: what is wrong with it.
    Collection {
        index: usize,
        cause: String,
    },
    /// `collections[c].requests[r]`: what is wrong with it.
    Request {
        collection: usize,
        index: usize,
        cause: String,
    },
    Empty,
}

impl ImportError {
    pub fn message(&self, l: Lang) -> String {
        match self {
            Self::NotJson {
                line,
                column,
                message,
            } => {
                let at = fill(
                    T::JsonLineCol.get(l),
                    &[("line", &line.to_string()), ("column", &column.to_string())],
                );
                let reason = countersign_core::json_at::reason(message, l);
                fill(
                    T::SavedImportNotJson.get(l),
                    &[("msg", &format!("{at} · {reason}"))],
                )
            }
            Self::NotCollections => T::SavedImportNotOurs.get(l).into(),
            Self::Version(v) => fill(T::SavedImportVersion.get(l), &[("v", &v.to_string())]),
            Self::Collection { index, cause } => fill(
                T::SavedImportBadCollection.get(l),
                &[("n", &(index + 1).to_string()), ("msg", cause)],
            ),
            Self::Request {
                collection,
                index,
                cause,
            } => fill(
                T::SavedImportBadRequest.get(l),
                &[
                    ("c", &(collection + 1).to_string()),
                    ("n", &(index + 1).to_string()),
                    ("msg", cause),
                ],
            ),
            Self::Empty => T::SavedImportEmpty.get(l).into(),
        }
    }
}

/// The exported file: a marker, a version and the collections.
#[derive(Serialize)]
struct FileOut<'a> {
    format: &'a str,
    version: u64,
    collections: &'a [Collection],
}

/// A name as stored: trimmed, inner whitespace runs kept, cut at [`NAME_MAX`] chars.
pub fn clean_name(name: &str) -> Result<String, EditError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(EditError::EmptyName);
    }
    Ok(name.chars().take(NAME_MAX).collect())
}

/// The state as it may be stored: the share-link rules (no secrets, known options only).
pub fn storable(state: &ShareState) -> ShareState {
    let mut out = share_state(
        &state.api,
        &state.environment,
        &state.document,
        &state.options,
    );
    out.definition = state.definition.clone();
    out
}

impl Store {
    fn next_id(&self) -> u64 {
        self.collections
            .iter()
            .flat_map(|c| std::iter::once(c.id).chain(c.requests.iter().map(|r| r.id)))
            .max()
            .unwrap_or(0)
            + 1
    }

    pub fn collection(&self, id: u64) -> Option<&Collection> {
        self.collections.iter().find(|c| c.id == id)
    }

    pub fn request(&self, id: u64) -> Option<&SavedRequest> {
        self.collections
            .iter()
            .flat_map(|c| c.requests.iter())
            .find(|r| r.id == id)
    }

    pub fn is_empty(&self) -> bool {
        self.collections.is_empty()
    }

    /// Saves `state` as `name` at the end of `target` (a new collection is created).
    /// Returns the request's id.
    pub fn save(
        &mut self,
        target: Target,
        name: &str,
        state: &ShareState,
        now_ms: f64,
    ) -> Result<u64, EditError> {
        let name = clean_name(name).map_err(|_| EditError::EmptyRequestName)?;
        let coll_id = match target {
            Target::Existing(id) => {
                self.collection(id).ok_or(EditError::NoSuchCollection)?;
                id
            }
            Target::New(cname) => {
                let cname = clean_name(&cname).map_err(|_| EditError::EmptyCollectionName)?;
                let id = self.next_id();
                self.collections.push(Collection {
                    id,
                    name: cname,
                    requests: Vec::new(),
                });
                id
            }
        };
        let id = self.next_id();
        let saved = SavedRequest {
            id,
            name,
            state: storable(state),
            saved_ms: now_ms,
        };
        if let Some(c) = self.collections.iter_mut().find(|c| c.id == coll_id) {
            c.requests.push(saved);
        }
        Ok(id)
    }

    /// Replaces a saved request's state (keeps its name and place).
    pub fn update(&mut self, id: u64, state: &ShareState, now_ms: f64) -> bool {
        let found = self
            .collections
            .iter_mut()
            .flat_map(|c| c.requests.iter_mut())
            .find(|r| r.id == id);
        match found {
            Some(r) => {
                r.state = storable(state);
                r.saved_ms = now_ms;
                true
            }
            None => false,
        }
    }

    /// Whether `state` (a builder's, secrets and all) is saved request `id` edited: the same
    /// API with another document, environment or options, as they would be stored (secret
    /// fields are never stored, so typing one is no edit). `None` when `id` is gone or
    /// `state` shows another API: the tab no longer shows that saved request.
    pub fn edited(&self, id: u64, state: &ShareState) -> Option<bool> {
        let saved = &self.request(id)?.state;
        if saved.api != state.api {
            return None;
        }
        let now = storable(state);
        Some(
            now.environment != saved.environment
                || now.document != saved.document
                || now.options != saved.options,
        )
    }

    /// Renames a collection or a request (ids are unique across both).
    pub fn rename(&mut self, id: u64, name: &str) -> Result<(), EditError> {
        let name = clean_name(name)?;
        for c in &mut self.collections {
            if c.id == id {
                c.name = name;
                return Ok(());
            }
            if let Some(r) = c.requests.iter_mut().find(|r| r.id == id) {
                r.name = name;
                return Ok(());
            }
        }
        Err(EditError::NoSuchCollection)
    }

    /// Moves a collection or a request one place up or down; false at an end.
    pub fn move_item(&mut self, id: u64, dir: Move) -> bool {
        fn shift<X>(list: &mut [X], at: usize, dir: Move) -> bool {
            let to = match dir {
                Move::Up if at > 0 => at - 1,
                Move::Down if at + 1 < list.len() => at + 1,
                _ => return false,
            };
            list.swap(at, to);
            true
        }
        if let Some(at) = self.collections.iter().position(|c| c.id == id) {
            return shift(&mut self.collections, at, dir);
        }
        for c in &mut self.collections {
            if let Some(at) = c.requests.iter().position(|r| r.id == id) {
                return shift(&mut c.requests, at, dir);
            }
        }
        false
    }

    /// Deletes a collection (with its requests) or a request; false when not found.
    pub fn delete(&mut self, id: u64) -> bool {
        let before = self.collections.len();
        self.collections.retain(|c| c.id != id);
        if self.collections.len() != before {
            return true;
        }
        for c in &mut self.collections {
            let n = c.requests.len();
            c.requests.retain(|r| r.id != id);
            if c.requests.len() != n {
                return true;
            }
        }
        false
    }

    /// The whole store as one file.
    pub fn export(&self) -> String {
        serde_json::to_string_pretty(&FileOut {
            format: FILE_FORMAT,
            version: FILE_VERSION,
            collections: &self.collections,
        })
        .unwrap_or_default()
    }

    /// Adds the collections of an exported file, with fresh ids, after the ones here.
    /// The whole file is checked first: on any error nothing is added. Returns how many
    /// collections and requests were added.
    pub fn import(&mut self, text: &str) -> Result<Imported, ImportError> {
        let incoming = parse_file(text)?;
        let mut next = self.next_id();
        let mut out = Imported::default();
        for c in incoming {
            // A collection of the same name is the same one, exported and brought back
            // (or from a colleague): its requests join it, and one already in it (same
            // name, same state) is not added twice.
            let at = match self.collections.iter().position(|e| e.name == c.name) {
                Some(at) => at,
                None => {
                    self.collections.push(Collection {
                        id: next,
                        name: c.name,
                        requests: Vec::new(),
                    });
                    next += 1;
                    out.collections += 1;
                    self.collections.len() - 1
                }
            };
            let target = &mut self.collections[at];
            for mut r in c.requests {
                if target
                    .requests
                    .iter()
                    .any(|e| e.name == r.name && e.state == r.state)
                {
                    out.already += 1;
                    continue;
                }
                r.id = next;
                next += 1;
                out.requests += 1;
                target.requests.push(r);
            }
        }
        Ok(out)
    }
}

/// What an import added, and what it found already here.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// New collections (a file's collection of an existing name joins that one).
    pub collections: usize,
    pub requests: usize,
    /// Requests skipped because the same one is already in its collection.
    pub already: usize,
}

impl Imported {
    pub fn message(&self, l: Lang) -> String {
        let n = |v: usize| v.to_string();
        let text = if self.collections + self.requests == 0 {
            T::SavedImportedNothing.get(l)
        } else if self.already > 0 {
            T::SavedImportedSome.get(l)
        } else {
            T::SavedImported.get(l)
        };
        fill(
            text,
            &[
                ("c", &n(self.collections)),
                ("n", &n(self.requests)),
                ("k", &n(self.already)),
            ],
        )
    }
}

/// Reads and checks an exported file, cleaning each state as a save does.
fn parse_file(text: &str) -> Result<Vec<Collection>, ImportError> {
    let root: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        ImportError::NotJson {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        }
    })?;
    if root.get("format").and_then(Value::as_str) != Some(FILE_FORMAT) {
        return Err(ImportError::NotCollections);
    }
    match root.get("version").and_then(Value::as_u64) {
        Some(FILE_VERSION) => {}
        Some(v) => return Err(ImportError::Version(v)),
        None => return Err(ImportError::NotCollections),
    }
    let list = root
        .get("collections")
        .and_then(Value::as_array)
        .ok_or(ImportError::NotCollections)?;
    if list.is_empty() {
        return Err(ImportError::Empty);
    }
    let mut out = Vec::with_capacity(list.len());
    for (ci, c) in list.iter().enumerate() {
        let bad = |cause: String| ImportError::Collection { index: ci, cause };
        let name = c
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("\"name\" is missing".into()))?;
        let name = clean_name(name).map_err(|_| bad("\"name\" is empty".into()))?;
        let items = match c.get("requests") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => a.clone(),
            Some(_) => return Err(bad("\"requests\" is not a list".into())),
        };
        let mut requests = Vec::with_capacity(items.len());
        for (ri, r) in items.into_iter().enumerate() {
            let bad = |cause: String| ImportError::Request {
                collection: ci,
                index: ri,
                cause,
            };
            let saved: SavedRequest = serde_json::from_value(r).map_err(|e| bad(e.to_string()))?;
            let rname = clean_name(&saved.name).map_err(|_| bad("\"name\" is empty".into()))?;
            let state = &saved.state;
            if !state.document.is_object() {
                return Err(bad("\"state.document\" is not an object".into()));
            }
            // An API this app does not know opens only with its definition.
            if catalog::find(&state.api).is_none() && state.definition.is_none() {
                return Err(bad(format!("unknown API \"{}\"", state.api)));
            }
            requests.push(SavedRequest {
                id: 0,
                name: rname,
                state: storable(state),
                saved_ms: saved.saved_ms,
            });
        }
        out.push(Collection {
            id: 0,
            name,
            requests,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn state(api: &str) -> ShareState {
        ShareState {
            api: api.into(),
            environment: "mock".into(),
            document: json!({"name": "测试", "app_signature": "s3cret-value", "nested": {"access_token": "tok-1234"}}),
            // As an older store or a hand-edited file may hold it.
            options: serde_json::from_value(
                json!({"nonce": "42", "timestamp": "1700000000000", "app_secret": "nope"}),
            )
            .unwrap(),
            definition: None,
        }
    }

    fn api_id() -> String {
        catalog::all()[0].id.clone()
    }

    fn names(s: &Store) -> Vec<(String, Vec<String>)> {
        s.collections
            .iter()
            .map(|c| {
                (
                    c.name.clone(),
                    c.requests.iter().map(|r| r.name.clone()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn save_keeps_pins_and_drops_secrets() {
        let mut s = Store::default();
        let id = s
            .save(
                Target::New(" Demo ".into()),
                " first ",
                &state(&api_id()),
                1.0,
            )
            .unwrap();
        let r = s.request(id).unwrap();
        assert_eq!(r.name, "first");
        assert_eq!(s.collections[0].name, "Demo");
        assert_eq!(
            serde_json::to_value(&r.state.options).unwrap(),
            json!({"nonce": "42", "timestamp": "1700000000000"})
        );
        let text = serde_json::to_string(&s).unwrap();
        assert!(!text.contains("s3cret-value"), "{text}");
        assert!(!text.contains("tok-1234"), "{text}");
        assert!(!text.contains("nope"), "{text}");
        assert_eq!(r.state.document["name"], "测试");
    }

    #[test]
    fn edited_compares_what_is_stored() {
        let mut s = Store::default();
        let st = state(&api_id());
        let id = s
            .save(Target::New("Demo".into()), "first", &st, 1.0)
            .unwrap();
        assert_eq!(s.edited(id, &st), Some(false));
        // A secret typed or changed is not stored, so it is no edit.
        let mut secret = st.clone();
        secret.document["app_signature"] = json!("another");
        assert_eq!(s.edited(id, &secret), Some(false));
        let mut doc = st.clone();
        doc.document["name"] = json!("改了");
        assert_eq!(s.edited(id, &doc), Some(true));
        let mut env = st.clone();
        env.environment = "sandbox".into();
        assert_eq!(s.edited(id, &env), Some(true));
        let mut pins = st.clone();
        pins.options.kingdee.nonce = Some("43".into());
        assert_eq!(s.edited(id, &pins), Some(true));
        // Another API: the tab shows another request now.
        let mut other = st.clone();
        other.api = catalog::all()[1].id.clone();
        assert_eq!(s.edited(id, &other), None);
        assert_eq!(s.edited(id + 100, &st), None);
    }

    #[test]
    fn names_must_not_be_empty_and_targets_must_exist() {
        let mut s = Store::default();
        let st = state(&api_id());
        assert_eq!(
            s.save(Target::New("c".into()), "  ", &st, 0.0),
            Err(EditError::EmptyRequestName)
        );
        assert_eq!(
            s.save(Target::New(" ".into()), "r", &st, 0.0),
            Err(EditError::EmptyCollectionName)
        );
        assert_eq!(
            s.save(Target::Existing(9), "r", &st, 0.0),
            Err(EditError::NoSuchCollection)
        );
        assert!(s.is_empty(), "a refused save adds nothing");
        let long = "x".repeat(NAME_MAX + 10);
        let id = s.save(Target::New("c".into()), &long, &st, 0.0).unwrap();
        assert_eq!(s.request(id).unwrap().name.chars().count(), NAME_MAX);
    }

    #[test]
    fn rename_move_delete_and_update() {
        let mut s = Store::default();
        let st = state(&api_id());
        let a = s.save(Target::New("A".into()), "a1", &st, 0.0).unwrap();
        let ca = s.collections[0].id;
        let a2 = s.save(Target::Existing(ca), "a2", &st, 0.0).unwrap();
        let b = s.save(Target::New("B".into()), "b1", &st, 0.0).unwrap();
        let cb = s.collections[1].id;
        assert_ne!(a, ca);
        assert_ne!(b, cb);

        s.rename(a, "renamed").unwrap();
        s.rename(cb, "Bee").unwrap();
        assert_eq!(s.rename(a, ""), Err(EditError::EmptyName));
        assert_eq!(s.rename(999, "x"), Err(EditError::NoSuchCollection));

        assert!(s.move_item(a2, Move::Up));
        assert!(!s.move_item(a2, Move::Up), "already first");
        assert!(s.move_item(cb, Move::Up));
        assert!(!s.move_item(cb, Move::Up));
        assert_eq!(
            names(&s),
            vec![
                ("Bee".into(), vec!["b1".into()]),
                ("A".into(), vec!["a2".into(), "renamed".into()])
            ]
        );

        let mut changed = st.clone();
        changed.document = json!({"name": "new"});
        assert!(s.update(a, &changed, 5.0));
        assert_eq!(s.request(a).unwrap().state.document, json!({"name": "new"}));
        assert!(!s.update(999, &changed, 5.0));

        assert!(s.delete(a2));
        assert!(s.delete(cb), "a collection goes with its requests");
        assert!(s.request(b).is_none());
        assert!(!s.delete(cb));
        assert_eq!(names(&s), vec![("A".into(), vec!["renamed".into()])]);
    }

    #[test]
    fn export_then_import_round_trips_with_fresh_ids() {
        let mut s = Store::default();
        let st = state(&api_id());
        s.save(Target::New("A".into()), "a1", &st, 1.0).unwrap();
        s.save(Target::New("B".into()), "b1", &st, 2.0).unwrap();
        let file = s.export();
        assert!(file.contains(FILE_FORMAT));

        let mut other = Store::default();
        let all_new = Imported {
            collections: 2,
            requests: 2,
            already: 0,
        };
        assert_eq!(other.import(&file), Ok(all_new));
        assert_eq!(names(&other), names(&s));
        assert_eq!(
            other.collections[0].requests[0].state,
            s.collections[0].requests[0].state
        );

        // The same file again adds nothing: its collections and requests are here.
        let before = other.clone();
        let again = other.import(&file).unwrap();
        assert_eq!(
            again,
            Imported {
                collections: 0,
                requests: 0,
                already: 2
            }
        );
        assert_eq!(other, before);
        assert_eq!(
            again.message(Lang::En),
            "Nothing new: the 2 request(s) are already here"
        );

        // A request changed since is added beside the old one, into the same collection;
        // a new collection name is a new collection. Ids stay unique.
        let mut changed = s.clone();
        changed.collections[0].requests[0].name = "a2".into();
        changed.collections[1].name = "C".into();
        let got = other.import(&changed.export()).unwrap();
        assert_eq!(
            got,
            Imported {
                collections: 1,
                requests: 2,
                already: 0
            }
        );
        assert_eq!(
            names(&other),
            vec![
                ("A".into(), vec!["a1".into(), "a2".into()]),
                ("B".into(), vec!["b1".into()]),
                ("C".into(), vec!["b1".into()]),
            ]
        );
        let mut ids: Vec<u64> = other
            .collections
            .iter()
            .flat_map(|c| std::iter::once(c.id).chain(c.requests.iter().map(|r| r.id)))
            .collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }

    #[test]
    fn a_bad_file_is_refused_whole_with_its_cause() {
        let mut s = Store::default();
        let st = state(&api_id());
        s.save(Target::New("Mine".into()), "m", &st, 0.0).unwrap();
        let before = s.clone();

        assert!(matches!(
            s.import("{oops"),
            Err(ImportError::NotJson { .. })
        ));
        assert_eq!(s.import("{\"a\":1}"), Err(ImportError::NotCollections));
        assert_eq!(
            s.import(r#"{"format":"countersign.saved","version":7,"collections":[]}"#),
            Err(ImportError::Version(7))
        );
        assert_eq!(
            s.import(r#"{"format":"countersign.saved","version":1,"collections":[]}"#),
            Err(ImportError::Empty)
        );
        // The second collection's request names an unknown API: the first, valid one
        // is not taken either.
        let good = json!({"name": "ok", "requests": [{"id": 1, "name": "r", "state": st}]});
        let mut unknown = st.clone();
        unknown.api = "nobody.knows".into();
        let bad = json!({"name": "bad", "requests": [{"id": 2, "name": "r", "state": st}, {"id": 3, "name": "x", "state": unknown}]});
        let file = json!({"format": FILE_FORMAT, "version": 1, "collections": [good, bad]});
        let err = s.import(&file.to_string()).unwrap_err();
        assert_eq!(
            err,
            ImportError::Request {
                collection: 1,
                index: 1,
                cause: "unknown API \"nobody.knows\"".into()
            }
        );
        let msg = err.message(Lang::En);
        assert!(
            msg.contains("collection 2")
                && msg.contains("request 2")
                && msg.contains("nobody.knows"),
            "{msg}"
        );
        assert!(!err.message(Lang::Zh).is_empty());

        let no_name = json!({"format": FILE_FORMAT, "version": 1, "collections": [{"name": " "}]});
        assert!(matches!(
            s.import(&no_name.to_string()),
            Err(ImportError::Collection { index: 0, .. })
        ));
        let no_doc = json!({"format": FILE_FORMAT, "version": 1, "collections": [{"name": "c", "requests": [{"id": 1, "name": "r"}]}]});
        let err = s.import(&no_doc.to_string()).unwrap_err();
        assert!(err.message(Lang::En).contains("state"), "{:?}", err);
        assert_eq!(s, before, "nothing half-imported");
    }

    #[test]
    fn an_imported_file_is_cleaned_like_a_save() {
        let raw = json!({"format": FILE_FORMAT, "version": 1, "collections": [{"name": "c", "requests": [{"id": 1, "name": "r", "state": state(&api_id())}]}]});
        let mut s = Store::default();
        s.import(&raw.to_string()).unwrap();
        let text = serde_json::to_string(&s).unwrap();
        assert!(
            !text.contains("s3cret-value") && !text.contains("nope"),
            "{text}"
        );
    }
}
