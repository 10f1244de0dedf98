//! The OpenAPI schemas of what the API sends back.
//!
//! The response bodies are the JSON shapes of `anneal-core`'s `report` module and of
//! `anneal-service`, shared with the CLI's `--json` output. Those crates stay free of OpenAPI, so
//! each shape is described here by a type of the same name and fields, used only for the
//! document. Every object is closed (`additionalProperties: false`) and lists every field it
//! always sends as required, so the contract test (`tests/web/api/contract.rs`), which validates
//! real responses against this document, fails as soon as a shape and its description part.

use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;
use utoipa::ToSchema;

// --- vocabulary ---------------------------------------------------------------------------------

/// Where a person sits: `thriving` (neither index elevated), `burnout`, `rustout`, or `both`.
#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Zone {
    Thriving,
    Burnout,
    Rustout,
    Both,
}

/// A band on a 0–100 score.
#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    Low,
    Moderate,
    High,
}

/// What a dimension feeds.
#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Index {
    Burnout,
    Rustout,
    Balance,
    Shared,
}

/// Which way an index is moving.
#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Rising,
    Falling,
    Steady,
}

/// What an early warning is about.
#[derive(ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    BandCrossing,
    Drift,
}

/// How urgent a safety notice is.
#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SafetyLevel {
    High,
}

/// How often an action is meant to be done.
#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Cadence {
    Once,
    Daily,
    Weekly,
    Monthly,
}

/// What kind of plan item: an adopted `action`, a `goal`, a `learning` entry or a `custom` action.
#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum PlanKind {
    Action,
    Goal,
    Learning,
    Custom,
}

/// Where a plan item stands.
#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum PlanStatus {
    Active,
    Done,
    Dismissed,
}

/// A full self-assessment or a weekly pulse check-in.
#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ResponseKind {
    Assessment,
    Checkin,
}

/// Whether an instrument is a full assessment or the weekly pulse.
#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum InstrumentKind {
    Assessment,
    Pulse,
}

// --- problems -----------------------------------------------------------------------------------

/// An RFC 9457 problem document: every error of the API.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// `about:blank`: the status says what kind of problem it is.
    #[serde(rename = "type")]
    pub kind: String,
    /// The HTTP status phrase.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong in this case, in words a person understands.
    pub detail: String,
    /// One entry per field of the request that is wrong (only with 422, and only when the
    /// problem is in particular fields).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// A problem with one field of the request.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldError {
    /// The field, with nested fields joined by dots: `answers.energy`.
    pub field: String,
    pub message: String,
}

// --- setup and tokens ---------------------------------------------------------------------------

/// The owner account to create.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetupRequest {
    /// 1 to 64 letters, digits and `. _ - @`.
    pub username: String,
    /// At least 10 characters.
    pub password: String,
}

/// The account that was created.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetupCreated {
    pub id: i64,
    pub username: String,
}

/// A new API token. It is shown this once; Anneal keeps only its hash.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenCreated {
    /// Send it as `Authorization: Bearer <token>`.
    pub token: String,
    /// The token's number (it is listed under this on the account page).
    pub id: i64,
}

// --- instruments --------------------------------------------------------------------------------

/// One instrument in the list.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InstrumentSummary {
    pub id: String,
    pub title: String,
    pub kind: InstrumentKind,
    /// How many items it asks.
    pub items: u32,
    /// The reference period the items ask about.
    pub period: String,
    /// False for Anneal's own, unvalidated wording.
    pub validated: bool,
}

/// One instrument in full: what a client needs to ask its questions.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InstrumentReport {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub description: String,
    pub kind: InstrumentKind,
    pub period: String,
    pub validated: bool,
    pub citation: String,
    /// In the order they are asked.
    pub items: Vec<InstrumentItemReport>,
    pub dimensions: Vec<InstrumentDimensionReport>,
}

/// One question.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InstrumentItemReport {
    /// The key of its answer in `answers`.
    pub id: String,
    pub text: String,
    /// The dimension it feeds; null for a bipolar item.
    #[schema(required = true)]
    pub dimension: Option<String>,
    pub reverse: bool,
    pub min: i32,
    pub max: i32,
    /// Every allowed answer, ascending.
    pub scale: Vec<ScalePointReport>,
    /// Only for a bipolar item: what its two ends mean.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bipolar: Option<BipolarReport>,
}

/// One allowed answer and its label.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScalePointReport {
    pub value: i32,
    pub label: String,
}

