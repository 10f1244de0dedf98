//! The plan as an iCalendar file (RFC 5545), so reminders land in the person's own calendar
//! (DESIGN §3.3).
//!
//! The text is written here, line by line: CRLF line ends, lines folded at 75 octets (never inside
//! a character), and TEXT values escaped (`\\`, `\;`, `\,`, `\n`). Times are "floating" local
//! times — 09:00 wherever the person's calendar is — because a reminder to take a walk at lunch
//! follows the person, not a time zone.
//!
//! UIDs are stable, so importing the file again updates the events instead of duplicating them.
//! Calendars keep events that a later file leaves out, though: an item the person has since done
//! or dismissed stays in their calendar until they delete it there.

use crate::plan::{PlanItem, PlanStatus};
use crate::strategy::Cadence;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

/// The calendar's product id.
pub const PRODID: &str = "-//Anneal//Anneal plan//EN";

/// The calendar's display name.
pub const CALENDAR_NAME: &str = "Anneal plan";

/// The title of the weekly pulse reminder.
pub const PULSE_SUMMARY: &str = "Anneal: weekly pulse (30 seconds)";

/// The hour (local time) at which plan item reminders start.
pub const ITEM_HOUR: u32 = 9;

/// How long a plan item's event lasts, in minutes.
pub const ITEM_MINUTES: u32 = 15;

/// How long the pulse reminder's event lasts, in minutes.
pub const PULSE_MINUTES: u32 = 5;

/// The most octets on one line of the file, line break not counted (RFC 5545 §3.1).
pub const MAX_LINE_OCTETS: usize = 75;

/// When the weekly pulse reminder fires, in the person's local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PulseReminder {
    /// Day of the week.
    pub weekday: Weekday,
    /// Hour, 0–23 (a larger value is read as 23).
    pub hour: u32,
    /// Minute, 0–59 (a larger value is read as 59).
    pub minute: u32,
}

impl PulseReminder {
    /// A reminder on `weekday` at `hour:minute`, checked to be a time of day.
    pub fn new(weekday: Weekday, hour: u32, minute: u32) -> Result<PulseReminder, CalendarError> {
        if hour > 23 || minute > 59 {
            return Err(CalendarError::NotATimeOfDay { hour, minute });
        }
        Ok(PulseReminder {
            weekday,
            hour,
            minute,
        })
    }

    fn time(self) -> NaiveTime {
        NaiveTime::from_hms_opt(self.hour.min(23), self.minute.min(59), 0).unwrap_or(NaiveTime::MIN)
    }
}

impl Default for PulseReminder {
    /// Monday at 09:00.
    fn default() -> Self {
        PulseReminder {
            weekday: Weekday::Mon,
            hour: 9,
            minute: 0,
        }
    }
}

/// A calendar setting that cannot be used.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum CalendarError {
    /// The pulse reminder's time is not a time of day.
    #[error(
        "the pulse reminder time {hour:02}:{minute:02} is not a time of day; the hour must be 0-23 and the minute 0-59"
    )]
    NotATimeOfDay {
        /// The hour given.
        hour: u32,
        /// The minute given.
        minute: u32,
    },
}

