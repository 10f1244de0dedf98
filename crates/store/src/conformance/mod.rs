//! The conformance ("story") suite every backend runs, so SQLite and PostgreSQL behave the same.
//!
//! Each story is a plain `pub async fn(&dyn Store)` (or `&dyn Backend`, for the organisation)
//! that checks one behaviour with real assertions and panics when the backend gets it wrong. A backend does not call them one by one:
//! its single integration test file invokes [`conformance_tests!`](crate::conformance_tests) with
//! a runner, which generates one `#[tokio::test]` per story, so a failure names the story.
//!
//! ```text
//! // crates/store-xyz/tests/conformance.rs
//! use anneal_store::conformance::Story;
//!
//! /// Makes a fresh store, runs the story on it, cleans up.
//! async fn run(name: &'static str, story: Story) {
//!     let store = XyzStore::open("xyz://fresh").await.expect("open");
//!     story(Box::new(store)).await;
//! }
//!
//! anneal_store::conformance_tests!(run);
//! ```
//!
//! The macro expands in the backend's test crate, which brings `tokio` as a dev-dependency; this
//! crate does not depend on any runtime.

mod accounts;
mod briefs;
mod cells;
mod context;
pub mod fixtures;
mod journal;
mod membership;
mod plan;
mod releases;
mod responses;
mod sessions;
mod tokens;
mod units;

pub use accounts::*;
pub use briefs::*;
pub use cells::*;
pub use context::*;
pub use journal::*;
pub use membership::*;
pub use plan::*;
pub use releases::*;
pub use responses::*;
pub use sessions::*;
pub use tokens::*;
pub use units::*;

/// Stories about one person take `&dyn Store`; stories about the organisation take
/// `&dyn Backend` (a `&dyn Backend` is also a `&dyn Store`).
pub use crate::Backend;
use std::future::Future;
use std::pin::Pin;

/// A running story: owns its store, so a runner can move it onto another task.
pub type StoryFuture = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// One story, ready to run on a store the runner made fresh for it.
pub type Story = fn(Box<dyn Backend>) -> StoryFuture;

/// Generates one `#[tokio::test]` per conformance story.
///
/// `$runner` is a path to an `async fn(name: &'static str, story: Story)` in the calling crate that
/// makes a fresh store, calls `story(Box::new(store)).await` and cleans up afterwards. The calling
/// crate needs `tokio` (with `macros` and `rt`) as a dev-dependency.
#[macro_export]
macro_rules! conformance_tests {
    ($runner:path) => {
        $crate::__conformance_tests_for! {
            $runner;
            // --- the story list (kept complete by a test in anneal_store::conformance) ---
            ping_answers,
            create_and_find_user,
            duplicate_username_is_a_conflict,
            delete_user_removes_their_responses,
            deleting_a_missing_user_is_not_found,
            usernames_with_nul_are_refused,
            response_round_trips_exactly,
            responses_come_back_oldest_first,
            kind_filter_keeps_one_kind,
            since_filter_is_inclusive,
            limit_keeps_the_newest,
            users_never_see_each_others_responses,
            insert_responses_stores_a_batch,
            insert_responses_is_all_or_nothing,
            response_for_a_missing_user_is_not_found,
            unstorable_responses_are_refused,
            count_responses_counts_one_person,
            deleting_a_response_removes_only_that_one,
            deleting_another_persons_response_is_not_found_and_unchanged,
            a_deleted_responses_id_is_never_reused,
            risk_context_is_absent_then_set_replaced_and_cleared,
            risk_contexts_are_per_person,
            delete_user_removes_everything_of_theirs,
            personal_writes_for_a_missing_user_are_not_found,
            count_users_counts_every_account,
            first_user_is_created_only_while_there_are_none,
            unstorable_first_users_are_refused,
            concurrent_first_user_setups_let_exactly_one_through,
            set_password_hash_replaces_only_that_hash,
            plan_items_round_trip_in_order,
            plan_progress_round_trips,
            a_plan_item_of_another_person_is_not_found_and_unchanged,
            unstorable_plan_text_is_refused,
            dismissals_since_is_inclusive_and_per_person,
            journal_key_is_absent_then_put_then_replaced,
            journal_entries_round_trip_bytes_exactly,
            journal_entries_are_per_person,
            unstorable_journal_prompts_are_refused,
            sessions_are_readable_until_they_expire,
            a_reused_session_token_hash_is_a_conflict,
            session_journal_key_is_set_replaced_and_cleared,
            delete_session_ends_only_that_session,
            delete_sessions_of_ends_only_that_persons_sessions,
            purge_expired_sessions_counts_and_keeps_the_live,
            unstorable_session_csrf_is_refused,
            api_tokens_round_trip_and_list_oldest_first,
            revoked_tokens_no_longer_authenticate,
            revoking_another_persons_token_is_not_found,
            a_duplicate_token_hash_is_a_conflict,
            unstorable_token_names_are_refused,
            api_token_times_round_trip_at_the_extremes,
            admins_are_set_per_person,
            list_users_lists_every_account_in_id_order,
            units_are_created_with_the_default_rules,
            bad_unit_writes_change_nothing,
            units_are_renamed_and_archived,
            moving_a_unit_refuses_cycles,
            members_joined_since_are_counted,
            week_floors_only_get_stricter,
            unit_rules_change_only_as_the_next_version,
            leaders_are_set_listed_and_removed,
            joining_puts_a_person_in_one_unit,
            sharing_is_set_only_for_the_persons_own_unit,
            invites_are_used_once_before_they_expire,
            a_leader_invite_makes_a_leader,
            concurrent_invite_accepts_let_exactly_one_through,
            briefs_reach_only_the_named_leader,
            briefs_go_only_from_a_member_to_a_leader_of_their_unit,
            marking_a_brief_read_keeps_the_first_time,
            a_shared_checkin_is_stored_and_counted,
            a_batch_of_shared_checkins_counts_as_one_by_one,
            a_second_checkin_in_a_week_replaces_the_first,
            cells_equal_the_sums_of_each_persons_last_checkin,
            concurrent_shared_checkins_are_all_counted_once,
            an_unshared_checkin_leaves_the_cells_unchanged,
            a_shared_checkin_needs_a_sharing_membership,
            unstorable_shared_checkins_are_refused,
            a_person_who_moves_mid_week_counts_once,
            leaving_or_stopping_sharing_takes_back_unreleased_checkins,
            a_released_week_takes_no_more_shared_checkins,
            deleting_a_person_takes_them_out_of_unreleased_cells_only,
            deleting_a_person_removes_their_place_in_the_organisation,
            deleting_a_shared_checkin_takes_it_out_of_its_open_week,
            deleting_a_replaced_or_unshared_checkin_leaves_the_cell,
            deleting_a_checkin_of_a_released_week_leaves_the_release_frozen,
            a_week_is_released_once,
            concurrent_releases_of_a_week_let_exactly_one_through,
            releases_read_back_per_unit_oldest_first,
            privacy_spend_adds_up_per_unit_and_quarter,
            bad_release_batches_change_nothing,
            aggregates_carry_no_person,
            // --- end of the story list ---
        }
    };
}

