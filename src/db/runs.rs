//! Creation runs: the items one operation created one after another (an
//! import's), recorded in the ledger as one row instead of one event each.
//!
//! A run is a range of item ids (`first_id..=last_id`) created by events
//! `first_seq..` of one operation, all at one time and of one kind, with
//! each item's state as created packed into one JSON text: an array with
//! one array per item, `[name, quantity, created_at, unit, min, location,
//! tags, code, note]`, trailing nulls (and empty tags) left out, so a plain
//! item is `["bolts",40,1795627750123]`. The name key is not stored: it is
//! the name's key, which the domain derives.
//!
//! Both backends store runs the same way and read them back as the events
//! they stand for, so `history`, `undo`, replay and `copy` cannot tell a
//! run from the events it replaces. An item's first event is found in a
//! run by the range of ids the run covers.

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::{EventRecord, NewEvent};
use crate::domain::{
    Code, Error, Event, EventKind, Item, ItemName, Location, Note, Quantity, Tags, Timestamp,
    Transition, Unit,
};

/// The most items one run holds: a run's text stays below a few hundred
/// KiB, and reading one item's first event expands one run at most.
pub const RUN_MAX: i64 = 4096;

/// A run being recorded: creation events held back until the run ends.
#[derive(Debug, Clone)]
pub struct CreatedRun {
    /// The operation.
    pub op: i64,
    /// The first item's position in the operation.
    pub first_seq: i64,
    /// The first item's id.
    pub first_id: i64,
    /// The last item's id.
    pub last_id: i64,
    /// When.
    pub at: Timestamp,
    /// What made the change.
    pub kind: EventKind,
    /// The first item as created: a run that no second item joins is
    /// written as this item's ordinary event.
    first: Item,
    /// The states so far, as the JSON array's text without its closing `]`.
    states: Vec<u8>,
}

impl CreatedRun {
    /// A run that starts with `event`, when it creates an item.
    pub fn start(event: &NewEvent<'_>) -> Result<Option<Self>, Error> {
        let Transition::Created(item) = event.change else {
            return Ok(None);
        };
        let mut run = Self {
            op: event.op,
            first_seq: event.seq,
            first_id: item.id,
            last_id: item.id,
            at: event.at,
            kind: event.kind,
            first: item.clone(),
            states: Vec::with_capacity(64 * 1024),
        };
        run.states.push(b'[');
        pack(&mut run.states, item)?;
        Ok(Some(run))
    }

    /// Adds `event` to the run if it creates the next item as the next
    /// event of the same operation, kind and time; otherwise leaves the
    /// run as it is and returns false.
    pub fn extend(&mut self, event: &NewEvent<'_>) -> Result<bool, Error> {
        let Transition::Created(item) = event.change else {
            return Ok(false);
        };
        if event.op != self.op
            || event.kind != self.kind
            || event.at != self.at
            || item.id != self.last_id + 1
            || event.seq != self.first_seq + self.count()
            || self.count() >= RUN_MAX
        {
            return Ok(false);
        }
        self.states.push(b',');
        pack(&mut self.states, item)?;
        self.last_id = item.id;
        Ok(true)
    }

    /// How many items the run holds.
    #[must_use]
    pub fn count(&self) -> i64 {
        self.last_id - self.first_id + 1
    }

    /// The run's one event, when no second item joined it: it is written
    /// as an ordinary event, as every single creation is.
    #[must_use]
    pub fn alone(&self) -> Option<NewEvent<'_>> {
        (self.count() == 1).then_some(NewEvent {
            op: self.op,
            seq: self.first_seq,
            at: self.at,
            kind: self.kind,
            change: Transition::Created(&self.first),
        })
    }

    /// The states as stored: a JSON array, one element per item.
    pub fn states(&self) -> Result<String, Error> {
        let mut text = self.states.clone();
        text.push(b']');
        String::from_utf8(text)
            .map_err(|e| Error::Internal(anyhow::anyhow!("a creation run's states: {e}")))
    }
}

/// Appends `item`'s state as created to `out`.
fn pack(out: &mut Vec<u8>, item: &Item) -> Result<(), Error> {
    let tags = (!item.tags.is_empty()).then(|| item.tags.joined());
    let present = [
        item.unit.is_some(),
        item.min.is_some(),
        item.location.is_some(),
        tags.is_some(),
        item.code.is_some(),
        item.note.is_some(),
    ];
    let count = present.iter().rposition(|p| *p).map_or(0, |i| i + 1);
    out.push(b'[');
    json(out, &item.name)?;
    out.push(b',');
    json(out, &item.quantity)?;
    out.push(b',');
    json(out, &item.created_at.as_millis())?;
    for field in 0..count {
        out.push(b',');
        match field {
            0 => json(out, &item.unit)?,
            1 => json(out, &item.min)?,
            2 => json(out, &item.location)?,
            3 => json(out, &tags)?,
            4 => json(out, &item.code)?,
            _ => json(out, &item.note)?,
        }
    }
    out.push(b']');
    Ok(())
}

