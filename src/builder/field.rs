//! One parameter: its label and hints, the control its type calls for, and the validator's
//! messages beside it.

use countersign_core::catalog::{Field, FieldType, Format, ValueType};
use leptos::prelude::*;
use serde_json::Value;

use super::array::{MapField, ObjectArray, ScalarArray};
use super::{findings_at, value_at, write, Source};
use crate::builder::document::{child, format_path, Path, Seg};
use crate::builder::formats;
use crate::i18n::{fill, T};
use crate::state::{use_app, AppState};

/// The view for `field` at `path`, whatever its type (recursive through objects/arrays).
pub fn field_view(field: &'static Field, path: Path, src: Source) -> AnyView {
    // The form filter (required only, field search) hides what does not match.
    let layout = use_context::<crate::layout::Layout>();
    let inner = field_kind_view(field, path, src);
    view! {
        <div class="fslot" class:filtered-out=move || layout.is_some_and(|l| l.hides(field))>
            {inner}
        </div>
    }
    .into_any()
}

fn field_kind_view(field: &'static Field, path: Path, src: Source) -> AnyView {
    match field.ty {
        FieldType::Object => view! { <ObjectField field path src /> }.into_any(),
        FieldType::Array => match field.items.as_deref() {
            Some(items) if items.ty == FieldType::Object => {
                view! { <ObjectArray field items path /> }.into_any()
            }
            _ => view! { <ScalarArray field path src /> }.into_any(),
        },
        FieldType::Map => view! { <MapField field path src /> }.into_any(),
        _ => view! { <ScalarField field path src /> }.into_any(),
    }
}

/// Name, doc label, required mark and description — shared by every kind of field. The
/// label is `{id}-label`; it points at the control `id` unless `heading` (an object's or
/// list's heading, a yes/no group), which names its group by `aria-labelledby` instead.
#[component]
pub fn FieldLabel(
    field: &'static Field,
    #[prop(into)] id: String,
    #[prop(optional)] heading: bool,
) -> impl IntoView {
    let s = use_app();
    // The doc's 名称 often repeats the description: show it once.
    let desc = move || {
        let l = s.lang.get();
        let d = l.text(&field.description);
        let same = field.label.as_ref().is_some_and(|t| l.text(t) == d);
        // A description that only repeats the name (Taobao's `req_dto`: "reqDto") says
        // nothing; the note beside it does.
        let squash = |s: &str| s.replace('_', "").to_lowercase();
        let only_the_name = field.note.is_some() && squash(d.trim()) == squash(&field.name);
        if same || only_the_name {
            String::new()
        } else {
            d.to_string()
        }
    };
    let label = move || {
        field
            .label
            .as_ref()
            .map(|l| s.lang.get().text(l).to_string())
            .filter(|l| *l != field.name)
    };
    let meta = move || {
        let l = s.lang.get();
        let mut bits = Vec::new();
        if let Some(f) = field.format {
            bits.push(format_name(f, l).to_string());
        }
        if let Some(n) = field.max_length {
            bits.push(format!("{} {n}", T::MaxLength.get(l)));
        }
        if let Some(n) = field.max_items {
            bits.push(format!("{} {n}", T::MaxItems.get(l)));
        }
        if let Some(n) = field.minimum {
            bits.push(format!("{} {n}", T::Minimum.get(l)));
        }
        if let Some(n) = field.maximum {
            bits.push(format!("{} {n}", T::Maximum.get(l)));
        }
        if let Some(v) = &field.fixed {
            bits.push(format!("{} {}", T::Fixed.get(l), formats::display(Some(v))));
        }
        if let Some(ex) = &field.example {
            if !ex.is_object() && !ex.is_array() {
                bits.push(format!(
                    "{}: {}",
                    T::Example.get(l),
                    formats::display(Some(ex))
                ));
            }
        }
        bits.join(" · ")
    };
    view! {
        <label class="field-label" id=format!("{id}-label") for=(!heading).then_some(id)>
            <span class="field-name">
                <code>{field.name.clone()}</code>
                {field
                    .required
                    .then(|| {
                        view! {
                            <span class="req" title=move || s.t(T::Required)>"*"</span>
                        }
                    })}
                <span class="field-title">{label}</span>
            </span>
            <span class="field-desc" title=desc>{desc}</span>
            // Our remark where the vendor's text is not enough (derived values, terse docs).
            {field
                .note
                .as_ref()
                .map(|n| {
                    view! {
                        <span class="field-note">{move || s.lang.get().text(n).to_string()}</span>
                    }
                })}
            <span class="field-meta">{meta}</span>
        </label>
    }
}

