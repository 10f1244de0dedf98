//! `/org` (admins): the organisation's units as a tree and a form for a new one; and
//! `/org/units/{id}`: one unit's name and place (rename, move, archive), its privacy rules, its
//! leaders, and invite links into it.
//!
//! Every change goes through `anneal_service::org::admin` (or `invites`), which checks that the
//! person is an admin and that the input is allowed. A refused form is shown again with its
//! message next to the field, status 422; a successful one redirects with a flash message.

use crate::auth::CurrentUser;
use crate::auth::client::is_https;
use crate::flash::Flash;
use crate::pages::form::FormErrors;
use crate::pages::layout::{Layout, PageContext};
use crate::pages::org::{add_error, is_form_problem, page_error, redirect_with, sentence};
use crate::pages::{PageResult, render, render_status, words};
use crate::state::AppState;
use anneal_core::privacy::{MAX_K, MIN_K};
use anneal_service::org::OrgError;
use anneal_service::org::access::PersonRef;
use anneal_service::org::admin::{self, RulesRequest, UnitView};
use anneal_service::org::invites::{self, DEFAULT_TTL_DAYS, MAX_TTL_DAYS};
use anneal_store::UserId;
use anneal_store::org::{Role, UnitId, UnitRules};
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use chrono::Utc;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The deepest indentation the tree shows; deeper units are drawn at this depth.
const MAX_DEPTH_CLASS: usize = 6;

/// One unit in the tree.
pub struct UnitRow {
    pub id: i64,
    pub name: String,
    /// `depth-0` … `depth-6`: the indentation.
    pub depth_class: String,
    /// The unit it sits in, for screen readers and narrow screens.
    pub parent_name: Option<String>,
    /// "12 people directly in it".
    pub members: String,
    /// "Leaders: ana, ben" or "No leader yet".
    pub leaders: String,
    /// "k = 5, no noise".
    pub rules: String,
    pub archived: bool,
}

/// A unit to choose as a parent.
pub struct ParentOption {
    pub id: i64,
    /// The name, indented by depth.
    pub label: String,
    pub selected: bool,
}

/// A person to choose, or listed.
pub struct PersonView {
    pub id: i64,
    pub username: String,
}

