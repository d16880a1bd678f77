//! Small widgets shared by the features: the one Copy button and the one dialog frame.

mod copy_button;

pub use copy_button::{CopyButton, CopyLook};
