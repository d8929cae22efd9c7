//! The storage conformance suite: what every backend behind the seam must
//! do, tested on the seam itself.
//!
//! Each test is a plain function of a [`Harness`]; [`storage_tests!`] turns
//! the list into `#[test]`s for one backend, so a new backend runs the whole
//! suite by adding one line at the bottom of this file.

use std::time::Duration;

use crate::db::{
    Access, HistoryFilter, NewEvent, NewItem, NewOperation, OwnerRef, Storage, StorageTxn,
    StoredKey,
};
use crate::domain::{
    ErrorKind, EventKind, IdempotencyKey, Item, ItemName, ListQuery, OwnerName, Quantity, SortKey,
    Tags, Timestamp, Transition,
};

/// A backend to test: a storage with no database yet, and a way to open
/// the same database again (another process, in effect) with its own busy
/// timeout.
pub struct Harness {
    /// Keeps the backend's resources (a temporary directory, a schema).
    pub _guard: Box<dyn std::any::Any>,
    /// The storage under test.
    pub storage: Box<dyn Storage>,
    /// Another handle on the same database.
    pub another: Box<dyn Fn(Duration) -> Box<dyn Storage>>,
}

macro_rules! storage_tests {
    ($backend:ident, $make:path) => {
        storage_tests!(@each $backend, $make, [
            a_missing_database_reads_as_empty_and_is_not_created,
            a_dropped_transaction_rolls_back,
            a_dry_runs_rollback_writes_nothing_and_succeeds,
            a_committed_transaction_is_seen_by_the_next,
            a_taken_name_is_a_conflict_worded_like_the_domains,
            items_created_together_are_all_or_none_with_increasing_ids,
            a_rename_onto_a_taken_name_is_a_conflict,
            a_second_writer_waits_then_reports_busy,
            items_stream_in_the_domains_list_order,
            owners_see_only_their_own_items,
            item_names_stream_by_key_prefix_in_key_order,
            a_peek_creates_nothing,
            the_ledger_appends_and_answers_in_order,
            undo_candidates_skip_undos_baselines_and_undone_operations,
            idempotency_keys_are_stored_per_owner,
            records_loaded_with_their_ids_stream_out_as_stored,
            items_created_together_read_back_as_their_events,
        ]);
    };
    (@each $backend:ident, $make:path, [$($test:ident),* $(,)?]) => {
        mod $backend {
            $(
                #[test]
                fn $test() {
                    if let Some(harness) = $make() {
                        super::$test(&harness);
                    }
                }
            )*
        }
    };
}

fn owner(name: &str) -> OwnerName {
    OwnerName::parse(name).unwrap()
}

fn name(text: &str) -> ItemName {
    ItemName::parse(text).unwrap()
}

fn qty(n: u64) -> Quantity {
    Quantity::new(n).unwrap()
}

fn write(h: &Harness) -> Box<dyn StorageTxn + '_> {
    h.storage.txn(Access::Create).unwrap()
}

fn add(tx: &mut dyn StorageTxn, owner: &OwnerRef, text: &str, n: u64, at: i64) -> Item {
    let name = name(text);
    tx.insert_item(
        owner,
        &NewItem {
            name: &name,
            quantity: qty(n),
            unit: None,
            min: None,
            location: None,
            tags: Tags::none(),
            code: None,
            note: None,
            now: Timestamp::from_millis(at),
        },
    )
    .unwrap()
}

fn list(h: &Harness, who: &str, query: &ListQuery) -> Vec<Item> {
    let mut tx = h.storage.txn(Access::Read).unwrap();
    let Some(owner) = tx.owner(&self::owner(who)).unwrap() else {
        return Vec::new();
    };
    let mut items = Vec::new();
    tx.items(&owner, query, &mut |item| {
        items.push(item);
        Ok(())
    })
    .unwrap();
    items
}

pub fn a_missing_database_reads_as_empty_and_is_not_created(h: &Harness) {
    for access in [Access::Read, Access::Change] {
        let mut tx = h.storage.txn(access).unwrap();
        assert!(!tx.exists(), "{access:?}");
        assert_eq!(tx.owner(&owner("alice")).unwrap(), None);
        tx.commit().unwrap();
    }
    assert!(!h.storage.txn(Access::Read).unwrap().exists());
}

/// Commits alice's one item, `milk`.
fn alice_has_milk(h: &Harness) {
    let mut tx = write(h);
    let alice = tx.ensure_owner(&owner("alice")).unwrap();
    add(&mut *tx, &alice, "milk", 1, 1);
    tx.commit().unwrap();
}

