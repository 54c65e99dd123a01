//! Writing what `report`, `export` and `init` produce (SPEC §11): a folder
//! written as one change ([`folder`]: staging beside the target, the
//! user's own files carried over, one swap) and the report printed to PDF
//! through headless Chromium ([`pdf`]). What fails is an [`Error`] that
//! says what it is (the operation, the path, the system's error); the
//! message catalogue renders it in the analyst's language.

mod error;
pub(crate) mod folder;
pub(crate) mod pdf;

pub use error::{Error, Set};
