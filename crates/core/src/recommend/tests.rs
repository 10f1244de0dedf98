use super::*;
use crate::context::RiskContext;
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
        safety: false,
        context: RiskContext::default(),
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
            r.reason.contains("Unused skills") && r.reason.contains("Stagnation"),
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
        "What stands out: Unused skills 80, high; Stagnation 75, high."
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
        "What stands out: Pressure 74, high; Exhaustion 68, high."
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
        "What stands out: Stagnation 72, high. Your rust-out index has been rising for 4 weeks."
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
        "What stands out: Boredom 62, high; Low drive 45, moderate. \
Early warning: your rust-out index has stayed well above its usual level for 3 check-ins."
    );
    assert!(r.relevance > find(&person(&input(&s)), "be_creative").relevance);
}

#[test]
fn a_person_in_the_healthy_middle_gets_at_most_two_light_suggestions() {
    let dims: Vec<(&str, f64)> = KNOWN_DIMENSIONS.iter().map(|d| (*d, 25.0)).collect();
    let s = score(&dims, 20.0, 20.0);
    let recs = person(&input(&s));
    assert!(!recs.is_empty() && recs.len() <= MIDDLE_MAX, "{recs:#?}");
    for r in &recs {
        assert!(
            builtin().get(&r.strategy_id).unwrap().light,
            "{}",
            r.strategy_id
        );
        assert!(r.reason.contains("healthy middle"), "{}", r.reason);
    }
    // Elevated dimensions under low indices still bring no corrective list.
    let dims: Vec<(&str, f64)> = KNOWN_DIMENSIONS
        .iter()
        .filter(|d| **d != "mood")
        .map(|d| (*d, 60.0))
        .collect();
    let s = score(&dims, 35.0, 35.0);
    let recs = person(&input(&s));
    assert!(recs.len() <= MIDDLE_MAX, "{recs:#?}");
    assert!(
        recs.iter()
            .all(|r| builtin().get(&r.strategy_id).unwrap().light)
    );
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
        recs[0]
            .reason
            .starts_with("What stands out: Low mood 80, high."),
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
        help.reason
            .starts_with("What stands out: Burnout index 70, high."),
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
            r.reason.starts_with("What stands out in your team")
                || r.reason.starts_with("Someone in your team"),
            "{}",
            r.reason
        );
    }
    assert_eq!(
        find(&recs, "leader_growth_paths").reason,
        "What stands out in your team: Stagnation 70, high; Unused skills 60, high."
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
fn reasons_name_each_score_by_its_strain_title() {
    let named_dim = named(&Evidence::Dimension {
        id: "mood".into(),
        value: 100.0,
        band: Band::High,
        index: Index::Shared,
    });
    assert_eq!(named_dim.as_deref(), Some("Low mood 100, high"));
    let named_index = named(&Evidence::Index {
        index: Index::Rustout,
        value: 61.4,
        band: Band::High,
    });
    assert_eq!(named_index.as_deref(), Some("Rust-out index 61, high"));
    assert_eq!(for_weeks(0.4), "for 1 week");
    assert_eq!(for_weeks(f64::NAN), "lately");
}

#[test]
fn a_notice_puts_help_first_with_its_own_reason() {
    let s = score(&[("growth", 90.0), ("exhaustion", 90.0)], 60.0, 60.0);
    let mut i = input(&s);
    i.safety = true;
    let recs = person(&i);
    assert_eq!(recs[0].strategy_id, "seek_professional_help");
    assert!(
        recs[0]
            .reason
            .starts_with("Your answers about how low or hopeless"),
        "{}",
        recs[0].reason
    );
}

#[test]
fn high_burnout_puts_help_in_the_top_two() {
    let dims: Vec<(&str, f64)> = KNOWN_DIMENSIONS
        .iter()
        .filter(|d| **d != "mood")
        .map(|d| (*d, 95.0))
        .collect();
    let s = score(&dims, 90.0, 30.0);
    let recs = person(&input(&s));
    let help = recs.iter().position(|r| r.kind == PROFESSIONAL_HELP_KIND);
    assert!(help.is_some_and(|p| p <= 1), "{:?}", ids(&recs));
}

#[test]
fn an_overloaded_pulse_gets_nothing_that_adds_demand() {
    // "Far too much" work, very stressed, very low energy, with stagnation too.
    let mut s = score(
        &[
            ("exhaustion", 100.0),
            ("pressure", 100.0),
            ("overload", 100.0),
            ("growth", 75.0),
            ("skill_use", 75.0),
        ],
        100.0,
        40.0,
    );
    s.balance = Some(100.0);
    let recs = person(&input(&s));
    for r in &recs {
        let strategy = builtin().get(&r.strategy_id).unwrap();
        assert!(!strategy.adds_demand, "{} adds demand", r.strategy_id);
    }
    assert!(!ids(&recs).contains(&"seek_learning"));
}

#[test]
fn a_caring_role_brings_its_strategies_forward_and_says_why() {
    let s = score(&[("exhaustion", 70.0), ("detachment", 65.0)], 60.0, 10.0);
    let plain = person(&input(&s));
    let mut i = input(&s);
    i.context.caring = true;
    let caring = person(&i);
    let named: Vec<&Recommendation> = caring
        .iter()
        .filter(|r| r.reason.contains("compassion fatigue"))
        .collect();
    assert!(!named.is_empty(), "{caring:#?}");
    for r in named {
        let before = plain.iter().find(|p| p.strategy_id == r.strategy_id);
        assert!(before.is_none_or(|b| b.relevance < r.relevance));
    }
    // The context never changes which scores are named.
    assert_eq!(caring.len(), plain.len());
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
        balance in proptest::option::of(prop_oneof![-100.0..=100.0f64, Just(0.0), Just(16.7), Just(100.0)]),
    ) -> Score {
        let dims: Vec<(&str, f64)> = KNOWN_DIMENSIONS
            .iter()
            .zip(values)
            .filter_map(|(id, v)| v.map(|v| (*id, v)))
            .collect();
        let mut s = score(&dims, burnout, rustout);
        s.balance = balance;
        s
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
    safety: bool,
    context: RiskContext,
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
            safety: self.safety,
            context: self.context,
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
        safety in any::<bool>(),
        roles in proptest::collection::vec(any::<bool>(), 6),
        dismissed in arb_dismissals(-DAY..400 * DAY),
        adopted in arb_adopted(),
    ) -> Case {
        let mut context = RiskContext::default();
        for (role, on) in crate::context::RiskRole::ALL.into_iter().zip(roles) {
            context.set(role, on);
        }
        Case { score, burnout_trend, rustout_trend, warnings, stuck, safety, context, dismissed, adopted }
    }
}

