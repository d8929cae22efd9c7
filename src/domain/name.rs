//! Item and owner names: the normalisation rules of the contract (section 2)
//! and the case-insensitive key that uniqueness is decided by.

use std::borrow::Cow;
use std::fmt;

use unicode_normalization::UnicodeNormalization;

use super::Error;

/// Longest item name, in Unicode scalar values after normalisation.
pub const MAX_ITEM_NAME_CHARS: usize = 120;
/// Longest owner name, in Unicode scalar values after normalisation.
pub const MAX_OWNER_NAME_CHARS: usize = 64;

/// A normalised name and its key, shared by [`ItemName`] and [`OwnerName`].
#[derive(Debug, Clone, PartialEq, Eq)]
struct Name {
    display: String,
    key: String,
}

/// Rejects text with a control character (Unicode category Cc).
pub(crate) fn reject_control_characters(input: &str, what: &str) -> Result<(), Error> {
    match input.chars().find(|c| c.is_control()) {
        Some(c) => Err(Error::Invalid(format!(
            "invalid {what} {input:?}: control character U+{:04X} is not allowed",
            u32::from(c)
        ))),
        None => Ok(()),
    }
}

/// Applies the contract's name steps in order: reject control characters,
/// NFC, trim and collapse whitespace, reject empty and over-long text.
/// Names and units share it; `what` names the field in errors.
///
/// Control characters are checked before NFC on purpose: the rule is about
/// what the user typed, and NFC never removes a control character.
pub(crate) fn normalise(input: &str, what: &str, max_chars: usize) -> Result<String, Error> {
    reject_control_characters(input, what)?;
    // Printable ASCII is already in NFC: skip the normaliser for the
    // common case (an import spends much of its time here otherwise).
    let composed: Cow<'_, str> = if input.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        Cow::Borrowed(input)
    } else {
        Cow::Owned(input.nfc().collect())
    };
    let display = composed.split_whitespace().collect::<Vec<_>>().join(" ");
    if display.is_empty() {
        return Err(Error::Invalid(format!("invalid {what}: it is empty")));
    }
    let chars = display.chars().count();
    if chars > max_chars {
        return Err(Error::Invalid(format!(
            "invalid {what}: {chars} characters is longer than the limit of {max_chars}"
        )));
    }
    Ok(display)
}

impl Name {
    fn parse(input: &str, what: &str, max_chars: usize) -> Result<Self, Error> {
        let display = normalise(input, what, max_chars)?;
        let key = display.to_lowercase();
        Ok(Self { display, key })
    }
}

/// A validated, normalised item name.
///
/// The only way to build one is [`ItemName::parse`], so an unnormalised name
/// can never reach the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemName(Name);

impl ItemName {
    /// Normalises `input` and checks it against the item-name rules.
    pub fn parse(input: &str) -> Result<Self, Error> {
        Name::parse(input, "item name", MAX_ITEM_NAME_CHARS).map(Self)
    }

    /// The normalised form as the user gave it; this is what is stored and shown.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0.display
    }

    /// The case-folded key: two names are the same item name exactly when
    /// their keys are equal.
    #[must_use]
    pub fn key(&self) -> &str {
        &self.0.key
    }

    /// The key of a name that is already normalised, such as one read back
    /// from the database.
    #[must_use]
    pub fn key_of_normalised(name: &str) -> String {
        name.to_lowercase()
    }
}

impl fmt::Display for ItemName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A validated, normalised owner name: the namespace items live in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerName(Name);

impl OwnerName {
    /// Normalises `input` and checks it against the owner-name rules.
    pub fn parse(input: &str) -> Result<Self, Error> {
        Name::parse(input, "owner name", MAX_OWNER_NAME_CHARS).map(Self)
    }

    /// The normalised form, shown in the `owner` field of items.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0.display
    }

    /// The case-folded key owners are looked up by.
    #[must_use]
    pub fn key(&self) -> &str {
        &self.0.key
    }
}

