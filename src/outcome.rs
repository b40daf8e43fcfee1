//! How a command ended: the type every command returns, defined below both
//! [`crate::app`] and [`crate::edit`] so that neither imports the other's
//! caller.

/// How a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything went well: exit 0.
    Success,
    /// The data is invalid or a check failed: exit 1.
    Failure,
    /// An argument was malformed in a way only known once today is (a
    /// relative date past 9999-12-31, say): exit 2, like clap's errors.
    Usage,
}
