//! What an item carries besides its name and stock: where it is
//! ([`Location`]), how it is grouped ([`Tags`]), the code it is scanned by
//! ([`Code`]) and a free-text [`Note`]; and how a command line refers to an
//! item ([`ItemRef`]).

use std::fmt;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::name::{normalise_new, quoted, reject_control_characters};
use super::{Error, ItemName};

/// Longest location segment, in Unicode scalar values after normalisation.
pub const MAX_LOCATION_SEGMENT_CHARS: usize = 64;
/// Most segments in a location.
pub const MAX_LOCATION_SEGMENTS: usize = 16;
/// Longest tag, in Unicode scalar values after normalisation.
pub const MAX_TAG_CHARS: usize = 64;
/// Most tags on one item.
pub const MAX_TAGS: usize = 64;
/// Longest code, in bytes (codes are printable ASCII).
pub const MAX_CODE_CHARS: usize = 64;
/// Longest note, in Unicode scalar values.
pub const MAX_NOTE_CHARS: usize = 1000;

/// Where an item is: a path of segments separated by `/`
/// (`garage/shelf-2`), each segment normalised like a name. Two locations
/// are the same when their keys (lowercased) are equal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Location(String);

impl Location {
    /// Normalises and checks a location given by a user: every segment
    /// non-empty, at most [`MAX_LOCATION_SEGMENT_CHARS`] characters, no
    /// control or hidden format characters.
    pub fn parse(input: &str) -> Result<Self, Error> {
        let segments: Vec<&str> = input.split('/').collect();
        if segments.len() > MAX_LOCATION_SEGMENTS {
            return Err(Error::Invalid(format!(
                "invalid location {}: {} segments is more than the limit of {MAX_LOCATION_SEGMENTS}",
                quoted(input),
                segments.len()
            )));
        }
        let mut normalised = Vec::with_capacity(segments.len());
        for segment in segments {
            if segment.trim().is_empty() {
                return Err(Error::Invalid(format!(
                    "invalid location {}: a segment is empty (write `a/b`, not `a//b` or `/a`)",
                    quoted(input)
                )));
            }
            normalised.push(normalise_new(
                segment,
                "location segment",
                MAX_LOCATION_SEGMENT_CHARS,
            )?);
        }
        Ok(Self(normalised.join("/")))
    }

    /// Wraps a location read back from the database, where it was stored
    /// parsed.
    #[must_use]
    pub fn from_stored(location: String) -> Self {
        Self(location)
    }

    /// The location as shown.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key locations are compared and grouped by.
    #[must_use]
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }

    /// True when `self` is `other` or somewhere under it: `garage/shelf-2`
    /// is within `garage` and within `Garage/Shelf-2`, not within `gar`.
    #[must_use]
    pub fn is_within(&self, other: &Self) -> bool {
        let (mine, theirs) = (self.key(), other.key());
        mine == theirs
            || mine
                .strip_prefix(&theirs)
                .is_some_and(|rest| rest.starts_with('/'))
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One tag: normalised like a name, 1-64 characters, no comma.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Tag(String);

impl Tag {
    /// Normalises and checks a tag given by a user.
    pub fn parse(input: &str) -> Result<Self, Error> {
        let tag = normalise_new(input, "tag", MAX_TAG_CHARS)?;
        if tag.contains(',') {
            return Err(Error::Invalid(format!(
                "invalid tag {}: a tag may not contain a comma",
                quoted(input)
            )));
        }
        Ok(Self(tag))
    }

    /// The tag as shown.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key tags are compared by (case ignored).
    #[must_use]
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An item's tags: unique ignoring case, sorted by key. Shown as a JSON
/// array and stored (and written to CSV) joined by commas, which no tag
/// contains.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Tags(Vec<Tag>);

impl Tags {
    /// No tags.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// No tags, borrowed for as long as needed.
    #[must_use]
    pub fn none() -> &'static Self {
        static NONE: Tags = Tags(Vec::new());
        &NONE
    }

    /// The tags in `list`, each parsed, duplicates (ignoring case) kept once
    /// with the first spelling.
    pub fn parse_all<'a>(list: impl IntoIterator<Item = &'a str>) -> Result<Self, Error> {
        let mut tags = Self::new();
        for text in list {
            tags.insert(Tag::parse(text)?);
        }
        tags.check_count()?;
        Ok(tags)
    }

    /// Tags as CSV and the database hold them: joined by commas (an empty
    /// text is no tags).
    pub fn parse_joined(joined: &str) -> Result<Self, Error> {
        Self::parse_all(joined.split(',').filter(|t| !t.trim().is_empty()))
    }

    /// Wraps tags read back from the database, joined by commas as
    /// [`Tags::joined`] wrote them.
    #[must_use]
    pub fn from_stored(joined: &str) -> Self {
        Self(
            joined
                .split(',')
                .filter(|t| !t.is_empty())
                .map(|t| Tag(t.to_owned()))
                .collect(),
        )
    }

    /// The tags joined by commas, in key order.
    #[must_use]
    pub fn joined(&self) -> String {
        self.0.iter().map(Tag::as_str).collect::<Vec<_>>().join(",")
    }

    /// Adds `tag` unless a tag with its key is there; true when added.
    pub fn insert(&mut self, tag: Tag) -> bool {
        let key = tag.key();
        match self.0.binary_search_by(|t| t.key().cmp(&key)) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, tag);
                true
            }
        }
    }

    /// Removes the tag with `tag`'s key; true when it was there.
    pub fn remove(&mut self, tag: &Tag) -> bool {
        let key = tag.key();
        let before = self.0.len();
        self.0.retain(|t| t.key() != key);
        self.0.len() != before
    }

    /// True when a tag with `tag`'s key is there.
    #[must_use]
    pub fn contains(&self, tag: &Tag) -> bool {
        let key = tag.key();
        self.0.iter().any(|t| t.key() == key)
    }

    /// The tags, in key order.
    pub fn iter(&self) -> impl Iterator<Item = &Tag> {
        self.0.iter()
    }

    /// True when there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Refuses more than [`MAX_TAGS`] tags.
    pub fn check_count(&self) -> Result<(), Error> {
        if self.0.len() > MAX_TAGS {
            return Err(Error::Invalid(format!(
                "too many tags: {} is more than the limit of {MAX_TAGS} per item",
                self.0.len()
            )));
        }
        Ok(())
    }
}

