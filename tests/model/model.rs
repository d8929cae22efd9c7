//! The reference model: CountIQ's state and commands in plain Rust, with
//! nothing shared with the code under test but the error kinds.
//!
//! The state is the contract's `S = Map[(owner, name_key) -> item]`, plus
//! the operations the ledger records, each with its items' states before
//! and after, which is what `undo` needs. Names come from small tables of
//! typed forms and the normalised names the contract says they stand for,
//! so the model never normalises anything itself; locations, tags, codes
//! and notes likewise. The rules the model does apply are its own: names,
//! locations and tags compare by their lowercase, codes exactly, and a code
//! is held by at most one item of an owner.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use countiq::domain::{ErrorKind, OnConflict};
use serde_json::{Map, Value, json};

/// The largest quantity: 2^53 - 1.
pub const MAX: u64 = (1 << 53) - 1;

/// Item names as a user might type them, and the normalised name each
/// stands for (`None`: rejected). Many share a key: the point is to mix
/// case, spacing and normal forms.
pub const NAMES: &[(&str, Option<&str>)] = &[
    ("milk", Some("milk")),
    ("MILK", Some("MILK")),
    (" milk ", Some("milk")),
    ("Milk", Some("Milk")),
    ("mi lk", Some("mi lk")),
    ("mi \u{a0}\u{2003}lk", Some("mi lk")),
    ("caf\u{e9}", Some("caf\u{e9}")),
    ("cafe\u{301}", Some("caf\u{e9}")),
    ("Caf\u{e9}", Some("Caf\u{e9}")),
    ("CAFE\u{301}", Some("CAF\u{c9}")),
    ("bread", Some("bread")),
    ("", None),
    (" \u{3000} ", None),
    ("mi\tlk", None),
    ("milk\n", None),
    // Hidden format characters: such a name can be looked up (an item
    // stored before the rule still resolves) but never given to an item.
    ("milk\u{200b}", Some("milk\u{200b}")),
    ("\u{202e}klim", Some("\u{202e}klim")),
    // Joiners are not hidden: emoji and Persian need them.
    ("chef\u{200d}s knife", Some("chef\u{200d}s knife")),
];

/// Owners as typed, and the owner each is (its key).
pub const OWNERS: &[(&str, &str)] = &[
    ("alice", "alice"),
    ("bob", "bob"),
    ("carol", "carol"),
    (" Alice ", "alice"),
    ("BOB", "bob"),
];

/// Units as typed, and the unit stored (`None`: rejected).
pub const UNITS: &[(&str, Option<&str>)] = &[
    ("L", Some("L")),
    (" kg ", Some("kg")),
    ("big  boxes", Some("big boxes")),
    ("", None),
    ("k\tg", None),
    ("k\u{2060}g", Some("k\u{2060}g")),
];

/// Locations as typed, and the location stored (`None`: rejected). Case
/// variants are one place for `locations`, yet a move between them
/// changes how the item's location is spelt.
pub const LOCATIONS: &[(&str, Option<&str>)] = &[
    ("garage/shelf-2", Some("garage/shelf-2")),
    ("Garage/Shelf-2", Some("Garage/Shelf-2")),
    (" garage /  shelf-2 ", Some("garage/shelf-2")),
    ("garage", Some("garage")),
    ("Kitchen", Some("Kitchen")),
    ("garage//shelf-2", None),
];

/// Tags as typed, and the tag stored (`None`: rejected).
pub const TAGS: &[(&str, Option<&str>)] = &[
    ("hazard", Some("hazard")),
    ("HAZARD", Some("HAZARD")),
    ("cold  chain", Some("cold chain")),
    ("Cold Chain", Some("Cold Chain")),
    ("dairy", Some("dairy")),
    ("a,b", None),
];

/// Codes as typed, and whether they are accepted. A code is kept exactly
/// as typed, so `SKU-1` and `sku-1` are two codes.
pub const CODES: &[(&str, bool)] = &[
    ("4006381333931", true),
    ("SKU-1", true),
    ("sku-1", true),
    ("x", true),
    ("a b", false),
];

/// Notes as typed, and the note stored (`None`: rejected).
pub const NOTES: &[(&str, Option<&str>)] = &[
    ("the oat one", Some("the oat one")),
    ("two lines\nsecond  ", Some("two lines\nsecond")),
    ("bell\u{7}", None),
];

/// An item name as typed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Name(pub &'static str);

/// An owner as typed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Owner(pub &'static str);

/// A unit as typed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Unit(pub &'static str);

/// A location as typed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Location(pub &'static str);

/// A tag as typed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Tag(pub &'static str);

/// A code as typed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Code(pub &'static str);

/// A note as typed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Note(pub &'static str);

fn lookup<T: Copy>(table: &[(&str, T)], typed: &str) -> T {
    table.iter().find(|(t, _)| *t == typed).map_or_else(
        || panic!("{typed:?} is not in the model's tables"),
        |(_, v)| *v,
    )
}

impl Name {
    /// The normalised name, or `None` when the contract rejects it.
    pub fn normalised(self) -> Option<&'static str> {
        lookup(NAMES, self.0)
    }
}

impl Owner {
    /// Which owner this is.
    pub fn key(self) -> &'static str {
        lookup(OWNERS, self.0)
    }
}