/// Appends `value` as JSON to `out`.
fn json<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    serde_json::to_writer(&mut *out, value)
        .map_err(|e| Error::Internal(anyhow::anyhow!("cannot pack an item's state: {e}")))
}

/// One item's state as a run stores it.
struct Packed {
    name: String,
    quantity: u64,
    created_at: i64,
    unit: Option<String>,
    min: Option<u64>,
    location: Option<String>,
    tags: Option<String>,
    code: Option<String>,
    note: Option<String>,
}

impl<'de> Deserialize<'de> for Packed {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PackedVisitor;

        impl<'de> Visitor<'de> for PackedVisitor {
            type Value = Packed;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an item's state: [name, quantity, created_at, ...]")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Packed, A::Error> {
                let name = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let quantity = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(1, &self))?;
                let created_at = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(2, &self))?;
                Ok(Packed {
                    name,
                    quantity,
                    created_at,
                    unit: seq.next_element()?.flatten(),
                    min: seq.next_element()?.flatten(),
                    location: seq.next_element()?.flatten(),
                    tags: seq.next_element()?.flatten(),
                    code: seq.next_element()?.flatten(),
                    note: seq.next_element()?.flatten(),
                })
            }
        }

        deserializer.deserialize_seq(PackedVisitor)
    }
}

/// A stored run, as a ledger read finds it, without its states.
#[derive(Debug, Clone)]
pub struct StoredRun {
    /// The operation.
    pub op: i64,
    /// The first item's position in the operation.
    pub first_seq: i64,
    /// The first item's id.
    pub first_id: i64,
    /// The last item's id.
    pub last_id: i64,
    /// When.
    pub at: Timestamp,
    /// What made the change.
    pub kind: EventKind,
    /// The owner's id.
    pub owner_id: i64,
    /// The owner's display name.
    pub owner: String,
    /// The operation's reason.
    pub reason: Option<String>,
    /// Who ran the operation.
    pub actor: String,
}

impl StoredRun {
    /// The run's events, in order, from its stored `states`.
    pub fn events(&self, states: &str) -> Result<Vec<Event>, Error> {
        let broken = |why: String| {
            Error::Internal(anyhow::anyhow!(
                "the creation run of operation {} from event {} is unreadable: {why}",
                self.op,
                self.first_seq
            ))
        };
        let packed: Vec<Packed> =
            serde_json::from_str(states).map_err(|e| broken(e.to_string()))?;
        let expected = self.last_id - self.first_id + 1;
        if i64::try_from(packed.len()) != Ok(expected) {
            return Err(broken(format!(
                "{} states for {expected} items",
                packed.len()
            )));
        }
        packed
            .into_iter()
            .zip(0..)
            .map(|(p, i)| {
                let quantity = |q: u64| {
                    Quantity::new(q).ok_or_else(|| broken(format!("quantity {q} out of range")))
                };
                Ok(Event {
                    op: self.op,
                    seq: self.first_seq + i,
                    at: self.at,
                    item_id: self.first_id + i,
                    kind: self.kind,
                    name_before: None,
                    name_after: Some(p.name),
                    qty_before: None,
                    qty_after: Some(quantity(p.quantity)?),
                    unit_before: None,
                    unit_after: p.unit.map(Unit::from_stored),
                    min_before: None,
                    min_after: p.min.map(quantity).transpose()?,
                    owner: self.owner.clone(),
                    reason: self.reason.clone(),
                    actor: self.actor.clone(),
                    location_before: None,
                    location_after: p.location.map(Location::from_stored),
                    tags_before: None,
                    tags_after: Some(Tags::from_stored(p.tags.as_deref().unwrap_or_default())),
                    code_before: None,
                    code_after: p.code.map(Code::from_stored),
                    note_before: None,
                    note_after: p.note.map(Note::from_stored),
                    created_at: Timestamp::from_millis(p.created_at),
                })
            })
            .collect()
    }

    /// Whether the run holds item `id`.
    #[must_use]
    pub fn holds(&self, id: i64) -> bool {
        (self.first_id..=self.last_id).contains(&id)
    }
}

