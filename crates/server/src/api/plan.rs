//! The plan over the API: `GET`/`POST /api/v1/me/plan`, `POST /api/v1/me/plan/{id}/done`,
//! `POST /api/v1/me/plan/{id}/dismiss`, `POST /api/v1/me/dismissals` and
//! `GET /api/v1/me/plan.ics`. The work is `anneal_service::plan`'s, as for `anneal plan`.

use crate::api::error::{ApiError, ApiResult};
use crate::api::extract::{ApiJson, ApiJsonOrEmpty, ApiPath, ApiQuery, ApiUser};
use crate::api::schema;
use crate::state::AppState;
use anneal_core::calendar::{PulseReminder, plan_calendar};
use anneal_core::plan::{PlanItem, PlanKind, PlanStatus};
use anneal_core::strategy::Cadence;
use anneal_service::plan::{self, Dismissed, PlanEntry};
use anneal_store::User;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, Utc, Weekday};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// The query of `GET /me/plan`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    /// Also list finished and dismissed items (default false).
    #[serde(default)]
    pub all: bool,
}

/// My plan
///
/// Active items in the order they come due (with `all=true`, then the closed ones, newest
/// first): the same as `anneal plan list --json`.
#[utoipa::path(
    get,
    path = "/me/plan",
    operation_id = "listPlan",
    tag = "plan",
    security(("bearer" = [])),
    params(PlanQuery),
    responses(
        (status = 200, description = "The plan", body = Vec<schema::PlanEntry>),
        (status = 400, response = super::docs::BadRequest),
        (status = 401, response = super::docs::Unauthorized),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(query): ApiQuery<PlanQuery>,
) -> ApiResult<Json<Vec<PlanEntry>>> {
    Ok(Json(
        plan::list(&*state.store, user.id, query.all, Utc::now()).await?,
    ))
}

/// A plan item to add: either a recommended action by id (`action`), or a goal, learning entry or
/// action of your own (`kind` and `title`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanRequest {
    /// A recommended action's id, as listed with each recommendation.
    #[serde(default)]
    pub action: Option<String>,
    /// `goal`, `learning` or `custom` (with `title`; not with `action`).
    #[serde(default)]
    pub kind: Option<String>,
    /// What it is, in a line (with `kind`).
    #[serde(default)]
    pub title: Option<String>,
    /// `once`, `daily`, `weekly` or `monthly` (default for an action: its suggested rhythm).
    #[serde(default)]
    pub cadence: Option<String>,
    /// Due (or start) date, `YYYY-MM-DD`.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub due: Option<String>,
}

/// Add to my plan
#[utoipa::path(
    post,
    path = "/me/plan",
    operation_id = "addPlanItem",
    tag = "plan",
    security(("bearer" = [])),
    request_body = PlanRequest,
    responses(
        (status = 201, description = "The new plan item", body = schema::PlanItem),
        (status = 400, response = super::docs::BadRequest),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = super::docs::CrossSite),
        (status = 413, response = super::docs::TooLarge),
        (status = 415, response = super::docs::UnsupportedMediaType),
        (status = 422, response = super::docs::Invalid),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn add(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(request): ApiJson<PlanRequest>,
) -> ApiResult<(StatusCode, Json<PlanItem>)> {
    let draft = Draft::check(request)?;
    let store = &*state.store;
    let now = Utc::now();
    let item = match draft.what {
        What::Action(action) => plan::adopt(store, user.id, &action, draft.cadence, draft.due, now)
            .await
            .map_err(|e| ApiError::service_on("action", e))?,
        What::Own { kind, title } => {
            plan::add(store, user.id, kind, &title, draft.cadence, draft.due, now)
                .await
                .map_err(|e| ApiError::service_on("title", e))?
        }
    };
    Ok((StatusCode::CREATED, Json(item)))
}

/// A checked [`PlanRequest`].
struct Draft {
    what: What,
    cadence: Option<Cadence>,
    due: Option<NaiveDate>,
}

enum What {
    Action(String),
    Own { kind: PlanKind, title: String },
}

