//! Item and owner names: the normalisation rules of the contract (section 2)
//! and the case-insensitive key that uniqueness is decided by.

use std::fmt;

use unicode_general_category::{GeneralCategory, get_general_category};
use unicode_normalization::UnicodeNormalization;

use super::Error;

/// Longest item name, in Unicode scalar values after normalisation.
pub const MAX_ITEM_NAME_CHARS: usize = 120;
/// Longest owner name, in Unicode scalar values after normalisation.
pub const MAX_OWNER_NAME_CHARS: usize = 64;

/// The most characters of a user's input that an error message repeats.
const QUOTED_CHARS: usize = 60;

/// `input` as an error message quotes it: escaped as Rust's `{:?}` escapes
/// it, so a tab or a zero-width space shows as `\t` or `\u{200b}`, and cut
/// after 60 characters, so a pasted paragraph does not bury the message.
///
/// The `…` of a cut goes after the closing quote, where it cannot be taken
/// for part of the input.
pub(crate) fn quoted(input: &str) -> String {
    match input.char_indices().nth(QUOTED_CHARS) {
        Some((cut, _)) => format!("{:?}…", &input[..cut]),
        None => format!("{input:?}"),
    }
}

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
            "invalid {what} {}: control character U+{:04X} is not allowed",
            quoted(input),
            u32::from(c)
        ))),
        None => Ok(()),
    }
}

/// True for a format character (Unicode category Cf) that a new name may
/// not contain: all of them but the three kinds that real text needs.
///
/// - U+200C ZERO WIDTH NON-JOINER and U+200D ZERO WIDTH JOINER are part of
///   how Persian and the Indic scripts are spelled, and of emoji sequences
///   (👩‍🔬 is three characters joined by U+200D).
/// - The tag characters U+E0020-U+E007F spell the subdivision flags
///   (🏴 followed by the tags for "gbeng" and U+E007F CANCEL TAG is the flag
///   of England). U+E0001 LANGUAGE TAG, the other tag, is deprecated and
///   stays rejected.
///
/// Everything else in Cf draws nothing: zero-width space, word joiner, BOM,
/// soft hyphen, the bidirectional marks, embeddings, overrides and isolates
/// (which reorder what is shown: `\u{202e}klim` shows as `milk`). The
/// category comes from the Unicode 16 tables of `unicode-general-category`.
fn is_hidden_format_character(c: char) -> bool {
    !matches!(c, '\u{200C}' | '\u{200D}' | '\u{E0020}'..='\u{E007F}')
        && get_general_category(c) == GeneralCategory::Format
}

/// Rejects text with a format character that [`is_hidden_format_character`]
/// does not allow in a new name or unit.
fn reject_format_characters(input: &str, what: &str) -> Result<(), Error> {
    match input.chars().find(|&c| is_hidden_format_character(c)) {
        Some(c) => Err(Error::Invalid(format!(
            "invalid {what} {}: contains the invisible format character U+{:04X}",
            quoted(input),
            u32::from(c)
        ))),
        None => Ok(()),
    }
}

/// Applies the contract's name steps in order: reject control characters,
/// NFC, trim and collapse whitespace, reject empty and over-long text.
/// Names and units share it; `what` names the field in errors.
///
/// This is the rule for text that may have been stored before format
/// characters were refused, such as the name of an item to find; text that
/// names something new goes through [`normalise_new`].
pub(crate) fn normalise(input: &str, what: &str, max_chars: usize) -> Result<String, Error> {
    normalise_checked(input, what, max_chars, false)
}

/// [`normalise`] for text that names something new (an item being added or
/// renamed, a new owner, a unit being set): it also rejects the format
/// characters that hide in text.
pub(crate) fn normalise_new(input: &str, what: &str, max_chars: usize) -> Result<String, Error> {
    normalise_checked(input, what, max_chars, true)
}

