//! The catalog (`../../catalog`) is embedded with `include_str!` from outside this crate, and
//! cargo records such paths absolutely: with a target dir shared by two checkouts, one would
//! build with the other's catalog. Watching the folder from here ties the build to this one.
fn main() {
    println!("cargo:rerun-if-changed=../../catalog");
}
