//! Quantities: whole numbers every JSON reader keeps exact.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use super::Error;
use super::name::quoted;

/// A stock level from 0 to 2^53-1.
///
/// The upper bound is the largest integer an IEEE double (and so every JSON
/// reader, `jq` included) represents exactly; above it, scripts would read a
/// different number than the one stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Quantity(u64);

impl Quantity {
    /// The largest quantity: 2^53 - 1.
    pub const MAX: Self = Self((1 << 53) - 1);

    /// Parses a quantity given on the command line: ASCII digits only, no
    /// sign.
    ///
    /// The digits are checked here rather than left to `u64::from_str`,
    /// which would also take `+3`.
    pub fn parse(input: &str) -> Result<Self, Error> {
        let text = input.trim();
        let is_number = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if text.strip_prefix('-').is_some_and(is_number) {
            // A negative integer is a number out of range, not a typo.
            return Err(Self::out_of_range(input));
        }
        if !is_number(text) {
            return Err(Error::Invalid(format!(
                "invalid quantity {}: expected a whole number from 0 to {}",
                quoted(input),
                Self::MAX.0
            )));
        }
        text.parse::<u64>()
            .ok()
            .and_then(Self::new)
            .ok_or_else(|| Self::out_of_range(input))
    }

    fn out_of_range(input: &str) -> Error {
        Error::Invalid(format!(
            "invalid quantity {}: must be from 0 to {}",
            quoted(input),
            Self::MAX.0
        ))
    }

    /// Wraps `value` when it is in range.
    #[must_use]
    pub fn new(value: u64) -> Option<Self> {
        (value <= Self::MAX.0).then_some(Self(value))
    }

    /// The number itself.
    #[must_use]
    pub fn get(self) -> u64 {
        self.0
    }
}

impl Default for Quantity {
    /// `add` without `--qty` creates one of the item.
    fn default() -> Self {
        Self(1)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    /// Only quantities in range: a stored or imported number above 2^53-1
    /// is an error, not a silently different value.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = u64::deserialize(deserializer)?;
        Self::new(value).ok_or_else(|| {
            serde::de::Error::custom(format!("quantity {value} is above {}", Self::MAX.0))
        })
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_from_zero_to_two_to_the_53_minus_one_are_accepted() {
        assert_eq!(Quantity::parse("0").unwrap().get(), 0);
        assert_eq!(Quantity::parse("2").unwrap().get(), 2);
        assert_eq!(Quantity::parse(" 7 ").unwrap().get(), 7);
        assert_eq!(Quantity::parse("007").unwrap().get(), 7);
        assert_eq!(Quantity::parse("9007199254740991").unwrap(), Quantity::MAX);
        assert_eq!(Quantity::default().get(), 1);
    }

    #[test]
    fn quantities_out_of_range_or_not_numbers_are_invalid() {
        let table = [
            (
                "9007199254740992",
                "invalid quantity \"9007199254740992\": must be from 0 to 9007199254740991",
            ),
            (
                "99999999999999999999999",
                "invalid quantity \"99999999999999999999999\": must be from 0 to 9007199254740991",
            ),
            (
                "-1",
                "invalid quantity \"-1\": must be from 0 to 9007199254740991",
            ),
            (
                "abc",
                "invalid quantity \"abc\": expected a whole number from 0 to 9007199254740991",
            ),
            (
                "1.5",
                "invalid quantity \"1.5\": expected a whole number from 0 to 9007199254740991",
            ),
            (
                "",
                "invalid quantity \"\": expected a whole number from 0 to 9007199254740991",
            ),
            (
                "1e3",
                "invalid quantity \"1e3\": expected a whole number from 0 to 9007199254740991",
            ),
            (
                "--",
                "invalid quantity \"--\": expected a whole number from 0 to 9007199254740991",
            ),
            (
                "-",
                "invalid quantity \"-\": expected a whole number from 0 to 9007199254740991",
            ),
        ];
        for (input, message) in table {
            assert_eq!(Quantity::parse(input).unwrap_err().to_string(), message);
        }
    }

    #[test]
    fn a_quantity_has_no_sign() {
        for input in ["+3", "++3", "-+2", "+-2", "+0", "+", "3+", "\u{ff13}"] {
            assert_eq!(
                Quantity::parse(input).unwrap_err().to_string(),
                format!(
                    "invalid quantity {input:?}: expected a whole number from 0 to 9007199254740991"
                ),
            );
        }
    }

    #[test]
    fn new_refuses_values_above_the_maximum() {
        assert!(Quantity::new(1 << 53).is_none());
        assert_eq!(Quantity::new((1 << 53) - 1), Some(Quantity::MAX));
    }

    #[test]
    fn a_stored_quantity_reads_back_only_when_in_range() {
        assert_eq!(serde_json::from_str::<Quantity>("7").unwrap().get(), 7);
        assert_eq!(
            serde_json::from_str::<Quantity>("9007199254740991").unwrap(),
            Quantity::MAX
        );
        assert_eq!(
            serde_json::from_str::<Quantity>("9007199254740992")
                .unwrap_err()
                .to_string(),
            "quantity 9007199254740992 is above 9007199254740991"
        );
    }
}
