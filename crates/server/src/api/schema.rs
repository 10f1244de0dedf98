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
    /// What a high score means, in words ("Stagnation", "Low mood").
    pub title: String,
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
    /// Why it is shown, naming each score by what it measures ("Stagnation 75, high").
    pub reason: String,
    /// What the strategy is and why it helps.
    pub summary: String,
    /// Reflection prompts; `GET /api/v1/me/journal/prompts` lists them with their ids.
    pub prompts: Vec<String>,
    /// The entry goes beyond what the source articles say.
    pub beyond_seeds: bool,
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
    /// This response's own zone.
    pub zone: Zone,
    /// Where the person sits with this response and their recent picture together: what to show.
    pub reading: ZoneReading,
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

/// Where a person sits, in words: the zone that has persisted, the latest response's own zone
/// when it differs, a heading and a sentence. Never calls anyone thriving under a safety notice.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ZoneReading {
    pub zone: Zone,
    #[schema(required = true)]
    pub leaning: Option<Zone>,
    pub title: String,
    pub text: String,
}

/// Which instrument's points a trend is computed over.
#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Series {
    Pulse,
    Assessment,
}

/// The trend read together with the early warnings.
#[derive(ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Movement {
    Rising,
    Falling,
    Steady,
    /// An early warning is raised and the slope is not rising.
    AboveUsual,
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
    /// Which instrument's points the trend is over.
    #[schema(required = true)]
    pub trend_series: Option<Series>,
    /// How many weeks back the trend looks.
    pub trend_window_weeks: i64,
    /// The trend and the warnings read together: what surfaces show.
    #[schema(required = true)]
    pub movement: Option<Movement>,
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
    /// The zone with persistence: a full check, or two of the last three pulses.
    pub zone: Zone,
    /// The latest response's own zone, when it differs from `zone`.
    #[schema(required = true)]
    pub leaning: Option<Zone>,
    pub reading: ZoneReading,
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
    /// The response's id (for `DELETE /api/v1/responses/{id}`).
    pub id: i64,
    pub kind: ResponseKind,
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
    /// What the person said about their role; only when they said anything.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<RiskContext>,
}

/// What a person says about their role (DESIGN §2.1); every flag false by default. It never
/// changes a score.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskContext {
    /// My work is mostly caring for, treating or supporting other people.
    #[schema(required = false, default = false)]
    pub caring: bool,
    /// I work in emergency or first-response work.
    #[schema(required = false, default = false)]
    pub emergency: bool,
    /// A heavy workload is the normal state of my role.
    #[schema(required = false, default = false)]
    pub heavy_workload: bool,
    /// My work is mostly repetitive or predictable.
    #[schema(required = false, default = false)]
    pub repetitive: bool,
    /// My role leaves little room for creativity or my own way of doing things.
    #[schema(required = false, default = false)]
    pub little_creativity: bool,
    /// My role leaves skills I have unused.
    #[schema(required = false, default = false)]
    pub skills_unused: bool,
}

/// One stored answer set.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportedResponse {
    pub kind: ResponseKind,
    pub instrument: String,
    /// The instrument version the answers were given to (absent in older files).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instrument_version: Option<u32>,
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

// --- teams --------------------------------------------------------------------------------------

/// What an invite makes someone: a `member` of a unit, or a `leader` of it (not a member).
#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Member,
    Leader,
}

/// A unit's privacy rules in force now, versioned: each shared check-in records the version it
/// was given under.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitRules {
    pub version: u32,
    /// The smallest group whose figures are shown, 3–20.
    pub k: u32,
    /// ε per weekly release (always set for rules given since noise became mandatory).
    #[schema(required = true)]
    pub epsilon: Option<f64>,
    /// ε the unit's members may spend per quarter.
    #[schema(required = true)]
    pub quarterly_budget: Option<f64>,
    pub changed_at: DateTime<Utc>,
}

/// An organisation unit.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub id: i64,
    pub name: String,
    /// The unit it sits in; null at the top.
    #[schema(required = true)]
    pub parent: Option<i64>,
    /// When it was archived (a label: members and figures stay); null while active.
    #[schema(required = true)]
    pub archived_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub rules: UnitRules,
}

