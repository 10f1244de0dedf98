//! Output for people: aligned, coloured when the terminal supports it (`NO_COLOR` is honoured),
//! with bars and sparklines. JSON output does not pass through here.

use anneal_core::model::Band;
use anneal_core::recommend::Recommendation;
use anneal_core::report::{IndexStatusReport, ResultReport, StatusReport};
use anneal_core::safety::SafetyNotice;
use anneal_core::words::{ZoneReading, movement_text};
use anneal_service::plan::NextAction;
use owo_colors::{OwoColorize, Stream};

/// A 0–100 score as a bar of `width` cells.
pub fn bar(score: f64, width: usize) -> String {
    let filled = ((score.clamp(0.0, 100.0) / 100.0) * width as f64).round() as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

/// Values on 0–100 as a one-line sparkline.
pub fn sparkline(values: &[f64]) -> String {
    const TICKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    values
        .iter()
        .map(|v| TICKS[((v.clamp(0.0, 100.0) / 100.0) * 7.0).round() as usize])
        .collect()
}

pub fn band(b: Band) -> String {
    let s = b.as_str();
    match b {
        Band::Low => s
            .if_supports_color(Stream::Stdout, |t| t.green())
            .to_string(),
        Band::Moderate => s
            .if_supports_color(Stream::Stdout, |t| t.yellow())
            .to_string(),
        Band::High => s.if_supports_color(Stream::Stdout, |t| t.red()).to_string(),
    }
}

pub fn heading(s: &str) -> String {
    s.if_supports_color(Stream::Stdout, |t| t.bold())
        .to_string()
}

pub fn dim(s: &str) -> String {
    s.if_supports_color(Stream::Stdout, |t| t.dimmed())
        .to_string()
}

/// The zone reading that every surface shows: persistence, leaning and the notice decided once.
pub fn zone_line(reading: &ZoneReading) -> String {
    format!("{}  {}", heading(&reading.title), reading.text)
}

/// Balance C in words: where the demand sits between far too little and far too much.
pub fn balance_words(c: f64) -> &'static str {
    match c {
        c if c <= -50.0 => "far too little challenge",
        c if c < -15.0 => "too little challenge",
        c if c <= 15.0 => "about right",
        c if c < 50.0 => "too much demand",
        _ => "far too much demand",
    }
}

pub fn print_safety(notice: &SafetyNotice) {
    let title = "Please talk to someone";
    println!(
        "{}",
        title.if_supports_color(Stream::Stdout, |t| t.bold().red().to_string())
    );
    println!("{}", notice.message);
    for r in &notice.resources {
        match &r.note {
            Some(note) => println!("  • {}: {} ({note})", r.name, r.contact),
            None => println!("  • {}: {}", r.name, r.contact),
        }
    }
    println!();
}

pub fn print_recommendations(recs: &[Recommendation]) {
    if recs.is_empty() {
        return;
    }
    println!("{}", heading("What you could try"));
    for (i, r) in recs.iter().enumerate() {
        println!("{}. {}", i + 1, heading(&r.title));
        println!("   {}", r.summary);
        println!("   {}", dim(&format!("Why: {}", r.reason)));
        for a in &r.actions {
            let mark = if a.adopted { "✓" } else { "-" };
            println!("   {mark} {} ({})  [{}]", a.text, a.cadence, a.id);
        }
        for p in &r.prompts {
            println!("   {}", dim(&format!("To reflect on: {p}")));
        }
    }
    println!(
        "{}",
        dim(
            "Add an action to your plan with `anneal plan adopt ID`; set a suggestion aside with `anneal plan dismiss ID`."
        )
    );
    println!();
}

