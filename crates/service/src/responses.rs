//! A person's responses one by one: the history with each response's id, finding one, and
//! deleting one (a pulse or a full check) of their own.

use crate::{Result, ServiceError};
use anneal_core::report::HistoryPointReport;
use anneal_store::{ResponseKind, ResponseQuery, Store, StoreError, StoredResponse, UserId};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// One point of the history with the id that names its response (for `anneal history delete
/// ID`, `DELETE /api/v1/responses/{id}`) and its kind.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryEntry {
    pub id: i64,
    pub kind: ResponseKind,
    #[serde(flatten)]
    pub point: HistoryPointReport,
}

impl From<&StoredResponse> for HistoryEntry {
    fn from(r: &StoredResponse) -> Self {
        HistoryEntry {
            id: r.id,
            kind: r.kind,
            point: HistoryPointReport::new(r.taken_at, &r.score, r.stuck),
        }
    }
}

/// The series of scores, oldest first (`anneal history --json`, `GET /api/v1/me/history`).
#[derive(Debug, Clone, Serialize)]
pub struct History {
    pub points: Vec<HistoryEntry>,
}

/// The person's responses at or after `since` (everything when `None`), oldest first.
pub async fn history(
    store: &dyn Store,
    user: UserId,
    since: Option<DateTime<Utc>>,
) -> Result<History> {
    let query = ResponseQuery {
        since,
        ..ResponseQuery::default()
    };
    let responses = store.responses(user, query).await?;
    Ok(History {
        points: responses.iter().map(HistoryEntry::from).collect(),
    })
}

/// What a person is told when the id names none of their responses.
fn not_found(id: i64) -> ServiceError {
    ServiceError::NotFound(format!(
        "you have no response with the id {id}; `anneal history` (or the history page) lists \
         the ids of yours"
    ))
}

/// One of the person's responses; another person's or a missing id is
/// [`ServiceError::NotFound`].
pub async fn find(store: &dyn Store, user: UserId, id: i64) -> Result<StoredResponse> {
    store
        .responses(user, ResponseQuery::default())
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| not_found(id))
}

/// Deletes one of the person's responses. Another person's or a missing id is
/// [`ServiceError::NotFound`] and changes nothing. A shared check-in leaves its unit's figures
/// for a week not yet released; a released week stays as it was released (see
/// [`Store::delete_response`]).
pub async fn delete(store: &dyn Store, user: UserId, id: i64) -> Result<()> {
    match store.delete_response(user, id).await {
        Ok(()) => Ok(()),
        Err(StoreError::NotFound { .. }) => Err(not_found(id)),
        Err(e) => Err(e.into()),
    }
}

/// How a response is named to a person: "the pulse check-in of 2026-03-02".
pub fn describe(r: &StoredResponse) -> String {
    let what = match r.kind {
        ResponseKind::Assessment => "full check",
        ResponseKind::Checkin => "pulse check-in",
    };
    format!("the {what} of {}", r.taken_at.format("%Y-%m-%d %H:%M UTC"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use anneal_store::conformance::fixtures::{self, assessment, checkin, day};
    use anneal_store_sqlite::SqliteStore;

    #[tokio::test]
    async fn history_names_each_response_and_delete_removes_only_ones_own() {
        let store = SqliteStore::open("sqlite::memory:").await.expect("store");
        let ana = fixtures::user(&store, "ana").await;
        let ben = fixtures::user(&store, "ben").await;
        let first = store
            .insert_response(assessment(ana.id, day(0)))
            .await
            .unwrap();
        let second = store
            .insert_response(checkin(ana.id, day(1)))
            .await
            .unwrap();
        let bens = store
            .insert_response(checkin(ben.id, day(1)))
            .await
            .unwrap();

        let seen = history(&store, ana.id, None).await.unwrap();
        let ids: Vec<i64> = seen.points.iter().map(|p| p.id).collect();
        assert_eq!(ids, vec![first.id, second.id]);
        let json = serde_json::to_value(&seen).unwrap();
        assert_eq!(json["points"][0]["id"], first.id);
        assert_eq!(json["points"][0]["kind"], "assessment");
        assert_eq!(json["points"][1]["instrument"], second.score.instrument);

        let others = delete(&store, ana.id, bens.id).await;
        assert!(
            matches!(others, Err(ServiceError::NotFound(ref m)) if m.contains(&bens.id.to_string())),
            "{others:?}"
        );
        assert_eq!(store.count_responses(ben.id).await.unwrap(), 1);
        assert!(matches!(
            find(&store, ana.id, bens.id).await,
            Err(ServiceError::NotFound(_))
        ));
        assert_eq!(find(&store, ana.id, first.id).await.unwrap(), first);
        assert!(describe(&first).starts_with("the full check of "));

        delete(&store, ana.id, first.id).await.unwrap();
        let left = history(&store, ana.id, None).await.unwrap();
        assert_eq!(left.points.len(), 1);
        assert_eq!(left.points[0].id, second.id);
        assert!(matches!(
            delete(&store, ana.id, first.id).await,
            Err(ServiceError::NotFound(_))
        ));
    }
}
