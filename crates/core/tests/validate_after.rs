//! `validate_after` gives exactly what `validate` gives, for random runs of edits to every
//! catalog API's example: values replaced (with the wrong type, too long, null, JSON text),
//! keys removed and added, rows added and removed. Each step starts from the last step's
//! findings, as the app's memo does.

use countersign_core::catalog::{self, revalidate, validate, validate_after};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

#[derive(Clone, Debug)]
enum Seg {
    Key(String),
    Index(usize),
}

/// Every path in `doc` below the root, with its text in the findings' syntax
/// (`rows[3].price`), grown as the walk goes down.
fn paths(doc: &Value, at: &mut Vec<Seg>, text: &str, out: &mut Vec<(Vec<Seg>, String)>) {
    let children: Vec<(Seg, String, &Value)> = match doc {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| {
                let dot = if text.is_empty() { "" } else { "." };
                (Seg::Key(k.clone()), format!("{text}{dot}{k}"), v)
            })
            .collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (Seg::Index(i), format!("{text}[{i}]"), v))
            .collect(),
        _ => Vec::new(),
    };
    for (seg, child, v) in children {
        at.push(seg);
        out.push((at.clone(), child.clone()));
        paths(v, at, &child, out);
        at.pop();
    }
}

fn get_mut<'a>(doc: &'a mut Value, path: &[Seg]) -> &'a mut Value {
    path.iter().fold(doc, |v, seg| match (v, seg) {
        (Value::Object(m), Seg::Key(k)) => m.get_mut(k).unwrap(),
        (Value::Array(a), Seg::Index(i)) => &mut a[*i],
        _ => unreachable!("paths come from the document"),
    })
}

/// A small deterministic generator, seeded by proptest.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

fn some_value(rng: &mut Rng, doc: &Value, all: &[(Vec<Seg>, String)]) -> Value {
    let pool = [
        json!(""),
        json!("x"),
        json!("y".repeat(300)),
        json!("a,b"),
        json!("2016-09-09"),
        json!("2016-09-09 12:00:00"),
        json!("12.5"),
        json!("13%"),
        json!(12),
        json!(-1),
        json!(1.5),
        json!(true),
        Value::Null,
        json!({}),
        json!([]),
        json!({"k": "v"}),
        json!([1, 2]),
        json!("{\"owner_code\":\"A\",\"zz\":1}"),
        json!("{not json"),
    ];
    match rng.below(pool.len() + 3) {
        // Another value of the same document: the right type somewhere else.
        i if i >= pool.len() && !all.is_empty() => {
            let (from, _) = &all[rng.below(all.len())];
            let mut d = doc.clone();
            get_mut(&mut d, from).clone()
        }
        i => pool[i.min(pool.len() - 1)].clone(),
    }
}

/// The text of the container of `text`, whose last step is `last`.
fn parent_text(text: &str, last: &Seg) -> String {
    match last {
        Seg::Key(k) => text.strip_suffix(k.as_str()).unwrap().trim_end_matches('.'),
        Seg::Index(i) => text.strip_suffix(&format!("[{i}]")).unwrap(),
    }
    .to_string()
}

/// One random edit to `doc`; the path it is at, as the app logs it.
fn edit(rng: &mut Rng, doc: &mut Value) -> String {
    let mut all = Vec::new();
    paths(doc, &mut Vec::new(), "", &mut all);
    if all.is_empty() {
        let key = format!("new{}", rng.below(5));
        doc.as_object_mut().unwrap().insert(key.clone(), json!("v"));
        return key;
    }
    let (path, text) = all[rng.below(all.len())].clone();
    let (parent, last) = path.split_at(path.len() - 1);
    let last = &last[0];
    match (rng.below(6), get_mut(doc, parent), last) {
        // Removed: a key from its object, or a row from its list (logged at the list).
        (0, Value::Object(m), Seg::Key(k)) => {
            m.shift_remove(k);
            text
        }
        (0, Value::Array(a), Seg::Index(i)) => {
            a.remove(*i);
            parent_text(&text, last)
        }
        // Added: a row copied at the end of its list, or a key nobody declared.
        (1, Value::Array(a), Seg::Index(i)) => {
            let row = a[*i].clone();
            a.push(row);
            parent_text(&text, last)
        }
        (1, Value::Object(m), _) => {
            let key = format!("extra{}", rng.below(3));
            m.insert(key.clone(), json!("v"));
            let parent = parent_text(&text, last);
            if parent.is_empty() {
                key
            } else {
                format!("{parent}.{key}")
            }
        }
        _ => {
            let value = some_value(rng, doc, &all);
            *get_mut(doc, &path) = value;
            text
        }
    }
}

