//! `/context`: "Your role", the optional risk context (DESIGN §2.1), as one checkbox per
//! question. It never changes a score; it only shapes ordering and explanations.

use crate::auth::CurrentUser;
use crate::flash::Flash;
use crate::pages::layout::{Layout, PageContext};
use crate::pages::{PageResult, render};
use crate::state::AppState;
use anneal_core::context::{RiskContext, RiskRole};
use anneal_service::context;
use askama::Template;
use axum::extract::{Form, State};
use axum::response::{IntoResponse, Redirect};
use std::collections::HashMap;

/// One checkbox.
pub struct Question {
    pub name: &'static str,
    pub question: &'static str,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "context.html")]
struct ContextPage {
    layout: Layout,
    explanation: &'static str,
    questions: Vec<Question>,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
) -> PageResult {
    let current = context::get(&*state.store, user.id()).await?;
    Ok(render(&ContextPage {
        layout: ctx.layout("Your role"),
        explanation: context::EXPLANATION,
        questions: RiskRole::ALL
            .into_iter()
            .map(|role| Question {
                name: role.as_str(),
                question: role.question(),
                checked: current.has(role),
            })
            .collect(),
    }))
}

/// Saves the ticked roles (the unticked are cleared); other fields (the CSRF token) are ignored.
pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<HashMap<String, String>>,
) -> PageResult {
    let mut chosen = RiskContext::default();
    for role in RiskRole::ALL {
        chosen.set(role, form.get(role.as_str()).is_some_and(|v| v == "on"));
    }
    let stored = context::set(&*state.store, user.id(), chosen).await?;
    let flash = if stored.is_empty() {
        Flash::success("Saved: Anneal knows nothing about your role.")
    } else {
        Flash::success(
            "Saved. Your scores stay as they are; recommendations take your role into account.",
        )
    };
    Ok((state.flash_key.set(&flash), Redirect::to("/context")).into_response())
}
