//! "Check a captured signature": paste the customer's request, take or type the
//! credentials, read the verdict, the two strings-to-sign with the first difference
//! marked, and what went wrong.

use countersign_core::verify::{Verdict, VerifyError};
use countersign_core::{Localise, SignError, Vendor};
use leptos::prelude::*;

use super::state::use_check;
use crate::check::diff;
use crate::check::{self, Detected};
use crate::credentials::current::cred_set;
use crate::credentials::current::vendor_env;
use crate::credentials::store::{key, CredSet};
use crate::exchange::{import, open_in_own_tab};
use crate::i18n::{fill, Lang, T};
use crate::layout::header::env_text;
use crate::state::use_app;
use crate::ui::{notice_on_error, use_notice, Notice, PasteBox};

#[component]
pub fn CheckView() -> impl IntoView {
    let s = use_app();
    let c = use_check();
    let notice = use_notice();
    // A HAR log with several API calls: the one picked is the request checked.
    let (calls, request) = har_request(c.text, c.har_pick);
    let detected =
        Memo::new(move |_| request.with(|t| (!t.trim().is_empty()).then(|| check::detect(t))));
    let vendor = Memo::new(move |_| detected.get().and_then(|d| d.ok()).map(|d| d.vendor));
    Effect::new(move |_| c.start_over_unless(vendor.get()));
    // The environment picked here, else the one the request was sent to, else the
    // builder's.
    let env = Memo::new(move |_| {
        let v = vendor.get()?;
        let chosen = c.env.with(|m| m.get(v.id()).cloned()).or_else(|| {
            let sent_to = detected.with(|d| d.as_ref()?.as_ref().ok()?.env);
            sent_to.map(str::to_string)
        });
        Some(s.envs.with(|b| vendor_env(v, chosen.as_deref(), b)))
    });
    // The credentials in use: edited here, else the store's (demo values for Mock).
    let creds = Memo::new(move |_| {
        let (v, e) = (vendor.get()?, env.get()?);
        let k = key(v.id(), &e.id);
        let edited = c.creds.with(|m| m.get(&k).cloned());
        Some(edited.unwrap_or_else(|| {
            let api = countersign_core::catalog::apis_of(v).next();
            let mut set = api
                .map(|a| s.creds.with(|c| cred_set(c, a, e)))
                .unwrap_or_default();
            // Not over an edit: a box the person emptied stays empty (an edit starts
            // from this set, so what was filled in is kept with it).
            detected.with(|d| {
                if let Some(Ok(d)) = d {
                    check::prefill(&mut set, v, &d.identifiers);
                }
            });
            set
        }))
    });
    // "Now" is the clock when the request or the typed time changes, not when the view
    // was first drawn.
    let now = Memo::new(move |_| {
        // Read, not only tracked: a memo is only heard from once it has computed.
        request.with(|_| ());
        let v = vendor.get();
        c.now
            .with(|t| check::parse_now(t, crate::platform::now_ms(), v))
    });
    // Read twice (the line under the paste and the verdict itself), computed once. A
    // verdict has no equality: every new one counts as a change.
    let verdict = Memo::new_with_compare(
        move |_| -> Option<Result<Verdict, VerifyError>> {
            let d = detected.get()?;
            let d = match d {
                Ok(d) => d,
                Err(e) => return Some(Err(e)),
            };
            let creds = creds.get()?;
            let now = now.get().ok()?;
            Some(request.with(|t| check::run(t, d.vendor, &creds, now)))
        },
        |_, _| true,
    );

    // A captured request is a request of its own: opened as an import is, in a tab of its
    // own unless the tab on screen holds nothing of the person's. The credentials the check
    // used go into the builder's empty boxes.
    let tabs = crate::saved::use_tabs();
    let open_in_builder = move |_| {
        let l = s.lang.get_untracked();
        let chosen = env.get_untracked().map(|e| e.id.clone());
        let plan = request.with_untracked(|t| import::plan(t, |_| chosen.clone()));
        let Some(p) = notice_on_error(notice, plan, |e| {
            fill(T::ImportError.get(l), &[("msg", &e.localise(l))])
        }) else {
            return;
        };
        let api = p.api;
        let used = request.with_untracked(|t| {
            check::with_tokens(&creds.get_untracked().unwrap_or_default(), t, api.vendor)
        });
        let in_new_tab = open_in_own_tab(&s, tabs, api, &p.state);
        // As after an import, the signature panel says whether the capture's own
        // signature was right: the builder signs anew and would make a wrong one look fixed.
        crate::exchange::use_exchange()
            .capture
            .set(Some(crate::exchange::ImportedCapture {
                tab: tabs.on_screen_untracked(),
                api: api.id.clone(),
                text: request.get_untracked(),
            }));
        let carried = carry_credentials(&s, api, &p.state.environment, &used);
        let opened = if in_new_tab {
            T::CheckOpenedTab
        } else {
            T::CheckOpenedHere
        };
        let undo = crate::exchange::replaced::undo_action(s);
        let said = move |l: Lang| {
            let mut text = fill(opened.get(l), &[("api", l.text(&api.name))]);
            for part in carried.say(l) {
                if l == Lang::En {
                    text.push(' ');
                }
                text.push_str(&part);
            }
            text
        };
        notice.set(Some(Notice::done_in(said).with_undo(undo)));
    };

    view! {
        <div class="sup-view check-view" data-testid="check-view">
            <crate::layout::route::BackToBuilder />
            <div class="sup-head">
                <h2>{move || s.t(T::CheckTitle)}</h2>
                <p class="muted small">{move || s.t(T::CheckIntro)}</p>
            </div>
            <PasteBox text=c.text testid="check-input" rows=9 placeholder=T::CheckPaste />
            <HarPick calls pick=c.har_pick />
            {move || detected_line(detected.get(), s.lang.get())}
            {move || verdict.with(|v| match v {
                Some(Ok(v)) => Some(verdict_peek(v, s.lang.get())),
                _ => None,
            })}
            {move || vendor.get().map(|v| view! { <CheckCredentials vendor=v env creds /> })}
            <label class="sup-row" title=move || s.t(T::CheckNowHint)>
                <span class="sup-label">{move || s.t(T::CheckNow)}</span>
                <input
                    class="input mono sup-now"
                    class:invalid=move || now.get().is_err()
                    data-testid="check-now"
                    placeholder=move || s.t(T::CheckNowPlaceholder)
                    prop:value=move || c.now.get()
                    on:input=move |ev| c.now.set(event_target_value(&ev))
                />
                <span class="muted small">
                    {move || match now.get() {
                        Ok(ms) => format!("{} (GMT+8)", countersign_core::clock::beijing(ms)),
                        Err(()) => c.now.with(|t| {
                            if countersign_core::clock::no_such_time(t) {
                                fill(s.t(T::NoSuchTime), &[("time", t.trim())])
                            } else {
                                s.t(T::CheckNowBad).to_string()
                            }
                        }),
                    }}
                </span>
            </label>
            {move || match verdict.get() {
                // A pasted request with an unreadable time: the fix is above, not a paste.
                None if now.get().is_err() && detected.get().is_some() => {
                    view! { <p class="sup-warn" data-testid="check-empty">{s.t(T::CheckNowFix)}</p> }
                        .into_any()
                }
                None => {
                    view! { <p class="muted" data-testid="check-empty">{s.t(T::CheckEmpty)}</p> }
                        .into_any()
                }
                Some(Err(VerifyError::Credential(SignError::MissingCredential { field }))) => {
                    // The box to fill is on this page: say which, and whose credentials.
                    let l = s.lang.get();
                    let env = env
                        .get()
                        .map(|e| env_text(e.kind, l, &e.upstream))
                        .unwrap_or_default();
                    let msg = fill(T::CheckMissingCredential.get(l), &[("field", field), ("env", &env)]);
                    view! {
                        <div class="sup-error" data-testid="check-error" data-field=field role="alert">
                            {crate::ui::code_text(&msg)}
                        </div>
                    }
                        .into_any()
                }
                Some(Err(e)) => {
                    let msg = e.localise(s.lang.get());
                    view! {
                        <div class="sup-error" data-testid="check-error" role="alert">
                            {crate::ui::code_text(&fill(s.t(T::CheckError), &[("msg", &msg)]))}
                        </div>
                    }
                        .into_any()
                }
                Some(Ok(v)) => {
                    let l = s.lang.get();
                    // A signature that does not match, made by this app: say what changed.
                    let before = v
                        .sign_found
                        .clone()
                        .filter(|_| !v.valid)
                        .and_then(|sign| request.with_untracked(|t| sent_before_view(&sign, t, l)));
                    verdict_view(v, l, before.map(IntoAny::into_any)).into_any()
                }
            }}
            <div class="sup-actions">
                <button
                    class="btn primary"
                    data-testid="check-open-builder"
                    disabled=move || !matches!(detected.get(), Some(Ok(Detected { api: Some(_), .. })))
                    on:click=open_in_builder
                >
                    {move || s.t(T::CheckOpenBuilder)}
                </button>
            </div>
        </div>
    }
}

