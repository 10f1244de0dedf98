//! Invite links: a single-use, expiring token that lets one person join a unit as a member, or
//! become one of its leaders. The link carries 32 random bytes; the store keeps only their
//! SHA-256, so the database alone cannot be used to join.
//!
//! Only an admin's invite may create a new account ([`check_may_register`]). A leader's invite is
//! accepted by someone signed in to an account they already have: otherwise a leader alone could
//! fill a team with made-up members, and a group that looks bigger than it is protects nobody.

use super::access::{can_invite, unit_or_not_found};
use super::{OrgError, OrgResult};
use anneal_store::StoreError;
use anneal_store::UserId;
use anneal_store::org::{Invite, NewInvite, OrgStore, Role, UnitId};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Random bytes in an invite token.
pub const TOKEN_BYTES: usize = 32;
/// Length of a token's text: 32 bytes as unpadded base64url.
pub const TOKEN_CHARS: usize = 43;
/// Days an invite lasts unless the inviter says otherwise.
pub const DEFAULT_TTL_DAYS: i64 = 7;
/// The longest an invite may last, in days.
pub const MAX_TTL_DAYS: i64 = 30;
/// Where an invite link points in the web app: this path followed by the token.
pub const INVITE_PATH: &str = "/invites/";

/// A new invite: the token is shown once, here, and never stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreatedInvite {
    /// The secret part of the link.
    pub token: String,
    /// The link's path in the web app ([`INVITE_PATH`] and the token); prefix it with the
    /// address people reach this Anneal at.
    pub url_path: String,
    /// When the link stops working.
    pub expires_at: DateTime<Utc>,
    /// The unit the link joins.
    pub unit: UnitId,
    /// Member or leader.
    pub role: Role,
}

/// An invite that was used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Joined {
    /// The unit joined.
    pub unit: UnitId,
    /// Its name.
    pub unit_name: String,
    /// Member, or leader of the unit.
    pub role: Role,
}

/// What a refused registration says: the invite was made by a leader, who cannot bring new
/// accounts in.
pub const LEADER_INVITE_NEEDS_ACCOUNT: &str = "this invite is from a leader: sign in to your \
     account to accept it, or ask an admin for an invite that creates an account";

/// What an unusable invite says, whatever was wrong with it (unknown, used or expired).
pub const UNUSABLE: &str = "this invite link is unknown, already used or expired; ask whoever \
                            invited you for a new one";

/// Who can accept an invite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Admits {
    /// An admin made it: a new account may be created with it, or an existing one accept it.
    NewOrExistingAccount,
    /// A leader made it: only someone signed in to an account they already have can accept it.
    ExistingAccountOnly,
}

/// A usable invite as its link shows it, before anyone uses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InviteInfo {
    /// The unit it is for.
    pub unit: UnitId,
    /// Its name.
    pub unit_name: String,
    /// Member, or leader of the unit.
    pub role: Role,
    /// Whether it may create a new account.
    pub admits: Admits,
}

/// SHA-256 of the token's text: what the store keeps.
pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Whether `text` has the shape of an invite token.
pub fn looks_like_token(text: &str) -> bool {
    text.len() == TOKEN_CHARS
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A fresh token that never begins with `-` or `_`: on a command line a leading `-` reads as an
/// option (`anneal org join -abc…` failed), so a draw that starts with one is drawn again. One
/// draw in 32 starts with either; 64 draws in a row are never all of them in practice.
fn random_token() -> OrgResult<String> {
    for _ in 0..64 {
        let mut bytes = [0u8; TOKEN_BYTES];
        getrandom::fill(&mut bytes).map_err(|e| {
            OrgError::Internal(format!(
                "cannot make an invite: the operating system's random number source failed: {e}"
            ))
        })?;
        let token = URL_SAFE_NO_PAD.encode(bytes);
        if token.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return Ok(token);
        }
    }
    Err(OrgError::Internal(
        "cannot make an invite: 64 random draws in a row began with - or _".into(),
    ))
}

/// Checks an invite's lifetime in days: 1 to [`MAX_TTL_DAYS`].
pub fn check_ttl_days(days: i64) -> OrgResult<Duration> {
    if (1..=MAX_TTL_DAYS).contains(&days) {
        Ok(Duration::days(days))
    } else {
        Err(OrgError::invalid(format!(
            "days: an invite lasts between 1 and {MAX_TTL_DAYS} days, not {days}"
        )))
    }
}