/// An account by id and username.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonRef {
    pub id: i64,
    pub username: String,
}

/// A unit by id and name.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitRef {
    pub id: i64,
    pub name: String,
}

/// A unit as an admin sees it in the list (parents before their sub-units).
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitView {
    pub id: i64,
    pub name: String,
    #[schema(required = true)]
    pub parent: Option<i64>,
    /// Levels below the top (0 for a top-level unit).
    pub depth: u32,
    #[schema(required = true)]
    pub archived_at: Option<DateTime<Utc>>,
    pub rules: UnitRules,
    /// People directly in it (a count, never names).
    pub members: u64,
    /// Its direct leaders.
    pub leaders: Vec<PersonRef>,
}

/// Privacy rules as the privacy rules see them.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub k: u32,
    #[schema(required = true)]
    pub epsilon: Option<f64>,
    #[schema(required = true)]
    pub quarterly_budget: Option<f64>,
}

/// What a change of rules does to data given before and after it.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RulesChange {
    /// The rules check-ins given from now on are treated under.
    pub future_data: Rules,
    /// At least this strict for check-ins given before the change.
    pub past_data: Rules,
    /// The new rules are looser in some respect, so the loosening reaches only data given from
    /// now on.
    pub relaxes: bool,
}

/// Rules that were set, with what the change means.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RulesSet {
    pub rules: UnitRules,
    pub change: RulesChange,
    /// The change in plain words.
    pub description: String,
}

/// A new invite link: the token is shown this once and never stored.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteCreated {
    /// The link to send: opening it lets one person join.
    pub url: String,
    /// The secret part of the link, for `POST /api/v1/invites/{token}/accept`.
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub unit: i64,
    pub role: Role,
}

/// An invite that was used.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteAccepted {
    /// The account that joined (new when it registered with the invite).
    pub user: PersonRef,
    pub unit: i64,
    pub unit_name: String,
    pub role: Role,
}

/// A person's place in the organisation and their choice to share.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Membership {
    pub user: i64,
    pub unit: i64,
    pub joined_at: DateTime<Utc>,
    /// Whether their pulse check-ins (and the stuck flag) count in the unit's figures.
    pub sharing: bool,
    pub sharing_changed_at: DateTime<Utc>,
}

/// The leaders of one unit.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeadersOf {
    pub unit: i64,
    pub unit_name: String,
    /// Its direct leaders.
    pub leaders: Vec<PersonRef>,
}

/// How many people are in a unit and how many joined recently (counts, never names).
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitMembers {
    /// The unit's own members (not its sub-units).
    pub members: u64,
    /// How many of them joined in the last `recent_days` days.
    pub joined_recently: u64,
    /// 28.
    pub recent_days: u32,
    /// The counts in plain words, with what to do about people one does not know.
    pub words: String,
}

/// A person's unit, whether they share with it, the rules their pulse check-ins are shared under
/// and the unit's headcount (the same as `anneal org share --json`).
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RulesView {
    pub unit: i64,
    pub unit_name: String,
    /// Whether the person shares their pulse with it now.
    pub sharing: bool,
    /// The version of the unit's rules, recorded with each shared check-in.
    pub version: u32,
    /// The smallest group whose figures are ever shown.
    pub k: u32,
    /// The noise on the figures (ε per week), from this unit or one above it; null = none.
    #[schema(required = true)]
    pub epsilon: Option<f64>,
    /// The quarterly noise budget that goes with ε.
    #[schema(required = true)]
    pub quarterly_budget: Option<f64>,
    /// The leaders who can see figures that include this unit, nearest unit first.
    pub leaders: Vec<LeadersOf>,
    pub members: UnitMembers,
    /// The rules in plain words, one sentence each.
    pub words: Vec<String>,
    /// What the noise does, in one sentence (also among `words`).
    pub noise: String,
}

/// A conversation brief: only this text crossed from its author to the leader.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BriefView {
    pub id: i64,
    pub from: PersonRef,
    /// The leader it went to.
    pub to: i64,
    pub unit: i64,
    pub sent_at: DateTime<Utc>,
    pub text: String,
    /// When the leader marked it read.
    #[schema(required = true)]
    pub read_at: Option<DateTime<Utc>>,
}

