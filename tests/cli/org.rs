//! `anneal org` and `anneal demo` as a new user would try them: an admin builds a small
//! organisation, invites people, they join, share and check in, a leader reads the summary, a
//! person sends a brief; and a demo organisation gives a leader a year of figures.

use crate::util::{Env, answers};
use serde_json::Value;

/// Runs `anneal ARGS`, expects exit code 2 and returns stderr.
fn refused(env: &Env, args: &[&str]) -> String {
    let out = env.cmd().args(args).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(
        out.status.code(),
        Some(2),
        "anneal {args:?} should be refused with exit code 2; stderr: {err}"
    );
    err
}

/// Invites one person into `unit` as `by`, and they join and turn sharing on.
fn invite_and_join(env: &Env, by: &str, unit: &str, who: &str, leader: bool) {
    let mut args = vec!["--user", by, "org", "invite", unit, "--json"];
    if leader {
        args.push("--leader");
    }
    let invite = env.json(&args);
    let token = invite["token"].as_str().expect("a token");
    assert!(
        invite["url_path"]
            .as_str()
            .expect("a path")
            .ends_with(token),
        "{invite}"
    );
    let joined = env.json(&["--user", who, "org", "join", token, "--json"]);
    assert_eq!(joined["role"], if leader { "leader" } else { "member" });
    // The link works once.
    let err = refused(env, &["--user", "someone-else", "org", "join", token]);
    assert!(err.contains("unknown, already used or expired"), "{err}");
    if !leader {
        env.ok(&["--user", who, "org", "share", "on"]);
    }
}

#[test]
fn org_an_admin_builds_units_people_join_share_and_a_leader_sees_only_what_the_rules_allow() {
    let env = Env::new();
    let out = env.ok(&["--user", "owner", "org", "unit", "add", "Hospital"]);
    assert!(out.contains("owner is its admin now"), "{out}");
    env.ok(&[
        "--user", "owner", "org", "unit", "add", "Ward 3", "--parent", "Hospital",
    ]);
    let units = env.json(&["--user", "owner", "org", "units", "--json"]);
    let names: Vec<&str> = units
        .as_array()
        .expect("a list")
        .iter()
        .map(|u| u["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(names, ["Hospital", "Ward 3"]);
    assert_eq!(units[1]["depth"], 1);

    let rules = env.json(&[
        "--user", "owner", "org", "rules", "Ward 3", "--k", "3", "--json",
    ]);
    assert_eq!(rules["rules"]["k"], 3);
    assert_eq!(rules["rules"]["version"], 2);

    invite_and_join(&env, "owner", "Ward 3", "lead", true);
    for who in ["ana", "ben", "cai"] {
        invite_and_join(&env, "lead", "Ward 3", who, false);
    }
    let pulse = env.instrument("pulse");
    let f = env.answers_file("p.json", &answers(&pulse, 0.2, 0.8, 0.2));
    for who in ["ana", "ben", "cai"] {
        env.ok(&[
            "--user",
            who,
            "checkin",
            "--answers",
            &f,
            "--stuck",
            "--note",
            "secret",
        ]);
    }

    let rules_seen = env.ok(&["--user", "ana", "org", "share"]);
    for expected in [
        "sharing on",
        "at least 3 people",
        "leaders of Ward 3 (lead)",
        "never shared",
        "Your unit, Ward 3, has 3 members; 3 joined in the last 28 days.",
        "takes back this week's shared check-in",
    ] {
        assert!(
            rules_seen.contains(expected),
            "{rules_seen} lacks {expected}"
        );
    }

    // This week is not over, so nothing is released yet: the leader sees that, and nothing else.
    let summary = env.json(&["--user", "lead", "org", "summary", "Ward 3", "--json"]);
    assert_eq!(summary["figures"]["weeks_shown"], 0);
    assert!(summary["figures"]["burnout"].is_null(), "{summary}");
    let text = summary.to_string();
    for private in ["ana", "ben", "cai", "secret"] {
        assert!(
            !text.contains(private),
            "the summary names {private}: {text}"
        );
    }
    let err = refused(&env, &["--user", "ana", "org", "summary", "Ward 3"]);
    assert!(err.contains("only its leaders"), "{err}");
    let err = refused(&env, &["--user", "lead", "org", "summary", "Hospital"]);
    assert!(err.contains("only its leaders"), "{err}");

    // Admin work is refused to everyone else, with exit code 2.
    let err = refused(&env, &["--user", "lead", "org", "unit", "add", "Mine"]);
    assert!(err.contains("only an admin"), "{err}");
    refused(&env, &["--user", "ana", "org", "users"]);
    let users = env.json(&["--user", "owner", "org", "users", "--json"]);
    assert!(users.as_array().expect("a list").len() >= 5);
}

#[test]
fn org_refuses_bad_rules_units_and_tokens_saying_what_is_allowed() {
    let env = Env::new();
    env.ok(&["org", "unit", "add", "Team"]);
    let err = refused(&env, &["org", "rules", "Team", "--k", "2"]);
    assert!(err.contains("between 3 and 20"), "{err}");
    let err = refused(
        &env,
        &["org", "rules", "Team", "--k", "5", "--epsilon", "20"],
    );
    assert!(err.contains("between 0.1 and 10"), "{err}");
    let err = refused(
        &env,
        &[
            "org",
            "rules",
            "Team",
            "--k",
            "5",
            "--epsilon",
            "1",
            "--budget",
            "0.5",
        ],
    );
    assert!(err.contains("at least ε"), "{err}");
    let err = refused(&env, &["org", "rules", "Nowhere", "--k", "5"]);
    assert!(err.contains("no unit has that name"), "{err}");
    let err = refused(&env, &["org", "invite", "Team", "--days", "90"]);
    assert!(err.contains("between 1 and 30"), "{err}");
    refused(&env, &["org", "join", "not-a-token"]);
    let err = refused(&env, &["org", "unit", "move", "Team", "--parent", "Team"]);
    assert!(err.contains("below it"), "{err}");
    let err = refused(&env, &["org", "share", "on"]);
    assert!(err.contains("join one with an invite"), "{err}");
    let changed = env.ok(&[
        "org",
        "rules",
        "Team",
        "--k",
        "6",
        "--epsilon",
        "1",
        "--budget",
        "13",
    ]);
    assert!(changed.contains("ε = 1"), "{changed}");
    let looser = env.ok(&["org", "rules", "Team", "--k", "5"]);
    assert!(looser.contains("check-ins keep at least k = 6"), "{looser}");
}

#[test]
fn org_a_person_drafts_a_brief_and_sends_only_that_to_their_leader() {
    let env = Env::new();
    env.ok(&["--user", "owner", "org", "unit", "add", "Team"]);
    invite_and_join(&env, "owner", "Team", "lead", true);
    invite_and_join(&env, "owner", "Team", "ana", false);
    let pulse = env.instrument("pulse");
    let f = env.answers_file("p.json", &answers(&pulse, 0.1, 0.9, 0.2));
    env.ok(&[
        "--user",
        "ana",
        "checkin",
        "--answers",
        &f,
        "--note",
        "my private note",
    ]);

    let draft = env.ok(&["--user", "ana", "org", "brief", "draft"]);
    assert!(draft.contains("What I notice"), "{draft}");
    assert!(draft.contains("role could evolve"), "{draft}");
    assert!(!draft.contains("my private note"), "{draft}");

    let err = refused(
        &env,
        &[
            "--user", "ana", "org", "brief", "send", "--to", "owner", "--text", "hi",
        ],
    );
    assert!(err.contains("not a leader of your unit"), "{err}");
    let sent = env.json(&[
        "--user",
        "ana",
        "org",
        "brief",
        "send",
        "--to",
        "lead",
        "--text",
        "Could we talk about rotating tasks?",
        "--json",
    ]);
    assert_eq!(sent["from"]["username"], "ana");
    let inbox = env.json(&["--user", "lead", "org", "inbox", "--json"]);
    let inbox = inbox.as_array().expect("a list");
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0]["text"], "Could we talk about rotating tasks?");
    assert!(!inbox[0].to_string().contains("my private note"));
    let empty = env.json(&["--user", "owner", "org", "inbox", "--json"]);
    assert_eq!(empty, Value::Array(vec![]));
}

