//! The ledger: events, one per item a successful operation changed, and
//! replaying them into the items they describe.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Code, Item, Location, Note, Quantity, Tags, Timestamp, Unit};

/// One change to one item. `*_before` is empty when the event created the
/// item, `*_after` when it removed it. Field order is the JSON order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// The operation this event belongs to.
    pub op: i64,
    /// Position within the operation, from 1.
    pub seq: i64,
    /// When the change was made.
    pub at: Timestamp,
    /// The item changed.
    pub item_id: i64,
    /// What changed it.
    pub kind: EventKind,
    /// Name before.
    pub name_before: Option<String>,
    /// Name after.
    pub name_after: Option<String>,
    /// Quantity before.
    pub qty_before: Option<Quantity>,
    /// Quantity after.
    pub qty_after: Option<Quantity>,
    /// Unit before.
    pub unit_before: Option<Unit>,
    /// Unit after.
    pub unit_after: Option<Unit>,
    /// Reorder level before.
    pub min_before: Option<Quantity>,
    /// Reorder level after.
    pub min_after: Option<Quantity>,
    /// The owner's display name.
    pub owner: String,
    /// Why, as given with `--reason`.
    pub reason: Option<String>,
    /// The OS user who ran the command.
    pub actor: String,
    /// Location before.
    #[serde(default)]
    pub location_before: Option<Location>,
    /// Location after.
    #[serde(default)]
    pub location_after: Option<Location>,
    /// Tags before (none when the event created the item).
    #[serde(default)]
    pub tags_before: Option<Tags>,
    /// Tags after (none when the event removed the item).
    #[serde(default)]
    pub tags_after: Option<Tags>,
    /// Code before.
    #[serde(default)]
    pub code_before: Option<Code>,
    /// Code after.
    #[serde(default)]
    pub code_after: Option<Code>,
    /// Note before.
    #[serde(default)]
    pub note_before: Option<Note>,
    /// Note after.
    #[serde(default)]
    pub note_after: Option<Note>,
    /// The item's creation time, kept so a replay restores it exactly.
    #[serde(skip)]
    pub created_at: Timestamp,
}

impl Event {
    /// The event's JSON field names, in JSON order: the one list that CSV
    /// headers, `--fields` and the schema's required fields come from (a
    /// test holds it equal to the serialised event's keys).
    pub const FIELDS: &'static [&'static str] = &[
        "op",
        "seq",
        "at",
        "item_id",
        "kind",
        "name_before",
        "name_after",
        "qty_before",
        "qty_after",
        "unit_before",
        "unit_after",
        "min_before",
        "min_after",
        "owner",
        "reason",
        "actor",
        "location_before",
        "location_after",
        "tags_before",
        "tags_after",
        "code_before",
        "code_after",
        "note_before",
        "note_after",
    ];

    /// The item as this event left it, or `None` if the event removed it.
    #[must_use]
    pub fn item_after(&self) -> Option<Item> {
        Some(Item {
            id: self.item_id,
            owner: self.owner.clone(),
            name: self.name_after.clone()?,
            quantity: self.qty_after?,
            created_at: self.created_at,
            updated_at: self.at,
            unit: self.unit_after.clone(),
            min: self.min_after,
            location: self.location_after.clone(),
            tags: self.tags_after.clone().unwrap_or_default(),
            code: self.code_after.clone(),
            note: self.note_after.clone(),
        })
    }

    /// The item as it was before this event, or `None` if the event
    /// created it. `updated_at` is the event's time: the caller sets it.
    #[must_use]
    pub fn item_before(&self) -> Option<Item> {
        Some(Item {
            id: self.item_id,
            owner: self.owner.clone(),
            name: self.name_before.clone()?,
            quantity: self.qty_before?,
            created_at: self.created_at,
            updated_at: self.at,
            unit: self.unit_before.clone(),
            min: self.min_before,
            location: self.location_before.clone(),
            tags: self.tags_before.clone().unwrap_or_default(),
            code: self.code_before.clone(),
            note: self.note_before.clone(),
        })
    }
}

/// What made an event: the command, or for `apply` the line's operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// An item that existed before the ledger (schema version 2).
    Baseline,
    /// `add`, or an `apply` add line.
    Add,
    /// `remove`, or an `apply` remove line.
    Remove,
    /// `rename`, or an `apply` rename line.
    Rename,
    /// `edit`.
    Edit,
    /// `adjust`, or an `apply` adjust line.
    Adjust,
    /// `set`, or an `apply` set line.
    Set,
    /// `count`: a stocktake.
    Count,
    /// `import`.
    Import,
    /// `undo`.
    Undo,
    /// `move`, or an `apply` move line.
    Move,
    /// `tag`, or an `apply` tag line that adds tags.
    Tag,
    /// `untag`, or an `apply` tag line that only removes tags.
    Untag,
    /// One line of `scan`.
    Scan,
}

