//! The vendor's verdict: a success or failure badge, and for a failure the code's cause
//! and likely fix from the catalog, with the timestamp set against the clock.

use countersign_core::catalog::Text;
use leptos::prelude::*;

use crate::i18n::{fill, Lang, T};
use crate::inspector::envelope::{ClockCheck, Verdict};
use countersign_core::clock::skew_text as format_skew;

fn pick(lang: Lang, text: &Text) -> String {
    lang.pick(&text.zh, &text.en).to_string()
}

#[component]
pub fn VerdictView(verdict: Verdict, #[prop(into)] lang: Signal<Lang>) -> impl IntoView {
    let v = verdict;
    let kind = v.kind();
    let code = v.label.clone();
    let v2 = v.clone();
    let badge = move || {
        let l = lang.get();
        let (mark, word) = match kind {
            "success" => ("✔", T::InspSuccess.get(l)),
            "failure" => ("✖", T::InspFailure.get(l)),
            _ => ("?", T::InspUnknown.get(l)),
        };
        // The vendor's own words; the catalog's name for the code when it has none.
        // A failure is named by the catalog (short, in the UI's language); the vendor's
        // own words follow in the explanation. A success keeps the vendor's words.
        // A message the catalog knows (one naming a field) says more than the code's
        // name, which for a catch-all code (旺店通 100) would point elsewhere.
        let names_field = v2.known_message.filter(|m| m.names_field);
        let catalog_name = (!v2.outcome.success && names_field.is_none())
            .then(|| v2.error.map(|e| pick(l, &e.message)))
            .flatten();
        let known_words = names_field.and_then(|m| {
            [&v2.outcome.sub_message, &v2.outcome.message]
                .into_iter()
                .flatten()
                .find(|words| words.contains(&m.contains))
                .cloned()
        });
        let message = catalog_name
            .or(known_words)
            .or_else(|| v2.outcome.message.clone());
        view! {
            <span class="insp-mark">{mark}</span>
            <span class="insp-word">{word}</span>
            {code.clone().map(|c| view! { <code class="insp-code">{c}</code> })}
            {message.map(|m| view! { <span class="insp-msg">{m}</span> })}
        }
    };
    let explanation = (kind == "failure").then(|| explanation_view(v.clone(), lang));
    view! {
        <div class=format!("insp-badge {kind}") data-testid="insp-badge" data-kind=kind>
            {badge}
        </div>
        {explanation}
    }
}

