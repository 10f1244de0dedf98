//! All of a person's data as one JSON document (`anneal export`, `GET /api/v1/me/export`), and
//! bringing it back. The file stays readable without Anneal. Scores are included for the reader;
//! import recomputes them from the answers, so an export stays valid as scoring is refined.

use crate::{Result, ServiceError, dates, journal};
use anneal_core::context::RiskContext;
use anneal_core::instrument;
use anneal_core::plan::{PlanDraft, PlanItem, PlanKind, PlanProgress, PlanStatus};
use anneal_core::scoring::{Answers, score};
use anneal_core::strategy::Cadence;
use anneal_store::{
    Dismissal, NewResponse, ResponseKind, ResponseQuery, Store, StoredResponse, UserId,
};
use anneal_vault::DataKey;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

pub const FORMAT: &str = "anneal-export";
pub const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Export {
    pub format: String,
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    pub username: String,
    pub responses: Vec<ExportedResponse>,
    #[serde(default)]
    pub plan: Vec<ExportedPlanItem>,
    #[serde(default)]
    pub dismissals: Vec<ExportedDismissal>,
    /// Journal entries in plain text: present only when the export was made with the passphrase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journal: Option<Vec<ExportedJournalEntry>>,
    /// What the person said about their role (DESIGN §2.1); present only when they said
    /// anything. Older files have none, and import then leaves the person's as it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<RiskContext>,
}

