//! Safety (DESIGN §3.4): when a person's answers about their mood call for it, every result and
//! status leads with professional-help guidance and the configured support resources. Never a
//! diagnosis, never hidden behind a click.
//!
//! # The rule
//!
//! An instrument marks its safety dimensions (`safety = true`, e.g. low mood); every item that
//! feeds one is a *safety item*. One response **raises** the notice when
//!
//! - any safety item is at or near its worst (item strain ≥ [`NEAR_WORST_STRAIN`]: "Often" or
//!   "Always" on the Spectrum check, "Most days" or "Every day" on the pulse), whatever every other
//!   answer says, or
//! - a safety dimension is in its instrument's high band.
//!
//! The notice is shown ([`notice`]) when the response just given raises it, whatever its date, or
//! when any response taken in the [`HOLD_DAYS`] days up to now raised it: one calm week after a
//! hopeless one does not hide help. Averages never cancel a worst answer, and neither does the
//! date a response was given for. The rule is pure and swept over the whole answer space of both
//! shipped instruments in this module's tests.
//!
//! The support resources come from a small TOML file: the shipped generic default
//! (`content/support.toml`, [`default_support`]) or an organisation's own, read by the binary from
//! `ANNEAL_SUPPORT_FILE` or `support.toml` in the configuration directory and checked by
//! [`parse_support`].

use crate::instrument::Instrument;
use crate::model::{Band, Score};
use crate::scoring::Answers;
use crate::strategy::Problem;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use thiserror::Error;
use toml::Spanned;

/// The safety dimension of the shipped instruments (used where only a score is at hand).
pub const SAFETY_DIMENSION: &str = "mood";

/// An item answer at or above this strain (0–100) is "at or near its worst": the top two points
/// of a five-point scale.
pub const NEAR_WORST_STRAIN: f64 = 75.0;

/// How many days a raised notice holds after the response that raised it: the Spectrum check's
/// own reference period.
pub const HOLD_DAYS: i64 = 28;

/// Shown wherever a score is shown.
pub const SCREENING_NOTE: &str = "Anneal is a screening and reflection aid, not a diagnosis. \
Its scores describe your answers, not your health; only a qualified professional can assess that.";

/// The message of a high-level notice. It leads with talking to someone now and never names a
/// condition.
pub const HIGH_MESSAGE: &str = "Please talk to someone now; you don't have to wait. \
Your answers suggest that feeling low or hopeless has been coming up often lately. A doctor, a licensed mental-health \
professional or someone you trust can help, and reaching out early makes it easier. If you might \
harm yourself or are in danger, call your local emergency number straight away.";

/// How urgent a safety notice is. Room for more levels later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SafetyLevel {
    /// A safety item is at or near its worst, or a safety dimension is high.
    High,
}

/// What leads a result when safety calls for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SafetyNotice {
    /// How urgent.
    pub level: SafetyLevel,
    /// What to do, leading with talking to someone now.
    pub message: String,
    /// The configured support resources, in order.
    pub resources: Vec<SupportResource>,
}

/// Someone to contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportResource {
    /// Who or what to contact.
    pub name: String,
    /// How to reach them.
    pub contact: String,
    /// When to use it, if said.
    pub note: Option<String>,
}

/// The support resources in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupportConfig {
    /// In the order they are shown.
    pub resources: Vec<SupportResource>,
    /// False for the shipped generic default: no local numbers have been set.
    pub configured: bool,
}

