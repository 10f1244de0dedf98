//! `/sharing`: the rules a person's weekly pulse is shared under — the smallest group ever shown
//! (k), the noise, who sees what — in plain words, how many people are in their unit and how
//! many joined lately, and their own switch to share with their unit or stop, from now on.
//! Linked from the pulse page.

use crate::auth::CurrentUser;
use crate::flash::Flash;
use crate::pages::layout::{Layout, PageContext};
use crate::pages::org::{page_error, redirect_with, sentence};
use crate::pages::{PageResult, render};
use crate::state::AppState;
use anneal_service::org::OrgError;
use anneal_service::org::sharing::{self, RulesView};
use askama::Template;
use axum::extract::{Form, State};
use chrono::Utc;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "org/sharing.html")]
struct SharingPage {
    layout: Layout,
    rules: Option<RulesView>,
}

/// `GET /sharing`.
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
) -> PageResult {
    let rules = sharing::rules_for_person(&*state.store, user.id(), Utc::now())
        .await
        .map_err(page_error)?;
    Ok(render(&SharingPage {
        layout: ctx.layout("Sharing with your team"),
        rules,
    }))
}

/// The switch: `share` is `yes` to share from now on, anything else to stop.
#[derive(Debug, Deserialize)]
pub struct SharingForm {
    #[serde(default)]
    share: String,
}

/// `POST /sharing`.
pub async fn set(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<SharingForm>,
) -> PageResult {
    let share = form.share == "yes";
    match sharing::set_sharing(&*state.store, user.id(), None, share, Utc::now()).await {
        Ok(_) => {
            let text = if share {
                "From now on your weekly pulse and the “I feel stuck” flag count in your team’s \
                 figures. Nothing else of yours is shared."
            } else {
                "You stopped sharing. Your check-ins from now on stay with you, and this week's \
                 shared check-in was taken back: it had not been shown yet. Weeks already \
                 released stay as they are."
            };
            Ok(redirect_with(&state, Flash::success(text), "/sharing"))
        }
        Err(e @ OrgError::NotFound(_)) => Ok(redirect_with(
            &state,
            Flash::error(sentence(&e.to_string())),
            "/sharing",
        )),
        Err(e) => Err(page_error(e)),
    }
}