impl Export {
    /// The export of a person with nothing stored.
    pub fn empty(username: &str, now: DateTime<Utc>) -> Export {
        Export {
            format: FORMAT.into(),
            version: VERSION,
            exported_at: now,
            username: username.to_string(),
            responses: vec![],
            plan: vec![],
            dismissals: vec![],
            journal: None,
            context: None,
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportedJournalEntry {
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub prompt: Option<String>,
    pub text: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportedResponse {
    pub kind: ResponseKind,
    pub instrument: String,
    /// The instrument version the answers were given to; files from before it was recorded are
    /// matched to the version whose items the answers are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instrument_version: Option<u32>,
    pub taken_at: DateTime<Utc>,
    pub answers: Answers,
    #[serde(default)]
    pub stuck: bool,
    #[serde(default)]
    pub note: Option<String>,
    /// The score as computed then, for the reader only; import ignores it and re-scores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<serde_json::Value>,
}

impl From<&StoredResponse> for ExportedResponse {
    fn from(r: &StoredResponse) -> Self {
        ExportedResponse {
            kind: r.kind,
            instrument: r.score.instrument.clone(),
            instrument_version: Some(r.score.instrument_version),
            taken_at: r.taken_at,
            answers: r.answers.clone(),
            stuck: r.stuck,
            note: r.note.clone(),
            score: serde_json::to_value(&r.score).ok(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportedPlanItem {
    pub kind: PlanKind,
    #[serde(default)]
    pub action_id: Option<String>,
    #[serde(default)]
    pub strategy_id: Option<String>,
    pub title: String,
    #[serde(default)]
    pub cadence: Option<Cadence>,
    #[serde(default)]
    pub due: Option<NaiveDate>,
    pub status: PlanStatus,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub completions: u32,
    #[serde(default)]
    pub last_done_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub closed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub dismiss_reason: Option<String>,
}

impl From<&PlanItem> for ExportedPlanItem {
    fn from(p: &PlanItem) -> Self {
        ExportedPlanItem {
            kind: p.kind,
            action_id: p.action_id.clone(),
            strategy_id: p.strategy_id.clone(),
            title: p.title.clone(),
            cadence: p.cadence,
            due: p.due,
            status: p.status,
            created_at: p.created_at,
            completions: p.completions,
            last_done_at: p.last_done_at,
            closed_at: p.closed_at,
            dismiss_reason: p.dismiss_reason.clone(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportedDismissal {
    pub target: String,
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub reason: Option<String>,
}

/// Everything stored about the person; the journal, opened, only when its key is given.
pub async fn export(
    store: &dyn Store,
    user: UserId,
    username: &str,
    journal_key: Option<&DataKey>,
    now: DateTime<Utc>,
) -> Result<Export> {
    let responses = store.responses(user, ResponseQuery::default()).await?;
    let plan = store.plan_items(user).await?;
    let dismissals = store.dismissals(user, DateTime::<Utc>::MIN_UTC).await?;
    let context = store.risk_context(user).await?;
    let journal = match journal_key {
        Some(key) => Some(
            journal::list(store, user, key)
                .await?
                .into_iter()
                .map(|e| ExportedJournalEntry {
                    created_at: e.created_at,
                    prompt: e.prompt.map(|p| p.id),
                    text: e.text,
                })
                .collect(),
        ),
        None => None,
    };
    Ok(Export {
        format: FORMAT.into(),
        version: VERSION,
        exported_at: now,
        username: username.to_string(),
        responses: responses.iter().map(ExportedResponse::from).collect(),
        plan: plan.iter().map(ExportedPlanItem::from).collect(),
        dismissals: dismissals
            .into_iter()
            .map(|d| ExportedDismissal {
                target: d.target,
                at: d.at,
                reason: d.reason,
            })
            .collect(),
        journal,
        context: (!context.is_empty()).then_some(context),
    })
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub responses: usize,
    pub plan_items: usize,
    pub dismissals: usize,
    pub journal_entries: usize,
    /// Responses already present (same kind, instrument and time), skipped.
    pub skipped: usize,
    /// Whether the file's risk context replaced the person's (only when the file has one).
    pub context: bool,
}

/// Parses an export document; `name` says where it came from in messages.
pub fn parse(name: &str, text: &str) -> Result<Export> {
    let export: Export = serde_json::from_str(text).map_err(|e| {
        ServiceError::invalid(format!(
            "{name}: not an Anneal export (line {}, column {}): {e}",
            e.line(),
            e.column()
        ))
    })?;
    if export.format != FORMAT || export.version > VERSION {
        return Err(ServiceError::invalid(format!(
            "{name}: format {:?} version {} is not one this Anneal reads; expected {FORMAT:?} version {VERSION} or lower",
            export.format, export.version
        )));
    }
    Ok(export)
}

/// Restores an export into the person's data. Every response is validated and re-scored first;
/// when anything is wrong nothing is stored. Responses already present are skipped, so importing
/// the same file twice adds nothing. Plan items, dismissals and journal entries are added when
/// the file's responses are new (a repeated import skips them with the responses). Journal
/// entries need the journal's key (they are sealed again on the way in).
pub async fn import(
    store: &dyn Store,
    user: UserId,
    export: Export,
    journal_key: Option<&DataKey>,
) -> Result<ImportSummary> {
    import_at(store, user, export, journal_key, Utc::now()).await
}

/// [`import`] at `now` (the clock is a parameter so tests can pin it): a response's time must lie
/// from 2000 to one day after `now` ([`dates::check_taken_at`]), or nothing is imported.
pub async fn import_at(
    store: &dyn Store,
    user: UserId,
    export: Export,
    journal_key: Option<&DataKey>,
    now: DateTime<Utc>,
) -> Result<ImportSummary> {
    let journal_entries = export.journal.as_ref().map_or(0, Vec::len);
    if journal_entries > 0 && journal_key.is_none() {
        return Err(ServiceError::invalid(format!(
            "the file holds {journal_entries} journal entries; give your journal passphrase to import them (nothing was imported)"
        )));
    }
    let existing: HashSet<_> = store
        .responses(user, ResponseQuery::default())
        .await?
        .into_iter()
        .map(|r| (r.kind, r.score.instrument, r.taken_at.timestamp_millis()))
        .collect();

    let mut new = Vec::new();
    let mut problems = Vec::new();
    let mut skipped = 0;
    for (i, r) in export.responses.into_iter().enumerate() {
        if let Err(e) = dates::check_taken_at(&format!("responses[{i}].taken_at"), r.taken_at, now)
        {
            problems.push(format!("{e} ({} response)", r.instrument));
            continue;
        }
        // Re-scored with the version it was given to, so it reads exactly as it did then.
        let Some(inst) =
            instrument::builtin_for_answers(&r.instrument, r.instrument_version, &r.answers)
        else {
            problems.push(format!(
                "responses[{i}]: unknown instrument {:?}",
                r.instrument
            ));
            continue;
        };
        if existing.contains(&(r.kind, r.instrument.clone(), r.taken_at.timestamp_millis())) {
            skipped += 1;
            continue;
        }
        match score(inst, &r.answers) {
            Ok(s) => new.push(NewResponse {
                user,
                kind: r.kind,
                taken_at: r.taken_at,
                answers: r.answers,
                stuck: r.stuck,
                note: r.note,
                score: s,
            }),
            Err(e) => problems.push(format!("responses[{i}] ({}): {e}", r.instrument)),
        }
    }
    for (i, p) in export.plan.iter().enumerate() {
        if p.title.trim().is_empty() {
            problems.push(format!("plan[{i}]: the title is empty"));
        }
    }
    for (i, e) in export.journal.iter().flatten().enumerate() {
        if e.text.trim().is_empty() || e.text.len() > journal::MAX_ENTRY_BYTES {
            problems.push(format!(
                "journal[{i}]: the text must be 1 to {} bytes",
                journal::MAX_ENTRY_BYTES
            ));
        }
        if let Some(p) = &e.prompt
            && journal::prompt(p).is_none()
        {
            problems.push(format!("journal[{i}]: unknown prompt {p:?}"));
        }
    }
    if !problems.is_empty() {
        return Err(ServiceError::invalid(format!(
            "nothing was imported, because:\n  {}",
            problems.join("\n  ")
        )));
    }
    let repeated = new.is_empty() && skipped > 0;
    let stored = store.insert_responses(new).await?;
    // The file's context is the person's own words about their role: restoring it again is
    // harmless, so it is set whether or not the responses were new.
    let context = match export.context {
        Some(context) => {
            store.set_risk_context(user, context).await?;
            true
        }
        None => false,
    };
    let mut summary = ImportSummary {
        responses: stored.len(),
        plan_items: 0,
        dismissals: 0,
        journal_entries: 0,
        skipped,
        context,
    };
    if repeated {
        return Ok(summary);
    }
    for p in export.plan {
        let item = store
            .add_plan_item(
                user,
                PlanDraft {
                    kind: p.kind,
                    action_id: p.action_id,
                    strategy_id: p.strategy_id,
                    title: p.title,
                    cadence: p.cadence,
                    due: p.due,
                    created_at: p.created_at,
                },
            )
            .await?;
        let progress = PlanProgress {
            status: p.status,
            completions: p.completions,
            last_done_at: p.last_done_at,
            closed_at: p.closed_at,
            dismiss_reason: p.dismiss_reason,
        };
        if progress != item.progress() {
            store.update_plan_item(user, item.id, progress).await?;
        }
        summary.plan_items += 1;
    }
    for d in export.dismissals {
        store
            .add_dismissal(
                user,
                Dismissal {
                    target: d.target,
                    at: d.at,
                    reason: d.reason,
                },
            )
            .await?;
        summary.dismissals += 1;
    }
    if let Some(key) = journal_key {
        for e in export.journal.into_iter().flatten() {
            journal::add(store, user, key, &e.text, e.prompt.as_deref(), e.created_at).await?;
            summary.journal_entries += 1;
        }
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use anneal_core::context::RiskRole;
    use anneal_store::conformance::fixtures::{self, day};
    use anneal_store_sqlite::SqliteStore;
    use chrono::TimeZone;

    /// A pulse check-in of `user` at `at`, answered in the middle of every scale of the shipped
    /// pulse, as it would be recorded.
    fn checkin(user: UserId, at: DateTime<Utc>) -> NewResponse {
        let inst = instrument::builtin_by_id("pulse").expect("the shipped pulse");
        let answers: Answers = inst
            .items
            .iter()
            .map(|item| {
                let values = &inst.scale_of(item).values;
                (item.id.clone(), values[values.len() / 2])
            })
            .collect();
        NewResponse {
            user,
            kind: ResponseKind::Checkin,
            taken_at: at,
            score: score(inst, &answers).expect("middle answers score"),
            answers,
            stuck: false,
            note: None,
        }
    }

    async fn store_with(name: &str) -> (SqliteStore, UserId) {
        let store = SqliteStore::open("sqlite::memory:").await.expect("store");
        let user = fixtures::user(&store, name).await;
        (store, user.id)
    }

    #[tokio::test]
    async fn a_response_to_an_older_instrument_version_imports_scored_as_it_was_given() {
        let v1 = instrument::builtin_version("pulse", 1).expect("archived");
        let answers: Answers = v1.items.iter().map(|i| (i.id.clone(), 2)).collect();
        let given = score(v1, &answers).expect("v1 answers score");
        let (store, ana) = store_with("ana").await;
        let mut doc = export(&store, ana, "ana", None, day(1)).await.unwrap();
        // As a file written before versions were recorded: no instrument_version.
        doc.responses.push(ExportedResponse {
            kind: ResponseKind::Checkin,
            instrument: "pulse".into(),
            instrument_version: None,
            taken_at: day(0),
            answers: answers.clone(),
            stuck: false,
            note: None,
            score: None,
        });
        import(&store, ana, doc, None).await.expect("imports");
        let stored = store
            .responses(ana, ResponseQuery::default())
            .await
            .unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].score, given);
        assert_eq!(stored[0].score.instrument_version, 1);
        // And it goes out again with its version.
        let again = export(&store, ana, "ana", None, day(1)).await.unwrap();
        assert_eq!(again.responses[0].instrument_version, Some(1));
    }

    #[tokio::test]
    async fn a_file_with_a_date_out_of_range_is_refused_whole_naming_the_response() {
        let (store, ana) = store_with("ana").await;
        store.insert_response(checkin(ana, day(0))).await.unwrap();
        let mut doc = export(&store, ana, "ana", None, day(1)).await.unwrap();
        let (bob_store, bob) = store_with("bob").await;
        let good = serde_json::to_value(&doc.responses[0]).unwrap();
        let mut late: ExportedResponse = serde_json::from_value(good.clone()).unwrap();
        late.taken_at = Utc.with_ymd_and_hms(2999, 1, 1, 12, 0, 0).unwrap();
        let mut early: ExportedResponse = serde_json::from_value(good).unwrap();
        early.taken_at = Utc.with_ymd_and_hms(1999, 6, 1, 12, 0, 0).unwrap();
        doc.responses.push(late);
        doc.responses.push(early);
        let result = import(&bob_store, bob, doc, None).await;
        let Err(ServiceError::Invalid(message)) = result else {
            panic!("a date in 2999 must be refused: {result:?}");
        };
        assert!(
            message.contains("responses[1].taken_at: 2999-01-01T12:00:00Z is more than one day"),
            "{message}"
        );
        assert!(
            message.contains("responses[2].taken_at: 1999-06-01T12:00:00Z is before"),
            "{message}"
        );
        assert!(message.starts_with("nothing was imported"), "{message}");
        assert_eq!(bob_store.count_responses(bob).await.unwrap(), 0);
    }

    #[tokio::test]
    async fn the_risk_context_goes_out_and_comes_back_and_older_files_still_import() {
        let (store, ana) = store_with("ana").await;
        store.insert_response(checkin(ana, day(0))).await.unwrap();
        let none = export(&store, ana, "ana", None, day(1)).await.unwrap();
        assert!(none.context.is_none());
        assert!(
            serde_json::to_value(&none)
                .unwrap()
                .get("context")
                .is_none()
        );

        let mut context = RiskContext::default();
        context.set(RiskRole::Emergency, true);
        context.set(RiskRole::SkillsUnused, true);
        store.set_risk_context(ana, context).await.unwrap();
        let doc = export(&store, ana, "ana", None, day(1)).await.unwrap();
        let text = serde_json::to_string(&doc).unwrap();
        assert!(text.contains(r#""context":{"#), "{text}");

        let (other, bob) = store_with("bob").await;
        let summary = import(&other, bob, parse("f", &text).unwrap(), None)
            .await
            .unwrap();
        assert!(summary.context);
        assert_eq!(summary.responses, 1);
        assert_eq!(other.risk_context(bob).await.unwrap(), context);

        // A file written before the context existed: no field, and the context is left alone.
        let mut old: serde_json::Value = serde_json::from_str(&text).unwrap();
        old.as_object_mut().unwrap().remove("context");
        let (third, cat) = store_with("cat").await;
        let summary = import(&third, cat, parse("old", &old.to_string()).unwrap(), None)
            .await
            .unwrap();
        assert!(!summary.context);
        assert_eq!(summary.responses, 1);
        assert!(third.risk_context(cat).await.unwrap().is_empty());

        // An unknown role in the file is refused with where it is.
        old["context"] = serde_json::json!({"nurse": true});
        let refused = parse("bad", &old.to_string());
        assert!(
            matches!(refused, Err(ServiceError::Invalid(ref m)) if m.contains("nurse")),
            "{refused:?}"
        );
    }
}
