//! `/team`: the units a leader leads; `/team/{unit}`: the leader's dashboard of one unit (and
//! everything below it) over a window of weeks — participation, B/R/C means with bands, zones,
//! the weekly trend, what stands out, stuck flags, honest change, the noise added, and the leader
//! practices ranked for this picture. Only leaders of the unit or of a unit above it, and admins,
//! may look (`anneal_service::org::summary` checks); everyone else gets 403.
//!
//! Everything shown comes from the service's [`UnitSummary`], which is built from frozen weekly
//! releases only. A week or group that is not shown says why, never its size.

use crate::auth::CurrentUser;
use crate::charts::{self, TrendPoint};
use crate::error::PageError;
use crate::pages::layout::{Layout, PageContext};
use crate::pages::org::page_error;
use crate::pages::view::{self, bar_width, capitalise_first};
use crate::pages::{PageResult, render, words};
use crate::state::AppState;
use anneal_core::instrument::builtin_by_id;
use anneal_core::model::Band;
use anneal_core::privacy::{Mean, Shift, Value};
use anneal_core::recommend::Recommendation;
use anneal_core::trend::Direction;
use anneal_service::org::access::{UnitRef, can_view};
use anneal_service::org::briefs;
use anneal_service::org::convert::last_closed_week;
use anneal_service::org::invites::DEFAULT_TTL_DAYS;
use anneal_service::org::summary::{UnitSummary, Window, unit_summary};
use anneal_store::org::UnitId;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use chrono::{Days, NaiveDate, NaiveTime, Utc};
use serde::Deserialize;

/// Weeks the dashboard shows when no window is asked for.
pub const DASHBOARD_WEEKS: u64 = 12;

#[derive(Template)]
#[template(path = "org/team_index.html")]
struct TeamIndexPage {
    layout: Layout,
    period: String,
    units: Vec<UnitRow>,
    unread: usize,
}

/// `GET /team`: the units the person leads, each linking to its dashboard. An admin who leads
/// nothing is sent to `/org`; anyone else is refused.
pub async fn index(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
) -> PageResult {
    let mut units = Vec::new();
    for id in state.store.units_led_by(user.id()).await? {
        if let Some(unit) = state.store.unit(id).await? {
            units.push(UnitRef {
                id: unit.id,
                name: unit.name,
            });
        }
    }
    if units.is_empty() {
        if state.store.is_admin(user.id()).await? {
            return Ok(Redirect::to("/org").into_response());
        }
        return Err(PageError::Forbidden(
            "Only leaders have a team dashboard. If you lead a team, ask an admin to make you its \
             leader."
                .into(),
        ));
    }
    let unread = unread_briefs(&state, &user).await?;
    let (from, to) = page_window(None, None, last_closed_week(Utc::now()));
    let rows = unit_rows(&state, &user, &units, from, to).await?;
    let period = match (from, last_closed_week(Utc::now())) {
        (Some(from), Some(to)) => period(&Window { from, to }),
        _ => String::new(),
    };
    Ok(render(&TeamIndexPage {
        layout: ctx.layout("Team"),
        period,
        units: rows,
        unread,
    }))
}

async fn unread_briefs(state: &AppState, user: &CurrentUser) -> Result<usize, PageError> {
    Ok(briefs::inbox(&*state.store, user.id())
        .await
        .map_err(page_error)?
        .iter()
        .filter(|b| b.read_at.is_none())
        .count())
}

/// The window asked for in the query string (`YYYY-MM-DD`; empty is "not given").
#[derive(Debug, Deserialize, Default)]
pub struct WindowQuery {
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
}

/// Reads an optional `YYYY-MM-DD` date.
fn parse_day(text: Option<&str>, field: &str) -> Result<Option<NaiveDate>, PageError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                PageError::BadRequest(format!(
                    "The {field} date {t:?} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-02."
                ))
            }),
    }
}

/// The window the page asks the service for: without `from`, the [`DASHBOARD_WEEKS`] weeks up to
/// `to` (by default the last week that has ended).
fn page_window(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    last_closed: Option<NaiveDate>,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let from = from.or_else(|| {
        to.or(last_closed)?
            .checked_sub_days(Days::new(7 * (DASHBOARD_WEEKS - 1)))
    });
    (from, to)
}

