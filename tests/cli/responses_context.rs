//! `anneal history` ids and `anneal history delete ID`, `anneal context`, and answer times
//! outside 2000 to a day after now refused on `--at` and on import.

use crate::util::{Env, answers};
use serde_json::Value;

fn pulse(env: &Env, at: &str) {
    let a = answers(&env.instrument("pulse"), 0.3, 0.3, 0.3);
    let f = env.answers_file(&format!("p-{at}.json"), &a);
    env.ok(&["checkin", "--answers", &f, "--at", at]);
}

fn refused(env: &Env, args: &[&str]) -> String {
    let out = env.cmd().args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "anneal {args:?}: {err}");
    err
}

#[test]
fn history_shows_ids_and_delete_removes_one_with_yes_and_asks_otherwise() {
    let env = Env::new();
    pulse(&env, "2026-03-02");
    pulse(&env, "2026-03-09");
    let history = env.json(&["history", "--json"]);
    let points = history["points"].as_array().expect("points");
    assert_eq!(points.len(), 2);
    let first = points[0]["id"].as_i64().expect("an id");
    assert_eq!(points[0]["kind"], "checkin");
    let table = env.ok(&["history"]);
    assert!(table.contains(&format!("{first}  2026-03-02")), "{table}");

    // Without a terminal and without --yes it refuses and keeps the response.
    let err = refused(&env, &["history", "delete", &first.to_string()]);
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(env.count(), 2);

    let deleted = env.json(&["history", "delete", &first.to_string(), "--yes", "--json"]);
    assert_eq!(deleted["deleted"], Value::Bool(true));
    assert_eq!(deleted["response"]["id"].as_i64(), Some(first));
    assert_eq!(env.count(), 1);
    let err = refused(&env, &["history", "delete", &first.to_string(), "--yes"]);
    assert!(err.contains(&first.to_string()), "{err}");
    assert_eq!(env.count(), 1);
}

#[test]
fn context_is_shown_set_and_cleared() {
    let env = Env::new();
    let none = env.json(&["context", "--json"]);
    assert_eq!(none["caring"], Value::Bool(false));
    let set = env.json(&["context", "set", "--caring", "--repetitive", "--json"]);
    assert_eq!(set["caring"], Value::Bool(true));
    assert_eq!(set["repetitive"], Value::Bool(true));
    assert_eq!(set["emergency"], Value::Bool(false));
    let shown = env.ok(&["context"]);
    assert!(shown.contains("[x] My work is mostly caring"), "{shown}");
    assert!(shown.contains("never changes a score"), "{shown}");
    let err = refused(&env, &["context", "set"]);
    assert!(err.contains("--clear"), "{err}");
    let cleared = env.json(&["context", "set", "--clear", "--json"]);
    assert_eq!(cleared["caring"], Value::Bool(false));
}

#[test]
fn a_date_in_2999_is_refused_on_the_command_line_and_in_an_import() {
    let env = Env::new();
    let a = answers(&env.instrument("pulse"), 0.3, 0.3, 0.3);
    let f = env.answers_file("a.json", &a);
    let err = refused(&env, &["checkin", "--answers", &f, "--at", "2999-01-01"]);
    assert!(err.contains("taken_at: 2999-01-01T12:00:00Z"), "{err}");
    assert!(err.contains("2000-01-01T00:00:00Z"), "{err}");
    let err = refused(&env, &["checkin", "--answers", &f, "--at", "1999-12-31"]);
    assert!(err.contains("before the earliest allowed"), "{err}");
    assert_eq!(env.count(), 0);

    pulse(&env, "2026-03-02");
    env.ok(&["context", "set", "--emergency"]);
    let mut doc = env.json(&["export"]);
    assert_eq!(doc["context"]["emergency"], Value::Bool(true));
    let good = doc["responses"][0].clone();
    let mut late = good.clone();
    late["taken_at"] = Value::String("2999-01-01T12:00:00Z".into());
    doc["responses"].as_array_mut().unwrap().push(late);
    let file = env.file("late.json", &doc.to_string());
    let other = Env::new();
    let err = refused(&other, &["import", &file]);
    assert!(
        err.contains("responses[1].taken_at: 2999-01-01T12:00:00Z"),
        "{err}"
    );
    assert_eq!(other.count(), 0);

    doc["responses"].as_array_mut().unwrap().pop();
    let file = env.file("good.json", &doc.to_string());
    other.ok(&["import", &file]);
    assert_eq!(other.count(), 1);
    assert_eq!(
        other.json(&["context", "--json"])["emergency"],
        Value::Bool(true)
    );
}