pub fn a_dropped_transaction_rolls_back(h: &Harness) {
    alice_has_milk(h);
    {
        let mut tx = write(h);
        let alice = tx.ensure_owner(&owner("alice")).unwrap();
        add(&mut *tx, &alice, "bread", 1, 2);
        let bob = tx.ensure_owner(&owner("bob")).unwrap();
        add(&mut *tx, &bob, "milk", 1, 2);
        // Dropped without commit.
    }
    let names: Vec<String> = list(h, "alice", &ListQuery::default())
        .into_iter()
        .map(|i| i.name)
        .collect();
    assert_eq!(names, ["milk"]);
    assert!(
        h.storage
            .txn(Access::Read)
            .unwrap()
            .owner(&owner("bob"))
            .unwrap()
            .is_none()
    );
}

/// A dry run ends with an explicit rollback: whatever the backend held back
/// or left running (a batch large enough for PostgreSQL's `COPY`) is
/// written or finished, then undone; the transaction after it sees none of
/// it.
pub fn a_dry_runs_rollback_writes_nothing_and_succeeds(h: &Harness) {
    alice_has_milk(h);
    let mut tx = write(h);
    let alice = tx.ensure_owner(&owner("alice")).unwrap();
    let names: Vec<ItemName> = (0..1000).map(|i| name(&format!("dry {i}"))).collect();
    assert_eq!(
        tx.insert_items(&alice, &new_items(&names)).unwrap().len(),
        1000
    );
    tx.rollback().unwrap();
    let listed: Vec<String> = list(h, "alice", &ListQuery::default())
        .into_iter()
        .map(|i| i.name)
        .collect();
    assert_eq!(listed, ["milk"]);
    // The connection is usable after it.
    let mut tx = write(h);
    let alice = tx.ensure_owner(&owner("alice")).unwrap();
    add(&mut *tx, &alice, "bread", 1, 2);
    tx.commit().unwrap();
    assert_eq!(list(h, "alice", &ListQuery::default()).len(), 2);
}

pub fn a_committed_transaction_is_seen_by_the_next(h: &Harness) {
    let mut tx = write(h);
    let alice = tx.ensure_owner(&owner("Alice")).unwrap();
    let milk = add(&mut *tx, &alice, "Milk", 3, 5);
    tx.commit().unwrap();
    assert_eq!(milk.owner, "Alice");
    assert_eq!(
        list(h, "ALICE", &ListQuery::default()),
        std::slice::from_ref(&milk)
    );
    let mut tx = h.storage.txn(Access::Change).unwrap();
    let alice = tx.owner(&owner("alice")).unwrap().unwrap();
    assert_eq!(tx.find_item(&alice, "milk").unwrap(), Some(milk.clone()));
    assert_eq!(tx.item_by_id(&alice, milk.id).unwrap(), Some(milk));
}

pub fn a_taken_name_is_a_conflict_worded_like_the_domains(h: &Harness) {
    let mut tx = write(h);
    let alice = tx.ensure_owner(&owner("alice")).unwrap();
    add(&mut *tx, &alice, "Milk", 1, 1);
    let again = name("MILK");
    let err = tx
        .insert_item(
            &alice,
            &NewItem {
                name: &again,
                quantity: qty(1),
                unit: None,
                min: None,
                location: None,
                tags: Tags::none(),
                code: None,
                note: None,
                now: Timestamp::from_millis(2),
            },
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert_eq!(
        err.to_string(),
        crate::domain::name_taken("alice", "Milk").to_string()
    );
}

fn new_items(names: &[ItemName]) -> Vec<NewItem<'_>> {
    names
        .iter()
        .map(|name| NewItem {
            name,
            quantity: qty(2),
            unit: None,
            min: None,
            location: None,
            tags: Tags::none(),
            code: None,
            note: None,
            now: Timestamp::from_millis(3),
        })
        .collect()
}

pub fn items_created_together_are_all_or_none_with_increasing_ids(h: &Harness) {
    let mut tx = write(h);
    let alice = tx.ensure_owner(&owner("alice")).unwrap();
    add(&mut *tx, &alice, "taken", 1, 1);
    // One batch of the size a backend may create with one statement, and
    // a smaller one: each with a taken name at its end.
    for size in [crate::db::sqlite::INSERT_BATCH, 3] {
        let mut names: Vec<ItemName> = (0..size).map(|i| name(&format!("n{size} {i}"))).collect();
        let last = names.len() - 1;
        names[last] = name("TAKEN");
        let err = tx.insert_items(&alice, &new_items(&names)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conflict);
        names[last] = name(&format!("n{size} last"));
        let created = tx.insert_items(&alice, &new_items(&names)).unwrap();
        let ids: Vec<i64> = created.iter().map(|i| i.id).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
        assert_eq!(ids.len(), size);
        assert_eq!(created[last].name, format!("n{size} last"));
    }
    tx.commit().unwrap();
    let names: Vec<String> = list(h, "alice", &ListQuery::default())
        .into_iter()
        .map(|i| i.name)
        .collect();
    assert_eq!(names.len(), 1 + crate::db::sqlite::INSERT_BATCH + 3);
    assert!(names.iter().all(|n| n != "n3 2" && n != "TAKEN"));
}

