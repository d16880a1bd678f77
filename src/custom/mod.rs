//! Custom requests: any method (Taobao, 旺店通) or path (Kingdee). Each vendor has one
//! catalog entry (`<vendor>.custom`) whose document names the endpoint; the core builds,
//! validates, signs, imports and shares it like any catalog API, so this module only adds
//! what the generic form lacks: name → value rows, a JSON body box, the sidebar entries.

mod json_box;
mod rows;

use countersign_core::catalog::{self, endpoint_of, Api, FieldType};
use countersign_core::Vendor;
use leptos::prelude::*;

use crate::builder::document::Seg;
use crate::builder::field_view;
use crate::i18n::{fill, T};
use crate::state::{use_app, AppState};

use json_box::JsonBox;
use rows::KeyValueRows;

/// The form of a custom request: the entry's fields, rows for `params`/`query`, a JSON
/// box for `body`.
#[component]
pub fn CustomForm(api: &'static Api) -> impl IntoView {
    let s = use_app();
    let is_get = move || {
        s.doc
            .with(|d| endpoint_of(api, &d.doc).0.eq_ignore_ascii_case("GET"))
    };
    let has_body = move || s.doc.with(|d| d.doc.get("body").is_some());
    let fields = api
        .params
        .iter()
        .map(|f| {
            let path = vec![Seg::Key(f.name.clone())];
            match (f.name.as_str(), f.ty) {
                (_, FieldType::Map) => view! { <KeyValueRows field=f path /> }.into_any(),
                ("body", _) if api.vendor == Vendor::Kingdee => {
                    // A GET has no body: the box shows only when one is there to see.
                    view! {
                        <Show when=move || !is_get() || has_body()>
                            <JsonBox field=f path=path.clone() placeholder="{ }" />
                        </Show>
                    }
                    .into_any()
                }
                ("body", _) => view! { <JsonBox field=f path placeholder="[ ]" /> }.into_any(),
                _ => field_view(f, path, None),
            }
        })
        .collect_view();
    let hint = match api.vendor {
        Vendor::Taobao => T::CustomTaobaoHint,
        Vendor::Wdt => T::CustomWdtHint,
        Vendor::Kingdee => T::CustomKingdeeHint,
    };
    view! {
        <div class="custom-form" data-testid="custom-form" data-vendor=api.vendor.id()>
            <p class="custom-hint muted">{move || s.t(hint)}</p>
            <CatalogMatch api />
            {fields}
        </div>
    }
}

/// The catalog API a custom document calls, when the catalog has one (same method, or
/// same path and HTTP method): its form knows every parameter.
fn catalog_match(api: &Api, document: &serde_json::Value) -> Option<&'static Api> {
    let (http_method, endpoint) = endpoint_of(api, document);
    catalog::all().iter().find(|a| {
        a.vendor == api.vendor
            && match api.vendor {
                Vendor::Kingdee => {
                    a.path.as_deref() == Some(endpoint.as_str())
                        && a.http_method.eq_ignore_ascii_case(&http_method)
                }
                _ => a.method.as_deref() == Some(endpoint.as_str()),
            }
    })
}

#[component]
fn CatalogMatch(api: &'static Api) -> impl IntoView {
    let s = use_app();
    let found = Memo::new(move |_| s.doc.with(|d| catalog_match(api, &d.doc)));
    move || {
        found.get().map(|a| {
            let name = move || s.lang.get().text(&a.name).to_string();
            view! {
                <div class="custom-match" role="status" data-testid="custom-catalog-match">
                    <span>{move || fill(s.t(T::CustomInCatalog), &[("api", &name())])}</span>
                    <button
                        type="button"
                        class="btn small"
                        data-testid="custom-open-catalog"
                        on:click=move |_| crate::saved::show_api(&s, a)
                    >
                        {move || s.t(T::CustomOpenForm)}
                    </button>
                </div>
            }
        })
    }
}

/// What a request is called where room is short (a tab, a saved request's first name):
/// the API's name, or for a custom request what it calls, which tells two of them apart.
pub fn short_title(api: &Api, document: &serde_json::Value, l: crate::i18n::Lang) -> String {
    if api.is_custom() {
        let (_, endpoint) = endpoint_of(api, document);
        if !endpoint.trim().is_empty() {
            return endpoint;
        }
    }
    l.text(&api.name).to_string()
}