impl Unit {
    /// The unit as stored, or `None` when the contract rejects it.
    pub fn normalised(self) -> Option<&'static str> {
        lookup(UNITS, self.0)
    }
}

impl Location {
    /// The location as stored, or `None` when the contract rejects it.
    pub fn normalised(self) -> Option<&'static str> {
        lookup(LOCATIONS, self.0)
    }
}

impl Tag {
    /// The tag as stored, or `None` when the contract rejects it.
    pub fn normalised(self) -> Option<&'static str> {
        lookup(TAGS, self.0)
    }
}

impl Code {
    /// The code, or `None` when the contract rejects it.
    pub fn accepted(self) -> Option<&'static str> {
        lookup(CODES, self.0).then_some(self.0)
    }
}

impl Note {
    /// The note as stored, or `None` when the contract rejects it.
    pub fn normalised(self) -> Option<&'static str> {
        lookup(NOTES, self.0)
    }
}

/// Shows each typed form as the quoted text that was typed.
macro_rules! debug_as_typed {
    ($($typed:ident),+) => {
        $(
            impl fmt::Debug for $typed {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    write!(f, "{:?}", self.0)
                }
            }
        )+
    };
}

debug_as_typed!(Name, Owner, Unit, Location, Tag, Code, Note);

/// How a step names an existing item, as `NAME`, `#ID` or `=CODE`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Ref {
    /// By name.
    Name(Name),
    /// `#ID`, of the item the model numbered so (the test maps it to the
    /// real id; an item the model never made has no id in the database).
    Id(u32),
    /// `=CODE`.
    Code(Code),
}

impl fmt::Debug for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Name(name) => write!(f, "{name:?}"),
            Self::Id(id) => write!(f, "#<item {id}>"),
            Self::Code(code) => write!(f, "={code:?}"),
        }
    }
}

/// The key two names are compared by: the normalised name, lowercased.
fn key(name: &str) -> String {
    name.to_lowercase()
}

/// `quantity + delta` if it stays within 0..=MAX.
fn moved(quantity: u64, delta: i64) -> Option<u64> {
    let result = i128::from(quantity) + i128::from(delta);
    u64::try_from(result).ok().filter(|q| *q <= MAX)
}

/// A field `edit` can leave alone, clear or set.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Field<T> {
    Keep,
    Clear,
    To(T),
}

impl<T: fmt::Debug> Field<T> {
    /// Writes the field as `edit` takes it: nothing, `--no-NAME` or
    /// `--NAME VALUE`.
    fn option(&self, f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
        match self {
            Self::Keep => Ok(()),
            Self::Clear => write!(f, " --no-{name}"),
            Self::To(value) => write!(f, " --{name} {value:?}"),
        }
    }
}

/// Which operation `undo` is asked to revert.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Target {
    /// The owner's most recent operation that can be undone.
    Last,
    /// The model's n-th operation (of any owner), counted from 0.
    Op(usize),
    /// An operation id that does not exist.
    Unknown,
}

/// One row of an NDJSON import.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Row {
    Item {
        name: Name,
        /// Signed, so that a negative number can be written.
        quantity: Option<i64>,
        unit: Option<Unit>,
        min: Option<u64>,
        /// Adds the fields an export writes that import ignores.
        exported: bool,
    },
    /// A line that is not an item.
    Garbage(&'static str),
}

/// One line of an `apply` batch.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Line {
    pub op: LineOp,
    pub name: Name,
    pub expect_exists: Option<bool>,
    pub expect_quantity: Option<u64>,
}

/// What an `apply` line does.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LineOp {
    Add {
        quantity: Option<u64>,
        unit: Option<Unit>,
        min: Option<u64>,
    },
    Adjust(i64),
    Set(u64),
    Rename(Name),
    Remove,
    /// A line the batch must reject as invalid.
    Malformed(Malformed),
}

/// Ways an `apply` line can be malformed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Malformed {
    UnknownOp,
    AdjustWithoutDelta,
    RemoveWithDelta,
    UnknownField,
}

/// One transition: a command run by one owner.
#[derive(Clone, PartialEq, Eq)]
pub enum Step {
    Add {
        owner: Owner,
        name: Name,
        quantity: u64,
        unit: Option<Unit>,
        min: Option<u64>,
        code: Option<Code>,
        at: Option<Location>,
        exists_ok: bool,
    },
    Remove {
        owner: Owner,
        items: Vec<Ref>,
        missing_ok: bool,
    },
    Rename {
        owner: Owner,
        from: Name,
        to: Name,
    },
    Adjust {
        owner: Owner,
        item: Ref,
        delta: i64,
    },
    Set {
        owner: Owner,
        name: Name,
        quantity: u64,
    },
    Count {
        owner: Owner,
        name: Name,
        quantity: u64,
    },
    Edit {
        owner: Owner,
        item: Ref,
        unit: Field<Unit>,
        min: Field<u64>,
        code: Field<Code>,
        note: Field<Note>,
    },
    /// `move ITEM LOC`, or `move ITEM --nowhere` for `None`.
    Move {
        owner: Owner,
        item: Ref,
        to: Option<Location>,
    },
    Tag {
        owner: Owner,
        item: Ref,
        tags: Vec<Tag>,
    },
    Untag {
        owner: Owner,
        item: Ref,
        tags: Vec<Tag>,
    },
    /// One line of `scan --delta DELTA`: the code read, as one adjustment.
    Scan {
        owner: Owner,
        code: Code,
        delta: i64,
    },
    Undo {
        owner: Owner,
        target: Target,
    },
    Import {
        owner: Owner,
        on_conflict: OnConflict,
        rows: Vec<Row>,
    },
    Apply {
        owner: Owner,
        lines: Vec<Line>,
    },
}