fn explanation_view(v: Verdict, lang: Signal<Lang>) -> impl IntoView {
    let clock = v.clock.clone();
    // Sent with the timestamp pinned in the signature panel, and outside the window.
    let pinned_clock = clock.clone().filter(|c| {
        !c.within()
            && use_context::<crate::state::AppState>().is_some_and(|s| {
                s.pins.with_untracked(|p| {
                    p.timestamp_pinned() && p.timestamp.trim() == c.sent_text.trim()
                })
            })
    });
    // Pinned to something the gateway cannot read as its timestamp (a date typed where
    // 旺店通 wants a number): what it should have been, as the signature panel offers it.
    let pinned_unread = clock
        .is_none()
        .then(|| {
            let s = use_context::<crate::state::AppState>()?;
            let vendor = s.api.get_untracked()?.vendor;
            let pin = s
                .pins
                .with_untracked(|p| p.timestamp_pinned().then(|| p.timestamp.trim().to_string()))?;
            let meant =
                crate::signature::time_helpers::meant(vendor, &pin, crate::platform::now_ms())?;
            Some((vendor, pin, meant))
        })
        .flatten();
    // The mock refused a signature the app built itself: in Mock the cause is a secret
    // that is not the mock's demo value, not the encodings the code's usual causes list.
    let clock_pinned = pinned_clock.is_some();
    let mock_secret = use_context::<crate::state::AppState>().and_then(|s| {
        let api = s.api.get_untracked()?;
        let refused = v
            .outcome
            .code
            .as_deref()
            .is_some_and(|c| countersign_core::vendor::refuses_a_secret(api.vendor, c));
        let env = s.env_untracked()?;
        (refused
            && env.kind == countersign_core::catalog::EnvironmentKind::Mock
            && !crate::credentials::current::secrets_are_mock_demo_values(&s))
        .then(|| {
            let names = crate::credentials::current::secrets_unlike_mock_demo(&s);
            (env.upstream.clone(), names)
        })
    });
    let body = move || {
        let l = lang.get();
        let o = &v.outcome;
        let mut rows = Vec::new();
        if let Some(sub) = &o.sub_code {
            let sub_msg = o.sub_message.clone().unwrap_or_default();
            rows.push(
                view! {
                    <div class="insp-row">
                        <span class="insp-k">{T::InspSubCode.get(l)}</span>
                        <span class="insp-v"><code>{sub.clone()}</code>" "{sub_msg}</span>
                    </div>
                }
                .into_any(),
            );
        }
        let catalog_name = v.error.map(|e| pick(l, &e.message)).unwrap_or_default();
        // The vendor's words, unless they only repeat the catalog's name for the code.
        let vendor_words = o
            .message
            .as_ref()
            .filter(|m| !m.trim().eq_ignore_ascii_case(catalog_name.trim()));
        if let Some(msg) = vendor_words {
            rows.push(
                view! {
                    <div class="insp-row">
                        <span class="insp-k">{T::InspVendorSays.get(l)}</span>
                        <span class="insp-v insp-mono">{msg.clone()}</span>
                    </div>
                }
                .into_any(),
            );
        }
        if let Some(id) = &o.request_id {
            rows.push(
                view! {
                    <div class="insp-row">
                        <span class="insp-k">{T::InspRequestId.get(l)}</span>
                        <span class="insp-v insp-mono">{id.clone()}</span>
                    </div>
                }
                .into_any(),
            );
        }
        // Most specific first: a known message, the sub-code, then the code.
        // Each says what it is about, shown when there is more than one.
        let mut causes: Vec<(String, String, String)> = Vec::new();
        if let Some(m) = v.known_message {
            let about = fill(T::InspAboutMessage.get(l), &[("m", &m.contains)]);
            causes.push((about, pick(l, &m.cause), pick(l, &m.fix)));
        }
        if let Some(e) = v.sub_error {
            let about = fill(T::InspAboutSubCode.get(l), &[("code", &e.code)]);
            causes.push((about, pick(l, &e.cause), pick(l, &e.fix)));
        }
        if let Some(e) = v.error {
            let about = fill(T::InspAboutCode.get(l), &[("code", &e.code)]);
            causes.push((about, pick(l, &e.cause), pick(l, &e.fix)));
        }
        if let Some((mock, names)) = &mock_secret {
            // Kingdee has two secrets: the one that is not the demo value is named.
            let cause = if names.is_empty() {
                fill(T::InspMockSecretCause.get(l), &[("mock", mock)])
            } else {
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                fill(
                    T::InspMockSecretNamed.get(l),
                    &[("mock", mock), ("names", &crate::i18n::list(&names, l))],
                )
            };
            // First, before the code's usual causes (still listed: they are what it means
            // at the real gateway).
            let about = T::InspAboutMock.get(l).to_string();
            causes.insert(0, (about, cause, T::InspMockSecretFix.get(l).to_string()));
        }
        // A pinned clock outside the window is the cause, whatever the code's usual one.
        if let Some(c) = pinned_clock.as_ref() {
            let window = format_skew(c.window_ms, l)
                .trim_start_matches('+')
                .to_string();
            // A value that would be now in another unit is that slip, not a clock.
            let (text, fix) = match super::envelope::unit_slip(c.vendor, &c.sent_text, c.clock_ms) {
                Some(super::envelope::UnitSlip::Seconds) => (T::InspUnitSeconds, T::InspUnitFix),
                Some(super::envelope::UnitSlip::UnixSeconds) => {
                    (T::InspUnitUnixSeconds, T::InspUnitFix)
                }
                Some(super::envelope::UnitSlip::Milliseconds) => {
                    (T::InspUnitMilliseconds, T::InspUnitFix)
                }
                // Years away in no known unit: a value of another kind (another vendor's
                // format, a typo), which "not an epoch problem" would deny.
                None if c.skew_ms.unsigned_abs()
                    > countersign_core::vendor::YEAR_MS.unsigned_abs() =>
                {
                    (T::InspPinnedFarCause, T::InspPinnedFix)
                }
                None => (T::InspPinnedCause, T::InspPinnedFix),
            };
            let cause = fill(
                text.get(l),
                &[
                    ("sent", &c.sent_text),
                    ("skew", &format_skew(c.skew_ms, l)),
                    ("window", &window),
                    ("date", &countersign_core::clock::beijing(c.sent_ms)),
                    (
                        "vendor",
                        l.text(&countersign_core::catalog::vendor(c.vendor).short_name),
                    ),
                ],
            );
            causes.insert(0, (String::new(), cause, fix.get(l).to_string()));
            causes.truncate(1);
        }
        if let Some((vendor, sent, meant)) = &pinned_unread {
            // Digits in another unit (旺店通 given milliseconds, which overflow its number)
            // are that slip, as for a readable pin; anything else is not its format.
            let slip = super::envelope::unit_slip(*vendor, sent, crate::platform::now_ms());
            let (text, fix) = match slip {
                Some(super::envelope::UnitSlip::Milliseconds) => {
                    (T::InspUnitMilliseconds, T::InspUnitFix)
                }
                _ => (T::InspPinnedUnread, T::InspPinnedUnreadFix),
            };
            let vendor = l.text(&countersign_core::catalog::vendor(*vendor).short_name);
            let words = [
                ("sent", sent.as_str()),
                ("vendor", vendor),
                ("meant", meant.as_str()),
            ];
            let cause = fill(text.get(l), &words);
            let fix = fill(fix.get(l), &words);
            // First; the code's own causes stay below it (it may be refused for more).
            causes.insert(0, (String::new(), cause, fix));
        }
        // In Mock, with a secret not the mock's, that is the cause: what the code means at
        // the real gateway stays one click away instead of filling the panel.
        let real_gateway = if mock_secret.is_some() && causes.len() > 1 {
            causes.split_off(1)
        } else {
            Vec::new()
        };
        let labelled = causes.len() + real_gateway.len() > 1;
        let advice = if causes.is_empty() {
            view! { <p class="insp-note">{T::InspNoEntry.get(l)}</p> }.into_any()
        } else {
            let more = (!real_gateway.is_empty()).then(|| {
                view! {
                    <details class="insp-elsewhere" data-testid="insp-real-gateway">
                        <summary>{T::InspAtRealGateway.get(l)}</summary>
                        {advice_view(real_gateway, labelled, l)}
                    </details>
                }
            });
            view! { {advice_view(causes, labelled, l)} {more} }.into_any()
        };
        view! { {rows} {advice} }
    };
    view! {
        <div class="insp-explain" data-testid="insp-explanation">
            {body}
            {clock.map(|c| clock_view(c, clock_pinned, lang))}
        </div>
    }
}

