//! What `list` asks for: an order, a direction, a limit and a filter.

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
    /// Keep only items below their reorder level (`low`).
    pub low_only: bool,
}