impl Draft {
    /// Every problem of the request at once.
    fn check(request: PlanRequest) -> ApiResult<Draft> {
        let mut problems: Vec<(String, String)> = Vec::new();
        let mut problem = |field: &str, message: String| problems.push((field.into(), message));
        let cadence = request.cadence.as_deref().and_then(|c| {
            let parsed = Cadence::parse(c);
            if parsed.is_none() {
                problem(
                    "cadence",
                    format!("{c:?} is not a cadence; allowed: once, daily, weekly, monthly"),
                );
            }
            parsed
        });
        let due = request.due.as_deref().and_then(|d| {
            let parsed = NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
            if parsed.is_none() {
                problem(
                    "due",
                    format!("{d:?} is not a date; use YYYY-MM-DD, e.g. 2026-03-02"),
                );
            }
            parsed
        });
        let what = match (request.action, request.kind, request.title) {
            (Some(action), None, None) => Some(What::Action(action)),
            (Some(_), _, _) => {
                problem(
                    "action",
                    "send either `action` (a recommended action's id) or `kind` and `title`, \
                     not both"
                        .into(),
                );
                None
            }
            (None, Some(kind), Some(title)) => match PlanKind::parse(&kind) {
                Some(PlanKind::Action) | None => {
                    problem(
                        "kind",
                        format!(
                            "{kind:?} is not a kind you can add; allowed: goal, learning, custom \
                             (adopt a recommended action with `action`)"
                        ),
                    );
                    None
                }
                Some(kind) => Some(What::Own { kind, title }),
            },
            (None, kind, title) => {
                if kind.is_none() {
                    problem(
                        "kind",
                        "missing: send `kind` (goal, learning or custom) with a `title`, or \
                         `action` with a recommended action's id"
                            .into(),
                    );
                }
                if title.is_none() {
                    problem("title", "missing: say in a line what it is".into());
                }
                None
            }
        };
        match what {
            Some(what) if problems.is_empty() => Ok(Draft { what, cadence, due }),
            _ => {
                let detail = match problems.as_slice() {
                    [(_, only)] => only.clone(),
                    many => format!("{} problems with the plan item (see errors)", many.len()),
                };
                Err(ApiError::fields(detail, problems))
            }
        }
    }
}

/// The person's plan item `id` when it is still active: 404 when there is none, 409 when it is
/// done or dismissed already.
async fn active_item(state: &AppState, user: &User, id: i64) -> ApiResult<PlanItem> {
    let item = state
        .store
        .plan_items(user.id)
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| ApiError::NotFound(format!("there is no plan item {id} in your plan")))?;
    if item.status != PlanStatus::Active {
        return Err(ApiError::Conflict(format!(
            "plan item {id} is {}; only an active item can be marked done or set aside",
            item.status
        )));
    }
    Ok(item)
}

/// Mark a plan item done
///
/// A one-off item is finished; a recurring one logs this time and stays in the plan.
#[utoipa::path(
    post,
    path = "/me/plan/{id}/done",
    operation_id = "markPlanItemDone",
    tag = "plan",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The plan item's id")),
    responses(
        (status = 200, description = "The item as it stands now", body = schema::PlanItem),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = super::docs::CrossSite),
        (status = 404, response = super::docs::NotFound),
        (status = 409, response = super::docs::Conflict),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn done(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<PlanItem>> {
    active_item(&state, &user, id).await?;
    Ok(Json(
        plan::done(&*state.store, user.id, id, Utc::now()).await?,
    ))
}

/// Why something is set aside (optional).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DismissRequest {
    /// In a few words, for yourself.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Set a plan item aside
///
/// The body (`{"reason"}`) may be left out.
#[utoipa::path(
    post,
    path = "/me/plan/{id}/dismiss",
    operation_id = "dismissPlanItem",
    tag = "plan",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The plan item's id")),
    request_body(content = Option<DismissRequest>, description = "Optional: the body may be left out"),
    responses(
        (status = 200, description = "The item, dismissed", body = schema::PlanItem),
        (status = 400, response = super::docs::BadRequest),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = super::docs::CrossSite),
        (status = 404, response = super::docs::NotFound),
        (status = 409, response = super::docs::Conflict),
        (status = 413, response = super::docs::TooLarge),
        (status = 415, response = super::docs::UnsupportedMediaType),
        (status = 422, response = super::docs::Invalid),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn dismiss_item(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJsonOrEmpty(request): ApiJsonOrEmpty<DismissRequest>,
) -> ApiResult<Json<PlanItem>> {
    active_item(&state, &user, id).await?;
    let dismissed = plan::dismiss(
        &*state.store,
        user.id,
        &id.to_string(),
        request.reason,
        Utc::now(),
    )
    .await
    .map_err(|e| ApiError::service_on("reason", e))?;
    match dismissed {
        Dismissed::Item { item } => Ok(Json(item)),
        Dismissed::Recommendation { .. } => Err(ApiError::Internal(format!(
            "dismissing plan item {id} set aside a recommendation instead"
        ))),
    }
}

/// Something to set aside.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DismissalRequest {
    /// A recommended strategy's or action's id (left out of recommendations for 30 days), or a
    /// plan item's number.
    pub target: String,
    #[serde(default)]
    pub reason: Option<String>,
}

