use super::*;

const FIRST_SEED: &str = "000_cfd499ba598e930a.txt";
const SECOND_SEED: &str = "001_33a5096d2044b2de.txt";

/// Every strategy of both source articles: (seed, section heading, words the title must contain).
const SEED_CHECKLIST: &[(&str, &str, &str)] = &[
    (
        FIRST_SEED,
        "Managing burnout and rust-out",
        "professional help",
    ),
    (FIRST_SEED, "Simmer burnout", "physical self-care"),
    (FIRST_SEED, "Simmer burnout", "spiritual self-care"),
    (FIRST_SEED, "Simmer burnout", "psychological self-care"),
    (FIRST_SEED, "Simmer burnout", "relationship"),
    (FIRST_SEED, "Simmer burnout", "bothering you"),
    (FIRST_SEED, "Simmer burnout", "help at work"),
    (FIRST_SEED, "Simmer burnout", "boundaries"),
    (FIRST_SEED, "Prevent rust-out", "assess your job"),
    (FIRST_SEED, "Prevent rust-out", "learning opportunities"),
    (FIRST_SEED, "Prevent rust-out", "creativity"),
    (FIRST_SEED, "Prevent rust-out", "goals"),
    (FIRST_SEED, "Prevent rust-out", "interests"),
    (SECOND_SEED, "Revisit your “why”", "your why"),
    (SECOND_SEED, "Challenge yourself", "challenge yourself"),
    (
        SECOND_SEED,
        "Embrace continuous learning",
        "continuous learning",
    ),
    (
        SECOND_SEED,
        "Build meaningful connections",
        "meaningful connections",
    ),
    (SECOND_SEED, "Advocate for role evolution", "role to evolve"),
    (
        SECOND_SEED,
        "For Leaders: Helping Your Team Avoid Rust Out",
        "growth and meaning",
    ),
    (
        SECOND_SEED,
        "For Leaders: Helping Your Team Avoid Rust Out",
        "rotations",
    ),
    (
        SECOND_SEED,
        "For Leaders: Helping Your Team Avoid Rust Out",
        "roles dynamic",
    ),
    (
        SECOND_SEED,
        "For Leaders: Helping Your Team Avoid Rust Out",
        "stuck",
    ),
    (
        SECOND_SEED,
        "For Leaders: Helping Your Team Avoid Rust Out",
        "celebrate progress",
    ),
];

#[test]
fn every_seed_strategy_is_in_the_catalogue() {
    let catalogue = builtin();
    let missing: Vec<String> = SEED_CHECKLIST
        .iter()
        .filter(|(seed, section, words)| {
            let source = format!("{seed}#{section}");
            !catalogue.strategies().iter().any(|s| {
                s.source == source && s.title.to_lowercase().contains(&words.to_lowercase())
            })
        })
        .map(|(seed, section, words)| format!("{seed}#{section}: {words}"))
        .collect();
    assert!(
        missing.is_empty(),
        "missing from the catalogue: {missing:#?}"
    );
}

#[test]
fn every_catalogue_entry_is_on_the_checklist() {
    // The reverse direction: nothing in the catalogue lacks a seed strategy behind it.
    for s in builtin().strategies() {
        let covered = SEED_CHECKLIST.iter().any(|(seed, section, words)| {
            s.source == format!("{seed}#{section}")
                && s.title.to_lowercase().contains(&words.to_lowercase())
        });
        assert!(
            covered,
            "{} ({}) is not on the seed checklist",
            s.id, s.source
        );
    }
}

#[test]
fn builtin_catalogue_is_valid_and_complete_for_both_audiences() {
    let catalogue = Catalogue::from_sources(&BUILTIN_FILES).expect("shipped catalogue parses");
    assert_eq!(catalogue.for_audience(Audience::Person).count(), 18);
    assert_eq!(catalogue.for_audience(Audience::Leader).count(), 5);
    for s in catalogue.strategies() {
        assert!(
            s.summary.len() <= 300,
            "{}: summary is more than two sentences' worth",
            s.id
        );
    }
}

