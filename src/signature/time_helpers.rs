//! Pinning the clock without doing vendor arithmetic by hand: "now", "−5 min", "−20 min",
//! "+5 min" and a date-time picker (Beijing time, which all three gateways run on). Each
//! writes the pin in the vendor's own format: Taobao `yyyy-MM-dd HH:mm:ss` GMT+8, 旺店通
//! seconds since 2012-01-01 00:00:00 Beijing time (Unix 1325347200), Kingdee Unix milliseconds.

use countersign_core::clock::{beijing, parse_datetime};
use countersign_core::Vendor;
use leptos::prelude::*;

use crate::i18n::T;
use crate::signature::signing;
use crate::state::use_app;

/// What a pin in `vendor`'s format means, Unix ms (`None` when it does not parse).
pub fn pinned_ms(vendor: Vendor, pin: &str) -> Option<i64> {
    countersign_core::vendor::parse_timestamp(vendor, pin)
}

/// A `datetime-local` value (`2026-12-01T20:15` or with seconds), read as Beijing time.
pub fn picker_ms(value: &str) -> Option<i64> {
    let v = value.trim().replace('T', " ");
    let v = if v.len() == 16 { format!("{v}:00") } else { v };
    parse_datetime(&v, 8)
}

/// Beijing time as a `datetime-local` value.
pub fn picker_value(ms: i64) -> String {
    beijing(ms).replace(' ', "T")
}

#[component]
pub fn TimeHelpers() -> impl IntoView {
    let s = use_app();
    let vendor = move || s.api.get().map(|a| a.vendor);
    let pin_at = move |ms: i64| {
        if let Some(v) = vendor() {
            let text = signing::live_timestamp(v, ms);
            s.pins.update(|p| p.timestamp = text);
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
    let picked = move || {
        let v = vendor()?;
        let ms = s.pins.with(|p| pinned_ms(v, &p.timestamp))?;
        Some(picker_value(ms))
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
                <input
                    type="datetime-local"
                    step="1"
                    class="input mono"
                    data-testid="pin-ts-picker"
                    prop:value=move || picked().unwrap_or_default()
                    on:change=move |ev| {
                        if let Some(ms) = picker_ms(&event_target_value(&ev)) {
                            pin_at(ms);
                        }
                    }
                />
                <span class="muted small">"GMT+8"</span>
            </label>
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
        // 旺店通 counts seconds from 2012-01-01 00:00:00 UTC.
        assert_eq!(
            signing::live_timestamp(Vendor::Wdt, NOON_UTC),
            (NOON_UTC / 1000 - 1_325_347_200).to_string()
        );
    }

    #[test]
    fn the_picker_is_beijing_time() {
        assert_eq!(picker_value(NOON_UTC), "2026-12-01T20:00:00");
        assert_eq!(picker_ms("2026-12-01T20:00:00"), Some(NOON_UTC));
        assert_eq!(picker_ms("2026-12-01T20:00"), Some(NOON_UTC));
        assert_eq!(picker_ms("garbage"), None);
    }
}
