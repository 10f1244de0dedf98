//! `/`: the person's status. Until someone logs in it sends visitors on: to `/setup` while no
//! account exists, else to `/login`.
//!
//! The page here is a plain summary; the full status page (charts, trends, next steps) replaces
//! its template.

use crate::auth::MaybeUser;
use crate::pages::layout::{Layout, PageContext};
use crate::pages::{PageResult, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use chrono::Utc;

/// The few figures the summary shows.
pub struct Summary {
    pub zone: String,
    pub burnout: String,
    pub rustout: String,
    pub responses: usize,
    pub as_of: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    summary: Option<Summary>,
}

pub async fn show(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    ctx: PageContext,
) -> PageResult {
    let Some(user) = user else {
        let to = if state.store.count_users().await? == 0 {
            "/setup"
        } else {
            "/login"
        };
        return Ok(Redirect::to(to).into_response());
    };
    let view =
        anneal_service::picture::status_view(&*state.store, user.id(), Utc::now(), &state.support)
            .await?;
    let summary = view.map(|v| {
        let s = &v.status;
        Summary {
            zone: s.zone.describe().to_string(),
            burnout: format!("{:.0} ({})", s.burnout.score, s.burnout.band),
            rustout: format!("{:.0} ({})", s.rustout.score, s.rustout.band),
            responses: s.responses,
            as_of: s.as_of.format("%Y-%m-%d").to_string(),
        }
    });
    Ok(render(&HomePage {
        layout: ctx.layout("Your status"),
        summary,
    }))
}
