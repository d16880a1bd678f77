//! Small widgets shared by the features: the one Copy button, the one dialog frame and the
//! notice at the bottom of the page.

mod copy_button;
mod dialog;
mod notice;

pub use copy_button::{CopyButton, CopyLook};
pub use dialog::DialogFrame;
pub use notice::{provide_notice, use_notice, Notice, NoticeView};