/// The two ends of a bipolar item.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BipolarReport {
    pub low: String,
    pub high: String,
}

/// A dimension and the index it feeds.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InstrumentDimensionReport {
    pub id: String,
    pub index: Index,
}

// --- results ------------------------------------------------------------------------------------

/// An index's score (0–100, one decimal) and band.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndexReport {
    pub score: f64,
    pub band: Band,
}

/// One dimension's score (0–100, higher means more strain) and band.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DimensionReport {
    pub id: String,
    pub index: Index,
    pub score: f64,
    pub band: Band,
}

/// Someone to contact.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupportResource {
    pub name: String,
    pub contact: String,
    #[schema(required = true)]
    pub note: Option<String>,
}

/// Professional-help guidance; when present it leads every rendering of the result.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SafetyNotice {
    pub level: SafetyLevel,
    pub message: String,
    pub resources: Vec<SupportResource>,
}

/// One action of a recommended strategy.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecommendedAction {
    /// Adopt it with `POST /api/v1/me/plan {"action": id}`.
    pub id: String,
    pub text: String,
    pub cadence: Cadence,
    /// Already in the plan.
    pub adopted: bool,
}

/// A recommended strategy with the reason in plain words.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    pub strategy_id: String,
    pub title: String,
    pub kind: String,
    pub reason: String,
    pub actions: Vec<RecommendedAction>,
    pub relevance: f64,
}

/// The result of one assessment or check-in (the same as `anneal assess --json`).
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResultReport {
    pub id: i64,
    pub instrument: String,
    pub taken_at: DateTime<Utc>,
    pub zone: Zone,
    pub burnout: IndexReport,
    pub rustout: IndexReport,
    /// Challenge balance, −100 … +100; null when the instrument does not measure it.
    #[schema(required = true)]
    pub balance: Option<f64>,
    pub dimensions: Vec<DimensionReport>,
    #[schema(required = true)]
    pub safety: Option<SafetyNotice>,
    pub recommendations: Vec<Recommendation>,
    pub stuck: bool,
    /// Says that Anneal screens and helps reflect, and does not diagnose.
    pub screening_note: String,
}

// --- status and history -------------------------------------------------------------------------

/// The change between the last two full assessments.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeReport {
    pub before: f64,
    pub after: f64,
    /// The reliable change index.
    pub rci: f64,
    /// |RCI| > 1.96: a real change.
    pub reliable: bool,
}

/// An index now, with its trend.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndexStatusReport {
    pub score: f64,
    pub band: Band,
    /// Null with too few points.
    #[schema(required = true)]
    pub trend: Option<Direction>,
    /// Points per week.
    #[schema(required = true)]
    pub slope_per_week: Option<f64>,
    #[schema(required = true)]
    pub reliable_change: Option<ChangeReport>,
}

/// An early warning.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WarningReport {
    pub kind: WarningKind,
    pub index: Index,
    pub message: String,
}

/// One active plan item, next due first.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NextAction {
    pub id: i64,
    pub title: String,
    pub kind: PlanKind,
    #[schema(required = true)]
    pub cadence: Option<Cadence>,
    #[schema(required = true)]
    pub next_due: Option<DateTime<Utc>>,
    pub overdue: bool,
}

/// Where the person stands (the same as `anneal status --json`).
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusView {
    pub as_of: DateTime<Utc>,
    pub instrument: String,
    pub zone: Zone,
    pub burnout: IndexStatusReport,
    pub rustout: IndexStatusReport,
    #[schema(required = true)]
    pub balance: Option<f64>,
    pub stuck: bool,
    pub warnings: Vec<WarningReport>,
    #[schema(required = true)]
    pub safety: Option<SafetyNotice>,
    pub recommendations: Vec<Recommendation>,
    /// How many answers the picture is built from.
    pub responses: u64,
    pub screening_note: String,
    pub next_actions: Vec<NextAction>,
}

/// One point of the history.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryPointReport {
    pub at: DateTime<Utc>,
    pub instrument: String,
    pub zone: Zone,
    pub burnout: f64,
    pub rustout: f64,
    #[schema(required = true)]
    pub balance: Option<f64>,
    pub stuck: bool,
}

/// The series of scores, oldest first (the same as `anneal history --json`).
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryReport {
    pub points: Vec<HistoryPointReport>,
}

// --- plan ---------------------------------------------------------------------------------------

