//! Teams over the API (DESIGN §4): units (`POST`/`GET /units`, `PATCH /units/{id}`), their rules
//! (`PUT /units/{id}/rules`), leaders (`PUT`/`DELETE /units/{id}/leaders/{user}`), accounts
//! (`GET /users`), invites (`POST /units/{id}/invites`, `POST /invites/{token}/accept`), a
//! person's sharing (`GET /me/sharing`, `PUT /me/sharing/{unit}`), the leader's summary
//! (`GET /units/{id}/summary`) and briefs (`POST /me/briefs`, `GET /me/inbox`).
//!
//! Who may do what, and every rule about what may be shown, is `anneal_service::org`'s, as for
//! `anneal org …`; these handlers read requests, call it, and answer.

use crate::api::error::{ApiError, ApiResult};
use crate::api::extract::{ApiJson, ApiJsonOrEmpty, ApiPath, ApiQuery, ApiUser};
use crate::api::schema;
use crate::auth::bearer_user;
use crate::pages::org::admin::origin;
use crate::pages::org::invites::{RegisterError, UNUSABLE, register_with_invite};
use crate::state::AppState;
use anneal_service::org::OrgError;
use anneal_service::org::access::{PersonRef, require_admin, unit_and_ancestors};
use anneal_service::org::admin::{self, RulesChanged, RulesRequest, UnitView, check_unit_name};
use anneal_service::org::briefs::{self, BriefView};
use anneal_service::org::invites::{self, DEFAULT_TTL_DAYS, check_ttl_days};
use anneal_service::org::sharing;
use anneal_service::org::summary::{UnitSummary, unit_summary};
use anneal_store::UserId;
use anneal_store::org::{Membership, Role, Unit, UnitId};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToResponse, ToSchema};

/// The caller's role does not allow this: not an admin, or not a leader of this unit or of a
/// unit above it (or an unsafe request from another site).
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Forbidden(pub schema::Problem);

/// A registration with an invite a leader made: only an admin's invite creates an account, so
/// nothing was created (send the API token of an account you already have instead). Or an
/// unsafe request from another site.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct RegistrationRefused(pub schema::Problem);

impl From<OrgError> for ApiError {
    fn from(e: OrgError) -> ApiError {
        match e {
            OrgError::Forbidden(m) => ApiError::Forbidden(m),
            OrgError::Invalid(m) => invalid(m),
            OrgError::NotFound(m) => ApiError::NotFound(m),
            OrgError::Conflict(m) => ApiError::Conflict(m),
            OrgError::Store(e) => e.into(),
            OrgError::Internal(m) => ApiError::Internal(m),
        }
    }
}

/// A service message `field: what is wrong` as a 422 naming the field; without such a prefix,
/// a 422 without fields.
fn invalid(message: String) -> ApiError {
    match message.split_once(": ") {
        Some((field, rest))
            if !field.is_empty() && field.chars().all(|c| c.is_ascii_lowercase() || c == '_') =>
        {
            ApiError::field(field, rest)
        }
        _ => ApiError::Invalid {
            detail: message,
            fields: Vec::new(),
        },
    }
}

/// A unit to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUnit {
    /// 1 to 80 characters.
    pub name: String,
    /// The unit it goes under; absent or null for the top level.
    #[serde(default)]
    pub parent: Option<i64>,
}

/// Create a unit
///
/// Admins only. A new unit has the default rules: k = 5, noise ε = 1, a budget of 14 a quarter.
#[utoipa::path(
    post,
    path = "/units",
    operation_id = "createUnit",
    tag = "teams",
    security(("bearer" = [])),
    request_body = NewUnit,
    responses(
        (status = 201, description = "The unit", body = schema::Unit),
        (status = 400, response = super::docs::BadRequest),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = super::docs::NotFound),
        (status = 413, response = super::docs::TooLarge),
        (status = 415, response = super::docs::UnsupportedMediaType),
        (status = 422, response = super::docs::Invalid),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn create_unit(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<NewUnit>,
) -> ApiResult<(StatusCode, Json<Unit>)> {
    let unit = admin::create_unit(
        &*state.store,
        user.id,
        &body.name,
        body.parent.map(UnitId),
        Utc::now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(unit)))
}