/// What the builder's credentials took from the check, to be said in the notice.
struct CarriedText {
    carried: check::Carried,
    /// Whether the set taken into is remembered on this device (then it is stored).
    remembered: bool,
}

impl CarriedText {
    /// The sentences the notice adds, in `l`.
    fn say(&self, l: Lang) -> Vec<String> {
        let names = |fs: &[&countersign_core::catalog::CredentialField]| {
            let labels: Vec<&str> = fs.iter().map(|f| l.text(&f.label)).collect();
            crate::i18n::list(&labels, l)
        };
        let taken = if self.remembered {
            T::CheckCarriedRemembered
        } else {
            T::CheckCarried
        };
        let c = &self.carried;
        [
            (taken, &c.taken),
            (T::CheckHeldBack, &c.held_back),
            (T::CheckStillToFill, &c.to_fill),
            (T::CheckKeptOwn, &c.kept),
        ]
        .into_iter()
        .filter(|(_, fs)| !fs.is_empty())
        .map(|(t, fs)| fill(t.get(l), &[("names", &names(fs))]))
        .collect()
    }
}

/// Fills the builder's empty credential boxes for `api` in `env` (the check's) with what
/// the check used (`check::carry`).
fn carry_credentials(
    s: &crate::state::AppState,
    api: &'static countersign_core::catalog::Api,
    env: &str,
    used: &CredSet,
) -> CarriedText {
    let env = vendor_env(api.vendor, Some(env), &s.envs.get_untracked());
    let mut set = s.creds.with_untracked(|c| cred_set(c, api, env));
    let carried = check::carry(&mut set, used, api);
    let remembered = set.remember;
    if !carried.taken.is_empty() {
        s.creds.update(|c| c.put(api.vendor.id(), &env.id, set));
    }
    CarriedText {
        carried,
        remembered,
    }
}