pub fn a_rename_onto_a_taken_name_is_a_conflict(h: &Harness) {
    let mut tx = write(h);
    let alice = tx.ensure_owner(&owner("alice")).unwrap();
    add(&mut *tx, &alice, "milk", 1, 1);
    let bread = add(&mut *tx, &alice, "bread", 1, 1);
    let renamed = Item {
        name: "MILK".to_owned(),
        ..bread
    };
    let err = tx.update_item(&alice, &renamed).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
}

pub fn a_second_writer_waits_then_reports_busy(h: &Harness) {
    let mut tx = write(h);
    tx.ensure_owner(&owner("alice")).unwrap();
    tx.commit().unwrap();
    let mut tx = write(h);
    tx.ensure_owner(&owner("alice")).unwrap();
    let other = (h.another)(Duration::from_millis(200));
    // SQLite takes its one write lock when the transaction begins; a
    // server takes the owner's when the owner is first looked up.
    let err = other
        .txn(Access::Change)
        .and_then(|mut t| t.owner(&owner("ALICE")).map(|_| ()))
        .expect_err("the write lock is held");
    assert_eq!(err.kind(), ErrorKind::Busy);
    tx.commit().unwrap();
    let mut after = other.txn(Access::Change).unwrap();
    assert!(after.owner(&owner("alice")).unwrap().is_some());
    after.commit().unwrap();
}

pub fn items_stream_in_the_domains_list_order(h: &Harness) {
    let mut tx = write(h);
    let alice = tx.ensure_owner(&owner("alice")).unwrap();
    // Ties on every key, case differences, and times out of name order.
    for (i, (text, n)) in [
        ("b", 2),
        ("A", 2),
        ("c", 1),
        ("Ab", 0),
        ("ä", 2),
        ("a b", 1),
    ]
    .into_iter()
    .enumerate()
    {
        let item = add(&mut *tx, &alice, text, n, (i as i64 % 3) * 10);
        if i % 2 == 0 {
            // A reorder level of 2: "c" (1) is low, "b" and "ä" (2) are not.
            let touched = Item {
                updated_at: Timestamp::from_millis(100 - i as i64),
                min: Some(qty(2)),
                ..item
            };
            tx.update_item(&alice, &touched).unwrap();
        }
    }
    tx.commit().unwrap();
    let all = list(h, "alice", &ListQuery::default());
    for sort in [
        SortKey::Name,
        SortKey::Quantity,
        SortKey::Created,
        SortKey::Updated,
    ] {
        for reverse in [false, true] {
            for filter in filters() {
                let query = ListQuery {
                    sort,
                    reverse,
                    ..filter
                };
                assert_eq!(
                    list(h, "alice", &query),
                    query.apply(all.clone()),
                    "{query:?}"
                );
            }
        }
    }
}

/// Every filter of `list` alone, a bound pair that keeps nothing, and
/// filters together with a limit: each must select in SQL exactly what
/// [`ListQuery::keeps`] keeps.
fn filters() -> Vec<ListQuery> {
    let at = Timestamp::from_millis;
    let none = ListQuery::default();
    vec![
        none.clone(),
        ListQuery {
            needle: Some("a".to_owned()),
            limit: Some(2),
            ..none.clone()
        },
        ListQuery {
            low_only: true,
            ..none.clone()
        },
        ListQuery {
            qty_min: Some(qty(1)),
            ..none.clone()
        },
        ListQuery {
            qty_max: Some(qty(1)),
            ..none.clone()
        },
        ListQuery {
            qty_min: Some(qty(1)),
            qty_max: Some(qty(1)),
            ..none.clone()
        },
        ListQuery {
            qty_min: Some(qty(2)),
            qty_max: Some(qty(1)),
            ..none.clone()
        },
        ListQuery {
            updated_since: Some(at(20)),
            ..none.clone()
        },
        ListQuery {
            needle: Some("a".to_owned()),
            qty_min: Some(qty(1)),
            updated_since: Some(at(10)),
            limit: Some(2),
            ..none
        },
    ]
}

