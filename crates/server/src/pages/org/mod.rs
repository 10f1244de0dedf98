//! The teams pages (DESIGN §4): running the organisation (`/org`, admins), joining by invite
//! (`/invites/{token}`), choosing to share (`/sharing`), the leader's dashboard (`/team`), and
//! conversation briefs (`/brief`, `/inbox`).
//!
//! Every rule — who may do what, what may be shown — is `anneal_service::org`'s; the handlers here
//! only read forms, call it, and show what it answers.

pub mod admin;
pub mod briefs;
pub mod invites;
pub mod sharing;
pub mod team;

use crate::error::PageError;
use crate::flash::Flash;
use crate::pages::form::FormErrors;
use crate::state::AppState;
use anneal_service::org::OrgError;
use axum::response::{IntoResponse, Redirect, Response};

/// An organisation use case's refusal as a page error: `Forbidden` → 403, `Invalid` and
/// `Conflict` → 422 with the message, `NotFound` → 404, the rest → 500 / 503.
pub fn page_error(e: OrgError) -> PageError {
    match e {
        OrgError::Forbidden(m) => PageError::Forbidden(sentence(&m)),
        OrgError::Invalid(m) | OrgError::Conflict(m) => PageError::BadRequest(sentence(&m)),
        OrgError::NotFound(_) => PageError::NotFound,
        OrgError::Store(e) => e.into(),
        OrgError::Internal(m) => PageError::Internal(m),
    }
}

/// Whether the error is one the person can fix on the form they sent (shown next to it, 422).
pub fn is_form_problem(e: &OrgError) -> bool {
    matches!(
        e,
        OrgError::Invalid(_) | OrgError::Conflict(_) | OrgError::NotFound(_)
    )
}

/// Adds a service message to `errors` under `field`, without the service's `field:` prefix and
/// as a sentence.
pub fn add_error(errors: &mut FormErrors, field: &str, e: &OrgError) {
    errors.add(field, sentence(&without_field_prefix(&e.to_string())));
}

/// The service's messages start with the field they are about ("name: a unit needs a name");
/// a page shows the message next to the field, so the prefix goes.
pub fn without_field_prefix(message: &str) -> String {
    match message.split_once(": ") {
        Some((prefix, rest))
            if !prefix.is_empty()
                && prefix
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || matches!(c, '_' | ',' | ' ')) =>
        {
            rest.to_string()
        }
        _ => message.to_string(),
    }
}

/// The message as a sentence: capital first letter, full stop at the end.
pub fn sentence(message: &str) -> String {
    let mut chars = message.trim().chars();
    let mut text: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !text.ends_with(['.', '!', '?']) {
        text.push('.');
    }
    text
}

/// A 303 to `to` with a flash message.
pub fn redirect_with(state: &AppState, flash: Flash, to: &str) -> Response {
    (state.flash_key.set(&flash), Redirect::to(to)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_prefixes_go_and_sentences_are_made() {
        assert_eq!(
            without_field_prefix("name: a unit needs a name"),
            "a unit needs a name"
        );
        assert_eq!(
            without_field_prefix("from, to: 200 weeks is too long"),
            "200 weeks is too long"
        );
        assert_eq!(
            without_field_prefix("Rules version 3: figures"),
            "Rules version 3: figures"
        );
        assert_eq!(without_field_prefix("no prefix here"), "no prefix here");
        assert_eq!(sentence("a unit needs a name"), "A unit needs a name.");
        assert_eq!(sentence("Done!"), "Done!");
        assert_eq!(sentence("  "), "");
    }

    #[test]
    fn refusals_map_to_the_right_pages() {
        use axum::response::IntoResponse;
        let status = |e: OrgError| page_error(e).into_response().status().as_u16();
        assert_eq!(status(OrgError::forbidden("no")), 403);
        assert_eq!(status(OrgError::invalid("bad")), 422);
        assert_eq!(status(OrgError::Conflict("again".into())), 422);
        assert_eq!(status(OrgError::not_found("gone")), 404);
        assert_eq!(status(OrgError::Internal("x".into())), 500);
        assert!(is_form_problem(&OrgError::invalid("bad")));
        assert!(!is_form_problem(&OrgError::forbidden("no")));
    }
}
