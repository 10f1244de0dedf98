//! A person's journey through the CLI: assess, check in week after week, see status and history,
//! export, forget, import.

use crate::util::{Env, answers};
use serde_json::Value;

/// Backdated weekly check-ins: `weeks` of them ending this week, rust-out strain from `r[i]`.
fn weekly_pulses(env: &Env, rustout: &[f64], burnout: f64) {
    let pulse = env.instrument("pulse");
    let now = chrono::Utc::now();
    let n = rustout.len() as i64;
    for (i, r) in rustout.iter().enumerate() {
        let at = (now - chrono::Duration::weeks(n - 1 - i as i64))
            .format("%Y-%m-%d")
            .to_string();
        let f = env.answers_file(&format!("p{i}.json"), &answers(&pulse, burnout, *r, 0.0));
        env.ok(&["checkin", "--answers", &f, "--at", &at, "--json"]);
    }
}

#[test]
fn assess_from_a_file_prints_the_documented_json() {
    let env = Env::new();
    let spectrum = env.instrument("spectrum");
    let f = env.answers_file("a.json", &answers(&spectrum, 0.9, 0.1, 0.1));
    let r = env.json(&["assess", "--answers", &f, "--json"]);
    for key in [
        "id",
        "instrument",
        "taken_at",
        "zone",
        "burnout",
        "rustout",
        "balance",
        "dimensions",
        "safety",
        "recommendations",
    ] {
        assert!(r.get(key).is_some(), "result lacks {key}: {r}");
    }
    assert_eq!(r["instrument"], "spectrum");
    assert_eq!(r["zone"], "burnout");
    assert_eq!(r["burnout"]["band"], "high");
    assert!(r["burnout"]["score"].as_f64().unwrap() > 80.0);
    assert_eq!(r["rustout"]["band"], "low");
    assert!(r["balance"].is_null(), "the full check has no balance");
    assert!(r["safety"].is_null(), "mood is low strain here");
    let dims = r["dimensions"].as_array().unwrap();
    assert_eq!(dims.len(), spectrum["dimensions"].as_array().unwrap().len());
    assert!(
        dims.iter()
            .all(|d| d["id"].is_string() && d["score"].is_number())
    );
    assert_eq!(env.count(), 1);
}

#[test]
fn assess_for_people_leads_with_the_zone_and_says_it_is_not_a_diagnosis() {
    let env = Env::new();
    let spectrum = env.instrument("spectrum");
    let f = env.answers_file("a.json", &answers(&spectrum, 0.1, 0.9, 0.1));
    let out = env.ok(&["assess", "--answers", &f]);
    assert!(out.contains("Rust-out"), "{out}");
    assert!(out.contains("not a diagnosis"), "{out}");
}

#[test]
fn high_mood_strain_puts_the_safety_notice_first() {
    let env = Env::new();
    let spectrum = env.instrument("spectrum");
    let f = env.answers_file("a.json", &answers(&spectrum, 0.5, 0.5, 1.0));
    let r = env.json(&["assess", "--answers", &f, "--json"]);
    assert_eq!(r["safety"]["level"], "high", "{r}");
    assert!(!r["safety"]["resources"].as_array().unwrap().is_empty());
    let out = env.ok(&["assess", "--answers", &f]);
    let first_line = out.lines().next().unwrap_or_default();
    assert!(
        first_line.contains("talk to someone"),
        "safety leads: {out}"
    );
}

