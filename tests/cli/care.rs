//! The care promises on the real CLI, with the answer profiles a worried user would try: the
//! safety notice never misses and always comes first, reasons read in the person's terms, advice
//! fits the load, and a single week is not a zone.

use crate::util::{Env, answers};
use serde_json::{Value, json};

/// Every answer at its best (least strain), with `overrides` on top.
fn best(inst: &Value, overrides: &[(&str, i64)]) -> Value {
    let mut a = answers(inst, 0.0, 0.0, 0.0);
    for (id, v) in overrides {
        a[*id] = json!(v);
    }
    a
}

fn first_line(out: &str) -> &str {
    out.lines().find(|l| !l.trim().is_empty()).unwrap_or("")
}

fn assert_notice_first(env: &Env, r: &Value, human: &str) {
    assert_eq!(r["safety"]["level"], "high", "{r}");
    assert_eq!(r["recommendations"][0]["kind"], "professional_help", "{r}");
    let reading = format!("{} {}", r["reading"]["title"], r["reading"]["text"]).to_lowercase();
    assert!(
        !reading.contains("thriv") && !reading.contains("healthy middle"),
        "{reading}"
    );
    assert!(
        first_line(human).contains("Please talk to someone"),
        "{human}"
    );
    assert!(!human.to_lowercase().contains("healthy middle"), "{human}");
    let status = env.json(&["status", "--json"]);
    assert_eq!(status["safety"]["level"], "high", "{status}");
    let out = env.ok(&["status"]);
    assert!(first_line(&out).contains("Please talk to someone"), "{out}");
}

#[test]
fn one_mood_item_at_its_worst_raises_the_notice_whatever_the_rest_says() {
    for (item, value) in [("mood_hopeless", 5), ("mood_hopeless", 4), ("mood_low", 5)] {
        let env = Env::new();
        let spectrum = env.instrument("spectrum");
        let f = env.answers_file("s.json", &best(&spectrum, &[(item, value)]));
        let r = env.json(&["assess", "--answers", &f, "--json"]);
        let human = {
            let env2 = Env::new();
            let g2 = env2.answers_file("s.json", &best(&spectrum, &[(item, value)]));
            env2.ok(&["assess", "--answers", &g2])
        };
        assert_notice_first(&env, &r, &human);
    }
}

#[test]
fn the_worst_pulse_raises_the_notice_and_puts_help_first() {
    let env = Env::new();
    let pulse = env.instrument("pulse");
    let f = env.answers_file("p.json", &answers(&pulse, 1.0, 1.0, 1.0));
    let r = env.json(&["checkin", "--answers", &f, "--json"]);
    let env2 = Env::new();
    let f2 = env2.answers_file("p.json", &answers(&pulse, 1.0, 1.0, 1.0));
    let human = env2.ok(&["checkin", "--answers", &f2]);
    assert_notice_first(&env, &r, &human);
}

#[test]
fn a_pulse_feeling_down_most_days_raises_it_even_with_all_else_well() {
    let env = Env::new();
    let pulse = env.instrument("pulse");
    let f = env.answers_file("p.json", &best(&pulse, &[("mood", 4)]));
    let r = env.json(&["checkin", "--answers", &f, "--json"]);
    assert_eq!(r["safety"]["level"], "high", "{r}");
    let calm = env.answers_file("q.json", &best(&pulse, &[("mood", 2)]));
    let env2 = Env::new();
    let r2 = env2.json(&["checkin", "--answers", &calm, "--json"]);
    assert!(
        r2["safety"].is_null(),
        "once or twice is not the notice: {r2}"
    );
}

#[test]
fn a_backdated_full_check_with_mood_at_its_worst_raises_the_notice() {
    let env = Env::new();
    let pulse = env.instrument("pulse");
    let p = env.answers_file("p.json", &best(&pulse, &[]));
    env.ok(&["checkin", "--answers", &p]);
    let spectrum = env.instrument("spectrum");
    let f = env.answers_file("s.json", &best(&spectrum, &[("mood_hopeless", 5)]));
    let at = (chrono::Utc::now() - chrono::Duration::days(44))
        .format("%Y-%m-%d")
        .to_string();
    let r = env.json(&["assess", "--answers", &f, "--at", &at, "--json"]);
    assert_eq!(r["safety"]["level"], "high", "{r}");
    assert_eq!(r["recommendations"][0]["kind"], "professional_help", "{r}");
}