/// Creates an invite into `unit` for one person, as a member or a leader. Admins may invite into
/// any unit; leaders into the units they lead and those below. An archived unit takes no one new.
pub async fn create_invite(
    store: &dyn OrgStore,
    by: UserId,
    unit: UnitId,
    role: Role,
    ttl: Duration,
    now: DateTime<Utc>,
) -> OrgResult<CreatedInvite> {
    if ttl <= Duration::zero() || ttl > Duration::days(MAX_TTL_DAYS) {
        return Err(OrgError::invalid(format!(
            "an invite lasts between a moment and {MAX_TTL_DAYS} days"
        )));
    }
    if !can_invite(store, by, unit).await? {
        return Err(OrgError::forbidden(format!(
            "you cannot invite people into unit {}: only its leaders, the leaders of the units \
             above it, and admins can",
            unit.0
        )));
    }
    let target = unit_or_not_found(store, unit).await?;
    if target.archived_at.is_some() {
        return Err(OrgError::invalid(format!(
            "unit {} ({}) is archived and takes no new people",
            unit.0, target.name
        )));
    }
    let token = random_token()?;
    let expires_at = now + ttl;
    store
        .create_invite(NewInvite {
            token_hash: hash_token(&token),
            unit,
            role,
            created_by: by,
            created_at: now,
            expires_at,
        })
        .await?;
    Ok(CreatedInvite {
        url_path: format!("{INVITE_PATH}{token}"),
        token,
        expires_at,
        unit,
        role,
    })
}

fn unusable() -> OrgError {
    OrgError::not_found(UNUSABLE)
}

/// The invite behind `token` if it can be used at `now`: what it is for, and whether it may
/// create a new account (only when an admin made it; an admin who has since stopped being one no
/// longer brings anyone new in). An unknown, used or expired invite is `NotFound`, without
/// saying which. Uses nothing.
pub async fn look_up_invite(
    store: &dyn OrgStore,
    token: &str,
    now: DateTime<Utc>,
) -> OrgResult<InviteInfo> {
    let token = token.trim();
    if !looks_like_token(token) {
        return Err(unusable());
    }
    let invite: Invite = store
        .find_invite(&hash_token(token))
        .await?
        .filter(|i| i.used_at.is_none() && i.expires_at > now)
        .ok_or_else(unusable)?;
    let admits = if store.is_admin(invite.created_by).await? {
        Admits::NewOrExistingAccount
    } else {
        Admits::ExistingAccountOnly
    };
    let unit = unit_or_not_found(store, invite.unit).await?;
    Ok(InviteInfo {
        unit: invite.unit,
        unit_name: unit.name,
        role: invite.role,
        admits,
    })
}

/// Checks that `token` may create a new account, before any account is made: the invite exists,
/// can still be used, and an admin made it. A leader's invite is `Forbidden`
/// ([`LEADER_INVITE_NEEDS_ACCOUNT`]: sign in to an existing account to accept it); an unknown,
/// used or expired one is `NotFound`. Uses nothing: the invite is used by [`accept_invite`] once
/// the account exists.
pub async fn check_may_register(
    store: &dyn OrgStore,
    token: &str,
    now: DateTime<Utc>,
) -> OrgResult<InviteInfo> {
    let info = look_up_invite(store, token, now).await?;
    match info.admits {
        Admits::NewOrExistingAccount => Ok(info),
        Admits::ExistingAccountOnly => Err(OrgError::forbidden(LEADER_INVITE_NEEDS_ACCOUNT)),
    }
}

/// Uses an invite with an account that exists: for a member invite `user` joins its unit
/// (leaving any unit they were in, with sharing off until they turn it on); a leader invite makes
/// them a leader of the unit, not a member. Each invite works once; an unknown, used or expired
/// one is `NotFound`, without saying which. Whoever made the invite, an existing account may
/// accept it; creating an account for it is checked first by [`check_may_register`].
pub async fn accept_invite(
    store: &dyn OrgStore,
    token: &str,
    user: UserId,
    now: DateTime<Utc>,
) -> OrgResult<Joined> {
    let token = token.trim();
    if !looks_like_token(token) {
        return Err(unusable());
    }
    let invite = store
        .accept_invite(&hash_token(token), user, now)
        .await
        .map_err(|e| match e {
            StoreError::NotFound { .. } => unusable(),
            other => other.into(),
        })?;
    let unit = unit_or_not_found(store, invite.unit).await?;
    Ok(Joined {
        unit: invite.unit,
        unit_name: unit.name,
        role: invite.role,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_never_begin_with_a_dash_or_an_underscore() {
        for _ in 0..2000 {
            let t = random_token().expect("a token");
            assert!(t.starts_with(|c: char| c.is_ascii_alphanumeric()), "{t}");
            assert!(looks_like_token(&t));
        }
    }

    #[test]
    fn tokens_are_43_url_safe_characters_and_hash_to_32_bytes() {
        let token = random_token().expect("randomness");
        assert!(looks_like_token(&token), "{token}");
        assert_eq!(hash_token(&token).len(), 32);
        assert_ne!(random_token().expect("randomness"), token);
        assert!(!looks_like_token("short"));
        assert!(!looks_like_token(&"a/".repeat(22)[..43]));
    }

    #[test]
    fn an_invite_lasts_one_to_thirty_days() {
        assert!(check_ttl_days(1).is_ok());
        assert!(check_ttl_days(30).is_ok());
        for bad in [0, -1, 31] {
            match check_ttl_days(bad) {
                Err(OrgError::Invalid(m)) => assert!(m.contains("between 1 and 30"), "{m}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }
}
