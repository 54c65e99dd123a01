//! A message's parameters: [`Param`], how a value is shown in the
//! message's language, for the catalogue's parameter types
//! ([`super::catalogue`]) and for the errors and details from elsewhere
//! ([`super::detail`]); and [`Shared`], an error carried in a message.

use std::sync::Arc;

use super::lang::Lang;

/// A parameter of a message, shown in the message's language.
pub trait Param {
    fn show(&self, lang: Lang) -> String;
}

impl Param for String {
    fn show(&self, _: Lang) -> String {
        self.clone()
    }
}

macro_rules! plain_param {
    ($($t:ty),*) => {$(
        impl Param for $t {
            fn show(&self, _: Lang) -> String {
                self.to_string()
            }
        }
    )*};
}
plain_param!(usize, u16, u32, u64, i32, i64, &'static str, Box<str>);

/// An error of the system or of another part of mdkpi, carried whole in a
/// message (its kind, path and operation, not its English text): shared,
/// because a message is cloned, and compared by what it says in English,
/// because an `io::Error` cannot be compared. Its [`Param`] (in
/// [`super::detail`]) renders it in the message's language.
#[derive(Debug)]
pub struct Shared<E>(pub Arc<E>);

// By hand: the error itself need not be `Clone` (`derive` would ask it).
impl<E> Clone for Shared<E> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<E> From<E> for Shared<E> {
    fn from(e: E) -> Self {
        Shared(Arc::new(e))
    }
}

impl<E: std::fmt::Display> PartialEq for Shared<E> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0.to_string() == other.0.to_string()
    }
}

impl<E: std::fmt::Display> std::fmt::Display for Shared<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// An operating-system error (reading a file, listing a folder).
pub type IoError = Shared<std::io::Error>;
/// What failed when writing the output ([`crate::output::Error`]).
pub type WriteError = Shared<crate::output::Error>;
/// The workbook writer's error when a collection form cannot be made.
pub type FormError = Shared<rust_xlsxwriter::XlsxError>;