/// Problems in a support resources file: every one, each with file, line and field.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("the support resources file has {} problem(s):\n{}", .problems.len(), crate::strategy::problem_list(.problems))]
pub struct SupportError {
    /// Every problem found, in file order.
    pub problems: Vec<Problem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSupport {
    #[serde(default)]
    resource: Vec<Spanned<RawResource>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResource {
    name: Option<Spanned<String>>,
    contact: Option<Spanned<String>>,
    note: Option<Spanned<String>>,
}

/// Reads a support resources file (format in `content/support.toml`). `source_name` names the
/// file in error messages. The result counts as configured.
pub fn parse_support(source_name: &str, text: &str) -> Result<SupportConfig, SupportError> {
    let raw: RawSupport = toml::from_str(text).map_err(|e| SupportError {
        problems: vec![Problem::from_toml(source_name, text, &e)],
    })?;
    let mut problems = Vec::new();
    if raw.resource.is_empty() {
        problems.push(Problem {
            file: source_name.to_string(),
            line: None,
            field: "resource".to_string(),
            message: "no resources: list at least one [[resource]] with a name and a contact"
                .to_string(),
        });
    }
    let mut resources = Vec::new();
    for (i, r) in raw.resource.iter().enumerate() {
        let path = format!("resource[{}]", i + 1);
        let at = r.span().start;
        let mut field = |value: &Option<Spanned<String>>, name: &str, required: bool| match value {
            None if required => {
                problems.push(Problem::at(
                    source_name,
                    text,
                    at,
                    format!("{path}.{name}"),
                    format!("missing `{name}`"),
                ));
                None
            }
            None => None,
            Some(v) if v.get_ref().trim().is_empty() => {
                problems.push(Problem::at(
                    source_name,
                    text,
                    v.span().start,
                    format!("{path}.{name}"),
                    "must not be empty".to_string(),
                ));
                None
            }
            Some(v) => Some(v.get_ref().trim().to_string()),
        };
        let r = r.get_ref();
        let name = field(&r.name, "name", true);
        let contact = field(&r.contact, "contact", true);
        let note = field(&r.note, "note", false);
        if let (Some(name), Some(contact)) = (name, contact) {
            resources.push(SupportResource {
                name,
                contact,
                note,
            });
        }
    }
    if problems.is_empty() {
        Ok(SupportConfig {
            resources,
            configured: true,
        })
    } else {
        Err(SupportError { problems })
    }
}

/// The shipped generic resources (`content/support.toml`), marked not configured.
///
/// # Panics
/// Only if the embedded file is invalid, which this module's tests rule out.
pub fn default_support() -> &'static SupportConfig {
    static DEFAULT: OnceLock<SupportConfig> = OnceLock::new();
    DEFAULT.get_or_init(|| {
        let text = include_str!("../../../content/support.toml");
        match parse_support("content/support.toml", text) {
            Ok(config) => SupportConfig {
                configured: false,
                ..config
            },
            Err(e) => panic!("the built-in support resources are invalid: {e}"),
        }
    })
}

/// What one response says about safety.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The response raises the notice (see the module docs).
    pub raised: bool,
    /// The safety items at or near their worst, in the instrument's order.
    pub items: Vec<String>,
}

/// Reads one response's answers against its instrument; `None` when the instrument has no
/// safety item (nothing about mood was asked). Answers to items it does not have are ignored, and
/// an unanswered safety item counts as not raising.
pub fn finding(inst: &Instrument, answers: &Answers) -> Option<Finding> {
    let mut any = false;
    let mut items = Vec::new();
    let mut dimension_high = false;
    for dimension in inst.dimensions.iter().filter(|d| d.safety) {
        let mut strains = Vec::new();
        for item in inst
            .items
            .iter()
            .filter(|i| i.dimension.as_deref() == Some(dimension.id.as_str()))
        {
            any = true;
            let Some(&value) = answers.get(&item.id) else {
                continue;
            };
            let strain = item_strain(inst, item, value);
            if strain >= NEAR_WORST_STRAIN {
                items.push(item.id.clone());
            }
            strains.push(strain);
        }
        if !strains.is_empty() {
            // At most a handful of items, so the count converts exactly.
            let mean = strains.iter().sum::<f64>() / strains.len() as f64;
            dimension_high |= inst.dimension_thresholds(dimension).band(mean) == Band::High;
        }
    }
    let raised = dimension_high || !items.is_empty();
    any.then_some(Finding { raised, items })
}

/// 0–100, higher meaning more strain, as scoring computes it for a one-dimension item.
fn item_strain(inst: &Instrument, item: &crate::instrument::Item, value: i32) -> f64 {
    let scale = inst.scale_of(item);
    let (min, max) = (f64::from(scale.min()), f64::from(scale.max()));
    if max <= min {
        return 0.0;
    }
    let strain = (f64::from(value) - min) / (max - min) * 100.0;
    if item.reverse { 100.0 - strain } else { strain }
}

/// For a stored response whose instrument version is not known here: its score's safety
/// dimension in the high band raises. `None` when the score has no safety dimension.
pub fn finding_from_score(score: &Score) -> Option<Finding> {
    let mood = score.dimension(SAFETY_DIMENSION)?;
    Some(Finding {
        raised: mood.band == Band::High,
        items: Vec::new(),
    })
}

/// One earlier response's finding and when it was taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub at: DateTime<Utc>,
    pub finding: Finding,
}

