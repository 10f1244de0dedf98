//! What can go wrong when a plan item is created or changed.

use super::PlanStatus;

/// A plan draft or a change to a plan item that cannot be accepted.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// Only active items can be marked done or dismissed.
    #[error("plan item {id} is {status}; only an active plan item can be marked done or dismissed")]
    NotActive {
        /// The item's id.
        id: i64,
        /// Where the item stands now.
        status: PlanStatus,
    },
    /// The title is empty or only whitespace.
    #[error("the plan item's title is empty; write a few words saying what you will do")]
    EmptyTitle,
    /// The title has more characters than allowed.
    #[error("the plan item's title is too long; it may have at most {max} characters")]
    TitleTooLong {
        /// The most characters a title may have.
        max: usize,
    },
    /// The title holds a line break or another control character.
    #[error(
        "the plan item's title contains a line break or control character; a title is one line of text"
    )]
    TitleNotOneLine,
    /// An action or strategy id is too long or holds characters other than a-z, 0-9, `_`, `-`.
    #[error(
        "the plan item's {field} {value:?} is not an id: ids are 1 to {max} characters of a-z, 0-9, `_` and `-`"
    )]
    BadId {
        /// Which field: `action_id` or `strategy_id`.
        field: &'static str,
        /// The value given (cut to the allowed length, so an error message stays short).
        value: String,
        /// The most characters an id may have.
        max: usize,
    },
    /// The dismissal reason has more characters than allowed.
    #[error("the reason for dismissing is too long; it may have at most {max} characters")]
    ReasonTooLong {
        /// The most characters a reason may have.
        max: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_what_and_what_is_allowed() {
        let not_active = PlanError::NotActive {
            id: 7,
            status: PlanStatus::Done,
        };
        assert_eq!(
            not_active.to_string(),
            "plan item 7 is done; only an active plan item can be marked done or dismissed"
        );
        let too_long = PlanError::TitleTooLong { max: 200 };
        assert!(too_long.to_string().contains("at most 200 characters"));
        let bad_id = PlanError::BadId {
            field: "action_id",
            value: "Bad Id".to_string(),
            max: 64,
        };
        assert!(bad_id.to_string().contains("action_id \"Bad Id\""));
    }
}
