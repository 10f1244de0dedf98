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

/// Whether `source` is `seed#section` for a section on the checklist.
fn is_checklist_section(source: &str) -> bool {
    SEED_CHECKLIST
        .iter()
        .any(|(seed, section, _)| source == format!("{seed}#{section}"))
}

#[test]
fn every_catalogue_entry_is_on_the_checklist() {
    // The reverse direction: nothing in the catalogue lacks a seed strategy behind it. Our own
    // extensions (`beyond_seeds`) are not seed strategies, but must name the seed section they
    // are derived from.
    for s in builtin().strategies() {
        if s.beyond_seeds {
            assert!(
                is_checklist_section(&s.source),
                "{} goes beyond the seeds but its source `{}` is not a seed section",
                s.id,
                s.source
            );
            continue;
        }
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
    assert_eq!(catalogue.for_audience(Audience::Leader).count(), 10);
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
    // The optional fields default to off and empty.
    assert!(!s.adds_demand && !s.light && !s.beyond_seeds);
    assert!(s.roles.is_empty());
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

// ---- The optional fields: adds_demand, light, beyond_seeds, roles ----

/// GOOD with `lines` inserted after its `prompts` line (line 9), so they start at line 10.
fn good_with(lines: &str) -> String {
    GOOD.replace(
        "prompts = [\"A question?\"]\n",
        &format!("prompts = [\"A question?\"]\n{lines}"),
    )
}

#[test]
fn parses_the_optional_fields() {
    let text = good_with(
        "adds_demand = true\nlight = true\nbeyond_seeds = false\nroles = [\"skills_unused\", \"caring\"]\n",
    );
    let s = &parse("good.toml", &text).unwrap()[0];
    assert!(s.adds_demand);
    assert!(s.light);
    assert!(!s.beyond_seeds);
    assert_eq!(
        s.roles,
        vec![
            crate::context::RiskRole::SkillsUnused,
            crate::context::RiskRole::Caring
        ]
    );

    let text = good_with("roles = [\n    \"repetitive\",\n]\nbeyond_seeds = true\n");
    let s = &parse("good.toml", &text).unwrap()[0];
    assert!(s.beyond_seeds);
    assert_eq!(s.roles, vec![crate::context::RiskRole::Repetitive]);
}

#[test]
fn rejects_flags_that_are_not_true_or_false_with_line_and_field() {
    let text = good_with("adds_demand = \"yes\"\nlight = 1\nbeyond_seeds = [true]\n");
    let p = problems(&text);
    assert!(
        has(
            &p,
            10,
            "strategy[1].adds_demand",
            "must be true or false, not a string \"yes\""
        ),
        "{p:#?}"
    );
    assert!(
        has(&p, 11, "strategy[1].light", "not an integer 1"),
        "{p:#?}"
    );
    assert!(
        has(&p, 12, "strategy[1].beyond_seeds", "not an array"),
        "{p:#?}"
    );
    assert_eq!(p.len(), 3, "{p:#?}");
    let shown = CatalogueError { problems: p }.to_string();
    assert!(
        shown.contains("bad.toml:10: strategy[1].adds_demand: must be true or false"),
        "{shown}"
    );
}

#[test]
fn rejects_unknown_roles_naming_the_allowed_ones() {
    let allowed =
        "allowed: caring, emergency, heavy_workload, repetitive, little_creativity, skills_unused";
    let p = problems(&good_with(
        "roles = [\n    \"caring\",\n    \"nurse\",\n    3,\n    \"caring\",\n]\n",
    ));
    assert!(
        has(
            &p,
            12,
            "strategy[1].roles[2]",
            &format!("unknown role `nurse`; {allowed}")
        ),
        "{p:#?}"
    );
    assert!(
        has(
            &p,
            13,
            "strategy[1].roles[3]",
            "must be a role name, not an integer 3"
        ),
        "{p:#?}"
    );
    assert!(
        has(&p, 14, "strategy[1].roles[4]", "`caring` is listed twice"),
        "{p:#?}"
    );
    assert_eq!(p.len(), 3, "{p:#?}");

    let p = problems(&good_with("roles = \"caring\"\n"));
    assert!(
        has(
            &p,
            10,
            "strategy[1].roles",
            &format!("must be an array of role names, not a string; {allowed}")
        ),
        "{p:#?}"
    );
    let p = problems(&good_with("roles = { caring = true }\n"));
    assert!(has(&p, 10, "strategy[1].roles", "not a table"), "{p:#?}");
}

#[test]
fn a_bad_optional_field_is_reported_with_the_other_problems() {
    let text = good_with("light = \"sometimes\"\n")
        .replace("cadence = \"weekly\"", "cadence = \"hourly\"");
    let p = problems(&text);
    assert!(has(&p, 10, "strategy[1].light", "true or false"), "{p:#?}");
    assert!(
        has(&p, 25, "strategy[1].actions[2].cadence", "unknown cadence"),
        "{p:#?}"
    );
    assert_eq!(p.len(), 2, "{p:#?}");
}

/// Person strategies that go beyond the seeds, each explicitly accepted here. None so far: our
/// own extensions are leader practices.
const PERSON_BEYOND_SEEDS: &[&str] = &[];

#[test]
fn entries_beyond_the_seeds_are_leader_practices_or_listed() {
    for s in builtin().strategies().iter().filter(|s| s.beyond_seeds) {
        assert!(
            s.audience == Audience::Leader || PERSON_BEYOND_SEEDS.contains(&s.id.as_str()),
            "{} goes beyond the seeds: make it a leader practice or list it in PERSON_BEYOND_SEEDS",
            s.id
        );
    }
    // Everything the seeds give leaders is theirs, not ours.
    for s in builtin().for_audience(Audience::Leader) {
        assert_eq!(
            s.beyond_seeds,
            !s.source
                .ends_with("#For Leaders: Helping Your Team Avoid Rust Out"),
            "{}",
            s.id
        );
    }
}

/// The leader practices for burnout: (topic, practice, the person strategy it turns into a
/// leader action).
const BURNOUT_LEADER_PRACTICES: &[(&str, &str, &str)] = &[
    ("workload", "leader_rebalance_workload", "get_help_at_work"),
    ("recovery", "leader_protect_recovery", "self_care_physical"),
    ("boundaries", "leader_agree_boundaries", "set_boundaries"),
    ("support", "leader_normalise_support", "get_help_at_work"),
    (
        "listen",
        "leader_listen_for_irritants",
        "find_what_bothers_you",
    ),
];

/// The leader practices that come from the second article.
const RUSTOUT_LEADER_PRACTICES: &[&str] = &[
    "leader_check_in_growth",
    "leader_growth_paths",
    "leader_dynamic_roles",
    "leader_safe_to_say_stuck",
    "leader_celebrate_progress",
];

#[test]
fn burnout_leader_practices_exist_for_each_topic() {
    for (topic, id, from) in BURNOUT_LEADER_PRACTICES {
        let s = builtin()
            .get(id)
            .unwrap_or_else(|| panic!("no leader practice for {topic}: {id}"));
        assert_eq!(s.audience, Audience::Leader, "{id}");
        assert_eq!(s.kind, *topic, "{id}");
        assert!(s.beyond_seeds, "{id} is our own extension");
        assert!(!s.adds_demand, "{id} should take demand away, not add it");
        let person = builtin().get(from).expect("the person strategy");
        assert_eq!(person.audience, Audience::Person);
        assert_eq!(
            s.source, person.source,
            "{id} names the section of {from}, which it is derived from"
        );
        let listens = |signal: &str| s.triggers.iter().any(|t| t.signal.name() == signal);
        assert!(
            listens("burnout"),
            "{id} does not listen to the burnout index"
        );
        let pulse_signals = ["exhaustion", "pressure", "overload"]
            .into_iter()
            .filter(|signal| listens(signal))
            .count();
        assert!(
            pulse_signals >= 2,
            "{id} listens to too few of the pulse's burnout signals"
        );
        assert!(
            s.triggers.iter().all(|t| t.signal.name() != "rustout"
                && !matches!(&t.signal, Signal::Dimension(d) if ["underload", "growth", "purpose", "skill_use", "boredom"].contains(&d.as_str()))),
            "{id} listens to a rust-out signal"
        );
    }
}

#[test]
fn every_leader_kind_is_used_once() {
    let leaders: Vec<&Strategy> = builtin().for_audience(Audience::Leader).collect();
    for kind in LEADER_KINDS {
        assert_eq!(
            leaders.iter().filter(|s| s.kind == *kind).count(),
            1,
            "leader kind {kind}"
        );
    }
}

// ---- How the leader practices rank for a team's picture ----

/// A team's pulse picture: mean dimension scores, and the indices; band boundaries 40 and 50.
fn team(dims: &[(&str, f64)], burnout: f64, rustout: f64) -> crate::model::Score {
    use crate::model::{Band, DimensionScore, Index, IndexScore, Score, Zone};
    let band = |v: f64| {
        if v >= 50.0 {
            Band::High
        } else if v >= 40.0 {
            Band::Moderate
        } else {
            Band::Low
        }
    };
    let burnout_dims = ["exhaustion", "overload", "pressure"];
    let (b, r) = (
        IndexScore {
            score: burnout,
            band: band(burnout),
        },
        IndexScore {
            score: rustout,
            band: band(rustout),
        },
    );
    Score {
        instrument: "pulse".into(),
        instrument_version: 1,
        zone: Zone::from_bands(b.band, r.band),
        burnout: b,
        rustout: r,
        balance: None,
        dimensions: dims
            .iter()
            .map(|(id, v)| DimensionScore {
                id: (*id).to_string(),
                index: if burnout_dims.contains(id) {
                    Index::Burnout
                } else {
                    Index::Rustout
                },
                score: *v,
                band: band(*v),
            })
            .collect(),
    }
}

/// The leader practices in the order the engine ranks them for `score`, with no trends, warnings
/// or stuck flag: relevance is Σ weight × score / 100 over the triggers whose signal is in the
/// moderate or high band (the formula in `content/strategies/README.md`), ties by id, one per
/// kind, at most five, nothing below the engine's minimum. Computed here from the catalogue
/// alone, so that this checks the triggers, whatever else the engine weighs.
fn leader_ranking(score: &crate::model::Score) -> Vec<String> {
    use crate::recommend::{MAX_RECOMMENDATIONS, MIN_RELEVANCE};
    let relevance = |s: &Strategy| -> f64 {
        s.triggers
            .iter()
            .filter_map(|t| {
                let (value, band) = match &t.signal {
                    Signal::Dimension(id) => {
                        let d = score.dimension(id)?;
                        (d.score, d.band)
                    }
                    Signal::Index(index) => {
                        let i = score.index(*index)?;
                        (i.score, i.band)
                    }
                    Signal::Stuck => return None,
                };
                band.is_elevated().then_some(t.weight * value / 100.0)
            })
            .sum()
    };
    let mut ranked: Vec<(f64, &Strategy)> = builtin()
        .for_audience(Audience::Leader)
        .map(|s| (relevance(s), s))
        .filter(|(r, _)| *r >= MIN_RELEVANCE)
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    let mut kinds = std::collections::BTreeSet::new();
    ranked
        .into_iter()
        .filter(|(_, s)| kinds.insert(s.kind.as_str()))
        .take(MAX_RECOMMENDATIONS)
        .map(|(_, s)| s.id.clone())
        .collect()
}

fn is_burnout_practice(id: &str) -> bool {
    BURNOUT_LEADER_PRACTICES.iter().any(|(_, p, _)| *p == id)
}

const BURNOUT_TEAM: &[(&str, f64)] = &[
    ("exhaustion", 66.0),
    ("overload", 70.0),
    ("pressure", 62.0),
    ("underload", 10.0),
    ("purpose", 30.0),
    ("growth", 32.0),
    ("skill_use", 28.0),
    ("connection", 30.0),
];

const RUSTOUT_TEAM: &[(&str, f64)] = &[
    ("exhaustion", 25.0),
    ("overload", 15.0),
    ("pressure", 30.0),
    ("underload", 62.0),
    ("purpose", 66.0),
    ("growth", 70.0),
    ("skill_use", 60.0),
    ("connection", 45.0),
];

#[test]
fn a_burnout_team_gets_the_burnout_practices_first() {
    let ranking = leader_ranking(&team(BURNOUT_TEAM, 64.0, 28.0));
    assert!(!ranking.is_empty());
    assert!(is_burnout_practice(&ranking[0]), "{ranking:?}");
    // Nothing else is elevated, so all five topics show, and only they.
    for (topic, id, _) in BURNOUT_LEADER_PRACTICES {
        assert!(ranking.contains(&id.to_string()), "{topic}: {ranking:?}");
    }
    assert!(
        ranking.iter().all(|id| is_burnout_practice(id)),
        "{ranking:?}"
    );

    // Overload alone, or the index alone, is enough to bring them up.
    let ranking = leader_ranking(&team(&[("overload", 60.0)], 30.0, 20.0));
    assert_eq!(
        ranking.first().map(String::as_str),
        Some("leader_rebalance_workload")
    );
    let ranking = leader_ranking(&team(&[], 70.0, 20.0));
    assert!(
        !ranking.is_empty() && ranking.iter().all(|id| is_burnout_practice(id)),
        "{ranking:?}"
    );
}

#[test]
fn a_rustout_team_still_gets_the_rustout_practices_first() {
    let ranking = leader_ranking(&team(RUSTOUT_TEAM, 26.0, 62.0));
    assert!(!ranking.is_empty());
    assert!(
        ranking
            .iter()
            .all(|id| RUSTOUT_LEADER_PRACTICES.contains(&id.as_str())),
        "{ranking:?}"
    );
}

#[test]
fn a_team_in_both_zones_gets_a_mix() {
    let both: Vec<(&str, f64)> = BURNOUT_TEAM
        .iter()
        .chain(RUSTOUT_TEAM)
        .map(|(id, _)| (*id, 62.0))
        .collect::<std::collections::BTreeMap<_, _>>()
        .into_iter()
        .collect();
    let ranking = leader_ranking(&team(&both, 62.0, 62.0));
    let burnout = ranking.iter().filter(|id| is_burnout_practice(id)).count();
    let rustout = ranking
        .iter()
        .filter(|id| RUSTOUT_LEADER_PRACTICES.contains(&id.as_str()))
        .count();
    assert!(burnout >= 2 && rustout >= 1, "{ranking:?}");
    assert!(is_burnout_practice(&ranking[0]), "{ranking:?}");
    // Even if practices that add demand were held back from a team under strain, the
    // rust-out side keeps something to offer.
    assert!(
        ranking.iter().any(|id| {
            RUSTOUT_LEADER_PRACTICES.contains(&id.as_str())
                && !builtin().get(id).expect("in the catalogue").adds_demand
        }),
        "{ranking:?}"
    );
}

// ---- Judgements: which strategies add demand, which are light ----

/// Every strategy judged to add demand, and why. The test below fails if the catalogue's
/// `adds_demand` flags differ from this list, so a change in either is a visible decision.
const ADDS_DEMAND: &[(&str, &str)] = &[
    (
        "seek_learning",
        "more responsibility, training and study on top of the job",
    ),
    (
        "be_creative",
        "volunteering for a project and trying ideas with a colleague",
    ),
    (
        "challenge_yourself",
        "stretch assignments, new projects, mentoring or leading, trying new tools",
    ),
    (
        "continuous_learning",
        "courses, reading, communities and conferences on top of the job",
    ),
    (
        "meaningful_connections",
        "new joint work, communities, mentoring and initiatives to take part in",
    ),
    (
        "advocate_role_evolution",
        "asking for stretch goals and special assignments",
    ),
    (
        "leader_growth_paths",
        "rotations and learning projects give people more to do",
    ),
    (
        "leader_dynamic_roles",
        "taking up new tasks and new pieces of work",
    ),
];

/// Strategies judged not to add demand although they touch on work: they look at the job, set a
/// direction or ask for change, rather than take more on.
const NO_ADDED_DEMAND: &[(&str, &str)] = &[
    ("assess_your_job", "a look at the job and one conversation"),
    ("set_goals", "writing a goal and a next step"),
    (
        "explore_interests",
        "an activity outside work, a break from routine",
    ),
    (
        "revisit_your_why",
        "reflection, and one note at the end of the day",
    ),
    (
        "leader_check_in_growth",
        "questions in the one-to-ones the leader already holds",
    ),
];

/// Words in an action that mean taking more on; any strategy with such an action must be in
/// [`ADDS_DEMAND`].
const DEMAND_WORDS: &[&str] = &[
    "volunteer",
    "stretch goal",
    "stretch or",
    "take on",
    "responsibility",
    "special assignment",
    "course",
    "conference",
    "rotation",
    "lead a",
    "launch",
    "take up",
    "new pieces of work",
];

#[test]
fn strategies_that_add_work_are_marked_adds_demand() {
    let marked: Vec<&str> = builtin()
        .strategies()
        .iter()
        .filter(|s| s.adds_demand)
        .map(|s| s.id.as_str())
        .collect();
    let judged: Vec<&str> = ADDS_DEMAND.iter().map(|(id, _)| *id).collect();
    let mut a = marked.clone();
    let mut b = judged.clone();
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(
        a, b,
        "adds_demand in the catalogue differs from ADDS_DEMAND"
    );
    for (id, _) in NO_ADDED_DEMAND {
        assert!(!judged.contains(id), "{id} is judged both ways");
        assert!(builtin().get(id).is_some(), "{id} is not in the catalogue");
    }
    for s in builtin().strategies() {
        for a in &s.actions {
            let text = a.text.to_lowercase();
            if let Some(word) = DEMAND_WORDS.iter().find(|w| text.contains(*w)) {
                assert!(
                    s.adds_demand,
                    "{} has action {} with `{word}` but is not marked adds_demand",
                    s.id, a.id
                );
            }
        }
    }
    // The burnout side of the catalogue eases demand; none of it adds any.
    for s in builtin().strategies() {
        if s.source.ends_with("#Simmer burnout") {
            assert!(!s.adds_demand, "{}", s.id);
        }
    }
}

/// The light upkeep suggestions for someone in the healthy middle.
const LIGHT: &[&str] = &[
    "self_care_physical",
    "self_care_relationships",
    "explore_interests",
    "revisit_your_why",
    "continuous_learning",
];

#[test]
fn there_are_light_person_strategies_with_a_small_step() {
    let light: Vec<&Strategy> = builtin().strategies().iter().filter(|s| s.light).collect();
    let mut ids: Vec<&str> = light.iter().map(|s| s.id.as_str()).collect();
    ids.sort_unstable();
    let mut expected = LIGHT.to_vec();
    expected.sort_unstable();
    assert_eq!(ids, expected);
    assert!(light.iter().all(|s| s.audience == Audience::Person));
    assert!(light.len() >= 3);
    assert!(light.iter().any(|s| !s.adds_demand));
    for s in &light {
        assert_ne!(s.kind, PROFESSIONAL_HELP_KIND);
        assert!(
            s.actions
                .iter()
                .any(|a| a.cadence != Cadence::Once && a.text.len() <= 100),
            "{}: a light strategy needs a short, repeatable action",
            s.id
        );
    }
}

#[test]
fn roles_are_given_where_the_seeds_name_the_risk() {
    use crate::context::RiskRole;
    for s in builtin().strategies() {
        if s.source.ends_with("#Simmer burnout") && s.audience == Audience::Person {
            assert!(
                s.roles.contains(&RiskRole::Caring),
                "{}: caring roles carry the highest burnout risk",
                s.id
            );
            assert!(s.roles.iter().all(|r| r.leans_burnout()), "{}", s.id);
        }
        if s.source.ends_with("#Prevent rust-out") {
            assert!(!s.roles.is_empty(), "{}", s.id);
            assert!(s.roles.iter().all(|r| !r.leans_burnout()), "{}", s.id);
        }
    }
    let help = builtin().get("seek_professional_help").unwrap();
    for role in [
        RiskRole::Caring,
        RiskRole::Emergency,
        RiskRole::HeavyWorkload,
    ] {
        assert!(help.roles.contains(&role));
    }
}

// ---- Text shown on its own ----

#[test]
fn every_person_strategy_has_a_prompt_and_a_summary_that_stands_alone() {
    for s in builtin().strategies() {
        if s.audience == Audience::Person {
            assert!(!s.prompts.is_empty(), "{} has no prompt", s.id);
        }
        let summary = &s.summary;
        assert!(
            summary.starts_with(|c: char| c.is_uppercase()) && summary.ends_with('.'),
            "{}: a summary is whole sentences",
            s.id
        );
        // Shown under a recommendation, without the title: it must not lean on what came before.
        let first = summary.split_whitespace().next().unwrap_or_default();
        assert!(
            !["This", "It", "That", "These", "They", "Also", "And", "But"].contains(&first),
            "{}: the summary starts with `{first}`",
            s.id
        );
        for p in &s.prompts {
            assert!(p.ends_with('?'), "{}: prompt `{p}` is not a question", s.id);
        }
    }
}

/// Sentences of the two seed articles that a catalogue text could be tempted to copy: the
/// strategy lists and the reflection questions. Tests read nothing outside the repository, so
/// the phrases are kept here, only to check that the catalogue does not repeat them.
const SEED_PHRASES: &[&str] = &[
    "seek professional help from a licensed behavioral health specialist as soon as you notice signs",
    "a therapist counselor or qualified coach can teach you how to cope with stress provide emotional support help you develop long-term well-being strategies",
    "eat well get some exercise and take breaks to relax",
    "embrace inspiration and engage in prayer",
    "allocate time for introspection journaling and therapy or counseling",
    "maintain strong connections with loved ones and engage in activities you enjoy with others",
    "try to understand what parts of your job are causing you to feel burned out",
    "issues with your actual work responsibilities and/or relationships with coworkers and others",
    "reach out to people at work who can support you and help you deal more effectively with the challenges you face at work",
    "create clear boundaries between your job and personal life make sure you have time to rest and unwind",
    "look at your current job and see if it provides enough challenge and stimulation",
    "think about talking to your boss if you feel like making some changes",
    "find ways to pick up new skills or knowledge that can make your job more exciting",
    "taking on more responsibilities or getting additional education or training",
    "find ways to add some creativity to your work",
    "brainstorming ideas working on exciting projects or teaming up with your coworkers",
    "think about where you want to go in your career",
    "having goals that motivate you might make your job feel more meaningful",
    "find hobbies or activities outside of work that make you feel alive and give you a break from your regular routine",
    "what drew you to this field or organization in the first place",
    "what kind of legacy change or value feels worth your time and effort",
    "reconnecting with your deeper purpose can help transform routine tasks into purposeful contributions again",
    "if your role has become too safe or too predictable push its boundaries",
    "volunteer for cross-functional or stretch assignments",
    "offer to mentor a junior colleague or lead a team initiative",
    "pilot a new tool workflow or way of working",
    "stepping out of the comfort zone even experimentally can reawaken curiosity and momentum",
    "read new books or articles outside your immediate speciality",
    "new knowledge builds confidence shows your employer you want to grow",
    "work is not just what we do but who we do it with and who we do it for",
    "participate in team or organizational initiatives with a social or mission-driven component",
    "feeling connected and knowing that your efforts help others can restore a sense of purpose and belonging",
    "sometimes rust-out sticks because the job hasn't changed but you have",
    "initiate a conversation with your manager or hr about evolving your role",
    "propose shifting responsibilities rotating tasks or redefining success metrics",
    "frame the request not just as self-interest but as beneficial for the team or organisation",
    "even small tweaks to task mix autonomy or creative latitude can make a big difference",
    "checking in regularly on growth and meaning not just workload",
    "encouraging job rotations skill building and project-based learning",
    "keeping roles dynamic by refreshing tasks and responsibilities",
    "creating a safe space for people to say when they feel stuck",
    "celebrating progress and linking contributions back to the bigger purpose",
];

/// The words of a text, lowercased, with typographic apostrophes and hyphens made plain.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace(['’', '‘'], "'")
        .replace('‐', "-")
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-' || c == '/'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The first run of `n` consecutive words of `text` found in a seed phrase.
fn copied_run(text: &str, n: usize) -> Option<String> {
    let seeds: Vec<Vec<String>> = SEED_PHRASES.iter().map(|p| words(p)).collect();
    let text = words(text);
    text.windows(n)
        .find(|run| seeds.iter().any(|seed| seed.windows(n).any(|w| w == *run)))
        .map(|run| run.join(" "))
}

const COPY_RUN: usize = 8;

#[test]
fn the_copy_check_catches_a_copied_sentence() {
    assert!(
        copied_run(
            "Pilot a new tool, workflow or way of working and share it.",
            COPY_RUN
        )
        .is_some()
    );
    assert!(
        copied_run(
            "Eat well, get some exercise and take breaks to relax!",
            COPY_RUN
        )
        .is_some()
    );
    assert!(
        copied_run(
            "Try an unfamiliar tool and tell the team what you found.",
            COPY_RUN
        )
        .is_none()
    );
}

#[test]
fn no_catalogue_text_repeats_a_seed_sentence() {
    for s in builtin().strategies() {
        let texts = [&s.title, &s.summary]
            .into_iter()
            .chain(&s.prompts)
            .chain(s.actions.iter().map(|a| &a.text));
        for text in texts {
            if let Some(run) = copied_run(text, COPY_RUN) {
                panic!(
                    "{}: `{text}` repeats the seed words `{run}`; say it in our own words",
                    s.id
                );
            }
        }
    }
}