fn detected_line(d: Option<Result<Detected, VerifyError>>, l: Lang) -> impl IntoView {
    match d {
        None => ().into_any(),
        Some(Err(_)) => ().into_any(),
        Some(Ok(d)) => {
            let vendor = countersign_core::catalog::vendor(d.vendor);
            let api = d
                .api
                .map(|a| format!("{} · {}", l.text(&a.name), d.endpoint))
                .unwrap_or_else(|| T::CheckUnknownApi.get(l).to_string());
            view! {
                <div class="sup-detected" data-testid="check-detected" data-vendor=d.vendor.id()>
                    <span class="muted">{T::CheckDetected.get(l)}</span>
                    <strong>{l.text(&vendor.short_name).to_string()}</strong>
                    <span>{api}</span>
                    <code class="muted">{format!("{} {}", d.method, d.url)}</code>
                </div>
            }
            .into_any()
        }
    }
}

/// The environment to take credentials from, and the fields, editable for this check.
#[component]
fn CheckCredentials(
    vendor: Vendor,
    env: Memo<Option<&'static countersign_core::catalog::Environment>>,
    creds: Memo<Option<CredSet>>,
) -> impl IntoView {
    let s = use_app();
    let c = use_check();
    let show = RwSignal::new(false);
    let info = countersign_core::catalog::vendor(vendor);
    let cur_key = move || env.get().map(|e| key(vendor.id(), &e.id));
    let edited = move || cur_key().is_some_and(|k| c.creds.with(|m| m.contains_key(&k)));
    let fields = check::fields(vendor)
        .into_iter()
        .map(|f| {
            let name = f.name.clone();
            let name2 = name.clone();
            let secret = f.secret;
            let label = f.label.clone();
            let label_name = name.clone();
            // Its shape, as the vendor's console writes it (旺店通's `secret:salt`).
            let shape = f.format.clone();
            view! {
                <label class="sup-cred">
                    // The name once: the label without what repeats it (`app_secret`
                    // beside "app_secret" or "App secret", "应用 ID（client_id）").
                    <span class="sup-cred-name" data-testid=format!("check-cred-label-{name}")>
                        <code>{name.clone()}</code>
                        {move || {
                            let text = s.lang.get().text(&label).to_string();
                            check::label_beyond_name(&text, &label_name)
                                .map(|t| view! { <span class="muted small">{t}</span> })
                        }}
                    </span>
                    <input
                        class="input mono"
                        data-testid=format!("check-cred-{name}")
                        placeholder=shape
                        type=move || if secret && !show.get() { "password" } else { "text" }
                        autocomplete="off"
                        spellcheck="false"
                        prop:value=move || creds.get().map(|c| c.value(&name).to_string()).unwrap_or_default()
                        on:input=move |ev| {
                            let Some(k) = cur_key() else { return };
                            let mut set = creds.get_untracked().unwrap_or_default();
                            set.set(&name2, event_target_value(&ev));
                            c.creds.update(|m| {
                                m.insert(k, set);
                            });
                        }
                    />
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="sup-creds" data-testid="check-credentials">
            <legend>{move || s.t(T::Credentials)}</legend>
            <div class="sup-row">
                <label class="sup-label" for="check-env">{move || s.t(T::CheckCredsFrom)}</label>
                <select
                    id="check-env"
                    class="input"
                    data-testid="check-env"
                    prop:value=move || env.get().map(|e| e.id.clone()).unwrap_or_default()
                    on:change=move |ev| {
                        let id = event_target_value(&ev);
                        c.env.update(|m| {
                            m.insert(vendor.id().to_string(), id);
                        });
                    }
                >
                    {info
                        .environments
                        .iter()
                        .map(|e| {
                            let id = e.id.clone();
                            let selected = env.get_untracked().is_some_and(|cur| cur.id == id);
                            view! {
                                <option value=id selected=selected>
                                    {move || env_text(e.kind, s.lang.get(), &e.upstream)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <button class="btn small" data-testid="check-show-secrets" on:click=move |_| show.update(|v| *v = !*v)>
                    {move || if show.get() { s.t(T::Hide) } else { s.t(T::Show) }}
                </button>
                <Show when=edited>
                    <button
                        class="btn small"
                        data-testid="check-creds-reset"
                        on:click=move |_| {
                            if let Some(k) = cur_key() {
                                c.creds.update(|m| {
                                    m.remove(&k);
                                });
                            }
                        }
                    >
                        {move || s.t(T::CheckCredsReset)}
                    </button>
                </Show>
            </div>
            <p class="muted small">{move || s.t(T::CheckCredsHint)}</p>
            <div class="sup-cred-grid">{fields}</div>
        </fieldset>
    }
}

/// The refusal's code as written (`29/isv.appkey-not-exists`) with the catalog's name for
/// its main code (`31 Invalid timestamp`), when the catalog has one.
fn code_named(v: &Verdict, code: &str, l: Lang) -> String {
    let name = v
        .refusal
        .as_ref()
        .and_then(|r| countersign_core::catalog::vendor(v.vendor).error(&r.code.to_string()));
    match name {
        Some(e) => format!("{code} {}", l.text(&e.message)),
        None => code.to_string(),
    }
}

/// The verdict's mark, words and colour.
fn badge(v: &Verdict, l: Lang) -> (&'static str, String, &'static str) {
    // A right signature on a request the gateway still refuses (a stale timestamp, an
    // unknown app) is not a green light: the badge says so and names the gateway's code.
    let refused = v.refused_with.as_deref().filter(|_| v.valid);
    match (&v.sign_found, v.valid, refused) {
        (_, true, Some(code)) => (
            "⚠ ",
            fill(
                T::CheckValidRefused.get(l),
                &[("code", &code_named(v, code, l))],
            ),
            "warn",
        ),
        (_, true, None) => ("✔ ", T::CheckValid.get(l).to_string(), "ok"),
        (None, false, _) => ("✘ ", T::CheckNoSign.get(l).to_string(), "bad"),
        (Some(_), false, _) => ("✘ ", T::CheckInvalid.get(l).to_string(), "bad"),
    }
}

/// The verdict in one line under the paste: below the credentials the verdict itself can
/// sit under the fold (a projector at 1024×768 in presenter mode). The button scrolls to it.
fn verdict_peek(v: &Verdict, l: Lang) -> impl IntoView {
    let (mark, text, class) = badge(v, l);
    let to_verdict = |_| {
        let found = web_sys::window().and_then(|w| w.document()).and_then(|d| {
            d.query_selector("[data-testid=check-result]")
                .ok()
                .flatten()
        });
        if let Some(e) = found {
            e.scroll_into_view();
        }
    };
    view! {
        <p class="sup-peek" data-testid="check-peek" data-valid=v.valid.to_string()>
            <span class=format!("sup-badge {class}")>{mark}{text}</span>
            <button type="button" class="btn small ghost" data-testid="check-peek-go" on:click=to_verdict>
                {T::CheckSeeVerdict.get(l)}
            </button>
        </p>
    }
}

/// The history's request that carries the captured signature, and what the capture
/// changed of it (`check::sent_before`).
fn sent_before_view(sign: &str, captured: &str, l: Lang) -> Option<impl IntoView> {
    let history = crate::history::use_history();
    // The entry's time and API, not a copy of the whole entry (its answer's body too).
    let (at_ms, api_id, changes) = history.entries.with_untracked(|h| {
        let entry = check::sent_before::find(&h.entries, sign)?;
        let sent = check::sent_before::request_text(entry);
        let changes = check::sent_before::changes(&sent, captured)?;
        Some((entry.at_ms, entry.api.clone(), changes))
    })?;
    let time = countersign_core::clock::beijing(at_ms as i64);
    let api =
        countersign_core::catalog::find(&api_id).map_or(api_id, |a| l.text(&a.name).to_string());
    let words = if changes.is_empty() {
        T::CheckSentBeforeSame
    } else {
        T::CheckSentBefore
    };
    let none = T::CheckChangeNone.get(l);
    let rows = changes
        .into_iter()
        .map(|c| {
            let path = c.path.clone();
            view! {
                <li data-path=path>
                    <code>{c.path}</code>": "
                    <span class="sup-was">{c.sent.unwrap_or_else(|| none.to_string())}</span>
                    " → "
                    <span class="sup-now">{c.captured.unwrap_or_else(|| none.to_string())}</span>
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <div class="insp-note sup-sent-before" data-testid="check-sent-before">
            <p>{fill(words.get(l), &[("time", &time), ("api", &api)])}</p>
            <ul>{rows}</ul>
        </div>
    })
}

/// `sent_before`: what the capture changed of the request this app signed, under the
/// diagnosis it answers.
fn verdict_view(v: Verdict, l: Lang, sent_before: Option<AnyView>) -> impl IntoView {
    let (mark, badge, class) = badge(&v, l);
    let found = v.sign_found.clone().unwrap_or_else(|| "—".into());
    // As long as the expected one: only the characters that differ are marked (one
    // mistyped character, a letter in the wrong case); otherwise all of it is wrong.
    let runs = v
        .sign_found
        .as_deref()
        .filter(|f| !v.valid && f.chars().count() == v.sign_expected.chars().count())
        .map(|f| diff::char_runs(f, &v.sign_expected));
    let whole_bad = !v.valid && runs.is_none();
    let found_view = match runs {
        Some(runs) => runs
            .into_iter()
            .map(|(differs, text)| {
                if differs {
                    view! { <mark class="sup-sign-diff">{text}</mark> }.into_any()
                } else {
                    view! { <span>{text}</span> }.into_any()
                }
            })
            .collect_view()
            .into_any(),
        None => found.into_any(),
    };
    let diagnosis = if v.diagnosis.is_empty() {
        view! { <p class="muted" data-testid="check-no-diagnosis">{T::CheckNoDiagnosis.get(l)}</p> }
            .into_any()
    } else {
        view! {
            <ul class="sup-diagnosis" data-testid="check-diagnosis">
                {v
                    .diagnosis
                    .iter()
                    .map(|d| {
                        let message = l.pick(&d.message_zh, &d.message).to_string();
                        view! {
                            // The rule's id only where it has no name in the UI's
                            // language; else it stays in the tooltip (support quotes it).
                            <li data-code=d.code.clone() title=d.code.clone()>
                                {match crate::error_text::diagnosis_name(&d.code, l) {
                                    Some(n) => view! { <b class="sup-code-name">{n}</b> }.into_any(),
                                    None => view! { <code class="sup-code">{d.code.clone()}</code> }
                                        .into_any(),
                                }}
                                <span>{crate::ui::code_text(&message)}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="sup-verdict" data-testid="check-result">
            <div class="sup-verdict-head">
                <span
                    class=format!("sup-badge {class}")
                    data-testid="check-verdict"
                    data-valid=v.valid.to_string()
                >
                    {mark}
                    {badge}
                </span>
                <span class="muted small">{l.text(&countersign_core::catalog::vendor(v.vendor).short_name).to_string()}</span>
            </div>
            <dl class="sup-signs">
                <dt>{T::CheckFound.get(l)}</dt>
                <dd><code data-testid="check-sign-found" class:bad=whole_bad>{found_view}</code></dd>
                <dt>{T::CheckExpected.get(l)}</dt>
                <dd><code data-testid="check-sign-expected">{v.sign_expected.clone()}</code></dd>
            </dl>
            <h3>{T::CheckDiagnosis.get(l)}</h3>
            {diagnosis}
            {sent_before}
            {(!v.filled.is_empty()).then(|| {
                let quote = |f: &dyn Fn(&str) -> String| {
                    v.filled.iter().map(|n| format!("`{}`", f(n))).collect::<Vec<_>>().join(", ")
                };
                let names = quote(&|n| countersign_core::verify::credential_for(n));
                let placeholders = quote(&|n| format!("<{n}>"));
                view! {
                    <p class="insp-note" data-testid="check-filled" data-filled=v.filled.join(",")>
                        {crate::ui::code_text(&fill(T::CheckFilled.get(l), &[("names", &names), ("placeholders", &placeholders)]))}
                    </p>
                }
            })}
            // Only beside a valid signature: what it does not prove. Beside an invalid one
            // the note reads as a second verdict.
            {(v.body_unsigned && v.valid).then(|| {
                let vendor = l.text(&countersign_core::catalog::vendor(v.vendor).short_name).to_string();
                view! {
                    <p class="insp-note" data-testid="check-body-unsigned">
                        {fill(T::CheckBodyUnsigned.get(l), &[("vendor", &vendor)])}
                    </p>
                }
            })}
            <StringsToSign expected=v.string_to_sign_expected.clone() found=v.string_to_sign_found.clone() l />
        </section>
    }
}

/// The expected string and, when a mistake explains the signature, the one it was
/// computed over, side by side, cut at their first difference.
#[component]
fn StringsToSign(expected: String, found: Option<String>, l: Lang) -> impl IntoView {
    let Some(found) = found else {
        return view! {
            <div class="sup-diff one" data-testid="diff">
                <div class="sup-diff-col">
                    <div class="sup-diff-title">{T::CheckStsExpected.get(l)}</div>
                    <pre class="mono sup-sts" data-testid="diff-expected">{visible(&expected)}</pre>
                </div>
            </div>
        }
        .into_any();
    };
    let Some((d, a, b)) = diff::mark_both(&expected, &found) else {
        return view! {
            <div class="sup-diff one" data-testid="diff">
                <p class="muted">{T::CheckSame.get(l)}</p>
                <pre class="mono sup-sts" data-testid="diff-expected">{visible(&expected)}</pre>
            </div>
        }
        .into_any();
    };
    let position = fill(
        T::CheckDiffAt.get(l),
        &[
            ("line", &d.line.to_string()),
            ("column", &d.column.to_string()),
            ("index", &(d.index + 1).to_string()),
        ],
    );
    view! {
        <div class="sup-diff" data-testid="diff">
            <p class="sup-diff-pos" data-testid="diff-position" data-index=d.index.to_string()>{position}</p>
            // Titles in their own row, so both strings start on the same line.
            <div class="sup-diff-cols">
                <div class="sup-diff-title">{T::CheckStsExpected.get(l)}</div>
                <div class="sup-diff-title">{T::CheckStsFound.get(l)}</div>
                {marked(a, "diff-expected")}
                {marked(b, "diff-found")}
            </div>
        </div>
    }
    .into_any()
}

/// Line breaks, tabs and invisible characters are part of what is signed: shown, not
/// only applied.
fn visible(text: &str) -> String {
    crate::ui::signed_text(text, true)
}

fn marked(m: diff::Marked, testid: &'static str) -> impl IntoView {
    // A difference at a space or at the end must still show a mark.
    let at = match m.at.as_str() {
        "" => "∅".to_string(),
        " " => "␣".to_string(),
        other => visible(other),
    };
    view! {
        <pre class="mono sup-sts" data-testid=testid>
            <span>{visible(&m.same)}</span>
            <mark class="sup-diff-at" data-testid=format!("{testid}-at")>{at}</mark>
            <span class="sup-diff-rest">{visible(&m.rest)}</span>
            <span>{visible(&m.tail)}</span>
        </pre>
    }
}

/// The calls of a HAR log in `text` (none unless several) and the request to read: the
/// one `pick`ed, else the text itself. Another paste starts at its first call again.
pub fn har_request(
    text: RwSignal<String>,
    pick: RwSignal<usize>,
) -> (Memo<Vec<String>>, Memo<String>) {
    let calls = Memo::new(move |_| text.with(|t| countersign_core::capture::har_calls(t)));
    let request = Memo::new(move |_| {
        calls.with(|calls| match calls.len() {
            0 => text.get(),
            n => calls[pick.get().min(n - 1)].clone(),
        })
    });
    Effect::new(move |before: Option<()>| {
        text.track();
        if before.is_some() {
            pick.set(0);
        }
    });
    (calls, request)
}

/// Which of a HAR log's API calls is read, when it holds more than one.
#[component]
pub fn HarPick(calls: Memo<Vec<String>>, pick: RwSignal<usize>) -> impl IntoView {
    let s = use_app();
    move || {
        let calls = calls.get();
        (calls.len() > 1).then(|| {
            let l = s.lang.get();
            let chosen = pick.get_untracked().min(calls.len() - 1);
            let options = calls
                .iter()
                .enumerate()
                .map(|(i, text)| {
                    let label = check::call_label(text, l);
                    view! {
                        <option value=i.to_string() selected=i == chosen>
                            {format!("{} · {label}", i + 1)}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <label class="sup-row" data-testid="check-har-pick">
                    <span class="sup-label">
                        {fill(T::CheckHarCalls.get(l), &[("n", &calls.len().to_string())])}
                    </span>
                    <select on:change=move |ev| {
                        pick.set(event_target_value(&ev).parse().unwrap_or(0))
                    }>{options}</select>
                </label>
            }
        })
    }
}
