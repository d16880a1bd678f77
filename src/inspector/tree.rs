//! The Body tab: a collapsible JSON tree, narrowed by a path filter, with a copy button on
//! every node. Non-JSON bodies are shown as text.

use std::sync::Arc;

use leptos::prelude::*;
use serde_json::Value;

use countersign_core::catalog::{Api, Field};

use crate::i18n::{count, fill, Lang, T};
use crate::inspector::json_path::{copy_text, filter, get, tree, Node, NodeKind, Pattern, Step};
use crate::ui::{CopyButton, CopyLook};

/// How many children a node shows before a "show all" button.
const PAGE: usize = 200;

/// Expand all / collapse all: a command every node obeys once (`version` changes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Fold {
    version: u32,
    open: bool,
}

#[derive(Clone, Copy)]
struct Ctx {
    root: StoredValue<Arc<Value>>,
    fold: RwSignal<Fold>,
    filtering: Signal<bool>,
    lang: Signal<Lang>,
    /// The API the answer is to: its doc names the fields.
    api: Option<&'static Api>,
}

#[component]
pub fn BodyView(
    json: Option<Arc<Value>>,
    body: String,
    filter_text: RwSignal<String>,
    #[prop(into)] lang: Signal<Lang>,
    /// The API the answer is to, whose doc labels its fields beside them.
    api: Option<&'static Api>,
) -> impl IntoView {
    let Some(json) = json else {
        let empty = body.is_empty();
        return view! {
            <p class="insp-note">
                {move || if empty { T::InspEmptyBody.get(lang.get()) } else { T::InspNotJson.get(lang.get()) }}
            </p>
            <pre class="insp-raw insp-mono" data-testid="insp-body-text">{body}</pre>
        }
        .into_any();
    };
    let parsed = Memo::new(move |_| filter_text.with(|t| Pattern::parse(t)));
    let root = StoredValue::new(json.clone());
    let shown = Memo::new(move |_| match parsed.get() {
        Ok(Some(p)) => root.with_value(|v| filter(v, &p)),
        Ok(None) | Err(_) => Some(root.with_value(|v| tree(v))),
    });
    let fold = RwSignal::new(Fold {
        version: 0,
        open: false,
    });
    let filtering = Signal::derive(move || matches!(parsed.get(), Ok(Some(_))));
    let ctx = Ctx {
        root,
        fold,
        filtering,
        lang,
        api,
    };
    let status =
        move || {
            let l = lang.get();
            match parsed.get() {
            Err(e) => Some(view! {
                <span class="insp-filter-status bad" data-testid="insp-filter-status">
                    {fill(T::InspFilterBad.get(l), &[("pos", &(e.position + 1).to_string())])}
                </span>
            }
            .into_any()),
            Ok(None) => None,
            Ok(Some(_)) => {
                let n = shown.with(|s| s.as_ref().map_or(0, Node::match_count));
                let text = if n == 0 {
                    T::InspFilterNone.get(l).to_string()
                } else if n == 1 {
                    T::InspFilterOne.get(l).to_string()
                } else {
                    fill(T::InspFilterMatches.get(l), &[("n", &n.to_string())])
                };
                Some(view! {
                    <span
                        class="insp-filter-status"
                        class:bad=n == 0
                        data-testid="insp-filter-status"
                    >
                        {text}
                    </span>
                }
                .into_any())
            }
        }
        };
    let bump = move |open: bool| {
        fold.update(|f| {
            f.version += 1;
            f.open = open;
        })
    };
    view! {
        <div class="insp-toolbar">
            <input
                type="search"
                class="insp-filter insp-mono"
                data-testid="insp-filter"
                spellcheck="false"
                autocomplete="off"
                placeholder=move || T::InspFilterShort.get(lang.get())
                title=move || T::InspFilter.get(lang.get())
                aria-label=move || T::InspFilter.get(lang.get())
                prop:value=move || filter_text.get()
                on:input=move |ev| filter_text.set(event_target_value(&ev))
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        filter_text.set(String::new());
                    }
                }
            />
            {status}
            <button type="button" class="insp-btn" data-testid="insp-expand-all" on:click=move |_| bump(true)>
                {move || T::InspExpandAll.get(lang.get())}
            </button>
            <button type="button" class="insp-btn" data-testid="insp-collapse-all" on:click=move |_| bump(false)>
                {move || T::InspCollapseAll.get(lang.get())}
            </button>
        </div>
        // No tree role: its keyboard pattern (one stop, arrows) is not implemented, and a
        // tree that ignores the arrows is worse than nested lines of buttons that work.
        <div class="insp-tree insp-mono" data-testid="insp-tree">
            {move || shown.get().map(|n| node_view(n, ctx, 0))}
        </div>
    }
    .into_any()
}

fn scalar_view(v: &Value) -> impl IntoView {
    let (class, text) = match v {
        Value::String(s) => ("str", Value::String(s.clone()).to_string()),
        Value::Number(n) => ("num", n.to_string()),
        Value::Bool(b) => ("bool", b.to_string()),
        Value::Null => ("null", "null".into()),
        _ => ("", String::new()),
    };
    view! { <span class=format!("insp-val {class}")>{text}</span> }
}

