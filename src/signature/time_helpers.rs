//! Pinning the clock without doing vendor arithmetic by hand: "now", "−5 min", "−20 min",
//! "+5 min" and a date-time picker (Beijing time, which all three gateways run on). Each
//! writes the pin in the vendor's own format: Taobao `yyyy-MM-dd HH:mm:ss` GMT+8, 旺店通
//! seconds since 2012-01-01 00:00:00 Beijing time (Unix 1325347200), Kingdee Unix milliseconds.

use countersign_core::clock::{beijing, no_such_time, read_beijing};
use countersign_core::Vendor;
use leptos::prelude::*;

use crate::i18n::{fill, T};
use crate::signature::signing;
use crate::state::use_app;

/// What a pin in `vendor`'s format means, Unix ms (`None` when it does not parse).
pub fn pinned_ms(vendor: Vendor, pin: &str) -> Option<i64> {
    countersign_core::vendor::parse_timestamp(vendor, pin)
}

/// What a pin the vendor cannot read as meant probably means, in the vendor's own format: a
/// Beijing time typed where 旺店通 or Kingdee want a number, or a number in another unit
/// (Unix seconds for Kingdee's milliseconds, and the like).
pub fn meant(vendor: Vendor, pin: &str, clock_ms: i64) -> Option<String> {
    use countersign_core::vendor::{unit_slip, UnitSlip};
    let ms = match unit_slip(vendor, pin, clock_ms) {
        Some(UnitSlip::Seconds | UnitSlip::UnixSeconds) => pin.trim().parse::<i64>().ok()? * 1000,
        Some(UnitSlip::Milliseconds) => pin.trim().parse::<i64>().ok()?,
        // Taobao's own form reads as itself (and so offers nothing); a `T` or `/` form of
        // it, or one to the minute, is the same time as the gateway wants it written.
        None => read_beijing(pin)?,
    };
    let text = signing::live_timestamp(vendor, ms);
    (text != pin.trim()).then_some(text)
}

/// "Pin as …": puts in the pin what [`meant`] reads it as.
#[component]
pub fn PinAsMeant() -> impl IntoView {
    let s = use_app();
    let fixed = move || {
        let v = s.api.get()?.vendor;
        s.pins
            .with(|p| meant(v, &p.timestamp, crate::platform::now_ms()))
    };
    move || {
        fixed().map(|text| {
            let label = text.clone();
            view! {
                <button
                    type="button"
                    class="btn tiny"
                    data-testid="pin-timestamp-fix"
                    on:click=move |_| s.pins.update(|p| p.timestamp = text.clone())
                >
                    {move || fill(s.t(T::PinAsMeant), &[("value", &label)])}
                </button>
            }
        })
    }
}

