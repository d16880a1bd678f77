//! The address names what is on screen — `#/kingdee.material.save/history`,
//! `#/wdt.stockpd.sync/builder/json` — so Back and Forward move between APIs and views,
//! and a bookmarked address opens them. Share links (`#share=…`) are handled by
//! src/exchange; anything else in the fragment is left alone.

use crate::platform;
use countersign_core::catalog;
use leptos::prelude::*;

use crate::i18n::T;
use crate::state::{AppState, Tab, View};
use crate::ui::Notice;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub api: String,
    pub view: View,
    pub tab: Tab,
    /// What followed the API and named no view (`bogus` in `#/wdt.stockpd.sync/bogus`):
    /// the API opens on its request, and the notice says what was not understood.
    pub unknown: Option<String>,
}

impl Route {
    pub fn to_hash(&self) -> String {
        match self.view {
            View::Builder => match self.tab {
                Tab::Form => format!("#/{}", self.api),
                Tab::Json => format!("#/{}/builder/json", self.api),
            },
            View::History => format!("#/{}/history", self.api),
            View::CheckSignature => format!("#/{}/check", self.api),
        }
    }

    /// `None` for a fragment that is not a route (empty, a share link, anything else).
    pub fn parse(hash: &str) -> Option<Self> {
        let rest = hash.trim_start_matches('#').strip_prefix('/')?;
        let mut parts = rest.split('/').filter(|p| !p.is_empty());
        let api = parts.next()?.to_string();
        let rest: Vec<&str> = parts.collect();
        let (view, tab, unknown) = match rest.as_slice() {
            [] | ["builder"] | ["builder", "form"] => (View::Builder, Tab::Form, None),
            ["builder", "json"] => (View::Builder, Tab::Json, None),
            ["history"] => (View::History, Tab::Form, None),
            ["check"] => (View::CheckSignature, Tab::Form, None),
            _ => (View::Builder, Tab::Form, Some(rest.join("/"))),
        };
        Some(Self {
            api,
            view,
            tab,
            unknown,
        })
    }
}

fn current(s: &AppState) -> Option<Route> {
    Some(Route {
        api: s.api.get()?.id.clone(),
        view: s.view.get(),
        tab: s.tab.get(),
        unknown: None,
    })
}

fn current_untracked(s: &AppState) -> Option<Route> {
    untrack(|| current(s))
}

/// Opens what a route names. An API the catalog does not know (a mistyped or outdated
/// link, an import deleted since) is said in a notice, and the address goes back to
/// naming what is on screen: a support person following the link must not take the API
/// shown for the one it names.
fn apply(s: &AppState, route: &Route, notice: RwSignal<Option<Notice>>, tab: u64) {
    let Some(api) = catalog::find(&route.api) else {
        let id = route.api.clone();
        let said = move |l| crate::i18n::fill(T::RouteUnknownApi.get(l), &[("id", &id)]);
        notice.set(Some(Notice::error_in(said)));
        if let Some(on_screen) = current_untracked(s) {
            platform::set_fragment(&on_screen.to_hash(), false, tab);
        }
        return;
    };
    s.select_api(api);
    s.view.set(route.view);
    if route.view == View::Builder {
        s.tab.set(route.tab);
    }
    if let Some(part) = route.unknown.clone() {
        let said = move |l| crate::i18n::fill(T::RouteUnknownView.get(l), &[("part", &part)]);
        notice.set(Some(Notice::error_in(said)));
        if let Some(on_screen) = current_untracked(s) {
            platform::set_fragment(&on_screen.to_hash(), false, tab);
        }
    }
}

/// Reads the address on start, writes it on every change, follows Back and Forward. Each
/// entry carries the request tab it was made in: Back to an entry of another tab shows
/// that tab (a tab switch is a step back like any other), so it never puts one tab's API
/// into another tab's request.
pub fn install(s: AppState) {
    let tabs = crate::saved::use_tabs();
    let notice = crate::ui::use_notice();
    // A bookmark or a typed address opens its route; an entry this page made for another
    // request tab (a reload after Back to a closed tab) does not change the tab on screen.
    let own_entry = platform::history_tab().is_none_or(|t| t == tabs.on_screen_untracked());
    if let Some(route) = Route::parse(&platform::location_hash()).filter(|_| own_entry) {
        apply(&s, &route, notice, tabs.on_screen_untracked());
    }
    Effect::new(move |_| {
        let Some(route) = current(&s) else { return };
        let tab = tabs.on_screen();
        let want = route.to_hash();
        let have = platform::location_hash();
        let had_tab = platform::history_tab();
        if want == have && had_tab == Some(tab) {
            return;
        }
        // A new entry when the API, the view or the request tab changes (what Back should
        // undo); the Form / JSON tab, or a page that had no route yet, only rewrites the
        // address.
        let old = Route::parse(&have);
        let push = old.as_ref().is_some_and(|o| {
            o.api != route.api || o.view != route.view || had_tab.is_some_and(|t| t != tab)
        });
        platform::set_fragment(&want, push, tab);
    });
    let back = window_event_listener(leptos::ev::popstate, move |ev| {
        let Some(route) = Route::parse(&platform::location_hash()) else {
            return;
        };
        // Entries from before tabs carry no tab: they apply to the one on screen.
        let tab = ev.state().as_f64().map(|id| id as u64);
        if let Some(id) = tab.filter(|id| *id != tabs.on_screen_untracked()) {
            if !tabs.switch(&s, id) {
                // Closed since, or busy: the tab on screen keeps its request, and the
                // address goes back to naming it (a reload would otherwise open the
                // entry's API in this tab).
                if let Some(on_screen) = current_untracked(&s) {
                    platform::set_fragment(&on_screen.to_hash(), false, tabs.on_screen_untracked());
                }
                return;
            }
        }
        apply(&s, &route, notice, tabs.on_screen_untracked());
    });
    on_cleanup(move || back.remove());
}

/// On History and Check signature: the way back to the request being built.
#[component]
pub fn BackToBuilder() -> impl IntoView {
    let s = crate::state::use_app();
    let api_name = move || {
        let a = s.api.get()?;
        Some(s.lang.get().text(&a.name).to_string())
    };
    view! {
        <button
            class="btn small back-to-builder"
            data-testid="back-to-builder"
            on:click=move |_| s.view.set(View::Builder)
        >
            "← "
            {move || s.t(T::BackToRequest)}
            <span class="muted">{move || api_name().map(|n| format!(" · {n}"))}</span>
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_round_trip() {
        for (view, tab) in [
            (View::Builder, Tab::Form),
            (View::Builder, Tab::Json),
            (View::History, Tab::Form),
            (View::CheckSignature, Tab::Form),
        ] {
            let r = Route {
                api: "kingdee.material.save".into(),
                view,
                tab,
                unknown: None,
            };
            assert_eq!(
                Route::parse(&r.to_hash()),
                Some(r.clone()),
                "{}",
                r.to_hash()
            );
        }
    }

    #[test]
    fn other_fragments_are_not_routes_and_unknown_views_are_kept() {
        assert_eq!(Route::parse(""), None);
        assert_eq!(Route::parse("#share=v1.abc"), None);
        // An API with a part that names no view: the API, with the part to be said.
        let r = Route::parse("#/wdt.stockpd.sync/history/999").unwrap();
        assert_eq!(
            (r.api.as_str(), r.view),
            ("wdt.stockpd.sync", View::Builder)
        );
        assert_eq!(r.unknown.as_deref(), Some("history/999"));
        assert_eq!(
            Route::parse("#/wdt.stockpd.sync/check").map(|r| r.view),
            Some(View::CheckSignature)
        );
    }
}
