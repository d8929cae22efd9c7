//! The item: the value the state maps each (owner, name key) to.

use serde::Serialize;

use super::{Quantity, Timestamp};

/// One item as stored and shown. Field order is the JSON field order of the
/// contract; later versions only add fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Never reused, never changed by a rename.
    pub id: i64,
    /// The owner's display name.
    pub owner: String,
    /// The display name as the user last gave it.
    pub name: String,
    /// The stock level.
    pub quantity: Quantity,
    /// When the item was added.
    pub created_at: Timestamp,
    /// When the item last changed.
    pub updated_at: Timestamp,
}