/// The healthy middle as the engine defines it (module docs of `recommend`).
fn in_the_middle(case: &Case) -> bool {
    let s = &case.score;
    !case.safety
        && !case.stuck
        && case.warnings.is_empty()
        && !s.burnout.band.is_elevated()
        && !s.rustout.band.is_elevated()
}

fn safety_required(case: &Case) -> bool {
    let s = &case.score;
    case.safety
        || s.burnout.band == Band::High
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
            let protected = r.kind == PROFESSIONAL_HELP_KIND && safety_required(&case);
            // In the healthy middle nothing is elevated, so light upkeep has no relevance to
            // clear; everywhere else a suggestion must clear the minimum.
            let middle_light = s.light && in_the_middle(&case);
            prop_assert!(protected || middle_light || r.relevance >= MIN_RELEVANCE - 0.0005, "{:?}", r);
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
            if r.kind == PROFESSIONAL_HELP_KIND && safety_required(&case) {
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
        if safety_required(&case) {
            prop_assert!(help.is_some(), "professional help missing: {:?}", ids(&recs));
        }
        if case.safety || case.score.dimension("mood").is_some_and(|d| d.band == Band::High) {
            prop_assert_eq!(help, Some(0));
        }
        if case.score.burnout.band == Band::High {
            prop_assert!(help.is_some_and(|p| p <= 1), "help not in the top two: {:?}", ids(&recs));
        }
    }

    /// Nothing that adds demand when the load is too much or burnout is elevated, unless rust-out
    /// clearly leads and the load is about right or too little.
    #[test]
    fn advice_never_adds_demand_to_an_overloaded_person(case in arb_case(), leader in any::<bool>()) {
        let audience = if leader { Audience::Leader } else { Audience::Person };
        let recs = recommend(&case.input(), builtin(), audience);
        let s = &case.score;
        let load_too_much = s.balance.is_some_and(|c| c > BALANCE_TOO_MUCH)
            || s.dimension("overload").is_some_and(|d| d.score > 0.0);
        let rustout_leads = s.rustout.band.is_elevated() && s.rustout.score - s.burnout.score >= RUSTOUT_LEAD;
        if load_too_much || (s.burnout.band.is_elevated() && !rustout_leads) {
            for r in &recs {
                let strategy = builtin().get(&r.strategy_id).expect("from the catalogue");
                prop_assert!(!strategy.adds_demand, "{} adds demand to {:?}", r.strategy_id, s);
            }
        }
    }

    /// In the healthy middle (neither index elevated, no notice, no warning, not stuck): at most
    /// two suggestions, every one light or the help the safety rule requires.
    #[test]
    fn the_healthy_middle_gets_at_most_two_light_suggestions(case in arb_case()) {
        if in_the_middle(&case) {
            let recs = recommend(&case.input(), builtin(), Audience::Person);
            prop_assert!(recs.len() <= MIDDLE_MAX, "{:?}", ids(&recs));
            for r in &recs {
                let strategy = builtin().get(&r.strategy_id).expect("from the catalogue");
                prop_assert!(strategy.light || (r.kind == PROFESSIONAL_HELP_KIND && safety_required(&case)), "{}", r.strategy_id);
            }
        }
    }
}

