//! What a command prints and its exit code: every command returns one, and
//! main prints it. Here, under the messages, so that every layer (`diag`'s
//! own `codes` command, the checks, validate, compute, report) can return
//! one without depending on a layer above it.

use super::Msg;

/// What a command prints and its exit code; main prints it.
#[derive(Debug, Default)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub code: u8,
}

impl Outcome {
    fn usage_text(message: String) -> Self {
        Outcome {
            stderr: format!("mdkpi: {message}\n"),
            code: 2,
            ..Outcome::default()
        }
    }

    fn data_error_text(message: String) -> Self {
        Outcome {
            stderr: format!("mdkpi: {message}\n"),
            code: 1,
            ..Outcome::default()
        }
    }

    /// A usage error from the catalogue: `mdkpi: CODE: text`, exit 2.
    pub fn usage(message: Msg) -> Self {
        Self::usage_text(coded(&message))
    }

    /// A data error from the catalogue: `mdkpi: CODE: text`, exit 1.
    pub fn data_error(message: Msg) -> Self {
        Self::data_error_text(coded(&message))
    }
}

/// `CODE: text` in the run's language.
pub(crate) fn coded(message: &Msg) -> String {
    format!(
        "{}: {}",
        message.code().as_str(),
        message.text(super::lang::current())
    )
}
