//! Who belongs where: leaders of units, each person's one membership and their sharing choice,
//! and invite links (kept as the hash of their token, used once).

use crate::codec::{from_millis, millis, to_millis};
use crate::db::Pool;
use crate::db::{Conn, Db};
use crate::errors::{constraint_kind, failed};
use crate::units::{require_unit, require_user};
use anneal_store::org::{Invite, Membership, NewInvite, Role, UnitId};
use anneal_store::{StoreError, UserId};
use chrono::{DateTime, Utc};
use sqlx::error::ErrorKind;

/// A selected `memberships` row: user_id, unit_id, joined_at, sharing, sharing_changed_at.
pub(crate) type MembershipRow = (i64, i64, i64, bool, i64);

/// The columns of a [`MembershipRow`].
macro_rules! membership_columns {
    () => {
        "user_id, unit_id, joined_at, sharing, sharing_changed_at"
    };
}

/// A stored `memberships` row back into a [`Membership`]; unreadable data is `Corrupt`.
pub(crate) fn decode_membership(row: MembershipRow) -> Result<Membership, StoreError> {
    let (user_id, unit_id, joined_at, sharing, sharing_changed_at) = row;
    let name = format!("the membership of user {user_id}");
    Ok(Membership {
        user: UserId(user_id),
        unit: UnitId(unit_id),
        joined_at: from_millis(joined_at, &name, "joined_at")?,
        sharing,
        sharing_changed_at: from_millis(sharing_changed_at, &name, "sharing_changed_at")?,
    })
}

pub(crate) fn role_str(role: Role) -> &'static str {
    match role {
        Role::Member => "member",
        Role::Leader => "leader",
    }
}

pub(crate) fn parse_role(role: &str, row: &str) -> Result<Role, StoreError> {
    match role {
        "member" => Ok(Role::Member),
        "leader" => Ok(Role::Leader),
        other => Err(StoreError::Corrupt(format!(
            "{row}: role {other:?} is neither \"member\" nor \"leader\""
        ))),
    }
}

/// Makes `user` a leader of `unit` or not; both are idempotent. A missing unit or person is
/// `NotFound`.
pub(crate) async fn set_leader(
    pool: &Pool,
    unit: UnitId,
    user: UserId,
    leader: bool,
) -> Result<(), StoreError> {
    let mut tx = crate::db::begin_write(pool)
        .await
        .map_err(|e| failed("starting to change a unit's leaders", e))?;
    require_unit(&mut tx, unit).await?;
    require_user(&mut tx, user).await?;
    let statement = if leader {
        "INSERT INTO unit_leaders (unit_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
    } else {
        "DELETE FROM unit_leaders WHERE unit_id = $1 AND user_id = $2"
    };
    sqlx::query(statement)
        .bind(unit.0)
        .bind(user.0)
        .execute(&mut *tx)
        .await
        .map_err(|e| failed("changing a unit's leaders", e))?;
    tx.commit()
        .await
        .map_err(|e| failed("committing a change of leaders", e))
}

/// The unit's direct leaders, id and username, in id order.
pub(crate) async fn leaders_of(
    pool: &Pool,
    unit: UnitId,
) -> Result<Vec<(UserId, String)>, StoreError> {
    let rows = sqlx::query_as::<Db, (i64, String)>(
        "SELECT l.user_id, u.username FROM unit_leaders l JOIN users u ON u.id = l.user_id \
         WHERE l.unit_id = $1 ORDER BY l.user_id",
    )
    .bind(unit.0)
    .fetch_all(pool)
    .await
    .map_err(|e| failed("reading a unit's leaders", e))?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| (UserId(id), name))
        .collect())
}

/// The units `user` leads directly, in id order.
pub(crate) async fn units_led_by(pool: &Pool, user: UserId) -> Result<Vec<UnitId>, StoreError> {
    let rows = sqlx::query_scalar::<Db, i64>(
        "SELECT unit_id FROM unit_leaders WHERE user_id = $1 ORDER BY unit_id",
    )
    .bind(user.0)
    .fetch_all(pool)
    .await
    .map_err(|e| failed("reading the units a person leads", e))?;
    Ok(rows.into_iter().map(UnitId).collect())
}