impl EventKind {
    /// Every kind.
    pub const ALL: [Self; 14] = [
        Self::Baseline,
        Self::Add,
        Self::Remove,
        Self::Rename,
        Self::Edit,
        Self::Adjust,
        Self::Set,
        Self::Count,
        Self::Import,
        Self::Undo,
        Self::Move,
        Self::Tag,
        Self::Untag,
        Self::Scan,
    ];

    /// The kind as stored and shown.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Baseline => "baseline",
            Self::Add => "add",
            Self::Remove => "remove",
            Self::Rename => "rename",
            Self::Edit => "edit",
            Self::Adjust => "adjust",
            Self::Set => "set",
            Self::Count => "count",
            Self::Import => "import",
            Self::Undo => "undo",
            Self::Move => "move",
            Self::Tag => "tag",
            Self::Untag => "untag",
            Self::Scan => "scan",
        }
    }

    /// The kind a stored name stands for.
    #[must_use]
    pub fn from_stored(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One item's change, as an event records it: created, removed, or changed
/// from one state to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition<'a> {
    /// The item did not exist before.
    Created(&'a Item),
    /// The item does not exist after.
    Removed(&'a Item),
    /// The item went from `before` to `after`; the id is the same.
    Changed {
        /// The state before.
        before: &'a Item,
        /// The state after.
        after: &'a Item,
    },
}

impl<'a> Transition<'a> {
    /// The state before, if the item existed.
    #[must_use]
    pub fn before(self) -> Option<&'a Item> {
        match self {
            Self::Created(_) => None,
            Self::Removed(item) | Self::Changed { before: item, .. } => Some(item),
        }
    }

    /// The state after, if the item still exists.
    #[must_use]
    pub fn after(self) -> Option<&'a Item> {
        match self {
            Self::Removed(_) => None,
            Self::Created(item) | Self::Changed { after: item, .. } => Some(item),
        }
    }

    /// The item the transition is about (its latest state).
    #[must_use]
    pub fn subject(self) -> &'a Item {
        match self {
            Self::Created(item) | Self::Removed(item) | Self::Changed { after: item, .. } => item,
        }
    }
}

/// Rebuilds items from events given in ledger order (operation, then
/// sequence): each event's "after" state replaces the item's, and an event
/// with no "after" removes it. Returns the items by id.
pub fn replay(events: impl IntoIterator<Item = Event>) -> BTreeMap<i64, Item> {
    let mut items = BTreeMap::new();
    for event in events {
        match event.item_after() {
            Some(item) => items.insert(event.item_id, item),
            None => items.remove(&event.item_id),
        };
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(op: i64, item_id: i64, after: Option<(&str, u64)>) -> Event {
        Event {
            op,
            seq: 1,
            at: Timestamp::from_millis(op * 1000),
            item_id,
            kind: EventKind::Add,
            name_before: None,
            name_after: after.map(|(n, _)| n.to_owned()),
            qty_before: None,
            qty_after: after.map(|(_, q)| Quantity::new(q).unwrap()),
            unit_before: None,
            unit_after: None,
            min_before: None,
            min_after: None,
            owner: "alice".to_owned(),
            reason: None,
            actor: "tester".to_owned(),
            location_before: None,
            location_after: None,
            tags_before: None,
            tags_after: after.map(|_| Tags::new()),
            code_before: None,
            code_after: None,
            note_before: None,
            note_after: None,
            created_at: Timestamp::from_millis(500),
        }
    }

    #[test]
    fn every_event_kind_reads_back_from_its_stored_name() {
        for kind in EventKind::ALL {
            assert_eq!(EventKind::from_stored(kind.as_str()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{kind}\""));
        }
        assert_eq!(EventKind::from_stored("Add"), None);
    }

    #[test]
    fn the_field_list_is_the_json_keys_in_order() {
        let keys = crate::domain::item::tests::json_keys(&event(1, 1, Some(("milk", 2))));
        assert_eq!(keys, Event::FIELDS);
    }

    #[test]
    fn replay_keeps_the_last_state_of_each_item_and_drops_removed_ones() {
        let items = replay([
            event(1, 1, Some(("milk", 2))),
            event(2, 2, Some(("bread", 1))),
            event(3, 1, Some(("oat milk", 5))),
            event(4, 2, None),
        ]);
        assert_eq!(items.len(), 1);
        let milk = &items[&1];
        assert_eq!((milk.name.as_str(), milk.quantity.get()), ("oat milk", 5));
        assert_eq!(milk.created_at, Timestamp::from_millis(500));
        assert_eq!(milk.updated_at, Timestamp::from_millis(3000));
    }
}