impl fmt::Display for OwnerName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Turns `list --match TEXT` into the needle compared with name keys.
///
/// The text is composed (NFC) and lowercased like a key, but never trimmed,
/// so a user can look for a leading or trailing space. It is plain text:
/// `%` and `_` match themselves.
#[must_use]
pub fn match_needle(text: &str) -> String {
    text.nfc().collect::<String>().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ErrorKind;

    fn item(input: &str) -> (String, String) {
        let name = ItemName::parse(input).unwrap_or_else(|e| panic!("{input:?} rejected: {e}"));
        (name.as_str().to_owned(), name.key().to_owned())
    }

    fn rejected(input: &str) -> String {
        let err = ItemName::parse(input).expect_err(input);
        assert_eq!(err.kind(), ErrorKind::Invalid, "{input:?}");
        err.to_string()
    }

    #[test]
    fn names_are_normalised_as_the_contract_lists() {
        // (input, stored display name, key)
        let table = [
            ("milk", "milk", "milk"),
            ("  milk  ", "milk", "milk"),
            ("oat   milk", "oat milk", "oat milk"),
            ("Oat Milk", "Oat Milk", "oat milk"),
            ("MILK", "MILK", "milk"),
            // Decomposed e + COMBINING ACUTE becomes the single NFC scalar.
            ("cafe\u{301}", "caf\u{e9}", "caf\u{e9}"),
            ("caf\u{e9}", "caf\u{e9}", "caf\u{e9}"),
            // Unicode whitespace: no-break space, em space, ideographic space.
            ("a\u{a0}b", "a b", "a b"),
            ("\u{2003}a\u{2003}\u{2003}b\u{3000}", "a b", "a b"),
            // Lowercase beyond ASCII.
            ("\u{c4}PFEL", "\u{c4}PFEL", "\u{e4}pfel"),
            (
                "\u{3a3}\u{39f}\u{3a6}\u{399}\u{391}",
                "\u{3a3}\u{39f}\u{3a6}\u{399}\u{391}",
                "\u{3c3}\u{3bf}\u{3c6}\u{3b9}\u{3b1}",
            ),
            (
                "\u{41c}\u{41e}\u{41b}\u{41e}\u{41a}\u{41e}",
                "\u{41c}\u{41e}\u{41b}\u{41e}\u{41a}\u{41e}",
                "\u{43c}\u{43e}\u{43b}\u{43e}\u{43a}\u{43e}",
            ),
            // Punctuation that SQL LIKE would treat specially is just text.
            ("100%_cotton", "100%_cotton", "100%_cotton"),
            ("🥛 milk", "🥛 milk", "🥛 milk"),
        ];
        for (input, display, key) in table {
            assert_eq!(
                item(input),
                (display.to_owned(), key.to_owned()),
                "{input:?}"
            );
        }
    }

    #[test]
    fn names_differing_only_in_case_spacing_or_normal_form_collide() {
        let variants = ["Milk", " milk ", "MILK", "milk", "mIlK\u{a0}"];
        for v in variants {
            assert_eq!(ItemName::parse(v).unwrap().key(), "milk", "{v:?}");
        }
        assert_eq!(
            ItemName::parse("Cafe\u{301} Au Lait").unwrap().key(),
            ItemName::parse("caf\u{e9}  au lait").unwrap().key()
        );
    }

    #[test]
    fn control_characters_are_rejected_before_anything_else() {
        for input in [
            "a\tb",
            "milk\n",
            "\0",
            "a\u{7f}b",
            "a\u{85}b",
            "\u{1b}[31mred",
        ] {
            let message = rejected(input);
            assert!(
                message.contains("control character"),
                "{input:?}: {message}"
            );
        }
        assert_eq!(
            rejected("a\tb"),
            "invalid item name \"a\\tb\": control character U+0009 is not allowed"
        );
    }

    #[test]
    fn empty_and_blank_names_are_rejected() {
        for input in ["", " ", "\u{3000}", "\u{a0} \u{2003}"] {
            assert_eq!(
                rejected(input),
                "invalid item name: it is empty",
                "{input:?}"
            );
        }
    }

    #[test]
    fn item_names_may_have_120_characters_but_not_121() {
        let ok = "é".repeat(120);
        assert_eq!(ItemName::parse(&ok).unwrap().as_str().chars().count(), 120);
        // Decomposed input is counted after NFC: 120 scalars, 240 before.
        assert!(ItemName::parse(&"e\u{301}".repeat(120)).is_ok());
        // Surrounding whitespace does not count.
        assert!(ItemName::parse(&format!("  {}  ", "x".repeat(120))).is_ok());
        assert_eq!(
            rejected(&"x".repeat(121)),
            "invalid item name: 121 characters is longer than the limit of 120"
        );
        assert!(ItemName::parse(&"🥛".repeat(121)).is_err());
    }

    #[test]
    fn owner_names_may_have_64_characters_but_not_65() {
        assert!(OwnerName::parse(&"a".repeat(64)).is_ok());
        let err = OwnerName::parse(&"a".repeat(65)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid owner name: 65 characters is longer than the limit of 64"
        );
        assert_eq!(OwnerName::parse(" Alice ").unwrap().key(), "alice");
        assert!(OwnerName::parse("al\nice").is_err());
    }

    #[test]
    fn normalising_a_normalised_name_changes_nothing() {
        for input in ["  Oat \u{a0} MILK ", "cafe\u{301}", "x", "🥛 milk"] {
            let once = ItemName::parse(input).unwrap();
            let twice = ItemName::parse(once.as_str()).unwrap();
            assert_eq!(once, twice);
        }
    }

    #[test]
    fn match_needles_are_composed_and_lowercased_but_not_trimmed() {
        assert_eq!(match_needle("MILK"), "milk");
        assert_eq!(match_needle("Cafe\u{301}"), "caf\u{e9}");
        assert_eq!(match_needle(" oat"), " oat");
        assert_eq!(match_needle("%_"), "%_");
    }
}