#[test]
fn a_team_in_burnout_gets_the_burnout_leader_practices_first() {
    // The shape of the demo's emergency-care unit: most of the team in the burnout zone.
    let mut s = score(
        &[
            ("exhaustion", 72.0),
            ("pressure", 75.0),
            ("overload", 60.0),
            ("growth", 30.0),
            ("purpose", 25.0),
        ],
        70.0,
        25.0,
    );
    s.balance = Some(45.0);
    let mut i = input(&s);
    i.stuck = true;
    let recs = recommend(&i, builtin(), Audience::Leader);
    let kinds: Vec<&str> = recs.iter().map(|r| r.kind.as_str()).collect();
    for kind in ["workload", "recovery", "boundaries", "support", "listen"] {
        assert!(
            kinds.contains(&kind),
            "{kind} missing for a burning-out team: {kinds:?}"
        );
    }
    for r in &recs {
        let strategy = builtin().get(&r.strategy_id).unwrap();
        assert!(
            !strategy.adds_demand,
            "{} adds demand to a burning-out team",
            r.strategy_id
        );
        if ["workload", "recovery", "boundaries", "support", "listen"].contains(&r.kind.as_str()) {
            assert!(
                r.beyond_seeds,
                "{} is marked as going beyond the seeds",
                r.strategy_id
            );
        }
    }
    // A rust-out team still gets the rust-out practices first.
    let s = score(
        &[("growth", 75.0), ("purpose", 70.0), ("skill_use", 65.0)],
        20.0,
        60.0,
    );
    let recs = recommend(&input(&s), builtin(), Audience::Leader);
    assert!(
        [
            "check_in",
            "development",
            "role_design",
            "voice",
            "recognition"
        ]
        .contains(&recs[0].kind.as_str()),
        "{:?}",
        ids(&recs)
    );
    // Both at once: a mix of the two.
    let s = score(
        &[
            ("exhaustion", 70.0),
            ("pressure", 70.0),
            ("growth", 70.0),
            ("purpose", 70.0),
        ],
        60.0,
        60.0,
    );
    let kinds: Vec<String> = recommend(&input(&s), builtin(), Audience::Leader)
        .iter()
        .map(|r| r.kind.clone())
        .collect();
    assert!(
        kinds.iter().any(
            |k| ["workload", "recovery", "boundaries", "support", "listen"].contains(&k.as_str())
        ),
        "{kinds:?}"
    );
    assert!(
        kinds.iter().any(|k| [
            "check_in",
            "development",
            "role_design",
            "voice",
            "recognition"
        ]
        .contains(&k.as_str())),
        "{kinds:?}"
    );
}
