//! The web app end to end: the real router against a fresh SQLite file per test, driven through
//! `tower::ServiceExt::oneshot` by a small cookie-keeping [`helpers::Browser`].

mod account;
mod auth;
mod csrf;
mod helpers;
mod ops;
mod security;
mod setup;
