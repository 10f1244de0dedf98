//! The CLI against a real PostgreSQL, when `ANNEAL_TEST_POSTGRES_URL` names one.

use crate::util::{Env, answers};

/// A fresh database on the server named by `ANNEAL_TEST_POSTGRES_URL`, dropped afterwards.
struct Scratch {
    admin: String,
    name: String,
    url: String,
}

impl Scratch {
    fn create() -> Option<Scratch> {
        let Ok(admin) = std::env::var("ANNEAL_TEST_POSTGRES_URL") else {
            assert!(
                std::env::var_os("CI").is_none()
                    && std::env::var_os("ANNEAL_REQUIRE_POSTGRES").is_none(),
                "ANNEAL_TEST_POSTGRES_URL must be set in CI"
            );
            eprintln!("skipped: set ANNEAL_TEST_POSTGRES_URL to run the CLI against PostgreSQL");
            return None;
        };
        let name = format!("anneal_cli_{}_{}", std::process::id(), rand_suffix());
        psql(&admin, &format!("CREATE DATABASE {name}"));
        let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
        let url = format!("{base}/{name}");
        Some(Scratch { admin, name, url })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        psql(
            &self.admin,
            &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
        );
    }
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() % 1_000_000_000)
        .unwrap_or(0)
}

/// Runs SQL through the `anneal` binary's own dependency-free path would be nicer, but psql is
/// what every PostgreSQL machine has.
fn psql(url: &str, sql: &str) {
    let out = std::process::Command::new("psql")
        .args([url, "-v", "ON_ERROR_STOP=1", "-c", sql])
        .output()
        .expect("psql runs");
    assert!(
        out.status.success(),
        "psql {sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn checkin_status_and_forget_work_on_postgres() {
    let Some(db) = Scratch::create() else {
        return;
    };
    let env = Env::with_db(db.url.clone());
    let pulse = env.instrument("pulse");
    for (i, at) in ["2026-03-02", "2026-03-09", "2026-03-16"]
        .iter()
        .enumerate()
    {
        let f = env.answers_file(&format!("a{i}.json"), &answers(&pulse, 0.2, 0.3, 0.0));
        env.ok(&["checkin", "--answers", &f, "--at", at]);
    }
    assert_eq!(env.count(), 3);
    let s = env.json(&["status", "--json"]);
    assert_eq!(s["responses"], 3);
    env.ok(&["forget", "--yes"]);
    assert_eq!(env.count(), 0);
}
