//! Bad input anywhere gets exit code 2, a message that says what and where, and stores nothing.

use crate::util::{Env, answers};
use serde_json::{Value, json};

/// Runs `anneal ARGS`, expects exit code 2 and returns stderr.
fn refused(env: &Env, args: &[&str]) -> String {
    let out = env.cmd().args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(
        out.status.code(),
        Some(2),
        "anneal {args:?} should be refused as bad input; stderr: {err}"
    );
    err
}

fn good_pulse(env: &Env) -> Value {
    answers(&env.instrument("pulse"), 0.2, 0.2, 0.2)
}

#[test]
fn an_unknown_item_is_named_and_nothing_is_stored() {
    let env = Env::new();
    let mut a = good_pulse(&env);
    a["not_an_item"] = json!(3);
    let f = env.answers_file("a.json", &a);
    let err = refused(&env, &["checkin", "--answers", &f]);
    assert!(err.contains("not_an_item"), "{err}");
    assert_eq!(env.count(), 0);
}

#[test]
fn a_missing_item_is_named() {
    let env = Env::new();
    let mut a = good_pulse(&env);
    let first = a.as_object().unwrap().keys().next().unwrap().clone();
    a.as_object_mut().unwrap().remove(&first);
    let f = env.answers_file("a.json", &a);
    let err = refused(&env, &["checkin", "--answers", &f]);
    assert!(err.contains(&first), "{err}");
    assert!(err.to_lowercase().contains("missing"), "{err}");
    assert_eq!(env.count(), 0);
}

#[test]
fn a_value_off_the_scale_is_named_with_what_is_allowed() {
    let env = Env::new();
    let mut a = good_pulse(&env);
    let first = a.as_object().unwrap().keys().next().unwrap().clone();
    a[&first] = json!(99);
    let f = env.answers_file("a.json", &a);
    let err = refused(&env, &["checkin", "--answers", &f]);
    assert!(err.contains(&first) && err.contains("99"), "{err}");
    assert!(err.contains("allowed"), "{err}");
    assert_eq!(env.count(), 0);
}

#[test]
fn a_wrong_type_is_named() {
    let env = Env::new();
    let mut a = answers(&env.instrument("spectrum"), 0.2, 0.2, 0.2);
    let first = a.as_object().unwrap().keys().next().unwrap().clone();
    a[&first] = json!("often");
    let f = env.answers_file("a.json", &a);
    let err = refused(&env, &["assess", "--answers", &f]);
    assert!(err.contains(&first), "{err}");
    assert_eq!(env.count(), 0);
}

#[test]
fn broken_json_says_where() {
    let env = Env::new();
    let f = env.file("a.json", "{\"energy\": 3,\n  oops }");
    let err = refused(&env, &["checkin", "--answers", &f]);
    assert!(err.contains("line 2"), "{err}");
    assert_eq!(env.count(), 0);
}

#[test]
fn answers_that_are_not_an_object_are_refused() {
    let env = Env::new();
    let f = env.file("a.json", "[1, 2, 3]");
    refused(&env, &["checkin", "--answers", &f]);
    assert_eq!(env.count(), 0);
}

#[test]
fn answers_from_standard_input_are_checked_the_same_way() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["checkin", "--answers", "-"])
        .write_stdin("{\"nope\": 1}")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope"));
    assert_eq!(env.count(), 0);
}

#[test]
fn an_unknown_instrument_is_refused() {
    let env = Env::new();
    let err = refused(&env, &["assess", "--instrument", "nope", "--answers", "-"]);
    assert!(err.contains("nope") && err.contains("spectrum"), "{err}");
}

#[test]
fn a_database_url_that_cannot_be_opened_is_bad_input() {
    let env = Env::with_db("sqlite:///no/such/dir/anneal.db".into());
    let err = refused(&env, &["status"]);
    assert!(err.contains("/no/such/dir"), "{err}");
    let env = Env::with_db("mysql://somewhere/db".into());
    let err = refused(&env, &["status"]);
    assert!(
        err.contains("sqlite://") && err.contains("postgres://"),
        "{err}"
    );
}

#[test]
fn a_bad_date_is_refused_with_the_allowed_forms() {
    let env = Env::new();
    let f = env.answers_file("a.json", &good_pulse(&env));
    let err = refused(&env, &["checkin", "--answers", &f, "--at", "yesterday"]);
    assert!(err.contains("YYYY-MM-DD"), "{err}");
    assert_eq!(env.count(), 0);
}

#[test]
fn without_a_terminal_and_without_answers_the_questions_are_not_asked() {
    let env = Env::new();
    let err = refused(&env, &["assess"]);
    assert!(err.contains("--answers"), "{err}");
    let err = refused(&env, &["checkin"]);
    assert!(err.contains("--answers"), "{err}");
    assert_eq!(env.count(), 0);
}

#[test]
fn forget_without_a_terminal_needs_yes_and_keeps_the_data() {
    let env = Env::new();
    let f = env.answers_file("a.json", &good_pulse(&env));
    env.ok(&["checkin", "--answers", &f]);
    let err = refused(&env, &["forget"]);
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(env.count(), 1);
}

#[test]
fn a_broken_import_file_imports_nothing() {
    let env = Env::new();
    let f = env.answers_file("a.json", &good_pulse(&env));
    env.ok(&["checkin", "--answers", &f]);
    let export = env.ok(&["export"]);
    let mut doc: Value = serde_json::from_str(&export).unwrap();
    // A second, valid response and a third with an answer off the scale: all or nothing.
    let mut second = doc["responses"][0].clone();
    second["taken_at"] = json!("2026-01-05T12:00:00Z");
    let mut third = second.clone();
    third["taken_at"] = json!("2026-01-12T12:00:00Z");
    let key = third["answers"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    third["answers"][&key] = json!(42);
    doc["responses"] = json!([second, third]);
    let f = env.file("export.json", &doc.to_string());
    let err = refused(&env, &["import", &f]);
    assert!(err.contains("responses[1]") && err.contains("42"), "{err}");
    assert_eq!(env.count(), 1, "nothing of the file was imported");
}
