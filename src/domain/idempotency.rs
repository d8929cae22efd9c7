//! Idempotency keys: the text a script passes with `--idempotency-key`.

use std::fmt;

use super::{Error, quoted};

/// Longest idempotency key, in Unicode scalar values.
pub const MAX_IDEMPOTENCY_KEY_CHARS: usize = 256;

/// An `--idempotency-key`: 1 to 256 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// Checks a key as given on the command line.
    pub fn parse(key: &str) -> Result<Self, Error> {
        let chars = key.chars().count();
        if key.chars().any(char::is_control) || chars == 0 || chars > MAX_IDEMPOTENCY_KEY_CHARS {
            return Err(Error::Invalid(format!(
                "invalid idempotency key {}: expected 1 to {MAX_IDEMPOTENCY_KEY_CHARS} characters, none of them control characters",
                quoted(key)
            )));
        }
        Ok(Self(key.to_owned()))
    }

    /// The key.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_one_to_256_characters_without_control_characters() {
        assert!(IdempotencyKey::parse("deploy-42").is_ok());
        assert!(IdempotencyKey::parse(&"é".repeat(256)).is_ok());
        for bad in ["", "a\nb", "tab\there", &"k".repeat(257)] {
            let err = IdempotencyKey::parse(bad).unwrap_err();
            assert_eq!(err.kind(), crate::domain::ErrorKind::Invalid, "{bad:?}");
        }
    }

    #[test]
    fn a_key_is_kept_and_shown_exactly_as_given() {
        let key = IdempotencyKey::parse(" deploy-42 ").unwrap();
        assert_eq!(key.as_str(), " deploy-42 ");
        assert_eq!(key.to_string(), " deploy-42 ");
    }

    #[test]
    fn a_long_rejected_key_is_shortened_in_the_message() {
        let err = IdempotencyKey::parse(&"k".repeat(5000)).unwrap_err();
        assert!(err.to_string().len() < 300, "{err}");
    }
}
