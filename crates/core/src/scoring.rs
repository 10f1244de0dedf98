//! Scoring answers against an instrument (DESIGN §2, §2.2).
//!
//! Each item scores 0–100, higher meaning more strain: `(v − min) / (max − min) · 100`, or 100
//! minus that for a reverse item. A bipolar item (too little … about right … too much) has a
//! signed position `p = (v − middle) / half` in −1…1: its high half-dimension gets `max(p, 0) · 100`,
//! its low half-dimension `max(−p, 0) · 100`, and the challenge balance C is the mean of the
//! bipolar items' `p · 100`. A dimension scores the mean of its items; B and R are the means of
//! the burnout and rust-out dimensions. Bands come from the instrument's thresholds and the zone
//! from the two index bands.
//!
//! Scoring is on the hot path of every check-in, so the work that depends only on the instrument
//! (which item feeds which dimension, the item ids in sorted order) is done once when the
//! instrument is parsed, as a [`Plan`]; scoring itself allocates only its result.

use crate::instrument::{Bands, Dimension, Instrument, Scale, Thresholds};
use crate::model::{Band, DimensionScore, Index, IndexScore, Score, Zone};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// Item id → chosen value, as answered.
pub type Answers = BTreeMap<String, i32>;

/// Scores one complete set of answers. Every answer must name an item of the instrument, every
/// item must be answered, and every value must be on the item's scale; otherwise all the
/// problems are returned together.
pub fn score(inst: &Instrument, answers: &Answers) -> Result<Score, AnswerErrors> {
    let plan = &inst.plan;
    plan.check(answers)?;

    let mut dimensions: Vec<DimensionScore> = plan
        .dimensions
        .iter()
        .map(|d| DimensionScore {
            id: d.id.clone(),
            index: d.index,
            score: 0.0,
            band: Band::Low,
        })
        .collect();
    let mut add = |slot: usize, strain: f64| {
        if let Some(dimension) = dimensions.get_mut(slot) {
            dimension.score += strain;
        }
    };
    let mut balance_sum = 0.0;
    // After `check`, the answers hold exactly the plan's items, and both are sorted by id.
    for (item, &value) in plan.items.iter().zip(answers.values()) {
        match item.feed {
            Feed::Dimension { slot, reverse } => add(slot, item.strain(value, reverse)),
            Feed::Bipolar { low, high, .. } => {
                let p = item.position(value);
                add(high, p.max(0.0) * 100.0);
                add(low, (-p).max(0.0) * 100.0);
                balance_sum += p * 100.0;
            }
        }
    }

    let (mut burnout, mut rustout) = (Mean::default(), Mean::default());
    for (dimension, planned) in dimensions.iter_mut().zip(&plan.dimensions) {
        dimension.score = mean(dimension.score, planned.items);
        dimension.band = planned.thresholds.band(dimension.score);
        match planned.index {
            Index::Burnout => burnout.add(dimension.score),
            Index::Rustout => rustout.add(dimension.score),
            Index::Balance | Index::Shared => {}
        }
    }
    let burnout = index_score(burnout.value(), plan.burnout);
    let rustout = index_score(rustout.value(), plan.rustout);
    Ok(Score {
        instrument: inst.id.clone(),
        instrument_version: inst.version,
        zone: Zone::from_bands(burnout.band, rustout.band),
        burnout,
        rustout,
        balance: (plan.bipolar_items > 0).then(|| mean(balance_sum, plan.bipolar_items)),
        dimensions,
    })
}