impl From<&PersonRef> for PersonView {
    fn from(p: &PersonRef) -> Self {
        PersonView {
            id: p.id.0,
            username: p.username.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "org/admin.html")]
struct OrgPage {
    layout: Layout,
    units: Vec<UnitRow>,
    parents: Vec<ParentOption>,
    accounts: usize,
    new_name: String,
    errors: FormErrors,
}

/// What the forms of a unit's page hold: the unit's values, or what the person typed into the
/// form that was refused.
#[derive(Debug, Clone, Default)]
pub struct UnitForm {
    pub name: String,
    pub parent: String,
    pub k: String,
    pub epsilon: String,
    pub budget: String,
    pub role: String,
    pub days: String,
}

#[derive(Template)]
#[template(path = "org/unit.html")]
struct UnitPage {
    layout: Layout,
    id: i64,
    name: String,
    archived: Option<String>,
    /// The units above, top first.
    path: Vec<(i64, String)>,
    members: String,
    rules: Vec<String>,
    leaders: Vec<PersonView>,
    candidates: Vec<PersonView>,
    parents: Vec<ParentOption>,
    top_selected: bool,
    form: UnitForm,
    errors: FormErrors,
    k_min: u32,
    k_max: u32,
    days_max: i64,
}

#[derive(Template)]
#[template(path = "org/invite_created.html")]
struct InviteCreatedPage {
    layout: Layout,
    unit_name: String,
    role: &'static str,
    url: String,
    expires: String,
    back: String,
}

/// "k = 5, no noise", with non-breaking spaces so that "k = 5" stays on one line.
fn rules_short(rules: &UnitRules) -> String {
    match rules.epsilon {
        Some(e) => format!("k\u{a0}=\u{a0}{}, noise ε\u{a0}=\u{a0}{e}", rules.k),
        None => format!("k\u{a0}=\u{a0}{}, no noise", rules.k),
    }
}

/// The rules in force, in sentences, for the admin.
fn rules_in_words(rules: &UnitRules) -> Vec<String> {
    let mut lines = vec![format!(
        "A group's figures are shown only when at least {} people checked in that week.",
        rules.k
    )];
    lines.push(match (rules.epsilon, rules.quarterly_budget) {
        (Some(e), Some(b)) => format!(
            "Random noise is added to every figure: ε = {e} per weekly release, at most {b} per \
             quarter. When the budget is spent, this unit's members are left out until the next \
             quarter."
        ),
        _ => "No random noise is added (units above it may add some).".to_string(),
    });
    lines.push(format!(
        "Version {}, set on {}.",
        rules.version,
        words::date(rules.changed_at)
    ));
    lines
}

/// "No one directly in it", "1 person directly in it", "12 people directly in it".
fn members_words(members: u64) -> String {
    match members {
        0 => "No one directly in it".to_string(),
        1 => "1 person directly in it".to_string(),
        n => format!("{n} people directly in it"),
    }
}

fn depth_class(depth: usize) -> String {
    format!("depth-{}", depth.min(MAX_DEPTH_CLASS))
}

fn rows(units: &[UnitView]) -> Vec<UnitRow> {
    let names: BTreeMap<UnitId, &str> = units.iter().map(|u| (u.id, u.name.as_str())).collect();
    units
        .iter()
        .map(|u| UnitRow {
            id: u.id.0,
            name: u.name.clone(),
            depth_class: depth_class(u.depth),
            parent_name: u
                .parent
                .and_then(|p| names.get(&p).map(|n| (*n).to_string())),
            members: members_words(u.members),
            leaders: if u.leaders.is_empty() {
                "No leader yet".to_string()
            } else {
                format!(
                    "Leaders: {}",
                    u.leaders
                        .iter()
                        .map(|l| l.username.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            },
            rules: rules_short(&u.rules),
            archived: u.archived_at.is_some(),
        })
        .collect()
}

/// Units that can be chosen as a parent (not archived, not in `excluded`), indented by depth.
fn parent_options(units: &[UnitView], excluded: &[UnitId], selected: &str) -> Vec<ParentOption> {
    units
        .iter()
        .filter(|u| u.archived_at.is_none() && !excluded.contains(&u.id))
        .map(|u| ParentOption {
            id: u.id.0,
            label: format!("{}{}", "– ".repeat(u.depth), u.name),
            selected: selected == u.id.0.to_string(),
        })
        .collect()
}

/// The unit and every unit below it: in tree order they follow it while deeper.
fn unit_and_below(units: &[UnitView], unit: UnitId) -> Vec<UnitId> {
    let Some(start) = units.iter().position(|u| u.id == unit) else {
        return Vec::new();
    };
    let depth = units[start].depth;
    std::iter::once(unit)
        .chain(
            units[start + 1..]
                .iter()
                .take_while(|u| u.depth > depth)
                .map(|u| u.id),
        )
        .collect()
}

/// The units above `unit`, top first.
fn path_to(units: &[UnitView], unit: &UnitView) -> Vec<(i64, String)> {
    let by_id: BTreeMap<UnitId, &UnitView> = units.iter().map(|u| (u.id, u)).collect();
    let mut path = Vec::new();
    let mut next = unit.parent;
    while let Some(id) = next {
        let Some(above) = by_id.get(&id) else { break };
        if path.len() > units.len() {
            break;
        }
        path.push((above.id.0, above.name.clone()));
        next = above.parent;
    }
    path.reverse();
    path
}

async fn org_page(
    state: &AppState,
    user: &CurrentUser,
    ctx: &PageContext,
    name: String,
    parent: &str,
    errors: FormErrors,
) -> Result<OrgPage, OrgError> {
    let units = admin::list_units(&*state.store, user.id()).await?;
    let accounts = admin::list_users(&*state.store, user.id()).await?.len();
    Ok(OrgPage {
        layout: ctx.layout("Organisation"),
        units: rows(&units),
        parents: parent_options(&units, &[], parent),
        accounts,
        new_name: name,
        errors,
    })
}

/// `GET /org`: the tree and the form for a new unit.
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
) -> PageResult {
    let page = org_page(&state, &user, &ctx, String::new(), "", FormErrors::new())
        .await
        .map_err(page_error)?;
    Ok(render(&page))
}

/// The new-unit form.
#[derive(Debug, Deserialize)]
pub struct NewUnitForm {
    #[serde(default)]
    name: String,
    /// A unit id, or empty for the top level.
    #[serde(default)]
    parent: String,
}

/// Reads a parent field: empty is the top level.
fn parse_parent(text: &str) -> Result<Option<UnitId>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<i64>()
        .map(|id| Some(UnitId(id)))
        .map_err(|_| "Choose a unit from the list, or the top level.".to_string())
}

/// `POST /org/units`: creates a unit and opens its page.
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Form(form): Form<NewUnitForm>,
) -> PageResult {
    let mut errors = FormErrors::new();
    let created = match parse_parent(&form.parent) {
        Ok(parent) => admin::create_unit(&*state.store, user.id(), &form.name, parent, Utc::now())
            .await
            .map(Some),
        Err(message) => {
            errors.add("parent", message);
            Ok(None)
        }
    };
    match created {
        Ok(Some(unit)) => Ok(redirect_with(
            &state,
            Flash::success(format!(
                "{} was created with the default rules (k = 5, noise ε = 1, a budget of 14 a \
                 quarter).",
                unit.name
            )),
            &format!("/org/units/{}", unit.id.0),
        )),
        Err(e) if is_form_problem(&e) => {
            let field = if e.to_string().starts_with("name") {
                "name"
            } else {
                "parent"
            };
            add_error(&mut errors, field, &e);
            refused_new_unit(&state, &user, &ctx, form, errors).await
        }
        Err(e) => Err(page_error(e)),
        Ok(None) => refused_new_unit(&state, &user, &ctx, form, errors).await,
    }
}

