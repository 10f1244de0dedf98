//! What every page shares: the [`Layout`] its template extends (`templates/base.html`), and the
//! [`PageContext`] extractor that gathers it from the request.

use crate::assets;
use crate::auth::csrf::CsrfToken;
use crate::auth::session::{self, CurrentUser};
use crate::error::PageError;
use crate::flash::Flash;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

/// The links of the main navigation, in order: (path, label).
pub const NAV: [(&str, &str); 9] = [
    ("/", "Status"),
    ("/pulse", "Pulse"),
    ("/check", "Full check"),
    ("/plan", "Plan"),
    ("/journal", "Journal"),
    ("/history", "History"),
    ("/report", "Report"),
    ("/context", "Your role"),
    ("/account", "Account"),
];

/// The links only some people get, before "Account": "Team" for leaders, "Organisation" for
/// admins.
pub const TEAM_LINK: (&str, &str) = ("/team", "Team");
/// See [`TEAM_LINK`].
pub const ORG_LINK: (&str, &str) = ("/org", "Organisation");

/// What a person does in the organisation, for the navigation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Roles {
    /// Leads at least one unit.
    pub leader: bool,
    /// Runs the organisation.
    pub admin: bool,
}

/// One link of the navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavLink {
    pub href: &'static str,
    pub label: &'static str,
    /// This is the page being shown (`aria-current="page"`).
    pub current: bool,
}

/// The data of `templates/base.html`. Every page template has a field `layout: Layout`.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The page's own title; the browser tab shows "title · Anneal".
    pub title: String,
    /// The logged-in person's username; `None` shows no navigation.
    pub username: Option<String>,
    /// The CSRF token for this page's forms: put it in a hidden `_csrf` field
    /// (`{% include "partials/csrf.html" %}` does that).
    pub csrf: String,
    /// The session's CSRF token, for the logout form in the header.
    pub logout_csrf: String,
    /// A message from the previous request (see [`crate::flash`]).
    pub flash: Option<Flash>,
    /// The request's path, to mark the current navigation link.
    pub path: String,
    /// Which of the organisation's links the navigation shows.
    pub roles: Roles,
}

impl Layout {
    /// A layout without a person or forms (error pages).
    pub fn bare(title: impl Into<String>) -> Layout {
        Layout {
            title: title.into(),
            username: None,
            csrf: String::new(),
            logout_csrf: String::new(),
            flash: None,
            path: String::new(),
            roles: Roles::default(),
        }
    }

    /// The navigation links, the current one marked: a page's own section counts as current for
    /// its sub-pages too (`/plan/3` marks Plan), except Status, which is `/` only.
    pub fn nav(&self) -> Vec<NavLink> {
        let is_account = |&(href, _): &(&str, &str)| href == "/account";
        let mut links: Vec<(&'static str, &'static str)> =
            NAV.iter().copied().filter(|l| !is_account(l)).collect();
        links.extend(self.roles.leader.then_some(TEAM_LINK));
        links.extend(self.roles.admin.then_some(ORG_LINK));
        links.extend(NAV.iter().copied().filter(is_account));
        links
            .into_iter()
            .map(|(href, label)| NavLink {
                href,
                label,
                current: if href == "/" {
                    self.path == "/"
                } else {
                    self.path == href || self.path.starts_with(&format!("{href}/"))
                },
            })
            .collect()
    }

    pub fn css_url(&self) -> &'static str {
        assets::url("app.css")
    }

    pub fn js_url(&self) -> &'static str {
        assets::url("app.js")
    }

    pub fn icon_url(&self) -> &'static str {
        assets::url("icon.svg")
    }
}

/// Everything a page needs from the request to build its [`Layout`]: the person (if logged in),
/// the CSRF token for its forms, the flash message and the path. Cheap: the session is loaded at
/// most once per request, whichever extractor asks first.
#[derive(Debug, Clone)]
pub struct PageContext {
    pub user: Option<CurrentUser>,
    pub csrf: String,
    pub flash: Option<Flash>,
    pub path: String,
    /// The person's roles in the organisation (none when logged out).
    pub roles: Roles,
}

impl PageContext {
    /// The layout of a page titled `title`.
    pub fn layout(&self, title: impl Into<String>) -> Layout {
        Layout {
            title: title.into(),
            username: self.user.as_ref().map(|u| u.username().to_string()),
            csrf: self.csrf.clone(),
            logout_csrf: self
                .user
                .as_ref()
                .map(|u| u.csrf().to_string())
                .unwrap_or_default(),
            flash: self.flash.clone(),
            path: self.path.clone(),
            roles: self.roles,
        }
    }
}

impl FromRequestParts<AppState> for PageContext {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let user = session::load(&parts.headers, &mut parts.extensions, state)
            .await
            .map_err(|e| PageError::from(e).into_response())?;
        // Pre-login pages get the double-submit token from their CSRF layer; every other page
        // uses the session's token.
        let csrf = match parts.extensions.get::<CsrfToken>() {
            Some(CsrfToken(token)) => token.clone(),
            None => user
                .as_ref()
                .map(|u| u.csrf().to_string())
                .unwrap_or_default(),
        };
        let roles = match &user {
            Some(user) => roles_of(state, user.id())
                .await
                .map_err(|e| PageError::from(e).into_response())?,
            None => Roles::default(),
        };
        Ok(PageContext {
            user,
            csrf,
            flash: state.flash_key.read(&parts.headers),
            path: parts.uri.path().to_string(),
            roles,
        })
    }
}

/// Whether the person leads a unit and whether they are an admin.
async fn roles_of(
    state: &AppState,
    user: anneal_store::UserId,
) -> Result<Roles, anneal_store::StoreError> {
    Ok(Roles {
        leader: !state.store.units_led_by(user).await?.is_empty(),
        admin: state.store.is_admin(user).await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(path: &str) -> Layout {
        Layout {
            path: path.into(),
            ..Layout::bare("t")
        }
    }

    fn current(layout: &Layout) -> Vec<&'static str> {
        layout
            .nav()
            .into_iter()
            .filter(|l| l.current)
            .map(|l| l.label)
            .collect()
    }

    #[test]
    fn exactly_the_right_link_is_current() {
        assert_eq!(current(&at("/")), ["Status"]);
        assert_eq!(current(&at("/plan")), ["Plan"]);
        assert_eq!(current(&at("/plan/3")), ["Plan"]);
        assert_eq!(current(&at("/planet")), Vec::<&str>::new());
        assert_eq!(current(&at("/account")), ["Account"]);
        assert_eq!(current(&at("/login")), Vec::<&str>::new());
    }

    fn labels(roles: Roles) -> Vec<&'static str> {
        Layout { roles, ..at("/") }
            .nav()
            .into_iter()
            .map(|l| l.label)
            .collect()
    }

    #[test]
    fn team_and_organisation_only_for_their_people_before_account() {
        let plain = labels(Roles::default());
        assert!(!plain.contains(&"Team") && !plain.contains(&"Organisation"));
        assert_eq!(plain.last(), Some(&"Account"));
        let both = labels(Roles {
            leader: true,
            admin: true,
        });
        assert_eq!(&both[both.len() - 3..], ["Team", "Organisation", "Account"]);
        let leader = labels(Roles {
            leader: true,
            admin: false,
        });
        assert!(leader.contains(&"Team") && !leader.contains(&"Organisation"));
        assert_eq!(
            current(&Layout {
                roles: Roles {
                    leader: true,
                    admin: false
                },
                ..at("/team/4")
            }),
            ["Team"]
        );
    }
}