#[test]
fn an_overloaded_pulse_gets_no_advice_that_adds_demand() {
    let env = Env::new();
    let pulse = env.instrument("pulse");
    // Far too much work, very stressed, very low energy, and nothing to grow on.
    let a = best(
        &pulse,
        &[
            ("load", 7),
            ("stretch", 7),
            ("stress", 5),
            ("energy", 1),
            ("growth", 1),
            ("skills", 1),
        ],
    );
    let f = env.answers_file("p.json", &a);
    let r = env.json(&["checkin", "--answers", &f, "--json"]);
    let ids: Vec<&str> = r["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["strategy_id"].as_str().unwrap())
        .collect();
    for demand in [
        "challenge_yourself",
        "seek_learning",
        "be_creative",
        "continuous_learning",
    ] {
        assert!(
            !ids.contains(&demand),
            "{demand} offered to an overloaded person: {ids:?}"
        );
    }
}

#[test]
fn middle_answers_on_the_pulse_are_the_healthy_middle_with_at_most_two_light_suggestions() {
    let env = Env::new();
    let pulse = env.instrument("pulse");
    let mut a = serde_json::Map::new();
    for item in pulse["items"].as_array().unwrap() {
        let (min, max) = (item["min"].as_i64().unwrap(), item["max"].as_i64().unwrap());
        let id = item["id"].as_str().unwrap();
        // The neutral middle of every scale; the wellbeing question at "not at all".
        let v = if id == "mood" { min } else { (min + max) / 2 };
        a.insert(id.to_string(), json!(v));
    }
    let f = env.answers_file("p.json", &Value::Object(a));
    let r = env.json(&["checkin", "--answers", &f, "--json"]);
    assert_eq!(r["burnout"]["band"], "low", "{r}");
    assert_eq!(r["rustout"]["band"], "low", "{r}");
    assert!(r["recommendations"].as_array().unwrap().len() <= 2, "{r}");
    assert!(
        !r["recommendations"].to_string().contains("workload"),
        "{r}"
    );
}

#[test]
fn one_stressed_week_leans_toward_burnout_and_is_not_called_a_zone() {
    let env = Env::new();
    let pulse = env.instrument("pulse");
    let f = env.answers_file("p.json", &answers(&pulse, 0.8, 0.0, 0.0));
    let r = env.json(&["checkin", "--answers", &f, "--json"]);
    assert_eq!(r["reading"]["title"], "Leaning toward burnout", "{r}");
    let out = env.ok(&["status"]);
    assert!(!out.contains("Burnout zone"), "{out}");
    assert!(out.contains("Leaning toward burnout"), "{out}");
}

#[test]
fn reasons_name_each_dimension_by_what_it_measures() {
    let env = Env::new();
    let spectrum = env.instrument("spectrum");
    let f = env.answers_file("s.json", &answers(&spectrum, 0.1, 0.9, 0.1));
    let r = env.json(&["assess", "--answers", &f, "--json"]);
    let all = r["recommendations"].to_string();
    for wrong in [
        "growth score",
        "purpose score",
        "motivation score",
        "mood score",
    ] {
        assert!(!all.contains(wrong), "{wrong}: {all}");
    }
    assert!(
        all.contains("Stagnation") || all.contains("Lost purpose"),
        "{all}"
    );
    let human = env.ok(&["status"]);
    assert!(!human.contains("growth score"), "{human}");
}

#[test]
fn a_calm_pulse_dated_a_day_ahead_does_not_hide_a_recent_notice() {
    let env = Env::new();
    let pulse = env.instrument("pulse");
    let bad = env.answers_file("bad.json", &best(&pulse, &[("mood", 5)]));
    let at = (chrono::Utc::now() - chrono::Duration::days(27)).to_rfc3339();
    env.ok(&["checkin", "--answers", &bad, "--at", &at]);
    let calm = env.answers_file("calm.json", &best(&pulse, &[("mood", 1)]));
    let ahead = (chrono::Utc::now() + chrono::Duration::hours(20)).to_rfc3339();
    let r = env.json(&["checkin", "--answers", &calm, "--at", &ahead, "--json"]);
    assert_eq!(r["safety"]["level"], "high", "{r}");
}

#[test]
fn too_much_work_is_never_answered_with_more_demand_even_if_it_is_too_easy() {
    let env = Env::new();
    let pulse = env.instrument("pulse");
    for (load, stretch) in [(6, 1), (7, 1), (5, 4), (1, 5)] {
        let a = best(
            &pulse,
            &[
                ("load", load),
                ("stretch", stretch),
                ("growth", 1),
                ("skills", 1),
                ("meaning", 1),
            ],
        );
        let f = env.answers_file("p.json", &a);
        let r = env.json(&["checkin", "--answers", &f, "--json"]);
        let ids = r["recommendations"].to_string();
        for demand in [
            "challenge_yourself",
            "seek_learning",
            "be_creative",
            "continuous_learning",
            "advocate_role_evolution",
            "meaningful_connections",
        ] {
            assert!(
                !ids.contains(demand),
                "load {load}, stretch {stretch}: {demand} in {ids}"
            );
        }
    }
}