#[test]
fn each_self_care_kind_is_findable() {
    for id in [
        "self_care_physical",
        "self_care_spiritual",
        "self_care_psychological",
        "self_care_relationships",
    ] {
        let s = builtin().get(id).unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(s.kind, "self_care");
    }
}

#[test]
fn seed_reflection_questions_are_prompts() {
    let prompts = |id: &str| builtin().get(id).map(|s| s.prompts.len()).unwrap_or(0);
    assert_eq!(prompts("revisit_your_why"), 3);
    assert!(prompts("find_what_bothers_you") >= 2);
    assert!(prompts("set_goals") >= 2);
    let bothering = &builtin().get("find_what_bothers_you").unwrap().prompts;
    assert!(
        bothering
            .iter()
            .any(|p| p.contains("work itself") && p.contains("colleagues"))
    );
}

#[test]
fn professional_help_triggers_on_every_signal_but_stuck() {
    let s = builtin().get("seek_professional_help").unwrap();
    assert_eq!(s.kind, PROFESSIONAL_HELP_KIND);
    for dim in KNOWN_DIMENSIONS {
        assert!(
            s.triggers.iter().any(|t| t.signal.name() == *dim),
            "professional help does not trigger on {dim}"
        );
    }
    for name in ["burnout", "rustout"] {
        assert!(s.triggers.iter().any(|t| t.signal.name() == name));
    }
}

#[test]
fn lookups_find_strategies_and_actions() {
    let (s, a) = builtin().action("boundaries_end_time").unwrap();
    assert_eq!(s.id, "set_boundaries");
    assert_eq!(a.cadence, Cadence::Daily);
    assert!(builtin().action("no_such_action").is_none());
    assert!(builtin().get("no_such_strategy").is_none());
}

const GOOD: &str = r#"
[[strategy]]
id = "one"
title = "One"
audience = "person"
kind = "learning"
source = "seed.txt#Section"
summary = "A summary."
prompts = ["A question?"]

[strategy.triggers]
growth = 1.0
rustout = 0.5
stuck = 0.25

[[strategy.actions]]
id = "one_a"
text = "Do a."
cadence = "once"

[[strategy.actions]]
id = "one_b"
text = "Do b."
cadence = "weekly"
"#;

#[test]
fn parses_a_good_file() {
    let strategies = parse("good.toml", GOOD).unwrap();
    assert_eq!(strategies.len(), 1);
    let s = &strategies[0];
    assert_eq!(s.id, "one");
    assert_eq!(s.audience, Audience::Person);
    assert_eq!(
        s.origin,
        Origin {
            file: "good.toml".into(),
            line: 2
        }
    );
    assert_eq!(s.actions[1].origin.line, 21);
    assert_eq!(s.actions[1].cadence, Cadence::Weekly);
    assert_eq!(
        s.triggers,
        vec![
            Trigger {
                signal: Signal::Dimension("growth".into()),
                weight: 1.0
            },
            Trigger {
                signal: Signal::Index(crate::model::Index::Rustout),
                weight: 0.5
            },
            Trigger {
                signal: Signal::Stuck,
                weight: 0.25
            },
        ]
    );
    assert_eq!(s.prompts, vec!["A question?".to_string()]);
}

fn problems(text: &str) -> Vec<Problem> {
    parse("bad.toml", text)
        .expect_err("should be rejected")
        .problems
}

fn has(problems: &[Problem], line: usize, field: &str, words: &str) -> bool {
    problems
        .iter()
        .any(|p| p.line == Some(line) && p.field == field && p.message.contains(words))
}