/// The result of an assessment or a check-in.
pub fn print_result(r: &ResultReport) {
    if let Some(notice) = &r.safety {
        print_safety(notice);
    }
    println!("{}", zone_line(&r.reading));
    println!();
    print_index("Burnout ", r.burnout.score, r.burnout.band, "");
    print_index("Rust-out", r.rustout.score, r.rustout.band, "");
    if let Some(c) = r.balance {
        println!("Balance   {c:>+6.0}   {}", balance_words(c));
    }
    if r.stuck {
        println!("You flagged that you feel stuck.");
    }
    println!();
    println!("{}", heading("Dimensions (higher = more strain)"));
    let width = r
        .dimensions
        .iter()
        .map(|d| d.title.chars().count())
        .max()
        .unwrap_or(0);
    for d in &r.dimensions {
        println!(
            "  {:<width$}  {:>5.1}  {}  {}  {}",
            d.title,
            d.score,
            bar(d.score, 20),
            band(d.band),
            dim(d.index.as_str()),
        );
    }
    println!();
    print_recommendations(&r.recommendations);
    println!("{}", dim(r.screening_note));
}

fn print_index(name: &str, score: f64, b: Band, extra: &str) {
    println!(
        "{name}  {score:>5.1}  {}  {}{extra}",
        bar(score, 30),
        band(b)
    );
}

fn trend_words(s: &IndexStatusReport) -> String {
    format!(
        "  {}",
        movement_text(
            s.movement,
            s.slope_per_week,
            s.trend_window_weeks,
            s.trend_series
        )
    )
}

pub fn print_status(s: &StatusReport, next: &[NextAction]) {
    if let Some(notice) = &s.safety {
        print_safety(notice);
    }
    println!("{}", zone_line(&s.reading));
    println!(
        "{}",
        dim(&format!(
            "As of {} ({}), from {} responses.",
            s.as_of.format("%Y-%m-%d"),
            s.instrument,
            s.responses
        ))
    );
    println!();
    print_index(
        "Burnout ",
        s.burnout.score,
        s.burnout.band,
        &trend_words(&s.burnout),
    );
    print_index(
        "Rust-out",
        s.rustout.score,
        s.rustout.band,
        &trend_words(&s.rustout),
    );
    if let Some(c) = s.balance {
        println!("Balance   {c:>+6.0}   {}", balance_words(c));
    }
    for (name, idx) in [("Burnout", &s.burnout), ("Rust-out", &s.rustout)] {
        if let Some(c) = &idx.reliable_change {
            let verdict = if c.reliable {
                "a real change"
            } else {
                "no clear change"
            };
            println!(
                "{name} between your last two full checks: {:.0} → {:.0}, {verdict}.",
                c.before, c.after
            );
        }
    }
    if s.stuck {
        println!("Your last pulse said you feel stuck.");
    }
    println!();
    if !s.warnings.is_empty() {
        println!(
            "{}",
            "Early warnings".if_supports_color(Stream::Stdout, |t| t.bold().yellow().to_string())
        );
        for w in &s.warnings {
            println!("  ! {}", w.message);
        }
        println!();
    }
    if !next.is_empty() {
        println!("{}", heading("Next in your plan"));
        for n in next {
            let when = match n.next_due {
                Some(d) if n.overdue => format!("overdue since {}", d.format("%Y-%m-%d")),
                Some(d) => format!("next {}", d.format("%Y-%m-%d")),
                None => String::new(),
            };
            let line = format!("  {:>3}  {}  {}", n.id, n.title, dim(&when));
            println!("{}", line.trim_end());
        }
        println!();
    }
    print_recommendations(&s.recommendations);
    println!("{}", dim(s.screening_note));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_fill_in_proportion_and_clamp() {
        assert_eq!(bar(0.0, 10), "░░░░░░░░░░");
        assert_eq!(bar(50.0, 10), "█████░░░░░");
        assert_eq!(bar(100.0, 10), "██████████");
        assert_eq!(bar(250.0, 4), "████");
        assert_eq!(bar(-3.0, 4), "░░░░");
    }

    #[test]
    fn sparkline_spans_the_ticks() {
        assert_eq!(sparkline(&[0.0, 50.0, 100.0]), "▁▅█");
    }

    #[test]
    fn balance_words_are_symmetric() {
        assert_eq!(balance_words(0.0), "about right");
        assert_eq!(balance_words(-60.0), "far too little challenge");
        assert_eq!(balance_words(60.0), "far too much demand");
    }
}