/// Set a recommendation aside
///
/// Leaves a recommended strategy or action out of the recommendations for the next 30 days (a
/// plan item's number sets that item aside instead), as `anneal plan dismiss` does.
#[utoipa::path(
    post,
    path = "/me/dismissals",
    operation_id = "createDismissal",
    tag = "plan",
    security(("bearer" = [])),
    request_body = DismissalRequest,
    responses(
        (status = 201, description = "What was set aside", body = schema::Dismissed),
        (status = 400, response = super::docs::BadRequest),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = super::docs::CrossSite),
        (status = 404, response = super::docs::NotFound),
        (status = 409, response = super::docs::Conflict),
        (status = 413, response = super::docs::TooLarge),
        (status = 415, response = super::docs::UnsupportedMediaType),
        (status = 422, response = super::docs::Invalid),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn dismiss(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(request): ApiJson<DismissalRequest>,
) -> ApiResult<(StatusCode, Json<Dismissed>)> {
    let target = request.target.trim();
    if let Ok(id) = target.parse::<i64>() {
        active_item(&state, &user, id).await?;
    }
    let dismissed = plan::dismiss(&*state.store, user.id, target, request.reason, Utc::now())
        .await
        .map_err(|e| match e {
            anneal_service::ServiceError::Invalid(m) if m.starts_with("reason") => {
                ApiError::field("reason", m)
            }
            other => ApiError::service_on("target", other),
        })?;
    Ok((StatusCode::CREATED, Json(dismissed)))
}

/// The query of `GET /me/plan.ics`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CalendarQuery {
    /// Day of the weekly pulse reminder: `mon` … `sun`, or `none` for no reminder (default `mon`).
    pub pulse_day: Option<String>,
    /// Time of the weekly pulse reminder, `HH:MM` (default `09:00`).
    pub pulse_time: Option<String>,
}

