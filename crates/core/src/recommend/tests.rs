use super::*;
use crate::model::{DimensionScore, IndexScore, Zone};
use crate::strategy::{KNOWN_DIMENSIONS, builtin};
use chrono::TimeZone;
use proptest::prelude::*;
use proptest::strategy::Strategy;

const RUSTOUT_DIMS: &[&str] = &[
    "boredom",
    "motivation",
    "procrastination",
    "skill_use",
    "growth",
    "purpose",
    "withdrawal",
    "underload",
    "connection",
];
const SHARED_DIMS: &[&str] = &["sleep_appetite", "mood"];

fn band_of(value: f64) -> Band {
    if value >= 50.0 {
        Band::High
    } else if value >= 40.0 {
        Band::Moderate
    } else {
        Band::Low
    }
}

fn index_of(id: &str) -> Index {
    if RUSTOUT_DIMS.contains(&id) {
        Index::Rustout
    } else if SHARED_DIMS.contains(&id) {
        Index::Shared
    } else {
        Index::Burnout
    }
}

fn dim(id: &str, value: f64) -> DimensionScore {
    DimensionScore {
        id: id.to_string(),
        index: index_of(id),
        score: value,
        band: band_of(value),
    }
}

fn score(dims: &[(&str, f64)], burnout: f64, rustout: f64) -> Score {
    let b = IndexScore {
        score: burnout,
        band: band_of(burnout),
    };
    let r = IndexScore {
        score: rustout,
        band: band_of(rustout),
    };
    Score {
        instrument: "spectrum".into(),
        instrument_version: 1,
        zone: Zone::from_bands(b.band, r.band),
        burnout: b,
        rustout: r,
        balance: None,
        dimensions: dims.iter().map(|(id, v)| dim(id, *v)).collect(),
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .expect("valid date")
}

fn input(score: &Score) -> RecommendationInput<'_> {
    RecommendationInput {
        score,
        burnout_trend: None,
        rustout_trend: None,
        warnings: &[],
        stuck: false,
        dismissed: &[],
        adopted: &[],
        now: now(),
    }
}

fn rising(weeks: f64) -> Trend {
    Trend {
        direction: Direction::Rising,
        slope_per_week: 3.0,
        points: 5,
        weeks,
    }
}

fn ids(recs: &[Recommendation]) -> Vec<&str> {
    recs.iter().map(|r| r.strategy_id.as_str()).collect()
}

fn person(input: &RecommendationInput) -> Vec<Recommendation> {
    recommend(input, builtin(), Audience::Person)
}

fn find<'r>(recs: &'r [Recommendation], id: &str) -> &'r Recommendation {
    recs.iter()
        .find(|r| r.strategy_id == id)
        .unwrap_or_else(|| panic!("{id} not recommended: {:?}", ids(recs)))
}

// ---- Scenarios ----

#[test]
fn stagnation_leads_with_challenge_and_learning() {
    let s = score(&[("skill_use", 80.0), ("growth", 75.0)], 20.0, 45.0);
    let recs = person(&input(&s));
    let kinds: Vec<&str> = recs.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(&kinds[..2], &["challenge", "learning"], "{recs:#?}");
    for r in &recs[..2] {
        assert!(
            r.reason.contains("skill use") && r.reason.contains("growth"),
            "{}",
            r.reason
        );
        assert!(
            r.reason.contains("80") && r.reason.contains("75"),
            "{}",
            r.reason
        );
    }
    assert_eq!(
        recs[0].reason,
        "Your skill use and growth scores are high (80, 75)."
    );
    assert!(
        !ids(&recs).contains(&"seek_professional_help"),
        "nothing calls for it here"
    );
}

#[test]
fn overload_brings_self_care_boundaries_and_help_at_work() {
    let s = score(&[("exhaustion", 68.0), ("pressure", 74.0)], 45.0, 10.0);
    let recs = person(&input(&s));
    let kinds: Vec<&str> = recs.iter().map(|r| r.kind.as_str()).collect();
    for kind in ["self_care", "boundaries", "support"] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    assert_eq!(
        find(&recs, "get_help_at_work").reason,
        "Your pressure and exhaustion scores are high (74, 68)."
    );
    assert!(
        recs.iter()
            .all(|r| r.kind != "learning" && r.kind != "challenge"),
        "{kinds:?}"
    );
}