impl Step {
    /// Who runs the command.
    pub fn owner(&self) -> Owner {
        match self {
            Self::Add { owner, .. }
            | Self::Remove { owner, .. }
            | Self::Rename { owner, .. }
            | Self::Adjust { owner, .. }
            | Self::Set { owner, .. }
            | Self::Count { owner, .. }
            | Self::Edit { owner, .. }
            | Self::Move { owner, .. }
            | Self::Tag { owner, .. }
            | Self::Untag { owner, .. }
            | Self::Scan { owner, .. }
            | Self::Undo { owner, .. }
            | Self::Import { owner, .. }
            | Self::Apply { owner, .. } => *owner,
        }
    }
}

/// JSON text with every non-ASCII character escaped, so that a decomposed
/// "e\u0301" and a composed "\u00e9" read differently in a failure report.
fn ascii_json(value: &Value) -> String {
    let mut out = String::new();
    for c in value.to_string().chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            for unit in c.encode_utf16(&mut [0; 2]) {
                write!(out, "\\u{unit:04x}").expect("writing to a String");
            }
        }
    }
    out
}

fn object(fields: Vec<(&str, Value)>) -> Value {
    Value::Object(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect::<Map<_, _>>(),
    )
}

impl Row {
    /// The row as one NDJSON line.
    pub fn json(&self) -> String {
        let Self::Item {
            name,
            quantity,
            unit,
            min,
            exported,
        } = self
        else {
            let Self::Garbage(text) = self else {
                unreachable!()
            };
            return (*text).to_owned();
        };
        let mut fields = vec![("name", json!(name.0))];
        if *exported {
            fields.insert(0, ("id", json!(99)));
            fields.push(("owner", json!("somebody else")));
            fields.push(("created_at", json!("2026-01-02T03:04:05.678Z")));
        }
        if let Some(q) = quantity {
            fields.push(("quantity", json!(q)));
        }
        if let Some(u) = unit {
            fields.push(("unit", json!(u.0)));
        }
        if let Some(m) = min {
            fields.push(("min", json!(m)));
        }
        ascii_json(&object(fields))
    }
}

impl Line {
    /// The line as one NDJSON line.
    pub fn json(&self) -> String {
        let op = match self.op {
            LineOp::Add { .. } => "add",
            LineOp::Adjust(_) | LineOp::Malformed(Malformed::AdjustWithoutDelta) => "adjust",
            LineOp::Set(_) => "set",
            LineOp::Rename(_) => "rename",
            LineOp::Remove
            | LineOp::Malformed(Malformed::RemoveWithDelta | Malformed::UnknownField) => "remove",
            LineOp::Malformed(Malformed::UnknownOp) => "restock",
        };
        let mut fields = vec![("op", json!(op)), ("name", json!(self.name.0))];
        match self.op {
            LineOp::Add {
                quantity,
                unit,
                min,
            } => {
                fields.extend(quantity.map(|q| ("quantity", json!(q))));
                fields.extend(unit.map(|u| ("unit", json!(u.0))));
                fields.extend(min.map(|m| ("min", json!(m))));
            }
            LineOp::Adjust(delta) => fields.push(("delta", json!(delta))),
            LineOp::Set(quantity) => fields.push(("quantity", json!(quantity))),
            LineOp::Rename(to) => fields.push(("to", json!(to.0))),
            LineOp::Malformed(Malformed::RemoveWithDelta) => fields.push(("delta", json!(1))),
            LineOp::Malformed(Malformed::UnknownField) => fields.push(("colour", json!("red"))),
            LineOp::Remove | LineOp::Malformed(_) => {}
        }
        fields.extend(self.expect_exists.map(|e| ("expect_exists", json!(e))));
        fields.extend(self.expect_quantity.map(|q| ("expect_quantity", json!(q))));
        ascii_json(&object(fields))
    }
}

/// The NDJSON text of a batch: one line each.
pub fn ndjson(lines: impl IntoIterator<Item = String>) -> String {
    lines.into_iter().map(|l| l + "\n").collect()
}

