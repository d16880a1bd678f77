//! Which request tabs and draft this browser window works on.
//!
//! Two windows of the app share one localStorage. With one tabs key and one draft key,
//! each window wrote its own tabs and documents over the other's, and a reload of either
//! lost the other's work. So each window keeps its own set (`countersign.tabs.v1/<id>`,
//! `countersign.draft.v1/<id>`), its id in sessionStorage (which survives the window's
//! reloads and differs per window), and says that it is alive with a heartbeat
//! (`countersign.window.v1/<id>`: when last seen, and whether it has left).
//!
//! Why separate sets rather than one set merged on each `storage` event: a merge has to
//! decide whose version of a tab wins and would put every window's tabs in every window;
//! separate sets never write over each other, and a window can only lose nothing.
//!
//! At start ([`plan`], pure and tested natively):
//! - a window with its id whose set no live window holds (a reload) reopens its own set;
//! - a window whose id a live window holds (a duplicated tab: the browser copied its
//!   sessionStorage) gets a copy of that set under a new id;
//! - any other window takes the set left most recently that no live window holds (a
//!   window closed, or the single set of the versions before this one, kept under the
//!   plain keys), so closing a window and opening one reopens its tabs;
//! - when every set is held, it starts with one tab and a copy of the newest window's
//!   draft (the documents per API and the environments, as a second window always had).
//!
//! Storage stays bounded: beyond [`KEEP_LEFT`] sets no live window holds, the oldest are
//! removed (a person who closes more windows than that without reopening them loses the
//! oldest).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::storage::{DRAFT_KEY, TABS_KEY};

/// This window's id, in sessionStorage.
pub const WINDOW_ID_KEY: &str = "countersign.window";
/// Prefix of each window's heartbeat, in localStorage.
pub const SEEN_KEY: &str = "countersign.window.v1";
/// How long a window that has not said it left still holds its set after its last beat.
pub const LIVE_MS: f64 = 150_000.0;
/// The sets no live window holds that are kept.
pub const KEEP_LEFT: usize = 8;

/// A window's heartbeat.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Seen {
    /// Unix ms of its last beat.
    pub at: f64,
    /// It was closed or reloaded (`pagehide`).
    pub left: bool,
}

impl Seen {
    /// A set with no heartbeat (the plain keys of before) has been left, long ago.
    const NEVER: Seen = Seen {
        at: 0.0,
        left: true,
    };

    fn live(&self, now: f64) -> bool {
        !self.left && now - self.at < LIVE_MS
    }
}

/// What a window starts on.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The window's id: its keys are `<key>/<id>`.
    pub id: String,
    /// A set to copy into this window's keys first.
    pub copy: Option<Source>,
    /// Sets to remove, to keep the storage bounded.
    pub drop: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub from: String,
    /// The tabs too, not only the draft.
    pub tabs: bool,
    /// Remove the set copied from, once copied: this window takes it over.
    pub take: bool,
}

/// The key of `base` (the tabs, the draft, the heartbeat) for the set `id`; the empty id
/// is the single set of the versions before, under the plain key.
pub fn keyed(base: &str, id: &str) -> String {
    if id.is_empty() {
        base.to_string()
    } else {
        format!("{base}/{id}")
    }
}

/// The set a localStorage key belongs to, if it is a set's tabs, draft or heartbeat.
pub fn set_of(key: &str) -> Option<&str> {
    [TABS_KEY, DRAFT_KEY, SEEN_KEY].iter().find_map(|base| {
        let rest = key.strip_prefix(base)?;
        match rest.strip_prefix('/') {
            Some(id) if !id.is_empty() => Some(id),
            None if rest.is_empty() && *base != SEEN_KEY => Some(""),
            _ => None,
        }
    })
}

/// Chooses the set this window works on. `sets`: every set stored, with its heartbeat if
/// it has one; `session`: the id this window had before (sessionStorage); `fresh`: a new
/// id, for a window that does not keep its own.
pub fn plan(
    session: Option<&str>,
    sets: &BTreeMap<String, Option<Seen>>,
    now: f64,
    fresh: &str,
) -> Plan {
    let seen = |id: &str| sets.get(id).copied().flatten().unwrap_or(Seen::NEVER);
    let live = |id: &str| seen(id).live(now);
    let newest = |only_live: bool| {
        sets.keys()
            .filter(|id| live(id) == only_live)
            .max_by(|a, b| seen(a).at.total_cmp(&seen(b).at).then(a.cmp(b)))
            .cloned()
    };
    let own = session.filter(|id| !id.is_empty() && sets.contains_key(*id));
    let (id, copy) = match own {
        Some(own) if !live(own) => (own.to_string(), None),
        // A duplicated window: the window it copies is still there, with the same id.
        Some(own) => (
            fresh.to_string(),
            Some(Source {
                from: own.to_string(),
                tabs: true,
                take: false,
            }),
        ),
        None => {
            let copy = match newest(false) {
                Some(from) => Some(Source {
                    from,
                    tabs: true,
                    take: true,
                }),
                None => newest(true).map(|from| Source {
                    from,
                    tabs: false,
                    take: false,
                }),
            };
            (fresh.to_string(), copy)
        }
    };
    let taken = copy.as_ref().filter(|c| c.take).map(|c| c.from.as_str());
    let mut left: Vec<&String> = sets
        .keys()
        .filter(|k| !live(k) && **k != id && Some(k.as_str()) != taken)
        .collect();
    left.sort_by(|a, b| seen(b).at.total_cmp(&seen(a).at).then(b.cmp(a)));
    let drop = left.into_iter().skip(KEEP_LEFT).cloned().collect();
    Plan { id, copy, drop }
}