#[test]
fn a_rising_trend_is_named_and_boosts_relevance() {
    let s = score(&[("growth", 72.0)], 20.0, 45.0);
    let steady = person(&input(&s));
    let mut with_trend = input(&s);
    with_trend.rustout_trend = Some(rising(4.2));
    let boosted = person(&with_trend);
    let before = find(&steady, "seek_learning");
    let after = find(&boosted, "seek_learning");
    assert_eq!(
        after.reason,
        "Your growth score is 72, high. Your rust-out index has been rising for 4 weeks."
    );
    assert!(after.relevance > before.relevance);
    // A burnout trend does not touch a rust-out signal.
    let mut other = input(&s);
    other.burnout_trend = Some(rising(4.0));
    assert_eq!(person(&other), steady);
}

#[test]
fn a_warning_is_named_and_boosts_relevance() {
    let s = score(&[("boredom", 62.0), ("motivation", 45.0)], 20.0, 45.0);
    let warning = Warning {
        kind: WarningKind::Drift,
        index: Index::Rustout,
        message: "Your rust-out index has crept up.".into(),
        baseline: 20.0,
        current: 38.0,
        weeks: 3,
    };
    let warnings = [warning];
    let mut warned = input(&s);
    warned.warnings = &warnings;
    let recs = person(&warned);
    let r = find(&recs, "be_creative");
    assert_eq!(
        r.reason,
        "Your boredom score is 62, high, and your motivation score is 45, moderate. \
Early warning: your rust-out index has stayed well above its usual level for 3 check-ins."
    );
    assert!(r.relevance > find(&person(&input(&s)), "be_creative").relevance);
}

#[test]
fn a_thriving_person_gets_nothing() {
    let dims: Vec<(&str, f64)> = KNOWN_DIMENSIONS.iter().map(|d| (*d, 25.0)).collect();
    let s = score(&dims, 20.0, 20.0);
    assert!(person(&input(&s)).is_empty());
}

#[test]
fn feeling_stuck_alone_suggests_role_evolution() {
    let s = score(&[("growth", 20.0)], 20.0, 20.0);
    let mut stuck = input(&s);
    stuck.stuck = true;
    let recs = person(&stuck);
    assert_eq!(ids(&recs), vec!["advocate_role_evolution"]);
    assert_eq!(recs[0].reason, "You said you feel stuck.");
}

#[test]
fn high_mood_puts_professional_help_first() {
    let s = score(
        &[
            ("mood", 80.0),
            ("exhaustion", 90.0),
            ("pressure", 95.0),
            ("growth", 90.0),
        ],
        45.0,
        45.0,
    );
    let recs = person(&input(&s));
    assert_eq!(recs[0].strategy_id, "seek_professional_help");
    assert!(
        recs[0].reason.starts_with("Your mood score is 80, high."),
        "{}",
        recs[0].reason
    );
    assert!(
        recs[0]
            .reason
            .contains("rather than waiting until you want to leave your job")
    );
    assert!(!recs[0].reason.to_lowercase().contains("you have"));
}

#[test]
fn moderate_mood_or_a_high_index_includes_professional_help() {
    let s = score(&[("mood", 45.0)], 20.0, 20.0);
    let recs = person(&input(&s));
    assert!(ids(&recs).contains(&"seek_professional_help"), "{recs:#?}");

    // Many strong signals fill the list; help still gets in, but need not lead.
    let dims: Vec<(&str, f64)> = KNOWN_DIMENSIONS
        .iter()
        .filter(|d| **d != "mood")
        .map(|d| (*d, 95.0))
        .collect();
    let s = score(&dims, 70.0, 30.0);
    let recs = person(&input(&s));
    assert_eq!(recs.len(), MAX_RECOMMENDATIONS);
    let help = find(&recs, "seek_professional_help");
    assert!(
        help.reason.starts_with("Your burnout index is 70, high."),
        "{}",
        help.reason
    );
}

#[test]
fn professional_help_is_shown_even_when_dismissed_if_safety_needs_it() {
    let dismissed = [Dismissal {
        id: "seek_professional_help".into(),
        at: now() - TimeDelta::days(2),
    }];
    let s = score(&[("mood", 75.0)], 20.0, 20.0);
    let mut i = input(&s);
    i.dismissed = &dismissed;
    assert_eq!(person(&i)[0].strategy_id, "seek_professional_help");

    // Without the safety need, the dismissal holds.
    let s = score(
        &[
            ("mood", 30.0),
            ("exhaustion", 95.0),
            ("sleep_appetite", 95.0),
        ],
        45.0,
        45.0,
    );
    let mut i = input(&s);
    assert!(ids(&person(&i)).contains(&"seek_professional_help"));
    i.dismissed = &dismissed;
    assert!(!ids(&person(&i)).contains(&"seek_professional_help"));
}