/// Checks random runs; returns how many steps reused the last walk (rather than falling
/// back to a whole one).
fn check_runs(seed: u64, steps: usize, per_step: usize) -> (usize, usize) {
    let mut rng = Rng(seed | 1);
    let (mut reused, mut all) = (0, 0);
    for api in catalog::all().iter().filter(|a| !a.is_custom()) {
        let mut doc = api.example_document().clone();
        if !doc.is_object() {
            doc = Value::Object(Map::new());
        }
        let mut findings = validate(api, &doc);
        for step in 0..steps {
            let edited: Vec<String> = (0..1 + rng.below(per_step))
                .map(|_| edit(&mut rng, &mut doc))
                .collect();
            let after = validate_after(api, &doc, &findings, edited.clone());
            let full = validate(api, &doc);
            reused += usize::from(revalidate(api, &doc, &findings, edited.clone()).is_some());
            all += 1;
            assert_eq!(
                after, full,
                "{} step {step}: edits at {edited:?} in {doc:#}",
                api.id
            );
            findings = after;
        }
    }
    (reused, all)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn the_same_findings_as_a_whole_walk(seed in any::<u64>()) {
        let (reused, all) = check_runs(seed, 12, 2);
        // The walks line up: a fallback to a whole walk is not how they agree.
        prop_assert_eq!(reused, all);
    }
}

#[test]
fn an_edit_far_from_the_findings_copies_them() {
    let api = catalog::find("kingdee.material.save").unwrap();
    let mut doc = api.example_document().clone();
    let row = doc["price_entity"].as_array().unwrap()[0].clone();
    let (key, value) = row
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, v)| v.is_string())
        .map(|(k, v)| (k.clone(), v.clone()))
        .unwrap();
    doc["price_entity"] = Value::Array(vec![row; 100]);
    // Wrong in row 40, then a keystroke in `name`.
    doc["price_entity"][40][&key] = json!([1]);
    let before = validate(api, &doc);
    assert!(before
        .iter()
        .any(|f| f.path.starts_with("price_entity[40]")));
    doc["name"] = json!("bench1");
    let after = revalidate(api, &doc, &before, vec!["name".into()]).unwrap();
    assert_eq!(after, validate(api, &doc));
    // The edit mended row 40: its finding goes.
    doc["price_entity"][40][&key] = value;
    let at = format!("price_entity[40].{key}");
    let mended = revalidate(api, &doc, &after, vec![at]).unwrap();
    assert_eq!(mended, validate(api, &doc));
    assert!(
        !mended
            .iter()
            .any(|f| f.path.starts_with("price_entity[40]")),
        "{mended:#?}"
    );
}

#[test]
fn a_whole_document_edit_walks_everything() {
    let api = catalog::find("kingdee.material.save").unwrap();
    let doc = api.example_document().clone();
    let stale = validate(api, &json!({}));
    assert_eq!(revalidate(api, &doc, &stale, vec![String::new()]), None);
    assert_eq!(
        validate_after(api, &doc, &stale, vec![String::new()]),
        validate(api, &doc)
    );
}

#[test]
fn a_list_with_its_own_finding_before_its_rows() {
    // Too many ids (the list's own finding comes before its items'), one of them wrong;
    // then an edit inside the list, before the wrong one.
    let api = catalog::find("kingdee.inv_synchronous.list").unwrap();
    let mut ids: Vec<Value> = (0..101).map(|i| json!(i.to_string())).collect();
    ids[50] = json!([1]);
    let mut doc = json!({ "ids": ids });
    let before = validate(api, &doc);
    assert_eq!(before.first().map(|f| f.path.as_str()), Some("ids"));
    doc["ids"][10] = json!({});
    let after = revalidate(api, &doc, &before, vec!["ids[10]".into()]).unwrap();
    assert_eq!(after, validate(api, &doc));
    assert_eq!(after.len(), 3, "{after:#?}");
}
