//! What `assess` and `checkin` share: get the answers (a file, standard input, or questions in the
//! terminal), score them, store them, and show the result.

use crate::context::Context;
use crate::error::{BadInput, bad_input, from_service};
use crate::prompt::{Prompter, TerminalPrompter, run_questionnaire};
use crate::render;
use crate::support::support_config;
use anneal_core::instrument::Instrument;
use anneal_core::scoring::{Answers, answers_from_json};
use anneal_service::respond::{Submission, kind_of, record, result_report};
use anneal_store::ResponseKind;
use chrono::{DateTime, Utc};
use std::io::Read;
use std::path::Path;

/// Answers files larger than this are refused before parsing.
const MAX_ANSWERS_BYTES: u64 = 1 << 20;

pub struct Response<'a> {
    pub instrument: &'a Instrument,
    pub answers_from: Option<&'a str>,
    pub at: Option<DateTime<Utc>>,
    pub stuck: bool,
    pub note: Option<String>,
    pub json: bool,
}

pub async fn respond(ctx: &Context, r: Response<'_>) -> anyhow::Result<()> {
    // The support resources are shown with the result; a broken file must stop us before the
    // first question, not after the person has answered them all.
    let support = support_config()?;
    let (answers, stuck, note) = match r.answers_from {
        Some(source) => (read_answers(r.instrument, source)?, r.stuck, r.note),
        None => ask(r.instrument, r.stuck, r.note)?,
    };
    let user = ctx.user_or_create().await?;
    let submission = Submission {
        instrument: r.instrument,
        answers,
        taken_at: r.at.unwrap_or_else(Utc::now),
        stuck,
        note,
    };
    let stored = record(ctx.store.as_ref(), user.id, submission)
        .await
        .map_err(from_service)?;
    let report = result_report(ctx.store.as_ref(), user.id, &stored, Utc::now(), &support)
        .await
        .map_err(from_service)?;
    if r.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        render::print_result(&report);
    }
    Ok(())
}

/// Reads `{"item_id": value, …}` from a file, or from standard input when `source` is `-`.
fn read_answers(instrument: &Instrument, source: &str) -> anyhow::Result<Answers> {
    let (name, text) = if source == "-" {
        let mut s = String::new();
        std::io::stdin()
            .take(MAX_ANSWERS_BYTES + 1)
            .read_to_string(&mut s)
            .map_err(|e| BadInput(format!("cannot read answers from standard input: {e}")))?;
        ("standard input".to_string(), s)
    } else {
        (source.to_string(), read_small_file(Path::new(source))?)
    };
    if text.len() as u64 > MAX_ANSWERS_BYTES {
        return bad_input(format!(
            "{name}: the answers are larger than {MAX_ANSWERS_BYTES} bytes; an answers file is one JSON object of item ids to numbers"
        ));
    }
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        BadInput(format!(
            "{name}: not valid JSON at line {}, column {}: {e}; expected an object like {{\"{}\": 3}}",
            e.line(),
            e.column(),
            instrument.items.first().map(|i| i.id.as_str()).unwrap_or("item")
        ))
    })?;
    answers_from_json(instrument, &value).map_err(|e| {
        BadInput(format!(
            "{name}: the answers do not fit the {} instrument:\n{e}",
            instrument.id
        ))
        .into()
    })
}

fn read_small_file(path: &Path) -> anyhow::Result<String> {
    let meta = std::fs::metadata(path)
        .map_err(|e| BadInput(format!("cannot read {}: {e}", path.display())))?;
    if meta.len() > MAX_ANSWERS_BYTES {
        return bad_input(format!(
            "{}: the file is larger than {MAX_ANSWERS_BYTES} bytes",
            path.display()
        ));
    }
    std::fs::read_to_string(path)
        .map_err(|e| BadInput(format!("cannot read {}: {e}", path.display())).into())
}

/// Asks every item in the terminal; for the pulse, also the "stuck" flag and the private note
/// unless they were given as flags.
fn ask(
    instrument: &Instrument,
    stuck: bool,
    note: Option<String>,
) -> anyhow::Result<(Answers, bool, Option<String>)> {
    let mut prompter = TerminalPrompter::new(
        "pass --answers FILE, or --answers - to read JSON from standard input",
    )?;
    println!(
        "{} — {} questions about {}.",
        render::heading(&instrument.title),
        instrument.items.len(),
        instrument.period
    );
    println!("{}\n", render::dim(&instrument.description));
    let answers = run_questionnaire(instrument, &mut prompter)?;
    if kind_of(instrument) != ResponseKind::Checkin {
        return Ok((answers, false, None));
    }
    // No preselected answer here either: Enter alone asks again.
    let stuck = stuck || prompter.confirm("Do you feel stuck at the moment?", None)?;
    let note = match note {
        Some(n) => Some(n),
        None => prompter.text("A private note for yourself (never shared)")?,
    };
    Ok((answers, stuck, note))
}