/// Every unit
///
/// Admins only: every unit with its rules, member count and leaders, parents before their
/// sub-units.
#[utoipa::path(
    get,
    path = "/units",
    operation_id = "listUnits",
    tag = "teams",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The units, in tree order", body = Vec<schema::UnitView>),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = Forbidden),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn list_units(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> ApiResult<Json<Vec<UnitView>>> {
    Ok(Json(admin::list_units(&*state.store, user.id).await?))
}

/// `Some(value)` for a field that is present, even when it is `null` (so `"parent": null` can
/// mean "to the top" while a missing `parent` means "leave it").
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// What to change about a unit; give at least one field. Every check runs before anything
/// changes.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitChange {
    /// A new name.
    #[serde(default)]
    pub name: Option<String>,
    /// The unit to move it under, or null for the top level. Not the unit itself or one below it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    pub parent: Option<Option<i64>>,
    /// `true` archives it (a label: members, leaders and figures stay; it takes no new people).
    #[serde(default)]
    pub archived: Option<bool>,
}

/// Rename, move or archive a unit
///
/// Admins only. Weeks already released keep the figures they were released with.
#[utoipa::path(
    patch,
    path = "/units/{id}",
    operation_id = "changeUnit",
    tag = "teams",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The unit")),
    request_body = UnitChange,
    responses(
        (status = 200, description = "The unit after the change", body = schema::Unit),
        (status = 400, response = super::docs::BadRequest),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = super::docs::NotFound),
        (status = 413, response = super::docs::TooLarge),
        (status = 415, response = super::docs::UnsupportedMediaType),
        (status = 422, response = super::docs::Invalid),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn change_unit(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<UnitChange>,
) -> ApiResult<Json<Unit>> {
    let store = &*state.store;
    let unit = UnitId(id);
    require_admin(store, user.id, "change units").await?;
    let current = store
        .unit(unit)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("unit {id} does not exist")))?;
    if change.name.is_none() && change.parent.is_none() && change.archived.is_none() {
        return Err(ApiError::fields(
            "give at least one of name, parent and archived",
            Vec::new(),
        ));
    }
    if let Some(name) = &change.name {
        check_unit_name(name)?;
    }
    if change.archived == Some(false) {
        return Err(ApiError::field(
            "archived",
            "an archived unit cannot be brought back; only true is accepted",
        ));
    }
    if let Some(Some(parent)) = change.parent {
        let above = unit_and_ancestors(store, UnitId(parent))
            .await
            .map_err(|e| match e {
                OrgError::NotFound(m) => ApiError::field("parent", m),
                other => other.into(),
            })?;
        if above.iter().any(|u| u.id == unit) {
            return Err(ApiError::field(
                "parent",
                format!(
                    "unit {id} cannot move under unit {parent}, which is the unit itself or below it"
                ),
            ));
        }
    }
    if let Some(name) = &change.name {
        admin::rename_unit(store, user.id, unit, name).await?;
    }
    if let Some(parent) = change.parent
        && parent.map(UnitId) != current.parent
    {
        admin::move_unit(store, user.id, unit, parent.map(UnitId), Utc::now()).await?;
    }
    if change.archived == Some(true) && current.archived_at.is_none() {
        admin::archive_unit(store, user.id, unit, Utc::now()).await?;
    }
    let after = store
        .unit(unit)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("unit {id} does not exist")))?;
    Ok(Json(after))
}

/// New privacy rules.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RulesBody {
    /// The smallest group shown, 3–20.
    pub k: u32,
    /// ε per weekly release, 0.1–10; absent or null keeps the unit's current ε (noise cannot be
    /// switched off).
    #[serde(default)]
    pub epsilon: Option<f64>,
    /// Quarterly ε budget, from ε to 140; absent or null keeps the unit's current budget.
    #[serde(default)]
    pub quarterly_budget: Option<f64>,
}

/// Rules that were set, and what the change means.
#[derive(Debug, Serialize)]
pub struct RulesSet {
    #[serde(flatten)]
    changed: RulesChanged,
    description: String,
}

