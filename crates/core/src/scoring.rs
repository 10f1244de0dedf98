//! (in progress)
/// Item id → chosen value, as answered.
pub type Answers = std::collections::BTreeMap<String, i32>;
