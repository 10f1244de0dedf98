//! `/journal`: the private journal. Its passphrase is separate from the password. Locked, the
//! page asks for it (or, the first time, for a new one, twice); unlocked, it lists the entries
//! newest first, offers a form to write one (optionally from a reflection prompt), shows one entry
//! at `/journal/{id}`, and a button to lock it again. Entries are sealed before they reach the
//! store, so the database holds no journal text.

use crate::auth::client::ClientIp;
use crate::auth::session::safe_next;
use crate::auth::{CurrentUser, journal_key, lock_journal, start_journal, unlock_journal};
use crate::error::PageError;
use crate::flash::Flash;
use crate::pages::form::FormErrors;
use crate::pages::layout::{Layout, PageContext};
use crate::pages::setup::capitalise;
use crate::pages::{PageResult, render, render_status, words};
use crate::state::AppState;
use anneal_service::ServiceError;
use anneal_service::journal::{self, OpenEntry, Prompt};
use anneal_vault::MIN_PASSPHRASE_CHARS;
use askama::Template;
use axum::extract::rejection::PathRejection;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use chrono::Utc;
use serde::Deserialize;
use std::time::Instant;

/// How many characters of an entry the list shows.
pub const EXCERPT_CHARS: usize = 160;

/// An entry as the list or the entry page shows it.
pub struct EntryView {
    pub id: i64,
    pub date: String,
    /// The prompt it answers, if any.
    pub prompt: Option<String>,
    pub text: String,
    /// The start of the text, for the list.
    pub excerpt: String,
}

impl EntryView {
    pub fn new(e: &OpenEntry) -> EntryView {
        EntryView {
            id: e.id,
            date: words::date(e.created_at),
            prompt: e.prompt.as_ref().map(|p| p.text.clone()),
            text: e.text.clone(),
            excerpt: excerpt(&e.text, EXCERPT_CHARS),
        }
    }
}

/// The first `max` characters of `text` on one line, with "…" when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The reflection prompts of one strategy.
pub struct PromptGroup {
    pub strategy: String,
    pub prompts: Vec<Prompt>,
}

/// Every prompt, grouped by the strategy it belongs to, in catalogue order.
pub fn prompt_groups() -> Vec<PromptGroup> {
    let mut groups: Vec<PromptGroup> = Vec::new();
    for p in journal::prompts() {
        match groups.last_mut() {
            Some(g) if g.strategy == p.strategy => g.prompts.push(p),
            _ => groups.push(PromptGroup {
                strategy: p.strategy.clone(),
                prompts: vec![p],
            }),
        }
    }
    groups
}

#[derive(Template)]
#[template(path = "journal.html")]
struct JournalPage {
    layout: Layout,
    /// Whether the person has started a journal.
    exists: bool,
    /// Whether it is unlocked in this session (then the entries and the form show).
    open: bool,
    /// Newest first; empty while locked.
    entries: Vec<EntryView>,
    /// The prompt the new entry answers, if one was chosen.
    prompt: Option<Prompt>,
    /// The text being written (kept when it could not be saved).
    text: String,
    groups: Vec<PromptGroup>,
    /// Where to go once unlocked.
    next: String,
    errors: FormErrors,
    min_chars: usize,
}

#[derive(Template)]
#[template(path = "journal_entry.html")]
struct EntryPage {
    layout: Layout,
    entry: EntryView,
}

#[derive(Debug, Deserialize)]
pub struct JournalQuery {
    prompt: Option<String>,
}