/// Set a unit's privacy rules
///
/// Admins only. Any valid change is allowed: check-ins from now on follow the new rules;
/// check-ins given before keep the strictest rules they were given under.
#[utoipa::path(
    put,
    path = "/units/{id}/rules",
    operation_id = "setUnitRules",
    tag = "teams",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The unit")),
    request_body = RulesBody,
    responses(
        (status = 200, description = "The rules in force now", body = schema::RulesSet),
        (status = 400, response = super::docs::BadRequest),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = super::docs::NotFound),
        (status = 409, response = super::docs::Conflict),
        (status = 413, response = super::docs::TooLarge),
        (status = 415, response = super::docs::UnsupportedMediaType),
        (status = 422, response = super::docs::Invalid),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn set_rules(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<RulesBody>,
) -> ApiResult<Json<RulesSet>> {
    let request = RulesRequest {
        k: body.k,
        epsilon: body.epsilon,
        quarterly_budget: body.quarterly_budget,
    };
    let changed = admin::set_rules(&*state.store, user.id, UnitId(id), request, Utc::now())
        .await
        .map_err(|e| match e {
            OrgError::Invalid(m) => {
                let field = if m.contains("budget") {
                    "quarterly_budget"
                } else if m.contains('ε') {
                    "epsilon"
                } else {
                    "k"
                };
                ApiError::field(field, m.strip_prefix("rules: ").unwrap_or(&m))
            }
            other => other.into(),
        })?;
    Ok(Json(RulesSet {
        description: changed.describe(),
        changed,
    }))
}

/// Every account
///
/// Admins only: each account's id and username, to choose leaders from.
#[utoipa::path(
    get,
    path = "/users",
    operation_id = "listUsers",
    tag = "teams",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The accounts", body = Vec<schema::PersonRef>),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = Forbidden),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn list_users(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> ApiResult<Json<Vec<PersonRef>>> {
    Ok(Json(admin::list_users(&*state.store, user.id).await?))
}

