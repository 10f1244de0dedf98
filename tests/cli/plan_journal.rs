//! The plan, the journal and the calendar, through the CLI.

use crate::util::{Env, answers};
use serde_json::Value;

const PASS: &str = "correct horse battery";

/// A person whose answers show skills going unused and no growth: rust-out signs.
fn stagnating(env: &Env) -> Value {
    let spectrum = env.instrument("spectrum");
    let f = env.answers_file("s.json", &answers(&spectrum, 0.1, 0.9, 0.1));
    env.json(&["assess", "--answers", &f, "--json"])
}

fn first_action(result: &Value) -> (String, String) {
    let rec = &result["recommendations"][0];
    (
        rec["strategy_id"].as_str().unwrap().to_string(),
        rec["actions"][0]["id"].as_str().unwrap().to_string(),
    )
}

#[test]
fn rustout_signs_lead_to_learning_and_challenge_with_reasons() {
    let env = Env::new();
    let r = stagnating(&env);
    let recs = r["recommendations"].as_array().unwrap();
    assert!(!recs.is_empty() && recs.len() <= 5, "{r}");
    let kinds: Vec<&str> = recs.iter().map(|x| x["kind"].as_str().unwrap()).collect();
    assert!(
        kinds[..2]
            .iter()
            .any(|k| ["learning", "challenge", "role", "job_fit"].contains(k)),
        "rust-out strategies first: {kinds:?}"
    );
    for rec in recs {
        let reason = rec["reason"].as_str().unwrap();
        // Each score by its strain title, value and band: "Stagnation 75, high".
        assert!(
            reason.contains(", high") || reason.contains(", moderate"),
            "a reason names the scores behind it: {rec}"
        );
        assert!(!reason.contains("growth score"), "{rec}");
        assert!(!rec["summary"].as_str().unwrap_or("").is_empty(), "{rec}");
    }
}