/// What the doc calls the value at `steps` (its label, else its description; the whole
/// description and any note on hover), muted beside it; none for an array's items, which would repeat it.
fn field_note(
    api: Option<&'static Api>,
    steps: &[Step],
    lang: Signal<Lang>,
) -> Option<impl IntoView> {
    if !matches!(steps.last(), Some(Step::Key(_))) {
        return None;
    }
    let keys = steps.iter().map(|s| match s {
        Step::Key(k) => Some(k.as_str()),
        Step::Index(_) => None,
    });
    let field: &'static Field = api?.answer_field(keys)?;
    Some(move || {
        let l = lang.get();
        let text = field
            .label
            .as_ref()
            .map_or_else(|| l.text(&field.description), |t| l.text(t));
        // The hover adds the catalog's note, which says where the doc is wrong.
        let title = match &field.note {
            Some(note) => format!("{} · {}", l.text(&field.description), l.text(note)),
            None => l.text(&field.description).to_string(),
        };
        view! {
            <span class="insp-field-note" data-testid="insp-field-note" title=title>
                {text.to_string()}
            </span>
        }
    })
}

fn node_view(node: Node, ctx: Ctx, depth: usize) -> AnyView {
    let lang = ctx.lang;
    let path = node.path();
    // The root's path is empty: its buttons name the whole body instead.
    let root = path.is_empty();
    let copy_of = (!root).then(|| path.clone());
    let copy_name = root.then_some(T::InspCopyWholeBody);
    let label = node.label();
    let note = field_note(ctx.api, &node.steps, lang);
    let copy = {
        let (root, steps) = (ctx.root, node.steps.clone());
        Signal::derive(move || {
            root.with_value(|r| get(r, &steps).map(copy_text))
                .unwrap_or_default()
        })
    };
    let is_array = matches!(node.kind, NodeKind::Array { .. });
    let key = label.map(|l| {
        let class = if l.starts_with('[') {
            "insp-key idx"
        } else {
            "insp-key"
        };
        view! { <span class=class>{l}</span><span class="insp-colon">": "</span> }
    });
    let matched = node.matched && ctx.filtering.get_untracked();
    match node.kind {
        NodeKind::Scalar(v) => view! {
            <div class="insp-node leaf" class:match=matched title=path.clone() data-path=path.clone()>
                <span class="insp-twisty"></span>
                {key}
                {scalar_view(&v)}
                {note}
                <CopyButton text=copy label=T::InspCopyValue lang look=CopyLook::Icon of=copy_of.clone() name=copy_name />
            </div>
        }
        .into_any(),
        NodeKind::Object { children, total } | NodeKind::Array { children, total } => {
            let (open_b, close_b) = if is_array { ("[", "]") } else { ("{", "}") };
            let fold = ctx.fold;
            // Open near the top, or everything when a filter narrowed the tree. A node drawn
            // after Expand all / Collapse all (a child of a node that command just opened)
            // follows that command too, so Expand all reaches every level.
            let last = fold.get_untracked();
            let by_default = if last.version > 0 { last.open } else { depth < 2 };
            let open = RwSignal::new(by_default || ctx.filtering.get_untracked());
            // Only commands given after this node was drawn (a re-filtered tree opens).
            let seen = fold.get_untracked().version;
            Effect::new(move |_| {
                let f = fold.get();
                if f.version > seen {
                    open.set(f.open);
                }
            });
            let shown_n = children.len();
            let count = move || {
                let l = lang.get();
                let base = if is_array {
                    count(total, T::ItemOf, T::ItemsOf, l)
                } else {
                    count(total, T::InspKey, T::InspKeys, l)
                };
                if shown_n < total {
                    format!(
                        "{base} · {}",
                        fill(
                            T::InspShown.get(l),
                            &[("shown", &shown_n.to_string()), ("total", &total.to_string())]
                        )
                    )
                } else {
                    base
                }
            };
            let children = StoredValue::new(children);
            let limit = RwSignal::new(PAGE);
            let kids = move || {
                open.get().then(|| {
                    let lim = limit.get();
                    let (views, rest) = children.with_value(|c| {
                        let views = c
                            .iter()
                            .take(lim)
                            .cloned()
                            .map(|n| node_view(n, ctx, depth + 1))
                            .collect::<Vec<_>>();
                        (views, c.len().saturating_sub(lim))
                    });
                    view! {
                        <div class="insp-children">
                            {views}
                            {(rest > 0).then(|| view! {
                                <button type="button" class="insp-btn insp-more" on:click=move |_| limit.set(usize::MAX)>
                                    {format!("+{rest}")}
                                </button>
                            })}
                        </div>
                    }
                })
            };
            let toggle = move |_| open.update(|o| *o = !*o);
            view! {
                <div class="insp-node branch" class:match=matched>
                    <div class="insp-line" title=path.clone() data-path=path.clone()>
                        <button
                            type="button"
                            class="insp-twisty"
                            on:click=toggle
                            aria-expanded=move || open.get().to_string()
                            aria-label={
                                let path = path.clone();
                                move || {
                                    let what = if root {
                                        T::InspWholeBody.get(lang.get()).to_string()
                                    } else {
                                        path.clone()
                                    };
                                    format!("{what} · {}", count())
                                }
                            }
                        >
                            {move || if open.get() { "▾" } else { "▸" }}
                        </button>
                        <span class="insp-toggle" on:click=toggle>
                            {key}
                            <span class="insp-brace">{open_b}</span>
                            <span class="insp-count">{move || if open.get() { String::new() } else { format!(" {} ", count()) }}</span>
                            <span class="insp-brace" class:hidden=move || open.get()>{close_b}</span>
                        </span>
                        {note}
                        <CopyButton text=copy label=T::InspCopyValue lang look=CopyLook::Icon of=copy_of name=copy_name />
                    </div>
                    {kids}
                    <div class="insp-close" class:hidden=move || !open.get()><span class="insp-brace">{close_b}</span></div>
                </div>
            }
            .into_any()
        }
    }
}