/// The names `item_names` streams for `prefix`, read with a peek.
fn names(h: &Harness, who: &str, prefix: &str) -> Vec<String> {
    let mut tx = h.storage.txn(Access::Peek).unwrap();
    let owner = tx.owner(&owner(who)).unwrap().unwrap();
    let mut names = Vec::new();
    tx.item_names(&owner, prefix, &mut |name| {
        names.push(name);
        Ok(())
    })
    .unwrap();
    names
}

pub fn item_names_stream_by_key_prefix_in_key_order(h: &Harness) {
    let mut tx = write(h);
    let alice = tx.ensure_owner(&owner("alice")).unwrap();
    let bob = tx.ensure_owner(&owner("bob")).unwrap();
    for text in [
        "Milk 2L",
        "mint",
        "milk",
        "Mj",
        "mi\u{10FFFF}",
        "Ämter",
        "oat milk",
        "m",
    ] {
        add(&mut *tx, &alice, text, 1, 1);
    }
    add(&mut *tx, &bob, "mice", 1, 1);
    tx.commit().unwrap();
    assert_eq!(
        names(h, "alice", "mi"),
        ["milk", "Milk 2L", "mint", "mi\u{10FFFF}"]
    );
    assert_eq!(names(h, "alice", "milk "), ["Milk 2L"]);
    assert_eq!(names(h, "alice", "ä"), ["Ämter"]);
    assert_eq!(names(h, "alice", "x"), Vec::<String>::new());
    assert_eq!(
        names(h, "alice", ""),
        [
            "m",
            "milk",
            "Milk 2L",
            "mint",
            "mi\u{10FFFF}",
            "Mj",
            "oat milk",
            "Ämter"
        ]
    );
    assert_eq!(names(h, "bob", "m"), ["mice"]);
}

pub fn a_peek_creates_nothing(h: &Harness) {
    let mut tx = h.storage.txn(Access::Peek).unwrap();
    assert!(!tx.exists());
    assert_eq!(tx.owner(&owner("alice")).unwrap(), None);
    tx.commit().unwrap();
    assert!(!h.storage.txn(Access::Read).unwrap().exists());
}

pub fn owners_see_only_their_own_items(h: &Harness) {
    let mut tx = write(h);
    let alice = tx.ensure_owner(&owner("alice")).unwrap();
    let bob = tx.ensure_owner(&owner("bob")).unwrap();
    let milk = add(&mut *tx, &alice, "milk", 1, 1);
    add(&mut *tx, &bob, "milk", 2, 1);
    assert_eq!(tx.item_by_id(&bob, milk.id).unwrap(), None);
    tx.commit().unwrap();
    let mut all = Vec::new();
    let mut tx = h.storage.txn(Access::Read).unwrap();
    tx.items_of_all_owners(&mut |item| {
        all.push((item.owner, item.quantity.get()));
        Ok(())
    })
    .unwrap();
    assert_eq!(all, [("alice".to_owned(), 1), ("bob".to_owned(), 2)]);
    tx.commit().unwrap();
    let mut tx = write(h);
    tx.ensure_owner(&owner("Carol")).unwrap();
    let mut owners = Vec::new();
    tx.owners(&mut |o| {
        owners.push((o.owner, o.items));
        Ok(())
    })
    .unwrap();
    let expected = [("alice", 1), ("bob", 1), ("Carol", 0)].map(|(o, n)| (o.to_owned(), n));
    assert_eq!(owners, expected);
}

fn operation(tx: &mut dyn StorageTxn, owner: &OwnerRef, command: &str, undoes: Option<i64>) -> i64 {
    tx.insert_operation(&NewOperation {
        owner_id: owner.id,
        command,
        reason: Some("why"),
        at: Timestamp::from_millis(10),
        actor: "tester",
        undoes,
    })
    .unwrap()
}

