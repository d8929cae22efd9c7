//! What `list` asks for: an order, a direction, a limit and filters.

use std::cmp::Ordering;

use super::{Code, Item, ItemName, Location, Quantity, Tag, Timestamp};

/// The orders `list --sort` offers. Ties are broken by name key, then id, so
/// the output is always the same for the same state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// By name key, then id (the default).
    #[default]
    Name,
    /// By quantity.
    Quantity,
    /// By creation time.
    Created,
    /// By time of the last change.
    Updated,
}

/// A `list` request, already parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// The order.
    pub sort: SortKey,
    /// Reverse the whole order.
    pub reverse: bool,
    /// At most this many items.
    pub limit: Option<u64>,
    /// Keep only items whose name key contains this needle
    /// (see [`super::match_needle`]).
    pub needle: Option<String>,
    /// Keep only items below their reorder level (`low`, `list --low`).
    pub low_only: bool,
    /// `--at`: keep only items at this location or under it.
    pub at: Option<Location>,
    /// `--tag` (repeatable): keep only items with every one of these tags.
    pub tags: Vec<Tag>,
    /// `--code`: keep only the item with this code.
    pub code: Option<Code>,
    /// Keep only items with at least this quantity (`--qty-min`).
    pub qty_min: Option<Quantity>,
    /// Keep only items with at most this quantity (`--qty-max`). Below
    /// `qty_min` it keeps nothing, as SQL's `BETWEEN 5 AND 2` does.
    pub qty_max: Option<Quantity>,
    /// Keep only items changed at or after this time (`--updated-since`).
    pub updated_since: Option<Timestamp>,
}

impl ListQuery {
    /// Whether `item` is one the query selects. The SQL of every backend
    /// selects the same items (a conformance test holds them equal).
    #[must_use]
    pub fn keeps(&self, item: &Item) -> bool {
        let key = ItemName::key_of_normalised(&item.name);
        self.needle
            .as_deref()
            .is_none_or(|needle| key.contains(needle))
            && (!self.low_only || item.is_low())
            && self.qty_min.is_none_or(|min| item.quantity >= min)
            && self.qty_max.is_none_or(|max| item.quantity <= max)
            && self
                .updated_since
                .is_none_or(|since| item.updated_at >= since)
            && self.keeps_details(item)
    }

    /// True when the query selects by location, tags or code: filters that
    /// the backends apply to the rows their SQL returns, through
    /// [`ListQuery::keeps_details`], before the limit.
    #[must_use]
    pub fn has_detail_filter(&self) -> bool {
        self.at.is_some() || !self.tags.is_empty() || self.code.is_some()
    }

    /// Whether `item` passes the location, tag and code filters.
    #[must_use]
    pub fn keeps_details(&self, item: &Item) -> bool {
        self.at
            .as_ref()
            .is_none_or(|at| item.location.as_ref().is_some_and(|l| l.is_within(at)))
            && self.tags.iter().all(|tag| item.tags.contains(tag))
            && self
                .code
                .as_ref()
                .is_none_or(|code| item.code.as_ref() == Some(code))
    }

    /// The query's order between two items: the sort key, ties broken by
    /// name key and then id, all reversed by `reverse`. The SQL of every
    /// backend orders the same way (a conformance test holds them equal).
    #[must_use]
    pub fn order(&self, a: &Item, b: &Item) -> Ordering {
        let key = |item: &Item| ItemName::key_of_normalised(&item.name);
        let by_key_then_id = || key(a).cmp(&key(b)).then(a.id.cmp(&b.id));
        let order = match self.sort {
            SortKey::Name => by_key_then_id(),
            SortKey::Quantity => a.quantity.cmp(&b.quantity).then_with(by_key_then_id),
            SortKey::Created => a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)),
            SortKey::Updated => a.updated_at.cmp(&b.updated_at).then_with(by_key_then_id),
        };
        if self.reverse { order.reverse() } else { order }
    }

    /// Selects, orders and limits `items` as the query asks: what `list`
    /// does with items that do not come from the items table (`--as-of`).
    #[must_use]
    pub fn apply(&self, items: impl IntoIterator<Item = Item>) -> Vec<Item> {
        let mut kept: Vec<Item> = items.into_iter().filter(|i| self.keeps(i)).collect();
        kept.sort_by(|a, b| self.order(a, b));
        if let Some(limit) = self.limit {
            kept.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        }
        kept
    }
}
