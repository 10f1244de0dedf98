//! Helpers for HTML forms: per-field error messages to show next to the inputs.
//!
//! A handler that finds problems re-renders its page with the person's input and a
//! [`FormErrors`], with status 422; the template shows `errors.get("field")` next to each input
//! (and links the message with `aria-describedby`), and `errors.summary()` at the top.

/// Problems with a submitted form, by field name, in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormErrors(Vec<(String, String)>);

impl FormErrors {
    pub fn new() -> FormErrors {
        FormErrors::default()
    }

    /// Records a problem with `field`.
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push((field.into(), message.into()));
    }

    /// The first problem with `field`, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    /// Whether `field` has a problem (for `aria-invalid`).
    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every problem, in order, as (field, message).
    pub fn summary(&self) -> &[(String, String)] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_first_message_per_field_and_the_order() {
        let mut e = FormErrors::new();
        assert!(e.is_empty());
        e.add("password", "too short");
        e.add("username", "empty");
        e.add("password", "second");
        assert_eq!(e.get("password"), Some("too short"));
        assert!(e.has("username"));
        assert!(!e.has("other"));
        assert_eq!(e.summary().len(), 3);
        assert_eq!(e.summary()[1].0, "username");
    }
}