pub fn the_ledger_appends_and_answers_in_order(h: &Harness) {
    let mut tx = write(h);
    let alice = tx.ensure_owner(&owner("alice")).unwrap();
    let milk = add(&mut *tx, &alice, "milk", 1, 10);
    let bread = add(&mut *tx, &alice, "bread", 1, 10);
    let first = operation(&mut *tx, &alice, "import", None);
    for (seq, item) in [(1, &milk), (2, &bread)] {
        tx.insert_event(&NewEvent {
            op: first,
            seq,
            at: Timestamp::from_millis(10),
            kind: EventKind::Import,
            change: Transition::Created(item),
        })
        .unwrap();
    }
    let second = operation(&mut *tx, &alice, "adjust", None);
    let more = Item {
        quantity: qty(4),
        updated_at: Timestamp::from_millis(20),
        ..milk.clone()
    };
    tx.insert_event(&NewEvent {
        op: second,
        seq: 1,
        at: Timestamp::from_millis(20),
        kind: EventKind::Adjust,
        change: Transition::Changed {
            before: &milk,
            after: &more,
        },
    })
    .unwrap();
    assert!(second > first);
    tx.commit().unwrap();

    let mut tx = h.storage.txn(Access::Read).unwrap();
    let alice = tx.owner(&owner("alice")).unwrap().unwrap();
    let mut newest_first = Vec::new();
    tx.history(&alice, &HistoryFilter::default(), &mut |e| {
        newest_first.push((e.op, e.seq, e.kind));
        Ok(())
    })
    .unwrap();
    assert_eq!(
        newest_first,
        [
            (second, 1, EventKind::Adjust),
            (first, 2, EventKind::Import),
            (first, 1, EventKind::Import)
        ]
    );
    let mut milk_only = Vec::new();
    let by_name = HistoryFilter {
        key: Some("milk".to_owned()),
        ..HistoryFilter::default()
    };
    tx.history(&alice, &by_name, &mut |e| {
        milk_only.push(e.item_id);
        Ok(())
    })
    .unwrap();
    assert_eq!(milk_only, [milk.id, milk.id]);
    history_keeps_the_kinds_asked_for(&mut *tx, &alice, first, second);
    let events = tx.events_of(second).unwrap();
    assert_eq!(events.len(), 1);
    let event = &events[0];
    assert_eq!(
        (
            event.qty_before,
            event.qty_after,
            event.reason.as_deref(),
            event.actor.as_str()
        ),
        (Some(qty(1)), Some(qty(4)), Some("why"), "tester")
    );
    let replayed = crate::domain::replay(tx.replay_events(Some(&alice), None).unwrap());
    assert_eq!(
        replayed.values().cloned().collect::<Vec<_>>(),
        [more.clone(), bread]
    );
    let earlier = tx
        .replay_events(None, Some(Timestamp::from_millis(15)))
        .unwrap();
    assert_eq!(earlier.len(), 2);
}

/// `history --kind`: the events of any kind asked for, newest first,
/// limited after the filter. `first` is an import of two items, `second`
/// an adjustment.
fn history_keeps_the_kinds_asked_for(
    tx: &mut dyn StorageTxn,
    alice: &OwnerRef,
    first: i64,
    second: i64,
) {
    for (kinds, limit, expected) in [
        (vec![EventKind::Adjust], None, vec![(second, 1)]),
        (vec![EventKind::Import], Some(1), vec![(first, 2)]),
        (
            vec![EventKind::Import, EventKind::Adjust],
            None,
            vec![(second, 1), (first, 2), (first, 1)],
        ),
        (vec![EventKind::Undo], None, vec![]),
    ] {
        let filter = HistoryFilter {
            kinds: kinds.clone(),
            limit,
            ..HistoryFilter::default()
        };
        let mut found = Vec::new();
        tx.history(alice, &filter, &mut |e| {
            found.push((e.op, e.seq));
            Ok(())
        })
        .unwrap();
        assert_eq!(found, expected, "{kinds:?}");
    }
}

pub fn undo_candidates_skip_undos_baselines_and_undone_operations(h: &Harness) {
    let mut tx = write(h);
    let alice = tx.ensure_owner(&owner("alice")).unwrap();
    let bob = tx.ensure_owner(&owner("bob")).unwrap();
    assert_eq!(tx.last_undoable(&alice).unwrap(), None);
    operation(&mut *tx, &alice, "baseline", None);
    let add = operation(&mut *tx, &alice, "add", None);
    let adjust = operation(&mut *tx, &alice, "adjust", None);
    let undo = operation(&mut *tx, &alice, "undo", Some(adjust));
    operation(&mut *tx, &bob, "add", None);
    let last = tx.last_undoable(&alice).unwrap().unwrap();
    assert_eq!((last.id, last.command.as_str()), (add, "add"));
    let undone = tx.operation(&alice, adjust).unwrap().unwrap();
    assert_eq!(undone.undone_by, Some(undo));
    assert_eq!(tx.operation(&bob, adjust).unwrap(), None);
}

pub fn idempotency_keys_are_stored_per_owner(h: &Harness) {
    let key = IdempotencyKey::parse("run-1").unwrap();
    let record = StoredKey {
        fingerprint: "f".to_owned(),
        result: "{}".to_owned(),
    };
    let mut tx = write(h);
    let alice = tx.ensure_owner(&owner("alice")).unwrap();
    let bob = tx.ensure_owner(&owner("bob")).unwrap();
    tx.insert_key(&alice, &key, &record, Timestamp::from_millis(1))
        .unwrap();
    tx.commit().unwrap();
    let mut tx = h.storage.txn(Access::Read).unwrap();
    assert_eq!(tx.find_key(&alice, &key).unwrap(), Some(record));
    assert_eq!(tx.find_key(&bob, &key).unwrap(), None);
}