/// Make someone a leader
///
/// Admins only. A leader sees the figures of the unit and every unit below it.
#[utoipa::path(
    put,
    path = "/units/{id}/leaders/{user}",
    operation_id = "addLeader",
    tag = "teams",
    security(("bearer" = [])),
    params(
        ("id" = i64, Path, description = "The unit"),
        ("user" = i64, Path, description = "The account to make a leader"),
    ),
    responses(
        (status = 204, description = "They lead the unit"),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = super::docs::NotFound),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn add_leader(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, leader)): ApiPath<(i64, i64)>,
) -> ApiResult<StatusCode> {
    admin::set_leader(&*state.store, user.id, UnitId(id), UserId(leader), true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stop someone leading a unit
///
/// Admins only.
#[utoipa::path(
    delete,
    path = "/units/{id}/leaders/{user}",
    operation_id = "removeLeader",
    tag = "teams",
    security(("bearer" = [])),
    params(
        ("id" = i64, Path, description = "The unit"),
        ("user" = i64, Path, description = "The leader"),
    ),
    responses(
        (status = 204, description = "They no longer lead the unit"),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = super::docs::NotFound),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn remove_leader(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, leader)): ApiPath<(i64, i64)>,
) -> ApiResult<StatusCode> {
    admin::set_leader(&*state.store, user.id, UnitId(id), UserId(leader), false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An invite to create; the body may be empty.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteRequest {
    /// `member` (default) or `leader`.
    #[serde(default)]
    #[schema(value_type = Option<schema::Role>)]
    pub role: Option<Role>,
    /// How long the link works, 1–30 days (default 7).
    #[serde(default)]
    pub days: Option<i64>,
}

/// A new invite link.
#[derive(Debug, Serialize)]
pub struct InviteCreated {
    url: String,
    token: String,
    expires_at: DateTime<Utc>,
    unit: UnitId,
    role: Role,
}

/// Invite someone into a unit
///
/// Admins, and leaders of the unit or of a unit above it. The link works once, until it
/// expires; the token is shown only in this answer.
#[utoipa::path(
    post,
    path = "/units/{id}/invites",
    operation_id = "createInvite",
    tag = "teams",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The unit to join")),
    request_body(content = Option<InviteRequest>, description = "Optional: role and lifetime"),
    responses(
        (status = 201, description = "The invite", body = schema::InviteCreated),
        (status = 400, response = super::docs::BadRequest),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = super::docs::NotFound),
        (status = 413, response = super::docs::TooLarge),
        (status = 415, response = super::docs::UnsupportedMediaType),
        (status = 422, response = super::docs::Invalid),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn create_invite(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJsonOrEmpty(body): ApiJsonOrEmpty<InviteRequest>,
) -> ApiResult<(StatusCode, Json<InviteCreated>)> {
    let ttl = check_ttl_days(body.days.unwrap_or(DEFAULT_TTL_DAYS))?;
    let role = body.role.unwrap_or(Role::Member);
    let created =
        invites::create_invite(&*state.store, user.id, UnitId(id), role, ttl, Utc::now()).await?;
    Ok((
        StatusCode::CREATED,
        Json(InviteCreated {
            url: format!("{}{}", origin(&headers, &state), created.url_path),
            token: created.token,
            expires_at: created.expires_at,
            unit: created.unit,
            role: created.role,
        }),
    ))
}

/// A new account to create with the invite (without an API token).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    /// 1 to 64 letters, digits and `. _ - @`.
    #[serde(default)]
    pub username: Option<String>,
    /// At least 10 characters.
    #[serde(default)]
    pub password: Option<String>,
}

/// An invite that was used.
#[derive(Debug, Serialize)]
pub struct InviteAccepted {
    user: PersonRef,
    unit: UnitId,
    unit_name: String,
    role: Role,
}

/// Use an invite
///
/// With an API token: the token's account accepts it — a member invite joins the invite's unit
/// (leaving any unit it was in, with sharing off), a leader invite makes it a leader of the
/// unit, not a member. Without one: send `{"username", "password"}` to create an account with
/// it — the only way to register besides setup; then get a token with
/// `POST /api/v1/auth/token`. Only an invite an admin made creates an account: one a leader made
/// is 403 and creates nothing (accept it with the token of an account you already have). Each
/// invite works once; an unknown, used or expired one is 404.
#[utoipa::path(
    post,
    path = "/invites/{token}/accept",
    operation_id = "acceptInvite",
    tag = "teams",
    security((), ("bearer" = [])),
    params(("token" = String, Path, description = "The invite's token")),
    request_body(content = Option<Registration>, description = "Only to register a new account"),
    responses(
        (status = 200, description = "The token's account joined", body = schema::InviteAccepted),
        (status = 201, description = "A new account was created and joined", body = schema::InviteAccepted),
        (status = 400, response = super::docs::BadRequest),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = RegistrationRefused),
        (status = 404, response = super::docs::NotFound),
        (status = 413, response = super::docs::TooLarge),
        (status = 415, response = super::docs::UnsupportedMediaType),
        (status = 422, response = super::docs::Invalid),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn accept_invite(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(token): ApiPath<String>,
    ApiJsonOrEmpty(body): ApiJsonOrEmpty<Registration>,
) -> ApiResult<Response> {
    let registering = body.username.is_some() || body.password.is_some();
    if headers.contains_key(header::AUTHORIZATION) {
        let user = bearer_user(&state, &headers)
            .await
            .map_err(super::extract::store_unavailable)?
            .ok_or_else(|| {
                ApiError::Unauthorized(
                    "the API token is not valid: it is unknown, revoked or not an Anneal token \
                 (`Authorization: Bearer anneal_…`)"
                        .into(),
                )
            })?;
        if registering {
            return Err(ApiError::fields(
                "send either an API token (to join with that account) or a username and \
                 password (to create one), not both",
                Vec::new(),
            ));
        }
        let joined = invites::accept_invite(&*state.store, &token, user.id, Utc::now()).await?;
        let accepted = InviteAccepted {
            user: PersonRef {
                id: user.id,
                username: user.username,
            },
            unit: joined.unit,
            unit_name: joined.unit_name,
            role: joined.role,
        };
        return Ok(Json(accepted).into_response());
    }
    if !registering {
        return Err(ApiError::Unauthorized(
            "send an API token to join with your account, or {\"username\", \"password\"} to \
             create one with this invite"
                .into(),
        ));
    }
    let mut missing = Vec::new();
    if body.username.is_none() {
        missing.push((
            "username".to_string(),
            "missing field `username`".to_string(),
        ));
    }
    if body.password.is_none() {
        missing.push((
            "password".to_string(),
            "missing field `password`".to_string(),
        ));
    }
    if !missing.is_empty() {
        return Err(ApiError::fields(
            "to register, send both a username and a password",
            missing,
        ));
    }
    let username = body.username.unwrap_or_default();
    let password = body.password.unwrap_or_default();
    let (account, joined) = register_with_invite(&state, &token, &username, &password)
        .await
        .map_err(|e| match e {
            RegisterError::Invalid(problems) => {
                let detail = problems
                    .iter()
                    .map(|(_, m)| m.as_str())
                    .collect::<Vec<_>>()
                    .join("; ");
                ApiError::fields(detail, problems)
            }
            RegisterError::Unusable => ApiError::NotFound(UNUSABLE.into()),
            RegisterError::NeedsAccount(m) => ApiError::Forbidden(m),
            RegisterError::Org(e) => e.into(),
            RegisterError::Hashing(m) => ApiError::Internal(m),
            RegisterError::Store(e) => e.into(),
        })?;
    let accepted = InviteAccepted {
        user: PersonRef {
            id: account.id,
            username: account.username,
        },
        unit: joined.unit,
        unit_name: joined.unit_name,
        role: joined.role,
    };
    Ok((StatusCode::CREATED, Json(accepted)).into_response())
}

/// Whether to share.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SharingRequest {
    /// `true` to share pulse check-ins (and the stuck flag) from now on, `false` to stop.
    pub share: bool,
}

