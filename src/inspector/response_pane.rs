//! The response column: the inspector (status, timing, envelope verdict, JSON tree).

use leptos::prelude::*;

use crate::inspector::Inspector;
use crate::state::use_app;

#[component]
pub fn ResponsePane() -> impl IntoView {
    let s = use_app();
    let api = Signal::derive(move || s.api.get());
    let lang = Signal::derive(move || s.lang.get());
    let outdated = Memo::new(move |_| s.answer_outdated_by());
    view! {
        <crate::credentials::use_token::UseAnswer />
        <Inspector sender=s.sender api outdated lang />
    }
}
