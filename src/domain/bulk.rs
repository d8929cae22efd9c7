//! The rows `import` reads and the lines `apply` runs, as they arrive:
//! plain data, checked against the rules by the service.

use serde::Deserialize;

/// One row of an import: the item's own field names. Other fields, such as
/// `id` and the timestamps that `export` writes, are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ImportRow {
    /// The owner (used with `--all-owners`).
    #[serde(default)]
    pub owner: Option<String>,
    /// The item name.
    pub name: String,
    /// The quantity; 1 when absent, as with `add`.
    #[serde(default)]
    pub quantity: Option<u64>,
    /// The unit of measure.
    #[serde(default)]
    pub unit: Option<String>,
    /// The reorder level.
    #[serde(default)]
    pub min: Option<u64>,
}

/// One line of an `apply` batch, before its fields are checked against the
/// operation it names.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplyLine {
    /// add, adjust, set, rename or remove.
    pub op: String,
    /// The item the line is about.
    pub name: String,
    /// `add` and `set`: the quantity.
    #[serde(default)]
    pub quantity: Option<u64>,
    /// `add`: the unit.
    #[serde(default)]
    pub unit: Option<String>,
    /// `add`: the reorder level.
    #[serde(default)]
    pub min: Option<u64>,
    /// `adjust`: the change.
    #[serde(default)]
    pub delta: Option<i64>,
    /// `rename`: the new name.
    #[serde(default)]
    pub to: Option<String>,
    /// Precondition: the item's quantity before this line.
    #[serde(default)]
    pub expect_quantity: Option<u64>,
    /// Precondition: whether the item exists before this line.
    #[serde(default)]
    pub expect_exists: Option<bool>,
}

/// What `import` does with a row whose name the owner already has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnConflict {
    /// Import nothing, exit 4 naming the row.
    #[default]
    Fail,
    /// Keep the existing item and go on.
    Skip,
    /// Overwrite the existing item's name, quantity, unit and min.
    Replace,
}
