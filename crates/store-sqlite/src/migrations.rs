//! The schema migrations, embedded in the binary from `migrations/`.
//!
//! Listed by hand rather than with `sqlx::migrate!`, which needs sqlx's `macros` feature and so a
//! second build of SQLite for the proc-macro. A test checks that this list is exactly the files in
//! `migrations/`, and that the PostgreSQL backend's folder has the same file names.

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
        include_str!("../migrations/0001_accounts_and_responses.sql"),
    ),
    (
        2,
        "plan and journal",
        include_str!("../migrations/0002_plan_and_journal.sql"),
    ),
    (
        3,
        "sessions and tokens",
        include_str!("../migrations/0003_sessions_and_tokens.sql"),
    ),
    (
        4,
        "organisation",
        include_str!("../migrations/0004_organisation.sql"),
    ),
];

/// The embedded migrator every [`crate::SqliteStore`] runs when it opens.
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

    /// A database written by the version before plans and journals (migration 1 only) opens
    /// with the new tables (of migrations 2 to 4) added and its accounts and responses kept; an
    /// account from then is not an admin.
    #[tokio::test]
    async fn a_database_of_the_first_schema_is_brought_up_to_date_with_its_data() {
        use sqlx::Sqlite;
        use sqlx::sqlite::SqlitePoolOptions;

        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect("sqlite::memory:")
            .await
            .expect("an in-memory database");
        let first_version = Migrator::with_migrations(MIGRATOR.iter().take(1).cloned().collect());
        first_version.run(&pool).await.expect("migration 1 alone");
        sqlx::query("INSERT INTO users (id, username, created_at) VALUES (1, 'alice', 0)")
            .execute(&pool)
            .await
            .expect("an account from the old version");
        let missing = sqlx::query("SELECT COUNT(*) FROM plan_items")
            .execute(&pool)
            .await;
        assert!(missing.is_err(), "plan_items existed before migration 2");

        MIGRATOR.run(&pool).await.expect("bring it up to date");
        let count = async |sql: &'static str| {
            sqlx::query_scalar::<Sqlite, i64>(sql)
                .fetch_one(&pool)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
        };
        assert_eq!(count("SELECT COUNT(*) FROM users").await, 1);
        for (table, sql) in [
            ("plan_items", "SELECT COUNT(*) FROM plan_items"),
            ("dismissals", "SELECT COUNT(*) FROM dismissals"),
            ("journal_keys", "SELECT COUNT(*) FROM journal_keys"),
            ("journal_entries", "SELECT COUNT(*) FROM journal_entries"),
            ("sessions", "SELECT COUNT(*) FROM sessions"),
            ("api_tokens", "SELECT COUNT(*) FROM api_tokens"),
            ("units", "SELECT COUNT(*) FROM units"),
            ("unit_rules", "SELECT COUNT(*) FROM unit_rules"),
            ("memberships", "SELECT COUNT(*) FROM memberships"),
            ("unit_leaders", "SELECT COUNT(*) FROM unit_leaders"),
            ("invites", "SELECT COUNT(*) FROM invites"),
            ("contributions", "SELECT COUNT(*) FROM contributions"),
            ("cells", "SELECT COUNT(*) FROM cells"),
            ("released_weeks", "SELECT COUNT(*) FROM released_weeks"),
            ("releases", "SELECT COUNT(*) FROM releases"),
            ("dp_spend", "SELECT COUNT(*) FROM dp_spend"),
            ("briefs", "SELECT COUNT(*) FROM briefs"),
            ("admins", "SELECT COUNT(*) FROM users WHERE is_admin = 1"),
        ] {
            assert_eq!(count(sql).await, 0, "{table} is new and empty");
        }
        let applied = count("SELECT COUNT(*) FROM _sqlx_migrations").await;
        assert_eq!(applied, i64::try_from(FILES.len()).expect("few files"));
    }

    #[test]
    fn postgres_backend_has_the_same_migration_names() {
        let other = Path::new(env!("CARGO_MANIFEST_DIR")).join("../store-postgres/migrations");
        assert_eq!(
            embedded(),
            files_in(&other),
            "both backends must run migrations of the same names (ARCHITECTURE.md invariant)"
        );
    }
}
