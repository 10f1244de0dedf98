//! `anneal org …`: the organisation on a local store, run as the current profile — units and
//! their rules, leaders, invites, joining and sharing, a leader's summary, and conversation
//! briefs. The profile becomes the store's admin when it creates the first unit on a store
//! without an admin.

use crate::context::Context;
use crate::error::BadInput;
use crate::render;
use crate::time_arg::parse_day;
use anneal_core::privacy::Shift;
use anneal_service::org::summary::UnitSummary;
use anneal_service::org::{OrgError, admin, briefs, invites, sharing, summary};
use anneal_store::org::{Role, UnitId};
use anneal_store::{User, UserId};
use anyhow::Context as _;
use chrono::{NaiveDate, Utc};
use serde::Serialize;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Every unit with its rules, members and leaders (admins).
    Units {
        #[arg(long)]
        json: bool,
    },
    /// Create, rename, move or archive a unit (admins).
    #[command(subcommand)]
    Unit(UnitCommand),
    /// Set a unit's privacy rules (admins): k between 3 and 20, noise ε 0.1–10 (always on;
    /// leave out --epsilon or --budget to keep the current value).
    Rules {
        /// The unit, by id or name.
        unit: String,
        /// The smallest group whose figures are shown.
        #[arg(long)]
        k: u32,
        /// Noise: ε per weekly release (0.1–10); left out, the current ε stays.
        #[arg(long)]
        epsilon: Option<f64>,
        /// The ε a unit may spend per quarter (at least ε, at most 140); left out, the current
        /// budget stays.
        #[arg(long)]
        budget: Option<f64>,
        #[arg(long)]
        json: bool,
    },
    /// Make an invite link into a unit (admins, or leaders of the unit or above).
    Invite {
        /// The unit, by id or name.
        unit: String,
        /// The person becomes a leader of the unit (not a member of it).
        #[arg(long)]
        leader: bool,
        /// Days until the link expires (1–30).
        #[arg(long, default_value_t = invites::DEFAULT_TTL_DAYS)]
        days: i64,
        #[arg(long)]
        json: bool,
    },
    /// Join a unit with an invite token, as the current profile.
    Join {
        /// The token from the invite link (the part after /invites/).
        token: String,
        #[arg(long)]
        json: bool,
    },
    /// Share your weekly pulse with your unit (on), stop (off), or see the rules (no argument).
    Share {
        #[arg(value_parser = ["on", "off"])]
        state: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Make someone a leader of a unit, or stop (admins).
    Leader {
        /// The unit, by id or name.
        unit: String,
        /// The person's username. (Its id is not `user`: that is the global `--user`, whose value
        /// clap would otherwise overwrite with this one, running the command as the new leader.)
        #[arg(value_name = "USER")]
        person: String,
        /// Remove them as a leader instead.
        #[arg(long)]
        remove: bool,
    },
    /// Every account's id and username (admins).
    Users {
        #[arg(long)]
        json: bool,
    },
    /// A unit's figures over a period, as its leaders see them.
    Summary {
        /// The unit, by id or name.
        unit: String,
        /// First week of the period (any day in it), YYYY-MM-DD. Default: 8 weeks up to --to.
        #[arg(long, value_parser = parse_day)]
        from: Option<NaiveDate>,
        /// Last week of the period (any day in it), YYYY-MM-DD. Default: last week.
        #[arg(long, value_parser = parse_day)]
        to: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Draft or send a conversation brief to a leader of your unit.
    #[command(subcommand)]
    Brief(BriefCommand),
    /// Briefs people sent you as their leader.
    Inbox {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum UnitCommand {
    /// Create a unit, at the top or under --parent.
    Add {
        name: String,
        /// The unit it sits in, by id or name.
        #[arg(long)]
        parent: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Rename a unit.
    Rename { unit: String, name: String },
    /// Move a unit under another (--parent), or to the top (--top).
    Move {
        unit: String,
        #[arg(long, conflicts_with = "top", required_unless_present = "top")]
        parent: Option<String>,
        #[arg(long)]
        top: bool,
    },
    /// Archive a unit (a label: its members and figures stay).
    Archive { unit: String },
}

#[derive(Debug, clap::Subcommand)]
pub enum BriefCommand {
    /// A draft from your latest results and plan, to edit and send.
    Draft,
    /// Send a brief to a leader of your unit: --text, or the draft as it is.
    Send {
        /// The leader's username.
        #[arg(long)]
        to: String,
        /// What to send (1–4000 characters). Without it, the draft is sent.
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

/// Maps an organisation error onto the CLI's exit codes: anything the person can act on
/// (forbidden, bad input, not found, a conflict) is exit code 2.
fn from_org(e: OrgError) -> anyhow::Error {
    match e {
        OrgError::Forbidden(m)
        | OrgError::Invalid(m)
        | OrgError::NotFound(m)
        | OrgError::Conflict(m) => BadInput(m).into(),
        other => other.into(),
    }
}

fn print_json(value: &impl Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

pub async fn run(ctx: &Context, command: Command) -> anyhow::Result<()> {
    let me = ctx.user_or_create().await?;
    let store = ctx.store.as_ref();
    let now = Utc::now();
    match command {
        Command::Units { json } => {
            let units = admin::list_units(store, me.id).await.map_err(from_org)?;
            if json {
                return print_json(&units);
            }
            if units.is_empty() {
                println!("No units yet. Create one with `anneal org unit add NAME`.");
            }
            for u in &units {
                let leaders: Vec<&str> = u.leaders.iter().map(|l| l.username.as_str()).collect();
                let noise = match u.rules.epsilon {
                    Some(e) => format!(", noise ε {e}"),
                    None => String::new(),
                };
                println!(
                    "{:>4}  {}{}  {}",
                    u.id.0,
                    "  ".repeat(u.depth),
                    render::heading(&u.name),
                    render::dim(&format!(
                        "{} members, k {}{noise}{}{}",
                        u.members,
                        u.rules.k,
                        if leaders.is_empty() {
                            String::new()
                        } else {
                            format!(", led by {}", leaders.join(", "))
                        },
                        if u.archived_at.is_some() {
                            ", archived"
                        } else {
                            ""
                        }
                    ))
                );
            }
            Ok(())
        }
        Command::Unit(c) => unit_command(ctx, &me, c).await,
        Command::Rules {
            unit,
            k,
            epsilon,
            budget,
            json,
        } => {
            let unit = resolve_unit(ctx, &unit).await?;
            let changed = admin::set_rules(
                store,
                me.id,
                unit,
                admin::RulesRequest {
                    k,
                    epsilon,
                    quarterly_budget: budget,
                },
                now,
            )
            .await
            .map_err(from_org)?;
            if json {
                return print_json(&changed);
            }
            println!("{}", changed.describe());
            Ok(())
        }
        Command::Invite {
            unit,
            leader,
            days,
            json,
        } => {
            let unit = resolve_unit(ctx, &unit).await?;
            let ttl = invites::check_ttl_days(days).map_err(from_org)?;
            let role = if leader { Role::Leader } else { Role::Member };
            let invite = invites::create_invite(store, me.id, unit, role, ttl, now)
                .await
                .map_err(from_org)?;
            if json {
                return print_json(&invite);
            }
            println!("Invite link: {}", invite.url_path);
            println!("Token: {}", invite.token);
            println!(
                "{}",
                render::dim(&format!(
                    "It works once, until {}. Send it to one person; they join with `anneal org join TOKEN` or by opening the link on this Anneal's web address.",
                    invite.expires_at.format("%Y-%m-%d %H:%M UTC")
                ))
            );
            Ok(())
        }
        Command::Join { token, json } => {
            let joined = invites::accept_invite(store, &token, me.id, now)
                .await
                .map_err(from_org)?;
            if json {
                return print_json(&joined);
            }
            match joined.role {
                Role::Leader => {
                    println!(
                        "You now lead {}. Leading does not make you a member.",
                        joined.unit_name
                    );
                    println!(
                        "{}",
                        render::dim(&format!(
                            "See its figures with `anneal org summary {}`.",
                            joined.unit.0
                        ))
                    );
                }
                Role::Member => {
                    println!("You joined {} as a member.", joined.unit_name);
                    println!(
                        "{}",
                        render::dim(
                            "Nothing of yours is shared until you turn it on with `anneal org share on`."
                        )
                    );
                }
            }
            Ok(())
        }
        Command::Share { state, json } => {
            if let Some(state) = state {
                sharing::set_sharing(store, me.id, None, state == "on", now)
                    .await
                    .map_err(from_org)?;
            }
            let view = sharing::rules_for_person(store, me.id, now)
                .await
                .map_err(from_org)?;
            if json {
                return print_json(&view);
            }
            match view {
                Some(view) => {
                    println!(
                        "{} — sharing {}",
                        render::heading(&view.unit_name),
                        if view.sharing { "on" } else { "off" }
                    );
                    println!("  {}", view.members.words);
                    for line in &view.words {
                        println!("  {line}");
                    }
                }
                None => println!(
                    "You do not belong to a unit. Join one with an invite: `anneal org join TOKEN`."
                ),
            }
            Ok(())
        }
        Command::Leader {
            unit,
            person: user,
            remove,
        } => {
            let unit = resolve_unit(ctx, &unit).await?;
            let person = resolve_user(ctx, &user).await?;
            admin::set_leader(store, me.id, unit, person, !remove)
                .await
                .map_err(from_org)?;
            if remove {
                println!("{user} no longer leads unit {}.", unit.0);
            } else {
                println!("{user} now leads unit {} and every unit below it.", unit.0);
            }
            Ok(())
        }
        Command::Users { json } => {
            let users = admin::list_users(store, me.id).await.map_err(from_org)?;
            if json {
                return print_json(&users);
            }
            for u in &users {
                println!("{:>5}  {}", u.id.0, u.username);
            }
            Ok(())
        }
        Command::Summary {
            unit,
            from,
            to,
            json,
        } => {
            let unit = resolve_unit(ctx, &unit).await?;
            let s = summary::unit_summary(store, me.id, unit, from, to, now)
                .await
                .map_err(from_org)?;
            if json {
                return print_json(&s);
            }
            print_summary(&s);
            Ok(())
        }
        Command::Brief(BriefCommand::Draft) => {
            let draft = briefs::draft_brief(store, me.id, now)
                .await
                .map_err(from_org)?;
            print!("{draft}");
            println!(
                "{}",
                render::dim(
                    "Edit it as you like, then send it with `anneal org brief send --to LEADER --text \"…\"`. Only that text is sent."
                )
            );
            Ok(())
        }
        Command::Brief(BriefCommand::Send { to, text, json }) => {
            let leader = resolve_user(ctx, &to).await?;
            let text = match text {
                Some(text) => text,
                None => briefs::draft_brief(store, me.id, now)
                    .await
                    .map_err(from_org)?,
            };
            let sent = briefs::send_brief(store, me.id, leader, &text, now)
                .await
                .map_err(from_org)?;
            if json {
                return print_json(&sent);
            }
            println!("Sent to {to}. Only this text was shared; nothing else about you.");
            Ok(())
        }
        Command::Inbox { json } => {
            let inbox = briefs::inbox(store, me.id).await.map_err(from_org)?;
            if json {
                return print_json(&inbox);
            }
            if inbox.is_empty() {
                println!("No briefs.");
            }
            for b in &inbox {
                println!(
                    "{}",
                    render::heading(&format!(
                        "From {} — {}",
                        b.from.username,
                        b.sent_at.format("%Y-%m-%d %H:%M UTC")
                    ))
                );
                for line in b.text.lines() {
                    println!("  {line}");
                }
                println!();
            }
            Ok(())
        }
    }
}

async fn unit_command(ctx: &Context, me: &User, command: UnitCommand) -> anyhow::Result<()> {
    let store = ctx.store.as_ref();
    let now = Utc::now();
    match command {
        UnitCommand::Add { name, parent, json } => {
            let parent = match parent {
                Some(p) => Some(resolve_unit(ctx, &p).await?),
                None => None,
            };
            let became_admin = !store.is_admin(me.id).await?
                && admin::claim_admin_if_none(store, me.id)
                    .await
                    .map_err(from_org)?;
            let unit = admin::create_unit(store, me.id, &name, parent, now)
                .await
                .map_err(from_org)?;
            if json {
                return print_json(&unit);
            }
            if became_admin {
                println!(
                    "{}",
                    render::dim(&format!(
                        "This store had no admin; {} is its admin now.",
                        me.username
                    ))
                );
            }
            println!(
                "Created unit {} ({}), k = {}, noise ε {}.",
                unit.id.0,
                unit.name,
                unit.rules.k,
                unit.rules
                    .epsilon
                    .unwrap_or(anneal_core::privacy::DEFAULT_EPSILON)
            );
            Ok(())
        }
        UnitCommand::Rename { unit, name } => {
            let unit = resolve_unit(ctx, &unit).await?;
            let renamed = admin::rename_unit(store, me.id, unit, &name)
                .await
                .map_err(from_org)?;
            println!("Unit {} is now called {}.", renamed.id.0, renamed.name);
            Ok(())
        }
        UnitCommand::Move { unit, parent, top } => {
            let unit = resolve_unit(ctx, &unit).await?;
            let parent = match (parent, top) {
                (Some(p), false) => Some(resolve_unit(ctx, &p).await?),
                _ => None,
            };
            let moved = admin::move_unit(store, me.id, unit, parent, now)
                .await
                .map_err(from_org)?;
            match moved.parent {
                Some(p) => println!("Unit {} now sits in unit {}.", moved.id.0, p.0),
                None => println!("Unit {} is now a top-level unit.", moved.id.0),
            }
            Ok(())
        }
        UnitCommand::Archive { unit } => {
            let unit = resolve_unit(ctx, &unit).await?;
            let archived = admin::archive_unit(store, me.id, unit, now)
                .await
                .map_err(from_org)?;
            println!(
                "Unit {} ({}) is archived; its members and figures stay.",
                archived.id.0, archived.name
            );
            Ok(())
        }
    }
}

/// A unit by id, or by its exact name (case-insensitive) when that names exactly one.
async fn resolve_unit(ctx: &Context, text: &str) -> anyhow::Result<UnitId> {
    if let Ok(id) = text.trim().parse::<i64>() {
        return Ok(UnitId(id));
    }
    let wanted = text.trim().to_lowercase();
    let matches: Vec<_> = ctx
        .store
        .units()
        .await?
        .into_iter()
        .filter(|u| u.name.to_lowercase() == wanted)
        .collect();
    match matches.as_slice() {
        [one] => Ok(one.id),
        [] => Err(BadInput(format!(
            "unit {text:?}: no unit has that name; give a unit id or an exact name (see `anneal org units`)"
        ))
        .into()),
        many => Err(BadInput(format!(
            "unit {text:?}: {} units have that name (ids {}); give the id",
            many.len(),
            many.iter()
                .map(|u| u.id.0.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .into()),
    }
}

/// An account by username.
async fn resolve_user(ctx: &Context, username: &str) -> anyhow::Result<UserId> {
    ctx.store
        .user_by_name(username.trim())
        .await
        .context("looking up the account")?
        .map(|u| u.id)
        .ok_or_else(|| BadInput(format!("user {username:?}: no account has that username")).into())
}

fn shift_words(shift: &Shift) -> String {
    match shift {
        Shift::Real {
            direction,
            difference,
            margin,
        } => format!(
            "a real shift, {} {:.0} points (chance alone: ± {margin:.0})",
            direction.as_str(),
            difference.abs()
        ),
        Shift::NoClearChange { margin } => format!("no clear change (within ± {margin:.0})"),
        Shift::NotEnoughData => "not enough data to say".to_string(),
    }
}

fn print_summary(s: &UnitSummary) {
    let f = &s.figures;
    println!(
        "{}",
        render::heading(&format!(
            "{} — {} weeks, {} to {} (k = {})",
            s.unit.name,
            s.window.weeks(),
            s.window.from,
            s.window.to,
            s.k
        ))
    );
    println!("Weeks shown  {} of {}", f.weeks_shown, s.window.weeks());
    if let Some(p) = f.participation {
        println!("Participation  {:.0} % of members checked in", p * 100.0);
    }
    let margin = |m: f64| {
        if m > 0.0 {
            format!(" ± {m:.0}")
        } else {
            String::new()
        }
    };
    if let Some(b) = &f.burnout {
        println!(
            "Burnout   {} {:>3.0}{}  {}",
            render::bar(b.mean.value, 20),
            b.mean.value,
            margin(b.mean.margin90),
            render::band(b.band)
        );
    }
    if let Some(r) = &f.rustout {
        println!(
            "Rust-out  {} {:>3.0}{}  {}",
            render::bar(r.mean.value, 20),
            r.mean.value,
            margin(r.mean.margin90),
            render::band(r.band)
        );
    }
    if let Some(c) = &f.balance {
        println!(
            "Balance   {:+.0}{}  {}",
            c.value,
            margin(c.margin90),
            render::balance_words(c.value)
        );
    }
    if let Some(z) = &f.zones {
        println!(
            "Zones     thriving {:.0} % · burnout {:.0} % · rust-out {:.0} % · both {:.0} %",
            z.thriving, z.burnout, z.rustout, z.both
        );
    }
    if let Some(stuck) = &f.stuck {
        println!(
            "Stuck     {:.0} \"I feel stuck\" flags",
            stuck.value.max(0.0)
        );
    }
    if !f.standing_out.is_empty() {
        let list: Vec<String> = f
            .standing_out
            .iter()
            .map(|d| {
                format!(
                    "{} {:.0} ({})",
                    d.id.replace('_', " "),
                    d.mean.value,
                    d.band
                )
            })
            .collect();
        println!("Standing out  {}", list.join(", "));
    }
    if f.trend.len() > 1 {
        let b: Vec<f64> = f.trend.iter().filter_map(|t| t.burnout).collect();
        let r: Vec<f64> = f.trend.iter().filter_map(|t| t.rustout).collect();
        println!(
            "Trend     burnout {}  rust-out {}",
            render::sparkline(&b),
            render::sparkline(&r)
        );
    }
    println!(
        "Change against {} to {}: burnout {}; rust-out {}",
        s.change.compared_with.from,
        s.change.compared_with.to,
        shift_words(&s.change.burnout),
        shift_words(&s.change.rustout)
    );
    for sub in &s.sub_units {
        println!(
            "{}",
            render::dim(&format!(
                "  below: {} (id {}) — `anneal org summary {}`",
                sub.name, sub.id.0, sub.id.0
            ))
        );
    }
    println!();
    if !s.practices.is_empty() {
        println!("{}", render::heading("Practices for this picture"));
        for (i, p) in s.practices.iter().enumerate() {
            println!("{}. {}", i + 1, render::heading(&p.title));
            println!("   {}", render::dim(&format!("Why: {}", p.reason)));
            for a in &p.actions {
                println!("   - {} ({})", a.text, a.cadence);
            }
        }
        println!();
    }
    for note in &s.notes {
        println!("{}", render::dim(note));
    }
}