/// The validator's messages for exactly this path, in `msgs-{path}`: the control names it
/// in `aria-describedby`, and a message that comes while typing is announced.
#[component]
pub fn FieldMessages(#[prop(into)] path: String) -> impl IntoView {
    let s = use_app();
    let found = findings_at(s, path.clone());
    let any = {
        let found = found.clone();
        move || found.with(|f| !f.is_empty())
    };
    let id = messages_id(&path);
    view! {
        <div id=id aria-live="polite">
        <Show when=any>
            <ul class="field-msgs" data-testid=format!("findings-{path}")>
                {
                    let found = found.clone();
                    move || {
                        let l = s.lang.get();
                        found
                            .get()
                            .into_iter()
                            .map(|f| {
                                let err = f.is_error();
                                view! {
                                    <li class:err=err class:warn=!err>
                                        // A space, not only a margin: a screen reader
                                        // read "owner_codeis required".
                                        <code class="finding-path">{f.path.clone()}</code>
                                        " "
                                        {f.message(l).to_string()}
                                    </li>
                                }
                            })
                            .collect_view()
                    }
                }
            </ul>
        </Show>
        </div>
    }
}

fn messages_id(path: &str) -> String {
    format!("msgs-{path}")
}

/// What a control tells assistive technology about its field: required, wrong (an error
/// at its path), and where the messages saying why are.
#[derive(Clone)]
struct Aria {
    required: bool,
    invalid: Signal<bool>,
    messages: String,
}

impl Aria {
    fn new(s: AppState, field: &Field, key: &str) -> Self {
        let found = findings_at(s, key.to_string());
        Self {
            required: field.required,
            invalid: Signal::derive(move || found.with(|f| f.iter().any(|x| x.is_error()))),
            messages: messages_id(key),
        }
    }
}

#[component]
fn ObjectField(field: &'static Field, path: Path, src: Source) -> impl IntoView {
    let key = format_path(&path);
    let children = field
        .fields
        .iter()
        .map(|f| field_view(f, child(&path, Seg::Key(f.name.clone())), src))
        .collect_view();
    view! {
        <details class="group object" open=true data-testid=format!("field-{key}")>
            <summary>
                <FieldLabel field id=format!("in-{key}") heading=true />
            </summary>
            <FieldMessages path=key.clone() />
            <div class="group-body">{children}</div>
        </details>
    }
}

/// A scalar parameter: text, number, enum, boolean or date.
#[component]
fn ScalarField(field: &'static Field, path: Path, src: Source) -> impl IntoView {
    let s = use_app();
    let key = format_path(&path);
    let id = format!("in-{key}");
    let value = value_at(s, src, path.clone());
    let aria = Aria::new(s, field, &key);
    let control = match field.ty {
        FieldType::Enum => enum_control(field, path, value, id.clone(), aria).into_any(),
        FieldType::Boolean => bool_control(path, value, &id, aria).into_any(),
        FieldType::Integer | FieldType::Decimal => {
            number_control(field, path, value, id.clone(), aria).into_any()
        }
        FieldType::Date | FieldType::Datetime => {
            date_control(field, path, value, id.clone(), aria).into_any()
        }
        _ if matches!(field.format, Some(Format::Date | Format::DateTime)) => {
            date_control(field, path, value, id.clone(), aria).into_any()
        }
        _ => text_control(field, path, value, id.clone(), aria).into_any(),
    };
    let testid = format!("field-{key}");
    let heading = field.ty == FieldType::Boolean;
    view! {
        <div class="field" data-testid=testid class:required=field.required>
            <FieldLabel field id=id heading />
            <div class="field-control">
                {control}
                <FieldMessages path=key />
            </div>
        </div>
    }
}

fn text_control(
    field: &'static Field,
    path: Path,
    value: Memo<Option<Value>>,
    id: String,
    aria: Aria,
) -> impl IntoView {
    let s = use_app();
    let key = format_path(&path);
    let placeholder = example_hint(s, field);
    view! {
        <input
            id=id
            aria-required=aria.required.to_string()
            aria-invalid=move || aria.invalid.get().to_string()
            aria-describedby=aria.messages
            type="text"
            class="input"
            class:mono=field.format.is_some()
            data-testid=format!("input-{key}")
            placeholder=placeholder
            prop:value=move || formats::display(value.get().as_ref())
            on:input=move |ev| {
                let v = event_target_value(&ev);
                // Emptied, it leaves the document, unless the doc wants "" sent.
                let keep = !v.is_empty() || (field.required && field.may_be_empty);
                write(s, &path, keep.then_some(Value::String(v)));
            }
        />
    }
}