#[component]
pub fn TimeHelpers() -> impl IntoView {
    let s = use_app();
    let vendor = move || s.api.get().map(|a| a.vendor);
    // The Beijing-time field's text while it differs from the pin (being typed, or not
    // understood): kept as typed, never replaced under the person's fingers.
    let typed = RwSignal::new(None::<String>);
    let rejected = RwSignal::new(false);
    let pin_at = move |ms: i64| {
        if let Some(v) = vendor() {
            let text = signing::live_timestamp(v, ms);
            s.pins.update(|p| p.timestamp = text);
            typed.set(None);
            rejected.set(false);
        }
    };
    let shift = move |id: &'static str, minutes: i64| {
        let label = move || {
            let sign = if minutes < 0 { "−" } else { "+" };
            format!("{sign}{} {}", minutes.abs(), s.t(T::Minutes))
        };
        view! {
            <button
                type="button"
                class="btn tiny"
                data-testid=id
                title=move || s.t(T::PinShiftHint)
                on:click=move |_| pin_at(crate::platform::now_ms() + minutes * 60_000)
            >
                {label}
            </button>
        }
    };
    // The pin as Beijing time, whatever the vendor's own format.
    let pinned = move || {
        let v = vendor()?;
        let ms = s.pins.with(|p| pinned_ms(v, &p.timestamp))?;
        Some(beijing(ms))
    };
    let shown = move || typed.get().or_else(pinned).unwrap_or_default();
    // Applied on Enter or leaving the field (a time half typed is no time yet).
    let apply = move |text: String| {
        if text.trim().is_empty() {
            typed.set(None);
            rejected.set(false);
            return;
        }
        match read_beijing(&text) {
            Some(ms) => pin_at(ms),
            None => {
                typed.set(Some(text));
                rejected.set(true);
            }
        }
    };
    view! {
        <div class="time-helpers" role="group" aria-label=move || s.t(T::PinTimestamp)>
            <button
                type="button"
                class="btn tiny"
                data-testid="pin-ts-now"
                on:click=move |_| pin_at(crate::platform::now_ms())
            >
                {move || s.t(T::PinShiftNow)}
            </button>
            {shift("pin-ts-minus5", -5)}
            {shift("pin-ts-minus20", -20)}
            {shift("pin-ts-plus5", 5)}
            <label class="ts-picker" title=move || s.t(T::PinPickerHint)>
                // Text, not `datetime-local`: that one writes the browser's locale
                // (mm/dd/yyyy in a 中文 page) and takes no pasted time from a log.
                <input
                    type="text"
                    class="input mono"
                    data-testid="pin-ts-picker"
                    placeholder="yyyy-MM-dd HH:mm:ss"
                    spellcheck="false"
                    autocomplete="off"
                    aria-label=move || s.t(T::PinPickerHint)
                    aria-invalid=move || rejected.get().to_string()
                    prop:value=shown
                    on:input=move |ev| {
                        typed.set(Some(event_target_value(&ev)));
                        rejected.set(false);
                    }
                    on:change=move |ev| apply(event_target_value(&ev))
                />
                <span class="muted small">{move || s.t(T::BeijingTimeLabel)}</span>
            </label>
            {move || rejected.get().then(|| view! {
                <span class="pin-warn" data-testid="pin-ts-picker-error" role="status">
                    {move || {
                        let text = typed.get().unwrap_or_default();
                        if no_such_time(&text) {
                            fill(s.t(T::NoSuchTime), &[("time", text.trim())])
                        } else {
                            s.t(T::PinPickerInvalid).to_string()
                        }
                    }}
                </span>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-12-01 12:00:00 UTC = 20:00:00 in Beijing.
    const NOON_UTC: i64 = 1_796_126_400_000;

    #[test]
    fn each_vendor_reads_back_its_own_pin() {
        for v in [Vendor::Taobao, Vendor::Wdt, Vendor::Kingdee] {
            let pin = signing::live_timestamp(v, NOON_UTC);
            assert_eq!(pinned_ms(v, &pin), Some(NOON_UTC), "{v:?} {pin}");
        }
        assert_eq!(
            signing::live_timestamp(Vendor::Taobao, NOON_UTC),
            "2026-12-01 20:00:00"
        );
        // 旺店通 counts seconds from 2012-01-01 00:00:00 Beijing time (Unix 1325347200).
        assert_eq!(
            signing::live_timestamp(Vendor::Wdt, NOON_UTC),
            (NOON_UTC / 1000 - 1_325_347_200).to_string()
        );
    }

    #[test]
    fn a_pin_in_the_wrong_form_is_read_as_meant() {
        let wdt = signing::live_timestamp(Vendor::Wdt, NOON_UTC);
        let kd = NOON_UTC.to_string();
        let secs = (NOON_UTC / 1000).to_string();
        assert_eq!(
            meant(Vendor::Wdt, "2026-12-01 20:00:00", NOON_UTC),
            Some(wdt.clone())
        );
        assert_eq!(meant(Vendor::Wdt, &secs, NOON_UTC), Some(wdt.clone()));
        assert_eq!(meant(Vendor::Wdt, &kd, NOON_UTC), Some(wdt.clone()));
        assert_eq!(
            meant(Vendor::Kingdee, "2026-12-01 20:00", NOON_UTC),
            Some(kd.clone())
        );
        assert_eq!(meant(Vendor::Kingdee, &secs, NOON_UTC), Some(kd.clone()));
        // Right as it is, or not a time at all: nothing to offer.
        assert_eq!(meant(Vendor::Wdt, &wdt, NOON_UTC), None);
        assert_eq!(meant(Vendor::Kingdee, &kd, NOON_UTC), None);
        assert_eq!(meant(Vendor::Taobao, "2026-12-01 20:00:00", NOON_UTC), None);
        for typed in ["2026-12-01T20:00:00", "2026/12/01 20:00"] {
            assert_eq!(
                meant(Vendor::Taobao, typed, NOON_UTC).as_deref(),
                Some("2026-12-01 20:00:00"),
                "{typed}"
            );
        }
        assert_eq!(meant(Vendor::Wdt, "soon", NOON_UTC), None);
    }

    #[test]
    fn the_time_field_reads_beijing_time_as_people_write_it() {
        for text in [
            "2026-12-01 20:00:00",
            " 2026-12-01 20:00 ",
            "2026-12-01T20:00:00",
            "2026/12/01 20:00:00",
        ] {
            assert_eq!(read_beijing(text), Some(NOON_UTC), "{text}");
        }
        for text in [
            "garbage",
            "",
            "2026-02-31 10:00:00",
            "2026-12-01 24:00:00",
            "12/01/2026 20:00",
            "2026-12-01 20:00:00.5",
        ] {
            assert_eq!(read_beijing(text), None, "{text}");
        }
        // Which of those are written right but name no time: said so, not "write it as".
        use countersign_core::clock::no_such_time;
        for text in [
            "2026-02-30 10:00",
            "2026-12-01 24:00:00",
            "2026-13-01T00:00",
            "2026-12-01 23:59:61",
        ] {
            assert!(no_such_time(text), "{text}");
        }
        for text in [
            "garbage",
            "",
            "12/01/2026 20:00",
            "2026-12-01 20:00",
            "2026-1-01 20:00",
        ] {
            assert!(!no_such_time(text), "{text}");
        }
    }
}