/// Reads answers given as JSON (`{"item_id": value, …}`) by the CLI or the API. The value must
/// be an object whose values are whole numbers; then the same checks as [`score`] apply. All
/// problems are returned together.
pub fn answers_from_json(
    inst: &Instrument,
    value: &serde_json::Value,
) -> Result<Answers, AnswerErrors> {
    let Some(object) = value.as_object() else {
        return Err(AnswerErrors(vec![AnswerError {
            item: String::new(),
            problem: AnswerProblem::NotAnObject,
        }]));
    };
    let plan = &inst.plan;
    let mut answers = Answers::new();
    let mut errors = Vec::new();
    for (key, value) in object {
        let problem = match (plan.item(key), value.as_i64()) {
            (None, _) => Some(AnswerProblem::Unknown),
            (Some(_), None) => Some(AnswerProblem::WrongType {
                found: describe_json(value),
            }),
            (Some(item), Some(number)) => match i32::try_from(number) {
                Ok(v) if item.scale.contains(v) => {
                    answers.insert(key.clone(), v);
                    None
                }
                _ => Some(item.off_scale(number)),
            },
        };
        if let Some(problem) = problem {
            errors.push(AnswerError {
                item: key.clone(),
                problem,
            });
        }
    }
    for item in &plan.items {
        if !object.contains_key(&item.id) {
            errors.push(AnswerError {
                item: item.id.clone(),
                problem: AnswerProblem::Missing,
            });
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        errors.sort_by(|a, b| a.item.cmp(&b.item));
        Err(AnswerErrors(errors))
    }
}

/// Everything wrong with a set of answers, ordered by item id. Never empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct AnswerErrors(pub Vec<AnswerError>);

/// One problem with one answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerError {
    /// The item id as given (empty for [`AnswerProblem::NotAnObject`]).
    pub item: String,
    /// What is wrong with it.
    pub problem: AnswerProblem,
}

/// What can be wrong with an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AnswerProblem {
    /// The instrument has no item with this id.
    Unknown,
    /// The item was not answered.
    Missing,
    /// The value is not one of the item's scale values.
    OffScale {
        /// The value given.
        value: i64,
        /// The scale's values, ascending.
        allowed: Vec<i32>,
        /// The label of each allowed value, in the same order.
        labels: Vec<String>,
    },
    /// The answer is not a whole number (JSON input only).
    WrongType {
        /// What was given instead, in words, e.g. `the text "often"`.
        found: String,
    },
    /// The answers are not a JSON object (JSON input only).
    NotAnObject,
}

impl fmt::Display for AnswerErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.len() > 1 {
            write!(f, "{} problems with the answers:", self.0.len())?;
            for error in &self.0 {
                write!(f, "\n  {error}")?;
            }
            Ok(())
        } else {
            for error in &self.0 {
                write!(f, "{error}")?;
            }
            Ok(())
        }
    }
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let item = &self.item;
        match &self.problem {
            AnswerProblem::Unknown => {
                write!(f, "item \"{item}\": this instrument has no item with that id")
            }
            AnswerProblem::Missing => {
                write!(f, "item \"{item}\": missing; every item needs an answer")
            }
            AnswerProblem::OffScale {
                value,
                allowed,
                labels,
            } => {
                write!(f, "item \"{item}\": {value} is not on the scale; allowed: ")?;
                for (n, v) in allowed.iter().enumerate() {
                    if n > 0 {
                        f.write_str(", ")?;
                    }
                    match labels.get(n) {
                        Some(label) => write!(f, "{v} ({label})")?,
                        None => write!(f, "{v}")?,
                    }
                }
                Ok(())
            }
            AnswerProblem::WrongType { found } => write!(
                f,
                "item \"{item}\": expected a whole number from its scale, found {found}"
            ),
            AnswerProblem::NotAnObject => f.write_str(
                "the answers must be a JSON object mapping item ids to numbers, e.g. {\"item_id\": 3}",
            ),
        }
    }
}

/// A JSON value that is not a whole number, in words.
fn describe_json(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) if n.is_u64() => format!("{n}, which is beyond any scale"),
        Value::Number(n) => format!("the decimal number {n}"),
        Value::String(s) => {
            let shown: String = s.chars().take(40).collect();
            let more = if shown.len() < s.len() { "…" } else { "" };
            format!("the text \"{shown}{more}\"")
        }
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// The instrument-dependent part of scoring, computed once when the instrument is parsed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Plan {
    /// Sorted by id, the order of [`Answers`].
    items: Vec<PlanItem>,
    /// In declared order.
    dimensions: Vec<PlanDimension>,
    burnout: Thresholds,
    rustout: Thresholds,
    bipolar_items: usize,
}

/// One item, with its scale and where its score goes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PlanItem {
    pub(crate) id: String,
    pub(crate) scale: Scale,
    pub(crate) feed: Feed,
}

/// Where an item's score goes: dimension slots are positions in the declared dimension list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Feed {
    /// One dimension, reverse-scored when `reverse`.
    Dimension { slot: usize, reverse: bool },
    /// A bipolar item: values below `middle` feed `low`, above it feed `high`; `half` is the
    /// distance from the middle to either end of the (symmetric) scale.
    Bipolar {
        low: usize,
        high: usize,
        middle: i32,
        half: i32,
    },
}

