//! The optional risk context of a person's role (DESIGN §2.1): work that is known to raise the
//! risk of burnout (caring, emergency and first-response, heavy-workload roles) or of rust-out
//! (repetitive or predictable work, little room for creativity, skills left unused).
//!
//! It is the person's own description, entirely optional, and it never changes a score: it only
//! shapes which strategies come first and what their reasons say.

use serde::{Deserialize, Serialize};

/// What a person says about their role. Every flag is off by default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RiskContext {
    /// Caring for others is the core of the work (health, social care, teaching, counselling).
    pub caring: bool,
    /// Emergency or first-response work.
    pub emergency: bool,
    /// A role with a heavy workload as the normal state.
    pub heavy_workload: bool,
    /// Repetitive or predictable work.
    pub repetitive: bool,
    /// Little room for creativity or for doing things one's own way.
    pub little_creativity: bool,
    /// Skills and strengths the role leaves unused.
    pub skills_unused: bool,
}

/// One flag of a [`RiskContext`], for listing and for words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskRole {
    Caring,
    Emergency,
    HeavyWorkload,
    Repetitive,
    LittleCreativity,
    SkillsUnused,
}

impl RiskRole {
    /// Every role, in the order they are asked about.
    pub const ALL: [RiskRole; 6] = [
        RiskRole::Caring,
        RiskRole::Emergency,
        RiskRole::HeavyWorkload,
        RiskRole::Repetitive,
        RiskRole::LittleCreativity,
        RiskRole::SkillsUnused,
    ];

    /// The name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            RiskRole::Caring => "caring",
            RiskRole::Emergency => "emergency",
            RiskRole::HeavyWorkload => "heavy_workload",
            RiskRole::Repetitive => "repetitive",
            RiskRole::LittleCreativity => "little_creativity",
            RiskRole::SkillsUnused => "skills_unused",
        }
    }

    /// The question as a person reads it, answered yes or no.
    pub fn question(self) -> &'static str {
        match self {
            RiskRole::Caring => {
                "My work is mostly caring for, treating or supporting other people."
            }
            RiskRole::Emergency => "I work in emergency or first-response work.",
            RiskRole::HeavyWorkload => "A heavy workload is the normal state of my role.",
            RiskRole::Repetitive => "My work is mostly repetitive or predictable.",
            RiskRole::LittleCreativity => {
                "My role leaves little room for creativity or my own way of doing things."
            }
            RiskRole::SkillsUnused => "My role leaves skills I have unused.",
        }
    }

    /// Whether this role mostly raises the risk of burnout (true) or of rust-out (false).
    pub fn leans_burnout(self) -> bool {
        matches!(
            self,
            RiskRole::Caring | RiskRole::Emergency | RiskRole::HeavyWorkload
        )
    }

    /// Parses the JSON / command-line name.
    pub fn parse(name: &str) -> Option<RiskRole> {
        RiskRole::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

impl RiskContext {
    /// Whether `role` is set.
    pub fn has(&self, role: RiskRole) -> bool {
        match role {
            RiskRole::Caring => self.caring,
            RiskRole::Emergency => self.emergency,
            RiskRole::HeavyWorkload => self.heavy_workload,
            RiskRole::Repetitive => self.repetitive,
            RiskRole::LittleCreativity => self.little_creativity,
            RiskRole::SkillsUnused => self.skills_unused,
        }
    }

    /// Sets or clears `role`.
    pub fn set(&mut self, role: RiskRole, on: bool) {
        let flag = match role {
            RiskRole::Caring => &mut self.caring,
            RiskRole::Emergency => &mut self.emergency,
            RiskRole::HeavyWorkload => &mut self.heavy_workload,
            RiskRole::Repetitive => &mut self.repetitive,
            RiskRole::LittleCreativity => &mut self.little_creativity,
            RiskRole::SkillsUnused => &mut self.skills_unused,
        };
        *flag = on;
    }

    /// The roles that are set, in [`RiskRole::ALL`] order.
    pub fn roles(&self) -> Vec<RiskRole> {
        RiskRole::ALL.into_iter().filter(|r| self.has(*r)).collect()
    }

    /// True when nothing is set (the default: no context given).
    pub fn is_empty(&self) -> bool {
        self.roles().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_and_has_agree_for_every_role() {
        for role in RiskRole::ALL {
            let mut c = RiskContext::default();
            assert!(!c.has(role));
            c.set(role, true);
            assert!(c.has(role));
            assert_eq!(c.roles(), vec![role]);
            assert_eq!(RiskRole::parse(role.as_str()), Some(role));
            c.set(role, false);
            assert!(c.is_empty());
        }
    }

    #[test]
    fn json_names_match_the_role_names_and_unknown_fields_are_refused() {
        let mut c = RiskContext::default();
        for role in RiskRole::ALL {
            c.set(role, true);
        }
        let json = serde_json::to_value(c).unwrap();
        for role in RiskRole::ALL {
            assert_eq!(json[role.as_str()], serde_json::json!(true), "{role:?}");
        }
        let partial: RiskContext = serde_json::from_str(r#"{"caring":true}"#).unwrap();
        assert_eq!(partial.roles(), vec![RiskRole::Caring]);
        assert!(serde_json::from_str::<RiskContext>(r#"{"nurse":true}"#).is_err());
    }
}