async fn refused_new_unit(
    state: &AppState,
    user: &CurrentUser,
    ctx: &PageContext,
    form: NewUnitForm,
    errors: FormErrors,
) -> PageResult {
    let page = org_page(state, user, ctx, form.name, &form.parent, errors)
        .await
        .map_err(page_error)?;
    Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

fn format_number(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// The page of one unit, with `form` in its forms and `errors` beside them.
async fn unit_page(
    state: &AppState,
    user: &CurrentUser,
    ctx: &PageContext,
    unit: UnitId,
    typed: impl FnOnce(&mut UnitForm),
    errors: FormErrors,
) -> Result<UnitPage, OrgError> {
    let units = admin::list_units(&*state.store, user.id()).await?;
    let Some(this) = units.iter().find(|u| u.id == unit) else {
        return Err(OrgError::not_found(format!(
            "unit {} does not exist",
            unit.0
        )));
    };
    let people = admin::list_users(&*state.store, user.id()).await?;
    let mut form = form_of(this);
    typed(&mut form);
    let leader_ids: Vec<UserId> = this.leaders.iter().map(|l| l.id).collect();
    Ok(UnitPage {
        layout: ctx.layout(this.name.clone()),
        id: this.id.0,
        name: this.name.clone(),
        archived: this.archived_at.map(words::date),
        path: path_to(&units, this),
        members: members_words(this.members),
        rules: rules_in_words(&this.rules),
        leaders: this.leaders.iter().map(PersonView::from).collect(),
        candidates: people
            .iter()
            .filter(|p| !leader_ids.contains(&p.id))
            .map(PersonView::from)
            .collect(),
        parents: parent_options(&units, &unit_and_below(&units, unit), &form.parent),
        top_selected: form.parent.trim().is_empty(),
        form,
        errors,
        k_min: MIN_K,
        k_max: MAX_K,
        days_max: MAX_TTL_DAYS,
    })
}

/// `GET /org/units/{id}`.
pub async fn unit(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<i64>,
) -> PageResult {
    let page = unit_page(&state, &user, &ctx, UnitId(id), |_| {}, FormErrors::new())
        .await
        .map_err(page_error)?;
    Ok(render(&page))
}

/// Shows the unit's page again with what was typed and why it was refused (422), or the error
/// page when the refusal is not about the form.
async fn refused(
    state: &AppState,
    user: &CurrentUser,
    ctx: &PageContext,
    unit: UnitId,
    typed: impl FnOnce(&mut UnitForm),
    field: &str,
    e: OrgError,
) -> PageResult {
    if !is_form_problem(&e) {
        return Err(page_error(e));
    }
    let mut errors = FormErrors::new();
    add_error(&mut errors, field, &e);
    let page = unit_page(state, user, ctx, unit, typed, errors)
        .await
        .map_err(page_error)?;
    Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

/// The forms of a unit's page filled with its current values.
fn form_of(unit: &UnitView) -> UnitForm {
    UnitForm {
        name: unit.name.clone(),
        parent: unit.parent.map(|p| p.0.to_string()).unwrap_or_default(),
        k: unit.rules.k.to_string(),
        epsilon: format_number(unit.rules.epsilon),
        budget: format_number(unit.rules.quarterly_budget),
        role: "member".to_string(),
        days: DEFAULT_TTL_DAYS.to_string(),
    }
}

/// The rename form.
#[derive(Debug, Deserialize)]
pub struct RenameForm {
    #[serde(default)]
    name: String,
}

/// `POST /org/units/{id}/rename`.
pub async fn rename(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<i64>,
    Form(form): Form<RenameForm>,
) -> PageResult {
    let unit = UnitId(id);
    match admin::rename_unit(&*state.store, user.id(), unit, &form.name).await {
        Ok(renamed) => Ok(redirect_with(
            &state,
            Flash::success(format!("The unit is now called {}.", renamed.name)),
            &format!("/org/units/{id}"),
        )),
        Err(e) => refused(&state, &user, &ctx, unit, |f| f.name = form.name, "name", e).await,
    }
}

/// The move form.
#[derive(Debug, Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    parent: String,
}

/// `POST /org/units/{id}/move`.
pub async fn move_unit(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<i64>,
    Form(form): Form<MoveForm>,
) -> PageResult {
    let unit = UnitId(id);
    let result = match parse_parent(&form.parent) {
        Ok(parent) => admin::move_unit(&*state.store, user.id(), unit, parent, Utc::now()).await,
        Err(message) => Err(OrgError::invalid(format!("parent: {message}"))),
    };
    match result {
        Ok(moved) => Ok(redirect_with(
            &state,
            Flash::success(format!(
                "{} was moved. Weeks already released keep the figures they were released with.",
                moved.name
            )),
            &format!("/org/units/{id}"),
        )),
        Err(e) => {
            refused(
                &state,
                &user,
                &ctx,
                unit,
                |f| f.parent = form.parent,
                "parent",
                e,
            )
            .await
        }
    }
}

/// `POST /org/units/{id}/archive`.
pub async fn archive(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> PageResult {
    let archived = admin::archive_unit(&*state.store, user.id(), UnitId(id), Utc::now())
        .await
        .map_err(page_error)?;
    Ok(redirect_with(
        &state,
        Flash::success(format!(
            "{} is archived: it takes no new people; its members, leaders and figures stay.",
            archived.name
        )),
        &format!("/org/units/{id}"),
    ))
}

/// The rules form.
#[derive(Debug, Deserialize)]
pub struct RulesForm {
    #[serde(default)]
    k: String,
    #[serde(default)]
    epsilon: String,
    #[serde(default)]
    budget: String,
}

/// Reads an optional decimal number (a comma works as the decimal mark); empty is `None`.
fn parse_decimal(text: &str, what: &str) -> Result<Option<f64>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.replace(',', ".").parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(format!(
            "{what}: {text:?} is not a number; write it like 1 or 0.5, or leave it empty"
        )),
    }
}

/// Reads the rules form into a request, or says which field is wrong.
fn parse_rules(form: &RulesForm) -> Result<RulesRequest, (&'static str, String)> {
    let k = form.k.trim().parse::<u32>().map_err(|_| {
        (
            "k",
            format!(
                "k: {:?} is not a whole number; give one between {MIN_K} and {MAX_K}",
                form.k.trim()
            ),
        )
    })?;
    let epsilon = parse_decimal(&form.epsilon, "epsilon").map_err(|m| ("epsilon", m))?;
    let quarterly_budget = parse_decimal(&form.budget, "budget").map_err(|m| ("budget", m))?;
    Ok(RulesRequest {
        k,
        epsilon,
        quarterly_budget,
    })
}

/// Which field of the rules form a refusal is about.
fn rules_field(message: &str) -> &'static str {
    if message.contains("budget") {
        "budget"
    } else if message.contains('ε') {
        "epsilon"
    } else {
        "k"
    }
}