/// A plan item as stored.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanItem {
    pub id: i64,
    pub kind: PlanKind,
    #[schema(required = true)]
    pub action_id: Option<String>,
    #[schema(required = true)]
    pub strategy_id: Option<String>,
    pub title: String,
    #[schema(required = true)]
    pub cadence: Option<Cadence>,
    #[schema(required = true)]
    pub due: Option<NaiveDate>,
    pub status: PlanStatus,
    pub created_at: DateTime<Utc>,
    /// How many times it was marked done.
    pub completions: u32,
    #[schema(required = true)]
    pub last_done_at: Option<DateTime<Utc>>,
    /// When it left the active plan.
    #[schema(required = true)]
    pub closed_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub dismiss_reason: Option<String>,
}

/// Mean indices over one window of weeks.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub burnout: f64,
    pub rustout: f64,
    /// How many points the means are over.
    pub n: u32,
}

/// How the indices looked before and after an item was started; descriptive, never causal.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MovedAfter {
    pub item_id: i64,
    pub before: Window,
    pub after: Window,
    pub message: String,
}

/// A plan item as the person sees it (the same as `anneal plan list --json`).
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanEntry {
    pub id: i64,
    pub kind: PlanKind,
    #[schema(required = true)]
    pub action_id: Option<String>,
    #[schema(required = true)]
    pub strategy_id: Option<String>,
    pub title: String,
    #[schema(required = true)]
    pub cadence: Option<Cadence>,
    #[schema(required = true)]
    pub due: Option<NaiveDate>,
    pub status: PlanStatus,
    pub created_at: DateTime<Utc>,
    pub completions: u32,
    #[schema(required = true)]
    pub last_done_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub closed_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub dismiss_reason: Option<String>,
    #[schema(required = true)]
    pub next_due: Option<DateTime<Utc>>,
    pub overdue: bool,
    #[schema(required = true)]
    pub moved_after: Option<MovedAfter>,
}

/// What was set aside: a plan item, or a recommendation by id.
#[derive(ToSchema)]
#[serde(tag = "dismissed", rename_all = "lowercase")]
pub enum Dismissed {
    /// A plan item.
    Item { item: PlanItem },
    /// A strategy or action, left out of recommendations for 30 days.
    Recommendation { id: String },
}

// --- journal ------------------------------------------------------------------------------------

/// A reflection prompt, by id `strategy_id:N`.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Prompt {
    pub id: String,
    /// The title of the strategy it comes from.
    pub strategy: String,
    pub text: String,
}

/// A journal entry, opened.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenEntry {
    pub id: i64,
    pub created_at: DateTime<Utc>,
    #[schema(required = true)]
    pub prompt: Option<Prompt>,
    pub text: String,
}

// --- export -------------------------------------------------------------------------------------

/// All of the person's data (the same as `anneal export`); `anneal import` reads it back.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Export {
    /// Always `anneal-export`.
    pub format: String,
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    pub username: String,
    pub responses: Vec<ExportedResponse>,
    pub plan: Vec<ExportedPlanItem>,
    pub dismissals: Vec<ExportedDismissal>,
    /// Only when the journal passphrase was sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journal: Option<Vec<ExportedJournalEntry>>,
}

/// One stored answer set.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportedResponse {
    pub kind: ResponseKind,
    pub instrument: String,
    pub taken_at: DateTime<Utc>,
    /// Item id → answer.
    pub answers: BTreeMap<String, i32>,
    pub stuck: bool,
    #[schema(required = true)]
    pub note: Option<String>,
    /// The score as computed when exported, for the reader; import recomputes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub score: Option<serde_json::Value>,
}

/// One plan item in an export.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportedPlanItem {
    pub kind: PlanKind,
    #[schema(required = true)]
    pub action_id: Option<String>,
    #[schema(required = true)]
    pub strategy_id: Option<String>,
    pub title: String,
    #[schema(required = true)]
    pub cadence: Option<Cadence>,
    #[schema(required = true)]
    pub due: Option<NaiveDate>,
    pub status: PlanStatus,
    pub created_at: DateTime<Utc>,
    pub completions: u32,
    #[schema(required = true)]
    pub last_done_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub closed_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub dismiss_reason: Option<String>,
}

/// One dismissed recommendation in an export.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportedDismissal {
    pub target: String,
    pub at: DateTime<Utc>,
    #[schema(required = true)]
    pub reason: Option<String>,
}

/// One journal entry in an export, in plain text.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportedJournalEntry {
    pub created_at: DateTime<Utc>,
    #[schema(required = true)]
    pub prompt: Option<String>,
    pub text: String,
}