/// Prints a step as a short command line, so a shrunk failure reads as a
/// script: `"alice": add "MILK" qty=3 unit=" kg " --exists-ok`.
impl fmt::Debug for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: ", self.owner())?;
        match self {
            Self::Add {
                name,
                quantity,
                unit,
                min,
                code,
                at,
                exists_ok,
                ..
            } => {
                write!(f, "add {name:?} qty={quantity}")?;
                if let Some(unit) = unit {
                    write!(f, " unit={unit:?}")?;
                }
                if let Some(min) = min {
                    write!(f, " min={min}")?;
                }
                if let Some(code) = code {
                    write!(f, " --code {code:?}")?;
                }
                if let Some(at) = at {
                    write!(f, " --at {at:?}")?;
                }
                if *exists_ok {
                    write!(f, " --exists-ok")?;
                }
                Ok(())
            }
            Self::Remove {
                items, missing_ok, ..
            } => {
                write!(f, "remove {items:?}")?;
                if *missing_ok {
                    write!(f, " --missing-ok")?;
                }
                Ok(())
            }
            Self::Rename { from, to, .. } => write!(f, "rename {from:?} {to:?}"),
            Self::Adjust { item, delta, .. } => write!(f, "adjust {item:?} {delta:+}"),
            Self::Set { name, quantity, .. } => write!(f, "set {name:?} {quantity}"),
            Self::Count { name, quantity, .. } => write!(f, "count {name:?} {quantity}"),
            Self::Edit {
                item,
                unit,
                min,
                code,
                note,
                ..
            } => {
                write!(f, "edit {item:?}")?;
                unit.option(f, "unit")?;
                min.option(f, "min")?;
                code.option(f, "code")?;
                note.option(f, "note")
            }
            Self::Move { item, to, .. } => match to {
                Some(to) => write!(f, "move {item:?} {to:?}"),
                None => write!(f, "move {item:?} --nowhere"),
            },
            Self::Tag { item, tags, .. } => write!(f, "tag {item:?} {tags:?}"),
            Self::Untag { item, tags, .. } => write!(f, "untag {item:?} {tags:?}"),
            Self::Scan { code, delta, .. } => write!(f, "scan --delta {delta:+} <<< {code:?}"),
            Self::Undo { target, .. } => match target {
                Target::Last => write!(f, "undo"),
                Target::Op(n) => write!(f, "undo <operation #{n}>"),
                Target::Unknown => write!(f, "undo <an id that does not exist>"),
            },
            Self::Import {
                on_conflict, rows, ..
            } => {
                let rows: Vec<String> = rows.iter().map(Row::json).collect();
                write!(
                    f,
                    "import --on-conflict {} [{}]",
                    format!("{on_conflict:?}").to_lowercase(),
                    rows.join(" | ")
                )
            }
            Self::Apply { lines, .. } => {
                let lines: Vec<String> = lines.iter().map(Line::json).collect();
                write!(f, "apply [{}]", lines.join(" | "))
            }
        }
    }
}

/// An item in the model. `id` is the model's own identity for the item;
/// the test maps it to the real id the first time it sees the item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelItem {
    pub id: u32,
    pub name: String,
    pub quantity: u64,
    pub unit: Option<String>,
    pub min: Option<u64>,
    pub location: Option<String>,
    /// Tags by key (the lowercase), each as it is spelt.
    pub tags: BTreeMap<String, String>,
    pub code: Option<String>,
    pub note: Option<String>,
}

impl ModelItem {
    fn key(&self) -> String {
        key(&self.name)
    }
}

/// One item's change within an operation, as its ledger event records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The event's kind: the command, or the line's op within `apply`.
    pub kind: &'static str,
    pub before: Option<ModelItem>,
    pub after: Option<ModelItem>,
}

/// An operation in the ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Op {
    /// The owner's key.
    pub owner: &'static str,
    /// Its item changes, in order.
    pub changes: Vec<Change>,
    /// For an undo: the index of the operation it reverted.
    pub undoes: Option<usize>,
    /// Whether an undo has reverted it.
    pub undone: bool,
}

/// How the last step ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Success; `op` is the index of the operation it recorded, if any.
    Ok { op: Option<usize> },
    /// Failure of this kind, with the state unchanged.
    Err(ErrorKind),
}

/// The model's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Model {
    /// `S`: (owner key, name key) -> item.
    pub items: BTreeMap<(&'static str, String), ModelItem>,
    /// Every operation recorded, of every owner, oldest first.
    pub ops: Vec<Op>,
    /// The last model id handed out.
    last_id: u32,
    /// How the last step ended.
    pub last: Outcome,
}

impl Default for Model {
    fn default() -> Self {
        Self {
            items: BTreeMap::new(),
            ops: Vec::new(),
            last_id: 0,
            last: Outcome::Ok { op: None },
        }
    }
}

type Changes = Vec<Change>;

/// Invalid unless the name is accepted.
fn parse(name: Name) -> Result<&'static str, ErrorKind> {
    name.normalised().ok_or(ErrorKind::Invalid)
}

/// The format characters of the tables above that a name or unit being
/// created may not contain.
fn hides(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{200b}' | '\u{202e}' | '\u{2060}'))
}

/// A name being given to an item: accepted, and hiding nothing.
fn creatable(name: Name) -> Result<&'static str, ErrorKind> {
    let name = parse(name)?;
    if hides(name) {
        Err(ErrorKind::Invalid)
    } else {
        Ok(name)
    }
}

/// A unit being given to an item.
fn creatable_unit(unit: Option<Unit>) -> Result<Option<String>, ErrorKind> {
    let unit = parse_unit(unit)?;
    if unit.as_deref().is_some_and(hides) {
        Err(ErrorKind::Invalid)
    } else {
        Ok(unit)
    }
}

/// The tags, each as stored, or invalid when any is rejected.
fn parse_tags(tags: &[Tag]) -> Result<Vec<&'static str>, ErrorKind> {
    tags.iter()
        .map(|tag| tag.normalised().ok_or(ErrorKind::Invalid))
        .collect()
}