/// Cause and fix pairs, each under what it is about when there are several.
fn advice_view(causes: Vec<(String, String, String)>, labelled: bool, l: Lang) -> impl IntoView {
    causes
        .into_iter()
        .map(|(about, cause, fix)| {
            view! {
                <div class="insp-advice">
                    {labelled.then(|| view! {
                        <div class="insp-advice-about" data-testid="insp-advice-about">{about}</div>
                    })}
                    <div class="insp-row">
                        <span class="insp-k">{T::InspCause.get(l)}</span>
                        <span class="insp-v">{cause}</span>
                    </div>
                    <div class="insp-row">
                        <span class="insp-k">{T::InspFix.get(l)}</span>
                        <span class="insp-v">{fix}</span>
                    </div>
                </div>
            }
        })
        .collect_view()
}

/// `pinned`: the timestamp outside the window is the signature panel's pin, so the clock
/// is not to blame and only unpinning is advised.
fn clock_view(c: ClockCheck, pinned: bool, lang: Signal<Lang>) -> impl IntoView {
    let within = c.within();
    let state = if within { "inside" } else { "outside" };
    move || {
        let l = lang.get();
        let window = format_skew(c.window_ms, l)
            .trim_start_matches('+')
            .to_string();
        let verdict = view! {
            <b data-testid="insp-clock-skew">
                {fill(T::InspClockSkew.get(l), &[("skew", &format_skew(c.skew_ms, l))])}
            </b>
            " · "
            <span data-testid="insp-clock-window">
                {fill(T::InspClockWindow.get(l), &[("window", &window)])}
            </span>
            " — "
            {match (within, pinned) {
                (true, _) => T::InspClockInside.get(l),
                (false, true) => T::InspClockOutsidePinned.get(l),
                (false, false) => T::InspClockOutside.get(l),
            }}
        };
        if within {
            // Not the cause: one calm line, the instants in its tooltip.
            let title = format!(
                "{}: {} · {}: {}",
                T::InspClockSent.get(l),
                c.sent_text,
                T::InspClockYours.get(l),
                c.clock_beijing()
            );
            return view! {
                <div class="insp-clock inside" data-testid="insp-clock" data-state=state title=title>
                    <div class="insp-row">
                        <span class="insp-k">{T::InspClockTitle.get(l)}</span>
                        <span class="insp-v">{verdict}</span>
                    </div>
                </div>
            }
            .into_any();
        }
        let sent = if c.sent_text.trim() == c.sent_beijing() {
            format!("{} (GMT+8)", c.sent_text)
        } else {
            format!("{} = {} (GMT+8)", c.sent_text, c.sent_beijing())
        };
        view! {
            <div class="insp-clock outside" data-testid="insp-clock" data-state=state>
                <div class="insp-clock-title">{T::InspClockTitle.get(l)}</div>
                <div class="insp-row">
                    <span class="insp-k">{T::InspClockSent.get(l)}</span>
                    <span class="insp-v insp-mono" data-testid="insp-clock-sent">{sent}</span>
                </div>
                <div class="insp-row">
                    <span class="insp-k">{T::InspClockYours.get(l)}</span>
                    <span class="insp-v insp-mono" data-testid="insp-clock-yours">
                        {countersign_core::clock::beijing_shown(c.clock_ms, 0..19)}
                    </span>
                </div>
                <div class="insp-row">
                    <span class="insp-k"></span>
                    <span class="insp-v">{verdict}</span>
                </div>
            </div>
        }
        .into_any()
    }
}