fn number_control(
    field: &'static Field,
    path: Path,
    value: Memo<Option<Value>>,
    id: String,
    aria: Aria,
) -> impl IntoView {
    let s = use_app();
    let key = format_path(&path);
    let integer = field.ty == FieldType::Integer;
    // The text as typed: `1.50` stays on screen while the document holds 1.5.
    let text = RwSignal::new(formats::display(value.get_untracked().as_ref()));
    Effect::new(move |_| {
        let v = value.get();
        if !formats::same_number(&text.get_untracked(), v.as_ref(), integer) {
            text.set(formats::display(v.as_ref()));
        }
    });
    // Marked only: the validator's finding below the field says what is wrong, in the
    // same words as the findings list (a second, shorter message here said it twice).
    let problem = move || formats::number_problem(&text.get(), integer);
    view! {
        <input
            id=id
            aria-required=aria.required.to_string()
            aria-invalid=move || (aria.invalid.get() || problem().is_some()).to_string()
            aria-describedby=aria.messages
            type="text"
            inputmode=if integer { "numeric" } else { "decimal" }
            class="input mono"
            class:invalid=move || problem().is_some()
            data-testid=format!("input-{key}")
            placeholder=example_hint(s, field)
            prop:value=move || text.get()
            on:input=move |ev| {
                let v = event_target_value(&ev);
                text.set(v.clone());
                write(s, &path, formats::number_value(&v, integer));
            }
        />
    }
}

fn enum_control(
    field: &'static Field,
    path: Path,
    value: Memo<Option<Value>>,
    id: String,
    aria: Aria,
) -> impl IntoView {
    let s = use_app();
    let key = format_path(&path);
    let current = move || value.get().as_ref().map(canonical).unwrap_or_default();
    // A value outside the list (open enums, or a typo) stays visible as its own option.
    let extra = move || {
        let v = value.get()?;
        field.enum_value(&v).is_none().then(|| canonical(&v))
    };
    view! {
        <select
            id=id
            aria-required=aria.required.to_string()
            aria-invalid=move || aria.invalid.get().to_string()
            aria-describedby=aria.messages
            class="input"
            data-testid=format!("input-{key}")
            prop:value=current
            on:change=move |ev| {
                let picked = event_target_value(&ev);
                let v = if picked.is_empty() {
                    None
                } else {
                    Some(
                        field
                            .values
                            .iter()
                            .find(|e| canonical(&e.value) == picked)
                            .map(|e| typed(field, &e.value))
                            .unwrap_or(Value::String(picked)),
                    )
                };
                write(s, &path, v);
            }
        >
            <option value="">{move || format!("— {} —", s.t(T::Unset))}</option>
            {move || {
                let cur = current();
                let l = s.lang.get();
                field
                    .values
                    .iter()
                    .map(|e| {
                        let v = canonical(&e.value);
                        let selected = v == cur;
                        let label = option_label(&v, l.text(&e.label));
                        view! { <option value=v selected=selected>{label}</option> }
                    })
                    .collect_view()
            }}
            {move || {
                extra().map(|v| view! { <option value=v.clone() selected=true>{format!("{v} ?")}</option> })
            }}
        </select>
    }
}

/// An enum option's text: the value and what it means (`1 · 已审核`), the value alone when
/// the documents name it by itself (旺店通's `ERP：ERP` read `ERP · ERP`).
fn option_label(value: &str, label: &str) -> String {
    let label = label.trim();
    if label.is_empty() || label == value {
        value.to_string()
    } else {
        format!("{value} · {label}")
    }
}

/// An enum's value as the vendor wants it sent (`value_type`).
fn typed(field: &Field, v: &Value) -> Value {
    match (field.value_type, v) {
        (Some(ValueType::Integer), Value::String(s)) => s
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| v.clone()),
        (Some(ValueType::String), Value::Number(n)) => Value::String(n.to_string()),
        _ => v.clone(),
    }
}

fn canonical(v: &Value) -> String {
    formats::display(Some(v))
}

