//! The schema migrations, embedded in the binary from `migrations/`.
//!
//! Listed by hand rather than with `sqlx::migrate!`, which needs sqlx's `macros` feature and so a
//! second build of the database drivers for the proc-macro. Each backend has its own folder (the
//! DDL differs) and embeds it through this shared module. A test checks that this list is exactly
//! the files in the backend's `migrations/`, and that both backends' folders have the same names.

use sqlx::SqlSafeStr;
use sqlx::migrate::{MigrateError, Migration, MigrationType, Migrator};
use std::borrow::Cow;
use std::sync::LazyLock;

/// The migration files, in order: (version, description, SQL). The file of `(v, d, _)` is
/// `{v:04}_{d with spaces as underscores}.sql`, as sqlx names them.
const FILES: &[(i64, &str, &str)] = &[
    (
        1,
        "accounts and responses",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/migrations/0001_accounts_and_responses.sql"
        )),
    ),
    (
        2,
        "plan and journal",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/migrations/0002_plan_and_journal.sql"
        )),
    ),
    (
        3,
        "sessions and tokens",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/migrations/0003_sessions_and_tokens.sql"
        )),
    ),
    (
        4,
        "organisation",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/migrations/0004_organisation.sql"
        )),
    ),
    (
        5,
        "responses by kind",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/migrations/0005_responses_by_kind.sql"
        )),
    ),
    (
        6,
        "response deletion and risk context",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/migrations/0006_response_deletion_and_risk_context.sql"
        )),
    ),
    (
        7,
        "noise always and week floors",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/migrations/0007_noise_always_and_week_floors.sql"
        )),
    ),
];

/// The embedded migrator every store of this backend runs when it opens.
pub(crate) static MIGRATOR: LazyLock<Migrator> = LazyLock::new(|| {
    Migrator::with_migrations(
        FILES
            .iter()
            .map(|&(version, description, sql)| {
                Migration::new(
                    version,
                    Cow::Borrowed(description),
                    MigrationType::Simple,
                    sql.into_sql_str(),
                    false,
                )
            })
            .collect(),
    )
});

/// Why the schema could not be brought up to date, in words a person understands.
pub(crate) fn migrate_reason(err: &MigrateError) -> String {
    match err {
        MigrateError::VersionMissing(version) => format!(
            "the database was written by a newer version of Anneal (it has schema migration \
             {version}, which this version does not know); run the newer version or restore a backup"
        ),
        MigrateError::VersionMismatch(version) => format!(
            "schema migration {version} in the database differs from the one this version of \
             Anneal ships; the database may have been changed by hand"
        ),
        other => format!("could not bring the database schema up to date: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// (version, description) of every `.sql` file in `dir`, parsed the way sqlx names them.
    fn files_in(dir: &Path) -> Vec<(i64, String)> {
        let mut found: Vec<(i64, String)> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
            .map(|entry| entry.expect("directory entry").file_name())
            .map(|name| name.to_string_lossy().into_owned())
            .filter_map(|name| name.strip_suffix(".sql").map(str::to_owned))
            .map(|stem| {
                let (version, description) = stem
                    .split_once('_')
                    .unwrap_or_else(|| panic!("{stem}.sql is not named VERSION_DESCRIPTION.sql"));
                let version = version
                    .parse()
                    .unwrap_or_else(|_| panic!("{stem}.sql does not start with a number"));
                (version, description.replace('_', " "))
            })
            .collect();
        found.sort();
        found
    }

    fn embedded() -> Vec<(i64, String)> {
        MIGRATOR
            .iter()
            .map(|m| (m.version, m.description.to_string()))
            .collect()
    }

    #[test]
    fn embeds_exactly_the_files_in_migrations() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        assert_eq!(embedded(), files_in(&dir));
        for (version, description, sql) in FILES {
            let file = dir.join(format!(
                "{version:04}_{}.sql",
                description.replace(' ', "_")
            ));
            let on_disk = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
            assert_eq!(
                &on_disk,
                sql,
                "{} is embedded under another name",
                file.display()
            );
        }
    }

    #[test]
    fn both_backends_have_the_same_migration_names() {
        let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for backend in ["store-sqlite", "store-postgres"] {
            assert_eq!(
                embedded(),
                files_in(&crates.join(backend).join("migrations")),
                "both backends must run migrations of the same names (ARCHITECTURE.md invariant): \
                 {backend} differs"
            );
        }
    }
}