fn pulse_reminder(query: &CalendarQuery) -> ApiResult<Option<PulseReminder>> {
    let day = query.pulse_day.as_deref().unwrap_or("mon");
    let time = query.pulse_time.as_deref().unwrap_or("09:00");
    let mut problems = Vec::new();
    let weekday = if day.eq_ignore_ascii_case("none") {
        None
    } else {
        match day.parse::<Weekday>() {
            Ok(d) => Some(d),
            Err(_) => {
                problems.push((
                    "pulse_day".to_string(),
                    format!(
                        "{day:?} is not a day; allowed: mon, tue, wed, thu, fri, sat, sun, none"
                    ),
                ));
                None
            }
        }
    };
    let hour_minute = time
        .split_once(':')
        .and_then(|(h, m)| Some((h.parse::<u32>().ok()?, m.parse::<u32>().ok()?)))
        .filter(|&(h, m)| h <= 23 && m <= 59);
    if hour_minute.is_none() {
        problems.push((
            "pulse_time".to_string(),
            format!("{time:?} is not a time of day; use HH:MM, e.g. 09:00"),
        ));
    }
    if !problems.is_empty() {
        let detail = problems
            .iter()
            .map(|(_, m)| m.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        return Err(ApiError::fields(detail, problems));
    }
    match (weekday, hour_minute) {
        (Some(weekday), Some((hour, minute))) => PulseReminder::new(weekday, hour, minute)
            .map(Some)
            .map_err(|e| ApiError::field("pulse_time", e.to_string())),
        _ => Ok(None),
    }
}

/// My plan as a calendar
///
/// An iCalendar file: one event per active plan item with a rhythm or a due date, and a weekly
/// reminder to do the pulse. Importing a newer file updates the same events.
#[utoipa::path(
    get,
    path = "/me/plan.ics",
    operation_id = "getPlanCalendar",
    tag = "plan",
    security(("bearer" = [])),
    params(CalendarQuery),
    responses(
        (status = 200, description = "The calendar", body = String, content_type = "text/calendar"),
        (status = 400, response = super::docs::BadRequest),
        (status = 401, response = super::docs::Unauthorized),
        (status = 422, response = super::docs::Invalid),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn calendar(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(query): ApiQuery<CalendarQuery>,
) -> ApiResult<Response> {
    let pulse = pulse_reminder(&query)?;
    let items = state.store.plan_items(user.id).await?;
    let text = plan_calendar(&items, pulse, &user.username, Utc::now());
    let mut response = text.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"anneal-plan.ics\""),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(json: serde_json::Value) -> PlanRequest {
        serde_json::from_value(json).expect("a plan request")
    }

    fn fields(result: ApiResult<Draft>) -> Vec<String> {
        match result {
            Ok(_) => panic!("should be refused"),
            Err(e) => e.problem().errors.into_iter().map(|f| f.field).collect(),
        }
    }

    #[test]
    fn an_action_or_a_kind_with_a_title() {
        let d = Draft::check(request(
            serde_json::json!({"action": "x", "cadence": "weekly"}),
        ))
        .expect("action");
        assert!(matches!(d.what, What::Action(ref a) if a == "x"));
        assert_eq!(d.cadence, Some(Cadence::Weekly));
        let d = Draft::check(request(
            serde_json::json!({"kind": "goal", "title": "Lead a project", "due": "2026-09-01"}),
        ))
        .expect("goal");
        assert!(matches!(
            d.what,
            What::Own {
                kind: PlanKind::Goal,
                ..
            }
        ));
        assert_eq!(d.due, NaiveDate::from_ymd_opt(2026, 9, 1));
    }

    #[test]
    fn every_problem_is_named() {
        assert_eq!(
            fields(Draft::check(request(serde_json::json!({})))),
            ["kind", "title"]
        );
        assert_eq!(
            fields(Draft::check(request(
                serde_json::json!({"action": "x", "title": "t"})
            ))),
            ["action"]
        );
        assert_eq!(
            fields(Draft::check(request(
                serde_json::json!({"kind": "action", "title": "t", "cadence": "hourly", "due": "soon"})
            ))),
            ["cadence", "due", "kind"]
        );
    }

    #[test]
    fn the_pulse_reminder_defaults_and_is_checked() {
        let q = |day: Option<&str>, time: Option<&str>| CalendarQuery {
            pulse_day: day.map(str::to_string),
            pulse_time: time.map(str::to_string),
        };
        let default = pulse_reminder(&q(None, None)).expect("default");
        assert_eq!(default, Some(PulseReminder::default()));
        assert_eq!(pulse_reminder(&q(Some("none"), None)).expect("none"), None);
        let fri = pulse_reminder(&q(Some("fri"), Some("17:30")))
            .expect("fri")
            .expect("reminder");
        assert_eq!((fri.weekday, fri.hour, fri.minute), (Weekday::Fri, 17, 30));
        let e = pulse_reminder(&q(Some("someday"), Some("25:00"))).expect_err("bad");
        assert_eq!(e.problem().errors.len(), 2);
    }
}
