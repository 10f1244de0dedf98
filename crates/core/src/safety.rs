//! Safety (DESIGN §3.4): when `mood` is high, the result leads with professional-help guidance and
//! the configured support resources. Never a diagnosis, never hidden behind a click.
//!
//! The support resources come from a small TOML file: the shipped generic default
//! (`content/support.toml`, [`default_support`]) or an organisation's own, read by the binary from
//! `ANNEAL_SUPPORT_FILE` or `support.toml` in the configuration directory and checked by
//! [`parse_support`].

use crate::model::{Band, Score};
use crate::strategy::Problem;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use thiserror::Error;
use toml::Spanned;

/// The dimension that raises a safety notice.
pub const SAFETY_DIMENSION: &str = "mood";

/// Shown wherever a score is shown.
pub const SCREENING_NOTE: &str = "Anneal is a screening and reflection aid, not a diagnosis. \
Its scores describe your answers, not your health; only a qualified professional can assess that.";

/// The message of a high-level notice. It leads with talking to someone now and never names a
/// condition.
pub const HIGH_MESSAGE: &str = "Please talk to someone now; you don't have to wait. \
Your answers suggest your mood has been low often lately. A doctor, a licensed mental-health \
professional or someone you trust can help, and reaching out early makes it easier. If you might \
harm yourself or are in danger, call your local emergency number straight away.";

/// How urgent a safety notice is. Room for more levels later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SafetyLevel {
    /// `mood` is in the high band.
    High,
}

/// What leads a result when safety calls for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SafetyNotice {
    /// How urgent.
    pub level: SafetyLevel,
    /// What to do, leading with talking to someone now.
    pub message: String,
    /// The configured support resources, in order.
    pub resources: Vec<SupportResource>,
}

/// Someone to contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportResource {
    /// Who or what to contact.
    pub name: String,
    /// How to reach them.
    pub contact: String,
    /// When to use it, if said.
    pub note: Option<String>,
}

/// The support resources in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupportConfig {
    /// In the order they are shown.
    pub resources: Vec<SupportResource>,
    /// False for the shipped generic default: no local numbers have been set.
    pub configured: bool,
}