/// Every record `storage` streams, as text, sorted: each backend streams
/// them in an order of its own.
fn records(storage: &dyn Storage) -> Vec<String> {
    let mut tx = storage.txn(Access::Read).unwrap();
    let mut all = Vec::new();
    tx.records(&mut |record| {
        all.push(format!("{record:?}"));
        Ok(())
    })
    .unwrap();
    all.sort();
    all
}

/// Loads every record of `from` into the empty `to`, as a copy does.
fn load(from: &dyn Storage, to: &dyn Storage) {
    let mut source = from.txn(Access::Read).unwrap();
    assert!(source.sees_every_owner().unwrap());
    let mut dest = to.txn(Access::CreateForAll).unwrap();
    assert!(dest.is_empty().unwrap());
    source.records(&mut |record| dest.load(record)).unwrap();
    dest.finish_load().unwrap();
    dest.commit().unwrap();
}

pub fn records_loaded_with_their_ids_stream_out_as_stored(h: &Harness) {
    // The original is a SQLite database; `h` is loaded from it, and a
    // second SQLite database from `h`.
    let original = sqlite().unwrap();
    let gone = {
        let mut tx = write(&original);
        let alice = tx.ensure_owner(&owner("alice")).unwrap();
        let bob = tx.ensure_owner(&owner("bob")).unwrap();
        let milk = add(&mut *tx, &alice, "Milk", 1, 10);
        let bread = add(&mut *tx, &bob, "bread", 2, 10);
        let gone = add(&mut *tx, &alice, "gone", 3, 10);
        let added = operation(&mut *tx, &alice, "add", None);
        for (seq, item) in [(1, &milk), (2, &gone)] {
            tx.insert_event(&NewEvent {
                op: added,
                seq,
                at: Timestamp::from_millis(10),
                kind: EventKind::Add,
                change: Transition::Created(item),
            })
            .unwrap();
        }
        let bobs = operation(&mut *tx, &bob, "add", None);
        tx.insert_event(&NewEvent {
            op: bobs,
            seq: 1,
            at: Timestamp::from_millis(10),
            kind: EventKind::Add,
            change: Transition::Created(&bread),
        })
        .unwrap();
        // The item with the highest id is removed: only its events hold it.
        let undo = operation(&mut *tx, &alice, "undo", Some(added));
        tx.delete_item(&alice, gone.id).unwrap();
        tx.insert_event(&NewEvent {
            op: undo,
            seq: 1,
            at: Timestamp::from_millis(20),
            kind: EventKind::Undo,
            change: Transition::Removed(&gone),
        })
        .unwrap();
        let record = StoredKey {
            fingerprint: "f".to_owned(),
            result: "{}".to_owned(),
        };
        let key = IdempotencyKey::parse("run-1").unwrap();
        tx.insert_key(&alice, &key, &record, Timestamp::from_millis(20))
            .unwrap();
        tx.commit().unwrap();
        gone
    };
    let expected = records(&*original.storage);
    assert_eq!(expected.len(), 12, "{expected:#?}");
    load(&*original.storage, &*h.storage);
    assert_eq!(records(&*h.storage), expected);
    let back = sqlite().unwrap();
    load(&*h.storage, &*back.storage);
    assert_eq!(records(&*back.storage), expected);

    // Ids given after the copy are new, the removed item's included.
    let mut tx = write(h);
    assert!(!tx.is_empty().unwrap());
    let alice = tx.owner(&owner("alice")).unwrap().unwrap();
    assert_eq!(add(&mut *tx, &alice, "next", 1, 30).id, gone.id + 1);
    let undo = tx.last_undoable(&alice).unwrap();
    let next_op = operation(&mut *tx, &alice, "add", None);
    assert!(undo.is_none(), "the add was undone: {undo:?}");
    assert!(next_op > 3, "operation {next_op}");
    let carol = tx.ensure_owner(&owner("carol")).unwrap();
    assert!(carol.id > 2, "owner {}", carol.id);
}

/// The events `filter` selects, as (operation, position, item).
fn history_of(
    tx: &mut dyn StorageTxn,
    owner: &OwnerRef,
    filter: &HistoryFilter,
) -> Vec<(i64, i64, i64)> {
    let mut found = Vec::new();
    tx.history(owner, filter, &mut |e| {
        found.push((e.op, e.seq, e.item_id));
        Ok(())
    })
    .unwrap();
    found
}