/// A unit in a list of units, with its headline figures for the same window when shown.
pub struct UnitRow {
    pub id: i64,
    pub name: String,
    /// `None`: not shown (no reason beyond that; never a size).
    pub figures: Option<RowFigures>,
}

/// The headline figures of a unit in a list.
pub struct RowFigures {
    pub burnout: String,
    pub burnout_band: &'static str,
    pub rustout: String,
    pub rustout_band: &'static str,
    pub participation: String,
}

fn unit_row(s: &UnitSummary) -> UnitRow {
    let f = &s.figures;
    let figures = match (f.weeks_shown > 0, f.burnout, f.rustout) {
        (true, Some(b), Some(r)) => Some(RowFigures {
            burnout: words::whole(b.mean.value),
            burnout_band: words::band_name(b.band),
            rustout: words::whole(r.mean.value),
            rustout_band: words::band_name(r.band),
            participation: f.participation.map_or_else(|| "–".into(), percent),
        }),
        _ => None,
    };
    UnitRow {
        id: s.unit.id.0,
        name: s.unit.name.clone(),
        figures,
    }
}

/// The rows of `units` over the window (each unit's own summary, so each is shown or not by
/// the same rules as its dashboard).
async fn unit_rows(
    state: &AppState,
    user: &CurrentUser,
    units: &[UnitRef],
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<UnitRow>, PageError> {
    let now = Utc::now();
    let mut rows = Vec::with_capacity(units.len());
    for unit in units {
        let summary = unit_summary(&*state.store, user.id(), unit.id, from, to, now)
            .await
            .map_err(page_error)?;
        rows.push(unit_row(&summary));
    }
    Ok(rows)
}

/// A mean of the dashboard: figure, band and the noise in it.
pub struct MeasureView {
    pub name: &'static str,
    pub value: String,
    /// "low", "moderate" or "high"; `None` for the balance, which has no bands.
    pub band: Option<&'static str>,
    pub width: String,
    /// "± 4 at 90 %" when noise was added.
    pub margin: Option<String>,
    /// What the figure means, for the balance.
    pub words: Option<&'static str>,
    /// Honest change against the previous window, in a sentence.
    pub change: String,
    /// `real`, `none` or `unknown`, for the change's style.
    pub change_class: &'static str,
}

/// One zone's share.
pub struct ZoneView {
    pub name: &'static str,
    pub class: &'static str,
    pub percent: String,
    /// Where its part of the stacked bar starts and how wide it is, on 0–100.
    pub x: String,
    pub width: String,
}

/// A dimension that stands out.
pub struct DimensionView {
    pub title: String,
    pub value: String,
    pub band: &'static str,
    pub width: String,
    pub margin: Option<String>,
}

/// One row of the trend table.
pub struct WeekRow {
    pub week: String,
    pub burnout: String,
    pub rustout: String,
    pub participation: String,
}

/// A leader practice with its reason.
pub struct PracticeView {
    pub title: String,
    pub reason: String,
    pub actions: Vec<(String, &'static str)>,
}

/// What the dashboard shows when at least one week was shown.
pub struct Figures {
    /// "4 of the 12 weeks could be shown".
    pub weeks_shown: String,
    pub participation: Option<String>,
    pub measures: Vec<MeasureView>,
    pub zones: Vec<ZoneView>,
    pub stuck: Option<String>,
    pub standing_out: Vec<DimensionView>,
    pub trend_svg: String,
    pub weeks: Vec<WeekRow>,
    pub noise: Option<String>,
}

#[derive(Template)]
#[template(path = "org/team.html")]
struct TeamPage {
    layout: Layout,
    unit: UnitRef,
    /// The unit above, when the viewer may see it.
    up: Option<UnitRef>,
    from: String,
    to: String,
    period: String,
    compared_with: String,
    k: u32,
    figures: Option<Figures>,
    not_shown: Vec<(String, String)>,
    practices: Vec<PracticeView>,
    notes: Vec<String>,
    sub_units: Vec<UnitRow>,
    window_query: String,
    unread: usize,
    days_default: i64,
}

/// `GET /team/{unit}?from=…&to=…`.
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<i64>,
    Query(query): Query<WindowQuery>,
) -> PageResult {
    let from = parse_day(query.from.as_deref(), "from")?;
    let to = parse_day(query.to.as_deref(), "to")?;
    let now = Utc::now();
    let (from, to) = page_window(from, to, last_closed_week(now));
    let summary = unit_summary(&*state.store, user.id(), UnitId(id), from, to, now)
        .await
        .map_err(page_error)?;
    let window = (Some(summary.window.from), Some(summary.window.to));
    let sub_units = unit_rows(&state, &user, &summary.sub_units, window.0, window.1).await?;
    let unread = unread_briefs(&state, &user).await?;
    let up = unit_above(&state, &user, UnitId(id)).await?;
    Ok(render(&page(&ctx, summary, up, sub_units, unread)))
}

/// The unit above `unit`, if the viewer may see its figures too.
async fn unit_above(
    state: &AppState,
    user: &CurrentUser,
    unit: UnitId,
) -> Result<Option<UnitRef>, PageError> {
    let store = &*state.store;
    let Some(parent) = store.unit(unit).await?.and_then(|u| u.parent) else {
        return Ok(None);
    };
    if !can_view(store, user.id(), parent)
        .await
        .map_err(page_error)?
    {
        return Ok(None);
    }
    Ok(store.unit(parent).await?.map(|p| UnitRef {
        id: p.id,
        name: p.name,
    }))
}

fn page(
    ctx: &PageContext,
    s: UnitSummary,
    up: Option<UnitRef>,
    sub_units: Vec<UnitRow>,
    unread: usize,
) -> TeamPage {
    let window_query = format!("?from={}&to={}", s.window.from, s.window.to);
    let f = &s.figures;
    let figures = (f.weeks_shown > 0).then(|| figures(&s));
    TeamPage {
        layout: ctx.layout(format!("{} · Team", s.unit.name)),
        from: s.window.from.to_string(),
        to: s.window.to.to_string(),
        period: period(&s.window),
        compared_with: period(&s.change.compared_with),
        k: s.k,
        figures,
        not_shown: f
            .not_shown
            .iter()
            .map(|w| (words::day(w.week), w.reason.describe()))
            .collect(),
        practices: s.practices.iter().map(practice).collect(),
        notes: s.notes.clone(),
        sub_units,
        window_query,
        unread,
        days_default: DEFAULT_TTL_DAYS,
        unit: s.unit,
        up,
    }
}

/// "12 weeks, 5 Jan 2026 – 29 Mar 2026" (weeks run Monday to Sunday).
fn period(window: &Window) -> String {
    let end = window
        .to
        .checked_add_days(Days::new(6))
        .unwrap_or(window.to);
    format!(
        "{}, {} – {}",
        words::count(window.weeks() as usize, "week", "weeks"),
        words::day(window.from),
        words::day(end)
    )
}

/// A non-breaking space, so that "± 6" and "61 %" never break across lines.
const NBSP: char = '\u{a0}';

fn margin(m: f64) -> Option<String> {
    (m > 0.0 && m.is_finite()).then(|| format!("±{NBSP}{m:.0} at 90{NBSP}%"))
}

fn figures(s: &UnitSummary) -> Figures {
    let f = &s.figures;
    let mut measures = Vec::new();
    if let Some(b) = f.burnout {
        measures.push(index_measure("Burnout", b.mean, b.band, &s.change.burnout));
    }
    if let Some(r) = f.rustout {
        measures.push(index_measure("Rust-out", r.mean, r.band, &s.change.rustout));
    }
    if let Some(c) = f.balance {
        let (change, change_class) = change_words(&s.change.balance);
        measures.push(MeasureView {
            name: "Challenge balance",
            value: words::signed(c.value),
            band: None,
            width: bar_width((c.value + 100.0) / 2.0),
            margin: margin(c.margin90),
            words: Some(words::balance_words(c.value)),
            change,
            change_class,
        });
    }
    let points: Vec<TrendPoint> = f
        .trend
        .iter()
        .filter_map(|p| {
            Some(TrendPoint {
                at: p.week.and_time(NaiveTime::MIN).and_utc(),
                burnout: p.burnout?,
                rustout: p.rustout?,
            })
        })
        .collect();
    let pulse = builtin_by_id("pulse");
    Figures {
        weeks_shown: shown_words(f.weeks_shown, s.window.weeks()),
        participation: f.participation.map(percent),
        measures,
        zones: f.zones.map(zones).unwrap_or_default(),
        stuck: f.stuck.map(stuck_words),
        standing_out: f
            .standing_out
            .iter()
            .map(|d| DimensionView {
                title: pulse
                    .and_then(|p| p.dimension(&d.id))
                    .map_or_else(|| d.id.clone(), |dim| dim.title.clone()),
                value: words::whole(d.mean.value),
                band: words::band_name(d.band),
                width: bar_width(d.mean.value),
                margin: margin(d.mean.margin90),
            })
            .collect(),
        trend_svg: charts::trend_chart(&points, &view::bands_of("pulse"), &[]),
        weeks: f
            .trend
            .iter()
            .map(|p| WeekRow {
                week: words::day(p.week),
                burnout: p.burnout.map_or_else(|| "–".into(), words::whole),
                rustout: p.rustout.map_or_else(|| "–".into(), words::whole),
                participation: p.participation.map_or_else(|| "–".into(), percent),
            })
            .collect(),
        noise: f.epsilon.map(|e| {
            format!(
                "Random noise was added to protect individuals (ε = {e}). Each figure comes with \
                 the range its true value lies in nine times in ten."
            )
        }),
    }
}

/// How many of the window's weeks could be shown, as the start of a sentence.
fn shown_words(shown: usize, total: u64) -> String {
    match (shown as u64, total) {
        (1, 1) => "The week could be shown".to_string(),
        (s, t) if s == t => format!("All {t} weeks could be shown"),
        (s, t) => format!("{s} of the {t} weeks could be shown"),
    }
}

fn index_measure(name: &'static str, mean: Mean, band: Band, shift: &Shift) -> MeasureView {
    let (change, change_class) = change_words(shift);
    MeasureView {
        name,
        value: words::whole(mean.value),
        band: Some(words::band_name(band)),
        width: bar_width(mean.value),
        margin: margin(mean.margin90),
        words: None,
        change,
        change_class,
    }
}

fn percent(share: f64) -> String {
    format!("{:.0}{NBSP}%", (share * 100.0).clamp(0.0, 100.0))
}

/// Honest change in words: "a real shift" only when it clears what chance could do.
fn change_words(shift: &Shift) -> (String, &'static str) {
    match shift {
        Shift::Real {
            direction,
            difference,
            margin,
        } => {
            let way = match direction {
                Direction::Rising => "up",
                Direction::Falling => "down",
                Direction::Steady => "moved",
            };
            (
                format!(
                    "A real shift: {way} {:.0} points (chance explains up to ±{NBSP}{margin:.0}).",
                    difference.abs()
                ),
                "real",
            )
        }
        Shift::NoClearChange { margin } => (
            format!("No clear change (chance explains up to ±{NBSP}{margin:.0})."),
            "none",
        ),
        Shift::NotEnoughData => ("Not enough shown weeks to judge change.".into(), "unknown"),
    }
}

fn zones(shares: anneal_core::privacy::ZoneShares) -> Vec<ZoneView> {
    let parts = [
        ("Thriving", "thriving", shares.thriving),
        ("Burnout", "burnout", shares.burnout),
        ("Rust-out", "rustout", shares.rustout),
        ("Both", "both", shares.both),
    ];
    let mut x = 0.0;
    parts
        .into_iter()
        .map(|(name, class, share)| {
            let share = if share.is_finite() {
                share.clamp(0.0, 100.0)
            } else {
                0.0
            };
            let view = ZoneView {
                name,
                class,
                percent: format!("{share:.0}{NBSP}%"),
                x: format!("{x:.2}"),
                width: format!("{share:.2}"),
            };
            x += share;
            view
        })
        .collect()
}

fn stuck_words(stuck: Value) -> String {
    let count = stuck.value.max(0.0).round();
    let flags = if count == 1.0 { "flag" } else { "flags" };
    match margin(stuck.margin90()) {
        Some(m) => format!("About {count:.0} “I feel stuck” {flags} in the shown weeks ({m})."),
        None => format!("{count:.0} “I feel stuck” {flags} in the shown weeks."),
    }
}

fn practice(r: &Recommendation) -> PracticeView {
    PracticeView {
        title: r.title.clone(),
        reason: capitalise_first(&r.reason),
        actions: r
            .actions
            .iter()
            .map(|a| (a.text.clone(), words::cadence_words(Some(a.cadence))))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anneal_core::privacy::ZoneShares;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn the_default_window_is_twelve_weeks_up_to_the_last_ended_week() {
        let last = Some(day(2026, 3, 2));
        assert_eq!(
            page_window(None, None, last),
            (Some(day(2025, 12, 15)), None)
        );
        assert_eq!(
            page_window(None, Some(day(2026, 1, 5)), last),
            (Some(day(2025, 10, 20)), Some(day(2026, 1, 5)))
        );
        let asked = (Some(day(2026, 1, 5)), Some(day(2026, 2, 2)));
        assert_eq!(page_window(asked.0, asked.1, last), asked);
        assert_eq!(page_window(None, None, None), (None, None));
    }

    #[test]
    fn dates_are_read_or_refused() {
        assert_eq!(parse_day(None, "from").expect("none"), None);
        assert_eq!(parse_day(Some(" "), "from").expect("empty"), None);
        assert_eq!(
            parse_day(Some("2026-03-02"), "to").expect("a date"),
            Some(day(2026, 3, 2))
        );
        let e = parse_day(Some("March"), "to").expect_err("not a date");
        assert!(e.to_string().contains("YYYY-MM-DD"), "{e}");
    }

    #[test]
    fn change_is_called_real_only_when_the_service_says_so() {
        let (text, class) = change_words(&Shift::Real {
            direction: Direction::Rising,
            difference: 6.4,
            margin: 4.1,
        });
        assert_eq!(
            text,
            "A real shift: up 6 points (chance explains up to ±\u{a0}4)."
        );
        assert_eq!(class, "real");
        let (text, class) = change_words(&Shift::NoClearChange { margin: 5.2 });
        assert!(text.starts_with("No clear change"), "{text}");
        assert!(text.contains("±\u{a0}5"), "{text}");
        assert_eq!(class, "none");
        assert_eq!(change_words(&Shift::NotEnoughData).1, "unknown");
    }

    #[test]
    fn zones_stack_to_the_whole_bar() {
        let views = zones(ZoneShares {
            thriving: 50.0,
            burnout: 25.0,
            rustout: 25.0,
            both: 0.0,
        });
        assert_eq!(views[1].x, "50.00");
        assert_eq!(views[2].x, "75.00");
        assert_eq!(views[3].width, "0.00");
        assert_eq!(views[0].percent, "50\u{a0}%");
        let odd = zones(ZoneShares {
            thriving: f64::NAN,
            burnout: 150.0,
            rustout: -3.0,
            both: 0.0,
        });
        assert_eq!(odd[0].width, "0.00");
        assert_eq!(odd[1].width, "100.00");
        assert_eq!(odd[2].width, "0.00");
    }

    #[test]
    fn stuck_flags_say_about_when_noised() {
        assert_eq!(
            stuck_words(Value::exact(1.0)),
            "1 “I feel stuck” flag in the shown weeks."
        );
        assert_eq!(
            stuck_words(Value::exact(3.0)),
            "3 “I feel stuck” flags in the shown weeks."
        );
        let noisy = stuck_words(Value {
            value: 2.6,
            noise_var: 4.0,
        });
        assert!(noisy.starts_with("About 3"), "{noisy}");
        assert!(noisy.contains("±\u{a0}3 at 90\u{a0}%"), "{noisy}");
    }

    #[test]
    fn shown_weeks_read_naturally() {
        assert_eq!(shown_words(1, 1), "The week could be shown");
        assert_eq!(shown_words(12, 12), "All 12 weeks could be shown");
        assert_eq!(shown_words(4, 12), "4 of the 12 weeks could be shown");
    }

    #[test]
    fn periods_name_their_weeks_and_end_on_a_sunday() {
        let w = Window {
            from: day(2026, 1, 5),
            to: day(2026, 3, 23),
        };
        assert_eq!(period(&w), "12 weeks, 5 Jan 2026 – 29 Mar 2026");
    }
}