/// A barcode or SKU: 1-64 printable ASCII characters, no spaces, compared
/// exactly (case matters). Unique per owner, like names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Code(String);

impl Code {
    /// Checks a code given by a user. Nothing is normalised: a code is
    /// what the scanner typed.
    pub fn parse(input: &str) -> Result<Self, Error> {
        if input.is_empty() {
            return Err(Error::Invalid("invalid code: it is empty".to_owned()));
        }
        if let Some(c) = input.chars().find(|c| !c.is_ascii_graphic()) {
            return Err(Error::Invalid(format!(
                "invalid code {}: {} is not allowed (a code is printable ASCII without spaces)",
                quoted(input),
                if c == ' ' {
                    "a space".to_owned()
                } else {
                    format!("U+{:04X}", u32::from(c))
                }
            )));
        }
        if input.len() > MAX_CODE_CHARS {
            return Err(Error::Invalid(format!(
                "invalid code: {} characters is longer than the limit of {MAX_CODE_CHARS}",
                input.len()
            )));
        }
        Ok(Self(input.to_owned()))
    }

    /// Wraps a code read back from the database.
    #[must_use]
    pub fn from_stored(code: String) -> Self {
        Self(code)
    }

    /// The code.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A free-text note: up to 1,000 characters, composed (NFC), trailing
/// whitespace trimmed; newlines allowed, other control characters and the
/// hidden format characters refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Note(String);

impl Note {
    /// Checks a note given by a user.
    pub fn parse(input: &str) -> Result<Self, Error> {
        // Lines are checked one by one so that the newlines between them
        // are allowed and everything else follows the rule for names.
        for line in input.split('\n') {
            let line = line.strip_suffix('\r').unwrap_or(line);
            reject_control_characters(line, "note")?;
            if !line.trim().is_empty() {
                normalise_new(line, "note", usize::MAX)?;
            }
        }
        let composed: String = input.nfc().collect();
        let note = composed.trim_end().replace("\r\n", "\n");
        if note.trim().is_empty() {
            return Err(Error::Invalid(
                "invalid note: it is empty (use --no-note to remove a note)".to_owned(),
            ));
        }
        let chars = note.chars().count();
        if chars > MAX_NOTE_CHARS {
            return Err(Error::Invalid(format!(
                "invalid note: {chars} characters is longer than the limit of {MAX_NOTE_CHARS}"
            )));
        }
        Ok(Self(note))
    }

    /// Wraps a note read back from the database.
    #[must_use]
    pub fn from_stored(note: String) -> Self {
        Self(note)
    }