mod browser {
    use std::cell::OnceCell;
    use std::collections::BTreeMap;

    use leptos::prelude::*;

    use super::*;

    /// How often a window says it is alive (a hidden window's timers may run only once a
    /// minute: [`LIVE_MS`] allows for that).
    const HEARTBEAT_MS: u64 = 15_000;

    thread_local! {
        static ID: OnceCell<String> = const { OnceCell::new() };
    }

    fn local() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    fn session() -> Option<web_sys::Storage> {
        web_sys::window()?.session_storage().ok().flatten()
    }

    /// This window's id, chosen (and its set copied or taken over) on first use.
    pub fn id() -> String {
        ID.with(|id| id.get_or_init(start).clone())
    }

    fn beat(left: bool) {
        let seen = Seen {
            at: js_sys::Date::now(),
            left,
        };
        crate::platform::storage::save(&keyed(SEEN_KEY, &id()), &seen);
    }

    fn start() -> String {
        // Without localStorage nothing is kept anyway: the plain keys.
        let Some(store) = local() else {
            return String::new();
        };
        let now = js_sys::Date::now();
        let mut sets: BTreeMap<String, Option<Seen>> = BTreeMap::new();
        for i in 0..store.length().unwrap_or(0) {
            let Some(key) = store.key(i).ok().flatten() else {
                continue;
            };
            if let Some(id) = set_of(&key) {
                sets.entry(id.to_string()).or_default();
            }
        }
        for (id, seen) in sets.iter_mut() {
            if !id.is_empty() {
                *seen = crate::platform::storage::load(&keyed(SEEN_KEY, id));
            }
        }
        let session_store = session();
        let session_id = session_store
            .as_ref()
            .and_then(|s| s.get_item(WINDOW_ID_KEY).ok().flatten());
        let fresh = format!(
            "{:x}{:06x}",
            now as u64,
            (js_sys::Math::random() * 16_777_216.0) as u32
        );
        let plan = plan(session_id.as_deref(), &sets, now, &fresh);
        // The old sets go first: room for the copy.
        for id in &plan.drop {
            remove_set(&store, id);
        }
        let mut id = plan.id;
        if let Some(copy) = &plan.copy {
            let bases: &[&str] = if copy.tabs {
                &[DRAFT_KEY, TABS_KEY]
            } else {
                &[DRAFT_KEY]
            };
            let mut copied = true;
            for base in bases {
                if let Some(text) = store.get_item(&keyed(base, &copy.from)).ok().flatten() {
                    copied &= store.set_item(&keyed(base, &id), &text).is_ok();
                }
            }
            // Taken over only once it is safely here. A storage too full for the copy:
            // the window works on the set it takes, under that set's id.
            if copy.take && copied {
                remove_set(&store, &copy.from);
            } else if copy.take {
                remove_set(&store, &id);
                id = copy.from.clone();
            }
        }
        if let Some(s) = session_store {
            let _ = s.set_item(WINDOW_ID_KEY, &id);
        }
        let seen = Seen {
            at: now,
            left: false,
        };
        crate::platform::storage::save(&keyed(SEEN_KEY, &id), &seen);
        id
    }

    fn remove_set(store: &web_sys::Storage, id: &str) {
        for base in [DRAFT_KEY, TABS_KEY, SEEN_KEY] {
            if !(id.is_empty() && base == SEEN_KEY) {
                let _ = store.remove_item(&keyed(base, id));
            }
        }
    }

    /// Says this window is alive while it is open, and that it left when it is closed or
    /// reloaded (a window back from the back-forward cache is alive again).
    pub fn keep_alive() {
        beat(false);
        if let Ok(handle) = set_interval_with_handle(
            || beat(false),
            std::time::Duration::from_millis(HEARTBEAT_MS),
        ) {
            on_cleanup(move || handle.clear());
        }
        let on_hide = window_event_listener(leptos::ev::pagehide, |_| beat(true));
        let on_show = window_event_listener(leptos::ev::pageshow, |_| beat(false));
        on_cleanup(move || {
            on_hide.remove();
            on_show.remove();
        });
    }
}

pub use browser::{id, keep_alive};