/// An import's creations, written one after another as an import writes
/// them (and recorded together where a backend can), read back by every
/// reader of the ledger as the events they are, among the events after.
/// What [`write_an_import_and_changes`] wrote.
struct Imported {
    /// An item added alone, before the import, and its operation.
    lone: Item,
    added: i64,
    /// The import's operation and the five items it created.
    import: i64,
    created: Vec<Item>,
    /// The second item adjusted, the third renamed, the fourth removed, one
    /// operation each.
    more: Item,
    adjusted: i64,
    renamed_item: Item,
    renamed: i64,
    removed: i64,
}

/// Writes an import's creations one after another as an import writes
/// them (recorded together where a backend can), and changes after them.
fn write_an_import_and_changes(h: &Harness) -> Imported {
    use crate::domain::{Code, Location, Note, Unit};
    let names: Vec<ItemName> = ["a1", "a2", "a3", "a4", "a5"].map(name).to_vec();
    let (unit, location) = (
        Unit::parse("kg").unwrap(),
        Location::parse("shelf/top").unwrap(),
    );
    let (tags, code) = (
        Tags::parse_all(["dry", "red"]).unwrap(),
        Code::parse("SKU-9").unwrap(),
    );
    let note = Note::parse("a \"quoted\" note").unwrap();
    let mut new = new_items(&names);
    new[1] = NewItem {
        unit: Some(&unit),
        min: Some(qty(7)),
        location: Some(&location),
        tags: &tags,
        code: Some(&code),
        note: Some(&note),
        ..new[1]
    };
    let at = |ms| Timestamp::from_millis(ms);
    let mut tx = write(h);
    let alice = tx.ensure_owner(&owner("alice")).unwrap();
    let lone = add(&mut *tx, &alice, "lone", 1, 1);
    let added = operation(&mut *tx, &alice, "add", None);
    let created_event = |op, seq, item| NewEvent {
        op,
        seq,
        at: at(1),
        kind: EventKind::Add,
        change: Transition::Created(item),
    };
    tx.insert_event(&created_event(added, 1, &lone)).unwrap();
    let import = operation(&mut *tx, &alice, "import", None);
    let created = tx.insert_items(&alice, &new).unwrap();
    for (seq, item) in (1..).zip(&created) {
        tx.insert_event(&NewEvent {
            kind: EventKind::Import,
            at: at(3),
            ..created_event(import, seq, item)
        })
        .unwrap();
    }
    let (a2, a3, a4) = (&created[1], &created[2], &created[3]);
    let change = |tx: &mut dyn StorageTxn, kind, before: &Item, after: Option<&Item>| {
        let op = operation(tx, &alice, kind, None);
        let change = if let Some(after) = after {
            tx.update_item(&alice, after).unwrap();
            Transition::Changed { before, after }
        } else {
            tx.delete_item(&alice, before.id).unwrap();
            Transition::Removed(before)
        };
        let kind = EventKind::from_stored(kind).unwrap();
        tx.insert_event(&NewEvent {
            op,
            seq: 1,
            at: at(5),
            kind,
            change,
        })
        .unwrap();
        op
    };
    let more = Item {
        quantity: qty(9),
        updated_at: at(5),
        ..a2.clone()
    };
    let adjusted = change(&mut *tx, "adjust", a2, Some(&more));
    let renamed_item = Item {
        name: "b3".into(),
        updated_at: at(5),
        ..a3.clone()
    };
    let renamed = change(&mut *tx, "rename", a3, Some(&renamed_item));
    let removed = change(&mut *tx, "remove", a4, None);
    tx.commit().unwrap();
    Imported {
        lone,
        added,
        import,
        created,
        more,
        adjusted,
        renamed_item,
        renamed,
        removed,
    }
}