#[derive(Debug, Clone, PartialEq)]
struct PlanDimension {
    id: String,
    index: Index,
    thresholds: Thresholds,
    /// How many items (or bipolar halves) feed it.
    items: usize,
}

impl Plan {
    /// Builds the plan of a validated instrument.
    pub(crate) fn new(dimensions: &[Dimension], bands: &Bands, mut items: Vec<PlanItem>) -> Plan {
        items.sort_by(|a, b| a.id.cmp(&b.id));
        let mut counts = vec![0; dimensions.len()];
        let mut count = |slot: usize| {
            if let Some(n) = counts.get_mut(slot) {
                *n += 1;
            }
        };
        let mut bipolar_items = 0;
        for item in &items {
            match item.feed {
                Feed::Dimension { slot, .. } => count(slot),
                Feed::Bipolar { low, high, .. } => {
                    count(low);
                    count(high);
                    bipolar_items += 1;
                }
            }
        }
        let dimensions = dimensions
            .iter()
            .zip(counts)
            .map(|(d, items)| PlanDimension {
                id: d.id.clone(),
                index: d.index,
                thresholds: d.thresholds.unwrap_or(bands.dimensions.thresholds),
                items,
            })
            .collect();
        Plan {
            items,
            dimensions,
            burnout: bands.burnout.thresholds,
            rustout: bands.rustout.thresholds,
            bipolar_items,
        }
    }

    fn item(&self, id: &str) -> Option<&PlanItem> {
        self.items
            .binary_search_by(|item| item.id.as_str().cmp(id))
            .ok()
            .and_then(|at| self.items.get(at))
    }

    /// Every answer names an item, every item is answered, every value is on its scale. Walks
    /// the sorted answers and the sorted items side by side; allocates only on error.
    fn check(&self, answers: &Answers) -> Result<(), AnswerErrors> {
        let mut errors = Vec::new();
        let mut given = answers.iter().peekable();
        let error = |item: &str, problem| AnswerError {
            item: item.to_owned(),
            problem,
        };
        for item in &self.items {
            while let Some((id, _)) = given.next_if(|(id, _)| id.as_str() < item.id.as_str()) {
                errors.push(error(id, AnswerProblem::Unknown));
            }
            match given.next_if(|(id, _)| id.as_str() == item.id.as_str()) {
                Some((_, &value)) if item.scale.contains(value) => {}
                Some((id, &value)) => errors.push(error(id, item.off_scale(i64::from(value)))),
                None => errors.push(error(&item.id, AnswerProblem::Missing)),
            }
        }
        for (id, _) in given {
            errors.push(error(id, AnswerProblem::Unknown));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AnswerErrors(errors))
        }
    }
}

impl PlanItem {
    /// The item's score, 0–100, higher meaning more strain.
    fn strain(&self, value: i32, reverse: bool) -> f64 {
        let (min, max) = (i64::from(self.scale.min()), i64::from(self.scale.max()));
        if max <= min {
            return 0.0; // a parsed scale has at least two ascending values
        }
        let s = (i64::from(value) - min) as f64 / (max - min) as f64 * 100.0;
        if reverse { 100.0 - s } else { s }
    }

    /// A bipolar item's signed position, −1 (far too little) … 0 (about right) … 1 (far too much).
    fn position(&self, value: i32) -> f64 {
        match self.feed {
            Feed::Bipolar { middle, half, .. } if half > 0 => {
                (i64::from(value) - i64::from(middle)) as f64 / f64::from(half)
            }
            _ => 0.0,
        }
    }

    fn off_scale(&self, value: i64) -> AnswerProblem {
        AnswerProblem::OffScale {
            value,
            allowed: self.scale.values.clone(),
            labels: self.scale.labels.clone(),
        }
    }
}

/// A running mean.
#[derive(Default)]
struct Mean {
    sum: f64,
    count: usize,
}

impl Mean {
    fn add(&mut self, value: f64) {
        self.sum += value;
        self.count += 1;
    }

    fn value(&self) -> f64 {
        mean(self.sum, self.count)
    }
}

fn mean(sum: f64, count: usize) -> f64 {
    if count == 0 { 0.0 } else { sum / count as f64 }
}

