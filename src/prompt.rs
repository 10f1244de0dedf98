//! Interactive questions, behind a small trait so the questionnaire logic is tested without a
//! terminal. The terminal implementation uses `inquire`: arrow keys or typing the number, Enter to
//! choose, and a "back" choice (or Esc) to return to the previous question.
//!
//! Nothing is preselected: a question starts on "no answer yet", and Enter there (or an empty
//! reply from any prompter) asks the same question again with a hint of the allowed answers, so
//! pressing Enter through a questionnaire never produces a result.

use crate::error::BadInput;
use anneal_core::instrument::Instrument;
use anneal_core::scoring::Answers;
use std::fmt;
use std::io::IsTerminal;

/// One question as shown to the person.
#[derive(Debug, Clone)]
pub struct Question<'a> {
    pub number: usize,
    pub total: usize,
    pub text: &'a str,
    /// (value, label), in scale order.
    pub options: Vec<(i32, &'a str)>,
    /// The answer given before, when the person came back to this question.
    pub previous: Option<i32>,
    /// Set when the question is asked again because no answer was chosen: what is allowed.
    pub hint: Option<String>,
}

impl Question<'_> {
    pub fn can_go_back(&self) -> bool {
        self.number > 1
    }

    /// The short reminder of what is allowed, shown when the question is asked again.
    pub fn allowed(&self) -> String {
        let (Some(first), Some(last)) = (self.options.first(), self.options.last()) else {
            return "this question has no answers to choose from".into();
        };
        let back = if self.can_go_back() {
            ", or go back to the previous question"
        } else {
            ""
        };
        format!(
            "no answer was chosen; choose one of {}–{} ({} = {}, {} = {}){back}",
            first.0, last.0, first.0, first.1, last.0, last.1
        )
    }
}

/// What the person did with a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    Value(i32),
    Back,
    /// Nothing was chosen (Enter on "no answer yet", an empty line): the question is asked again.
    Empty,
}

pub trait Prompter {
    /// Asks one scale question.
    fn ask(&mut self, question: &Question<'_>) -> anyhow::Result<Reply>;
    /// A yes/no question. With `default: None` nothing is preselected: an empty reply asks again.
    fn confirm(&mut self, message: &str, default: Option<bool>) -> anyhow::Result<bool>;
    /// Optional free text; `None` when left empty.
    fn text(&mut self, message: &str) -> anyhow::Result<Option<String>>;
}

/// Walks every item of the instrument in order, letting the person go back one question at a
/// time, and returns one answer per item.
pub fn run_questionnaire(
    instrument: &Instrument,
    prompter: &mut dyn Prompter,
) -> anyhow::Result<Answers> {
    let items = &instrument.items;
    let mut chosen: Vec<Option<i32>> = vec![None; items.len()];
    let mut i = 0;
    let mut hint = None;
    while i < items.len() {
        let item = &items[i];
        let scale = instrument.scale_of(item);
        let question = Question {
            number: i + 1,
            total: items.len(),
            text: &item.text,
            options: scale
                .values
                .iter()
                .copied()
                .zip(scale.labels.iter().map(String::as_str))
                .collect(),
            previous: chosen[i],
            hint: hint.take(),
        };
        match prompter.ask(&question)? {
            Reply::Value(v) if scale.contains(v) => {
                chosen[i] = Some(v);
                i += 1;
            }
            Reply::Empty => hint = Some(question.allowed()),
            Reply::Value(v) => {
                anyhow::bail!(
                    "the prompt returned {v}, which is not on the scale of {}",
                    item.id
                )
            }
            Reply::Back => i = i.saturating_sub(1),
        }
    }
    Ok(items
        .iter()
        .zip(chosen)
        .filter_map(|(item, v)| v.map(|v| (item.id.clone(), v)))
        .collect())
}

/// The terminal prompter. Refuses clearly when standard input is not a terminal.
pub struct TerminalPrompter;

impl TerminalPrompter {
    pub fn new(hint: &str) -> anyhow::Result<Self> {
        if !std::io::stdin().is_terminal() {
            return Err(BadInput(format!(
                "standard input is not a terminal, so I cannot ask questions; {hint}"
            ))
            .into());
        }
        Ok(TerminalPrompter)
    }
}

struct Choice {
    label: String,
    reply: Reply,
}

impl fmt::Display for Choice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

/// The first row of every question: where the cursor starts when nothing was answered yet.
/// Choosing it chooses nothing. Its label has no digits, so typing a number never matches it.
const NO_ANSWER: &str = "·  (no answer yet: use ↑↓ or type a number)";

/// The rows of a question and the row the cursor starts on: "no answer yet", or the person's own
/// earlier answer when they came back to it. Never a scale value the person did not choose.
fn choices(q: &Question<'_>) -> (Vec<Choice>, usize) {
    let mut choices = vec![Choice {
        label: NO_ANSWER.into(),
        reply: Reply::Empty,
    }];
    choices.extend(q.options.iter().map(|(value, label)| Choice {
        label: format!("{value}  {label}"),
        reply: Reply::Value(*value),
    }));
    if q.can_go_back() {
        choices.push(Choice {
            label: "←  back to the previous question".into(),
            reply: Reply::Back,
        });
    }
    let cursor = q
        .previous
        .and_then(|p| q.options.iter().position(|(v, _)| *v == p))
        .map_or(0, |i| i + 1);
    (choices, cursor)
}

fn interrupted(e: inquire::InquireError) -> anyhow::Error {
    match e {
        inquire::InquireError::OperationInterrupted => {
            anyhow::anyhow!("stopped; nothing was saved")
        }
        other => anyhow::anyhow!("cannot read your answer: {other}"),
    }
}

impl Prompter for TerminalPrompter {
    fn ask(&mut self, q: &Question<'_>) -> anyhow::Result<Reply> {
        let (choices, cursor) = choices(q);
        let message = format!("[{}/{}] {}", q.number, q.total, q.text);
        let help = match &q.hint {
            Some(hint) => format!("{hint} — ↑↓ or type the number, Enter to choose"),
            None => "↑↓ or type the number, Enter to choose, Esc to go back".to_string(),
        };
        let result = inquire::Select::new(&message, choices)
            .with_starting_cursor(cursor)
            .with_help_message(&help)
            .with_formatter(&|choice| match choice.value.reply {
                Reply::Empty => "(no answer)".to_string(),
                _ => choice.value.label.clone(),
            })
            .with_page_size(10)
            .prompt();
        match result {
            Ok(choice) => Ok(choice.reply),
            Err(inquire::InquireError::OperationCanceled) if q.can_go_back() => Ok(Reply::Back),
            Err(inquire::InquireError::OperationCanceled) => {
                Err(anyhow::anyhow!("stopped; nothing was saved"))
            }
            Err(e) => Err(interrupted(e)),
        }
    }

