//! Which environment and credentials are in use: the builder's choice per vendor (Mock
//! until the person picks another), the set for a vendor and environment (the mocks start
//! from their demo values), and which of its values are secret.

use std::collections::BTreeMap;

use countersign_core::catalog::{self, Api, Environment, EnvironmentKind};
use countersign_core::Vendor;
use leptos::prelude::*;

use super::store::{CredSet, CredStore, Fields};
use crate::state::AppState;

/// The chosen environment of `api`'s vendor; Mock until the user picks another.
pub fn env_of(api: &'static Api, envs: &BTreeMap<String, String>) -> &'static Environment {
    let vendor = api.vendor_info();
    envs.get(api.vendor.id())
        .and_then(|id| vendor.environment(id))
        .or_else(|| {
            vendor
                .environments
                .iter()
                .find(|e| e.kind == EnvironmentKind::Mock)
        })
        .unwrap_or(&vendor.environments[0])
}

/// The credential set for this vendor/environment; the mocks start from their demo values.
pub fn cred_set(store: &CredStore, api: &Api, env: &Environment) -> CredSet {
    let demo: Option<Fields> = env.demo_credentials.as_ref().map(|m| {
        m.iter()
            .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
            .collect()
    });
    store.get(api.vendor.id(), &env.id, demo.as_ref())
}

/// The secret credentials in use for the API and environment on screen, by name.
pub fn secret_pairs(s: &AppState) -> Vec<(String, String)> {
    let (Some(api), Some(env)) = (s.api.get_untracked(), s.env_untracked()) else {
        return Vec::new();
    };
    let set = s.creds.with_untracked(|c| cred_set(c, api, env));
    let info = catalog::vendor(api.vendor);
    set.fields
        .iter()
        .filter(|(k, _)| info.credential(k).is_none_or(|f| f.secret))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// In Mock, the secrets (by name) holding a value that is neither empty nor the mock's
/// published demo one, with the vendor; none outside Mock.
fn unlike_mock_demo(s: &AppState) -> Option<(Vendor, Vec<String>)> {
    let (api, env) = (s.api.get_untracked()?, s.env_untracked()?);
    if env.kind != countersign_core::catalog::EnvironmentKind::Mock {
        return None;
    }
    let demo = api.vendor_info().demo_credentials();
    let names = secret_pairs(s)
        .into_iter()
        .filter(|(k, v)| !v.is_empty() && demo.get(k).and_then(|d| d.as_str()) != Some(v.as_str()))
        .map(|(k, _)| k)
        .collect();
    Some((api.vendor, names))
}

/// In Mock, with every secret left empty or at the mock's own published demo value. Such
/// values hide nothing (exports keep them: a `<session>` placeholder made a class's first
/// copied cURL fail), and any other value is what makes the mock refuse a signature.
pub fn secrets_are_mock_demo_values(s: &AppState) -> bool {
    unlike_mock_demo(s).is_some_and(|(_, names)| names.is_empty())
}

/// In Mock, the signing secrets (the session token aside) holding a value that is not the
/// mock's demo one: what makes the mock refuse a signature, by name.
pub fn secrets_unlike_mock_demo(s: &AppState) -> Vec<String> {
    let Some((vendor, names)) = unlike_mock_demo(s) else {
        return Vec::new();
    };
    let token = countersign_core::vendor::session_token_field(vendor);
    names
        .into_iter()
        .filter(|k| Some(k.as_str()) != token)
        .collect()
}

/// The values of the credentials the catalog marks secret.
pub fn secret_values(vendor: Vendor, set: &CredSet) -> Vec<String> {
    let info = catalog::vendor(vendor);
    set.fields
        .iter()
        .filter(|(k, _)| info.credential(k).is_none_or(|f| f.secret))
        .map(|(_, v)| v.clone())
        .collect()
}

/// The environment a vendor's tools use: `chosen`, else the builder's, else Mock.
pub fn vendor_env(
    vendor: Vendor,
    chosen: Option<&str>,
    builder: &BTreeMap<String, String>,
) -> &'static Environment {
    let info = catalog::vendor(vendor);
    chosen
        .or(builder.get(vendor.id()).map(String::as_str))
        .and_then(|id| info.environment(id))
        .or_else(|| {
            info.environments
                .iter()
                .find(|e| e.kind == EnvironmentKind::Mock)
        })
        .unwrap_or(&info.environments[0])
}