#[test]
fn dismissals_expire_after_thirty_days() {
    let s = score(&[("growth", 80.0)], 20.0, 45.0);
    let at = |age: TimeDelta| {
        [Dismissal {
            id: "seek_learning".into(),
            at: now() - age,
        }]
    };
    let recent = at(TimeDelta::days(30) - TimeDelta::minutes(1));
    let expired = at(TimeDelta::days(30));
    let future = at(TimeDelta::days(-1));
    let mut i = input(&s);
    i.dismissed = &recent;
    assert!(!ids(&person(&i)).contains(&"seek_learning"));
    i.dismissed = &future;
    assert!(
        !ids(&person(&i)).contains(&"seek_learning"),
        "a clock-skewed dismissal still counts"
    );
    i.dismissed = &expired;
    assert!(ids(&person(&i)).contains(&"seek_learning"));
}

#[test]
fn dismissed_actions_are_dropped_and_adopted_ones_marked() {
    let s = score(&[("growth", 80.0)], 20.0, 45.0);
    let dismissed = [Dismissal {
        id: "learning_pick_skill".into(),
        at: now() - TimeDelta::days(1),
    }];
    let adopted = ["learning_study_hour".to_string()];
    let mut i = input(&s);
    i.dismissed = &dismissed;
    i.adopted = &adopted;
    let recs = person(&i);
    let r = find(&recs, "seek_learning");
    let actions: Vec<(&str, bool)> = r
        .actions
        .iter()
        .map(|a| (a.id.as_str(), a.adopted))
        .collect();
    assert_eq!(
        actions,
        vec![
            ("learning_ask_responsibility", false),
            ("learning_study_hour", true)
        ]
    );
}

#[test]
fn a_strategy_with_nothing_left_to_offer_is_left_out() {
    let s = score(&[("growth", 80.0)], 20.0, 45.0);
    let learning = builtin().get("seek_learning").unwrap();
    let all: Vec<String> = learning.actions.iter().map(|a| a.id.clone()).collect();
    let mut i = input(&s);
    i.adopted = &all;
    assert!(!ids(&person(&i)).contains(&"seek_learning"));

    let dismissed: Vec<Dismissal> = all
        .iter()
        .map(|id| Dismissal {
            id: id.clone(),
            at: now(),
        })
        .collect();
    let mut i = input(&s);
    i.dismissed = &dismissed;
    assert!(!ids(&person(&i)).contains(&"seek_learning"));
}

#[test]
fn leaders_get_practices_addressed_to_the_team() {
    let s = score(
        &[("growth", 70.0), ("purpose", 66.0), ("skill_use", 60.0)],
        20.0,
        45.0,
    );
    let mut i = input(&s);
    i.stuck = true;
    let recs = recommend(&i, builtin(), Audience::Leader);
    assert!(!recs.is_empty());
    for r in &recs {
        assert!(r.strategy_id.starts_with("leader_"), "{}", r.strategy_id);
        assert!(
            r.reason.starts_with("Your team's") || r.reason.starts_with("Someone in your team"),
            "{}",
            r.reason
        );
    }
    assert_eq!(
        find(&recs, "leader_growth_paths").reason,
        "Your team's growth and skill use scores are high (70, 60)."
    );
    assert!(ids(&recs).contains(&"leader_safe_to_say_stuck"));
}

#[test]
fn ties_are_broken_by_id_and_one_per_kind() {
    let text = |id: &str, kind: &str| {
        format!(
            "[[strategy]]\nid = \"{id}\"\ntitle = \"T\"\naudience = \"person\"\nkind = \"{kind}\"\n\
source = \"s.txt#S\"\nsummary = \"S.\"\n[strategy.triggers]\ngrowth = 1.0\n\
[[strategy.actions]]\nid = \"{id}_a\"\ntext = \"A.\"\ncadence = \"once\"\n\
[[strategy.actions]]\nid = \"{id}_b\"\ntext = \"B.\"\ncadence = \"once\"\n"
        )
    };
    let files = [
        text("zeta", "goals"),
        text("alpha", "learning"),
        text("mid", "learning"),
    ];
    let sources: Vec<(&str, &str)> = files.iter().map(|t| ("t.toml", t.as_str())).collect();
    let catalogue = Catalogue::from_sources(&sources).unwrap();
    let s = score(&[("growth", 60.0)], 20.0, 45.0);
    let recs = recommend(&input(&s), &catalogue, Audience::Person);
    assert_eq!(ids(&recs), vec!["alpha", "zeta"]);
}