/// My unit, my sharing and the rules I share under
///
/// What the sharing and check-in pages show: the caller's unit and whether they share with it;
/// the rules their pulse check-ins are shared under (the smallest group shown, the noise, which
/// leaders see the figures), in plain words; and how many people are in the unit and how many
/// joined in the last 28 days, so made-up accounts cannot arrive unnoticed. 404 when the caller
/// belongs to no unit.
#[utoipa::path(
    get,
    path = "/me/sharing",
    operation_id = "getSharing",
    tag = "teams",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's unit, sharing and rules", body = schema::RulesView),
        (status = 401, response = super::docs::Unauthorized),
        (status = 404, response = super::docs::NotFound),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn sharing_view(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> ApiResult<Json<sharing::RulesView>> {
    sharing::rules_for_person(&*state.store, user.id, Utc::now())
        .await?
        .map(Json)
        .ok_or_else(|| {
            ApiError::NotFound(
                "you do not belong to a unit yet, so nothing of yours is shared; join one with an \
                 invite link first"
                    .into(),
            )
        })
}

/// Share with my unit, or stop
///
/// From now on. Stopping takes this week's shared check-in back out of the unit's figures (it
/// has not been shown yet); weeks already released stay as they are. Sharing covers the weekly
/// pulse and the "I feel stuck" flag only — never answers, notes, full assessments, the plan or
/// the journal. `{unit}` must be the caller's own unit.
#[utoipa::path(
    put,
    path = "/me/sharing/{unit}",
    operation_id = "setSharing",
    tag = "teams",
    security(("bearer" = [])),
    params(("unit" = i64, Path, description = "The caller's unit")),
    request_body = SharingRequest,
    responses(
        (status = 200, description = "The membership, with the choice", body = schema::Membership),
        (status = 400, response = super::docs::BadRequest),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = super::docs::CrossSite),
        (status = 404, response = super::docs::NotFound),
        (status = 413, response = super::docs::TooLarge),
        (status = 415, response = super::docs::UnsupportedMediaType),
        (status = 422, response = super::docs::Invalid),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn set_sharing(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(unit): ApiPath<i64>,
    ApiJson(body): ApiJson<SharingRequest>,
) -> ApiResult<Json<Membership>> {
    let membership = sharing::set_sharing(
        &*state.store,
        user.id,
        Some(UnitId(unit)),
        body.share,
        Utc::now(),
    )
    .await?;
    Ok(Json(membership))
}

/// The window of `GET /units/{id}/summary`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    /// First week (any day of it, `YYYY-MM-DD`); default: 8 weeks up to `to`.
    pub from: Option<NaiveDate>,
    /// Last week (any day of it); default: the last week that has ended.
    pub to: Option<NaiveDate>,
}