async fn membership_on(conn: &mut Conn, user: UserId) -> Result<Option<Membership>, StoreError> {
    let row = sqlx::query_as::<Db, MembershipRow>(concat!(
        "SELECT ",
        membership_columns!(),
        " FROM memberships WHERE user_id = $1"
    ))
    .bind(user.0)
    .fetch_optional(conn)
    .await
    .map_err(|e| failed("reading a membership", e))?;
    row.map(decode_membership).transpose()
}

/// Puts `user` in `unit` on `conn`, inside the caller's transaction: a new membership, sharing
/// off; the same unit again leaves the membership as it is.
pub(crate) async fn join_on(
    conn: &mut Conn,
    user: UserId,
    unit: UnitId,
    at: DateTime<Utc>,
) -> Result<Membership, StoreError> {
    require_unit(conn, unit).await?;
    require_user(conn, user).await?;
    if let Some(current) = membership_on(conn, user).await?
        && current.unit == unit
    {
        return Ok(current);
    }
    let at = to_millis(at);
    sqlx::query(
        "INSERT INTO memberships (user_id, unit_id, joined_at, sharing, sharing_changed_at) \
         VALUES ($1, $2, $3, FALSE, $3) \
         ON CONFLICT (user_id) DO UPDATE SET unit_id = excluded.unit_id, \
         joined_at = excluded.joined_at, sharing = FALSE, \
         sharing_changed_at = excluded.sharing_changed_at",
    )
    .bind(user.0)
    .bind(unit.0)
    .bind(millis(at))
    .execute(&mut *conn)
    .await
    .map_err(|e| failed("joining a unit", e))?;
    // Moving takes back the check-ins of weeks not released yet: they were given in the old
    // unit, and counted there after the move they would tell whether the mover answered.
    withdraw_unreleased(conn, user).await?;
    Ok(Membership {
        user,
        unit,
        joined_at: at,
        sharing: false,
        sharing_changed_at: at,
    })
}

pub(crate) async fn join(
    pool: &Pool,
    user: UserId,
    unit: UnitId,
    at: DateTime<Utc>,
) -> Result<Membership, StoreError> {
    let mut tx = crate::db::begin_write(pool)
        .await
        .map_err(|e| failed("starting to join a unit", e))?;
    let membership = join_on(&mut tx, user, unit, at).await?;
    tx.commit()
        .await
        .map_err(|e| failed("committing a membership", e))?;
    Ok(membership)
}

/// Ends `user`'s membership, taking back their shared check-ins of weeks not released yet;
/// having none is `NotFound`.
pub(crate) async fn leave(pool: &Pool, user: UserId) -> Result<(), StoreError> {
    let mut tx = crate::db::begin_write(pool)
        .await
        .map_err(|e| failed("starting to leave a unit", e))?;
    let deleted = sqlx::query("DELETE FROM memberships WHERE user_id = $1")
        .bind(user.0)
        .execute(&mut *tx)
        .await
        .map_err(|e| failed("leaving a unit", e))?;
    if deleted.rows_affected() == 0 {
        return Err(StoreError::NotFound {
            what: format!("a membership of user {}", user.0),
        });
    }
    withdraw_unreleased(&mut tx, user).await?;
    tx.commit()
        .await
        .map_err(|e| failed("committing leaving a unit", e))
}

/// Takes `user`'s shared check-ins of weeks not released yet out of their cells and drops their
/// contribution rows, inside the caller's transaction, which has written (so locked) the
/// person's membership row first. Called when the person moves, leaves or stops sharing: a week
/// counts only the people who belong to the unit, sharing, when it is released, so the member
/// count at release can never be short of its respondents and a move or a change of mind never
/// shows in a released figure. Released weeks stay as they were released.
async fn withdraw_unreleased(conn: &mut Conn, user: UserId) -> Result<(), StoreError> {
    crate::checkins::forget_on(conn, user).await?;
    sqlx::query(
        "DELETE FROM contributions WHERE user_id = $1 AND NOT EXISTS \
         (SELECT 1 FROM released_weeks r WHERE r.week = contributions.week)",
    )
    .bind(user.0)
    .execute(&mut *conn)
    .await
    .map_err(|e| failed("taking back a person's unreleased contributions", e))?;
    Ok(())
}