#[test]
fn reasons_read_well_for_mixed_groups() {
    let names = [
        Named {
            label: "exhaustion".into(),
            is_index: false,
            value: 68.4,
            band: Band::High,
        },
        Named {
            label: "burnout".into(),
            is_index: true,
            value: 61.0,
            band: Band::High,
        },
        Named {
            label: "irritability".into(),
            is_index: false,
            value: 44.6,
            band: Band::Moderate,
        },
    ];
    assert_eq!(
        scores_clause(&names, "your"),
        "your exhaustion score and your burnout index are high (68, 61), and your irritability score is 45, moderate"
    );
    assert_eq!(for_weeks(0.4), "for 1 week");
    assert_eq!(for_weeks(f64::NAN), "lately");
    assert_eq!(number(f64::INFINITY), "0");
    assert_eq!(join_and(["a", "b", "c"].into_iter()), "a, b and c");
    assert_eq!(dimension_label("sleep_appetite"), "sleep/appetite");
}

// ---- Properties ----

fn all_ids() -> Vec<String> {
    let c = builtin();
    c.strategies()
        .iter()
        .flat_map(|s| std::iter::once(s.id.clone()).chain(s.actions.iter().map(|a| a.id.clone())))
        .collect()
}

fn arb_value() -> impl Strategy<Value = f64> {
    prop_oneof![
        0.0..=100.0f64,
        Just(40.0),
        Just(50.0),
        Just(0.0),
        Just(100.0)
    ]
}

prop_compose! {
    fn arb_score()(
        values in proptest::collection::vec(proptest::option::of(arb_value()), KNOWN_DIMENSIONS.len()),
        burnout in arb_value(),
        rustout in arb_value(),
    ) -> Score {
        let dims: Vec<(&str, f64)> = KNOWN_DIMENSIONS
            .iter()
            .zip(values)
            .filter_map(|(id, v)| v.map(|v| (*id, v)))
            .collect();
        score(&dims, burnout, rustout)
    }
}

fn arb_trend() -> impl Strategy<Value = Option<Trend>> {
    proptest::option::of(
        (
            prop_oneof![
                Just(Direction::Rising),
                Just(Direction::Falling),
                Just(Direction::Steady)
            ],
            0.0..12.0f64,
        )
            .prop_map(|(direction, weeks)| Trend {
                direction,
                slope_per_week: 2.0,
                points: 4,
                weeks,
            }),
    )
}

fn arb_warnings() -> impl Strategy<Value = Vec<Warning>> {
    proptest::collection::vec(
        (
            prop_oneof![Just(WarningKind::BandCrossing), Just(WarningKind::Drift)],
            prop_oneof![Just(Index::Burnout), Just(Index::Rustout)],
            1u32..8,
        )
            .prop_map(|(kind, index, weeks)| Warning {
                kind,
                index,
                message: "m".into(),
                baseline: 20.0,
                current: 45.0,
                weeks,
            }),
        0..3,
    )
}

/// Dismissals of catalogue ids with ages in minutes, from the future (-1 day) to 400 days.
fn arb_dismissals(ages: std::ops::Range<i64>) -> impl Strategy<Value = Vec<Dismissal>> {
    let ids = all_ids();
    proptest::collection::vec((proptest::sample::select(ids), ages), 0..12).prop_map(|ds| {
        ds.into_iter()
            .map(|(id, minutes)| Dismissal {
                id,
                at: now() - TimeDelta::minutes(minutes),
            })
            .collect()
    })
}

fn arb_adopted() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(proptest::sample::select(all_ids()), 0..10)
}

const DAY: i64 = 24 * 60;

#[derive(Debug, Clone)]
struct Case {
    score: Score,
    burnout_trend: Option<Trend>,
    rustout_trend: Option<Trend>,
    warnings: Vec<Warning>,
    stuck: bool,
    dismissed: Vec<Dismissal>,
    adopted: Vec<String>,
}

impl Case {
    fn input(&self) -> RecommendationInput<'_> {
        RecommendationInput {
            score: &self.score,
            burnout_trend: self.burnout_trend,
            rustout_trend: self.rustout_trend,
            warnings: &self.warnings,
            stuck: self.stuck,
            dismissed: &self.dismissed,
            adopted: &self.adopted,
            now: now(),
        }
    }
}

