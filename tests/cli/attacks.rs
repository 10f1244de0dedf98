//! Attacks through the CLI, end to end (the full set, with the algebra, is in
//! `crates/service/src/org/attacks.rs`): leaders reach only the units they lead, members reach
//! no summary, and no summary of any unit carries anything about a person.

use crate::util::Env;

fn exit_code(env: &Env, args: &[&str]) -> Option<i32> {
    env.cmd().args(args).output().expect("runs").status.code()
}

#[test]
fn attacks_a_leader_of_one_team_or_a_member_gets_no_other_summary() {
    let env = Env::new();
    let made = env.json(&[
        "demo", "--people", "30", "--weeks", "3", "--seed", "9", "--json",
    ]);
    let units = env.json(&["--user", "demo-admin", "org", "units", "--json"]);
    let led = made["leader_unit"]["id"].as_i64().expect("an id");
    let units = units.as_array().expect("a list");
    let below_led: Vec<i64> = units
        .iter()
        .filter(|u| u["parent"].as_i64() == Some(led))
        .map(|u| u["id"].as_i64().expect("an id"))
        .collect();
    for unit in units {
        let id = unit["id"].as_i64().expect("an id");
        let allowed = id == led || below_led.contains(&id);
        let code = exit_code(
            &env,
            &[
                "--user",
                "demo-leader",
                "org",
                "summary",
                &id.to_string(),
                "--json",
            ],
        );
        assert_eq!(
            code,
            Some(if allowed { 0 } else { 2 }),
            "the demo leader reading unit {id}"
        );
        assert_eq!(
            exit_code(
                &env,
                &["--user", "person-00001", "org", "summary", &id.to_string()]
            ),
            Some(2),
            "a member reading unit {id}"
        );
    }
}

#[test]
fn attacks_no_summary_of_any_unit_names_or_counts_a_hidden_group() {
    let env = Env::new();
    env.json(&[
        "demo", "--people", "45", "--weeks", "4", "--seed", "5", "--json",
    ]);
    let units = env.json(&["--user", "demo-admin", "org", "units", "--json"]);
    let mut hidden_weeks = 0;
    for unit in units.as_array().expect("a list") {
        let id = unit["id"].to_string();
        let summary = env.json(&["--user", "demo-admin", "org", "summary", &id, "--json"]);
        let text = summary.to_string();
        assert!(
            !text.contains("person-"),
            "a summary names a person: {text}"
        );
        for week in summary["figures"]["not_shown"].as_array().expect("a list") {
            hidden_weeks += 1;
            let mut keys: Vec<&String> = week.as_object().expect("an object").keys().collect();
            keys.sort();
            assert_eq!(
                keys,
                ["reason", "week"],
                "a hidden week says only why: {week}"
            );
        }
        if summary["figures"]["weeks_shown"] == 0 {
            assert!(summary["figures"]["burnout"].is_null());
            assert!(summary["figures"]["participation"].is_null());
            assert!(summary["figures"]["stuck"].is_null());
        }
    }
    assert!(hidden_weeks > 0, "small teams have hidden weeks");
}