#[test]
fn burnout_signs_lead_to_self_care_boundaries_and_help() {
    let env = Env::new();
    let spectrum = env.instrument("spectrum");
    let f = env.answers_file("s.json", &answers(&spectrum, 0.9, 0.1, 0.1));
    let r = env.json(&["assess", "--answers", &f, "--json"]);
    let kinds: Vec<&str> = r["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["kind"].as_str().unwrap())
        .collect();
    for expected in ["self_care", "boundaries"] {
        assert!(kinds.contains(&expected), "{expected} in {kinds:?}");
    }
}

#[test]
fn adopting_finishing_and_dismissing_change_status_and_recommendations() {
    let env = Env::new();
    let r = stagnating(&env);
    let (strategy, action) = first_action(&r);

    let item = env.json(&["plan", "adopt", &action, "--json"]);
    let id = item["id"].as_i64().unwrap().to_string();
    assert_eq!(item["status"], "active");

    let s = env.json(&["status", "--json"]);
    assert_eq!(s["next_actions"][0]["id"].as_i64().unwrap().to_string(), id);
    let adopted = s["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["actions"].as_array().unwrap().iter())
        .find(|a| a["id"] == action.as_str());
    if let Some(a) = adopted {
        assert_eq!(a["adopted"], true, "shown as already in the plan");
    }

    // Adopting it twice is refused.
    let out = env.cmd().args(["plan", "adopt", &action]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));

    let done = env.json(&["plan", "done", &id, "--json"]);
    assert!(done["completions"].as_u64().unwrap() >= 1);

    // Dismissing the strategy takes it out of the recommendations.
    env.ok(&["plan", "dismiss", &strategy, "--reason", "not now"]);
    let s = env.json(&["status", "--json"]);
    assert!(
        s["recommendations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["strategy_id"] != strategy.as_str()),
        "{strategy} dismissed: {s}"
    );

    let list = env.json(&["plan", "list", "--all", "--json"]);
    assert!(!list.as_array().unwrap().is_empty());
}

#[test]
fn goals_and_own_actions_and_bad_plan_input() {
    let env = Env::new();
    let g = env.json(&[
        "plan",
        "add",
        "Lead a project by spring",
        "--kind",
        "goal",
        "--json",
    ]);
    assert_eq!(g["kind"], "goal");
    let c = env.json(&[
        "plan",
        "add",
        "Walk at lunch",
        "--cadence",
        "daily",
        "--due",
        "2026-03-02",
        "--json",
    ]);
    assert_eq!(c["cadence"], "daily");
    let once = env.json(&["plan", "done", &g["id"].to_string(), "--json"]);
    assert_eq!(once["status"], "done");
    let again = env
        .cmd()
        .args(["plan", "done", &g["id"].to_string()])
        .output()
        .unwrap();
    assert_eq!(
        again.status.code(),
        Some(2),
        "a finished goal cannot be done again"
    );
    for bad in [
        vec!["plan", "adopt", "no_such_action"],
        vec!["plan", "add", "   "],
        vec!["plan", "add", "x", "--cadence", "hourly"],
        vec!["plan", "done", "999"],
        vec!["plan", "dismiss", "nonsense"],
    ] {
        let out = env.cmd().args(&bad).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{bad:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn journal_is_unreadable_in_the_database_and_needs_the_passphrase() {
    let env = Env::new();
    let secret = "I dread the Monday rota meeting";
    let out = env
        .cmd()
        .env("ANNEAL_PASSPHRASE", PASS)
        .args([
            "journal",
            "add",
            "--text",
            secret,
            "--prompt",
            "revisit_your_why:1",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let entry: Value = serde_json::from_slice(&out.stdout).unwrap();

    // Nothing of the text in the database files (main file and WAL).
    for name in ["anneal.db", "anneal.db-wal"] {
        let path = env.dir.path().join(name);
        if let Ok(bytes) = std::fs::read(&path) {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes())
                    && !bytes.windows(5).any(|w| w == b"dread"),
                "{name} holds the plaintext"
            );
        }
    }

    let list = env
        .cmd()
        .env("ANNEAL_PASSPHRASE", PASS)
        .args(["journal", "list", "--json"])
        .output()
        .unwrap();
    let list: Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(list[0]["text"], secret);
    assert_eq!(list[0]["prompt"]["id"], "revisit_your_why:1");

    // A wrong passphrase: a clear error, exit 2, nothing changes.
    let out = env
        .cmd()
        .env("ANNEAL_PASSPHRASE", "not the passphrase")
        .args(["journal", "add", "--text", "more"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("passphrase"));
    let shown = env
        .cmd()
        .env("ANNEAL_PASSPHRASE", PASS)
        .args(["journal", "show", &entry["id"].to_string(), "--json"])
        .output()
        .unwrap();
    assert!(shown.status.success());
    let list_after = env
        .cmd()
        .env("ANNEAL_PASSPHRASE", PASS)
        .args(["journal", "list", "--json"])
        .output()
        .unwrap();
    let n: Value = serde_json::from_slice(&list_after.stdout).unwrap();
    assert_eq!(
        n.as_array().unwrap().len(),
        1,
        "the failed add stored nothing"
    );
}

#[test]
fn changing_the_passphrase_keeps_the_entries() {
    let env = Env::new();
    let run = |pass: &str, args: &[&str]| {
        env.cmd()
            .env("ANNEAL_PASSPHRASE", pass)
            .args(args)
            .output()
            .unwrap()
    };
    assert!(
        run(PASS, &["journal", "add", "--text", "first"])
            .status
            .success()
    );
    let out = env
        .cmd()
        .env("ANNEAL_PASSPHRASE", PASS)
        .env("ANNEAL_NEW_PASSPHRASE", "a brand new passphrase")
        .args(["journal", "passphrase"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        run(PASS, &["journal", "list", "--json"]).status.code(),
        Some(2)
    );
    let ok = run("a brand new passphrase", &["journal", "list", "--json"]);
    let list: Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert_eq!(list[0]["text"], "first");
}

#[test]
fn export_includes_the_journal_only_with_the_passphrase_and_round_trips() {
    let env = Env::new();
    stagnating(&env);
    env.ok(&[
        "plan",
        "add",
        "Read one article a week",
        "--kind",
        "learning",
    ]);
    let added = env
        .cmd()
        .env("ANNEAL_PASSPHRASE", PASS)
        .args(["journal", "add", "--text", "a private thought"])
        .output()
        .unwrap();
    assert!(added.status.success());

    let without: Value = serde_json::from_str(&env.ok(&["export"])).unwrap();
    assert!(
        without.get("journal").is_none(),
        "no journal without the passphrase"
    );
    assert!(!without.to_string().contains("a private thought"));

    let with = env
        .cmd()
        .env("ANNEAL_PASSPHRASE", PASS)
        .args(["export"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&with.stdout).unwrap();
    assert_eq!(doc["journal"][0]["text"], "a private thought");
    let path = env.file("all.json", &doc.to_string());

    let status_before = env.json(&["status", "--json"]);
    env.ok(&["forget", "--yes"]);
    let out = env
        .cmd()
        .env("ANNEAL_PASSPHRASE", PASS)
        .args(["import", &path])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(env.json(&["status", "--json"]), status_before);
    let plan = env.json(&["plan", "list", "--json"]);
    assert_eq!(plan[0]["title"], "Read one article a week");
    let list = env
        .cmd()
        .env("ANNEAL_PASSPHRASE", PASS)
        .args(["journal", "list", "--json"])
        .output()
        .unwrap();
    let list: Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(list[0]["text"], "a private thought");
}

#[test]
fn the_calendar_file_has_the_plan_and_the_weekly_pulse() {
    let env = Env::new();
    env.ok(&["plan", "add", "Walk at lunch", "--cadence", "daily"]);
    env.ok(&[
        "plan",
        "add",
        "Ask for a stretch goal",
        "--cadence",
        "once",
        "--due",
        "2026-04-01",
    ]);
    let out = env.dir.path().join("plan.ics").display().to_string();
    env.ok(&[
        "plan",
        "ics",
        "--out",
        &out,
        "--pulse-day",
        "fri",
        "--pulse-time",
        "16:30",
    ]);
    let ics = std::fs::read_to_string(&out).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3);
    assert!(ics.contains("RRULE:FREQ=DAILY"));
    assert!(ics.contains("BYDAY=FR"));
    // Stable UIDs: a second export names the same events.
    let uids = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_string)
            .collect()
    };
    env.ok(&[
        "plan",
        "ics",
        "--out",
        &out,
        "--pulse-day",
        "fri",
        "--pulse-time",
        "16:30",
    ]);
    assert_eq!(uids(&std::fs::read_to_string(&out).unwrap()), uids(&ics));
    let bad = env
        .cmd()
        .args(["plan", "ics", "--out", &out, "--pulse-time", "25:00"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn high_mood_strain_leads_with_professional_help_in_status_too() {
    let env = Env::new();
    let spectrum = env.instrument("spectrum");
    let f = env.answers_file("s.json", &answers(&spectrum, 0.6, 0.3, 1.0));
    env.ok(&["assess", "--answers", &f]);
    let pulse = env.instrument("pulse");
    let p = env.answers_file("p.json", &answers(&pulse, 0.5, 0.3, 0.0));
    env.ok(&["checkin", "--answers", &p]);
    let s = env.json(&["status", "--json"]);
    assert_eq!(s["safety"]["level"], "high", "{s}");
    assert_eq!(s["recommendations"][0]["kind"], "professional_help", "{s}");
    let out = env.ok(&["status"]);
    assert!(
        out.lines().next().unwrap().contains("talk to someone"),
        "{out}"
    );
}
