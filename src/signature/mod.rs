//! The live signature: pins and options, the labelled string-to-sign, the algorithm, the
//! signature, the exact wire request and where the relay sends it. Recomputed on every
//! keystroke (a memo over document, credentials, environment, pins and options).
//!
//! The signature feature: this panel; from the builder's state to a signed request
//! (`signing`, pure); the clock pins (`time_helpers`); the handle between form and panel
//! and the collapsed summary (`split`).

pub mod signing;
pub mod split;
pub mod time_helpers;
pub mod wire_body;

use countersign_core::wdt::JsonStyle;
use countersign_core::{Signed, Vendor};
use leptos::prelude::*;

use crate::i18n::{fill, Lang, T};
use crate::state::{use_app, AppState, Dialog};
use crate::ui::CopyButton;
use signing::Problem;

#[component]
pub fn SignaturePanel() -> impl IntoView {
    let s = use_app();
    let layout = crate::layout::use_layout();
    let collapsed = move || layout.panel_collapsed.get();
    // JSON text that does not parse leaves the last valid document signed: said, rather
    // than "live" over a request that is not what is on screen.
    let broken = s.json_broken;
    // A name → value row held out of the document: the signature is not of what is on
    // screen either.
    let held = Memo::new(move |_| s.held_rows_list().into_iter().next().map(|(_, n)| n));
    // No signature at all (a credential the signer refuses): not "live" either.
    let failed = Memo::new(move |_| s.signed.with(|x| matches!(x, Some(Err(_)))));
    let stale = Signal::derive(move || broken.get() || held.with(Option::is_some) || failed.get());
    // A pinned timestamp: the signature no longer follows the clock.
    let pinned = Memo::new(move |_| s.pins.with(signing::Pins::timestamp_pinned));
    // And the nonce too (an imported capture): said, so the panel states the whole pin.
    let nonce_pinned = Memo::new(move |_| s.pins.with(|p| !p.nonce.trim().is_empty()));
    let state_text = move || {
        if broken.get() {
            s.t(T::SignatureStale).to_string()
        } else if let Some(name) = held.get() {
            crate::i18n::fill(s.t(T::SignatureRowHeld), &[("name", &name)])
        } else if failed.get() {
            s.t(T::SignatureNotSigned).to_string()
        } else if pinned.get() && nonce_pinned.get() {
            s.t(T::SignaturePinnedBoth).to_string()
        } else if pinned.get() {
            s.t(T::SignaturePinned).to_string()
        } else if s.clock_paused.get() {
            s.t(T::ClockPaused).to_string()
        } else {
            s.t(T::Live).to_string()
        }
    };
    view! {
        // The clock holds still while the pointer is here, so text can be selected and
        // compared without it changing under the cursor.
        <section
            id="signature-panel"
            class="signature-panel"
            class:collapsed=collapsed
            class:sized=move || layout.panel_px.get().is_some()
            style:height=move || {
                layout.panel_px.get().filter(|_| !collapsed()).map(|px| format!("{px}px"))
            }
            data-testid="signature-panel"
            data-collapsed=move || collapsed().to_string()
            on:mouseenter=move |_| s.clock_paused.set(true)
            on:mouseleave=move |_| s.clock_paused.set(false)
        >
            <Show when=collapsed>
                <div class="panel-head">
                    <h2>{move || s.t(T::Signature)}</h2>
                    <crate::signature::split::SignatureSummary />
                    <crate::signature::split::CollapseButton />
                </div>
            </Show>
            <Show when=move || !collapsed()>
            <div class="panel-head">
                <h2>
                    {move || s.t(T::Signature)}
                    <span
                        class="live-dot"
                        class:paused=move || s.clock_paused.get() || pinned.get()
                        class:stale=stale
                        title=move || s.t(T::Live)
                        // The state beside it says it in words: not "live" twice in the
                        // heading's name.
                        aria-hidden="true"
                    ></span>
                    // Cut to the head's room; the whole text is its tooltip.
                    <span
                        class="muted small"
                        class:err=stale
                        data-testid="signature-state"
                        title=state_text
                    >
                        {state_text}
                    </span>
                </h2>
                // The signature in the head too: on a 768 px screen the pins fill the
                // panel and the full view of it is below them. Its validity line is the
                // head's live/pinned state and the form's tab row.
                <crate::signature::split::SignatureSummary sig_only=true />
                <crate::signature::split::CollapseButton />
                <Pins />
            </div>
            <div id="signature-body">
            <crate::exchange::CapturedSignLine />
            <VendorOptions />
            <SignedOrProblem />
            </div>
            </Show>
        </section>
    }
}