/// What a sidebar search names that a custom request of `vendor` can call: a method name
/// (Taobao's start with their platform's prefix) or a path under /jdy/v2/ (a URL's, too).
pub fn suggestion(vendor: Vendor, query: &str) -> Option<String> {
    let q = query.trim();
    let taobao_like = ["taobao.", "tmall.", "alibaba.", "cainiao.", "qimen."]
        .iter()
        .any(|p| q.starts_with(p));
    match vendor {
        Vendor::Kingdee => {
            let start = q.find(catalog::KINGDEE_PREFIX)?;
            let path = q[start..].split(['?', '#']).next().unwrap_or_default();
            (path.len() > catalog::KINGDEE_PREFIX.len()).then(|| path.to_string())
        }
        Vendor::Taobao => (catalog::is_method_name(q) && taobao_like).then(|| q.to_string()),
        Vendor::Wdt => (catalog::is_method_name(q) && !taobao_like).then(|| q.to_string()),
    }
}

/// Whether a custom entry stays in the list while the search holds `query`: when the text
/// is something it can call (a method name, a /jdy/v2/ path) or names it ("custom",
/// "自定义", its vendor). A search for "stock" lists the APIs about stock, not three
/// entries that have nothing to do with it.
pub fn listed_for(api: &Api, query: &str) -> bool {
    // What fits is read from the text as typed, as the entry's "call …" line and Enter read it.
    if query.trim().is_empty() || suggestion(api.vendor, query).is_some() {
        return true;
    }
    let q = query.trim().to_lowercase();
    let short = &api.vendor_info().short_name;
    [&api.name.zh, &api.name.en, &short.zh, &short.en]
        .iter()
        .any(|t| t.to_lowercase().contains(&q))
}

/// The keyboard choice for a search: the first catalog match, else the first custom
/// request listed for it, else none.
pub fn first_choice(query: &str) -> usize {
    if query.trim().is_empty() {
        return 0;
    }
    let customs = catalog::customs();
    if !catalog::search(query).is_empty() {
        return customs.len();
    }
    // Past the custom entries when none is listed: with no catalog match either, Enter
    // opens nothing rather than a hidden entry.
    customs
        .iter()
        .position(|a| listed_for(a, query))
        .unwrap_or(customs.len())
}

/// Opens a custom request, in a new request tab when `new_tab` (Ctrl/⌘+click, middle
/// click, as for the catalog's entries); when the search names a method or path it fits,
/// the request calls that (the rest of its draft is kept).
pub fn open(s: AppState, api: &'static Api, query: &str, new_tab: bool) {
    if new_tab {
        crate::saved::use_tabs().open_api(&s, api);
    } else {
        crate::saved::show_api(&s, api);
    }
    if let Some(endpoint) = suggestion(api.vendor, query) {
        let key = match api.vendor {
            Vendor::Kingdee => "path",
            _ => "method",
        };
        s.doc.update(|d| {
            d.edit(|doc| {
                crate::builder::document::set(doc, &[Seg::Key(key.into())], endpoint.into());
            })
        });
    }
}

