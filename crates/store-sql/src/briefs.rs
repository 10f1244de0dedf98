//! Conversation briefs: the one piece of text a person chooses to send to a leader of their
//! unit. Only the brief crosses; the sender's name comes with it, nothing else of theirs.

use crate::codec::{check_text, from_millis, millis, to_millis};
use crate::db::Db;
use crate::db::Pool;
use crate::errors::failed;
use anneal_store::org::{Brief, UnitId};
use anneal_store::{StoreError, UserId};
use chrono::{DateTime, Utc};

/// A selected brief: id, from_user, the sender's username, to_user, unit_id, created_at, text,
/// read_at.
pub(crate) type BriefRow = (i64, i64, String, i64, i64, i64, String, Option<i64>);

/// The columns of a [`BriefRow`], from `briefs b` joined to the sender `u`.
macro_rules! select_briefs {
    () => {
        "SELECT b.id, b.from_user, u.username, b.to_user, b.unit_id, b.created_at, b.text, \
         b.read_at FROM briefs b JOIN users u ON u.id = b.from_user"
    };
}

/// A stored brief back into a [`Brief`]; unreadable data is `Corrupt`.
pub(crate) fn decode_brief(row: BriefRow) -> Result<Brief, StoreError> {
    let (id, from, from_name, to, unit, created_at, text, read_at) = row;
    let name = format!("brief {id}");
    Ok(Brief {
        id,
        from: UserId(from),
        from_name,
        to: UserId(to),
        unit: UnitId(unit),
        created_at: from_millis(created_at, &name, "created_at")?,
        text,
        read_at: read_at
            .map(|ms| from_millis(ms, &name, "read_at"))
            .transpose()?,
    })
}

/// What `send_brief` says when the sender is not a member of `unit` or the receiver not one of
/// its leaders.
pub(crate) fn no_such_leader(from: UserId, to: UserId, unit: UnitId) -> StoreError {
    StoreError::NotFound {
        what: format!(
            "a leader {} of unit {} that user {} belongs to",
            to.0, unit.0, from.0
        ),
    }
}

/// Stores a brief from a member of `unit` to one of its leaders, checked in the same statement.
pub(crate) async fn send(
    pool: &Pool,
    from: UserId,
    to: UserId,
    unit: UnitId,
    text: &str,
    at: DateTime<Utc>,
) -> Result<Brief, StoreError> {
    check_text("a brief", text)?;
    let at = to_millis(at);
    let mut tx = crate::db::begin_write(pool)
        .await
        .map_err(|e| failed("starting to send a brief", e))?;
    let id = sqlx::query_scalar::<Db, i64>(
        "INSERT INTO briefs (from_user, to_user, unit_id, created_at, text) \
         SELECT CAST($1 AS BIGINT), CAST($2 AS BIGINT), CAST($3 AS BIGINT), CAST($4 AS BIGINT), \
         CAST($5 AS TEXT) \
         WHERE EXISTS (SELECT 1 FROM memberships WHERE user_id = $1 AND unit_id = $3) \
         AND EXISTS (SELECT 1 FROM unit_leaders WHERE unit_id = $3 AND user_id = $2) \
         RETURNING id",
    )
    .bind(from.0)
    .bind(to.0)
    .bind(unit.0)
    .bind(millis(at))
    .bind(text)
    .fetch_optional(&mut *tx)
    .await
    .map_err(|e| failed("sending a brief", e))?
    .ok_or_else(|| no_such_leader(from, to, unit))?;
    let row = sqlx::query_as::<Db, BriefRow>(concat!(select_briefs!(), " WHERE b.id = $1"))
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| failed("reading back a brief", e))?;
    tx.commit()
        .await
        .map_err(|e| failed("committing a brief", e))?;
    decode_brief(row)
}

/// Briefs sent to `leader`, newest first.
pub(crate) async fn inbox(pool: &Pool, leader: UserId) -> Result<Vec<Brief>, StoreError> {
    let rows = sqlx::query_as::<Db, BriefRow>(concat!(
        select_briefs!(),
        " WHERE b.to_user = $1 ORDER BY b.created_at DESC, b.id DESC"
    ))
    .bind(leader.0)
    .fetch_all(pool)
    .await
    .map_err(|e| failed("reading an inbox of briefs", e))?;
    rows.into_iter().map(decode_brief).collect()
}

/// Briefs `from` sent, newest first.
pub(crate) async fn sent(pool: &Pool, from: UserId) -> Result<Vec<Brief>, StoreError> {
    let rows = sqlx::query_as::<Db, BriefRow>(concat!(
        select_briefs!(),
        " WHERE b.from_user = $1 ORDER BY b.created_at DESC, b.id DESC"
    ))
    .bind(from.0)
    .fetch_all(pool)
    .await
    .map_err(|e| failed("reading the briefs a person sent", e))?;
    rows.into_iter().map(decode_brief).collect()
}

/// Marks `leader`'s brief `id` read at `at`; again keeps the first time. Anyone else's brief,
/// or none, is `NotFound`.
pub(crate) async fn mark_read(
    pool: &Pool,
    leader: UserId,
    id: i64,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let updated = sqlx::query(
        "UPDATE briefs SET read_at = COALESCE(read_at, $1) WHERE id = $2 AND to_user = $3",
    )
    .bind(millis(at))
    .bind(id)
    .bind(leader.0)
    .execute(pool)
    .await
    .map_err(|e| failed("marking a brief read", e))?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound {
            what: format!("brief {id} to user {}", leader.0),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_brief_row_decodes() {
        let row = (5, 1, "ana".to_owned(), 2, 3, 10, "Hi".to_owned(), Some(20));
        let brief = decode_brief(row).expect("decodes");
        assert_eq!(
            (brief.id, brief.from, brief.to, brief.unit),
            (5, UserId(1), UserId(2), UnitId(3))
        );
        assert_eq!(brief.from_name, "ana");
        assert_eq!(brief.text, "Hi");
        assert_eq!(brief.created_at.timestamp_millis(), 10);
        assert_eq!(brief.read_at.map(|t| t.timestamp_millis()), Some(20));
        let bad = decode_brief((5, 1, String::new(), 2, 3, 10, String::new(), Some(i64::MAX)));
        assert!(
            matches!(bad, Err(StoreError::Corrupt(ref m)) if m.starts_with("brief 5:")),
            "{bad:?}"
        );
    }

    #[test]
    fn the_refusal_names_both_ends() {
        assert_eq!(
            no_such_leader(UserId(1), UserId(2), UnitId(3)).to_string(),
            "a leader 2 of unit 3 that user 1 belongs to was not found"
        );
    }
}
