//! Reading a `sqlite:` URL into connection options, with reasons a person understands.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

/// How long a connection waits for another writer (another process) before giving up.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Where the database lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Location {
    /// A private database in this process's memory, gone when the store is dropped.
    Memory,
    /// A database file (created if missing).
    File(PathBuf),
}

/// What a URL asks for: where, and the options every connection is opened with.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub location: Location,
    /// Durable and safe: synchronous=FULL, foreign keys on, 5 s busy timeout, created if
    /// missing. The journal mode is left alone here; see [`Target::writer_options`].
    pub options: SqliteConnectOptions,
}

const FORMS: &str = "use sqlite://PATH, sqlite:PATH or sqlite::memory:";

impl Target {
    /// Parses `sqlite://PATH`, `sqlite:PATH` or `sqlite::memory:`. The error is the reason.
    pub(crate) fn parse(url: &str) -> Result<Target, String> {
        let rest = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .ok_or_else(|| format!("this is not a SQLite URL; {FORMS}"))?;
        let path_part = rest.split('?').next().unwrap_or_default();
        if path_part.is_empty() && !rest.contains("mode=memory") {
            return Err(format!("no database file was named; {FORMS}"));
        }
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| format!("the URL is not valid: {e}"))?
            .create_if_missing(true)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let location = if path_part == ":memory:" || rest.contains("mode=memory") {
            Location::Memory
        } else {
            let path = options.get_filename().to_path_buf();
            check_file_path(&path)?;
            Location::File(path)
        };
        Ok(Target { location, options })
    }

    /// Options for the connection that writes: a file database is switched to WAL, so readers
    /// never block the writer and a commit is one append to the log.
    pub(crate) fn writer_options(&self) -> SqliteConnectOptions {
        match self.location {
            Location::Memory => self.options.clone(),
            Location::File(_) => self.options.clone().journal_mode(SqliteJournalMode::Wal),
        }
    }
}

/// The checks sqlite would otherwise answer with "unable to open database file".
fn check_file_path(path: &Path) -> Result<(), String> {
    if path.is_dir() {
        return Err(format!(
            "{} is a directory, not a database file",
            path.display()
        ));
    }
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => Err(format!(
            "the directory {} does not exist; create it first or choose another path",
            dir.display()
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_forms() {
        let dir = std::env::temp_dir();
        let file = dir.join("anneal-location-test.db");
        let slashes = Target::parse(&format!("sqlite://{}", file.display())).expect("sqlite://");
        assert_eq!(slashes.location, Location::File(file.clone()));
        let colon = Target::parse(&format!("sqlite:{}", file.display())).expect("sqlite:");
        assert_eq!(colon.location, Location::File(file));
        let relative = Target::parse("sqlite://anneal.db").expect("relative path");
        assert_eq!(
            relative.location,
            Location::File(PathBuf::from("anneal.db"))
        );
        let memory = Target::parse("sqlite::memory:").expect("memory");
        assert_eq!(memory.location, Location::Memory);
    }

    #[test]
    fn explains_what_is_wrong() {
        let cases = [
            ("postgres://localhost/anneal", "not a SQLite URL"),
            ("anneal.db", "not a SQLite URL"),
            ("sqlite://", "no database file was named"),
            ("sqlite:", "no database file was named"),
            (
                "sqlite:///nonexistent-dir/x.db",
                "the directory /nonexistent-dir does not exist",
            ),
            ("sqlite:///", "is a directory"),
            ("sqlite://x.db?mode=bogus", "the URL is not valid"),
        ];
        for (url, reason) in cases {
            let err = Target::parse(url).expect_err(url);
            assert!(
                err.contains(reason),
                "{url}: {err:?} does not say {reason:?}"
            );
        }
    }
}
