//! Small widgets shared by the features: the one Copy button, the one dialog frame (and
//! the button that opens a dialog), the paste box, the notice at the bottom of the page,
//! and signed text with its unseen characters marked.

mod code_text;
mod copy_button;
mod dialog;
mod notice;
mod paste_box;
mod signed_text;

pub use code_text::code_text;
pub use copy_button::{CopyButton, CopyLook};
pub use dialog::{DialogButton, DialogFrame};
pub use notice::{notice_on_error, provide_notice, use_notice, Notice, NoticeView, UndoAction};
pub use paste_box::PasteBox;
pub use signed_text::signed_text;