#[component]
fn Pins() -> impl IntoView {
    let s = use_app();
    let vendor = move || s.api.get().map(|a| a.vendor);
    let live_ts = move || {
        vendor()
            .map(|v| signing::live_timestamp(v, s.now_ms.get()))
            .unwrap_or_default()
    };
    let pinned = move || s.pins.with(signing::Pins::timestamp_pinned);
    let ts_title = move || {
        let v = vendor()?;
        let t = s.pins.with(|p| signing::timestamp_as_time(v, &p.timestamp));
        Some(if pinned() {
            format!("{} {t}", s.t(T::PinTimestampHint))
        } else {
            s.t(T::Unpinned).to_string()
        })
    };
    // A pin that does not parse is still signed as typed (support staff reproduce broken
    // calls), but it is said.
    // A unit slip (旺店通 ms) is also unreadable: the slip's warning says more, alone.
    let unread = move || {
        let v = vendor()?;
        let now = crate::platform::now_ms();
        s.pins
            .with(|p| {
                p.timestamp_pinned()
                    && !signing::timestamp_reads(v, &p.timestamp)
                    && crate::inspector::envelope::unit_slip(v, &p.timestamp, now).is_none()
            })
            .then(|| {
                view! {
                    <span class="pin-warn" data-testid="pin-timestamp-unread" role="status">
                        {move || s.t(T::PinTimestampUnread)}
                        " "
                        <time_helpers::PinAsMeant />
                    </span>
                }
            })
    };
    // Seconds for Kingdee's milliseconds and the like: it reads, but as another time.
    let slipped = move || {
        let v = vendor()?;
        let now = crate::platform::now_ms();
        s.pins
            .with(|p| crate::inspector::envelope::unit_slip(v, &p.timestamp, now).is_some())
            .then(|| {
                view! {
                    <span class="pin-warn" data-testid="pin-timestamp-unit" role="status">
                        {move || s.t(T::PinTimestampUnit)}
                        " "
                        <time_helpers::PinAsMeant />
                    </span>
                }
            })
    };
    // A pinned nonce the gateway would refuse (not a positive integer): the panel says why,
    // the input shows where.
    let nonce_refused = move || {
        s.signed
            .with(|x| matches!(x, Some(Err(p)) if p.field().as_deref() == Some("nonce")))
    };
    view! {
        <div class="pins">
            <label class="pin" title=ts_title>
                <span>{move || s.t(T::PinTimestamp)}</span>
                <input
                    class="input mono"
                    data-testid="pin-timestamp"
                    class:pinned=pinned
                    placeholder=live_ts
                    prop:value=move || s.pins.with(|p| p.timestamp.clone())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        s.pins.update(|p| p.timestamp = v);
                    }
                />
                <Show
                    when=pinned
                    fallback=move || {
                        view! {
                            <button
                                class="icon-btn"
                                data-testid="pin-timestamp-now"
                                title=move || s.t(T::PinNow)
                                aria-label=move || s.t(T::PinNow)
                                on:click=move |_| {
                                    let v = live_ts();
                                    s.pins.update(|p| p.timestamp = v);
                                }
                            >
                                <svg viewBox="0 0 16 16" width="13" height="13" aria-hidden="true">
                                    <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" stroke-width="1.5" />
                                    <path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" />
                                </svg>
                            </button>
                        }
                    }
                >
                    <UnpinButton testid="unpin-timestamp" hint=T::Unpin clear=|p| p.timestamp.clear() />
                </Show>
            </label>
            {unread}
            {slipped}
            <crate::signature::time_helpers::TimeHelpers />
            <Show when=move || vendor() == Some(Vendor::Kingdee)>
                <label class="pin" title=move || s.t(T::NonceFresh)>
                    <span>{move || s.t(T::PinNonce)}</span>
                    <input
                        class="input mono"
                        data-testid="pin-nonce"
                        class:pinned=move || s.pins.with(|p| !p.nonce.trim().is_empty())
                        class:invalid=nonce_refused
                        aria-invalid=move || nonce_refused().to_string()
                        placeholder=move || s.live_nonce.get().to_string()
                        prop:value=move || s.pins.with(|p| p.nonce.clone())
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            s.pins.update(|p| p.nonce = v);
                        }
                    />
                    <Show when=move || s.pins.with(|p| !p.nonce.trim().is_empty())>
                        <UnpinButton testid="unpin-nonce" hint=T::UnpinNonce clear=|p| p.nonce.clear() />
                    </Show>
                </label>
            </Show>
            <Show when=move || vendor() == Some(Vendor::Taobao)>
                <label class="pin">
                    <code>"sign_method"</code>
                    <select
                        class="input"
                        data-testid="opt-sign_method"
                        prop:value=move || s.options.with(|o| o.sign_method.clone())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            s.options.update(|o| o.sign_method = v);
                        }
                    >
                        {countersign_core::taobao::SignMethod::ALL
                            .map(|m| m.as_str())
                            .into_iter()
                            .map(|m| {
                                let selected = s.options.with_untracked(|o| o.sign_method == m);
                                view! { <option value=m selected=selected>{m}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
            </Show>
        </div>
    }
}

/// Taobao's optional system parameters; 旺店通's JSON style.
#[component]
fn VendorOptions() -> impl IntoView {
    let s = use_app();
    let vendor = move || s.api.get().map(|a| a.vendor);
    let text_opt = move |label: &'static str,
                         get: fn(&signing::SignOptions) -> String,
                         set: fn(&mut signing::SignOptions, String)| {
        view! {
            <label class="opt">
                <code>{label}</code>
                <input
                    class="input mono"
                    data-testid=format!("opt-{label}")
                    placeholder=move || s.t(T::Optional)
                    prop:value=move || s.options.with(get)
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        s.options.update(|o| set(o, v));
                    }
                />
            </label>
        }
    };
    // What is set, shown on the closed summary so nothing hides silently.
    let set_summary = move || {
        s.options.with(|o| {
            let mut v = Vec::new();
            if !o.partner_id.trim().is_empty() {
                v.push(format!("partner_id={}", o.partner_id.trim()));
            }
            if !o.target_app_key.trim().is_empty() {
                v.push(format!("target_app_key={}", o.target_app_key.trim()));
            }
            if o.simplify {
                v.push("simplify=true".to_string());
            }
            v.join(" · ")
        })
    };
    view! {
        {move || match vendor() {
            Some(Vendor::Taobao) => view! {
                <details class="vendor-options" data-testid="system-params">
                    <summary>
                        {move || s.t(T::SystemParams)}
                        " "
                        <span class="muted mono">{set_summary}</span>
                    </summary>
                    <div class="opts">
                        {text_opt("partner_id", |o| o.partner_id.clone(), |o, v| o.partner_id = v)}
                        {text_opt("target_app_key", |o| o.target_app_key.clone(), |o, v| o.target_app_key = v)}
                        <label class="opt check">
                            <input
                                type="checkbox"
                                data-testid="opt-simplify"
                                prop:checked=move || s.options.with(|o| o.simplify)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    s.options.update(|o| o.simplify = on);
                                }
                            />
                            <code>"simplify"</code>
                        </label>
                    </div>
                </details>
            }
            .into_any(),
            Some(Vendor::Wdt) => view! {
                <div class="vendor-options opts">
                    <label class="opt" title=move || s.t(T::JsonStyleHint)>
                        <span>{move || s.t(T::JsonStyle)}</span>
                        <select
                            class="input"
                            data-testid="opt-json_style"
                            prop:value=move || s.options.with(|o| o.json_style.as_str())
                            on:change=move |ev| {
                                if let Some(style) = JsonStyle::parse(&event_target_value(&ev)) {
                                    s.options.update(|o| o.json_style = style);
                                }
                            }
                        >
                            <option value="compact">{move || s.t(T::JsonCompact)}</option>
                            <option value="php">{move || s.t(T::JsonPhp)}</option>
                        </select>
                    </label>
                </div>
            }
            .into_any(),
            _ => ().into_any(),
        }}
    }
}

