//! Shared by every target (`#[path]`-included, not a target itself).

use std::sync::Once;

/// By default a panic anywhere is a crash, including one inside the
/// reader's `catch_unwind` isolation (libfuzzer-sys's hook aborts before
/// unwinding): a calamine panic is still a bug worth a reproducer even if
/// the command line turns it into "corrupt workbook".
///
/// With `MDKPI_FUZZ_CLI_PANICS=1` the harness installs the command line's
/// own panic hook instead, so a panic the reader isolates is handled as it
/// is for a user (an error naming the file) and only panics that escape
/// the isolation, aborts, out-of-memory and timeouts are crashes. Use it
/// for a long campaign once the isolated panics are known.
pub fn setup() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if std::env::var_os("MDKPI_FUZZ_CLI_PANICS").is_some_and(|v| v == "1") {
            mdkpi::ingest::workbook::install_panic_hook();
        }
    });
}