/// This window's key for `base` (`storage::TABS_KEY`, `storage::DRAFT_KEY`).
pub fn key(base: &str) -> String {
    keyed(base, &id())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_800_000_000_000.0;

    fn seen(ago: f64, left: bool) -> Option<Seen> {
        Some(Seen {
            at: NOW - ago,
            left,
        })
    }

    fn sets(list: &[(&str, Option<Seen>)]) -> BTreeMap<String, Option<Seen>> {
        list.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn keys_name_their_set() {
        assert_eq!(keyed(TABS_KEY, "w1"), "countersign.tabs.v1/w1");
        assert_eq!(keyed(DRAFT_KEY, ""), DRAFT_KEY);
        assert_eq!(set_of("countersign.tabs.v1/w1"), Some("w1"));
        assert_eq!(set_of("countersign.draft.v1/w2"), Some("w2"));
        assert_eq!(set_of("countersign.window.v1/w3"), Some("w3"));
        assert_eq!(
            set_of(TABS_KEY),
            Some(""),
            "the plain keys: the set of before"
        );
        assert_eq!(set_of(DRAFT_KEY), Some(""));
        for other in [
            SEEN_KEY,
            "countersign.tabs.v1/",
            "countersign.tabs.v10",
            "countersign.prefs.v1",
            "countersign.history.v1",
        ] {
            assert_eq!(set_of(other), None, "{other}");
        }
    }

    #[test]
    fn a_reload_reopens_its_own_set_beside_another_live_window() {
        let all = sets(&[("a", seen(10.0, true)), ("b", seen(1000.0, false))]);
        let p = plan(Some("a"), &all, NOW, "new");
        assert_eq!((p.id.as_str(), &p.copy, p.drop.len()), ("a", &None, 0));
        // Its heartbeat stopped without a pagehide (a crash, a restored session): its own.
        let all = sets(&[("a", seen(LIVE_MS + 1.0, false)), ("b", seen(5.0, false))]);
        assert_eq!(plan(Some("a"), &all, NOW, "new").id, "a");
    }

    #[test]
    fn a_duplicated_window_copies_the_set_it_was_duplicated_from() {
        let all = sets(&[("a", seen(3000.0, false)), ("z", seen(9.0, true))]);
        let p = plan(Some("a"), &all, NOW, "new");
        assert_eq!(p.id, "new");
        assert_eq!(
            p.copy,
            Some(Source {
                from: "a".into(),
                tabs: true,
                take: false
            })
        );
    }

    #[test]
    fn a_new_window_takes_the_set_left_last_that_no_live_window_holds() {
        let all = sets(&[
            ("live", seen(1.0, false)),
            ("old", seen(50_000.0, true)),
            ("recent", seen(20_000.0, true)),
            ("crashed", seen(LIVE_MS * 3.0, false)),
            ("", None),
        ]);
        for session in [None, Some("gone"), Some("")] {
            let p = plan(session, &all, NOW, "new");
            assert_eq!(p.id, "new");
            assert_eq!(
                p.copy,
                Some(Source {
                    from: "recent".into(),
                    tabs: true,
                    take: true
                }),
                "{session:?}"
            );
        }
        // The single set of the versions before (plain keys) is taken when it is the one.
        let all = sets(&[("", None), ("live", seen(1.0, false))]);
        assert_eq!(
            plan(None, &all, NOW, "new").copy,
            Some(Source {
                from: "".into(),
                tabs: true,
                take: true
            })
        );
    }

    #[test]
    fn when_every_set_is_held_a_new_window_copies_the_newest_draft_only() {
        let all = sets(&[("a", seen(9000.0, false)), ("b", seen(100.0, false))]);
        let p = plan(None, &all, NOW, "new");
        assert_eq!(
            p.copy,
            Some(Source {
                from: "b".into(),
                tabs: false,
                take: false
            })
        );
        assert_eq!(p.drop, Vec::<String>::new());
        // The very first visit: nothing to copy.
        assert_eq!(plan(None, &BTreeMap::new(), NOW, "new").copy, None);
    }

    #[test]
    fn only_the_newest_sets_no_window_holds_are_kept() {
        let mut list: Vec<(String, Option<Seen>)> = (0..KEEP_LEFT + 3)
            .map(|i| (format!("left{i:02}"), seen(1000.0 * (i + 1) as f64, true)))
            .collect();
        list.push(("live".into(), seen(1.0, false)));
        list.push(("".into(), None));
        let all: BTreeMap<_, _> = list.into_iter().collect();
        let p = plan(Some("live2"), &all, NOW, "new");
        // left00 is taken; the next KEEP_LEFT stay; the older ones and the plain keys go.
        assert_eq!(p.copy.as_ref().map(|c| c.from.as_str()), Some("left00"));
        let mut drop = p.drop.clone();
        drop.sort();
        let want: Vec<String> = ["", "left09", "left10"].map(String::from).to_vec();
        assert_eq!(drop, want);
        // A live window's set is never dropped, nor the window's own.
        let p = plan(Some("left05"), &all, NOW, "new");
        assert_eq!(p.id, "left05");
        assert!(!p.drop.contains(&"live".to_string()));
        assert!(!p.drop.contains(&"left05".to_string()));
        assert_eq!(p.drop.len(), all.len() - 2 - KEEP_LEFT);
    }
}
