//! Checking a plan item before it is stored.

use super::{PlanDraft, PlanError};

/// The most characters a plan item's title may have.
pub const MAX_TITLE_CHARS: usize = 200;

/// The most characters an action or strategy id may have.
pub const MAX_ID_CHARS: usize = 64;

/// The most characters a reason for dismissing an item may have.
pub const MAX_REASON_CHARS: usize = 1000;

/// Validates and trims a draft.
///
/// The title is trimmed and must be non-empty, one line, and at most [`MAX_TITLE_CHARS`]
/// characters. Action and strategy ids are trimmed; an empty one becomes `None`, and any other
/// must be 1 to [`MAX_ID_CHARS`] characters of `a-z`, `0-9`, `_` and `-` (whether the id exists
/// in the catalogue is for the caller, who has the catalogue, to check).
///
/// A due date is allowed with any cadence: for a recurring item it is the date the rhythm
/// starts. A due date in the past is allowed too; the item is then simply overdue.
pub fn validate_draft(draft: PlanDraft) -> Result<PlanDraft, PlanError> {
    let title = validate_title(&draft.title)?;
    let action_id = validate_id("action_id", draft.action_id)?;
    let strategy_id = validate_id("strategy_id", draft.strategy_id)?;
    Ok(PlanDraft {
        title,
        action_id,
        strategy_id,
        ..draft
    })
}

fn validate_title(title: &str) -> Result<String, PlanError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(PlanError::EmptyTitle);
    }
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(PlanError::TitleTooLong {
            max: MAX_TITLE_CHARS,
        });
    }
    if title.chars().any(char::is_control) {
        return Err(PlanError::TitleNotOneLine);
    }
    Ok(title.to_string())
}

fn validate_id(field: &'static str, id: Option<String>) -> Result<Option<String>, PlanError> {
    let Some(id) = id else {
        return Ok(None);
    };
    let id = id.trim();
    if id.is_empty() {
        return Ok(None);
    }
    let well_formed = id.chars().count() <= MAX_ID_CHARS
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if !well_formed {
        return Err(PlanError::BadId {
            field,
            value: id.chars().take(MAX_ID_CHARS).collect(),
            max: MAX_ID_CHARS,
        });
    }
    Ok(Some(id.to_string()))
}

/// Trims a dismissal reason: an empty one becomes `None`; a long one is an error.
pub(super) fn validate_reason(reason: Option<String>) -> Result<Option<String>, PlanError> {
    let Some(reason) = reason else {
        return Ok(None);
    };
    let reason = reason.trim();
    if reason.is_empty() {
        return Ok(None);
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(PlanError::ReasonTooLong {
            max: MAX_REASON_CHARS,
        });
    }
    Ok(Some(reason.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::PlanKind;
    use crate::plan::test_support::utc;
    use crate::strategy::Cadence;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn draft(title: &str) -> PlanDraft {
        PlanDraft {
            kind: PlanKind::Action,
            action_id: Some("learning_pick_skill".to_string()),
            strategy_id: Some("seek_learning".to_string()),
            title: title.to_string(),
            cadence: Some(Cadence::Weekly),
            due: None,
            created_at: utc(2025, 3, 3, 10),
        }
    }

    #[test]
    fn trims_the_title_and_keeps_everything_else() {
        let checked = validate_draft(draft("  Read one chapter  ")).unwrap();
        assert_eq!(checked.title, "Read one chapter");
        assert_eq!(checked.action_id.as_deref(), Some("learning_pick_skill"));
        assert_eq!(checked.strategy_id.as_deref(), Some("seek_learning"));
        assert_eq!(checked.cadence, Some(Cadence::Weekly));
        assert_eq!(checked.created_at, utc(2025, 3, 3, 10));
    }

    #[test]
    fn rejects_an_empty_or_blank_title() {
        assert_eq!(validate_draft(draft("")), Err(PlanError::EmptyTitle));
        assert_eq!(validate_draft(draft(" \t ")), Err(PlanError::EmptyTitle));
    }

    #[test]
    fn title_length_is_counted_in_characters_after_trimming() {
        let just_fits = "é".repeat(MAX_TITLE_CHARS);
        assert!(validate_draft(draft(&format!("  {just_fits}  "))).is_ok());
        let too_long = "a".repeat(MAX_TITLE_CHARS + 1);
        assert_eq!(
            validate_draft(draft(&too_long)),
            Err(PlanError::TitleTooLong {
                max: MAX_TITLE_CHARS
            })
        );
    }

    #[test]
    fn rejects_a_title_with_a_line_break() {
        assert_eq!(
            validate_draft(draft("Walk\nat lunch")),
            Err(PlanError::TitleNotOneLine)
        );
    }

    #[test]
    fn a_recurring_item_may_have_a_start_date() {
        let mut d = draft("Walk at lunch");
        d.cadence = Some(Cadence::Daily);
        d.due = NaiveDate::from_ymd_opt(2025, 3, 10);
        assert_eq!(validate_draft(d.clone()), Ok(d));
    }

    #[test]
    fn blank_ids_become_none_and_malformed_ids_are_rejected() {
        let mut d = draft("Walk");
        d.action_id = Some("  ".to_string());
        d.strategy_id = Some(" self_care ".to_string());
        let checked = validate_draft(d).unwrap();
        assert_eq!(checked.action_id, None);
        assert_eq!(checked.strategy_id.as_deref(), Some("self_care"));

        let mut d = draft("Walk");
        d.action_id = Some("Walk Daily".to_string());
        assert!(matches!(
            validate_draft(d),
            Err(PlanError::BadId {
                field: "action_id",
                ..
            })
        ));
    }

    #[test]
    fn reasons_are_trimmed_and_limited() {
        assert_eq!(validate_reason(None), Ok(None));
        assert_eq!(validate_reason(Some("  ".to_string())), Ok(None));
        assert_eq!(
            validate_reason(Some(" not now ".to_string())),
            Ok(Some("not now".to_string()))
        );
        assert_eq!(
            validate_reason(Some("x".repeat(MAX_REASON_CHARS + 1))),
            Err(PlanError::ReasonTooLong {
                max: MAX_REASON_CHARS
            })
        );
    }

    proptest! {
        #[test]
        fn any_title_is_either_accepted_trimmed_or_rejected(title in any::<String>()) {
            match validate_draft(draft(&title)) {
                Ok(checked) => {
                    prop_assert_eq!(checked.title.as_str(), title.trim());
                    prop_assert!(!checked.title.is_empty());
                    prop_assert!(checked.title.chars().count() <= MAX_TITLE_CHARS);
                }
                Err(e) => {
                    let expected = matches!(
                        e,
                        PlanError::EmptyTitle
                            | PlanError::TitleTooLong { .. }
                            | PlanError::TitleNotOneLine
                    );
                    prop_assert!(expected, "unexpected error {:?}", e);
                }
            }
        }
    }
}