/// The notice in force: raised when `just_given` (the response the person has just given, if
/// any) raises it, whatever its date, or when any of `recent` taken within [`HOLD_DAYS`] days
/// before `now` (up to a day after it, for clock skew) raised it. See the module docs.
pub fn notice(
    just_given: Option<&Finding>,
    recent: &[Evidence],
    now: DateTime<Utc>,
    support: &SupportConfig,
) -> Option<SafetyNotice> {
    let window_start = now - TimeDelta::days(HOLD_DAYS);
    let window_end = now + TimeDelta::days(1);
    let held = recent
        .iter()
        .any(|e| e.finding.raised && e.at >= window_start && e.at <= window_end);
    (just_given.is_some_and(|f| f.raised) || held).then(|| SafetyNotice {
        level: SafetyLevel::High,
        message: HIGH_MESSAGE.to_string(),
        resources: support.resources.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DimensionScore, Index, IndexScore, Zone};

    fn score_with_mood(band: Option<Band>) -> Score {
        let low = IndexScore {
            score: 10.0,
            band: Band::Low,
        };
        Score {
            instrument: "spectrum".into(),
            instrument_version: 1,
            zone: Zone::Thriving,
            burnout: low,
            rustout: low,
            balance: None,
            dimensions: band
                .map(|band| DimensionScore {
                    id: "mood".into(),
                    index: Index::Shared,
                    score: 80.0,
                    band,
                })
                .into_iter()
                .collect(),
        }
    }

    fn at(day: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + day * 86_400, 0).expect("a real time")
    }

    fn raised(yes: bool) -> Finding {
        Finding {
            raised: yes,
            items: Vec::new(),
        }
    }

    #[test]
    fn score_fallback_raises_iff_mood_is_high() {
        assert!(finding_from_score(&score_with_mood(None)).is_none());
        for (band, expected) in [
            (Band::Low, false),
            (Band::Moderate, false),
            (Band::High, true),
        ] {
            let f = finding_from_score(&score_with_mood(Some(band))).expect("mood is there");
            assert_eq!(f.raised, expected, "{band:?}");
        }
    }

    #[test]
    fn the_response_just_given_raises_whatever_its_date() {
        let support = default_support();
        let now = at(100);
        let n = notice(Some(&raised(true)), &[], now, support).expect("raised");
        assert_eq!(n.level, SafetyLevel::High);
        assert_eq!(n.resources, support.resources);
        // The just-given finding is taken as is: the caller passes a backdated response's too.
        assert!(notice(Some(&raised(false)), &[], now, support).is_none());
        assert!(notice(None, &[], now, support).is_none());
    }

    #[test]
    fn a_recent_raise_holds_for_the_hold_period_and_a_calm_week_does_not_cancel_it() {
        let support = default_support();
        let now = at(100);
        let history = |days_ago: i64| {
            vec![
                Evidence {
                    at: at(100 - days_ago),
                    finding: raised(true),
                },
                Evidence {
                    at: now,
                    finding: raised(false),
                },
            ]
        };
        assert!(notice(Some(&raised(false)), &history(0), now, support).is_some());
        assert!(notice(None, &history(HOLD_DAYS), now, support).is_some());
        assert!(notice(None, &history(HOLD_DAYS + 1), now, support).is_none());
        // Clock skew: a raise dated up to a day ahead counts; one further ahead does not.
        assert!(notice(None, &history(-1), now, support).is_some());
        assert!(notice(None, &history(-2), now, support).is_none());
    }

    /// Every answer of one item, every other item at `others`.
    fn sweep_one(
        inst: &Instrument,
        others: impl Fn(&crate::instrument::Item) -> i32,
    ) -> Vec<(String, i32, Answers)> {
        let mut out = Vec::new();
        for item in &inst.items {
            for &v in &inst.scale_of(item).values {
                let mut answers: Answers = inst
                    .items
                    .iter()
                    .map(|i| (i.id.clone(), others(i)))
                    .collect();
                answers.insert(item.id.clone(), v);
                out.push((item.id.clone(), v, answers));
            }
        }
        out
    }

    fn safety_items(inst: &Instrument) -> Vec<&crate::instrument::Item> {
        inst.items
            .iter()
            .filter(|i| {
                i.dimension
                    .as_deref()
                    .and_then(|d| inst.dimension(d))
                    .is_some_and(|d| d.safety)
            })
            .collect()
    }

    #[test]
    fn both_shipped_instruments_ask_about_mood() {
        for inst in crate::instrument::builtin() {
            assert!(
                !safety_items(inst).is_empty(),
                "{} asks nothing about mood",
                inst.id
            );
        }
    }

    #[test]
    fn a_worst_or_near_worst_safety_answer_raises_whatever_the_rest_says() {
        for inst in crate::instrument::builtin() {
            let safety: Vec<String> = safety_items(inst).iter().map(|i| i.id.clone()).collect();
            // Every other item at its best, its middle and its worst.
            let best = |i: &crate::instrument::Item| {
                let s = inst.scale_of(i);
                match (&i.bipolar, i.reverse) {
                    (Some(_), _) => s.middle().unwrap_or(s.min()),
                    (None, true) => s.max(),
                    (None, false) => s.min(),
                }
            };
            let worst = |i: &crate::instrument::Item| {
                let s = inst.scale_of(i);
                if i.reverse { s.min() } else { s.max() }
            };
            let middle = |i: &crate::instrument::Item| {
                let s = inst.scale_of(i);
                s.values[s.values.len() / 2]
            };
            for (item, value, answers) in sweep_one(inst, best)
                .into_iter()
                .chain(sweep_one(inst, middle))
                .chain(sweep_one(inst, worst))
            {
                if !safety.contains(&item) {
                    continue;
                }
                let it = inst.item(&item).expect("swept from the instrument");
                let strain = item_strain(inst, it, value);
                let f = finding(inst, &answers).expect("a safety instrument");
                if strain >= NEAR_WORST_STRAIN {
                    assert!(f.raised, "{}: {item} = {value} must raise", inst.id);
                    assert!(f.items.contains(&item));
                }
            }
        }
    }

    proptest::proptest! {
        /// Over the whole answer space: the finding is raised exactly when a safety item is at or
        /// near its worst or the safety dimension's mean is high; no other answer changes it.
        #[test]
        fn raised_iff_a_safety_item_is_near_worst_or_the_dimension_is_high(
            picks in proptest::collection::vec(0usize..7, 40),
            which in 0usize..2,
        ) {
            let inst = &crate::instrument::builtin()[which];
            let answers: Answers = inst.items.iter().zip(&picks).map(|(item, &p)| {
                let values = &inst.scale_of(item).values;
                (item.id.clone(), values[p % values.len()])
            }).collect();
            let f = finding(inst, &answers).expect("a safety instrument");
            let strains: Vec<f64> = safety_items(inst)
                .iter()
                .map(|i| item_strain(inst, i, answers[&i.id]))
                .collect();
            let near_worst = strains.iter().any(|s| *s >= NEAR_WORST_STRAIN);
            let score = crate::scoring::score(inst, &answers).expect("answers on the scale");
            let mood_high = score.dimension(SAFETY_DIMENSION).is_some_and(|d| d.band == Band::High);
            proptest::prop_assert_eq!(f.raised, near_worst || mood_high);
            // Changing any non-safety answer never changes the finding.
            for item in inst.items.iter().filter(|i| !strains.is_empty() && !safety_items(inst).iter().any(|s| s.id == i.id)) {
                for &v in &inst.scale_of(item).values {
                    let mut changed = answers.clone();
                    changed.insert(item.id.clone(), v);
                    proptest::prop_assert_eq!(finding(inst, &changed).map(|f| f.raised), Some(f.raised));
                }
            }
        }
    }

    #[test]
    fn every_combination_of_the_spectrum_mood_items_is_judged_by_its_worst_answer() {
        let inst = crate::instrument::builtin_by_id("spectrum").expect("ships");
        let scale = &inst.scales["frequency"].values;
        for &low in scale {
            for &hopeless in scale {
                let mut answers: Answers = inst.items.iter().map(|i| (i.id.clone(), 1)).collect();
                answers.insert("mood_low".into(), low);
                answers.insert("mood_hopeless".into(), hopeless);
                let f = finding(inst, &answers).expect("spectrum asks about mood");
                // "Often" is 4 and "Always" 5.
                assert_eq!(
                    f.raised,
                    low >= 4 || hopeless >= 4,
                    "low {low}, hopeless {hopeless}"
                );
            }
        }
    }

    #[test]
    fn the_pulse_wellbeing_answer_alone_decides() {
        let inst = crate::instrument::builtin_by_id("pulse").expect("ships");
        for &v in &inst.scales["days"].values {
            for others in [1, 4, 7] {
                let mut answers: Answers = inst
                    .items
                    .iter()
                    .map(|i| {
                        let s = inst.scale_of(i);
                        (i.id.clone(), others.clamp(s.min(), s.max()))
                    })
                    .collect();
                answers.insert("mood".into(), v);
                let f = finding(inst, &answers).expect("the pulse asks about mood");
                // "Most days" is 4 and "Every day" 5.
                assert_eq!(f.raised, v >= 4, "mood {v}, others {others}");
            }
        }
        // Version 1 of the pulse asked nothing about mood.
        let v1 = crate::instrument::builtin_version("pulse", 1).expect("archived");
        assert!(finding(v1, &Answers::new()).is_none());
    }

    #[test]
    fn message_leads_with_talking_now_and_never_diagnoses() {
        assert!(HIGH_MESSAGE.starts_with("Please talk to someone now; you don't have to wait."));
        assert!(!HIGH_MESSAGE.to_lowercase().contains("thriv"));
        for text in [HIGH_MESSAGE, SCREENING_NOTE] {
            let lower = text.to_lowercase();
            for forbidden in [
                "you have",
                "you are depressed",
                "you suffer",
                "diagnosed with",
            ] {
                assert!(!lower.contains(forbidden), "{forbidden:?} in {text:?}");
            }
        }
        assert!(SCREENING_NOTE.contains("not a diagnosis"));
    }

    #[test]
    fn level_is_lowercase_in_json() {
        assert_eq!(
            serde_json::to_string(&SafetyLevel::High).unwrap(),
            "\"high\""
        );
    }

    #[test]
    fn default_is_generic_and_not_configured() {
        let d = default_support();
        assert!(!d.configured);
        let names: Vec<&str> = d.resources.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names[0], "Emergency services");
        assert!(d.resources[0].contact.contains("emergency number"));
        let all = serde_json::to_string(&d.resources).unwrap().to_lowercase();
        for kind in [
            "therapist",
            "counsellor",
            "coach",
            "doctor",
            "employee assistance",
        ] {
            assert!(all.contains(kind), "default support lacks {kind}");
        }
        // Generic: no phone numbers of any one country.
        assert!(!all.chars().any(|c| c.is_ascii_digit()), "{all}");
    }

    #[test]
    fn default_file_says_where_to_set_local_numbers() {
        let text = include_str!("../../../content/support.toml");
        assert!(text.contains("ANNEAL_SUPPORT_FILE"));
        assert!(text.contains("support.toml"));
    }

    #[test]
    fn parses_an_organisation_file_as_configured() {
        let text = "[[resource]]\nname = \"Crisis line\"\ncontact = \"116 123\"\nnote = \"Free, any time\"\n\n[[resource]]\nname = \"Occupational health\"\ncontact = \"ext. 4242\"\n";
        let config = parse_support("org.toml", text).unwrap();
        assert!(config.configured);
        assert_eq!(
            config.resources,
            vec![
                SupportResource {
                    name: "Crisis line".into(),
                    contact: "116 123".into(),
                    note: Some("Free, any time".into()),
                },
                SupportResource {
                    name: "Occupational health".into(),
                    contact: "ext. 4242".into(),
                    note: None,
                },
            ]
        );
    }

    #[test]
    fn rejects_bad_files_with_file_line_and_field() {
        let text = "[[resource]]\nname = \"A\"\n\n[[resource]]\nname = \" \"\ncontact = \"x\"\nnote = \"\"\n";
        let err = parse_support("org.toml", text).unwrap_err();
        let shown: Vec<String> = err.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown,
            vec![
                "org.toml:1: resource[1].contact: missing `contact`",
                "org.toml:5: resource[2].name: must not be empty",
                "org.toml:7: resource[2].note: must not be empty",
            ]
        );
        assert!(err.to_string().contains("3 problem(s)"));
    }

    #[test]
    fn rejects_unknown_keys_empty_files_and_bad_toml() {
        let err = parse_support(
            "o.toml",
            "[[resource]]\nname = \"A\"\ncontact = \"b\"\nphone = \"1\"\n",
        )
        .unwrap_err();
        assert_eq!(err.problems[0].line, Some(4), "{err}");
        assert!(err.problems[0].message.contains("phone"), "{err}");

        let err = parse_support("o.toml", "").unwrap_err();
        assert!(err.problems[0].message.contains("no resources"), "{err}");

        let err = parse_support("o.toml", "[[resource]\n").unwrap_err();
        assert_eq!(err.problems[0].line, Some(1), "{err}");
    }
}