#[test]
fn rejects_unknown_audience_kind_and_cadence_with_line_and_field() {
    let text = GOOD
        .replace("audience = \"person\"", "audience = \"manager\"")
        .replace("kind = \"learning\"", "kind = \"napping\"")
        .replace("cadence = \"weekly\"", "cadence = \"hourly\"");
    let p = problems(&text);
    assert!(
        has(
            &p,
            5,
            "strategy[1].audience",
            "unknown audience `manager`; allowed: person, leader"
        ),
        "{p:#?}"
    );
    assert!(
        has(&p, 6, "strategy[1].kind", "unknown kind `napping`"),
        "{p:#?}"
    );
    assert!(
        has(
            &p,
            24,
            "strategy[1].actions[2].cadence",
            "allowed: once, daily, weekly, monthly"
        ),
        "{p:#?}"
    );
    assert_eq!(p.len(), 3, "{p:#?}");
}

#[test]
fn rejects_a_leader_kind_for_a_person() {
    let p = problems(&GOOD.replace("kind = \"learning\"", "kind = \"voice\""));
    assert!(
        has(&p, 6, "strategy[1].kind", "for audience person"),
        "{p:#?}"
    );
}

#[test]
fn rejects_bad_trigger_weights_and_names() {
    let text = GOOD
        .replace("growth = 1.0", "growth = 1.5")
        .replace("rustout = 0.5", "rustout = 0")
        .replace("stuck = 0.25", "bordeom = 0.3");
    let p = problems(&text);
    assert!(
        has(
            &p,
            12,
            "strategy[1].triggers.growth",
            "weight 1.5 is out of range"
        ),
        "{p:#?}"
    );
    assert!(
        has(
            &p,
            13,
            "strategy[1].triggers.rustout",
            "weight 0 is out of range"
        ),
        "{p:#?}"
    );
    assert!(
        has(
            &p,
            14,
            "strategy[1].triggers.bordeom",
            "unknown trigger `bordeom`"
        ),
        "{p:#?}"
    );
    assert_eq!(p.len(), 3, "{p:#?}");
}

#[test]
fn rejects_missing_triggers() {
    let text = GOOD.replace(
        "[strategy.triggers]\ngrowth = 1.0\nrustout = 0.5\nstuck = 0.25\n",
        "",
    );
    let p = problems(&text);
    assert!(has(&p, 2, "strategy[1].triggers", "at least one"), "{p:#?}");
}

#[test]
fn rejects_too_few_and_too_many_actions() {
    let one = GOOD
        .split("[[strategy.actions]]\nid = \"one_b\"")
        .next()
        .unwrap();
    assert!(has(
        &problems(one),
        2,
        "strategy[1].actions",
        "1 action(s); a strategy has 2 to 5"
    ));

    let mut six = GOOD.to_string();
    for i in 0..4 {
        six.push_str(&format!(
            "\n[[strategy.actions]]\nid = \"extra_{i}\"\ntext = \"More.\"\ncadence = \"daily\"\n"
        ));
    }
    assert!(has(
        &problems(&six),
        2,
        "strategy[1].actions",
        "6 action(s)"
    ));

    let none = GOOD.split("[[strategy.actions]]").next().unwrap();
    assert!(has(
        &problems(none),
        2,
        "strategy[1].actions",
        "0 action(s)"
    ));
}

#[test]
fn rejects_empty_text_and_missing_fields() {
    let text = GOOD
        .replace("title = \"One\"\n", "")
        .replace("text = \"Do a.\"", "text = \"  \"")
        .replace("prompts = [\"A question?\"]", "prompts = [\"\"]");
    let p = problems(&text);
    assert!(has(&p, 2, "strategy[1].title", "missing `title`"), "{p:#?}");
    assert!(
        has(&p, 17, "strategy[1].actions[1].text", "must not be empty"),
        "{p:#?}"
    );
    assert!(
        has(&p, 8, "strategy[1].prompts[1]", "must not be empty"),
        "{p:#?}"
    );
    assert_eq!(p.len(), 3, "{p:#?}");
}