/// The person's plan as an iCalendar file.
///
/// One event per active plan item that has a rhythm or a due date, at 09:00 local time for
/// [`ITEM_MINUTES`] minutes, with a reminder at the start:
/// - a daily, weekly or monthly item repeats (`RRULE`) from its start date (its due date, or the
///   day it was created);
/// - a one-off item with a due date is a single event on that day;
/// - an item with neither, and every done or dismissed item, is left out. Calendars keep events
///   that a re-imported file no longer has, so those stay until the person deletes them.
///
/// With `pulse`, a weekly reminder to do the pulse check-in comes first, starting on the first
/// such weekday on or after `now`'s date. `owner` (e.g. the account name) only feeds the UIDs,
/// through a hash, so the same person's events keep their UIDs and two people's never clash; it
/// does not appear in the file. `now` is the `DTSTAMP`. The same input always gives the same
/// text; items are written in order of id.
pub fn plan_calendar(
    items: &[PlanItem],
    pulse: Option<PulseReminder>,
    owner: &str,
    now: DateTime<Utc>,
) -> String {
    let owner_hash = short_hash(owner);
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    let mut ics = Ics::default();
    ics.line("BEGIN", "VCALENDAR");
    ics.line("VERSION", "2.0");
    ics.line("PRODID", PRODID);
    ics.line("CALSCALE", "GREGORIAN");
    ics.text("X-WR-CALNAME", CALENDAR_NAME);

    if let Some(pulse) = pulse {
        write_pulse(&mut ics, pulse, &owner_hash, &stamp, now.date_naive());
    }
    let mut exported: Vec<&PlanItem> = items
        .iter()
        .filter(|item| item.status == PlanStatus::Active)
        .collect();
    exported.sort_by_key(|item| item.id);
    for item in exported {
        if let Some(event) = ItemEvent::of(item) {
            write_item(&mut ics, item, &event, &owner_hash, &stamp);
        }
    }

    ics.line("END", "VCALENDAR");
    ics.out
}

/// When and how often an item's event happens.
struct ItemEvent {
    start: NaiveDate,
    rule: Option<String>,
}

impl ItemEvent {
    fn of(item: &PlanItem) -> Option<ItemEvent> {
        let frequency = match item.cadence {
            Some(Cadence::Daily) => "DAILY",
            Some(Cadence::Weekly) => "WEEKLY",
            Some(Cadence::Monthly) => "MONTHLY",
            None | Some(Cadence::Once) => {
                return item.due.map(|start| ItemEvent { start, rule: None });
            }
        };
        let start = item.due.unwrap_or_else(|| item.created_at.date_naive());
        let mut rule = format!("FREQ={frequency}");
        if item.cadence == Some(Cadence::Monthly) {
            rule.push_str(&month_end_rule(start.day()));
        }
        Some(ItemEvent {
            start,
            rule: Some(rule),
        })
    }
}

/// A plain `FREQ=MONTHLY` from the 29th, 30th or 31st skips the months too short to have that
/// day (RFC 5545 §3.3.10). Picking the last of the days 28…start day that the month has keeps
/// one event a month, on the start day or the month's last day, as [`crate::plan::next_due`]
/// counts a calendar month.
fn month_end_rule(day: u32) -> String {
    if day <= 28 {
        return String::new();
    }
    let days: Vec<String> = (28..=day).map(|d| d.to_string()).collect();
    format!(";BYMONTHDAY={};BYSETPOS=-1", days.join(","))
}

fn write_item(ics: &mut Ics, item: &PlanItem, event: &ItemEvent, owner_hash: &str, stamp: &str) {
    let start = event
        .start
        .and_time(NaiveTime::from_hms_opt(ITEM_HOUR, 0, 0).unwrap_or(NaiveTime::MIN));
    let description = match &item.strategy_id {
        Some(strategy) => format!(
            "A step from your Anneal plan (strategy: {strategy}). Mark it done in Anneal when you have done it."
        ),
        None => "A step from your Anneal plan. Mark it done in Anneal when you have done it."
            .to_string(),
    };
    ics.line("BEGIN", "VEVENT");
    ics.line(
        "UID",
        &format!("plan-{}-{owner_hash}@anneal.local", item.id),
    );
    ics.line("DTSTAMP", stamp);
    ics.line("DTSTART", &floating(start));
    ics.line("DURATION", &format!("PT{ITEM_MINUTES}M"));
    if let Some(rule) = &event.rule {
        ics.line("RRULE", rule);
    }
    ics.text("SUMMARY", &item.title);
    ics.text("DESCRIPTION", &description);
    write_alarm(ics, &item.title);
    ics.line("END", "VEVENT");
}

