//! Deleting a person: first everything that will go, counted through the store's ordinary read
//! methods, so the person sees the whole list before they agree and again afterwards.

use crate::Result;
use anneal_core::plan::PlanKind;
use anneal_store::{Backend, ResponseKind, ResponseQuery, User};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Everything of one person that deleting their account removes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Inventory {
    pub username: String,
    /// Weekly pulse check-ins.
    pub pulses: u64,
    /// Full self-assessments.
    pub full_checks: u64,
    /// Plan items of every kind (actions, goals, learning-log entries, own actions).
    pub plan_items: u64,
    /// Of the plan items, the goals.
    pub goals: u64,
    /// Recommendations set aside.
    pub dismissals: u64,
    /// How many things the person said about their role (the risk context), if anything.
    pub risk_context: u64,
    /// Whether a journal was started (its passphrase-wrapped key goes too).
    pub journal: bool,
    /// Sealed journal entries: an export without the passphrase does not hold them.
    pub journal_entries: u64,
    /// API tokens, live and revoked.
    pub api_tokens: u64,
    /// Of the API tokens, those still live.
    pub live_api_tokens: u64,
    /// Whether the profile has a web password (its web sessions are all ended too).
    pub web_password: bool,
    /// The team the person belongs to, and whether they share their pulse with it.
    pub membership: Option<MembershipInfo>,
    /// Units the person leads.
    pub leads_units: u64,
    /// Whether the person is an organisation admin.
    pub admin: bool,
    /// Conversation briefs the person sent.
    pub briefs_sent: u64,
    /// Conversation briefs sent to the person as a leader.
    pub briefs_received: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MembershipInfo {
    pub unit: String,
    pub sharing: bool,
}

/// Counts everything of `user` that deleting the account removes.
pub async fn inventory(store: &dyn Backend, user: &User) -> Result<Inventory> {
    let id = user.id;
    let count_kind = async |kind| -> Result<u64> {
        let query = ResponseQuery {
            kind: Some(kind),
            ..ResponseQuery::default()
        };
        Ok(store.responses(id, query).await?.len() as u64)
    };
    let pulses = count_kind(ResponseKind::Checkin).await?;
    let full_checks = count_kind(ResponseKind::Assessment).await?;
    let plan = store.plan_items(id).await?;
    let tokens = store.api_tokens(id).await?;
    let membership = match store.membership(id).await? {
        Some(m) => Some(MembershipInfo {
            unit: store
                .unit(m.unit)
                .await?
                .map_or_else(|| format!("unit {}", m.unit.0), |u| u.name),
            sharing: m.sharing,
        }),
        None => None,
    };
    Ok(Inventory {
        username: user.username.clone(),
        pulses,
        full_checks,
        plan_items: plan.len() as u64,
        goals: plan.iter().filter(|p| p.kind == PlanKind::Goal).count() as u64,
        dismissals: store.dismissals(id, DateTime::<Utc>::MIN_UTC).await?.len() as u64,
        risk_context: store.risk_context(id).await?.roles().len() as u64,
        journal: store.journal_key(id).await?.is_some(),
        journal_entries: store.journal_entries(id).await?.len() as u64,
        api_tokens: tokens.len() as u64,
        live_api_tokens: tokens.iter().filter(|t| t.revoked_at.is_none()).count() as u64,
        web_password: user.password_hash.is_some(),
        membership,
        leads_units: store.units_led_by(id).await?.len() as u64,
        admin: store.is_admin(id).await?,
        briefs_sent: store.sent_briefs(id).await?.len() as u64,
        briefs_received: store.inbox(id).await?.len() as u64,
    })
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Inventory {
    /// One line per kind of data, for people: every count, also the zeros of the person's own
    /// data, so nothing looks skipped; organisation lines only where there is something.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![
            plural(self.pulses, "pulse check-in", "pulse check-ins"),
            plural(self.full_checks, "full check", "full checks"),
            format!(
                "{} ({})",
                plural(self.plan_items, "plan item", "plan items"),
                plural(self.goals, "goal", "goals")
            ),
            plural(
                self.dismissals,
                "recommendation set aside",
                "recommendations set aside",
            ),
            match (self.journal, self.journal_entries) {
                (false, _) => "no journal".to_string(),
                (true, n) => format!(
                    "{} and the journal's key",
                    plural(n, "journal entry", "journal entries")
                ),
            },
        ];
        if self.risk_context > 0 {
            lines.push(format!(
                "what you said about your role ({})",
                plural(self.risk_context, "answer", "answers")
            ));
        }
        if self.api_tokens > 0 {
            lines.push(format!(
                "{} ({} still live)",
                plural(self.api_tokens, "API token", "API tokens"),
                self.live_api_tokens
            ));
        }
        if self.web_password {
            lines.push("the web password, and every web session (logged out everywhere)".into());
        }
        if let Some(m) = &self.membership {
            lines.push(format!(
                "membership of {:?}{}",
                m.unit,
                if m.sharing {
                    ", and your shared pulses in its weeks not yet released (released weeks stay as sums, with nothing of you alone)"
                } else {
                    ""
                }
            ));
        }
        if self.leads_units > 0 {
            lines.push(format!(
                "leading {}",
                plural(self.leads_units, "unit", "units")
            ));
        }
        if self.admin {
            lines.push("the organisation admin role".into());
        }
        if self.briefs_sent > 0 {
            lines.push(plural(
                self.briefs_sent,
                "brief you sent",
                "briefs you sent",
            ));
        }
        if self.briefs_received > 0 {
            lines.push(plural(
                self.briefs_received,
                "brief sent to you",
                "briefs sent to you",
            ));
        }
        lines
    }

    /// Said plainly before the question whenever journal entries would go: the journal is
    /// sealed, and an export made without the passphrase does not hold it.
    pub fn journal_warning(&self) -> Option<String> {
        (self.journal_entries > 0).then(|| {
            let it = if self.journal_entries == 1 { "it" } else { "them" };
            format!(
                "Your {} sealed with your passphrase: an export without the passphrase does not \
                 contain {it}. Unless you exported with `anneal export --journal` (or with \
                 ANNEAL_PASSPHRASE set), deleting now loses {it} for good; importing an export made \
                 without the passphrase will not bring {it} back.",
                plural(self.journal_entries, "journal entry is", "journal entries are"),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_count_is_listed_and_the_journal_warning_only_with_entries() {
        let mut inv = Inventory {
            username: "me".into(),
            pulses: 2,
            full_checks: 1,
            plan_items: 3,
            goals: 1,
            dismissals: 0,
            journal: true,
            journal_entries: 1,
            ..Inventory::default()
        };
        let lines = inv.lines();
        assert_eq!(lines[0], "2 pulse check-ins");
        assert_eq!(lines[1], "1 full check");
        assert_eq!(lines[2], "3 plan items (1 goal)");
        assert_eq!(lines[3], "0 recommendations set aside");
        assert_eq!(lines[4], "1 journal entry and the journal's key");
        assert_eq!(
            lines.len(),
            5,
            "no organisation lines without organisation data"
        );
        let warning = inv.journal_warning().expect("a warning");
        assert!(warning.contains("1 journal entry is sealed"), "{warning}");
        assert!(
            warning.contains("an export without the passphrase does not contain it."),
            "{warning}"
        );
        inv.journal_entries = 0;
        assert_eq!(inv.journal_warning(), None);
        inv.membership = Some(MembershipInfo {
            unit: "Team".into(),
            sharing: true,
        });
        inv.api_tokens = 2;
        inv.live_api_tokens = 1;
        inv.web_password = true;
        inv.risk_context = 2;
        let lines = inv.lines();
        assert!(
            lines
                .iter()
                .any(|l| l == "what you said about your role (2 answers)")
        );
        assert!(lines.iter().any(|l| l == "2 API tokens (1 still live)"));
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("membership of \"Team\""))
        );
        assert!(lines.iter().any(|l| l.contains("web session")));
    }
}