    fn confirm(&mut self, message: &str, default: Option<bool>) -> anyhow::Result<bool> {
        let mut prompt = inquire::Confirm::new(message);
        prompt = match default {
            Some(d) => prompt.with_default(d),
            // Without a default an empty reply is refused and asked again.
            None => prompt.with_help_message("type y or n, then Enter"),
        };
        prompt.prompt().map_err(interrupted)
    }

    fn text(&mut self, message: &str) -> anyhow::Result<Option<String>> {
        let s = inquire::Text::new(message)
            .with_help_message("optional; Enter to skip")
            .prompt()
            .map_err(interrupted)?;
        let s = s.trim();
        Ok((!s.is_empty()).then(|| s.to_string()))
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use std::collections::VecDeque;

    /// Plays back scripted replies. Nothing has a default: a question or a yes/no the script
    /// does not answer is an error, so no test passes on a preselected answer.
    pub struct Scripted {
        pub replies: VecDeque<Reply>,
        pub confirms: VecDeque<bool>,
        /// (question number, previous answer) of every question asked, and its hint.
        pub asked: Vec<(usize, Option<i32>)>,
        pub hints: Vec<Option<String>>,
    }

    impl Scripted {
        pub fn new(replies: impl IntoIterator<Item = Reply>) -> Scripted {
            Scripted {
                replies: replies.into_iter().collect(),
                confirms: VecDeque::new(),
                asked: vec![],
                hints: vec![],
            }
        }
    }

    impl Prompter for Scripted {
        fn ask(&mut self, q: &Question<'_>) -> anyhow::Result<Reply> {
            self.asked.push((q.number, q.previous));
            self.hints.push(q.hint.clone());
            self.replies
                .pop_front()
                .ok_or_else(|| anyhow::anyhow!("script ran out"))
        }
        fn confirm(&mut self, _: &str, _default: Option<bool>) -> anyhow::Result<bool> {
            self.confirms
                .pop_front()
                .ok_or_else(|| anyhow::anyhow!("script ran out of yes/no answers"))
        }
        fn text(&mut self, _: &str) -> anyhow::Result<Option<String>> {
            Ok(None)
        }
    }

    fn pulse() -> &'static Instrument {
        anneal_core::instrument::builtin_by_id("pulse").expect("pulse ships")
    }