/// Problems in a support resources file: every one, each with file, line and field.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("the support resources file has {} problem(s):\n{}", .problems.len(), crate::strategy::problem_list(.problems))]
pub struct SupportError {
    /// Every problem found, in file order.
    pub problems: Vec<Problem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSupport {
    #[serde(default)]
    resource: Vec<Spanned<RawResource>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResource {
    name: Option<Spanned<String>>,
    contact: Option<Spanned<String>>,
    note: Option<Spanned<String>>,
}

/// Reads a support resources file (format in `content/support.toml`). `source_name` names the
/// file in error messages. The result counts as configured.
pub fn parse_support(source_name: &str, text: &str) -> Result<SupportConfig, SupportError> {
    let raw: RawSupport = toml::from_str(text).map_err(|e| SupportError {
        problems: vec![Problem::from_toml(source_name, text, &e)],
    })?;
    let mut problems = Vec::new();
    if raw.resource.is_empty() {
        problems.push(Problem {
            file: source_name.to_string(),
            line: None,
            field: "resource".to_string(),
            message: "no resources: list at least one [[resource]] with a name and a contact"
                .to_string(),
        });
    }
    let mut resources = Vec::new();
    for (i, r) in raw.resource.iter().enumerate() {
        let path = format!("resource[{}]", i + 1);
        let at = r.span().start;
        let mut field = |value: &Option<Spanned<String>>, name: &str, required: bool| match value {
            None if required => {
                problems.push(Problem::at(
                    source_name,
                    text,
                    at,
                    format!("{path}.{name}"),
                    format!("missing `{name}`"),
                ));
                None
            }
            None => None,
            Some(v) if v.get_ref().trim().is_empty() => {
                problems.push(Problem::at(
                    source_name,
                    text,
                    v.span().start,
                    format!("{path}.{name}"),
                    "must not be empty".to_string(),
                ));
                None
            }
            Some(v) => Some(v.get_ref().trim().to_string()),
        };
        let r = r.get_ref();
        let name = field(&r.name, "name", true);
        let contact = field(&r.contact, "contact", true);
        let note = field(&r.note, "note", false);
        if let (Some(name), Some(contact)) = (name, contact) {
            resources.push(SupportResource {
                name,
                contact,
                note,
            });
        }
    }
    if problems.is_empty() {
        Ok(SupportConfig {
            resources,
            configured: true,
        })
    } else {
        Err(SupportError { problems })
    }
}

/// The shipped generic resources (`content/support.toml`), marked not configured.
///
/// # Panics
/// Only if the embedded file is invalid, which this module's tests rule out.
pub fn default_support() -> &'static SupportConfig {
    static DEFAULT: OnceLock<SupportConfig> = OnceLock::new();
    DEFAULT.get_or_init(|| {
        let text = include_str!("../../../content/support.toml");
        match parse_support("content/support.toml", text) {
            Ok(config) => SupportConfig {
                configured: false,
                ..config
            },
            Err(e) => panic!("the built-in support resources are invalid: {e}"),
        }
    })
}

/// A notice when the score's `mood` is in the high band; `None` otherwise (also when the
/// instrument has no mood dimension, as the pulse does not).
pub fn safety_notice(score: &Score, support: &SupportConfig) -> Option<SafetyNotice> {
    let mood = score.dimension(SAFETY_DIMENSION)?;
    (mood.band == Band::High).then(|| SafetyNotice {
        level: SafetyLevel::High,
        message: HIGH_MESSAGE.to_string(),
        resources: support.resources.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DimensionScore, Index, IndexScore, Zone};

    fn score_with_mood(band: Option<Band>) -> Score {
        let low = IndexScore {
            score: 10.0,
            band: Band::Low,
        };
        Score {
            instrument: "spectrum".into(),
            instrument_version: 1,
            zone: Zone::Thriving,
            burnout: low,
            rustout: low,
            balance: None,
            dimensions: band
                .map(|band| DimensionScore {
                    id: "mood".into(),
                    index: Index::Shared,
                    score: 80.0,
                    band,
                })
                .into_iter()
                .collect(),
        }
    }

    #[test]
    fn notice_iff_mood_is_high() {
        let support = default_support();
        assert!(safety_notice(&score_with_mood(None), support).is_none());
        assert!(safety_notice(&score_with_mood(Some(Band::Low)), support).is_none());
        assert!(safety_notice(&score_with_mood(Some(Band::Moderate)), support).is_none());
        let notice = safety_notice(&score_with_mood(Some(Band::High)), support).unwrap();
        assert_eq!(notice.level, SafetyLevel::High);
        assert_eq!(notice.resources, support.resources);
    }

    #[test]
    fn message_leads_with_talking_now_and_never_diagnoses() {
        assert!(HIGH_MESSAGE.starts_with("Please talk to someone now; you don't have to wait."));
        for text in [HIGH_MESSAGE, SCREENING_NOTE] {
            let lower = text.to_lowercase();
            for forbidden in [
                "you have",
                "you are depressed",
                "you suffer",
                "diagnosed with",
            ] {
                assert!(!lower.contains(forbidden), "{forbidden:?} in {text:?}");
            }
        }
        assert!(SCREENING_NOTE.contains("not a diagnosis"));
    }

    #[test]
    fn level_is_lowercase_in_json() {
        assert_eq!(
            serde_json::to_string(&SafetyLevel::High).unwrap(),
            "\"high\""
        );
    }

    #[test]
    fn default_is_generic_and_not_configured() {
        let d = default_support();
        assert!(!d.configured);
        let names: Vec<&str> = d.resources.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names[0], "Emergency services");
        assert!(d.resources[0].contact.contains("emergency number"));
        let all = serde_json::to_string(&d.resources).unwrap().to_lowercase();
        for kind in [
            "therapist",
            "counsellor",
            "coach",
            "doctor",
            "employee assistance",
        ] {
            assert!(all.contains(kind), "default support lacks {kind}");
        }
        // Generic: no phone numbers of any one country.
        assert!(!all.chars().any(|c| c.is_ascii_digit()), "{all}");
    }

    #[test]
    fn default_file_says_where_to_set_local_numbers() {
        let text = include_str!("../../../content/support.toml");
        assert!(text.contains("ANNEAL_SUPPORT_FILE"));
        assert!(text.contains("support.toml"));
    }

    #[test]
    fn parses_an_organisation_file_as_configured() {
        let text = "[[resource]]\nname = \"Crisis line\"\ncontact = \"116 123\"\nnote = \"Free, any time\"\n\n[[resource]]\nname = \"Occupational health\"\ncontact = \"ext. 4242\"\n";
        let config = parse_support("org.toml", text).unwrap();
        assert!(config.configured);
        assert_eq!(
            config.resources,
            vec![
                SupportResource {
                    name: "Crisis line".into(),
                    contact: "116 123".into(),
                    note: Some("Free, any time".into()),
                },
                SupportResource {
                    name: "Occupational health".into(),
                    contact: "ext. 4242".into(),
                    note: None,
                },
            ]
        );
    }

    #[test]
    fn rejects_bad_files_with_file_line_and_field() {
        let text = "[[resource]]\nname = \"A\"\n\n[[resource]]\nname = \" \"\ncontact = \"x\"\nnote = \"\"\n";
        let err = parse_support("org.toml", text).unwrap_err();
        let shown: Vec<String> = err.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown,
            vec![
                "org.toml:1: resource[1].contact: missing `contact`",
                "org.toml:5: resource[2].name: must not be empty",
                "org.toml:7: resource[2].note: must not be empty",
            ]
        );
        assert!(err.to_string().contains("3 problem(s)"));
    }

    #[test]
    fn rejects_unknown_keys_empty_files_and_bad_toml() {
        let err = parse_support(
            "o.toml",
            "[[resource]]\nname = \"A\"\ncontact = \"b\"\nphone = \"1\"\n",
        )
        .unwrap_err();
        assert_eq!(err.problems[0].line, Some(4), "{err}");
        assert!(err.problems[0].message.contains("phone"), "{err}");

        let err = parse_support("o.toml", "").unwrap_err();
        assert!(err.problems[0].message.contains("no resources"), "{err}");

        let err = parse_support("o.toml", "[[resource]\n").unwrap_err();
        assert_eq!(err.problems[0].line, Some(1), "{err}");
    }
}