#[test]
fn rejects_bad_ids_and_sources() {
    let text = GOOD
        .replace("id = \"one\"", "id = \"One Strategy\"")
        .replace("source = \"seed.txt#Section\"", "source = \"seed.txt\"");
    let p = problems(&text);
    assert!(has(&p, 3, "strategy[1].id", "not a valid id"), "{p:#?}");
    assert!(
        has(&p, 7, "strategy[1].source", "seed-file#Section heading"),
        "{p:#?}"
    );
}

#[test]
fn rejects_duplicate_ids_within_a_file() {
    let text = format!("{GOOD}\n{}", GOOD.replace("id = \"one\"", "id = \"two\""));
    let p = problems(&text);
    // The second copy is shifted by GOOD's lines and the blank line between.
    let shift = GOOD.lines().count() + 1;
    assert!(
        has(
            &p,
            shift + 16,
            "id",
            "duplicate action id `one_a`, first defined at bad.toml:16"
        ),
        "{p:#?}"
    );
    assert!(
        has(
            &p,
            shift + 21,
            "id",
            "duplicate action id `one_b`, first defined at bad.toml:21"
        ),
        "{p:#?}"
    );
    assert_eq!(p.len(), 2, "{p:#?}");
}

#[test]
fn rejects_duplicate_ids_across_files() {
    let renamed_actions = GOOD.replace("one_a", "x_a").replace("one_b", "x_b");
    let err =
        Catalogue::from_sources(&[("a.toml", GOOD), ("b.toml", &renamed_actions)]).unwrap_err();
    assert_eq!(err.problems.len(), 1, "{err}");
    let p = &err.problems[0];
    assert_eq!((p.file.as_str(), p.line), ("b.toml", Some(2)));
    assert!(
        p.message
            .contains("duplicate strategy id `one`, first defined at a.toml:2"),
        "{err}"
    );
}

#[test]
fn collects_problems_of_every_file() {
    let bad_a = GOOD.replace("cadence = \"once\"", "cadence = \"never\"");
    let bad_b = GOOD.replace("kind = \"learning\"", "kind = \"\"");
    let err = Catalogue::from_sources(&[("a.toml", &bad_a), ("b.toml", &bad_b)]).unwrap_err();
    let files: Vec<&str> = err.problems.iter().map(|p| p.file.as_str()).collect();
    assert_eq!(files, vec!["a.toml", "b.toml"], "{err}");
    let message = err.to_string();
    assert!(
        message.contains("a.toml:19: strategy[1].actions[1].cadence: unknown cadence `never`"),
        "{message}"
    );
    assert!(
        message.contains("b.toml:6: strategy[1].kind: must not be empty"),
        "{message}"
    );
}

#[test]
fn reports_toml_syntax_and_shape_errors_with_a_line() {
    let p = problems("[[strategy]]\nid = \"x\"\ntitle = \n");
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].line, Some(3), "{p:#?}");

    let p = problems(&GOOD.replace(
        "summary = \"A summary.\"",
        "summary = \"A summary.\"\ncolour = \"red\"",
    ));
    assert_eq!(p.len(), 1);
    assert!(p[0].message.contains("colour"), "{p:#?}");
    assert_eq!(p[0].line, Some(9), "{p:#?}");

    let p = problems(&GOOD.replace("growth = 1.0", "growth = \"high\""));
    assert_eq!(p[0].line, Some(12), "{p:#?}");
}

#[test]
fn rejects_a_file_without_strategies() {
    let p = problems("# nothing here\n");
    assert!(p[0].message.contains("no strategies"), "{p:#?}");
}

#[test]
fn integer_weights_are_accepted() {
    let strategies = parse("good.toml", &GOOD.replace("growth = 1.0", "growth = 1")).unwrap();
    assert_eq!(strategies[0].triggers[0].weight, 1.0);
}