pub(crate) async fn membership(
    pool: &Pool,
    user: UserId,
) -> Result<Option<Membership>, StoreError> {
    let mut conn = pool
        .acquire()
        .await
        .map_err(|e| failed("reading a membership", e))?;
    membership_on(&mut conn, user).await
}

/// Turns `user`'s sharing with their own unit `unit` on or off; the time changes only when the
/// choice does. Turning it off takes back the shared check-ins of weeks not released yet. Any
/// other unit is `NotFound`.
pub(crate) async fn set_sharing(
    pool: &Pool,
    user: UserId,
    unit: UnitId,
    share: bool,
    at: DateTime<Utc>,
) -> Result<Membership, StoreError> {
    let mut tx = crate::db::begin_write(pool)
        .await
        .map_err(|e| failed("starting to change whether a person shares", e))?;
    let row = sqlx::query_as::<Db, MembershipRow>(concat!(
        "UPDATE memberships SET sharing_changed_at = \
         CASE WHEN sharing = $1 THEN sharing_changed_at ELSE $2 END, sharing = $1 \
         WHERE user_id = $3 AND unit_id = $4 RETURNING ",
        membership_columns!()
    ))
    .bind(share)
    .bind(millis(at))
    .bind(user.0)
    .bind(unit.0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(|e| failed("changing whether a person shares", e))?;
    let row = row.ok_or_else(|| StoreError::NotFound {
        what: format!("a membership of user {} in unit {}", user.0, unit.0),
    })?;
    if !share {
        withdraw_unreleased(&mut tx, user).await?;
    }
    tx.commit()
        .await
        .map_err(|e| failed("committing a change of sharing", e))?;
    decode_membership(row)
}

/// How many people belong to `unit` (0 for a unit that does not exist).
pub(crate) async fn member_count(pool: &Pool, unit: UnitId) -> Result<u64, StoreError> {
    let count =
        sqlx::query_scalar::<Db, i64>("SELECT COUNT(*) FROM memberships WHERE unit_id = $1")
            .bind(unit.0)
            .fetch_one(pool)
            .await
            .map_err(|e| failed("counting a unit's members", e))?;
    u64::try_from(count)
        .map_err(|_| StoreError::Corrupt(format!("the member count {count} is negative")))
}

/// How many of `unit`'s members joined at or after `since`.
pub(crate) async fn joined_since(
    pool: &Pool,
    unit: UnitId,
    since: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let count = sqlx::query_scalar::<Db, i64>(
        "SELECT COUNT(*) FROM memberships WHERE unit_id = $1 AND joined_at >= $2",
    )
    .bind(unit.0)
    .bind(millis(since))
    .fetch_one(pool)
    .await
    .map_err(|e| failed("counting a unit's recent members", e))?;
    u64::try_from(count)
        .map_err(|_| StoreError::Corrupt(format!("the member count {count} is negative")))
}

/// Stores a new invite; a token hash already stored is `Conflict`.
pub(crate) async fn create_invite(pool: &Pool, invite: NewInvite) -> Result<(), StoreError> {
    let mut tx = crate::db::begin_write(pool)
        .await
        .map_err(|e| failed("starting to create an invite", e))?;
    require_unit(&mut tx, invite.unit).await?;
    require_user(&mut tx, invite.created_by).await?;
    sqlx::query(
        "INSERT INTO invites (token_hash, unit_id, role, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(invite.token_hash.as_slice())
    .bind(invite.unit.0)
    .bind(role_str(invite.role))
    .bind(invite.created_by.0)
    .bind(millis(invite.created_at))
    .bind(millis(invite.expires_at))
    .execute(&mut *tx)
    .await
    .map_err(|e| match constraint_kind(&e) {
        Some(ErrorKind::UniqueViolation) => StoreError::Conflict {
            what: "an invite with this token hash".to_owned(),
        },
        _ => failed("creating an invite", e),
    })?;
    tx.commit()
        .await
        .map_err(|e| failed("committing an invite", e))
}

/// What `accept_invite` says for a token that cannot be used (unknown, used or expired).
pub(crate) fn no_usable_invite() -> StoreError {
    StoreError::NotFound {
        what: "an unused, unexpired invite with this token".to_owned(),
    }
}

/// The invite with this token hash, used or not, if there is one.
pub(crate) async fn find_invite(
    pool: &Pool,
    token_hash: &[u8],
) -> Result<Option<Invite>, StoreError> {
    let row = sqlx::query_as::<Db, (i64, String, i64, Option<i64>, i64)>(
        "SELECT unit_id, role, expires_at, used_at, created_by FROM invites WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await
    .map_err(|e| failed("reading an invite", e))?;
    row.map(|(unit_id, role, expires_at, used_at, created_by)| {
        Ok(Invite {
            unit: UnitId(unit_id),
            role: parse_role(&role, "an invite")?,
            expires_at: from_millis(expires_at, "an invite", "expires_at")?,
            used_at: used_at
                .map(|t| from_millis(t, "an invite", "used_at"))
                .transpose()?,
            created_by: UserId(created_by),
        })
    })
    .transpose()
}

/// Uses the invite: marks it used and joins `user` to its unit (as its leader for a leader
/// invite), all in one write transaction, so exactly one caller can ever use it.
pub(crate) async fn accept_invite(
    pool: &Pool,
    token_hash: &[u8],
    user: UserId,
    at: DateTime<Utc>,
) -> Result<Invite, StoreError> {
    let at = to_millis(at);
    let mut tx = crate::db::begin_write(pool)
        .await
        .map_err(|e| failed("starting to accept an invite", e))?;
    require_user(&mut tx, user).await?;
    let row = sqlx::query_as::<Db, (i64, String, i64, i64)>(
        "UPDATE invites SET used_at = $1, used_by = $2 \
         WHERE token_hash = $3 AND used_at IS NULL AND expires_at > $1 \
         RETURNING unit_id, role, expires_at, created_by",
    )
    .bind(millis(at))
    .bind(user.0)
    .bind(token_hash)
    .fetch_optional(&mut *tx)
    .await
    .map_err(|e| failed("using an invite", e))?;
    let (unit_id, role, expires_at, created_by) = row.ok_or_else(no_usable_invite)?;
    let invite = Invite {
        unit: UnitId(unit_id),
        role: parse_role(&role, "an invite")?,
        expires_at: from_millis(expires_at, "an invite", "expires_at")?,
        used_at: Some(at),
        created_by: UserId(created_by),
    };
    // A member invite makes a member; a leader invite makes a leader only. A leader is not a
    // silent member of what they lead: their own membership would be a term they know.
    if invite.role == Role::Member {
        join_on(&mut tx, user, invite.unit, at).await?;
    } else {
        sqlx::query(
            "INSERT INTO unit_leaders (unit_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(unit_id)
        .bind(user.0)
        .execute(&mut *tx)
        .await
        .map_err(|e| failed("making the invited person a leader", e))?;
    }
    tx.commit()
        .await
        .map_err(|e| failed("committing an accepted invite", e))?;
    Ok(invite)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_membership_row_decodes() {
        let membership = decode_membership((3, 8, 10, true, 20)).expect("decodes");
        assert_eq!(membership.user, UserId(3));
        assert_eq!(membership.unit, UnitId(8));
        assert_eq!(membership.joined_at.timestamp_millis(), 10);
        assert!(membership.sharing);
        assert_eq!(membership.sharing_changed_at.timestamp_millis(), 20);
        let bad = decode_membership((3, 8, i64::MIN, true, 20));
        assert!(
            matches!(bad, Err(StoreError::Corrupt(ref m)) if m.contains("user 3")),
            "{bad:?}"
        );
    }

    #[test]
    fn roles_round_trip_and_unknown_roles_are_corrupt() {
        for role in [Role::Member, Role::Leader] {
            assert_eq!(parse_role(role_str(role), "x").expect("parses"), role);
        }
        assert!(matches!(
            parse_role("owner", "invite"),
            Err(StoreError::Corrupt(ref m)) if m.contains("\"owner\"")
        ));
    }
}