#[component]
fn SignProblem(problem: Problem) -> impl IntoView {
    let s = use_app();
    let is_cred = problem.is_credential();
    let field = problem.field();
    let p = problem.clone();
    let data_field = field.clone().unwrap_or_default();
    view! {
        <div class="sign-error" data-testid="sign-error" data-field=data_field>
            <strong>{move || s.t(T::SignError)}</strong>
            {field.map(|f| view! { " · " {move || s.t(T::FieldAtFault)} " " <code>{f}</code> })}
            <p>{move || crate::ui::code_text(&p.message(s.lang.get()))}</p>
            {is_cred.then(|| view! {
                <button class="btn small" on:click=move |_| s.dialog.set(Some(Dialog::Credentials))>
                    {move || s.t(T::Credentials)} " →"
                </button>
            })}
        </div>
    }
}

/// The signature or why there is none. Drawn again only when it turns from one to the
/// other (or the problem changes): a keystroke or a clock tick updates the texts inside
/// [`SignedView`] that changed, not the whole panel.
#[component]
fn SignedOrProblem() -> impl IntoView {
    let s = use_app();
    let ok = Memo::new(move |_| s.signed.with(|x| matches!(x, Some(Ok(_)))));
    let problem = Memo::new(move |_| {
        s.signed.with(|x| match x {
            Some(Err(p)) => Some(p.clone()),
            _ => None,
        })
    });
    move || {
        if ok.get() {
            return view! { <SignedView /> }.into_any();
        }
        match problem.get() {
            Some(p) => view! { <SignProblem problem=p /> }.into_any(),
            None => view! { <p class="muted">{move || s.t(T::NoSignatureYet)}</p> }.into_any(),
        }
    }
}

