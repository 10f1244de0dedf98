//! The web app end to end: the real router against a fresh SQLite file per test, driven through
//! `tower::ServiceExt::oneshot` by a small cookie-keeping [`helpers::Browser`].

mod account;
mod api;
mod auth;
mod csrf;
mod helpers;
mod ops;
mod org_admin;
mod org_invites;
mod org_sharing;
mod org_support;
mod org_team;
mod pages_history_context;
mod pages_journal;
mod pages_plan;
mod pages_respond;
mod pages_status;
mod pages_support;
mod security;
mod setup;
