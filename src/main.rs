//! The app's entry point: mount it. Everything else is in the library (src/lib.rs).

fn main() {
    countersign_app::mount();
}