/// The location as stored, or invalid.
fn parse_location(location: Location) -> Result<&'static str, ErrorKind> {
    location.normalised().ok_or(ErrorKind::Invalid)
}

/// The code, or invalid.
fn parse_code(code: Code) -> Result<&'static str, ErrorKind> {
    code.accepted().ok_or(ErrorKind::Invalid)
}

/// `edit`'s fields: unit, reorder level, code and note.
type Edits = (Field<Unit>, Field<u64>, Field<Code>, Field<Note>);

impl<T: Copy> Field<T> {
    /// The field with its value parsed by `parse`: `Clear` is `None`.
    fn parsed<U>(
        self,
        parse: impl FnOnce(T) -> Result<Option<U>, ErrorKind>,
    ) -> Result<Field<Option<U>>, ErrorKind> {
        Ok(match self {
            Self::Keep => Field::Keep,
            Self::Clear => Field::To(None),
            Self::To(value) => Field::To(parse(value)?),
        })
    }
}

impl<T> Field<Option<T>> {
    /// Applies a parsed field to the item's `value`.
    fn set(self, value: &mut Option<T>) {
        if let Self::To(new) = self {
            *value = new;
        }
    }
}

fn parse_unit(unit: Option<Unit>) -> Result<Option<String>, ErrorKind> {
    unit.map(|u| u.normalised().map(str::to_owned).ok_or(ErrorKind::Invalid))
        .transpose()
}

fn in_range(value: u64) -> Result<u64, ErrorKind> {
    if value <= MAX {
        Ok(value)
    } else {
        Err(ErrorKind::Invalid)
    }
}

impl Model {
    /// The state after `step`: the whole transition, or, when it fails,
    /// the same state with the failure noted in `last`.
    #[must_use]
    pub fn after(mut self, step: &Step) -> Self {
        let mut next = self.clone();
        match next.run(step) {
            Ok(op) => {
                next.last = Outcome::Ok { op };
                next
            }
            Err(kind) => {
                self.last = Outcome::Err(kind);
                self
            }
        }
    }

    /// The last model id handed out: ids from 1 to this one have been
    /// given to items, which may have been removed since.
    pub fn last_id(&self) -> u32 {
        self.last_id
    }

    /// The owner's items, in the order `list` prints them (name key).
    pub fn items_of(&self, owner: &str) -> impl Iterator<Item = &ModelItem> {
        self.items
            .iter()
            .filter(move |((o, _), _)| *o == owner)
            .map(|(_, item)| item)
    }

    fn run(&mut self, step: &Step) -> Result<Option<usize>, ErrorKind> {
        let owner = step.owner().key();
        let changes = match step {
            Step::Add { .. } => self.add(owner, step)?,
            Step::Remove {
                items, missing_ok, ..
            } => self.remove(owner, items, *missing_ok)?,
            Step::Rename { from, to, .. } => {
                let (from, to) = (parse(*from)?, creatable(*to)?);
                self.rename(owner, from, to, "rename")?
            }
            Step::Adjust { item, delta, .. } => {
                let current = self.referred(owner, *item)?;
                let quantity = moved(current.quantity, *delta).ok_or(ErrorKind::Invalid)?;
                self.set_quantity(owner, current, quantity, "adjust")
            }
            Step::Scan { code, delta, .. } => {
                let current = self.referred(owner, Ref::Code(*code))?;
                let quantity = moved(current.quantity, *delta).ok_or(ErrorKind::Invalid)?;
                self.set_quantity(owner, current, quantity, "scan")
            }
            Step::Set { name, quantity, .. } => {
                let current = self.existing(owner, parse(*name)?)?;
                self.set_quantity(owner, current, *quantity, "set")
            }
            Step::Count { name, quantity, .. } => {
                let current = self.existing(owner, parse(*name)?)?;
                let after = ModelItem {
                    quantity: *quantity,
                    ..current.clone()
                };
                // A stocktake is recorded even when the level was right.
                self.replace(owner, &current, after.clone());
                vec![Change {
                    kind: "count",
                    before: Some(current),
                    after: Some(after),
                }]
            }
            Step::Edit {
                item,
                unit,
                min,
                code,
                note,
                ..
            } => self.edit(owner, *item, (*unit, *min, *code, *note))?,
            Step::Move { item, to, .. } => {
                let to = to.map(parse_location).transpose()?;
                let current = self.referred(owner, *item)?;
                let after = ModelItem {
                    location: to.map(str::to_owned),
                    ..current.clone()
                };
                self.changed(owner, "move", current, after)
            }
            Step::Tag { item, tags, .. } => {
                let tags = parse_tags(tags)?;
                let current = self.referred(owner, *item)?;
                let mut after = current.clone();
                for tag in tags {
                    // A tag the item has, in any case, keeps its spelling.
                    after.tags.entry(key(tag)).or_insert_with(|| tag.to_owned());
                }
                self.changed(owner, "tag", current, after)
            }
            Step::Untag { item, tags, .. } => {
                let tags = parse_tags(tags)?;
                let current = self.referred(owner, *item)?;
                let mut after = current.clone();
                for tag in tags {
                    after.tags.remove(&key(tag));
                }
                self.changed(owner, "untag", current, after)
            }
            Step::Undo { target, .. } => return self.undo(owner, *target).map(Some),
            Step::Import {
                on_conflict, rows, ..
            } => self.import(owner, *on_conflict, rows)?,
            Step::Apply { lines, .. } => {
                let mut changes = Vec::new();
                for line in lines {
                    changes.extend(self.apply_line(owner, line)?);
                }
                changes
            }
        };
        Ok(self.record(owner, changes, None))
    }

