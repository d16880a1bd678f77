//! The browser, in one place: clock, randomness, language, clipboard, the address
//! (fragment, history entries), downloads, picked files, focus and element sizes here; localStorage in `storage`
//! (which window's tabs and draft in `windows`),
//! `fetch` in `fetch`, the dialogs' focus trap in `focus_trap`, a text box's keystroke in
//! `text_change`. The features call these
//! and hold no `web_sys`/`js_sys` of their own (Leptos' event types in views are fine).

pub mod fetch;
pub mod focus_trap;
pub mod storage;
pub mod text_change;
pub mod windows;

/// An id no other element of the page has, `prefix-N`: a widget that may be drawn twice
/// (or drawn again) names its parts with it, so `aria-controls` and `aria-labelledby`
/// never reach another copy's.
pub fn unique_id(prefix: &str) -> String {
    thread_local!(static NEXT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) });
    let n = NEXT.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    format!("{prefix}-{n}")
}

/// Unix ms from the browser's clock.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

pub fn random() -> f64 {
    js_sys::Math::random()
}

/// `http://127.0.0.1:8080`: where this page, and so the mocks, are served.
pub fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

pub fn browser_language() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default()
}

/// Writes text to the clipboard; false where the page may not (insecure origin, no API),
/// so the caller can say so instead of claiming "Copied". The one clipboard call of the app.
pub fn copy(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    // `navigator.clipboard` is undefined outside secure contexts: calling it would throw.
    let available = js_sys::Reflect::get(&navigator, &wasm_bindgen::JsValue::from_str("clipboard"))
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if available {
        let _ = navigator.clipboard().write_text(text);
    }
    available
}

pub fn set_document_lang(code: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.set_attribute("lang", code);
    }
}

/// Focuses the element with this id, if present (keyboard navigation).
pub fn focus(id: &str) {
    focused(id);
}

/// [`focus`], saying whether the element was there to take the focus.
pub fn focused(id: &str) -> bool {
    use wasm_bindgen::JsCast;
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|el| el.focus().is_ok())
}

/// Scrolls the nearest `row` ancestor of element `id` sideways just enough to show whole
/// its `item` ancestor (a request tab, its × too, opened or picked past the row's edge).
pub fn reveal_in_row(id: &str, item: &str, row: &str) {
    let Some(inner) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    else {
        return;
    };
    let (Ok(Some(el)), Ok(Some(parent))) = (inner.closest(item), inner.closest(row)) else {
        return;
    };
    let (r, c) = (
        el.get_bounding_client_rect(),
        parent.get_bounding_client_rect(),
    );
    // Room for the sticky "+" at the row's end, and a little air at its start.
    let (start, end) = (c.left() + 8.0, c.right() - 40.0);
    let by = if r.left() < start {
        r.left() - start
    } else if r.right() > end {
        (r.right() - end).min(r.left() - start)
    } else {
        return;
    };
    parent.set_scroll_left(parent.scroll_left() + by.round() as i32);
}

/// Focuses the first element matching a CSS selector (nothing happens without one).
pub fn focus_first(selector: &str) {
    focus_first_of(&[selector]);
}

/// After a row of a list is removed, keeps the focus in the list rather than on the
/// page's top: on the row that took its place (`remove(at)`, the selector of a row's
/// remove button), else the one before, else `last` (its Add button), once the list is
/// drawn again.
pub fn focus_after_removal(at: usize, remove: impl Fn(usize) -> String, last: String) {
    let mut next = vec![remove(at)];
    if let Some(before) = at.checked_sub(1) {
        next.push(remove(before));
    }
    next.push(last);
    leptos::prelude::request_animation_frame(move || focus_first_of(&next));
}

/// Focuses the first of these selectors that matches an element on screen (laid out, not
/// hidden); says whether one did.
pub fn focus_first_shown(selectors: &[impl AsRef<str>]) -> bool {
    first_element(selectors, |e| e.offset_parent().is_some()).is_some_and(|e| e.focus().is_ok())
}

/// The first element one of `selectors` matches (in their order) that `keep` accepts.
fn first_element(
    selectors: &[impl AsRef<str>],
    keep: impl Fn(&web_sys::HtmlElement) -> bool,
) -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let doc = web_sys::window().and_then(|w| w.document())?;
    selectors
        .iter()
        .filter_map(|sel| doc.query_selector(sel.as_ref()).ok().flatten())
        .filter_map(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .find(|e| keep(e))
}

/// Focuses the first of these selectors that matches an element, in the order given.
pub fn focus_first_of(selectors: &[impl AsRef<str>]) {
    if let Some(el) = first_element(selectors, |_| true) {
        let _ = el.focus();
    }
}

