//! End-to-end tests in a real headless Chromium, driven through ChromeDriver (fantoccini): the
//! real binary serves a fresh SQLite file, and the tests click through the pages as a person
//! would. Screenshots, the browser console and the server's request log of each test are kept in
//! `target/browser-artifacts/<test>/`.
//!
//! Without `chromium` and `chromedriver` on PATH the tests say they are skipped, unless
//! `ANNEAL_REQUIRE_BROWSER=1` (as in CI) makes that a failure.

mod driver;
mod http;
mod plain_html;
mod server;
mod story;
mod tools;