    /// Records an operation if it changed anything (an undo always is).
    fn record(
        &mut self,
        owner: &'static str,
        changes: Changes,
        undoes: Option<usize>,
    ) -> Option<usize> {
        if changes.is_empty() && undoes.is_none() {
            return None;
        }
        self.ops.push(Op {
            owner,
            changes,
            undoes,
            undone: false,
        });
        Some(self.ops.len() - 1)
    }

    fn find(&self, owner: &'static str, name: &str) -> Option<ModelItem> {
        self.items.get(&(owner, key(name))).cloned()
    }

    fn existing(&self, owner: &'static str, name: &str) -> Result<ModelItem, ErrorKind> {
        self.find(owner, name).ok_or(ErrorKind::NotFound)
    }

    fn by_id(&self, owner: &'static str, id: u32) -> Option<ModelItem> {
        self.items_of(owner).find(|item| item.id == id).cloned()
    }

    /// The owner's item with exactly this code.
    fn by_code(&self, owner: &'static str, code: &str) -> Option<ModelItem> {
        self.items_of(owner)
            .find(|item| item.code.as_deref() == Some(code))
            .cloned()
    }

    /// The owner's item `item` refers to, if any; invalid when the
    /// reference itself is.
    fn resolve(&self, owner: &'static str, item: Ref) -> Result<Option<ModelItem>, ErrorKind> {
        Ok(match item {
            Ref::Name(name) => self.find(owner, parse(name)?),
            Ref::Id(id) => self.by_id(owner, id),
            Ref::Code(code) => self.by_code(owner, parse_code(code)?),
        })
    }

    /// The owner's item `item` refers to, or not found.
    fn referred(&self, owner: &'static str, item: Ref) -> Result<ModelItem, ErrorKind> {
        self.resolve(owner, item)?.ok_or(ErrorKind::NotFound)
    }

    fn new_item(
        &mut self,
        name: &str,
        quantity: u64,
        unit: Option<String>,
        min: Option<u64>,
    ) -> ModelItem {
        self.last_id += 1;
        ModelItem {
            id: self.last_id,
            name: name.to_owned(),
            quantity,
            unit,
            min,
            location: None,
            tags: BTreeMap::new(),
            code: None,
            note: None,
        }
    }

    fn insert(&mut self, owner: &'static str, item: ModelItem) {
        let taken = self.items.insert((owner, item.key()), item);
        assert!(taken.is_none(), "model bug: inserted over {taken:?}");
    }

    fn replace(&mut self, owner: &'static str, before: &ModelItem, after: ModelItem) {
        self.items.remove(&(owner, before.key()));
        self.insert(owner, after);
    }

    fn created(&mut self, owner: &'static str, kind: &'static str, item: ModelItem) -> Change {
        self.insert(owner, item.clone());
        Change {
            kind,
            before: None,
            after: Some(item),
        }
    }

    fn removed(&mut self, owner: &'static str, kind: &'static str, item: ModelItem) -> Change {
        self.items.remove(&(owner, item.key()));
        Change {
            kind,
            before: Some(item),
            after: None,
        }
    }

    /// Changes `before` into `after`; nothing is recorded when they are equal.
    fn changed(
        &mut self,
        owner: &'static str,
        kind: &'static str,
        before: ModelItem,
        after: ModelItem,
    ) -> Changes {
        if before == after {
            return Vec::new();
        }
        self.replace(owner, &before, after.clone());
        vec![Change {
            kind,
            before: Some(before),
            after: Some(after),
        }]
    }

    fn set_quantity(
        &mut self,
        owner: &'static str,
        current: ModelItem,
        quantity: u64,
        kind: &'static str,
    ) -> Changes {
        let after = ModelItem {
            quantity,
            ..current.clone()
        };
        self.changed(owner, kind, current, after)
    }

    fn add(&mut self, owner: &'static str, step: &Step) -> Result<Changes, ErrorKind> {
        let Step::Add {
            name,
            quantity,
            unit,
            min,
            code,
            at,
            exists_ok,
            ..
        } = step
        else {
            unreachable!("add runs only an add")
        };
        let (name, unit) = (creatable(*name)?, creatable_unit(*unit)?);
        let code = code.map(parse_code).transpose()?;
        let at = at.map(parse_location).transpose()?;
        if self.find(owner, name).is_some() {
            // `--exists-ok` prints the existing item and changes nothing.
            return if *exists_ok {
                Ok(Vec::new())
            } else {
                Err(ErrorKind::Conflict)
            };
        }
        if let Some(code) = code {
            self.check_code_free(owner, code, None)?;
        }
        let item = ModelItem {
            code: code.map(str::to_owned),
            location: at.map(str::to_owned),
            ..self.new_item(name, *quantity, unit, *min)
        };
        Ok(vec![self.created(owner, "add", item)])
    }