/// The expansion behind [`conformance_tests!`]; not for direct use.
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_tests_for {
    ($runner:path; $($story:ident),+ $(,)?) => {
        $(
            #[tokio::test]
            async fn $story() {
                fn story(
                    store: ::std::boxed::Box<dyn $crate::conformance::Backend>,
                ) -> $crate::conformance::StoryFuture {
                    ::std::boxed::Box::pin(async move {
                        $crate::conformance::$story(&*store).await;
                    })
                }
                $runner(::std::stringify!($story), story).await;
            }
        )+
    };
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// Every `pub async fn` in the given source text.
    fn story_functions(source: &str) -> BTreeSet<String> {
        source
            .lines()
            .filter_map(|line| line.trim_start().strip_prefix("pub async fn "))
            .filter_map(|rest| rest.split('(').next())
            .map(str::to_owned)
            .collect()
    }

    /// The names listed in `conformance_tests!`.
    fn listed_stories(source: &str) -> BTreeSet<String> {
        let start = source
            .find("// --- the story list")
            .expect("the story list start marker");
        let end = source
            .find("// --- end of the story list")
            .expect("the story list end marker");
        source[start..end]
            .lines()
            .skip(1)
            .map(|line| line.trim().trim_end_matches(','))
            .filter(|name| !name.is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn every_story_is_in_the_macro_list_and_nothing_else() {
        let mut defined = story_functions(include_str!("accounts.rs"));
        defined.extend(story_functions(include_str!("responses.rs")));
        defined.extend(story_functions(include_str!("plan.rs")));
        defined.extend(story_functions(include_str!("journal.rs")));
        defined.extend(story_functions(include_str!("sessions.rs")));
        defined.extend(story_functions(include_str!("tokens.rs")));
        defined.extend(story_functions(include_str!("units.rs")));
        defined.extend(story_functions(include_str!("membership.rs")));
        defined.extend(story_functions(include_str!("briefs.rs")));
        defined.extend(story_functions(include_str!("cells.rs")));
        defined.extend(story_functions(include_str!("releases.rs")));
        defined.extend(story_functions(include_str!("context.rs")));
        let listed = listed_stories(include_str!("mod.rs"));
        assert!(defined.len() >= 79, "found only {defined:?}");
        assert_eq!(
            defined, listed,
            "conformance_tests! must list exactly the stories defined in accounts.rs, \
             responses.rs, plan.rs, journal.rs, sessions.rs, tokens.rs, units.rs, \
             membership.rs, briefs.rs, cells.rs, releases.rs and context.rs"
        );
    }

    #[test]
    fn story_scanner_sees_names_and_skips_other_code() {
        let source = "pub async fn first(store: &dyn Store) {}\n    pub async fn second(x: u8) {}\nasync fn private() {}\npub fn not_a_story() {}\n";
        let found = story_functions(source);
        assert_eq!(
            found,
            ["first", "second"].into_iter().map(str::to_owned).collect()
        );
    }
}