/// A window of whole weeks, named by their Mondays.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SummaryWindow {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Why a week is not shown: `protected` (too few people answered to show this group without
/// risk of pointing at someone), or `budget_spent` until a date. Never a size.
#[derive(ToSchema)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum HiddenReason {
    Protected,
    BudgetSpent {
        /// The first day of the next quarter.
        until: NaiveDate,
    },
}

/// A week whose figures are not shown, and why.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotShown {
    pub week: NaiveDate,
    pub reason: HiddenReason,
}

/// A released figure and the variance of the noise added to it (0 when exact).
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoisyValue {
    pub value: f64,
    pub noise_var: f64,
}

/// A mean with the 90 % range of the noise in it.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoisyMean {
    pub value: f64,
    /// ± this at 90 % from the added noise (0 when exact).
    pub margin90: f64,
}

/// A mean and its band.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BandedMean {
    pub mean: NoisyMean,
    pub band: Band,
}

/// The share of check-ins in each zone, in percent.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ZoneShares {
    pub thriving: f64,
    pub burnout: f64,
    pub rustout: f64,
    pub both: f64,
}

/// A pulse dimension at or above its moderate band.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DimensionMean {
    pub id: String,
    pub mean: NoisyMean,
    pub band: Band,
}

/// One shown week of the trend.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamTrendPoint {
    pub week: NaiveDate,
    #[schema(required = true)]
    pub burnout: Option<f64>,
    #[schema(required = true)]
    pub rustout: Option<f64>,
    #[schema(required = true)]
    pub balance: Option<f64>,
    /// Respondents per member, 0–1.
    #[schema(required = true)]
    pub participation: Option<f64>,
}

/// The figures of a window, from shown weeks only; when no week was shown every figure is null
/// or empty and `not_shown` says why.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SummaryFigures {
    pub weeks_shown: u32,
    pub not_shown: Vec<NotShown>,
    /// Check-ins per possible check-in over the shown weeks, 0–1.
    #[schema(required = true)]
    pub participation: Option<f64>,
    #[schema(required = true)]
    pub burnout: Option<BandedMean>,
    #[schema(required = true)]
    pub rustout: Option<BandedMean>,
    /// Mean challenge balance, −100 … +100.
    #[schema(required = true)]
    pub balance: Option<NoisyMean>,
    #[schema(required = true)]
    pub zones: Option<ZoneShares>,
    /// "I feel stuck" flags over the shown weeks.
    #[schema(required = true)]
    pub stuck: Option<NoisyValue>,
    pub standing_out: Vec<DimensionMean>,
    pub trend: Vec<TeamTrendPoint>,
    /// The smallest ε of the noise in the figures; null when exact.
    #[schema(required = true)]
    pub epsilon: Option<f64>,
    /// Units whose own members are left out of some shown week (budget spent).
    pub budget_spent: Vec<i64>,
}

/// The verdict on a change of a mean between the previous window and this one: `real` only when
/// it clears what chance could produce for a group this size.
#[derive(ToSchema)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Shift {
    Real {
        direction: Direction,
        /// After minus before, in points.
        difference: f64,
        /// 1.96 standard errors of the difference.
        margin: f64,
    },
    NoClearChange {
        margin: f64,
    },
    NotEnoughData,
}

/// Honest change against the previous window of the same length.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SummaryChange {
    pub compared_with: SummaryWindow,
    pub burnout: Shift,
    pub rustout: Shift,
    pub balance: Shift,
}

/// A leader's summary of one unit (and every unit below it) over a window of weeks, built only
/// from frozen weekly releases (the same as `anneal org summary --json`).
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitSummary {
    pub unit: UnitRef,
    pub sub_units: Vec<UnitRef>,
    pub window: SummaryWindow,
    /// The unit's k now.
    pub k: u32,
    pub figures: SummaryFigures,
    pub change: SummaryChange,
    /// Leader practices ranked for this picture, each with its reason.
    pub practices: Vec<Recommendation>,
    /// Plain-words notes: hidden weeks, noise, units left out, and that this is screening.
    pub notes: Vec<String>,
}