#[test]
fn org_the_demo_gives_its_leader_released_weeks_and_ranked_practices() {
    let env = Env::new();
    let made = env.json(&[
        "demo", "--people", "40", "--weeks", "6", "--seed", "3", "--json",
    ]);
    assert_eq!(made["people"], 40);
    assert_eq!(made["released_weeks"], 6);
    assert_eq!(made["leader"], "demo-leader");
    let unit = made["leader_unit"]["id"].to_string();
    let summary = env.json(&["--user", "demo-leader", "org", "summary", &unit, "--json"]);
    assert!(
        summary["figures"]["weeks_shown"].as_u64().expect("a count") >= 1,
        "{summary}"
    );
    assert!(
        summary["figures"]["burnout"]["mean"]["value"].is_number(),
        "{summary}"
    );
    assert!(summary["practices"].is_array());
    let text = env.ok(&["--user", "demo-leader", "org", "summary", &unit]);
    assert!(text.contains("Participation"), "{text}");
    let top = made["organisation"]["id"].to_string();
    refused(&env, &["--user", "demo-leader", "org", "summary", &top]);
    let all = env.json(&["--user", "demo-admin", "org", "summary", &top, "--json"]);
    assert!(all["figures"]["weeks_shown"].as_u64().expect("a count") >= 1);
    let err = refused(&env, &["demo", "--people", "40", "--weeks", "6"]);
    assert!(err.contains("already has an organisation"), "{err}");
    let err = refused(&Env::new(), &["demo", "--people", "2", "--weeks", "6"]);
    assert!(err.contains("3 to 100000"), "{err}");
}

#[test]
fn org_leader_runs_as_the_caller_not_as_the_person_named() {
    let env = Env::new();
    env.ok(&["--user", "owner", "org", "unit", "add", "Ward"]);
    // "bob" exists but is no admin: naming him must not make the command run as him.
    env.ok(&["--user", "bob", "status"]);
    let err = refused(&env, &["--user", "bob", "org", "leader", "Ward", "bob"]);
    assert!(err.to_lowercase().contains("admin"), "{err}");
    // The admin can.
    let out = env.ok(&["--user", "owner", "org", "leader", "Ward", "bob"]);
    assert!(out.contains("bob now leads"), "{out}");
    // And a non-admin naming the admin does not act as the admin either.
    let err = refused(&env, &["--user", "bob", "org", "leader", "Ward", "owner"]);
    assert!(err.to_lowercase().contains("admin"), "{err}");
}