fn write_pulse(
    ics: &mut Ics,
    pulse: PulseReminder,
    owner_hash: &str,
    stamp: &str,
    today: NaiveDate,
) {
    let start = first_on_or_after(today, pulse.weekday).and_time(pulse.time());
    ics.line("BEGIN", "VEVENT");
    ics.line("UID", &format!("pulse-{owner_hash}@anneal.local"));
    ics.line("DTSTAMP", stamp);
    ics.line("DTSTART", &floating(start));
    ics.line("DURATION", &format!("PT{PULSE_MINUTES}M"));
    ics.line(
        "RRULE",
        &format!("FREQ=WEEKLY;BYDAY={}", byday(pulse.weekday)),
    );
    ics.text("SUMMARY", PULSE_SUMMARY);
    ics.text(
        "DESCRIPTION",
        "Time for your weekly Anneal check-in: seven quick questions about your energy, load and \
         meaning at work. Doing it every week is what lets Anneal spot a drift early.",
    );
    write_alarm(ics, PULSE_SUMMARY);
    ics.line("END", "VEVENT");
}

fn write_alarm(ics: &mut Ics, what: &str) {
    ics.line("BEGIN", "VALARM");
    ics.line("ACTION", "DISPLAY");
    ics.line("TRIGGER", "PT0S");
    ics.text("DESCRIPTION", what);
    ics.line("END", "VALARM");
}

/// The first day on or after `from` that falls on `weekday`.
fn first_on_or_after(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - from.weekday().num_days_from_monday()) % 7;
    from.checked_add_signed(Duration::days(i64::from(ahead)))
        .unwrap_or(from)
}

fn byday(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// A local ("floating") date-time: no `Z`, no time zone.
fn floating(at: NaiveDateTime) -> String {
    at.format("%Y%m%dT%H%M%S").to_string()
}

/// A short, stable hash (64-bit FNV-1a, in hex): the same text always gives the same hash, on
/// every machine and in every run, unlike std's randomly seeded hasher.
pub fn short_hash(text: &str) -> String {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let hash = text.bytes().fold(OFFSET_BASIS, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    });
    format!("{hash:016x}")
}

/// The file being written.
#[derive(Default)]
struct Ics {
    out: String,
}

impl Ics {
    /// Writes `NAME:value`, the value as is (it must need no escaping), folded, with CRLF.
    fn line(&mut self, name: &str, value: &str) {
        let mut content = String::with_capacity(name.len() + 1 + value.len());
        content.push_str(name);
        content.push(':');
        content.push_str(value);
        fold_into(&content, &mut self.out);
    }