/// The sidebar's custom entries, one per vendor, first in the keyboard order (`active`).
/// A search that names a method or path shows it on the entries it fits.
#[component]
pub fn CustomItems(
    active: RwSignal<usize>,
    query: RwSignal<String>,
    /// Whether the API on screen is in the list (its one Tab stop, see `tab_stop`).
    chosen_listed: Signal<bool>,
    /// The highlighted match while the search box has the focus (see
    /// `sidebar::option_selected`).
    highlight: Signal<Option<usize>>,
) -> impl IntoView {
    let s = use_app();
    let items = catalog::customs()
        .iter()
        .enumerate()
        .map(|(i, api)| {
            let selected = move || s.api.get().is_some_and(|a| a.id == api.id);
            let info = api.vendor_info();
            let sub = match api.vendor {
                Vendor::Kingdee => T::CustomAnyPath,
                _ => T::CustomAnyMethod,
            };
            // What the entry's draft calls now, once it names something.
            let current = move || {
                let endpoint = if selected() {
                    s.doc.with(|d| endpoint_of(api, &d.doc).1)
                } else {
                    s.drafts
                        .with_value(|m| m.get(&api.id).map(|d| endpoint_of(api, d).1))?
                };
                (!endpoint.is_empty()).then_some(endpoint)
            };
            view! {
                <button
                    class="api-item custom-item"
                    role="option"
                    id=crate::sidebar::option_id(api)
                    hidden=move || !query.with(|q| listed_for(api, q))
                    data-testid=format!("api-{}", api.id)
                    class:selected=selected
                    class:active=move || active.get() == i
                    aria-selected=move || {
                        crate::sidebar::option_selected(highlight.get(), i, selected()).to_string()
                    }
                    tabindex=move || {
                        crate::platform::focus_trap::tab_stop(selected(), chosen_listed.get())
                    }
                    title=move || s.lang.get().text(&api.summary).to_string()
                    on:click=move |ev| {
                        active.set(i);
                        open(s, api, &query.get_untracked(), ev.ctrl_key() || ev.meta_key());
                        crate::sidebar::opened_by_keyboard(&ev);
                    }
                    on:auxclick=move |ev| {
                        if ev.button() == 1 {
                            ev.prevent_default();
                            open(s, api, &query.get_untracked(), true);
                        }
                    }
                >
                    <span class="api-name">
                        {move || s.lang.get().text(&info.short_name).to_string()}
                    </span>
                    <span class="api-sub">
                        {move || match query.with(|q| suggestion(api.vendor, q)) {
                            Some(e) => fill(s.t(T::CustomCall), &[("endpoint", &e)]),
                            None => current().unwrap_or_else(|| s.t(sub).to_string()),
                        }}
                    </span>
                </button>
            }
        })
        .collect_view();
    view! {
        <div
            class="vendor custom-heading"
            data-testid="custom-requests"
            hidden=move || !query.with(|q| catalog::customs().iter().any(|a| listed_for(a, q)))
        >
            {move || s.t(T::CustomRequests)}
        </div>
        {items}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_search_that_names_a_method_or_path_fits_its_vendor() {
        let tb = "taobao.trades.sold.get";
        assert_eq!(suggestion(Vendor::Taobao, tb).as_deref(), Some(tb));
        assert_eq!(suggestion(Vendor::Wdt, tb), None);
        let wdt = " goods.Goods.push2 ";
        assert_eq!(
            suggestion(Vendor::Wdt, wdt).as_deref(),
            Some("goods.Goods.push2")
        );
        assert_eq!(suggestion(Vendor::Taobao, wdt), None);
        let url = "https://api.kingdee.com/jdy/v2/bd/bom?page=1";
        assert_eq!(
            suggestion(Vendor::Kingdee, url).as_deref(),
            Some("/jdy/v2/bd/bom")
        );
        assert_eq!(suggestion(Vendor::Kingdee, "/jdy/v2/"), None);
        assert_eq!(suggestion(Vendor::Wdt, "material save"), None);
        // Enter: a catalog match first, else the custom request the text fits.
        assert_eq!(first_choice(""), 0);
        assert_eq!(first_choice("material"), catalog::customs().len());
        assert_eq!(first_choice("GET /jdy/v2/bd/bom"), 2);
        assert_eq!(first_choice(wdt), 1);
        // Nothing matches and nothing fits: Enter opens nothing.
        assert_eq!(first_choice("no such thing"), catalog::customs().len());
    }

    #[test]
    fn a_search_lists_the_custom_entries_it_fits_or_names() {
        let tb = catalog::custom(Vendor::Taobao);
        let kd = catalog::custom(Vendor::Kingdee);
        assert!(listed_for(tb, "") && listed_for(kd, "  "));
        assert!(!listed_for(tb, "stock") && !listed_for(kd, "stock"));
        assert!(listed_for(tb, "taobao.trades.sold.get"));
        assert!(!listed_for(kd, "taobao.trades.sold.get"));
        assert!(listed_for(kd, "/jdy/v2/bd/bom"));
        assert!(listed_for(tb, "Custom") && listed_for(kd, "自定义"));
    }

    #[test]
    fn a_custom_call_of_a_catalog_api_points_at_its_form() {
        let tb = catalog::custom(Vendor::Taobao);
        let doc = json!({"method": "taobao.logistics.wms.inventory.imbalance.create"});
        assert_eq!(
            catalog_match(tb, &doc).map(|a| a.id.as_str()),
            Some("taobao.imbalance.create")
        );
        assert!(catalog_match(tb, &json!({"method": "taobao.trades.sold.get"})).is_none());
        let kd = catalog::custom(Vendor::Kingdee);
        let post = json!({"http_method": "post", "path": "/jdy/v2/bd/material"});
        assert_eq!(
            catalog_match(kd, &post).map(|a| a.id.as_str()),
            Some("kingdee.material.save")
        );
        // The same path read with GET is another API.
        let get = json!({"http_method": "GET", "path": "/jdy/v2/bd/material"});
        assert!(catalog_match(kd, &get).is_none());
    }
}