/// `POST /org/units/{id}/rules`.
pub async fn set_rules(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<i64>,
    Form(form): Form<RulesForm>,
) -> PageResult {
    let unit = UnitId(id);
    let (result, field) = match parse_rules(&form) {
        Ok(request) => {
            let result =
                admin::set_rules(&*state.store, user.id(), unit, request, Utc::now()).await;
            let field = match &result {
                Err(e) => rules_field(&e.to_string()),
                Ok(_) => "k",
            };
            (result, field)
        }
        Err((field, message)) => (Err(OrgError::invalid(message)), field),
    };
    match result {
        Ok(changed) => Ok(redirect_with(
            &state,
            Flash::success(changed.describe()),
            &format!("/org/units/{id}"),
        )),
        Err(e) => {
            refused(
                &state,
                &user,
                &ctx,
                unit,
                |f| {
                    f.k = form.k;
                    f.epsilon = form.epsilon;
                    f.budget = form.budget;
                },
                field,
                e,
            )
            .await
        }
    }
}

/// The add-a-leader form.
#[derive(Debug, Deserialize)]
pub struct LeaderForm {
    #[serde(default)]
    user: String,
}

/// `POST /org/units/{id}/leaders`: makes the chosen person a leader of the unit.
pub async fn add_leader(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<i64>,
    Form(form): Form<LeaderForm>,
) -> PageResult {
    let unit = UnitId(id);
    let result = match form.user.trim().parse::<i64>() {
        Ok(leader) => admin::set_leader(&*state.store, user.id(), unit, UserId(leader), true)
            .await
            .map(|()| leader),
        Err(_) => Err(OrgError::invalid("user: choose a person from the list")),
    };
    match result {
        Ok(_) => Ok(redirect_with(
            &state,
            Flash::success(
                "The leader was added. They now see this unit's figures, and those of the units \
                 below it.",
            ),
            &format!("/org/units/{id}"),
        )),
        Err(e) => refused(&state, &user, &ctx, unit, |_| {}, "user", e).await,
    }
}

