//! What every personal command needs: the open store and the profile whose data it uses.

use crate::error::BadInput;
use anneal_store::{Backend, NewUser, StoreError, User};
use anneal_store_postgres::PostgresStore;
use anneal_store_sqlite::SqliteStore;
use anyhow::Context as _;
use std::path::PathBuf;
use std::sync::Arc;

pub struct Context {
    pub store: Arc<dyn Backend>,
    pub username: String,
}

impl Context {
    pub async fn open(db: Option<&str>, username: &str) -> anyhow::Result<Context> {
        let url = match db {
            Some(url) => url.to_string(),
            None => default_db_url()?,
        };
        let store = open_store(&url).await?;
        Ok(Context {
            store,
            username: username.to_string(),
        })
    }

    /// The profile, if it exists (read-only commands must not create one).
    pub async fn user(&self) -> anyhow::Result<Option<User>> {
        Ok(self.store.user_by_name(&self.username).await?)
    }

    /// The profile, created on first use. The local profile has no password: the CLI trusts
    /// whoever can read the database file, as the file's permissions do.
    pub async fn user_or_create(&self) -> anyhow::Result<User> {
        if let Some(u) = self.user().await? {
            return Ok(u);
        }
        match self
            .store
            .create_user(NewUser {
                username: self.username.clone(),
                password_hash: None,
            })
            .await
        {
            Ok(u) => Ok(u),
            // Another process created it between our two calls.
            Err(StoreError::Conflict { .. }) => self
                .user()
                .await?
                .context("the profile was created and then vanished"),
            Err(e) => Err(e.into()),
        }
    }
}

/// Opens a store by URL scheme: `sqlite://PATH`, `sqlite:PATH`, `postgres://…`, `postgresql://…`.
pub async fn open_store(url: &str) -> anyhow::Result<Arc<dyn Backend>> {
    let result: Result<Arc<dyn Backend>, StoreError> = if url.starts_with("postgres://")
        || url.starts_with("postgresql://")
    {
        PostgresStore::open(url)
            .await
            .map(|s| Arc::new(s) as Arc<dyn Backend>)
    } else if url.starts_with("sqlite:") {
        SqliteStore::open(url)
            .await
            .map(|s| Arc::new(s) as Arc<dyn Backend>)
    } else {
        return Err(BadInput(format!(
                "--db {url:?} is not a database URL; allowed: sqlite://PATH (e.g. sqlite://./anneal.db) or postgres://USER@HOST/DATABASE"
            ))
            .into());
    };
    result.map_err(|e| match e {
        StoreError::Open { .. } => BadInput(format!("--db: {e}")).into(),
        other => anyhow::Error::from(other),
    })
}

/// `anneal.db` in the user's data directory (created if needed).
fn default_db_url() -> anyhow::Result<String> {
    let dir = data_dir()?;
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
    Ok(format!("sqlite://{}", dir.join("anneal.db").display()))
}

fn data_dir() -> anyhow::Result<PathBuf> {
    directories::ProjectDirs::from("", "", "anneal")
        .map(|d| d.data_dir().to_path_buf())
        .context("cannot find a home directory for the default database; pass --db sqlite://PATH")
}
