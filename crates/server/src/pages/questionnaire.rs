//! Answering an instrument on a web form, shared by the weekly pulse and the full check: reading
//! the answers a form sent, finding the questions still unanswered, and the questions as the
//! templates show them (radio groups with the scale's labels, the person's choices kept).
//!
//! Each answer travels as a field `q.ITEM_ID` whose value is one of the item's scale values.
//! Whether the answers add up to a score is decided by `anneal-core` when they are recorded; this
//! module only turns a form into answers and says which questions still need one.

use crate::pages::form::FormErrors;
use anneal_core::instrument::{Instrument, Item};
use anneal_core::scoring::Answers;

/// The prefix of every answer field's name.
pub const ANSWER_PREFIX: &str = "q.";

/// The form field that carries the answer to `item_id`.
pub fn field_name(item_id: &str) -> String {
    format!("{ANSWER_PREFIX}{item_id}")
}

/// The id of a question's fieldset, which error messages link to.
pub fn question_anchor(item_id: &str) -> String {
    format!("q-{item_id}")
}

/// The answers a form carries for `instrument`'s items. Fields of other names, answers to items
/// the instrument does not have and values off an item's scale are left out, so such a question
/// counts as unanswered and is asked again.
pub fn read_answers(instrument: &Instrument, fields: &[(String, String)]) -> Answers {
    let mut answers = Answers::new();
    for (name, value) in fields {
        let Some(id) = name.strip_prefix(ANSWER_PREFIX) else {
            continue;
        };
        let Some(item) = instrument.item(id) else {
            continue;
        };
        let Ok(value) = value.trim().parse::<i32>() else {
            continue;
        };
        if instrument.scale_of(item).contains(value) {
            answers.insert(item.id.clone(), value);
        }
    }
    answers
}

/// The last value a form sent for the field `name`, if any.
pub fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// One message per question of `items` that `answers` leaves unanswered. `first_number` is the
/// number the first of `items` is shown with.
pub fn missing(items: &[Item], first_number: usize, answers: &Answers) -> FormErrors {
    let mut errors = FormErrors::new();
    for (i, item) in items.iter().enumerate() {
        if !answers.contains_key(&item.id) {
            errors.add(
                question_anchor(&item.id),
                format!(
                    "Question {} has no answer yet: choose one of its options.",
                    first_number + i
                ),
            );
        }
    }
    errors
}

/// One option of a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The radio button's id (its label points at it).
    pub dom_id: String,
    pub value: i32,
    pub label: String,
    pub checked: bool,
}

/// A question as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The fieldset's id.
    pub anchor: String,
    /// The radio group's name.
    pub name: String,
    /// Its number among all of the instrument's questions, from 1.
    pub number: usize,
    pub text: String,
    pub choices: Vec<Choice>,
    /// Why it must be answered again, if it must.
    pub error: Option<String>,
    /// More options than fit in one row on a phone (the 7-point load scale): laid out as a list.
    pub long_scale: bool,
}

/// The most options a scale may have to be laid out in one row.
const ROW_OPTIONS: usize = 5;

/// The questions of `items`, numbered from `first_number`, with the person's `answers` checked
/// and `errors` (by [`question_anchor`]) beside them.
pub fn questions(
    instrument: &Instrument,
    items: &[Item],
    first_number: usize,
    answers: &Answers,
    errors: &FormErrors,
) -> Vec<Question> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let scale = instrument.scale_of(item);
            let chosen = answers.get(&item.id).copied();
            let anchor = question_anchor(&item.id);
            Question {
                name: field_name(&item.id),
                number: first_number + i,
                text: item.text.clone(),
                choices: scale
                    .values
                    .iter()
                    .zip(&scale.labels)
                    .map(|(&value, label)| Choice {
                        dom_id: format!("{anchor}-{value}"),
                        value,
                        label: label.clone(),
                        checked: chosen == Some(value),
                    })
                    .collect(),
                error: errors.get(&anchor).map(str::to_string),
                long_scale: scale.values.len() > ROW_OPTIONS,
                anchor,
            }
        })
        .collect()
}

/// An answer carried along in a hidden field (the full check's other pages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub name: String,
    pub value: i32,
}

/// The answers to items outside `shown`, as hidden fields.
pub fn kept(answers: &Answers, shown: &[Item]) -> Vec<Kept> {
    answers
        .iter()
        .filter(|(id, _)| !shown.iter().any(|item| &item.id == *id))
        .map(|(id, &value)| Kept {
            name: field_name(id),
            value,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use anneal_core::instrument::builtin_by_id;

    fn pulse() -> &'static Instrument {
        builtin_by_id("pulse").expect("the pulse ships")
    }

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn reads_answers_and_drops_what_does_not_fit() {
        let answers = read_answers(
            pulse(),
            &fields(&[
                ("_csrf", "x"),
                ("q.energy", "4"),
                ("q.load", " 7 "),
                ("q.stress", "9"),
                ("q.meaning", "often"),
                ("q.nonsense", "3"),
                ("energy", "1"),
            ]),
        );
        assert_eq!(answers.len(), 2);
        assert_eq!(answers["energy"], 4);
        assert_eq!(answers["load"], 7);
    }

    #[test]
    fn missing_lists_unanswered_questions_with_their_numbers() {
        let items = &pulse().items;
        let mut answers = Answers::new();
        answers.insert("energy".into(), 3);
        let errors = missing(items, 1, &answers);
        assert_eq!(errors.summary().len(), items.len() - 1);
        assert_eq!(
            errors.get("q-load"),
            Some("Question 2 has no answer yet: choose one of its options.")
        );
        assert!(!errors.has("q-energy"));
    }

    #[test]
    fn questions_keep_choices_and_errors() {
        let inst = pulse();
        let mut answers = Answers::new();
        answers.insert("load".into(), 4);
        let errors = missing(&inst.items, 1, &answers);
        let qs = questions(inst, &inst.items, 1, &answers, &errors);
        let load = &qs[1];
        assert_eq!(load.name, "q.load");
        assert!(load.long_scale);
        assert_eq!(load.choices.len(), 7);
        assert!(load.choices[3].checked);
        assert_eq!(load.choices[3].label, "About right");
        assert_eq!(load.choices[3].dom_id, "q-load-4");
        assert!(load.error.is_none());
        assert!(qs[0].error.is_some());
        assert!(!qs[0].long_scale);
    }

    #[test]
    fn kept_answers_are_those_not_on_the_page() {
        let inst = pulse();
        let mut answers = Answers::new();
        answers.insert("energy".into(), 2);
        answers.insert("stress".into(), 5);
        let hidden = kept(&answers, &inst.items[..1]);
        assert_eq!(
            hidden,
            vec![Kept {
                name: "q.stress".into(),
                value: 5
            }]
        );
    }

    #[test]
    fn the_last_value_of_a_field_wins() {
        let f = fields(&[("go", "back"), ("go", "next")]);
        assert_eq!(field(&f, "go"), Some("next"));
        assert_eq!(field(&f, "page"), None);
    }
}