    /// Writes a TEXT property, escaping the value.
    fn text(&mut self, name: &str, value: &str) {
        self.line(name, &escape_text(value));
    }
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks; other
/// control characters, which a content line may not hold, are dropped (a tab is kept).
fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so no line exceeds [`MAX_LINE_OCTETS`] octets (a
/// continuation line starts with a space, which counts), never splitting a character; every
/// line ends with CRLF.
fn fold_into(content: &str, out: &mut String) {
    let mut used = 0;
    for c in content.chars() {
        let width = c.len_utf8();
        if used + width > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += width;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::test_support::{any_instant, any_item, date, item, utc};
    use icalendar::parser::{Component, read_calendar, unfold};
    use proptest::prelude::*;

    fn now() -> DateTime<Utc> {
        // A Wednesday.
        utc(2025, 3, 5, 14)
    }

    fn events<'a>(components: &'a [Component<'a>]) -> Vec<&'a Component<'a>> {
        components.iter().filter(|c| c.name == "VEVENT").collect()
    }

    fn value_of<'a>(component: &'a Component<'a>, name: &str) -> String {
        component
            .find_prop(name)
            .map(|p| p.val.as_str().to_string())
            .unwrap_or_else(|| panic!("{name} missing"))
    }

    fn sample_plan() -> Vec<PlanItem> {
        let mut weekly = item(3, "Learn one new shortcut");
        weekly.cadence = Some(Cadence::Weekly);
        weekly.strategy_id = Some("seek_learning".to_string());
        let mut daily = item(1, "Walk at lunch");
        daily.cadence = Some(Cadence::Daily);
        daily.due = Some(date(2025, 3, 10));
        let mut monthly = item(4, "Review my goals");
        monthly.cadence = Some(Cadence::Monthly);
        monthly.due = Some(date(2025, 1, 31));
        let mut once = item(2, "Talk to my manager about rotation");
        once.cadence = Some(Cadence::Once);
        once.due = Some(date(2025, 3, 14));
        let undated = item(5, "Someday: learn Rust");
        let mut done = item(6, "Done already");
        done.cadence = Some(Cadence::Weekly);
        done.status = PlanStatus::Done;
        let mut dismissed = item(7, "Dismissed");
        dismissed.due = Some(date(2025, 3, 20));
        dismissed.status = PlanStatus::Dismissed;
        vec![weekly, daily, monthly, once, undated, done, dismissed]
    }

    #[test]
    fn a_real_parser_reads_the_calendar_and_its_events() {
        let text = plan_calendar(&sample_plan(), Some(PulseReminder::default()), "ada", now());
        let unfolded = unfold(&text);
        let calendar = read_calendar(&unfolded).expect("parses");
        let value = |name: &str| {
            calendar
                .properties
                .iter()
                .find(|p| p.name == name)
                .map(|p| p.val.as_str().to_string())
        };
        assert_eq!(value("PRODID").as_deref(), Some(PRODID));
        assert_eq!(value("VERSION").as_deref(), Some("2.0"));
        assert_eq!(value("CALSCALE").as_deref(), Some("GREGORIAN"));
        assert_eq!(value("X-WR-CALNAME").as_deref(), Some("Anneal plan"));

        let events = events(&calendar.components);
        assert_eq!(events.len(), 5, "pulse + 4 exported items");
        let hash = short_hash("ada");

        let pulse = events[0];
        assert_eq!(value_of(pulse, "UID"), format!("pulse-{hash}@anneal.local"));
        assert_eq!(value_of(pulse, "SUMMARY"), PULSE_SUMMARY);
        assert_eq!(value_of(pulse, "RRULE"), "FREQ=WEEKLY;BYDAY=MO");
        assert_eq!(value_of(pulse, "DTSTART"), "20250310T090000");
        assert_eq!(value_of(pulse, "DTSTAMP"), "20250305T140000Z");

        let expected = [
            (1, "Walk at lunch", Some("FREQ=DAILY"), "20250310T090000"),
            (
                2,
                "Talk to my manager about rotation",
                None,
                "20250314T090000",
            ),
            (
                3,
                "Learn one new shortcut",
                Some("FREQ=WEEKLY"),
                "20250303T090000",
            ),
            (
                4,
                "Review my goals",
                Some("FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1"),
                "20250131T090000",
            ),
        ];
        for (event, (id, title, rule, start)) in events[1..].iter().zip(expected) {
            assert_eq!(
                value_of(event, "UID"),
                format!("plan-{id}-{hash}@anneal.local")
            );
            assert_eq!(value_of(event, "SUMMARY"), title);
            assert_eq!(event.find_prop("RRULE").map(|p| p.val.as_str()), rule);
            assert_eq!(value_of(event, "DTSTART"), start);
            assert_eq!(value_of(event, "DURATION"), "PT15M");
            assert!(value_of(event, "DESCRIPTION").contains("Anneal plan"));
            let alarms: Vec<_> = event
                .components
                .iter()
                .filter(|c| c.name == "VALARM")
                .collect();
            assert_eq!(alarms.len(), 1);
            assert_eq!(value_of(alarms[0], "ACTION"), "DISPLAY");
            assert_eq!(value_of(alarms[0], "TRIGGER"), "PT0S");
        }
        assert!(value_of(events[3], "DESCRIPTION").contains("strategy: seek_learning"));
    }

    #[test]
    fn the_same_input_gives_the_same_text_in_any_item_order() {
        let plan = sample_plan();
        let first = plan_calendar(&plan, Some(PulseReminder::default()), "ada", now());
        let mut reversed = plan.clone();
        reversed.reverse();
        let again = plan_calendar(&reversed, Some(PulseReminder::default()), "ada", now());
        assert_eq!(first, again);
    }

    #[test]
    fn uids_are_stable_per_owner_and_differ_between_owners() {
        assert_eq!(short_hash("ada"), short_hash("ada"));
        assert_ne!(short_hash("ada"), short_hash("bob"));
        // Known FNV-1a 64 values.
        assert_eq!(short_hash(""), "cbf29ce484222325");
        assert_eq!(short_hash("a"), "af63dc4c8601ec8c");

        let plan = sample_plan();
        let ada = plan_calendar(
            &plan,
            Some(PulseReminder::default()),
            "ada@example.org",
            now(),
        );
        let bob = plan_calendar(
            &plan,
            Some(PulseReminder::default()),
            "bob@example.org",
            now(),
        );
        let uids = |text: &str| -> Vec<String> {
            text.lines()
                .filter_map(|l| l.strip_prefix("UID:"))
                .map(|u| u.trim_end().to_string())
                .collect()
        };
        assert_eq!(uids(&ada).len(), 5);
        assert!(uids(&ada).iter().all(|u| !uids(&bob).contains(u)));
        assert!(
            !ada.contains("example"),
            "the owner never appears in the file"
        );
    }

    #[test]
    fn long_and_special_titles_are_escaped_and_folded() {
        let title = "Ask; for help, with \\ backslashes\nand a new line — ünïcödé ✓ \
                     and enough words to run well past one line of seventy-five octets"
            .to_string();
        let mut it = item(8, &title);
        it.due = Some(date(2025, 3, 12));
        let text = plan_calendar(&[it], None, "ada", now());

        assert!(text.ends_with("\r\n"));
        for line in text.split_terminator("\r\n") {
            assert!(line.len() <= MAX_LINE_OCTETS, "line too long: {line:?}");
            assert!(!line.contains('\n') && !line.contains('\r'));
        }
        assert!(text.contains("SUMMARY:Ask\\; for help\\, with \\\\ backslashes\\nand"));

        let unfolded = unfold(&text);
        let calendar = read_calendar(&unfolded).expect("parses");
        let events = events(&calendar.components);
        assert_eq!(events.len(), 1);
        assert_eq!(value_of(events[0], "SUMMARY"), title);
    }

    #[test]
    fn folding_never_splits_a_character() {
        let mut out = String::new();
        fold_into(&format!("SUMMARY:{}", "é".repeat(100)), &mut out);
        let lines: Vec<&str> = out.split_terminator("\r\n").collect();
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| l.len() <= MAX_LINE_OCTETS));
        assert_eq!(
            lines[0].len(),
            74,
            "8 + 33×2 octets: one more é would make 76"
        );
        assert_eq!(lines[1].len(), 75, "a space + 37×2 octets");
        assert_eq!(unfold(&out), format!("SUMMARY:{}\r\n", "é".repeat(100)));
    }

