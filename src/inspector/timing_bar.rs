//! The relay's `Server-Timing` phases as one horizontal bar, with the browser's own total.

use leptos::prelude::*;

use crate::i18n::{Lang, T};
use crate::inspector::timing::{connection_reused, format_ms, segments, Metric, Phase};

fn phase_text(p: Phase) -> T {
    match p {
        Phase::Dns => T::PhaseDns,
        Phase::Connect => T::PhaseConnect,
        Phase::Tls => T::PhaseTls,
        Phase::Wait => T::PhaseWait,
        Phase::Transfer => T::PhaseTransfer,
        Phase::Client => T::PhaseClient,
    }
}

#[component]
pub fn TimingBar(
    metrics: Vec<Metric>,
    browser_ms: Option<f64>,
    upstream_ms: Option<f64>,
    #[prop(into)] lang: Signal<Lang>,
) -> impl IntoView {
    let segs = segments(&metrics, browser_ms);
    let total: f64 = segs.iter().map(|s| s.dur_ms).sum();
    if segs.is_empty() || total <= 0.0 {
        return ().into_any();
    }
    let bar = segs
        .iter()
        .map(|s| {
            let seg = *s;
            let pct = (seg.dur_ms / total * 100.0).max(0.0);
            let title = move || {
                format!(
                    "{} {}",
                    phase_text(seg.phase).get(lang.get()),
                    format_ms(seg.dur_ms)
                )
            };
            view! {
                <span
                    class=format!("insp-seg {}", seg.phase.id())
                    style=format!("width:{pct:.3}%")
                    title=title
                    data-testid=format!("insp-seg-{}", seg.phase.id())
                ></span>
            }
        })
        .collect_view();
    let legend = segs
        .iter()
        .map(|s| {
            let seg = *s;
            view! {
                <span class="insp-legend-item">
                    <i class=format!("insp-swatch {}", seg.phase.id())></i>
                    {move || phase_text(seg.phase).get(lang.get())}
                    " "
                    <b>{format_ms(seg.dur_ms)}</b>
                </span>
            }
        })
        .collect_view();
    let reused = connection_reused(&metrics).then(|| {
        view! {
            <span class="insp-legend-item insp-reused" data-testid="insp-conn-reused">
                {move || T::InspConnReused.get(lang.get())}
            </span>
        }
    });
    let upstream = upstream_ms.map(|ms| {
        view! {
            // Not a part of the bar but the sum of the relay's upstream parts: an empty
            // swatch keeps it in line with the parts.
            <span class="insp-legend-item insp-upstream" title=move || T::InspUpstreamTitle.get(lang.get())>
                <i class="insp-swatch total"></i>
                {move || T::InspUpstream.get(lang.get())}
                " "
                <b>{format_ms(ms)}</b>
            </span>
        }
    });
    view! {
        <div class="insp-timing" data-testid="insp-timing">
            <div class="insp-timing-label">{move || T::InspTiming.get(lang.get())}</div>
            <div class="insp-bar" role="img" aria-label=move || T::InspTiming.get(lang.get())>
                {bar}
            </div>
            <div class="insp-legend">{legend} {reused} {upstream}</div>
        </div>
    }
    .into_any()
}