    fn remove(
        &mut self,
        owner: &'static str,
        items: &[Ref],
        missing_ok: bool,
    ) -> Result<Changes, ErrorKind> {
        // Every argument is parsed before any item is looked up.
        for item in items {
            self.resolve(owner, *item)?;
        }
        let mut found: Vec<ModelItem> = Vec::new();
        let mut missing = false;
        for item in items {
            match self.resolve(owner, *item)? {
                Some(item) if found.iter().any(|f| f.id == item.id) => {}
                Some(item) => found.push(item),
                None => missing = true,
            }
        }
        if missing && !missing_ok {
            return Err(ErrorKind::NotFound);
        }
        Ok(found
            .into_iter()
            .map(|item| self.removed(owner, "remove", item))
            .collect())
    }

    fn rename(
        &mut self,
        owner: &'static str,
        from: &str,
        to: &str,
        kind: &'static str,
    ) -> Result<Changes, ErrorKind> {
        let current = self.existing(owner, from)?;
        if key(to) != key(from) && self.find(owner, to).is_some() {
            return Err(ErrorKind::Conflict);
        }
        let after = ModelItem {
            name: to.to_owned(),
            ..current.clone()
        };
        Ok(self.changed(owner, kind, current, after))
    }

    fn edit(
        &mut self,
        owner: &'static str,
        item: Ref,
        (unit, min, code, note): Edits,
    ) -> Result<Changes, ErrorKind> {
        // Everything on the command line is parsed before the item is looked up.
        self.resolve(owner, item)?;
        let unit = unit.parsed(|unit| creatable_unit(Some(unit)))?;
        let code = code.parsed(|code| parse_code(code).map(|c| Some(c.to_owned())))?;
        let note = note.parsed(|note| {
            let note = note.normalised().ok_or(ErrorKind::Invalid)?;
            Ok(Some(note.to_owned()))
        })?;
        let current = self.referred(owner, item)?;
        let mut after = current.clone();
        unit.set(&mut after.unit);
        min.parsed(|min| Ok(Some(min)))?.set(&mut after.min);
        code.set(&mut after.code);
        note.set(&mut after.note);
        if after.code != current.code
            && let Some(code) = &after.code
        {
            self.check_code_free(owner, code, Some(current.id))?;
        }
        Ok(self.changed(owner, "edit", current, after))
    }

    fn import(
        &mut self,
        owner: &'static str,
        on_conflict: OnConflict,
        rows: &[Row],
    ) -> Result<Changes, ErrorKind> {
        let mut changes = Vec::new();
        for row in rows {
            let Row::Item {
                name,
                quantity,
                unit,
                min,
                ..
            } = row
            else {
                return Err(ErrorKind::Invalid);
            };
            // A negative quantity does not even read as a row.
            let quantity = match quantity {
                None => 1,
                Some(q) => in_range(u64::try_from(*q).map_err(|_| ErrorKind::Invalid)?)?,
            };
            let name = parse(*name)?;
            let unit = parse_unit(*unit)?;
            let min = min.map(in_range).transpose()?;
            match (self.find(owner, name), on_conflict) {
                (None, _) => {
                    if hides(name) || unit.as_deref().is_some_and(hides) {
                        return Err(ErrorKind::Invalid);
                    }
                    let item = self.new_item(name, quantity, unit, min);
                    changes.push(self.created(owner, "import", item));
                }
                (Some(_), OnConflict::Fail) => return Err(ErrorKind::Conflict),
                (Some(_), OnConflict::Skip) => {}
                (Some(existing), OnConflict::Replace) => {
                    // The item becomes the row: every field an import row
                    // can carry is the row's, and one it leaves out is
                    // none (these rows carry no location, tags, code or
                    // note). Only the id and the creation time stay.
                    let after = ModelItem {
                        name: name.to_owned(),
                        quantity,
                        unit,
                        min,
                        location: None,
                        tags: BTreeMap::new(),
                        code: None,
                        note: None,
                        ..existing.clone()
                    };
                    changes.extend(self.changed(owner, "import", existing, after));
                }
                (Some(existing), OnConflict::Add) => {
                    // Only the quantity grows, and only in the item's unit.
                    if unit != existing.unit {
                        return Err(ErrorKind::Invalid);
                    }
                    let after = ModelItem {
                        quantity: in_range(existing.quantity + quantity)?,
                        ..existing.clone()
                    };
                    changes.extend(self.changed(owner, "import", existing, after));
                }
            }
        }
        Ok(changes)
    }