    #[test]
    fn control_characters_are_dropped_and_carriage_returns_become_new_lines() {
        assert_eq!(escape_text("a\u{7}b\r\nc\rd\te"), "ab\\nc\\nd\te");
    }

    #[test]
    fn an_empty_plan_with_a_pulse_reminder_is_one_event() {
        let pulse = PulseReminder::new(Weekday::Wed, 17, 30).unwrap();
        let text = plan_calendar(&[], Some(pulse), "ada", now());
        let unfolded = unfold(&text);
        let calendar = read_calendar(&unfolded).expect("parses");
        let events = events(&calendar.components);
        assert_eq!(events.len(), 1);
        // `now` is a Wednesday: the first reminder is that day.
        assert_eq!(value_of(events[0], "DTSTART"), "20250305T173000");
        assert_eq!(value_of(events[0], "RRULE"), "FREQ=WEEKLY;BYDAY=WE");
        assert_eq!(value_of(events[0], "DURATION"), "PT5M");
    }

    #[test]
    fn an_empty_plan_without_a_pulse_is_a_calendar_with_no_events() {
        let text = plan_calendar(&[], None, "ada", now());
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.contains("VEVENT"));
    }

    #[test]
    fn pulse_times_are_checked_and_out_of_range_fields_are_clamped() {
        assert_eq!(
            PulseReminder::new(Weekday::Mon, 24, 0),
            Err(CalendarError::NotATimeOfDay {
                hour: 24,
                minute: 0
            })
        );
        assert!(PulseReminder::new(Weekday::Mon, 9, 60).is_err());
        let odd = PulseReminder {
            weekday: Weekday::Sun,
            hour: 99,
            minute: 99,
        };
        let text = plan_calendar(&[], Some(odd), "ada", now());
        assert!(text.contains("DTSTART:20250309T235900\r\n"));
    }

    #[test]
    fn first_on_or_after_finds_the_weekday() {
        let wednesday = date(2025, 3, 5);
        assert_eq!(first_on_or_after(wednesday, Weekday::Wed), wednesday);
        assert_eq!(first_on_or_after(wednesday, Weekday::Thu), date(2025, 3, 6));
        assert_eq!(
            first_on_or_after(wednesday, Weekday::Tue),
            date(2025, 3, 11)
        );
    }

    #[test]
    fn month_end_rule_only_for_late_start_days() {
        assert_eq!(month_end_rule(28), "");
        assert_eq!(month_end_rule(29), ";BYMONTHDAY=28,29;BYSETPOS=-1");
    }

    proptest! {
        #[test]
        fn any_plan_gives_a_well_formed_calendar(
            items in prop::collection::vec(any_item(), 0..8),
            title in any::<String>(),
            stamp in any_instant(),
            owner in "\\PC{0,30}",
        ) {
            let mut items = items;
            if let Some(first) = items.first_mut() {
                first.title = title;
            }
            let text = plan_calendar(&items, Some(PulseReminder::default()), &owner, stamp);
            prop_assert!(text.ends_with("\r\n"));
            for line in text.split_terminator("\r\n") {
                prop_assert!(line.len() <= MAX_LINE_OCTETS);
                prop_assert!(!line.contains('\n') && !line.contains('\r'));
            }
            let unfolded = unfold(&text);
        let calendar = read_calendar(&unfolded);
            prop_assert!(calendar.is_ok());
            let calendar = calendar.unwrap();
            let events = events(&calendar.components);
            let expected = 1 + items
                .iter()
                .filter(|i| i.status == PlanStatus::Active && ItemEvent::of(i).is_some())
                .count();
            prop_assert_eq!(events.len(), expected);
            let again = plan_calendar(&items, Some(PulseReminder::default()), &owner, stamp);
            prop_assert_eq!(text, again);
        }

        #[test]
        fn any_one_line_title_comes_back_from_a_real_parser(title in "[^\\p{Cc}]{1,300}") {
            let mut it = item(1, &title);
            it.due = Some(date(2025, 3, 12));
            let text = plan_calendar(&[it], None, "ada", now());
            let unfolded = unfold(&text);
        let calendar = read_calendar(&unfolded);
            prop_assert!(calendar.is_ok());
            let calendar = calendar.unwrap();
            let events = events(&calendar.components);
            prop_assert_eq!(events.len(), 1);
            prop_assert_eq!(value_of(events[0], "SUMMARY"), title);
        }
    }
}
