//! Interactive questions, behind a small trait so the questionnaire logic is tested without a
//! terminal. The terminal implementation uses `inquire`: arrow keys or typing the number, Enter to
//! choose, and a "back" choice (or Esc) to return to the previous question.

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
}

impl Question<'_> {
    pub fn can_go_back(&self) -> bool {
        self.number > 1
    }
}

/// What the person did with a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    Value(i32),
    Back,
}

pub trait Prompter {
    /// Asks one scale question.
    fn ask(&mut self, question: &Question<'_>) -> anyhow::Result<Reply>;
    /// A yes/no question.
    fn confirm(&mut self, message: &str, default: bool) -> anyhow::Result<bool>;
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
        };
        match prompter.ask(&question)? {
            Reply::Value(v) if scale.contains(v) => {
                chosen[i] = Some(v);
                i += 1;
            }
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
        let mut choices: Vec<Choice> = q
            .options
            .iter()
            .map(|(value, label)| Choice {
                label: format!("{value}  {label}"),
                reply: Reply::Value(*value),
            })
            .collect();
        if q.can_go_back() {
            choices.push(Choice {
                label: "←  back to the previous question".into(),
                reply: Reply::Back,
            });
        }
        let cursor = q
            .previous
            .and_then(|p| q.options.iter().position(|(v, _)| *v == p))
            .unwrap_or(q.options.len() / 2);
        let message = format!("[{}/{}] {}", q.number, q.total, q.text);
        let result = inquire::Select::new(&message, choices)
            .with_starting_cursor(cursor)
            .with_help_message("↑↓ or type the number, Enter to choose, Esc to go back")
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

    fn confirm(&mut self, message: &str, default: bool) -> anyhow::Result<bool> {
        inquire::Confirm::new(message)
            .with_default(default)
            .prompt()
            .map_err(interrupted)
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

    /// Plays back scripted replies.
    pub struct Scripted {
        pub replies: VecDeque<Reply>,
        pub asked: Vec<(usize, Option<i32>)>,
    }

    impl Prompter for Scripted {
        fn ask(&mut self, q: &Question<'_>) -> anyhow::Result<Reply> {
            self.asked.push((q.number, q.previous));
            self.replies
                .pop_front()
                .ok_or_else(|| anyhow::anyhow!("script ran out"))
        }
        fn confirm(&mut self, _: &str, default: bool) -> anyhow::Result<bool> {
            Ok(default)
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
        let mut p = Scripted {
            replies: inst
                .items
                .iter()
                .map(|it| Reply::Value(inst.scale_of(it).min()))
                .collect(),
            asked: vec![],
        };
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
        let mut p = Scripted {
            replies,
            asked: vec![],
        };
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
        let mut p = Scripted {
            replies,
            asked: vec![],
        };
        run_questionnaire(inst, &mut p).unwrap();
        assert_eq!(p.asked[0].0, 1);
        assert_eq!(p.asked[1].0, 1);
    }
}