/// One piece of the signature as a memo: compared in place on each signing, cloned only
/// when it changed, so the views showing it update only then.
fn piece<T>(s: AppState, of: fn(&Signed) -> &T) -> Memo<T>
where
    T: Clone + Default + PartialEq + Send + Sync + 'static,
{
    Memo::new_owning(move |old: Option<T>| {
        s.signed.with(|x| {
            let now = match x {
                Some(Ok(signed)) => Some(of(signed)),
                _ => None,
            };
            match (old, now) {
                (Some(old), Some(now)) if old == *now => (old, false),
                (_, Some(now)) => (now.clone(), true),
                // No signature: this view is about to go; keep what it shows.
                (Some(old), None) => (old, false),
                (None, None) => (T::default(), true),
            }
        })
    })
}

/// The signed request as shown. Read when asked (copy, export), not on each render.
fn wire_now(s: AppState) -> Option<countersign_core::WireRequest> {
    s.signed.with_untracked(|x| {
        x.as_ref()
            .and_then(|r| r.as_ref().ok())
            .map(|x| x.wire.clone())
    })
}

/// The vendor's formula (core's, one per rule) in the page's language: its words
/// translated, its names (MD5, app_secret, S) as the vendors write them.
fn algorithm_text(formula: &str, l: Lang) -> String {
    [
        ("upper-hex", T::UpperHex),
        ("lower-hex", T::LowerHex),
        ("key =", T::HmacKey),
    ]
    .iter()
    .fold(formula.to_string(), |text, (word, t)| {
        let to = if *word == "key =" {
            format!("{} =", t.get(l))
        } else {
            t.get(l).to_string()
        };
        text.replace(word, &to)
    })
}