    /// The note.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How a command line names an existing item: by name, by id (`#12`) or by
/// code (`=4006381333931`). A leading backslash escapes the first
/// character, so `\#12` is the name `#12`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemRef {
    /// By name.
    Name(ItemName),
    /// By id: `#N`.
    Id(i64),
    /// By code: `=CODE`.
    Code(Code),
}

impl ItemRef {
    /// Parses a positional argument that names an existing item.
    pub fn parse(input: &str) -> Result<Self, Error> {
        // Names are trimmed anyway: ` #12` is `#12`.
        let input = input.trim_start();
        if input.starts_with('\\') {
            return ItemName::parse(unescape_name(input)).map(Self::Name);
        }
        if let Some(digits) = input.strip_prefix('#')
            && !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
        {
            return digits.parse().map(Self::Id).map_err(|_| {
                Error::Invalid(format!("invalid item id {}: too large", quoted(input)))
            });
        }
        if let Some(code) = input.strip_prefix('=') {
            return Code::parse(code).map(Self::Code);
        }
        ItemName::parse(input).map(Self::Name)
    }

    /// The item name `input` is when it names an item being created (`add`,
    /// `rename`'s NEW): the same escape, and an unescaped reference (`#12`,
    /// `=x`) refused, since it could never be typed back as that name.
    pub fn parse_new_name(input: &str) -> Result<ItemName, Error> {
        let input = input.trim_start();
        if input.starts_with('\\') {
            return ItemName::parse(unescape_name(input));
        }
        let reference = input.starts_with('=') || matches!(Self::parse(input), Ok(Self::Id(_)));
        if reference {
            return Err(Error::Invalid(format!(
                "invalid item name {}: `#N` and `=CODE` refer to existing items; \
                 write \\{} for a name that begins with {:?}",
                quoted(input),
                input,
                &input[..1]
            )));
        }
        ItemName::parse(input)
    }

    /// The reference as a user would type it back: what error messages
    /// quote and what an idempotency key's fingerprint holds (`#12` and
    /// `milk` are different requests even when they are the same item).
    #[must_use]
    pub fn written(&self) -> String {
        match self {
            Self::Name(name) => escape_name(name.as_str()),
            Self::Id(id) => format!("#{id}"),
            Self::Code(code) => format!("={code}"),
        }
    }

    /// True when both name the same item whatever the store holds: the
    /// same name key, id or code.
    #[must_use]
    pub fn same_as(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Name(a), Self::Name(b)) => a.key() == b.key(),
            _ => self == other,
        }
    }

    /// The name, when the reference is one.
    #[must_use]
    pub fn name(&self) -> Option<&ItemName> {
        match self {
            Self::Name(name) => Some(name),
            Self::Id(_) | Self::Code(_) => None,
        }
    }
}

impl From<ItemName> for ItemRef {
    fn from(name: ItemName) -> Self {
        Self::Name(name)
    }
}

impl fmt::Display for ItemRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written())
    }
}

/// What a typed item argument names when it is taken as a name: without
/// the backslash that escapes its first character (`\#12` is `#12`).
#[must_use]
pub fn unescape_name(typed: &str) -> &str {
    typed.strip_prefix('\\').unwrap_or(typed)
}