/// Moves the focus to the request form's first control (else its Form tab) once the form
/// is drawn: after a dialog that opened an API closes (its own focus return, to the
/// button that opened it, has run by the next frame), keyboard users go on in that API.
pub fn focus_form_soon() {
    fn attempt(frames_left: u32) {
        leptos::prelude::request_animation_frame(move || {
            use wasm_bindgen::JsCast;
            let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
                return;
            };
            let first = |sel: &str| {
                doc.query_selector(sel)
                    .ok()
                    .flatten()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            };
            let target = first(
                ".form-fields .field-control :is(input, textarea, select, button):not([disabled])",
            )
            .or_else(|| first("[data-testid=\"tab-form\"]"));
            match target {
                Some(el) => {
                    let _ = el.focus();
                    // Selected, as a browser's address bar is: typing replaces the value
                    // (an example, a draft) instead of running on after it, and → keeps it.
                    if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
                        input.select();
                    } else if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                        area.select();
                    }
                }
                // Not drawn yet (a tab opening): a few frames more.
                None if frames_left > 0 => attempt(frames_left - 1),
                None => {}
            }
        });
    }
    attempt(5);
}

/// The element that had the focus, kept to give the focus back later (a dialog closing,
/// Escape in the API search). Opaque, so the features hold no `web_sys` type.
#[derive(Clone, Debug, PartialEq)]
pub struct Focused(web_sys::HtmlElement);

impl Focused {
    /// The element that has the focus now, if any.
    pub fn now() -> Option<Self> {
        use wasm_bindgen::JsCast;
        web_sys::window()?
            .document()?
            .active_element()?
            .dyn_into::<web_sys::HtmlElement>()
            .ok()
            .map(Self)
    }

    pub fn id(&self) -> String {
        self.0.id()
    }

    /// Gives the focus back to it (nothing happens if it has left the page).
    pub fn restore(&self) {
        let _ = self.0.focus();
    }
}

/// The rendered height of the element with this id, in CSS pixels.
pub fn element_height(id: &str) -> Option<f64> {
    use wasm_bindgen::JsCast;
    let el = web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()?;
    Some(f64::from(el.offset_height()))
}

/// Whether an event happened on (or inside) an element that `selector` matches.
pub fn event_within(ev: &web_sys::Event, selector: &str) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest(selector).ok().flatten())
        .is_some()
}

/// Keeps the pointer's events on the element a pointer-down hit (a drag handle), so a
/// drag goes on when the pointer leaves it.
pub fn capture_pointer(ev: &leptos::ev::PointerEvent) {
    use wasm_bindgen::JsCast;
    if let Some(el) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    {
        let _ = el.set_pointer_capture(ev.pointer_id());
    }
}

/// The text of the file just picked in an `<input type="file">` (from its `change`
/// event), read in the background. The input is cleared, so the same file can be picked
/// again after a fix. `None`: nothing picked or it could not be read.
pub fn picked_file_text(
    ev: &leptos::ev::Event,
) -> impl std::future::Future<Output = Option<String>> + 'static {
    use wasm_bindgen::JsCast;
    let input = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok());
    async move {
        let input = input?;
        let text = first_file_text(&input).await;
        let _ = js_sys::Reflect::set(&input, &"value".into(), &"".into());
        text
    }
}

/// The text of the first file chosen in a file input.
async fn first_file_text(input: &web_sys::HtmlElement) -> Option<String> {
    use js_sys::{Function, Promise, Reflect};
    use wasm_bindgen::JsCast;
    let files = Reflect::get(input, &"files".into()).ok()?;
    let file = Reflect::get(&files, &0u32.into()).ok()?;
    if file.is_undefined() || file.is_null() {
        return None;
    }
    let text: Function = Reflect::get(&file, &"text".into()).ok()?.dyn_into().ok()?;
    let promise: Promise = text.call0(&file).ok()?.dyn_into().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()?
        .as_string()
}

/// Whether the page is hidden (another tab, minimised, being left).
pub fn document_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// The address's fragment, with its `#` (`#share=…`, `#/api/view`).
pub fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Writes `hash` (`#/…`) into the address: a new history entry when `push` (what Back
/// should undo), else in place. The entry remembers `tab` (its state), so Back returns to
/// the request tab it was made in rather than changing the one on screen.
pub fn set_fragment(hash: &str, push: bool, tab: u64) {
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else {
        return;
    };
    let state = wasm_bindgen::JsValue::from_f64(tab as f64);
    let _ = if push {
        history.push_state_with_url(&state, "", Some(hash))
    } else {
        history.replace_state_with_url(&state, "", Some(hash))
    };
}

/// The request tab the current history entry was made in ([`set_fragment`]).
pub fn history_tab() -> Option<u64> {
    let state = web_sys::window()?.history().ok()?.state().ok()?;
    state.as_f64().map(|id| id as u64)
}

/// Removes the fragment from the address without a new history entry or a reload.
pub fn drop_fragment() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(history) = window.history() {
        let location = window.location();
        let clean = format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        );
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&clean));
    }
}

/// The current page's address without its fragment.
pub fn page_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// `text` as a `data:` URL (a download link's `href`).
pub fn data_url(mime: &str, text: &str) -> String {
    format!(
        "data:{mime};charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(text))
    )
}

/// Offers `text` as a file download.
pub fn download(name: &str, mime: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let href = data_url(mime, text);
    let Ok(a) = document.create_element("a") else {
        return;
    };
    let _ = a.set_attribute("href", &href);
    let _ = a.set_attribute("download", name);
    if let (Some(body), Ok(el)) = (
        document.body(),
        wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(a.clone()),
    ) {
        let _ = body.append_child(&a);
        el.click();
        a.remove();
    }
}