/// Control and format characters are checked before NFC on purpose: the
/// rule is about what the user typed, and NFC neither removes nor makes one.
fn normalise_checked(
    input: &str,
    what: &str,
    max_chars: usize,
    new: bool,
) -> Result<String, Error> {
    if is_printable_ascii(input) {
        return normalise_printable_ascii(input, what, max_chars);
    }
    reject_control_characters(input, what)?;
    if new {
        reject_format_characters(input, what)?;
    }
    let composed: String = input.nfc().collect();
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

/// True when every character is printable ASCII (U+0020 to U+007E).
fn is_printable_ascii(text: &str) -> bool {
    text.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// [`normalise_checked`] for printable ASCII, the common case (an import
/// spends much of its time here otherwise): it has no control or format
/// characters, is already in NFC, its only whitespace is the space, and
/// each character is one byte. Text with nothing to collapse is copied once.
fn normalise_printable_ascii(input: &str, what: &str, max_chars: usize) -> Result<String, Error> {
    let display = if input.starts_with(' ') || input.ends_with(' ') || input.contains("  ") {
        input
            .split(' ')
            .filter(|word| !word.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        input.to_owned()
    };
    if display.is_empty() {
        return Err(Error::Invalid(format!("invalid {what}: it is empty")));
    }
    let chars = display.len();
    if chars > max_chars {
        return Err(Error::Invalid(format!(
            "invalid {what}: {chars} characters is longer than the limit of {max_chars}"
        )));
    }
    Ok(display)
}

impl Name {
    fn from_display(display: String) -> Self {
        let key = display.to_lowercase();
        Self { display, key }
    }
}

/// A validated, normalised item name.
///
/// The only ways to build one are [`ItemName::parse`] and
/// [`ItemName::parse_new`], so an unnormalised name can never reach the
/// database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemName(Name);

impl ItemName {
    /// Normalises `input` and checks it against the item-name rules, as a
    /// name that may already be stored: the name of an item to find.
    ///
    /// Format characters (U+200B ZERO WIDTH SPACE and the like) are let
    /// through, so an item stored before they were refused can still be
    /// renamed or removed. A name being given to an item uses
    /// [`ItemName::parse_new`].
    pub fn parse(input: &str) -> Result<Self, Error> {
        normalise(input, "item name", MAX_ITEM_NAME_CHARS).map(|n| Self(Name::from_display(n)))
    }

    /// Normalises and checks a name being given to an item (`add`, the new
    /// name of `rename`, an imported or applied item): [`ItemName::parse`]'s
    /// rules, and no invisible format characters.
    pub fn parse_new(input: &str) -> Result<Self, Error> {
        normalise_new(input, "item name", MAX_ITEM_NAME_CHARS).map(|n| Self(Name::from_display(n)))
    }

    /// Checks that a name parsed for lookup may also be given to an item
    /// (the service's own check of the creation rule; the same verdict as
    /// [`ItemName::parse_new`] on what the user typed).
    pub fn check_new(&self) -> Result<(), Error> {
        // A normalised printable-ASCII name has nothing the rule for new
        // names refuses.
        if is_printable_ascii(self.as_str()) {
            return Ok(());
        }
        Self::parse_new(self.as_str()).map(drop)
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
    /// Normalises `input` and checks it against the owner-name rules, as a
    /// name that may already be stored: format characters are let through,
    /// as in [`ItemName::parse`].
    pub fn parse(input: &str) -> Result<Self, Error> {
        normalise(input, "owner name", MAX_OWNER_NAME_CHARS).map(|n| Self(Name::from_display(n)))
    }

    /// Normalises and checks the name of an owner being created:
    /// [`OwnerName::parse`]'s rules, and no invisible format characters.
    pub fn parse_new(input: &str) -> Result<Self, Error> {
        normalise_new(input, "owner name", MAX_OWNER_NAME_CHARS)
            .map(|n| Self(Name::from_display(n)))
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

/// The key of a name being typed, for completing it: composed (NFC) and
/// lowercased like a key, leading whitespace dropped and each inner run
/// made one space, as the name will be; a trailing space is kept, because
/// the next word is still to come. Every key that begins with it is the
/// key of a name that begins with what was typed.
#[must_use]
pub fn prefix_key(typed: &str) -> String {
    let composed: String = typed.nfc().collect();
    let mut key = composed.split_whitespace().collect::<Vec<_>>().join(" ");
    if !key.is_empty() && composed.ends_with(char::is_whitespace) {
        key.push(' ');
    }
    key.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ErrorKind, Unit};

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
    fn a_typed_prefix_keys_like_the_names_it_begins() {
        assert_eq!(prefix_key("Mi"), "mi");
        assert_eq!(prefix_key("  oat\t MILK  "), "oat milk ");
        assert_eq!(prefix_key("e\u{301}"), "\u{e9}");
        assert_eq!(prefix_key(" "), "");
        assert_eq!(prefix_key(""), "");
        for name in ["Oat Milk 2L", "ÉCLAIR"] {
            let key = ItemName::parse(name).unwrap().key().to_owned();
            for (end, _) in name.char_indices().skip(1) {
                assert!(key.starts_with(&prefix_key(&name[..end])), "{name:?} {end}");
            }
        }
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

    /// One format character of each kind a new name must not hide, from
    /// the Unicode Cf table.
    const HIDDEN: [(char, &str); 26] = [
        ('\u{ad}', "soft hyphen"),
        ('\u{600}', "Arabic number sign"),
        ('\u{61c}', "Arabic letter mark"),
        ('\u{6dd}', "Arabic end of ayah"),
        ('\u{180e}', "Mongolian vowel separator"),
        ('\u{200b}', "zero width space"),
        ('\u{200e}', "left-to-right mark"),
        ('\u{200f}', "right-to-left mark"),
        ('\u{202a}', "left-to-right embedding"),
        ('\u{202b}', "right-to-left embedding"),
        ('\u{202c}', "pop directional formatting"),
        ('\u{202d}', "left-to-right override"),
        ('\u{202e}', "right-to-left override"),
        ('\u{2060}', "word joiner"),
        ('\u{2062}', "invisible times"),
        ('\u{2064}', "invisible plus"),
        ('\u{2066}', "left-to-right isolate"),
        ('\u{2067}', "right-to-left isolate"),
        ('\u{2068}', "first strong isolate"),
        ('\u{2069}', "pop directional isolate"),
        ('\u{feff}', "byte order mark"),
        ('\u{fff9}', "interlinear annotation anchor"),
        ('\u{110bd}', "Kaithi number sign"),
        ('\u{1d173}', "musical symbol begin beam"),
        ('\u{e0001}', "language tag"),
        ('\u{13430}', "Egyptian hieroglyph vertical joiner"),
    ];

    #[test]
    fn new_names_and_units_reject_every_hidden_format_character() {
        for (c, what) in HIDDEN {
            let code = format!("U+{:04X}", u32::from(c));
            for input in [
                format!("milk{c}"),
                format!("{c}milk"),
                format!("oat{c} milk"),
            ] {
                let err = ItemName::parse_new(&input).expect_err(what);
                assert_eq!(err.kind(), ErrorKind::Invalid, "{what}");
                assert!(
                    err.to_string()
                        .ends_with(&format!("contains the invisible format character {code}")),
                    "{what}: {err}"
                );
                let err = OwnerName::parse_new(&input).expect_err(what);
                assert!(err.to_string().starts_with("invalid owner name "), "{err}");
                let err = Unit::parse_new(&input).expect_err(what);
                assert!(err.to_string().starts_with("invalid unit "), "{err}");
            }
        }
    }

    #[test]
    fn the_hidden_characters_are_exactly_the_format_category_less_the_joiners_and_tags() {
        for (c, what) in HIDDEN {
            assert_eq!(
                get_general_category(c),
                GeneralCategory::Format,
                "{what} is in Cf"
            );
            assert!(is_hidden_format_character(c), "{what}");
        }
        let allowed = [
            '\u{200c}',
            '\u{200d}',
            '\u{e0020}',
            '\u{e0041}',
            '\u{e007f}',
        ];
        for c in allowed {
            assert_eq!(get_general_category(c), GeneralCategory::Format);
            assert!(!is_hidden_format_character(c), "U+{:04X}", u32::from(c));
        }
        // Characters that look empty but are not format characters are
        // left to the whitespace rule or kept.
        for c in [
            ' ', '\u{a0}', '\u{3000}', '\u{2800}', '\u{3164}', 'a', '\u{301}',
        ] {
            assert!(!is_hidden_format_character(c), "U+{:04X}", u32::from(c));
        }
        // Over the whole code space, the rule is Cf minus the allowed ones.
        let hidden = ('\0'..=char::MAX)
            .filter(|&c| is_hidden_format_character(c))
            .count();
        let format = ('\0'..=char::MAX)
            .filter(|&c| get_general_category(c) == GeneralCategory::Format)
            .count();
        assert_eq!(hidden, format - 2 - 96);
    }

    #[test]
    fn the_error_names_the_hidden_character_and_shows_it_escaped() {
        assert_eq!(
            ItemName::parse_new("milk\u{200b}").unwrap_err().to_string(),
            "invalid item name \"milk\\u{200b}\": contains the invisible format character U+200B"
        );
        assert_eq!(
            Unit::parse_new("k\u{202e}g").unwrap_err().to_string(),
            "invalid unit \"k\\u{202e}g\": contains the invisible format character U+202E"
        );
        // The first one is named when there are several.
        assert!(
            ItemName::parse_new("a\u{2060}b\u{feff}")
                .unwrap_err()
                .to_string()
                .ends_with("U+2060")
        );
    }

    #[test]
    fn control_characters_are_reported_before_format_characters() {
        assert_eq!(
            ItemName::parse_new("\u{200b}a\tb").unwrap_err().to_string(),
            "invalid item name \"\\u{200b}a\\tb\": control character U+0009 is not allowed"
        );
    }

    #[test]
    fn names_already_stored_with_format_characters_still_parse_for_lookup() {
        for (c, what) in HIDDEN {
            let input = format!("milk{c}");
            let name = ItemName::parse(&input).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(name.as_str(), input, "{what}");
            assert_ne!(name.key(), "milk", "{what} is part of the key");
            assert_eq!(OwnerName::parse(&input).unwrap().as_str(), input);
            assert_eq!(Unit::parse(&input).unwrap().as_str(), input);
        }
        // Control characters stay refused for lookups too.
        assert!(ItemName::parse("milk\u{200b}\n").is_err());
    }

    #[test]
    fn joiners_in_scripts_and_emoji_and_tag_flags_are_accepted_in_new_names() {
        let table = [
            // Persian "mikhaham": ZERO WIDTH NON-JOINER after the prefix.
            "\u{645}\u{6cc}\u{200c}\u{62e}\u{648}\u{627}\u{647}\u{645}",
            // Hindi "kshatriya" with ZERO WIDTH JOINER shaping a half form.
            "\u{915}\u{94d}\u{200d}\u{937}",
            // Family: man, woman, girl joined by ZWJ.
            "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467} snacks",
            // Woman scientist, with a skin tone.
            "\u{1f469}\u{1f3fd}\u{200d}\u{1f52c}",
            // Rainbow flag: white flag, VS16, ZWJ, rainbow.
            "\u{1f3f3}\u{fe0f}\u{200d}\u{1f308} stickers",
            // Flag of England: black flag, tags g b e n g, cancel tag.
            "\u{1f3f4}\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f} mugs",
            // Flag of Scotland.
            "\u{1f3f4}\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}",
        ];
        for input in table {
            let name = ItemName::parse_new(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(name.as_str(), input);
            assert_eq!(name, ItemName::parse(input).unwrap());
            assert!(OwnerName::parse_new(input).is_ok(), "{input:?}");
            assert!(Unit::parse_new(input).is_ok(), "{input:?}");
        }
    }

    #[test]
    fn new_names_follow_every_other_rule_of_lookup_names() {
        for input in ["  Oat \u{a0} MILK ", "cafe\u{301}", "x", "🥛 milk", "MILK"] {
            assert_eq!(
                ItemName::parse_new(input).unwrap(),
                ItemName::parse(input).unwrap()
            );
            assert_eq!(
                OwnerName::parse_new(input).unwrap(),
                OwnerName::parse(input).unwrap()
            );
        }
        for input in ["", " ", "a\tb", &"x".repeat(121)] {
            assert_eq!(
                ItemName::parse_new(input).unwrap_err().to_string(),
                ItemName::parse(input).unwrap_err().to_string()
            );
        }
        assert!(OwnerName::parse_new(&"a".repeat(65)).is_err());
    }

    #[test]
    fn quoted_input_is_escaped_and_cut_after_60_characters() {
        assert_eq!(quoted("milk"), "\"milk\"");
        assert_eq!(quoted("a\tb\u{200b}"), "\"a\\tb\\u{200b}\"");
        let sixty = "x".repeat(60);
        assert_eq!(quoted(&sixty), format!("{sixty:?}"));
        assert_eq!(quoted(&format!("{sixty}y")), format!("{sixty:?}…"));
        // Cut at a character, never inside one.
        let wide = "é".repeat(100);
        assert_eq!(quoted(&wide), format!("{:?}…", "é".repeat(60)));
    }

    #[test]
    fn a_long_name_is_shortened_in_its_error() {
        let long = format!("{}\t{}", "a".repeat(70), "b".repeat(5000));
        assert_eq!(
            rejected(&long),
            format!(
                "invalid item name {:?}…: control character U+0009 is not allowed",
                "a".repeat(60)
            )
        );
        let long = format!("{}\u{200b}", "🥛".repeat(100));
        assert_eq!(
            ItemName::parse_new(&long).unwrap_err().to_string(),
            format!(
                "invalid item name {:?}…: contains the invisible format character U+200B",
                "🥛".repeat(60)
            )
        );
    }
}