#[test]
fn checkin_backdates_and_history_lists_points_oldest_first() {
    let env = Env::new();
    let pulse = env.instrument("pulse");
    let late = env.answers_file("late.json", &answers(&pulse, 0.2, 0.6, 0.0));
    let early = env.answers_file("early.json", &answers(&pulse, 0.2, 0.1, 0.0));
    let r = env.json(&[
        "checkin",
        "--answers",
        &late,
        "--at",
        "2026-03-09",
        "--stuck",
        "--note",
        "meh",
        "--json",
    ]);
    assert_eq!(r["instrument"], "pulse");
    assert!(r["taken_at"].as_str().unwrap().starts_with("2026-03-09"));
    assert!(r["balance"].as_f64().unwrap() < 0.0, "too little load: {r}");
    assert_eq!(r["stuck"], true);
    env.ok(&["checkin", "--answers", &early, "--at", "2026-03-02"]);

    let h = env.json(&["history", "--json"]);
    let points = h["points"].as_array().unwrap();
    assert_eq!(points.len(), 2);
    for key in ["at", "instrument", "zone", "burnout", "rustout", "balance"] {
        assert!(points[0].get(key).is_some(), "point lacks {key}");
    }
    assert!(points[0]["at"].as_str().unwrap().starts_with("2026-03-02"));
    assert!(points[1]["at"].as_str().unwrap().starts_with("2026-03-09"));

    let csv = env.ok(&["history", "--csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[0].starts_with("at,instrument,zone,burnout,rustout,balance"));
    assert!(lines[1].starts_with("2026-03-02"));

    let table = env.ok(&["history"]);
    assert!(
        table.contains("2026-03-02") && table.contains("2026-03-09"),
        "{table}"
    );
}

#[test]
fn history_weeks_keeps_only_recent_points() {
    let env = Env::new();
    weekly_pulses(&env, &[0.1, 0.1, 0.1, 0.1, 0.1, 0.1], 0.1);
    let h = env.json(&["history", "--weeks", "2", "--json"]);
    let n = h["points"].as_array().unwrap().len();
    assert!((2..=3).contains(&n), "{n} points in the last two weeks");
}

#[test]
fn status_with_no_data_says_how_to_start() {
    let env = Env::new();
    let out = env.ok(&["status"]);
    assert!(out.contains("anneal assess"), "{out}");
    assert_eq!(env.ok(&["status", "--json"]).trim(), "null");
}

#[test]
fn status_shows_rising_trend_and_a_drift_warning_when_rustout_creeps_in() {
    let env = Env::new();
    // Four steady weeks, then rust-out strain creeps up week after week.
    weekly_pulses(&env, &[0.1, 0.1, 0.1, 0.1, 0.3, 0.4, 0.5, 0.6], 0.1);
    let s = env.json(&["status", "--json"]);
    for key in ["zone", "burnout", "rustout", "balance", "warnings"] {
        assert!(s.get(key).is_some(), "status lacks {key}: {s}");
    }
    assert_eq!(s["rustout"]["trend"], "rising", "{s}");
    assert_eq!(s["burnout"]["trend"], "steady", "{s}");
    assert!(s["balance"].as_f64().unwrap() < 0.0);
    let warnings = s["warnings"].as_array().unwrap();
    let drift = warnings
        .iter()
        .find(|w| w["kind"] == "drift" && w["index"] == "rustout")
        .unwrap_or_else(|| panic!("a rust-out drift warning: {s}"));
    assert!(drift["message"].as_str().unwrap().len() > 20);
    assert!(
        warnings.iter().all(|w| w["index"] != "burnout"),
        "burnout did not move: {s}"
    );

    let out = env.ok(&["status"]);
    assert!(out.contains("rising"), "{out}");
    assert!(out.contains("Early warnings"), "{out}");
}

#[test]
fn two_full_checks_say_whether_the_change_is_real() {
    let env = Env::new();
    let spectrum = env.instrument("spectrum");
    let before = env.answers_file("b.json", &answers(&spectrum, 0.8, 0.2, 0.2));
    let after = env.answers_file("a.json", &answers(&spectrum, 0.2, 0.2, 0.2));
    env.ok(&["assess", "--answers", &before, "--at", "2026-01-05"]);
    env.ok(&["assess", "--answers", &after, "--at", "2026-02-02"]);
    let s = env.json(&["status", "--json"]);
    assert_eq!(s["burnout"]["reliable_change"]["reliable"], true, "{s}");
    assert_eq!(s["rustout"]["reliable_change"]["reliable"], false, "{s}");
}

#[test]
fn export_forget_import_gives_back_the_same_status() {
    let env = Env::new();
    weekly_pulses(&env, &[0.1, 0.2, 0.2, 0.3, 0.4, 0.5], 0.3);
    let spectrum = env.instrument("spectrum");
    let f = env.answers_file("s.json", &answers(&spectrum, 0.3, 0.6, 0.2));
    env.ok(&["assess", "--answers", &f, "--at", "2026-01-05"]);
    let before: Value = env.json(&["status", "--json"]);
    // Imported responses get new ids; everything else must come back as it was.
    let without_ids = |mut h: Value| {
        for p in h["points"].as_array_mut().expect("points") {
            p.as_object_mut().expect("a point").remove("id");
        }
        h
    };
    let history_before = without_ids(env.json(&["history", "--json"]));

    let out = env.dir.path().join("me.json").display().to_string();
    env.ok(&["export", "--out", &out]);
    env.ok(&["forget", "--yes"]);
    assert_eq!(env.count(), 0);
    assert_eq!(env.ok(&["status", "--json"]).trim(), "null");

    env.ok(&["import", &out]);
    assert_eq!(env.json(&["status", "--json"]), before);
    assert_eq!(
        without_ids(env.json(&["history", "--json"])),
        history_before
    );

    // Importing the same file again changes nothing.
    env.ok(&["import", &out]);
    assert_eq!(
        without_ids(env.json(&["history", "--json"])),
        history_before
    );
}

#[test]
fn profiles_in_one_database_do_not_see_each_other() {
    let env = Env::new();
    let pulse = env.instrument("pulse");
    let f = env.answers_file("a.json", &answers(&pulse, 0.2, 0.2, 0.0));
    env.ok(&["--user", "ana", "checkin", "--answers", &f]);
    assert_eq!(env.count(), 0, "the default profile sees nothing of ana's");
    let h = env.json(&["--user", "ana", "history", "--json"]);
    assert_eq!(h["points"].as_array().unwrap().len(), 1);
}
