//! Start-up: the page paints first, then the catalog arrives. The catalog's JSON is not
//! compiled into the .wasm (core without `embedded-catalog`): it is fetched beside it
//! (`catalog/…`, copied into dist/ by Trunk, pre-compressed like the rest) and installed,
//! and only then is the app built, since every feature reads the catalog synchronously.
//! index.html preloads those files, so they download beside the .wasm instead of after it.

use countersign_core::{catalog, Localise};
use leptos::prelude::*;

use crate::app::App;
use crate::i18n::{fill, Lang, T};
use crate::platform;
use crate::platform::storage::{self, Prefs};

#[component]
pub fn Boot() -> impl IntoView {
    let prefs = storage::load::<Prefs>(storage::PREFS_KEY).unwrap_or_default();
    let lang = crate::i18n::opening_lang(&prefs);
    let loaded = RwSignal::new(None::<Result<(), BootError>>);
    leptos::task::spawn_local(async move {
        loaded.set(Some(load_catalog().await));
    });
    move || match loaded.get() {
        None => view! {
            <p class="boot muted" role="status" data-testid="boot">
                {T::CatalogLoading.get(lang)}
            </p>
        }
        .into_any(),
        Some(Ok(())) => view! { <App /> }.into_any(),
        Some(Err(error)) => view! {
            <p class="boot error" role="alert" data-testid="boot-error">
                {fill(T::CatalogFailed.get(lang), &[("error", &error.localise(lang))])}
            </p>
        }
        .into_any(),
    }
}

/// Why the app could not start: a catalog file did not arrive, or it is not a catalog.
#[derive(Clone, Debug, PartialEq)]
enum BootError {
    Fetch(platform::fetch::FileError),
    Catalog(catalog::CatalogError),
}

impl BootError {
    fn localise(&self, lang: Lang) -> String {
        match self {
            Self::Fetch(e) => e.localise(lang),
            Self::Catalog(e) => e.localise(lang),
        }
    }
}

/// Fetches every file of the catalog and installs it; the error names the file.
async fn load_catalog() -> Result<(), BootError> {
    let urls: Vec<String> = catalog::FILES
        .iter()
        // From the site's root, as the app's own files are (Trunk writes `/app-….js`):
        // beside the page, `/catalog/` or any deeper link would ask for `/catalog/catalog/…`.
        .map(|f| format!("/catalog/{f}"))
        .collect();
    let texts = platform::fetch::static_texts(&urls)
        .await
        .map_err(BootError::Fetch)?;
    catalog::install(&|file| {
        let i = catalog::FILES.iter().position(|f| *f == file)?;
        texts.get(i).map(String::as_str)
    })
    .map_err(BootError::Catalog)
}
