//! One function per command, each one transition of the state: it runs
//! through the transaction template in [`ctx`] (open, begin, replay a key,
//! the body, record the key, commit), reads and writes only through the
//! storage seam, and validates with the domain's rules. A command that
//! returns an error has changed nothing: its transaction was dropped, and
//! dropping rolls back.

mod apply;
mod bulk;
mod copy;
mod ctx;
#[cfg(test)]
mod fixture;
mod items;
mod ledger;
mod stock;

pub use apply::{Applied, apply};
pub use bulk::{Imported, export, import};
pub use copy::{Copied, End, Scope, copy};
pub use ctx::{
    Ctx, FINGERPRINT_PREFIX, InputHash, Intent, KeyGuard, Ledger, Mode, Presence, Receipt,
};
pub use items::{Added, Place, Renamed, add, item_names, list, locations, owners, remove, rename};
pub use ledger::{
    History, Shown, Undone, current_items, history, list_as_of, replay_all, show, undo,
};
pub use stock::{Adjusted, Edit, Level, adjust, edit, low, move_to, scan, set_level, tag, untag};