/// An import's creations read back by every reader of the ledger as the
/// events they are, among the events after them.
pub fn items_created_together_read_back_as_their_events(h: &Harness) {
    let Imported {
        lone,
        added,
        import,
        created,
        more,
        adjusted,
        renamed_item,
        renamed,
        removed,
    } = write_an_import_and_changes(h);
    let [a1, a2, a3, a4, a5] = <[Item; 5]>::try_from(created.clone()).unwrap();
    let at = Timestamp::from_millis;
    let mut tx = h.storage.txn(Access::Read).unwrap();
    let alice = tx.owner(&owner("alice")).unwrap().unwrap();
    let all = history_of(&mut *tx, &alice, &HistoryFilter::default());
    let expected = [
        (removed, 1, a4.id),
        (renamed, 1, a3.id),
        (adjusted, 1, a2.id),
        (import, 5, a5.id),
        (import, 4, a4.id),
        (import, 3, a3.id),
        (import, 2, a2.id),
        (import, 1, a1.id),
        (added, 1, lone.id),
    ];
    assert_eq!(all, expected);
    for limit in 0..=expected.len() + 1 {
        let filter = HistoryFilter {
            limit: Some(limit as u64),
            ..HistoryFilter::default()
        };
        let n = limit.min(expected.len());
        assert_eq!(
            history_of(&mut *tx, &alice, &filter),
            expected[..n],
            "limit {limit}"
        );
    }
    for (key, wanted) in [
        ("a3", vec![(renamed, 1, a3.id), (import, 3, a3.id)]),
        ("b3", vec![(renamed, 1, a3.id), (import, 3, a3.id)]),
        ("a4", vec![(removed, 1, a4.id), (import, 4, a4.id)]),
        ("a5", vec![(import, 5, a5.id)]),
        ("lone", vec![(added, 1, lone.id)]),
        ("nothing", vec![]),
    ] {
        let filter = HistoryFilter {
            key: Some(key.into()),
            ..HistoryFilter::default()
        };
        assert_eq!(history_of(&mut *tx, &alice, &filter), wanted, "{key}");
    }
    let filter = HistoryFilter {
        item_id: Some(a2.id),
        ..HistoryFilter::default()
    };
    assert_eq!(
        history_of(&mut *tx, &alice, &filter),
        [(adjusted, 1, a2.id), (import, 2, a2.id)]
    );
    let filter = HistoryFilter {
        since: Some(at(3)),
        kinds: vec![EventKind::Import],
        limit: Some(2),
        ..HistoryFilter::default()
    };
    assert_eq!(history_of(&mut *tx, &alice, &filter), expected[3..5]);
    let filter = HistoryFilter {
        since: Some(at(4)),
        ..HistoryFilter::default()
    };
    assert_eq!(history_of(&mut *tx, &alice, &filter), expected[..3]);

    // Each event holds its item as created, details and all.
    let events = tx.events_of(import).unwrap();
    let as_created: Vec<Item> = events.iter().map(|e| e.item_after().unwrap()).collect();
    assert_eq!(as_created, created);
    assert!(
        events
            .iter()
            .all(|e| e.item_before().is_none() && e.reason.as_deref() == Some("why"))
    );
    // Replays: up to the import, and all of it.
    let until_import = crate::domain::replay(tx.replay_events(Some(&alice), Some(at(3))).unwrap());
    let mut then: Vec<Item> = vec![lone.clone()];
    then.extend(created.iter().cloned());
    assert_eq!(until_import.into_values().collect::<Vec<_>>(), then);
    let now = crate::domain::replay(tx.replay_events(None, None).unwrap());
    assert_eq!(
        now.into_values().collect::<Vec<_>>(),
        [lone.clone(), a1.clone(), more, renamed_item, a5.clone()]
    );
    drop(tx);

    a_copy_reads_the_same(h, &expected);
}

/// A copy of `h` holds the same records, and its history is `expected`,
/// whichever way each event was stored.
fn a_copy_reads_the_same(h: &Harness, expected: &[(i64, i64, i64)]) {
    let copy = sqlite().unwrap();
    load(&*h.storage, &*copy.storage);
    assert_eq!(records(&*copy.storage), records(&*h.storage));
    let mut tx = copy.storage.txn(Access::Read).unwrap();
    let alice = tx.owner(&owner("alice")).unwrap().unwrap();
    assert_eq!(
        history_of(&mut *tx, &alice, &HistoryFilter::default()),
        expected
    );
}

/// The SQLite backend on a file in a fresh temporary directory.
#[allow(clippy::unnecessary_wraps)] // the macro takes backends that may be missing
pub fn sqlite() -> Option<Harness> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("conformance.db");
    let other = path.clone();
    Some(Harness {
        storage: Box::new(crate::db::Store::new(path, Duration::from_secs(5))),
        another: Box::new(move |timeout| Box::new(crate::db::Store::new(other.clone(), timeout))),
        _guard: Box::new(dir),
    })
}

/// The PostgreSQL backend on the server `COUNTIQ_TEST_POSTGRES` names, in
/// a schema of its own that is dropped afterwards; `None` (saying why)
/// when no server is configured.
pub fn postgres() -> Option<Harness> {
    let schema = crate::db::postgres::testing::TestSchema::new("conformance")?;
    let (url, name) = (schema.url().to_owned(), schema.name().to_owned());
    Some(Harness {
        storage: Box::new(crate::db::postgres::Server::new(
            &url,
            &name,
            Duration::from_secs(5),
        )),
        another: Box::new(move |timeout| {
            Box::new(crate::db::postgres::Server::new(&url, &name, timeout))
        }),
        _guard: Box::new(schema),
    })
}

storage_tests!(sqlite_backend, super::sqlite);
storage_tests!(postgres_backend, super::postgres);