    #[test]
    fn answers_every_item_in_order() {
        let inst = pulse();
        let n = inst.items.len();
        let mut p = Scripted::new(
            inst.items
                .iter()
                .map(|it| Reply::Value(inst.scale_of(it).min())),
        );
        let answers = run_questionnaire(inst, &mut p).unwrap();
        assert_eq!(answers.len(), n);
        for item in &inst.items {
            assert_eq!(answers[&item.id], inst.scale_of(item).min());
        }
        assert_eq!(
            p.asked.iter().map(|a| a.0).collect::<Vec<_>>(),
            (1..=n).collect::<Vec<_>>()
        );
    }

    #[test]
    fn back_returns_to_the_previous_question_and_keeps_its_answer() {
        let inst = pulse();
        let first = &inst.items[0];
        let v1 = inst.scale_of(first).max();
        let mut replies: VecDeque<Reply> = VecDeque::new();
        replies.push_back(Reply::Value(v1));
        replies.push_back(Reply::Back); // at question 2, go back
        let v1b = inst.scale_of(first).min();
        replies.push_back(Reply::Value(v1b)); // change the first answer
        for it in &inst.items[1..] {
            replies.push_back(Reply::Value(inst.scale_of(it).max()));
        }
        let mut p = Scripted::new(replies);
        let answers = run_questionnaire(inst, &mut p).unwrap();
        assert_eq!(answers[&first.id], v1b, "the changed answer wins");
        assert_eq!(
            p.asked[2],
            (1, Some(v1)),
            "question 1 shown again with its answer"
        );
    }

    #[test]
    fn back_on_the_first_question_stays_there() {
        let inst = pulse();
        let mut replies: VecDeque<Reply> = VecDeque::from([Reply::Back]);
        for it in &inst.items {
            replies.push_back(Reply::Value(inst.scale_of(it).min()));
        }
        let mut p = Scripted::new(replies);
        run_questionnaire(inst, &mut p).unwrap();
        assert_eq!(p.asked[0].0, 1);
        assert_eq!(p.asked[1].0, 1);
    }

    #[test]
    fn enter_on_every_question_never_gives_a_result() {
        for inst in anneal_core::instrument::builtin() {
            let n = inst.items.len();
            let mut p = Scripted::new(std::iter::repeat_n(Reply::Empty, 3 * n));
            let err = run_questionnaire(inst, &mut p).expect_err("no answers, no result");
            assert!(err.to_string().contains("script ran out"), "{err}");
            assert!(
                p.asked.iter().all(|a| a.0 == 1),
                "{}: an empty reply never moves on: {:?}",
                inst.id,
                p.asked
            );
        }
    }

    #[test]
    fn an_empty_reply_asks_again_with_the_allowed_answers() {
        let inst = pulse();
        let first = &inst.items[0];
        let scale = inst.scale_of(first);
        let mut replies = VecDeque::from([Reply::Empty, Reply::Empty]);
        for it in &inst.items {
            replies.push_back(Reply::Value(inst.scale_of(it).max()));
        }
        let mut p = Scripted::new(replies);
        let answers = run_questionnaire(inst, &mut p).unwrap();
        assert_eq!(answers.len(), inst.items.len());
        assert_eq!(
            answers[&first.id],
            scale.max(),
            "the answer chosen, not a default"
        );
        assert_eq!(&p.asked[..3], &[(1, None), (1, None), (1, None)]);
        assert_eq!(p.hints[0], None, "no hint before anything went wrong");
        let hint = p.hints[1].as_deref().expect("a hint when asked again");
        assert!(
            hint.contains(&format!("{}–{}", scale.min(), scale.max())),
            "{hint}"
        );
        assert!(hint.contains(&scale.labels[0]), "{hint}");
        assert_eq!(p.hints[3], None, "the next question starts without a hint");
    }

    #[test]
    fn the_terminal_starts_on_no_answer_and_only_on_an_earlier_answer_of_the_person() {
        let inst = pulse();
        let item = &inst.items[1];
        let scale = inst.scale_of(item);
        let mut q = Question {
            number: 2,
            total: inst.items.len(),
            text: &item.text,
            options: scale
                .values
                .iter()
                .copied()
                .zip(scale.labels.iter().map(String::as_str))
                .collect(),
            previous: None,
            hint: None,
        };
        let (rows, cursor) = choices(&q);
        assert_eq!(
            rows[cursor].reply,
            Reply::Empty,
            "Enter at once chooses nothing"
        );
        assert!(!rows[cursor].label.chars().any(|c| c.is_ascii_digit()));
        assert_eq!(
            rows.len(),
            scale.values.len() + 2,
            "no answer, the scale, back"
        );
        q.previous = Some(scale.max());
        let (rows, cursor) = choices(&q);
        assert_eq!(rows[cursor].reply, Reply::Value(scale.max()));
    }
}