/// The page in the state the journal is in. `draft` keeps a text being written.
async fn page(
    state: &AppState,
    user: &CurrentUser,
    ctx: &PageContext,
    status: StatusCode,
    draft: Draft,
    next: String,
    errors: FormErrors,
) -> PageResult {
    let (exists, open, entries) = match journal_key(state, user).await {
        Some(key) => {
            let mut entries = journal::list(&*state.store, user.id(), &key).await?;
            entries.reverse();
            (true, true, entries.iter().map(EntryView::new).collect())
        }
        None => (
            journal::exists(&*state.store, user.id()).await?,
            false,
            Vec::new(),
        ),
    };
    Ok(render_status(
        status,
        &JournalPage {
            layout: ctx.layout("Your journal"),
            exists,
            open,
            entries,
            prompt: if open {
                draft.prompt.as_deref().and_then(journal::prompt)
            } else {
                None
            },
            text: draft.text,
            groups: if open { prompt_groups() } else { Vec::new() },
            next,
            errors,
            min_chars: MIN_PASSPHRASE_CHARS,
        },
    ))
}

/// A text being written and the prompt it answers.
#[derive(Default)]
struct Draft {
    text: String,
    prompt: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Query(query): Query<JournalQuery>,
) -> PageResult {
    let draft = Draft {
        text: String::new(),
        prompt: query.prompt.filter(|p| !p.is_empty()),
    };
    page(
        &state,
        &user,
        &ctx,
        StatusCode::OK,
        draft,
        "/journal".to_string(),
        FormErrors::new(),
    )
    .await
}

/// One entry; a locked journal asks for the passphrase first and comes back here.
pub async fn entry(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    id: Result<Path<i64>, PathRejection>,
) -> PageResult {
    let Ok(Path(id)) = id else {
        return Err(PageError::NotFound);
    };
    let Some(key) = journal_key(&state, &user).await else {
        return page(
            &state,
            &user,
            &ctx,
            StatusCode::OK,
            Draft::default(),
            format!("/journal/{id}"),
            FormErrors::new(),
        )
        .await;
    };
    let entry = journal::show(&*state.store, user.id(), &key, id).await?;
    Ok(render(&EntryPage {
        layout: ctx.layout(format!(
            "Journal entry of {}",
            words::date(entry.created_at)
        )),
        entry: EntryView::new(&entry),
    }))
}

#[derive(Debug, Deserialize)]
pub struct UnlockForm {
    #[serde(default)]
    passphrase: String,
    #[serde(default)]
    next: Option<String>,
}

/// Where to go once the journal is open: a journal page, else the journal.
fn journal_next(next: Option<&str>) -> String {
    let next = safe_next(next);
    if next == "/journal" || next.starts_with("/journal/") {
        next
    } else {
        "/journal".to_string()
    }
}