/// `POST /org/units/{id}/leaders/{user}/remove`.
pub async fn remove_leader(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, leader)): Path<(i64, i64)>,
) -> PageResult {
    admin::set_leader(&*state.store, user.id(), UnitId(id), UserId(leader), false)
        .await
        .map_err(page_error)?;
    Ok(redirect_with(
        &state,
        Flash::success("They are no longer a leader of this unit."),
        &format!("/org/units/{id}"),
    ))
}

/// The invite form (on a unit's admin page and on a leader's dashboard).
#[derive(Debug, Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    days: String,
    /// Which page the form is on: `team` for the dashboard, anything else for the admin page.
    #[serde(default)]
    back: String,
}

/// The address people reach this Anneal at, as this request came in: `http://host` (or
/// `https://` behind a trusted proxy that says so); empty when the request names no host.
pub fn origin(headers: &HeaderMap, state: &AppState) -> String {
    let Some(host) = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
    else {
        return String::new();
    };
    let scheme = if is_https(headers, &state.config) {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

/// `POST /org/units/{id}/invites`: creates an invite and shows its link, once.
pub async fn create_invite(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<InviteForm>,
) -> PageResult {
    let unit = UnitId(id);
    let back = if form.back == "team" {
        format!("/team/{id}")
    } else {
        format!("/org/units/{id}")
    };
    let role = match form.role.as_str() {
        "leader" => Ok(Role::Leader),
        "member" | "" => Ok(Role::Member),
        _ => Err(OrgError::invalid("role: choose member or leader")),
    };
    let days = form.days.trim().parse::<i64>().map_err(|_| {
        OrgError::invalid(format!(
            "days: {:?} is not a whole number of days; give 1 to {MAX_TTL_DAYS}",
            form.days.trim()
        ))
    });
    let created = match (role, days) {
        (Ok(role), Ok(days)) => match invites::check_ttl_days(days) {
            Ok(ttl) => {
                invites::create_invite(&*state.store, user.id(), unit, role, ttl, Utc::now()).await
            }
            Err(e) => Err(e),
        },
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    let created = match created {
        Ok(created) => created,
        // A leader's dashboard has no form to show again: the message goes back with it.
        Err(e) if form.back == "team" && is_form_problem(&e) => {
            return Ok(redirect_with(
                &state,
                Flash::error(sentence(&crate::pages::org::without_field_prefix(
                    &e.to_string(),
                ))),
                &back,
            ));
        }
        Err(e) => {
            let field = if e.to_string().starts_with("role") {
                "role"
            } else {
                "days"
            };
            return refused(
                &state,
                &user,
                &ctx,
                unit,
                |f| {
                    f.role = form.role;
                    f.days = form.days;
                },
                field,
                e,
            )
            .await;
        }
    };
    let unit_name = state
        .store
        .unit(unit)
        .await?
        .map(|u| u.name)
        .unwrap_or_else(|| format!("unit {id}"));
    Ok(render(&InviteCreatedPage {
        layout: ctx.layout("Invite link"),
        unit_name,
        role: match created.role {
            Role::Leader => "a leader",
            Role::Member => "a member",
        },
        url: format!("{}{}", origin(&headers, &state), created.url_path),
        expires: format!(
            "{} at {} UTC",
            words::date(created.expires_at),
            created.expires_at.format("%H:%M")
        ),
        back,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn view(id: i64, parent: Option<i64>, depth: usize) -> UnitView {
        UnitView {
            id: UnitId(id),
            name: format!("U{id}"),
            parent: parent.map(UnitId),
            depth,
            archived_at: None,
            rules: UnitRules {
                version: 1,
                k: 5,
                epsilon: None,
                quarterly_budget: None,
                changed_at: Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap(),
            },
            members: 1,
            leaders: Vec::new(),
        }
    }

    /// 1 ─ 2 ─ 3, 1 ─ 4, 5 (in tree order).
    fn tree() -> Vec<UnitView> {
        vec![
            view(1, None, 0),
            view(2, Some(1), 1),
            view(3, Some(2), 2),
            view(4, Some(1), 1),
            view(5, None, 0),
        ]
    }

    #[test]
    fn a_unit_cannot_move_under_itself_or_below_it() {
        let units = tree();
        assert_eq!(unit_and_below(&units, UnitId(2)), [UnitId(2), UnitId(3)]);
        assert_eq!(unit_and_below(&units, UnitId(1)).len(), 4);
        assert_eq!(unit_and_below(&units, UnitId(5)), [UnitId(5)]);
        let options = parent_options(&units, &unit_and_below(&units, UnitId(2)), "1");
        let ids: Vec<i64> = options.iter().map(|o| o.id).collect();
        assert_eq!(ids, [1, 4, 5]);
        assert!(options[0].selected);
        assert_eq!(options[1].label, "– U4");
    }

    #[test]
    fn the_path_runs_from_the_top() {
        let units = tree();
        assert_eq!(
            path_to(&units, &units[2]),
            [(1, "U1".to_string()), (2, "U2".to_string())]
        );
        assert!(path_to(&units, &units[0]).is_empty());
    }

    #[test]
    fn rules_forms_are_read_or_refused_by_field() {
        let form = |k: &str, e: &str, b: &str| RulesForm {
            k: k.into(),
            epsilon: e.into(),
            budget: b.into(),
        };
        let ok = parse_rules(&form(" 7 ", "0,5", "4")).expect("valid");
        assert_eq!(ok.k, 7);
        assert_eq!(ok.epsilon, Some(0.5));
        assert_eq!(ok.quarterly_budget, Some(4.0));
        assert_eq!(
            parse_rules(&form("", "", "")).map(|_| ()).unwrap_err().0,
            "k"
        );
        assert_eq!(
            parse_rules(&form("5", "lots", ""))
                .map(|_| ())
                .unwrap_err()
                .0,
            "epsilon"
        );
        assert_eq!(
            parse_rules(&form("5", "1", "inf"))
                .map(|_| ())
                .unwrap_err()
                .0,
            "budget"
        );
        assert_eq!(rules_field("rules: the quarterly budget must"), "budget");
        assert_eq!(rules_field("rules: ε = 11 is not allowed"), "epsilon");
        assert_eq!(rules_field("rules: k = 2 is not allowed"), "k");
    }

    #[test]
    fn parents_are_ids_or_the_top() {
        assert_eq!(parse_parent(""), Ok(None));
        assert_eq!(parse_parent(" 4 "), Ok(Some(UnitId(4))));
        assert!(parse_parent("x").is_err());
    }

    #[test]
    fn rows_say_members_leaders_and_rules() {
        let mut units = tree();
        units[1].leaders = vec![PersonRef {
            id: UserId(9),
            username: "bo".into(),
        }];
        units[1].rules.epsilon = Some(1.0);
        let rows = rows(&units);
        assert_eq!(rows[1].leaders, "Leaders: bo");
        assert_eq!(rows[1].rules, "k\u{a0}=\u{a0}5, noise ε\u{a0}=\u{a0}1");
        assert_eq!(rows[1].parent_name.as_deref(), Some("U1"));
        assert_eq!(rows[2].depth_class, "depth-2");
        assert_eq!(rows[0].leaders, "No leader yet");
        assert_eq!(depth_class(40), "depth-6");
        assert_eq!(rows[0].members, "1 person directly in it");
        assert_eq!(members_words(0), "No one directly in it");
        assert_eq!(members_words(12), "12 people directly in it");
    }
}