/// A run's event as a stored record of `owner_id`'s, for a copy.
#[must_use]
pub fn record(owner_id: i64, event: Event) -> EventRecord {
    EventRecord {
        owner_id,
        op: event.op,
        seq: event.seq,
        at: event.at,
        item_id: event.item_id,
        kind: event.kind,
        key_before: None,
        key_after: event.name_after.as_deref().map(ItemName::key_of_normalised),
        name_before: event.name_before,
        name_after: event.name_after,
        qty_before: event.qty_before,
        qty_after: event.qty_after,
        unit_before: event.unit_before,
        unit_after: event.unit_after,
        min_before: event.min_before,
        min_after: event.min_after,
        created_at: event.created_at,
        location_before: event.location_before,
        location_after: event.location_after,
        tags_before: event.tags_before,
        tags_after: event.tags_after,
        code_before: event.code_before,
        code_after: event.code_after,
        note_before: event.note_before,
        note_after: event.note_after,
    }
}

/// Merges events read in ledger order (oldest first, or newest first when
/// `newest_first`) with the runs among them (in the same order), and
/// passes at most `limit` of them to `each`. `next` reads the next event
/// (or its record), `position` is its (operation, position), and `expand`
/// gives a run's events in the merge's direction (and filtered, where the
/// read is). A run's events have consecutive positions in one operation,
/// so no event read falls inside a run.
#[allow(clippy::too_many_arguments)]
pub fn merge<T>(
    newest_first: bool,
    limit: Option<u64>,
    runs: Vec<StoredRun>,
    next: &mut dyn FnMut() -> Result<Option<T>, Error>,
    position: fn(&T) -> (i64, i64),
    expand: &mut dyn FnMut(&StoredRun) -> Result<Vec<T>, Error>,
    each: &mut dyn FnMut(T) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut left = limit.unwrap_or(u64::MAX);
    let mut runs = runs.into_iter().peekable();
    let mut read = next()?;
    let first = |a: (i64, i64), b: (i64, i64)| if newest_first { a > b } else { a < b };
    while left > 0 {
        let run = match (&read, runs.peek()) {
            (None, None) => break,
            (Some(e), Some(r)) if !first((r.op, r.first_seq), position(e)) => None,
            (Some(_), None) => None,
            (_, Some(_)) => runs.next(),
        };
        match run {
            Some(run) => {
                for e in expand(&run)? {
                    if left == 0 {
                        break;
                    }
                    left -= 1;
                    each(e)?;
                }
            }
            None => {
                if let Some(e) = read.take() {
                    left -= 1;
                    each(e)?;
                    read = next()?;
                }
            }
        }
    }
    Ok(())
}

