//! The handle between the form and the signature panel: drag it (or focus it and use the
//! arrow keys) to give the form more room; double-click resets. The height is remembered
//! in the layout (src/layout/mod.rs). And the panel's one-line summary when it is collapsed:
//! the signature, whether the request signs and validates, and Copy.

use leptos::prelude::*;

use crate::i18n::{count, T};
use crate::layout::{use_layout, PANEL_MIN_PX};
use crate::state::use_app;
use crate::ui::CopyButton;

/// The signature panel's rendered height, to start a drag from.
fn panel_height() -> Option<f64> {
    crate::platform::element_height("signature-panel")
}

#[component]
pub fn Splitter() -> impl IntoView {
    let s = use_app();
    let layout = use_layout();
    // (pointer y, panel height) when the drag began.
    let drag = StoredValue::new(None::<(f64, f64)>);
    let set = move |px: f64| layout.panel_px.set(Some(px.max(PANEL_MIN_PX).round()));
    view! {
        <div
            class="splitter"
            role="separator"
            tabindex="0"
            aria-orientation="horizontal"
            data-testid="splitter"
            title=move || s.t(T::SplitterHint)
            aria-label=move || s.t(T::SplitterHint)
            class:hidden=move || layout.panel_collapsed.get()
            on:pointerdown=move |ev| {
                let Some(h) = panel_height() else { return };
                ev.prevent_default();
                crate::platform::capture_pointer(&ev);
                drag.set_value(Some((f64::from(ev.client_y()), h)));
            }
            on:pointermove=move |ev| {
                if let Some((y0, h0)) = drag.get_value() {
                    set(h0 + y0 - f64::from(ev.client_y()));
                }
            }
            on:pointerup=move |_| drag.set_value(None)
            on:pointercancel=move |_| drag.set_value(None)
            on:dblclick=move |_| layout.panel_px.set(None)
            on:keydown=move |ev| {
                let step = if ev.shift_key() { 96.0 } else { 24.0 };
                let delta = match ev.key().as_str() {
                    "ArrowUp" => step,
                    "ArrowDown" => -step,
                    _ => return,
                };
                ev.prevent_default();
                if let Some(h) = panel_height() {
                    set(h + delta);
                }
            }
        ></div>
    }
}

/// The collapse / expand button of the signature panel's head.
#[component]
pub fn CollapseButton() -> impl IntoView {
    let s = use_app();
    let layout = use_layout();
    view! {
        <button
            type="button"
            class="btn tiny ghost"
            data-testid="panel-collapse"
            aria-expanded=move || (!layout.panel_collapsed.get()).to_string()
            aria-controls="signature-body"
            on:click=move |_| layout.panel_collapsed.update(|c| *c = !*c)
        >
            {move || if layout.panel_collapsed.get() { s.t(T::PanelExpand) } else { s.t(T::PanelCollapse) }}
        </button>
    }
}

/// What stays of the panel when it is collapsed: the signature, valid or not, Copy.
/// `sig_only` (the open panel's head) leaves out the validity line, and its work on each
/// keystroke.
#[component]
pub fn SignatureSummary(#[prop(optional)] sig_only: bool) -> impl IntoView {
    let s = use_app();
    let sig = Signal::derive(move || {
        s.signed.with(|x| match x {
            Some(Ok(signed)) => signed.sign.to_string(),
            _ => String::new(),
        })
    });
    let state = move || {
        let l = s.lang.get();
        let signed = s.signed.with(|x| match x {
            None => Some((false, T::NoSignatureYet.get(l).to_string())),
            Some(Err(p)) => Some((false, format!("{} · {}", T::SignError.get(l), p.message(l)))),
            Some(Ok(_)) => None,
        });
        signed.unwrap_or_else(|| match s.error_count() {
            0 => (true, T::SummaryValid.get(l).to_string()),
            n => (false, count(n, T::ErrorOne, T::Errors, l)),
        })
    };
    view! {
        <div class="sig-summary" data-testid="signature-summary">
            <code class="sig" data-testid="summary-signature">{sig}</code>
            {(!sig_only).then(|| view! {
                <span
                    class="sig-state"
                    class:ok=move || state().0
                    class:err=move || !state().0
                    data-testid="summary-state"
                    data-valid=move || state().0.to_string()
                >
                    {move || if state().0 { "✓ " } else { "✗ " }}
                    {move || state().1}
                </span>
            })}
            <CopyButton text=sig testid="summary-copy" name=T::CopyNameSignature disabled=Signal::derive(move || sig.with(String::is_empty)) />
        </div>
    }
}