fn index_score(score: f64, thresholds: Thresholds) -> IndexScore {
    IndexScore {
        score,
        band: thresholds.band(score),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::{Item, builtin, builtin_by_id};
    use proptest::prelude::*;
    use serde_json::json;

    fn spectrum() -> &'static Instrument {
        builtin_by_id("spectrum").expect("spectrum ships")
    }

    /// The scoring tests pin version 1 of the pulse (one load question, no mood question): the
    /// rules are the same for every version, and these numbers were worked out by hand for it.
    fn pulse() -> &'static Instrument {
        crate::instrument::builtin_version("pulse", 1).expect("pulse v1 is archived")
    }

    /// Every item answered with `pick(item, scale)`.
    fn answer_all(inst: &Instrument, pick: impl Fn(&Item, &Scale) -> i32) -> Answers {
        inst.items
            .iter()
            .map(|item| (item.id.clone(), pick(item, inst.scale_of(item))))
            .collect()
    }

    /// The answer with the least strain: the bottom of a normal item, the top of a reverse one,
    /// the middle of a bipolar one.
    fn calmest(item: &Item, scale: &Scale) -> i32 {
        match (&item.bipolar, item.reverse) {
            (Some(_), _) => scale.middle().unwrap_or(0),
            (None, true) => scale.max(),
            (None, false) => scale.min(),
        }
    }

    fn dimension(score: &Score, id: &str) -> f64 {
        score.dimension(id).map(|d| d.score).unwrap_or(f64::NAN)
    }

    #[test]
    fn calm_answers_score_zero_and_thriving() {
        let score = score(spectrum(), &answer_all(spectrum(), calmest)).expect("valid");
        assert!(
            score
                .dimensions
                .iter()
                .all(|d| d.score == 0.0 && d.band == Band::Low)
        );
        assert_eq!((score.burnout.score, score.rustout.score), (0.0, 0.0));
        assert_eq!(score.zone, Zone::Thriving);
        assert_eq!(score.balance, None, "the spectrum has no bipolar item");
        assert_eq!(score.instrument, "spectrum");
        assert_eq!(score.instrument_version, 2);
    }

    #[test]
    fn worst_answers_score_a_hundred_and_both() {
        let answers = answer_all(spectrum(), |item, scale| {
            if item.reverse {
                scale.min()
            } else {
                scale.max()
            }
        });
        let score = score(spectrum(), &answers).expect("valid");
        assert!(
            score
                .dimensions
                .iter()
                .all(|d| d.score == 100.0 && d.band == Band::High)
        );
        assert_eq!(score.burnout.score, 100.0);
        assert_eq!(score.rustout.band, Band::High);
        assert_eq!(score.zone, Zone::Both);
    }

    #[test]
    fn dimensions_are_listed_in_declared_order() {
        let score = score(spectrum(), &answer_all(spectrum(), calmest)).expect("valid");
        let ids: Vec<&str> = score.dimensions.iter().map(|d| d.id.as_str()).collect();
        let declared: Vec<&str> = spectrum()
            .dimensions
            .iter()
            .map(|d| d.id.as_str())
            .collect();
        assert_eq!(ids, declared);
    }

    #[test]
    fn a_worked_example() {
        let mut answers = answer_all(spectrum(), calmest);
        // Exhaustion: Often (75) and Always (100) → 87.5.
        answers.insert("exhaustion_drained".into(), 4);
        answers.insert("exhaustion_dread".into(), 5);
        // Growth: "I learn something new" Rarely (reverse: 75), "standing still" Sometimes (50).
        answers.insert("growth_learning".into(), 2);
        answers.insert("growth_standing_still".into(), 3);
        // Mood: Sometimes and Sometimes → 50: moderate, because mood is high only from 62.5.
        answers.insert("mood_low".into(), 3);
        answers.insert("mood_hopeless".into(), 3);
        let score = score(spectrum(), &answers).expect("valid");

        assert_eq!(dimension(&score, "exhaustion"), 87.5);
        assert_eq!(
            score.dimension("exhaustion").map(|d| d.band),
            Some(Band::High)
        );
        assert_eq!(dimension(&score, "growth"), 62.5);
        assert_eq!(
            score.dimension("mood").map(|d| d.band),
            Some(Band::Moderate)
        );
        // B: six burnout dimensions, one at 87.5 → 14.583…; R: seven, one at 62.5 → 8.928…
        assert!((score.burnout.score - 87.5 / 6.0).abs() < 1e-12);
        assert!((score.rustout.score - 62.5 / 7.0).abs() < 1e-12);
        assert_eq!(score.zone, Zone::Thriving);
    }

    #[test]
    fn index_bands_meet_at_the_thresholds() {
        // Every answer "Sometimes" (3 of 1–5): every item, reversed or not, scores 50.
        let score = score(spectrum(), &answer_all(spectrum(), |_, _| 3)).expect("valid");
        assert_eq!(score.burnout.score, 50.0);
        assert_eq!(score.burnout.band, Band::High);
        assert_eq!(score.rustout.band, Band::High);
        assert_eq!(
            score.dimension("mood").map(|d| d.band),
            Some(Band::Moderate)
        );
        assert_eq!(score.zone, Zone::Both);
    }

    #[test]
    fn pulse_load_feeds_balance_and_its_halves() {
        let calm = answer_all(pulse(), calmest);
        let at = |load: i32| {
            let mut answers = calm.clone();
            answers.insert("load".into(), load);
            score(pulse(), &answers).expect("valid")
        };
        let right = at(4);
        assert_eq!(right.balance, Some(0.0));
        assert_eq!(
            (
                dimension(&right, "overload"),
                dimension(&right, "underload")
            ),
            (0.0, 0.0)
        );

        let far_too_much = at(7);
        assert_eq!(far_too_much.balance, Some(100.0));
        assert_eq!(dimension(&far_too_much, "overload"), 100.0);
        assert_eq!(dimension(&far_too_much, "underload"), 0.0);
        // B is the mean of exhaustion, overload and pressure.
        assert!((far_too_much.burnout.score - 100.0 / 3.0).abs() < 1e-12);

        let too_little = at(2);
        let expected = -200.0 / 3.0;
        assert!(
            too_little
                .balance
                .is_some_and(|c| (c - expected).abs() < 1e-12)
        );
        assert!((dimension(&too_little, "underload") - 200.0 / 3.0).abs() < 1e-12);
        assert_eq!(dimension(&too_little, "overload"), 0.0);
        assert!((too_little.rustout.score - 200.0 / 15.0).abs() < 1e-12);
    }

    #[test]
    fn pulse_burnout_from_low_energy_and_stress() {
        let mut answers = answer_all(pulse(), calmest);
        answers.insert("energy".into(), 1); // very low energy: reversed → 100
        answers.insert("stress".into(), 5); // very stressed → 100
        let score = score(pulse(), &answers).expect("valid");
        assert!((score.burnout.score - 200.0 / 3.0).abs() < 1e-12);
        assert_eq!(score.zone, Zone::Burnout);
    }

    #[test]
    fn all_problems_are_reported_together() {
        let mut answers = answer_all(spectrum(), calmest);
        answers.remove("mood_low");
        answers.remove("boredom_drags");
        answers.insert("exhaustion_drained".into(), 7);
        answers.insert("aaa_unknown".into(), 1);
        answers.insert("zzz_unknown".into(), 1);
        let errors = score(spectrum(), &answers).expect_err("invalid");
        let found: Vec<(&str, &AnswerProblem)> = errors
            .0
            .iter()
            .map(|e| (e.item.as_str(), &e.problem))
            .collect();
        assert_eq!(found.len(), 5, "{errors}");
        assert_eq!(found[0], ("aaa_unknown", &AnswerProblem::Unknown));
        assert_eq!(found[1], ("boredom_drags", &AnswerProblem::Missing));
        assert!(matches!(
            found[2],
            (
                "exhaustion_drained",
                AnswerProblem::OffScale { value: 7, .. }
            )
        ));
        assert_eq!(found[3], ("mood_low", &AnswerProblem::Missing));
        assert_eq!(found[4], ("zzz_unknown", &AnswerProblem::Unknown));
    }

    #[test]
    fn messages_say_what_is_allowed() {
        let mut answers = answer_all(spectrum(), calmest);
        answers.insert("exhaustion_drained".into(), 7);
        let errors = score(spectrum(), &answers).expect_err("invalid");
        assert_eq!(
            errors.to_string(),
            "item \"exhaustion_drained\": 7 is not on the scale; allowed: 1 (Never), 2 (Rarely), \
             3 (Sometimes), 4 (Often), 5 (Always)"
        );
        answers.remove("mood_low");
        let errors = score(spectrum(), &answers).expect_err("invalid");
        let shown = errors.to_string();
        assert!(shown.starts_with("2 problems with the answers:\n  item \"exhaustion_drained\""));
        assert!(shown.ends_with("\n  item \"mood_low\": missing; every item needs an answer"));
    }

    #[test]
    fn empty_answers_list_every_item_as_missing() {
        let errors = score(pulse(), &Answers::new()).expect_err("invalid");
        assert_eq!(errors.0.len(), pulse().items.len());
        assert!(errors.0.iter().all(|e| e.problem == AnswerProblem::Missing));
    }

    #[test]
    fn json_answers_are_read_and_scored() {
        let value = json!({
            "energy": 2, "load": 5, "stress": 4, "meaning": 3,
            "growth": 2, "skills": 4, "connection": 5
        });
        let answers = answers_from_json(pulse(), &value).expect("valid");
        assert_eq!(answers.get("load"), Some(&5));
        let score = score(pulse(), &answers).expect("valid");
        assert!(
            score
                .balance
                .is_some_and(|c| (c - 100.0 / 3.0).abs() < 1e-12)
        );
    }

    #[test]
    fn json_must_be_an_object() {
        for value in [json!([1, 2]), json!(3), json!("energy"), json!(null)] {
            let errors = answers_from_json(pulse(), &value).expect_err("not an object");
            assert_eq!(errors.0.len(), 1);
            assert_eq!(errors.0[0].problem, AnswerProblem::NotAnObject);
            assert!(errors.to_string().contains("must be a JSON object"));
        }
    }

    #[test]
    fn json_wrong_types_name_the_item() {
        let value = json!({
            "energy": "often", "load": 3.5, "stress": true, "meaning": null,
            "growth": [1], "skills": 18446744073709551615u64, "connection": 99,
            "bogus": "x"
        });
        let errors = answers_from_json(pulse(), &value).expect_err("invalid");
        let by_item: BTreeMap<&str, &AnswerProblem> = errors
            .0
            .iter()
            .map(|e| (e.item.as_str(), &e.problem))
            .collect();
        assert_eq!(by_item.len(), 8, "{errors}");
        assert_eq!(by_item["bogus"], &AnswerProblem::Unknown);
        assert_eq!(
            by_item["energy"],
            &AnswerProblem::WrongType {
                found: "the text \"often\"".into()
            }
        );
        assert!(
            matches!(by_item["load"], AnswerProblem::WrongType { found } if found.contains("3.5"))
        );
        assert!(matches!(by_item["stress"], AnswerProblem::WrongType { found } if found == "true"));
        assert!(matches!(
            by_item["meaning"],
            AnswerProblem::WrongType { .. }
        ));
        assert!(matches!(by_item["growth"], AnswerProblem::WrongType { .. }));
        assert!(matches!(by_item["skills"], AnswerProblem::WrongType { .. }));
        assert!(matches!(
            by_item["connection"],
            AnswerProblem::OffScale { value: 99, allowed, .. } if allowed == &[1, 2, 3, 4, 5]
        ));
        let shown = errors.to_string();
        assert!(shown.contains(
            "item \"energy\": expected a whole number from its scale, found the text \"often\""
        ));
    }

    #[test]
    fn json_missing_items_and_huge_values() {
        let value = json!({ "energy": 2, "load": -9_000_000_000i64 });
        let errors = answers_from_json(pulse(), &value).expect_err("invalid");
        assert_eq!(errors.0.len(), 6, "{errors}"); // load off the scale, five items missing
        assert!(errors.0.iter().any(|e| e.item == "load"
            && matches!(
                e.problem,
                AnswerProblem::OffScale {
                    value: -9_000_000_000,
                    ..
                }
            )));
        let missing = errors
            .0
            .iter()
            .filter(|e| e.problem == AnswerProblem::Missing)
            .count();
        assert_eq!(missing, 5);
    }

    #[test]
    fn errors_serialise_for_the_api() {
        let error = AnswerError {
            item: "load".into(),
            problem: AnswerProblem::Missing,
        };
        assert_eq!(
            serde_json::to_value(&error).expect("serialises"),
            json!({ "item": "load", "problem": { "kind": "missing" } })
        );
    }

    #[test]
    fn reverse_items_mirror_their_plain_score() {
        for inst in builtin() {
            for item in inst.plan.items.iter() {
                let Feed::Dimension { reverse, .. } = item.feed else {
                    continue;
                };
                let (min, max) = (item.scale.min(), item.scale.max());
                for &v in &item.scale.values {
                    let mirrored = min + max - v;
                    if !item.scale.contains(mirrored) {
                        continue;
                    }
                    let s = item.strain(v, reverse);
                    assert!((item.strain(mirrored, reverse) - (100.0 - s)).abs() < 1e-12);
                    assert!((item.strain(v, !reverse) - (100.0 - s)).abs() < 1e-12);
                }
            }
        }
    }

    // ---- Property tests ---------------------------------------------------------------------

    /// One valid answer per item of `inst`.
    fn answers_for(inst: &'static Instrument) -> impl Strategy<Value = Answers> {
        let per_item: Vec<_> = inst
            .items
            .iter()
            .map(|item| {
                let id = item.id.clone();
                proptest::sample::select(inst.scale_of(item).values.clone())
                    .prop_map(move |v| (id.clone(), v))
            })
            .collect();
        per_item.prop_map(|pairs| pairs.into_iter().collect())
    }

    /// A shipped instrument with a valid set of answers.
    fn answered() -> impl Strategy<Value = (&'static Instrument, Answers)> {
        (0..builtin().len()).prop_flat_map(|n| {
            let inst = &builtin()[n];
            answers_for(inst).prop_map(move |answers| (inst, answers))
        })
    }

    /// The next value toward more strain, if any: up for a normal item, down for a reverse one,
    /// away from the middle for a bipolar one (up from the middle itself).
    fn more_strain(item: &Item, scale: &Scale, value: i32) -> Option<i32> {
        let at = scale.values.iter().position(|&v| v == value)?;
        let up = scale.values.get(at + 1).copied();
        let down = at.checked_sub(1).and_then(|k| scale.values.get(k).copied());
        match (&item.bipolar, item.reverse) {
            (Some(_), _) if value >= scale.middle()? => up,
            (Some(_), _) => down,
            (None, true) => down,
            (None, false) => up,
        }
    }

    /// The dimensions that move when this item's answer becomes `to` (one step toward strain).
    fn moved_dimensions(item: &Item, scale: &Scale, to: i32) -> Vec<String> {
        match (&item.bipolar, &item.dimension) {
            (Some(b), _) if Some(to) > scale.middle() => vec![b.high.clone()],
            (Some(b), _) => vec![b.low.clone()],
            (None, Some(d)) => vec![d.clone()],
            (None, None) => Vec::new(),
        }
    }

    proptest! {
        #[test]
        fn scores_stay_in_range((inst, answers) in answered()) {
            let score = score(inst, &answers).expect("valid answers score");
            for d in &score.dimensions {
                prop_assert!((0.0..=100.0).contains(&d.score), "{} = {}", d.id, d.score);
            }
            prop_assert!((0.0..=100.0).contains(&score.burnout.score));
            prop_assert!((0.0..=100.0).contains(&score.rustout.score));
            match (inst.id.as_str(), score.balance) {
                ("pulse", Some(c)) => prop_assert!((-100.0..=100.0).contains(&c)),
                ("spectrum", None) => {}
                (id, c) => prop_assert!(false, "{id}: unexpected balance {c:?}"),
            }
            prop_assert_eq!(score.zone, Zone::from_bands(score.burnout.band, score.rustout.band));
        }

        #[test]
        fn more_strain_never_lowers_a_score(
            (inst, answers) in answered(),
            pick in any::<proptest::sample::Index>(),
        ) {
            let item = pick.get(&inst.items);
            let scale = inst.scale_of(item);
            let before_value = answers[&item.id];
            let Some(after_value) = more_strain(item, scale, before_value) else {
                return Ok(()); // already at the most strain this item can show
            };
            let mut raised = answers.clone();
            raised.insert(item.id.clone(), after_value);
            let before = score(inst, &answers).expect("valid");
            let after = score(inst, &raised).expect("valid");

            let moved = moved_dimensions(item, scale, after_value);
            for (b, a) in before.dimensions.iter().zip(&after.dimensions) {
                if moved.contains(&b.id) {
                    prop_assert!(a.score > b.score, "{}: {} → {}", b.id, b.score, a.score);
                    prop_assert!(a.band >= b.band);
                    if let Some(index) = after.index(a.index) {
                        let was = before.index(a.index).map_or(f64::NAN, |i| i.score);
                        prop_assert!(index.score >= was, "{}: {was} → {}", a.index, index.score);
                    }
                } else {
                    prop_assert_eq!(a.score, b.score, "{} moved", &b.id);
                }
            }
        }

        #[test]
        fn mirroring_a_reverse_answer_mirrors_its_contribution(
            (inst, answers) in answered(),
            pick in any::<proptest::sample::Index>(),
        ) {
            let reversed: Vec<&Item> = inst.items.iter().filter(|i| i.reverse).collect();
            let item = pick.get(&reversed);
            let scale = inst.scale_of(item);
            let v = answers[&item.id];
            let mirrored = scale.min() + scale.max() - v;
            prop_assume!(scale.contains(mirrored));
            let dimension = item.dimension.clone().unwrap_or_default();
            let items_in_dimension = inst
                .items
                .iter()
                .filter(|i| i.dimension.as_deref() == Some(dimension.as_str()))
                .count() as f64;
            let mut flipped = answers.clone();
            flipped.insert(item.id.clone(), mirrored);
            let before = dimension_of(&score(inst, &answers).expect("valid"), &dimension);
            let after = dimension_of(&score(inst, &flipped).expect("valid"), &dimension);
            // The item's own contribution went from s to 100 − s.
            let s = (before * items_in_dimension) - others(inst, &answers, item, &dimension);
            let expected = before + ((100.0 - s) - s) / items_in_dimension;
            prop_assert!((after - expected).abs() < 1e-9, "{after} vs {expected}");
        }

        #[test]
        fn answer_order_does_not_matter(
            (inst, answers, shuffled) in answered().prop_flat_map(|(inst, answers)| {
                let pairs: Vec<(String, i32)> = answers.clone().into_iter().collect();
                (Just(inst), Just(answers), Just(pairs).prop_shuffle())
            }),
        ) {
            let rebuilt: Answers = shuffled.iter().cloned().collect();
            prop_assert_eq!(score(inst, &rebuilt), score(inst, &answers));
            let object: serde_json::Map<String, serde_json::Value> =
                shuffled.into_iter().map(|(k, v)| (k, json!(v))).collect();
            let from_json = answers_from_json(inst, &serde_json::Value::Object(object));
            prop_assert_eq!(from_json.as_ref(), Ok(&answers));
        }

        #[test]
        fn same_input_same_output((inst, answers) in answered()) {
            prop_assert_eq!(score(inst, &answers), score(inst, &answers));
        }

        #[test]
        fn off_scale_values_are_errors_not_panics(
            (inst, answers) in answered(),
            pick in any::<proptest::sample::Index>(),
            value in any::<i32>(),
            wide in any::<i64>(),
        ) {
            let item = pick.get(&inst.items);
            let scale = inst.scale_of(item);
            let mut changed = answers.clone();
            changed.insert(item.id.clone(), value);
            let result = score(inst, &changed);
            if scale.contains(value) {
                prop_assert!(result.is_ok());
            } else {
                let errors = result.expect_err("off the scale");
                prop_assert_eq!(errors.0.len(), 1);
                prop_assert_eq!(&errors.0[0].item, &item.id);
                let is_off_scale = matches!(
                    errors.0[0].problem,
                    AnswerProblem::OffScale { value: v, .. } if v == i64::from(value)
                );
                prop_assert!(is_off_scale);
            }

            let mut object: serde_json::Map<String, serde_json::Value> =
                answers.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
            object.insert(item.id.clone(), json!(wide));
            let on_scale = i32::try_from(wide).is_ok_and(|v| scale.contains(v));
            let result = answers_from_json(inst, &serde_json::Value::Object(object));
            prop_assert_eq!(result.is_ok(), on_scale);
        }
    }

    fn dimension_of(score: &Score, id: &str) -> f64 {
        dimension(score, id)
    }

    /// The summed contributions of the other items in `dimension`.
    fn others(inst: &Instrument, answers: &Answers, item: &Item, dimension: &str) -> f64 {
        inst.plan
            .items
            .iter()
            .filter(|p| p.id != item.id)
            .filter_map(|p| match p.feed {
                Feed::Dimension { slot, reverse }
                    if inst.dimensions.get(slot).is_some_and(|d| d.id == dimension) =>
                {
                    Some(p.strain(answers[&p.id], reverse))
                }
                _ => None,
            })
            .sum()
    }
}
