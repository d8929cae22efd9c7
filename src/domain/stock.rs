//! Stock movements: deltas, units, reorder levels, and the sparkline of a
//! quantity over time.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::name::{normalise, normalise_new, quoted, reject_control_characters};
use super::{Error, Quantity};

/// Longest unit, in Unicode scalar values after normalisation.
pub const MAX_UNIT_CHARS: usize = 32;

/// A signed change of stock: `+3`, `-2` or `3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delta(i64);

impl Delta {
    /// Parses a delta given on the command line: one optional sign, then
    /// ASCII digits only.
    ///
    /// The digits are checked here rather than left to `u64::from_str`,
    /// which takes a sign of its own: `++3` and `-+2` would otherwise pass.
    pub fn parse(input: &str) -> Result<Self, Error> {
        let text = input.trim();
        let (negative, digits) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let bad = || {
            Error::Invalid(format!(
                "invalid change {}: expected a whole number such as +3, -2 or 3, of at most {} either way",
                quoted(input),
                Quantity::MAX
            ))
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let magnitude = digits
            .parse::<u64>()
            .ok()
            .filter(|m| *m <= Quantity::MAX.get())
            .ok_or_else(bad)?;
        let magnitude = magnitude as i64;
        Ok(Self(if negative { -magnitude } else { magnitude }))
    }

    /// A delta given as a number (an `apply` line).
    pub fn new(value: i64) -> Result<Self, Error> {
        if value.unsigned_abs() > Quantity::MAX.get() {
            return Err(Error::Invalid(format!(
                "invalid change {value}: at most {} either way",
                Quantity::MAX
            )));
        }
        Ok(Self(value))
    }

    /// The delta from `before` to `after`.
    #[must_use]
    pub fn between(before: Quantity, after: Quantity) -> Self {
        Self(after.get() as i64 - before.get() as i64)
    }

    /// The signed amount.
    #[must_use]
    pub fn get(self) -> i64 {
        self.0
    }

    /// The change that undoes this one.
    #[must_use]
    pub fn inverse(self) -> Self {
        Self(-self.0)
    }

    /// `quantity + self`, or an error naming `item` when the result would
    /// leave 0..=2^53-1.
    pub fn apply(self, quantity: Quantity, item: &str) -> Result<Quantity, Error> {
        let result = quantity.get() as i64 + self.0;
        u64::try_from(result)
            .ok()
            .and_then(Quantity::new)
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "stock of {item:?} would be {result} ({quantity} {self}); it must stay from 0 to {}",
                    Quantity::MAX
                ))
            })
    }
}

impl fmt::Display for Delta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 >= 0 {
            write!(f, "+{}", self.0)
        } else {
            write!(f, "{}", self.0)
        }
    }
}

/// A unit of measure (`L`, `kg`, `boxes`), normalised like a name but
/// compared as written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Unit(String);

impl Unit {
    /// Normalises and checks a unit as one that may already be stored:
    /// format characters are let through, as in
    /// [`ItemName::parse`](super::ItemName::parse), so a unit saved before
    /// they were refused can be read back, exported and re-imported.
    pub fn parse(input: &str) -> Result<Self, Error> {
        normalise(input, "unit", MAX_UNIT_CHARS).map(Self)
    }

    /// Normalises and checks a unit being set (`add --unit`, `edit --unit`,
    /// an imported or applied unit): [`Unit::parse`]'s rules, and no
    /// invisible format characters.
    pub fn parse_new(input: &str) -> Result<Self, Error> {
        normalise_new(input, "unit", MAX_UNIT_CHARS).map(Self)
    }

    /// Wraps a unit read back from the database, where it was stored parsed.
    #[must_use]
    pub fn from_stored(unit: String) -> Self {
        Self(unit)
    }