/// `name` as it must be typed to name the item rather than a reference: a
/// backslash before a leading `#`, `=` or `\`.
#[must_use]
pub fn escape_name(name: &str) -> String {
    if name.starts_with(['#', '=', '\\']) {
        format!("\\{name}")
    } else {
        name.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ErrorKind;

    #[test]
    fn locations_normalise_each_segment_and_refuse_empty_ones() {
        let loc = Location::parse(" Garage /  shelf   2").unwrap();
        assert_eq!(loc.as_str(), "Garage/shelf 2");
        assert_eq!(loc.key(), "garage/shelf 2");
        for bad in ["", "/", "a//b", "/a", "a/", "a/ /b", "a/\tb\u{7}"] {
            let err = Location::parse(bad).expect_err(bad);
            assert_eq!(err.kind(), ErrorKind::Invalid, "{bad:?}");
        }
        let long = "x".repeat(MAX_LOCATION_SEGMENT_CHARS + 1);
        assert!(Location::parse(&long).is_err());
        assert!(Location::parse(&vec!["a"; MAX_LOCATION_SEGMENTS + 1].join("/")).is_err());
    }

    #[test]
    fn a_location_is_within_itself_and_its_ancestors_only() {
        let shelf = Location::parse("garage/Shelf-2").unwrap();
        for within in ["garage", "GARAGE", "garage/shelf-2"] {
            assert!(
                shelf.is_within(&Location::parse(within).unwrap()),
                "{within}"
            );
        }
        for not in ["gar", "garage/shelf", "garage/shelf-2/top", "shelf-2"] {
            assert!(!shelf.is_within(&Location::parse(not).unwrap()), "{not}");
        }
    }

    #[test]
    fn tags_are_unique_ignoring_case_and_sorted_by_key() {
        let mut tags = Tags::parse_all(["hazard", "Cleaning", "HAZARD"]).unwrap();
        assert_eq!(tags.joined(), "Cleaning,hazard");
        assert!(!tags.insert(Tag::parse("cleaning").unwrap()));
        assert!(tags.remove(&Tag::parse("Hazard").unwrap()));
        assert_eq!(tags.joined(), "Cleaning");
        assert_eq!(Tags::from_stored(&tags.joined()), tags);
        assert_eq!(Tags::from_stored(""), Tags::new());
        for bad in ["a,b", "", " ", "tab\there", &"t".repeat(65)] {
            assert_eq!(
                Tag::parse(bad).expect_err(bad).kind(),
                ErrorKind::Invalid,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn codes_are_printable_ascii_without_spaces_and_kept_exactly() {
        assert_eq!(Code::parse("Ab-12/x").unwrap().as_str(), "Ab-12/x");
        assert_ne!(Code::parse("ab").unwrap(), Code::parse("AB").unwrap());
        for bad in ["", "a b", "é", "a\tb", &"1".repeat(65)] {
            assert_eq!(
                Code::parse(bad).expect_err(bad).kind(),
                ErrorKind::Invalid,
                "{bad:?}"
            );
        }
        assert!(Code::parse(&"1".repeat(64)).is_ok());
    }

    #[test]
    fn notes_keep_newlines_and_refuse_other_control_and_format_characters() {
        assert_eq!(
            Note::parse("the oat one\r\nsecond line  \n")
                .unwrap()
                .as_str(),
            "the oat one\nsecond line"
        );
        for bad in ["", "  \n ", "bell\u{7}", "tab\there", "zero\u{200b}width"] {
            assert!(Note::parse(bad).is_err(), "{bad:?}");
        }
        assert!(Note::parse(&"n".repeat(MAX_NOTE_CHARS)).is_ok());
        assert!(Note::parse(&"n".repeat(MAX_NOTE_CHARS + 1)).is_err());
    }

    #[test]
    fn references_take_ids_codes_and_escaped_names() {
        assert_eq!(ItemRef::parse("#12").unwrap(), ItemRef::Id(12));
        assert_eq!(
            ItemRef::parse("=4006381333931").unwrap(),
            ItemRef::Code(Code::parse("4006381333931").unwrap())
        );
        let name = |s: &str| ItemRef::Name(ItemName::parse(s).unwrap());
        assert_eq!(ItemRef::parse("\\#12").unwrap(), name("#12"));
        assert_eq!(ItemRef::parse("\\=x").unwrap(), name("=x"));
        assert_eq!(ItemRef::parse("\\\\a").unwrap(), name("\\a"));
        assert_eq!(ItemRef::parse("#1a").unwrap(), name("#1a"));
        assert_eq!(ItemRef::parse("#").unwrap(), name("#"));
        assert_eq!(ItemRef::parse(" milk ").unwrap(), name("milk"));
        assert!(ItemRef::parse("=").is_err());
        assert!(ItemRef::parse("=a b").is_err());
        for (written, input) in [
            ("#12", "#12"),
            ("\\#12", "\\#12"),
            ("=x", "=x"),
            ("milk", "milk"),
        ] {
            assert_eq!(ItemRef::parse(input).unwrap().written(), written);
        }
    }

    #[test]
    fn new_names_take_the_escape_and_refuse_unescaped_references() {
        assert_eq!(ItemRef::parse_new_name("\\#12").unwrap().as_str(), "#12");
        assert_eq!(ItemRef::parse_new_name("\\=x").unwrap().as_str(), "=x");
        assert_eq!(ItemRef::parse_new_name("#1a").unwrap().as_str(), "#1a");
        for bad in ["#12", "=x", "=", "  #7"] {
            let err = ItemRef::parse_new_name(bad).expect_err(bad);
            assert_eq!(err.kind(), ErrorKind::Invalid, "{bad:?}");
        }
    }
}
