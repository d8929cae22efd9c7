//! An item's fields besides its name, and the one rule for each.

use super::{Code, Error, Location, Note, Quantity, Tags, Unit};

/// A new item's fields besides its name: what `add`, an import row and an
/// `apply` add line give.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemFields {
    /// Starting quantity.
    pub quantity: Quantity,
    /// Unit of measure.
    pub unit: Option<Unit>,
    /// Reorder level.
    pub min: Option<Quantity>,
    /// Where it is.
    pub location: Option<Location>,
    /// Its tags.
    pub tags: Tags,
    /// Its code.
    pub code: Option<Code>,
    /// A note.
    pub note: Option<Note>,
}

impl ItemFields {
    /// The fields from their raw values, each checked by its rule: the
    /// quantity defaults to 1, as with `add`.
    pub fn from_raw(
        quantity: Option<u64>,
        unit: Option<&str>,
        min: Option<u64>,
    ) -> Result<Self, Error> {
        Ok(Self {
            quantity: quantity
                .map_or(Ok(Quantity::default()), |q| quantity_field(q, "quantity"))?,
            unit: unit.map(Unit::parse).transpose()?,
            min: min.map(|m| quantity_field(m, "min")).transpose()?,
            ..Self::default()
        })
    }
}

impl ItemFields {
    /// The same fields, refused if the unit hides format characters: the
    /// rule for a unit being created rather than one stored before it.
    pub fn checked_new(self) -> Result<Self, Error> {
        self.check_new()?;
        Ok(self)
    }

    /// Checks the creation rule for the unit (see [`ItemFields::checked_new`]).
    pub fn check_new(&self) -> Result<(), Error> {
        match &self.unit {
            Some(unit) => Unit::parse_new(unit.as_str()).map(drop),
            None => Ok(()),
        }
    }
}

/// A quantity field of an input row (`quantity`, `min`): 0 to 2^53-1.
pub fn quantity_field(value: u64, field: &str) -> Result<Quantity, Error> {
    Quantity::new(value).ok_or_else(|| {
        Error::Invalid(format!(
            "invalid {field} {value}: must be from 0 to {}",
            Quantity::MAX
        ))
    })
}

/// `--min N`: a quantity, named as the reorder level when it is wrong.
pub fn parse_min(text: &str) -> Result<Quantity, Error> {
    Quantity::parse(text).map_err(|_| {
        Error::Invalid(format!(
            "invalid min {}: the reorder level must be a whole number from 0 to {}",
            super::quoted(text),
            Quantity::MAX
        ))
    })
}