#[component]
fn SignedView() -> impl IntoView {
    let s = use_app();
    let stsign = piece(s, |x| &x.string_to_sign);
    let sign = piece(s, |x| &x.sign);
    let sig = Memo::new(move |_| sign.with(|t| t.to_string()));
    let algorithm = piece(s, |x| &x.algorithm);
    let method = piece(s, |x| &x.wire.method);
    let url = piece(s, |x| &x.wire.url);
    let headers = piece(s, |x| &x.wire.headers);
    let body = piece(s, |x| &x.wire.body);
    // What the copy buttons give runs outside the page: in Mock it calls the mock. Built on
    // click, not on each render. Copy cURL is the export menu's: secrets as placeholders
    // unless asked for.
    let runnable = move || {
        wire_now(s)
            .map(|w| crate::exchange::runnable_wire(&s, &w))
            .unwrap_or_default()
    };
    let curl_with = move |secrets: bool| {
        Signal::derive(move || {
            wire_now(s)
                .map(|w| crate::exchange::runnable_curl(&s, &w, secrets))
                .unwrap_or_default()
        })
    };
    let copy_url = Signal::derive(move || runnable().url);
    let relayed = move || {
        let a = s.api.get()?;
        let env = s.env()?;
        let target = signing::relay_target(
            a.vendor_info(),
            env,
            &s.relay_base.get(),
            &s.relay_token.get(),
        );
        Some(url.with(|u| target.relay_url(u).unwrap_or_else(|e| format!("{e:?}"))))
    };
    // The parts are cut from the string to sign; shown again only when they change.
    let parts = Memo::new(move |_| {
        s.signed.with(|x| match x {
            Some(Ok(signed)) => signed
                .parts()
                .into_iter()
                .map(|p| (p.label, p.text))
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    });
    let parts = move || {
        parts
            .get()
            .into_iter()
            .map(|(label, text)| {
                // A long part (旺店通's body) only in part, as the wire's body: laying out
                // half a megabyte of text took the browser seconds. Copy gives it all.
                let (head, left) = wire_body::preview(&text, wire_body::PREVIEW);
                // Line breaks (Kingdee), tabs and invisible characters are signed: shown.
                let shown = crate::ui::signed_text(head, false);
                let more = (left > 0).then(|| {
                    let size = crate::inspector::timing::format_bytes(left);
                    view! {
                        <span class="muted small" data-testid="part-more">
                            " " {move || fill(s.t(T::PartMore), &[("size", &size)])}
                        </span>
                    }
                });
                view! {
                    <div class="part">
                        <span class="part-label">{label}</span>
                        <span class="part-text">{shown}{more}</span>
                    </div>
                }
            })
            .collect_view()
    };
    let header_rows = move || {
        headers
            .get()
            .into_iter()
            .map(|(k, v)| {
                view! {
                    <div class="hdr">
                        <span class="hdr-name">{k} ":"</span>
                        " "
                        <span class="hdr-value">{v}</span>
                    </div>
                }
            })
            .collect_view()
    };
    let headers_text = Signal::derive(move || {
        headers.with(|h| {
            h.iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join("\n")
        })
    });
    view! {
        <div class="signed" data-testid="signed">
            <div class="block">
                <div class="block-head">
                    <span>{move || s.t(T::StringToSign)}</span>
                    <CopyButton text=stsign testid="copy-string-to-sign" name=T::CopyNameStringToSign />
                </div>
                <div class="parts mono" data-testid="string-to-sign">{parts}</div>
                <div class="algo">
                    <span class="muted">{move || s.t(T::Algorithm)}</span>
                    " "
                    <code data-testid="algorithm">
                        {move || algorithm.with(|a| algorithm_text(a, s.lang.get()))}
                    </code>
                    " · "
                    <span class="muted">{move || s.t(T::AlgorithmS)}</span>
                </div>
            </div>
            <div class="block sig-line">
                <span class="muted">{move || s.t(T::SignValue)}</span>
                <code class="sig" data-testid="signature">{move || sig.get()}</code>
                <CopyButton text=sig testid="copy-signature" name=T::CopyNameSignature />
            </div>
            <div class="block">
                <div class="block-head">
                    <span>{move || s.t(T::Wire)}</span>
                    <CopyButton text=curl_with(false) testid="copy-curl" label=T::CopyCurl />
                    <CopyButton text=curl_with(true) testid="copy-curl-secrets" label=T::CopyCurlSecrets name=T::CopyNameCurlSecrets />
                    <crate::exchange::ExportMenu />
                </div>
                <div class="wire mono" data-testid="wire">
                    <div class="wire-line">
                        <span class="method-badge">{move || method.get()}</span>
                        " "
                        <span class="wire-url" data-testid="wire-url">{move || url.get()}</span>
                        <CopyButton text=copy_url testid="copy-url" name=T::CopyNameUrl />
                    </div>
                    <div class="wire-headers" data-testid="wire-headers">
                        {header_rows}
                        <CopyButton text=headers_text testid="copy-headers" name=T::CopyNameHeaders />
                    </div>
                    <Show when=move || body.with(|b| !b.is_empty())>
                        <wire_body::WireBody body />
                    </Show>
                </div>
                <div class="relayed muted">
                    {move || s.t(T::RelayedTo)} " "
                    <code data-testid="relay-url">{relayed}</code>
                    // The wire shows the vendor's address, which the signature is made for;
                    // a mock environment's relay upstream answers instead.
                    {move || {
                        s.env()
                            .filter(|e| e.kind == countersign_core::catalog::EnvironmentKind::Mock)
                            .map(|_| view! {
                                <span class="relayed-mock" data-testid="relay-mock-note">
                                    " · " {s.t(T::RelayedToMock)}
                                </span>
                            })
                    }}
                </div>
            </div>
        </div>
    }
}

/// The ✕ beside a pinned value: back to the live one.
#[component]
fn UnpinButton(testid: &'static str, hint: T, clear: fn(&mut signing::Pins)) -> impl IntoView {
    let s = use_app();
    view! {
        <button
            class="icon-btn"
            data-testid=testid
            title=move || s.t(hint)
            aria-label=move || s.t(hint)
            on:click=move |_| s.pins.update(clear)
        >
            "✕"
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_formula_speaks_the_page_language() {
        let tb = countersign_core::taobao::SignMethod::Hmac.algorithm();
        assert_eq!(algorithm_text(tb, Lang::En), tb);
        assert_eq!(
            algorithm_text(tb, Lang::Zh),
            "大写十六进制 HMAC-MD5(密钥 = app_secret, S)"
        );
    }
}