/// An event's (operation, position): its place in the ledger.
#[must_use]
pub fn position(event: &Event) -> (i64, i64) {
    (event.op, event.seq)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Item, Transition};

    fn item(id: i64, name: &str) -> Item {
        Item {
            id,
            owner: "me".into(),
            name: name.into(),
            quantity: Quantity::new(id as u64).unwrap(),
            created_at: Timestamp::from_millis(1_700_000_000_000),
            updated_at: Timestamp::from_millis(1_700_000_000_000),
            unit: None,
            min: None,
            location: None,
            tags: Tags::default(),
            code: None,
            note: None,
        }
    }

    fn created(op: i64, seq: i64, item: &Item) -> NewEvent<'_> {
        NewEvent {
            op,
            seq,
            at: Timestamp::from_millis(1_700_000_000_000),
            kind: EventKind::from_stored("import").unwrap(),
            change: Transition::Created(item),
        }
    }

    fn stored(run: &CreatedRun) -> StoredRun {
        StoredRun {
            op: run.op,
            first_seq: run.first_seq,
            first_id: run.first_id,
            last_id: run.last_id,
            at: run.at,
            kind: run.kind,
            owner_id: 1,
            owner: "me".into(),
            reason: None,
            actor: "tester".into(),
        }
    }

    #[test]
    fn a_run_reads_back_as_the_events_it_holds() {
        let mut plain = item(7, "bolts \"M4\"");
        let mut full = item(8, "café au lait");
        full.unit = Some(Unit::from_stored("kg".into()));
        full.min = Quantity::new(3);
        full.location = Some(Location::from_stored("shelf/a".into()));
        full.tags = Tags::from_stored("dry,red");
        full.code = Some(Code::from_stored("SKU-1".into()));
        full.note = Some(Note::from_stored("line\nbreak".into()));
        let mut only_note = item(9, "x");
        only_note.note = Some(Note::from_stored("n".into()));
        plain.created_at = Timestamp::from_millis(5);
        let mut run = CreatedRun::start(&created(3, 2, &plain)).unwrap().unwrap();
        assert!(run.extend(&created(3, 3, &full)).unwrap());
        assert!(run.extend(&created(3, 4, &only_note)).unwrap());
        assert_eq!(run.count(), 3);
        let states = run.states().unwrap();
        assert!(states.starts_with(r#"[["bolts \"M4\"",7,5],"#), "{states}");
        assert!(
            states.ends_with(r#"["x",9,1700000000000,null,null,null,null,null,"n"]]"#),
            "{states}"
        );
        let events = stored(&run).events(&states).unwrap();
        let items: Vec<Item> = events.iter().map(|e| e.item_after().unwrap()).collect();
        for (got, want) in items.iter().zip([&plain, &full, &only_note]) {
            let mut want = want.clone();
            want.updated_at = run.at;
            assert_eq!(*got, want);
        }
        assert_eq!(events.iter().map(|e| e.seq).collect::<Vec<_>>(), [2, 3, 4]);
        assert!(
            events
                .iter()
                .all(|e| e.item_before().is_none() && e.tags_after.is_some())
        );
    }

    #[test]
    fn a_run_takes_only_the_next_item_as_the_next_event() {
        let (a, b, c) = (item(1, "a"), item(2, "b"), item(4, "c"));
        let mut run = CreatedRun::start(&created(1, 1, &a)).unwrap().unwrap();
        assert!(
            !run.extend(&created(1, 3, &b)).unwrap(),
            "a gap in positions"
        );
        assert!(
            !run.extend(&created(2, 2, &b)).unwrap(),
            "another operation"
        );
        assert!(!run.extend(&created(1, 2, &c)).unwrap(), "a gap in ids");
        assert!(
            !run.extend(&NewEvent {
                change: Transition::Removed(&b),
                ..created(1, 2, &b)
            })
            .unwrap()
        );
        let single = run.alone().expect("a run of one is its event");
        assert_eq!(
            (single.op, single.seq, single.change.subject().id),
            (1, 1, a.id)
        );
        assert!(run.extend(&created(1, 2, &b)).unwrap());
        assert!(run.alone().is_none());
        assert_eq!((run.first_id, run.last_id), (1, 2));
    }

    #[test]
    fn a_run_whose_states_do_not_match_its_range_is_an_error() {
        let a = item(1, "a");
        let run = CreatedRun::start(&created(1, 1, &a)).unwrap().unwrap();
        let mut wide = stored(&run);
        wide.last_id = 2;
        assert!(wide.events(&run.states().unwrap()).is_err());
        assert!(stored(&run).events("[[\"a\"]]").is_err());
        assert!(stored(&run).events("not json").is_err());
    }

    #[test]
    fn runs_fall_between_events_in_either_direction_and_the_limit_counts_both() {
        let items: Vec<Item> = (10..14).map(|i| item(i, &format!("i{i}"))).collect();
        let mut run = CreatedRun::start(&created(2, 1, &items[0]))
            .unwrap()
            .unwrap();
        for (i, it) in items.iter().enumerate().skip(1) {
            assert!(run.extend(&created(2, 1 + i as i64, it)).unwrap());
        }
        let event = |op, seq| {
            let mut e = stored(&run)
                .events(&run.states().unwrap())
                .unwrap()
                .remove(0);
            (e.op, e.seq, e.item_id) = (op, seq, 99);
            e
        };
        let collect = |newest_first: bool, limit, keep: &dyn Fn(&Event) -> bool| {
            let mut events = if newest_first {
                vec![event(3, 1), event(2, 5), event(1, 1)]
            } else {
                vec![event(1, 1), event(2, 5), event(3, 1)]
            }
            .into_iter();
            let mut out = Vec::new();
            merge(
                newest_first,
                limit,
                vec![stored(&run)],
                &mut || Ok(events.next()),
                position,
                &mut |r| {
                    let mut expanded = r.events(&run.states().unwrap())?;
                    if newest_first {
                        expanded.reverse();
                    }
                    Ok(expanded.into_iter().filter(|e| keep(e)).collect())
                },
                &mut |e| {
                    out.push((e.op, e.seq));
                    Ok(())
                },
            )
            .unwrap();
            out
        };
        let all = |_: &Event| true;
        assert_eq!(
            collect(false, None, &all),
            [(1, 1), (2, 1), (2, 2), (2, 3), (2, 4), (2, 5), (3, 1)]
        );
        assert_eq!(
            collect(true, Some(4), &all),
            [(3, 1), (2, 5), (2, 4), (2, 3)]
        );
        let odd = |e: &Event| e.item_id % 2 == 1;
        assert_eq!(
            collect(true, None, &odd),
            [(3, 1), (2, 5), (2, 4), (2, 2), (1, 1)]
        );
        assert_eq!(collect(false, Some(0), &all), []);
    }
}