/// Unset / true / false: absent is not the same as false for these APIs. The group is
/// named by the field's label (`{id}-label`).
fn bool_control(path: Path, value: Memo<Option<Value>>, id: &str, aria: Aria) -> impl IntoView {
    let s = use_app();
    let key = format_path(&path);
    let labelled_by = format!("{id}-label");
    let state = move || match value.get() {
        None => Some(None),
        Some(Value::Bool(b)) => Some(Some(b)),
        // 0/1 or "true": loose forms some gateways accept; shown as-is by the JSON tab.
        Some(_) => None,
    };
    let option = move |want: Option<bool>, label: T, suffix: &'static str| {
        let path = path.clone();
        view! {
            <button
                type="button"
                role="radio"
                class="seg"
                data-testid=format!("input-{key}-{suffix}")
                class:on=move || state() == Some(want)
                aria-checked=move || (state() == Some(want)).to_string()
                // One Tab stop for the group; the arrows move and choose.
                tabindex=move || {
                    crate::platform::focus_trap::tab_stop(state() == Some(want), state().is_some())
                }
                on:click=move |_| write(s, &path, want.map(Value::Bool))
            >
                {move || s.t(label)}
            </button>
        }
    };
    view! {
        <div
            class="tristate"
            role="radiogroup"
            aria-labelledby=labelled_by
            aria-required=aria.required.to_string()
            aria-invalid=move || aria.invalid.get().to_string()
            aria-describedby=aria.messages
        >
            {option(None, T::Unset, "unset")}
            {option(Some(true), T::True, "true")}
            {option(Some(false), T::False, "false")}
            {move || {
                state()
                    .is_none()
                    .then(|| {
                        view! { <code class="loose">{formats::display(value.get().as_ref())}</code> }
                    })
            }}
        </div>
    }
}

/// The vendor's text in a text box, with the browser's picker beside it writing into it.
fn date_control(
    field: &'static Field,
    path: Path,
    value: Memo<Option<Value>>,
    id: String,
    aria: Aria,
) -> impl IntoView {
    let s = use_app();
    let key = format_path(&path);
    let format = match (field.format, field.ty) {
        (Some(f), _) => f.as_str(),
        (None, FieldType::Date) => Format::Date.as_str(),
        _ => Format::DateTime.as_str(),
    };
    let path2 = path.clone();
    view! {
        <div class="date-pair">
            <input
                id=id
                aria-required=aria.required.to_string()
                aria-invalid=move || aria.invalid.get().to_string()
                aria-describedby=aria.messages
                type="text"
                class="input mono"
                data-testid=format!("input-{key}")
                placeholder=format
                prop:value=move || formats::display(value.get().as_ref())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    write(s, &path, (!v.is_empty()).then_some(Value::String(v)));
                }
            />
            <input
                type=formats::date_input_type(format)
                step="1"
                class="input picker"
                tabindex="-1"
                aria-label=move || s.t(T::DatePicker)
                title=move || s.t(T::DatePicker)
                data-testid=format!("picker-{key}")
                prop:value=move || formats::to_input(format, &formats::display(value.get().as_ref()))
                on:change=move |ev| {
                    let v = formats::from_input(format, &event_target_value(&ev));
                    write(s, &path2, (!v.is_empty()).then_some(Value::String(v)));
                }
            />
        </div>
    }
}

/// The catalog's example as a hint that reads as one ("e.g. 001"), never as a value.
fn example_hint(s: AppState, field: &'static Field) -> impl Fn() -> Option<String> {
    move || {
        let example = formats::display(Some(field.example.as_ref()?));
        let example = example.trim();
        (!example.is_empty()).then(|| fill(s.t(T::ExamplePlaceholder), &[("v", example)]))
    }
}

/// A format's name in the UI's language (date patterns are the same in both).
fn format_name(f: Format, l: crate::i18n::Lang) -> &'static str {
    match f {
        Format::Integer => T::FmtInteger.get(l),
        Format::Decimal => T::FmtDecimal.get(l),
        Format::Json => T::FmtJson.get(l),
        Format::Csv => T::FmtCsv.get(l),
        Format::Date | Format::DateTime => f.as_str(),
    }
}

#[cfg(test)]
mod option_label_tests {
    use super::option_label;

    #[test]
    fn says_a_value_once_when_its_label_is_the_value() {
        assert_eq!(option_label("1", "已审核"), "1 · 已审核");
        assert_eq!(option_label("ERP", "ERP"), "ERP");
        assert_eq!(option_label("ERP", " ERP "), "ERP");
        assert_eq!(option_label("0", ""), "0");
    }
}
