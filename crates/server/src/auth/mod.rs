//! Who is asking: passwords, sessions, CSRF protection, the login rate limit, API bearer tokens
//! and the session's unlocked journal.

pub mod bearer;
pub mod client;
pub mod cookie;
pub mod csrf;
pub mod journal;
pub mod limiter;
pub mod password;
pub mod session;
pub mod token;

pub use bearer::bearer_user;
pub use journal::{journal_key, lock_journal, start_journal, unlock_journal};
pub use session::{CurrentUser, MaybeUser};