    fn apply_line(&mut self, owner: &'static str, line: &Line) -> Result<Changes, ErrorKind> {
        if let LineOp::Malformed(_) = line.op {
            return Err(ErrorKind::Invalid);
        }
        let name = parse(line.name)?;
        let current = self.find(owner, name);
        if line.expect_exists.is_some_and(|e| e != current.is_some())
            || line
                .expect_quantity
                .is_some_and(|q| current.as_ref().is_none_or(|c| c.quantity != q))
        {
            return Err(ErrorKind::Conflict);
        }
        if let LineOp::Add {
            quantity,
            unit,
            min,
        } = line.op
        {
            if current.is_some() {
                return Err(ErrorKind::Conflict);
            }
            creatable(line.name)?;
            let unit = creatable_unit(unit)?;
            let quantity = quantity.map_or(Ok(1), in_range)?;
            let min = min.map(in_range).transpose()?;
            let item = self.new_item(name, quantity, unit, min);
            return Ok(vec![self.created(owner, "add", item)]);
        }
        let current = current.ok_or(ErrorKind::NotFound)?;
        Ok(match line.op {
            LineOp::Remove => vec![self.removed(owner, "remove", current)],
            LineOp::Adjust(delta) => {
                if delta.unsigned_abs() > MAX {
                    return Err(ErrorKind::Invalid);
                }
                let quantity = moved(current.quantity, delta).ok_or(ErrorKind::Invalid)?;
                self.set_quantity(owner, current, quantity, "adjust")
            }
            LineOp::Set(quantity) => self.set_quantity(owner, current, in_range(quantity)?, "set"),
            LineOp::Rename(to) => self.rename(owner, name, creatable(to)?, "rename")?,
            LineOp::Add { .. } | LineOp::Malformed(_) => unreachable!("handled above"),
        })
    }

    fn undo(&mut self, owner: &'static str, target: Target) -> Result<usize, ErrorKind> {
        let index = match target {
            Target::Last => self
                .ops
                .iter()
                .rposition(|op| op.owner == owner && op.undoes.is_none() && !op.undone)
                .ok_or(ErrorKind::NotFound)?,
            Target::Op(index) => {
                let op = self.ops.get(index).ok_or(ErrorKind::NotFound)?;
                if op.owner != owner {
                    return Err(ErrorKind::NotFound);
                }
                if op.undoes.is_some() || op.undone {
                    return Err(ErrorKind::Conflict);
                }
                index
            }
            Target::Unknown => return Err(ErrorKind::NotFound),
        };
        let mut changes = Vec::new();
        for change in self.ops[index].changes.clone().iter().rev() {
            changes.extend(self.revert(owner, change)?);
        }
        self.ops[index].undone = true;
        Ok(self
            .record(owner, changes, Some(index))
            .expect("an undo is always recorded"))
    }

    /// Puts one changed item back: removes what was created, recreates
    /// what was removed, and restores each field the change changed (an
    /// adjustment by the opposite delta, so that later changes are kept).
    fn revert(
        &mut self,
        owner: &'static str,
        change: &Change,
    ) -> Result<Option<Change>, ErrorKind> {
        let id = change
            .before
            .as_ref()
            .or(change.after.as_ref())
            .expect("a change has a side")
            .id;
        let current = self.by_id(owner, id);
        let Some(before) = &change.before else {
            // Undoing a creation removes the item, if it is still there.
            return Ok(current.map(|item| self.removed(owner, "undo", item)));
        };
        let after = change.after.as_ref();
        let Some(current) = current else {
            if after.is_some() {
                // The item was changed, and has been removed since.
                return Err(ErrorKind::Conflict);
            }
            self.check_free(owner, &before.name, id)?;
            if let Some(code) = &before.code {
                self.check_code_free(owner, code, Some(id))?;
            }
            return Ok(Some(self.created(owner, "undo", before.clone())));
        };
        let mut wanted = current.clone();
        if Some(&before.name) != after.map(|a| &a.name) {
            self.check_free(owner, &before.name, id)?;
            wanted.name.clone_from(&before.name);
        }
        if let Some(after) = after
            && before.quantity != after.quantity
        {
            wanted.quantity = if matches!(change.kind, "adjust" | "scan") {
                let inverse = before.quantity as i64 - after.quantity as i64;
                moved(current.quantity, inverse).ok_or(ErrorKind::Conflict)?
            } else {
                before.quantity
            };
        }
        if before.unit != after.and_then(|a| a.unit.clone()) {
            wanted.unit.clone_from(&before.unit);
        }
        if before.min != after.and_then(|a| a.min) {
            wanted.min = before.min;
        }
        // A location, the tags or a note are put back whole, as they were.
        if before.location != after.and_then(|a| a.location.clone()) {
            wanted.location.clone_from(&before.location);
        }
        if Some(&before.tags) != after.map(|a| &a.tags) {
            wanted.tags.clone_from(&before.tags);
        }
        if before.note != after.and_then(|a| a.note.clone()) {
            wanted.note.clone_from(&before.note);
        }
        if before.code != after.and_then(|a| a.code.clone()) {
            if let Some(code) = &before.code {
                self.check_code_free(owner, code, Some(id))?;
            }
            wanted.code.clone_from(&before.code);
        }
        Ok(self.changed(owner, "undo", current, wanted).pop())
    }

    /// Conflict when an item of the owner other than `id` (if any) has
    /// `code`.
    fn check_code_free(
        &self,
        owner: &'static str,
        code: &str,
        id: Option<u32>,
    ) -> Result<(), ErrorKind> {
        match self.by_code(owner, code) {
            Some(other) if Some(other.id) != id => Err(ErrorKind::Conflict),
            _ => Ok(()),
        }
    }

    /// Conflict when another item than `id` has `name`'s key.
    fn check_free(&self, owner: &'static str, name: &str, id: u32) -> Result<(), ErrorKind> {
        match self.find(owner, name) {
            Some(other) if other.id != id => Err(ErrorKind::Conflict),
            _ => Ok(()),
        }
    }
}