/// A unit's summary
///
/// What a leader's dashboard shows: participation, means with bands, zones, the weekly trend,
/// what stands out, stuck flags, honest change and ranked leader practices — for the unit and
/// every unit below it, from frozen weekly releases only. Leaders of the unit or of a unit
/// above it, and admins; anyone else gets 403. Weeks not shown say why, never their size.
#[utoipa::path(
    get,
    path = "/units/{id}/summary",
    operation_id = "getUnitSummary",
    tag = "teams",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The unit"), SummaryQuery),
    responses(
        (status = 200, description = "The summary", body = schema::UnitSummary),
        (status = 400, response = super::docs::BadRequest),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = super::docs::NotFound),
        (status = 422, response = super::docs::Invalid),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn summary(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<SummaryQuery>,
) -> ApiResult<Json<UnitSummary>> {
    let summary = unit_summary(
        &*state.store,
        user.id,
        UnitId(id),
        query.from,
        query.to,
        Utc::now(),
    )
    .await?;
    Ok(Json(summary))
}

/// A brief to send.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BriefRequest {
    /// A leader of the sender's own unit (an account id).
    pub to: i64,
    /// The text, 1 to 4000 characters, sent exactly as written.
    pub text: String,
}

/// Send a brief to my leader
///
/// Sends the text, and only the text, to a leader of the sender's own unit.
/// (`anneal_service::org::briefs::draft_brief` drafts one from the person's picture on the web
/// page.)
#[utoipa::path(
    post,
    path = "/me/briefs",
    operation_id = "sendBrief",
    tag = "teams",
    security(("bearer" = [])),
    request_body = BriefRequest,
    responses(
        (status = 201, description = "The brief as sent", body = schema::BriefView),
        (status = 400, response = super::docs::BadRequest),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = super::docs::CrossSite),
        (status = 404, response = super::docs::NotFound),
        (status = 413, response = super::docs::TooLarge),
        (status = 415, response = super::docs::UnsupportedMediaType),
        (status = 422, response = super::docs::Invalid),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn send_brief(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<BriefRequest>,
) -> ApiResult<(StatusCode, Json<BriefView>)> {
    let sent = briefs::send_brief(
        &*state.store,
        user.id,
        UserId(body.to),
        &body.text,
        Utc::now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(sent)))
}

/// Briefs sent to me
///
/// The briefs people sent to the caller as their leader, newest first.
#[utoipa::path(
    get,
    path = "/me/inbox",
    operation_id = "getInbox",
    tag = "teams",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The briefs", body = Vec<schema::BriefView>),
        (status = 401, response = super::docs::Unauthorized),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn inbox(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> ApiResult<Json<Vec<BriefView>>> {
    Ok(Json(briefs::inbox(&*state.store, user.id).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_refusals_name_their_field() {
        let p = ApiError::from(OrgError::invalid("name: a unit needs a name")).problem();
        assert_eq!(p.status, 422);
        assert_eq!(p.errors[0].field, "name");
        assert_eq!(p.errors[0].message, "a unit needs a name");
        let p = ApiError::from(OrgError::invalid("from, to: too long")).problem();
        assert!(p.errors.is_empty());
        assert_eq!(
            ApiError::from(OrgError::forbidden("no")).status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            ApiError::from(OrgError::Conflict("again".into())).status(),
            StatusCode::CONFLICT
        );
        assert_eq!(
            ApiError::from(OrgError::not_found("gone")).status(),
            StatusCode::NOT_FOUND
        );
    }

    #[test]
    fn a_present_null_parent_differs_from_a_missing_one() {
        let moved: UnitChange = serde_json::from_str(r#"{"parent": null}"#).expect("json");
        assert_eq!(moved.parent, Some(None));
        let kept: UnitChange = serde_json::from_str(r#"{"name": "x"}"#).expect("json");
        assert_eq!(kept.parent, None);
        let under: UnitChange = serde_json::from_str(r#"{"parent": 3}"#).expect("json");
        assert_eq!(under.parent, Some(Some(3)));
    }
}