    /// The unit as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Longest `--reason`, in Unicode scalar values.
pub const MAX_REASON_CHARS: usize = 500;

/// Checks a `--reason`: free text kept in the ledger, trimmed, without
/// control characters (a newline would break every line-based view of the
/// history).
pub fn parse_reason(input: &str) -> Result<String, Error> {
    reject_control_characters(input, "reason")?;
    let reason = input.trim();
    let chars = reason.chars().count();
    if chars > MAX_REASON_CHARS {
        return Err(Error::Invalid(format!(
            "invalid reason: {chars} characters is longer than the limit of {MAX_REASON_CHARS}"
        )));
    }
    Ok(reason.to_owned())
}

/// The eight block characters of a sparkline, lowest first.
const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// Draws `series` as a line of block characters, scaled from its lowest to
/// its highest value. A flat series is drawn at the lowest level.
#[must_use]
pub fn sparkline(series: &[u64]) -> String {
    let (Some(low), Some(high)) = (series.iter().min(), series.iter().max()) else {
        return String::new();
    };
    let span = high - low;
    series
        .iter()
        .map(|value| {
            if span == 0 {
                return BLOCKS[0];
            }
            // u128: (value - low) * 7 can exceed u64 for quantities near 2^53.
            let level = u128::from(value - low) * 7 / u128::from(span);
            BLOCKS[level as usize]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ErrorKind;

    fn q(n: u64) -> Quantity {
        Quantity::new(n).unwrap()
    }

    #[test]
    fn deltas_take_an_optional_sign() {
        let table = [
            ("+3", 3),
            ("-2", -2),
            ("3", 3),
            ("0", 0),
            ("-0", 0),
            (" +7 ", 7),
            ("-9007199254740991", -9_007_199_254_740_991),
        ];
        for (input, value) in table {
            assert_eq!(Delta::parse(input).unwrap().get(), value, "{input:?}");
        }
    }

    #[test]
    fn deltas_that_are_not_whole_numbers_or_too_large_are_invalid() {
        for input in [
            "",
            "+",
            "-",
            "1.5",
            "abc",
            "--1",
            "+-1",
            "1e3",
            "9007199254740992",
            "-99999999999999999999",
        ] {
            let err = Delta::parse(input).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Invalid, "{input:?}");
        }
    }

    #[test]
    fn a_delta_has_at_most_one_sign() {
        for input in [
            "++3",
            "-+2",
            "+-2",
            "--2",
            "+ 3",
            "- 2",
            "+3+",
            "3-",
            "+\u{ff13}",
            "\u{2212}2",
        ] {
            let err = Delta::parse(input).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Invalid, "{input:?}");
            assert_eq!(
                err.to_string(),
                format!(
                    "invalid change {input:?}: expected a whole number such as +3, -2 or 3, of at most 9007199254740991 either way"
                )
            );
        }
    }

    #[test]
    fn applying_a_delta_stays_within_zero_and_the_maximum() {
        assert_eq!(
            Delta::parse("+3").unwrap().apply(q(4), "milk").unwrap(),
            q(7)
        );
        assert_eq!(
            Delta::parse("-4").unwrap().apply(q(4), "milk").unwrap(),
            q(0)
        );
        let err = Delta::parse("-5").unwrap().apply(q(4), "milk").unwrap_err();
        assert_eq!(
            err.to_string(),
            "stock of \"milk\" would be -1 (4 -5); it must stay from 0 to 9007199254740991"
        );
        let err = Delta::parse("+1")
            .unwrap()
            .apply(Quantity::MAX, "milk")
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid);
    }

    #[test]
    fn the_delta_between_two_quantities_inverts() {
        let d = Delta::between(q(10), q(4));
        assert_eq!(d.get(), -6);
        assert_eq!(d.inverse().apply(q(4), "x").unwrap(), q(10));
        assert_eq!(d.to_string(), "-6");
        assert_eq!(d.inverse().to_string(), "+6");
    }

    #[test]
    fn new_units_are_normalised_like_lookup_units_but_refuse_hidden_characters() {
        for input in ["  kg ", "big   boxes", "m\u{b2}", "\u{1f95b}"] {
            assert_eq!(
                Unit::parse_new(input).ok(),
                Unit::parse(input).ok(),
                "{input:?}"
            );
        }
        for input in ["", "k\tg", &"u".repeat(33)] {
            assert!(Unit::parse_new(input).is_err(), "{input:?}");
        }
        assert_eq!(
            Unit::parse_new("\u{202e}gk").unwrap_err().to_string(),
            "invalid unit \"\\u{202e}gk\": contains the invisible format character U+202E"
        );
        assert_eq!(Unit::parse("\u{202e}gk").unwrap().as_str(), "\u{202e}gk");
    }

    #[test]
    fn units_are_normalised_and_limited() {
        assert_eq!(Unit::parse("  kg ").unwrap().as_str(), "kg");
        assert_eq!(Unit::parse("big   boxes").unwrap().as_str(), "big boxes");
        assert!(Unit::parse("").is_err());
        assert!(Unit::parse("k\tg").is_err());
        assert!(Unit::parse(&"u".repeat(32)).is_ok());
        assert!(Unit::parse(&"u".repeat(33)).is_err());
    }

    #[test]
    fn reasons_are_trimmed_text_without_control_characters() {
        assert_eq!(
            parse_reason("  used in build 418 ").unwrap(),
            "used in build 418"
        );
        assert_eq!(
            parse_reason("line\nbreak").unwrap_err().kind(),
            ErrorKind::Invalid
        );
        assert!(parse_reason(&"r".repeat(500)).is_ok());
        assert!(parse_reason(&"r".repeat(501)).is_err());
    }

    #[test]
    fn sparklines_scale_from_the_lowest_to_the_highest_value() {
        assert_eq!(sparkline(&[]), "");
        assert_eq!(sparkline(&[5]), "▁");
        assert_eq!(sparkline(&[3, 3, 3]), "▁▁▁");
        assert_eq!(sparkline(&[0, 1, 2, 3, 4, 5, 6, 7]), "▁▂▃▄▅▆▇█");
        assert_eq!(sparkline(&[10, 0, 5]), "█▁▄");
        assert_eq!(sparkline(&[0, Quantity::MAX.get()]), "▁█");
    }

    #[test]
    fn a_sparkline_that_does_not_start_at_zero_is_scaled_from_its_lowest_value() {
        assert_eq!(sparkline(&[10, 12, 17]), "▁▃█");
        assert_eq!(sparkline(&[40, 20, 30]), "█▁▄");
    }
}