prop_compose! {
    fn arb_case()(
        score in arb_score(),
        burnout_trend in arb_trend(),
        rustout_trend in arb_trend(),
        warnings in arb_warnings(),
        stuck in any::<bool>(),
        dismissed in arb_dismissals(-DAY..400 * DAY),
        adopted in arb_adopted(),
    ) -> Case {
        Case { score, burnout_trend, rustout_trend, warnings, stuck, dismissed, adopted }
    }
}

fn safety_required(s: &Score) -> bool {
    s.burnout.band == Band::High
        || s.rustout.band == Band::High
        || s.dimension("mood").is_some_and(|d| d.band.is_elevated())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn same_input_same_output(case in arb_case(), leader in any::<bool>()) {
        let audience = if leader { Audience::Leader } else { Audience::Person };
        let first = recommend(&case.input(), builtin(), audience);
        let second = recommend(&case.clone().input(), builtin(), audience);
        prop_assert_eq!(first, second);
    }

    #[test]
    fn short_spread_and_without_duplicates(case in arb_case(), leader in any::<bool>()) {
        let audience = if leader { Audience::Leader } else { Audience::Person };
        let recs = recommend(&case.input(), builtin(), audience);
        prop_assert!(recs.len() <= MAX_RECOMMENDATIONS);
        let strategies: BTreeSet<&str> = recs.iter().map(|r| r.strategy_id.as_str()).collect();
        prop_assert_eq!(strategies.len(), recs.len());
        let kinds: BTreeSet<&str> = recs.iter().map(|r| r.kind.as_str()).collect();
        prop_assert_eq!(kinds.len(), recs.len());
        for r in &recs {
            let s = builtin().get(&r.strategy_id).expect("from the catalogue");
            prop_assert_eq!(s.audience, audience);
            prop_assert!(!r.reason.is_empty());
            prop_assert!(!r.actions.is_empty());
            let protected = r.kind == PROFESSIONAL_HELP_KIND && safety_required(&case.score);
            prop_assert!(protected || r.relevance >= MIN_RELEVANCE - 0.0005, "{:?}", r);
            for a in &r.actions {
                prop_assert_eq!(a.adopted, case.adopted.contains(&a.id));
            }
        }
        let ranked: Vec<f64> = recs.iter().filter(|r| r.kind != PROFESSIONAL_HELP_KIND).map(|r| r.relevance).collect();
        prop_assert!(ranked.windows(2).all(|w| w[0] >= w[1]), "not ranked: {:?}", ranked);
    }

    #[test]
    fn recent_dismissals_are_respected(case in arb_case()) {
        let recs = recommend(&case.input(), builtin(), Audience::Person);
        let recent: Vec<&str> = case
            .dismissed
            .iter()
            .filter(|d| now() - d.at < TimeDelta::days(DISMISSAL_DAYS))
            .map(|d| d.id.as_str())
            .collect();
        for r in &recs {
            if r.kind == PROFESSIONAL_HELP_KIND && safety_required(&case.score) {
                continue; // the safety rule outranks a dismissal
            }
            prop_assert!(!recent.contains(&r.strategy_id.as_str()), "{} was dismissed", r.strategy_id);
            for a in &r.actions {
                prop_assert!(!recent.contains(&a.id.as_str()), "{} was dismissed", a.id);
            }
        }
    }

    #[test]
    fn old_dismissals_change_nothing(case in arb_case(), old in arb_dismissals(30 * DAY..400 * DAY)) {
        let mut without = case.clone();
        without.dismissed.clear();
        let mut with_old = case;
        with_old.dismissed = old;
        prop_assert_eq!(
            recommend(&without.input(), builtin(), Audience::Person),
            recommend(&with_old.input(), builtin(), Audience::Person)
        );
    }

    #[test]
    fn safety_rule_always_holds(case in arb_case()) {
        let recs = recommend(&case.input(), builtin(), Audience::Person);
        let help = recs.iter().position(|r| r.kind == PROFESSIONAL_HELP_KIND);
        if safety_required(&case.score) {
            prop_assert!(help.is_some(), "professional help missing: {:?}", ids(&recs));
        }
        if case.score.dimension("mood").is_some_and(|d| d.band == Band::High) {
            prop_assert_eq!(help, Some(0));
        }
    }
}