/// Unlocks the journal for this session. Wrong passphrases count toward the login limit, as
/// guessing from a borrowed session would.
pub async fn unlock(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    user: CurrentUser,
    ctx: PageContext,
    Form(form): Form<UnlockForm>,
) -> PageResult {
    if let Err(wait) = state.limiter.check(ip, user.username(), Instant::now()) {
        return Err(PageError::TooManyRequests(wait));
    }
    let next = journal_next(form.next.as_deref());
    let mut errors = FormErrors::new();
    if form.passphrase.is_empty() {
        errors.add("passphrase", "Type your journal passphrase.");
    } else {
        match unlock_journal(&state, &user, &form.passphrase).await {
            Ok(_) => {
                let flash = Flash::success(
                    "Your journal is unlocked in this browser until you lock it or log out.",
                );
                return Ok((state.flash_key.set(&flash), Redirect::to(&next)).into_response());
            }
            Err(ServiceError::Invalid(_)) => {
                state
                    .limiter
                    .record_failure(ip, user.username(), Instant::now());
                errors.add(
                    "passphrase",
                    "That passphrase does not open your journal. It is the journal's own passphrase, not your password.",
                );
            }
            Err(ServiceError::NotFound(_)) => {
                return Ok(Redirect::to("/journal").into_response());
            }
            Err(e) => return Err(e.into()),
        }
    }
    page(
        &state,
        &user,
        &ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        Draft::default(),
        next,
        errors,
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct StartForm {
    #[serde(default)]
    passphrase: String,
    #[serde(default)]
    confirm: String,
}

/// Starts a journal with a new passphrase, given twice.
pub async fn start(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Form(form): Form<StartForm>,
) -> PageResult {
    if journal::exists(&*state.store, user.id()).await? {
        let flash = Flash::info("You already have a journal: unlock it with its passphrase.");
        return Ok((state.flash_key.set(&flash), Redirect::to("/journal")).into_response());
    }
    let mut errors = FormErrors::new();
    let chars = form.passphrase.chars().count();
    if chars < MIN_PASSPHRASE_CHARS {
        errors.add(
            "new_passphrase",
            format!(
                "The passphrase has {chars} characters; it needs at least {MIN_PASSPHRASE_CHARS}."
            ),
        );
    }
    if form.passphrase != form.confirm {
        errors.add("confirm", "The two passphrases are not the same.");
    }
    if errors.is_empty() {
        match start_journal(&state, &user, &form.passphrase).await {
            Ok(_) => {
                let flash = Flash::success("Your journal is ready, and unlocked in this browser.");
                return Ok((state.flash_key.set(&flash), Redirect::to("/journal")).into_response());
            }
            Err(ServiceError::Invalid(message)) => {
                errors.add("new_passphrase", capitalise(&message));
            }
            Err(e) => return Err(e.into()),
        }
    }
    page(
        &state,
        &user,
        &ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        Draft::default(),
        "/journal".to_string(),
        errors,
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct WriteForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    prompt: Option<String>,
}

/// Seals and stores a new entry. A locked journal keeps the text on the page and asks for the
/// passphrase.
pub async fn write(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Form(form): Form<WriteForm>,
) -> PageResult {
    let prompt = form.prompt.filter(|p| !p.is_empty());
    let Some(key) = journal_key(&state, &user).await else {
        let flash = Flash::error(
            "Your journal was locked, so the entry was not saved. Unlock it and write it again.",
        );
        return Ok((state.flash_key.set(&flash), Redirect::to("/journal")).into_response());
    };
    let mut errors = FormErrors::new();
    match journal::add(
        &*state.store,
        user.id(),
        &key,
        &form.text,
        prompt.as_deref(),
        Utc::now(),
    )
    .await
    {
        Ok(entry) => {
            let flash = Flash::success("Saved to your journal.");
            return Ok((
                state.flash_key.set(&flash),
                Redirect::to(&format!("/journal/{}", entry.id)),
            )
                .into_response());
        }
        Err(ServiceError::Invalid(message)) => errors.add("text", capitalise(&message)),
        Err(e) => return Err(e.into()),
    }
    let draft = Draft {
        text: form.text,
        prompt,
    };
    page(
        &state,
        &user,
        &ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        draft,
        "/journal".to_string(),
        errors,
    )
    .await
}

/// Locks the journal in this session.
pub async fn lock(State(state): State<AppState>, user: CurrentUser) -> PageResult {
    lock_journal(&state, &user).await?;
    let flash = Flash::success("Your journal is locked.");
    Ok((state.flash_key.set(&flash), Redirect::to("/journal")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_flatten_and_cut() {
        assert_eq!(excerpt("One\n\ntwo  three", 50), "One two three");
        assert_eq!(excerpt("abcdef", 3), "abc…");
        assert_eq!(excerpt("ab cdef", 3), "ab…");
        assert_eq!(excerpt("", 3), "");
    }

    #[test]
    fn prompts_are_grouped_by_strategy_without_losing_any() {
        let groups = prompt_groups();
        let total: usize = groups.iter().map(|g| g.prompts.len()).sum();
        assert_eq!(total, journal::prompts().len());
        assert!(!groups.is_empty());
        for g in &groups {
            assert!(g.prompts.iter().all(|p| p.strategy == g.strategy));
        }
    }

    #[test]
    fn unlocking_returns_only_to_journal_pages() {
        assert_eq!(journal_next(Some("/journal/4")), "/journal/4");
        assert_eq!(journal_next(Some("/account")), "/journal");
        assert_eq!(journal_next(Some("//evil.example")), "/journal");
        assert_eq!(journal_next(None), "/journal");
    }
}
