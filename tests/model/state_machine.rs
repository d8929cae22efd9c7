//! The model-based test: random command sequences run against the service
//! and the reference model, compared after every step.
//!
//! After each step it checks that the result's kind is the model's; that a
//! failed step left the database exactly as it was (items, history, and
//! every row of every table); that a step which changed nothing recorded
//! nothing; that a step which changed something recorded one operation
//! whose events are exactly the model's changes (kinds, names,
//! quantities, units, minimums, item ids); that every owner's items are
//! the model's; and that the ledger replays to the items table.
//!
//! Names and units with hidden format characters are in the input space:
//! they can be looked up but never given to an item.
//!
//! Deliberately not generated: `import --all-owners` (the property tests
//! feed it arbitrary input instead), `--dry-run` (covered by the CLI
//! tests), idempotency keys (`keys.rs` runs keyed sequences against their
//! own model through the real binary), and quantities given as text
//! (parsed by the CLI layer; the service takes parsed values).

use std::collections::HashMap;
use std::marker::PhantomData;
use std::ops::RangeInclusive;

use countiq::domain::{
    Delta, Error, ErrorKind, Event, Item, ItemFields, ItemName, ItemRef, OnConflict, OwnerName,
    Quantity, Unit,
};
use countiq::input::{self, InputFormat};
use countiq::service::{self, Added, Edit, Level, Undone};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::Union;
use proptest_state_machine::{ReferenceStateMachine, StateMachineTest};

use crate::model::{
    Field, Line, LineOp, MAX, Malformed, Model, ModelItem, NAMES, Name, OWNERS, Op, Outcome, Owner,
    Row, Step, Target, UNITS, Unit as TypedUnit, ndjson,
};
use crate::{Backend, KNOWN_OWNERS, Snapshot, World};

on_each_backend!(the_service_behaves_like_the_model);

/// Sequences of up to 29 steps on `backend`. This is what
/// `prop_state_machine!` writes, but for a backend chosen at run time: the
/// state machine test makes its system under test from types alone, so the
/// backend is a type parameter of [`Service`].
fn the_service_behaves_like_the_model(backend: Backend) {
    fn run<B: OnBackend>(config: &proptest::test_runner::Config) {
        proptest!(config.clone(), |((initial, steps, seen) in Reference::sequential_strategy(1..30))| {
            Service::<B>::test_sequential(config.clone(), initial, steps, seen);
        });
    }
    let config = backend.config(64, 512);
    match backend {
        Backend::Sqlite => run::<OnSqlite>(&config),
        Backend::Postgres => run::<OnPostgres>(&config),
    }
}

/// Mostly alice, so that her commands meet each other's items; bob and
/// carol keep her honest about owners being separate.
fn owner() -> impl Strategy<Value = Owner> {
    prop_oneof![
        5 => Just(Owner("alice")),
        2 => Just(Owner(" Alice ")),
        2 => Just(Owner("bob")),
        1 => Just(Owner("BOB")),
        1 => Just(Owner("carol")),
    ]
}

/// Mostly accepted names; rejected ones now and then.
fn name() -> impl Strategy<Value = Name> {
    let (valid, invalid): (Vec<_>, Vec<_>) = NAMES.iter().partition(|(_, n)| n.is_some());
    let pick = |names: Vec<&(&'static str, Option<&str>)>| {
        select(names.into_iter().map(|(t, _)| Name(t)).collect::<Vec<_>>())
    };
    prop_oneof![12 => pick(valid), 1 => pick(invalid)]
}

/// An owner, and mostly a typed form of a name one of the owner's items
/// has now, so that commands meet items far more often than a uniform
/// pick would make them.
fn owner_and_names(
    state: &Model,
    count: RangeInclusive<usize>,
) -> BoxedStrategy<(Owner, Vec<Name>)> {
    let keys: Vec<(&'static str, String)> = state.items.keys().cloned().collect();
    owner()
        .prop_flat_map(move |owner| {
            let known: Vec<Name> = NAMES
                .iter()
                .filter(|(_, n)| n.is_some_and(|n| keys.contains(&(owner.key(), n.to_lowercase()))))
                .map(|(typed, _)| Name(typed))
                .collect();
            let name = if known.is_empty() {
                name().boxed()
            } else {
                prop_oneof![3 => select(known), 1 => name()].boxed()
            };
            (Just(owner), vec(name, count.clone()))
        })
        .boxed()
}

fn owner_and_name(state: &Model) -> BoxedStrategy<(Owner, Name)> {
    owner_and_names(state, 1..=1)
        .prop_map(|(owner, mut names)| (owner, names.remove(0)))
        .boxed()
}

fn unit() -> impl Strategy<Value = TypedUnit> {
    let (valid, invalid): (Vec<_>, Vec<_>) = UNITS.iter().partition(|(_, u)| u.is_some());
    let pick = |units: Vec<&(&'static str, Option<&str>)>| {
        select(
            units
                .into_iter()
                .map(|(t, _)| TypedUnit(t))
                .collect::<Vec<_>>(),
        )
    };
    prop_oneof![6 => pick(valid), 1 => pick(invalid)]
}

/// Small quantities, and now and then the largest ones.
fn quantity() -> impl Strategy<Value = u64> {
    prop_oneof![8 => 0..=5_u64, 1 => Just(MAX), 1 => Just(MAX - 1)]
}

/// Quantities where a number out of range can be written (JSON input).
fn wide_quantity() -> impl Strategy<Value = u64> {
    prop_oneof![12 => quantity(), 1 => Just(MAX + 1)]
}

fn delta() -> impl Strategy<Value = i64> {
    let max = MAX as i64;
    prop_oneof![8 => -6..=6_i64, 1 => Just(max), 1 => Just(-max)]
}

fn field<T: Clone + std::fmt::Debug + 'static>(
    value: impl Strategy<Value = T> + 'static,
) -> impl Strategy<Value = Field<T>> {
    prop_oneof![
        Just(Field::Keep),
        Just(Field::Clear),
        value.prop_map(Field::To)
    ]
}

fn row() -> impl Strategy<Value = Row> {
    let max = MAX as i64;
    let row_quantity =
        prop_oneof![8 => 0..=5_i64, 1 => Just(max), 1 => Just(max + 1), 1 => Just(-1_i64)];
    let item = (
        name(),
        option::weighted(0.7, row_quantity),
        option::weighted(0.3, unit()),
        option::weighted(0.3, wide_quantity()),
        any::<bool>(),
    )
        .prop_map(|(name, quantity, unit, min, exported)| Row::Item {
            name,
            quantity,
            unit,
            min,
            exported,
        });
    let garbage = select(vec![
        r#"{"name":"#,
        "[1,2]",
        r#""milk""#,
        r#"{"name":7}"#,
        r#"{"quantity":1}"#,
    ])
    .prop_map(Row::Garbage);
    prop_oneof![15 => item, 1 => garbage]
}

fn line() -> impl Strategy<Value = Line> {
    let op = prop_oneof![
        4 => (option::weighted(0.6, wide_quantity()), option::weighted(0.3, unit()), option::weighted(0.3, wide_quantity()))
            .prop_map(|(quantity, unit, min)| LineOp::Add { quantity, unit, min }),
        3 => prop_oneof![6 => delta(), 1 => Just(MAX as i64 + 1)].prop_map(LineOp::Adjust),
        2 => wide_quantity().prop_map(LineOp::Set),
        2 => name().prop_map(LineOp::Rename),
        2 => Just(LineOp::Remove),
        1 => select(vec![
            Malformed::UnknownOp,
            Malformed::AdjustWithoutDelta,
            Malformed::RemoveWithDelta,
            Malformed::UnknownField,
        ])
        .prop_map(LineOp::Malformed),
    ];
    (
        op,
        name(),
        option::weighted(0.15, any::<bool>()),
        option::weighted(0.15, 0..=3_u64),
    )
        .prop_map(|(op, name, expect_exists, expect_quantity)| Line {
            op,
            name,
            expect_exists,
            expect_quantity,
        })
}

/// An undo of a given operation: mostly one that can still be undone,
/// run by its owner; sometimes any operation, by its owner or anyone.
fn undo_op(state: &Model) -> BoxedStrategy<Step> {
    let ops: Vec<(usize, &'static str)> = state.ops.iter().map(|op| op.owner).enumerate().collect();
    if ops.is_empty() {
        return owner()
            .prop_map(|owner| Step::Undo {
                owner,
                target: Target::Unknown,
            })
            .boxed();
    }
    let undoable: Vec<(usize, &'static str)> = ops
        .iter()
        .copied()
        .filter(|(n, _)| state.ops[*n].undoes.is_none() && !state.ops[*n].undone)
        .collect();
    let by_its_owner = |ops: Vec<(usize, &'static str)>| {
        select(ops).prop_map(|(n, owner)| Step::Undo {
            owner: Owner(owner),
            target: Target::Op(n),
        })
    };
    let by_anyone = (0..ops.len(), owner()).prop_map(|(n, owner)| Step::Undo {
        owner,
        target: Target::Op(n),
    });
    let mut choices = vec![(2, by_its_owner(ops).boxed()), (1, by_anyone.boxed())];
    if !undoable.is_empty() {
        choices.push((6, by_its_owner(undoable).boxed()));
    }
    Union::new_weighted(choices).boxed()
}

fn on_conflict() -> impl Strategy<Value = OnConflict> {
    select(vec![
        OnConflict::Fail,
        OnConflict::Skip,
        OnConflict::Replace,
        OnConflict::Add,
    ])
}

fn an_add() -> impl Strategy<Value = Step> {
    let optional_fields = (
        option::weighted(0.3, unit()),
        option::weighted(0.3, quantity()),
    );
    (owner(), name(), quantity(), optional_fields, any::<bool>()).prop_map(
        |(owner, name, quantity, (unit, min), exists_ok)| Step::Add {
            owner,
            name,
            quantity,
            unit,
            min,
            exists_ok,
        },
    )
}

fn a_remove(state: &Model) -> impl Strategy<Value = Step> + use<> {
    (owner_and_names(state, 1..=3), any::<bool>()).prop_map(|((owner, names), missing_ok)| {
        Step::Remove {
            owner,
            names,
            missing_ok,
        }
    })
}

/// A rename, adjust, set, count or edit, mostly of an item that exists.
fn a_change(state: &Model) -> impl Strategy<Value = Step> + use<> {
    let known = owner_and_name(state);
    let what = prop_oneof![
        3 => name().prop_map(Change::Rename),
        3 => delta().prop_map(Change::Adjust),
        2 => quantity().prop_map(Change::Set),
        1 => quantity().prop_map(Change::Count),
        2 => (field(unit()), field(quantity())).prop_map(|(unit, min)| Change::Edit(unit, min)),
    ];
    (known, what).prop_map(|((owner, name), what)| match what {
        Change::Rename(to) => Step::Rename {
            owner,
            from: name,
            to,
        },
        Change::Adjust(delta) => Step::Adjust { owner, name, delta },
        Change::Set(quantity) => Step::Set {
            owner,
            name,
            quantity,
        },
        Change::Count(quantity) => Step::Count {
            owner,
            name,
            quantity,
        },
        Change::Edit(unit, min) => Step::Edit {
            owner,
            name,
            unit,
            min,
        },
    })
}

/// The part of [`a_change`] besides owner and name.
#[derive(Clone, Debug)]
enum Change {
    Rename(Name),
    Adjust(i64),
    Set(u64),
    Count(u64),
    Edit(Field<TypedUnit>, Field<u64>),
}

fn an_undo(state: &Model) -> impl Strategy<Value = Step> + use<> {
    prop_oneof![
        4 => owner().prop_map(|owner| Step::Undo { owner, target: Target::Last }),
        5 => undo_op(state),
        1 => owner().prop_map(|owner| Step::Undo { owner, target: Target::Unknown }),
    ]
}

fn an_import() -> impl Strategy<Value = Step> {
    (owner(), on_conflict(), vec(row(), 0..=3)).prop_map(|(owner, on_conflict, rows)| {
        Step::Import {
            owner,
            on_conflict,
            rows,
        }
    })
}

fn an_apply() -> impl Strategy<Value = Step> {
    (owner(), vec(line(), 0..=3)).prop_map(|(owner, lines)| Step::Apply { owner, lines })
}

/// The reference state machine: the model, and the steps it generates.
pub struct Reference;

impl ReferenceStateMachine for Reference {
    type State = Model;
    type Transition = Step;

    fn init_state() -> BoxedStrategy<Model> {
        Just(Model::default()).boxed()
    }

    fn transitions(state: &Model) -> BoxedStrategy<Step> {
        // Adds are likelier while there is little to work on.
        let add_weight = if state.items.len() < 3 { 12 } else { 5 };
        prop_oneof![
            add_weight => an_add(),
            2 => a_remove(state),
            3 => a_change(state),
            6 => an_undo(state),
            2 => an_import(),
            2 => an_apply(),
        ]
        .boxed()
    }

    /// Shrinking removes steps, which can leave an undo pointing past the
    /// operations that remain.
    fn preconditions(state: &Model, step: &Step) -> bool {
        match step {
            Step::Undo {
                target: Target::Op(n),
                ..
            } => *n < state.ops.len(),
            _ => true,
        }
    }

    fn apply(state: Model, step: &Step) -> Model {
        state.after(step)
    }
}

/// The system under test: a fresh database, and what the test learned
/// about how the model's operations and items are numbered in it.
pub struct Sut {
    world: World,
    /// The real id of each of the model's operations, by index.
    op_ids: Vec<i64>,
    /// The real id of each of the model's items.
    item_ids: HashMap<u32, i64>,
}

/// What a successful step returned, where the test checks it.
#[derive(Debug)]
enum Reply {
    Added(Added),
    Removed(Vec<Item>),
    Undone(Undone),
    Done,
}

fn owner_name(owner: Owner) -> OwnerName {
    OwnerName::parse(owner.0).expect("the model's owners are valid")
}

fn qty(value: u64) -> Quantity {
    Quantity::new(value).expect("the model only runs in-range quantities directly")
}

impl Sut {
    /// Runs `step` as the CLI would: parses the arguments, then calls the service.
    fn execute(&self, step: &Step) -> Result<Reply, Error> {
        let owner = owner_name(step.owner());
        let ctx = self.world.ctx(&owner);
        let parse = |name: &Name| ItemName::parse(name.0);
        let reference = |name: &Name| ItemName::parse(name.0).map(ItemRef::Name);
        let parse_unit = |unit: Option<TypedUnit>| unit.map(|u| Unit::parse(u.0)).transpose();
        match step {
            Step::Add {
                name,
                quantity,
                unit,
                min,
                exists_ok,
                ..
            } => {
                let name = parse(name)?;
                let fields = ItemFields {
                    quantity: qty(*quantity),
                    unit: parse_unit(*unit)?,
                    min: min.map(qty),
                    ..ItemFields::default()
                };
                service::add(&ctx, &name, &fields, *exists_ok).map(|r| Reply::Added(r.value))
            }
            Step::Remove {
                names, missing_ok, ..
            } => {
                let names = names.iter().map(reference).collect::<Result<Vec<_>, _>>()?;
                service::remove(&ctx, &names, *missing_ok).map(|r| Reply::Removed(r.value))
            }
            Step::Rename { from, to, .. } => {
                let (from, to) = (reference(from)?, parse(to)?);
                service::rename(&ctx, &from, &to).map(|_| Reply::Done)
            }
            Step::Adjust { name, delta, .. } => {
                let delta = Delta::new(*delta).expect("the model's direct deltas are in range");
                service::adjust(&ctx, &reference(name)?, delta, None).map(|_| Reply::Done)
            }
            Step::Set { name, quantity, .. } => {
                service::set_level(&ctx, Level::Set, &reference(name)?, qty(*quantity), None)
                    .map(|_| Reply::Done)
            }
            Step::Count { name, quantity, .. } => {
                service::set_level(&ctx, Level::Count, &reference(name)?, qty(*quantity), None)
                    .map(|_| Reply::Done)
            }
            Step::Edit {
                name, unit, min, ..
            } => {
                let name = reference(name)?;
                let edit = Edit {
                    unit: match unit {
                        Field::Keep => None,
                        Field::Clear => Some(None),
                        Field::To(unit) => Some(parse_unit(Some(*unit))?),
                    },
                    min: match min {
                        Field::Keep => None,
                        Field::Clear => Some(None),
                        Field::To(min) => Some(Some(qty(*min))),
                    },
                    ..Edit::default()
                };
                service::edit(&ctx, &name, &edit).map(|_| Reply::Done)
            }
            Step::Undo { target, .. } => {
                let id = match target {
                    Target::Last => None,
                    Target::Op(n) => Some(self.op_ids[*n]),
                    Target::Unknown => Some(1_000_000),
                };
                service::undo(&ctx, id).map(|r| Reply::Undone(r.value))
            }
            Step::Import {
                on_conflict, rows, ..
            } => {
                let text = ndjson(rows.iter().map(Row::json));
                let rows = input::import_rows(text.as_bytes(), InputFormat::Ndjson);
                service::import(&ctx, rows, false, *on_conflict, &mut |_| {}).map(|_| Reply::Done)
            }
            Step::Apply { lines, .. } => {
                let text = ndjson(lines.iter().map(Line::json));
                service::apply(&ctx, input::ndjson(text.as_bytes()), &mut |_| {})
                    .map(|_| Reply::Done)
            }
        }
    }

    /// Checks a successful step: what it returned, and what it recorded.
    fn check_success(
        &mut self,
        step: &Step,
        model: &Model,
        op: Option<usize>,
        reply: &Reply,
        before: &Snapshot,
    ) {
        let last_op = before.events.last().map_or(0, |e| e.op);
        let new_events: Vec<Event> = self
            .world
            .events()
            .into_iter()
            .filter(|e| e.op > last_op)
            .collect();
        match op {
            None => self.check_nothing_recorded(step, reply, before, &new_events),
            Some(index) => {
                let real_op = self.check_reply(step, model, index, reply, &new_events);
                self.check_recorded(step, &model.ops[index], &new_events);
                self.op_ids.push(real_op);
            }
        }
    }

    /// A success that changed nothing records nothing, and leaves the
    /// items (their `updated_at` included) as they were.
    fn check_nothing_recorded(
        &self,
        step: &Step,
        reply: &Reply,
        before: &Snapshot,
        new_events: &[Event],
    ) {
        assert_eq!(
            new_events,
            [],
            "{step:?} changed nothing but recorded events"
        );
        assert_eq!(
            self.world.current_items(),
            before.items,
            "{step:?} changed nothing in the model but changed items"
        );
        match reply {
            Reply::Added(Added::Created(item)) => {
                panic!("{step:?} created {item:?}; the name was taken")
            }
            Reply::Removed(items) => {
                assert_eq!(items, &[], "{step:?} removed nothing in the model");
            }
            _ => {}
        }
    }

    /// Checks the reply of a step that recorded the model's operation
    /// `index`, and returns the real id of the operation it recorded.
    fn check_reply(
        &self,
        step: &Step,
        model: &Model,
        index: usize,
        reply: &Reply,
        new_events: &[Event],
    ) -> i64 {
        let expected = &model.ops[index];
        assert_eq!(
            self.op_ids.len(),
            index,
            "operations out of step after {step:?}"
        );
        let events_op = new_events.first().map(|e| e.op);
        assert!(
            new_events.iter().all(|e| Some(e.op) == events_op),
            "{step:?} recorded more than one operation: {new_events:#?}"
        );
        let real_op = match reply {
            Reply::Undone(undone) => {
                let undid = expected.undoes.expect("the model recorded an undo");
                assert_eq!(
                    undone.undid, self.op_ids[undid],
                    "{step:?} undid the wrong operation"
                );
                assert_eq!(
                    undone.events, new_events,
                    "{step:?}: the undo's reply and its history differ"
                );
                undone.op
            }
            Reply::Added(Added::Existing(item)) => {
                panic!("{step:?} found {item:?}; the name was free")
            }
            Reply::Removed(items) => {
                let names: Vec<_> = items.iter().map(|i| i.name.as_str()).collect();
                let expected: Vec<_> = expected
                    .changes
                    .iter()
                    .map(|c| c.before.as_ref().expect("removed").name.as_str())
                    .collect();
                assert_eq!(names, expected, "{step:?} removed other items");
                events_op.expect("a remove is recorded")
            }
            Reply::Added(Added::Created(_)) | Reply::Done => {
                events_op.expect("a change is recorded")
            }
        };
        assert!(
            events_op.is_none_or(|op| op == real_op),
            "{step:?}: reply says operation {real_op}, history {events_op:?}"
        );
        real_op
    }

    /// The step's events are the model's changes, one for one: kind,
    /// owner, item, and the item's fields before and after.
    fn check_recorded(&mut self, step: &Step, expected: &Op, new_events: &[Event]) {
        assert_eq!(
            new_events.len(),
            expected.changes.len(),
            "{step:?} recorded {new_events:#?}, the model {:#?}",
            expected.changes
        );
        for (event, change) in new_events.iter().zip(&expected.changes) {
            assert_eq!(
                event.owner.to_lowercase(),
                expected.owner,
                "{step:?}: {event:?}"
            );
            let model_item = change
                .before
                .as_ref()
                .or(change.after.as_ref())
                .expect("a side");
            if let Some(real_id) = self.item_ids.get(&model_item.id) {
                assert_eq!(
                    event.item_id, *real_id,
                    "{step:?}: event {event:#?} is about another item"
                );
            } else {
                assert!(
                    !self.item_ids.values().any(|id| *id == event.item_id),
                    "{step:?}: a new item got the id of an earlier one: {event:#?}"
                );
                self.item_ids.insert(model_item.id, event.item_id);
            }
            let sides = (
                event.kind.as_str(),
                summary(
                    event.name_before.as_ref(),
                    event.qty_before,
                    event.unit_before.as_ref(),
                    event.min_before,
                ),
                summary(
                    event.name_after.as_ref(),
                    event.qty_after,
                    event.unit_after.as_ref(),
                    event.min_after,
                ),
            );
            let model_sides = (
                change.kind,
                model_summary(change.before.as_ref()),
                model_summary(change.after.as_ref()),
            );
            assert_eq!(
                sides, model_sides,
                "{step:?}: event {} of the operation",
                event.seq
            );
        }
    }

    /// The owner's items, with the model's ids, as the model has them.
    fn assert_items_match(&self, model: &Model, owner: &str) {
        let real: Vec<ItemSummary> = self
            .world
            .items_of(&OwnerName::parse(owner).expect("owner"))
            .iter()
            .map(|i| {
                (
                    Some(i.id),
                    summary(Some(&i.name), Some(i.quantity), i.unit.as_ref(), i.min),
                )
            })
            .collect();
        let expected: Vec<ItemSummary> = model
            .items_of(owner)
            .map(|i| (self.item_ids.get(&i.id).copied(), model_summary(Some(i))))
            .collect();
        assert_eq!(real, expected, "{owner}'s items differ from the model's");
    }
}

/// An item's (name, quantity, unit, min), or `None` for "no item".
type Fields = Option<(String, u64, Option<String>, Option<u64>)>;
type ItemSummary = (Option<i64>, Fields);

fn summary(
    name: Option<&String>,
    quantity: Option<Quantity>,
    unit: Option<&Unit>,
    min: Option<Quantity>,
) -> Fields {
    Some((
        name?.clone(),
        quantity?.get(),
        unit.map(|u| u.as_str().to_owned()),
        min.map(Quantity::get),
    ))
}

fn model_summary(item: Option<&ModelItem>) -> Fields {
    item.map(|i| (i.name.clone(), i.quantity, i.unit.clone(), i.min))
}

/// Runs the steps against the service on backend `B`.
pub struct Service<B>(PhantomData<B>);

/// A backend, as a type.
pub trait OnBackend {
    /// The backend.
    const BACKEND: Backend;
}

/// SQLite, as a type.
pub struct OnSqlite;

impl OnBackend for OnSqlite {
    const BACKEND: Backend = Backend::Sqlite;
}

/// PostgreSQL, as a type.
pub struct OnPostgres;

impl OnBackend for OnPostgres {
    const BACKEND: Backend = Backend::Postgres;
}

impl<B: OnBackend> StateMachineTest for Service<B> {
    type SystemUnderTest = Sut;
    type Reference = Reference;

    fn init_test(_: &Model) -> Sut {
        Sut {
            world: World::new(B::BACKEND),
            op_ids: Vec::new(),
            item_ids: HashMap::new(),
        }
    }

    /// `model` is the state after the step: `model.last` is the outcome
    /// the model expects.
    fn apply(mut sut: Sut, model: &Model, step: Step) -> Sut {
        let before = sut.world.snapshot();
        let result = sut.execute(&step);
        match (model.last, result) {
            (Outcome::Err(kind), Err(err)) => {
                assert_eq!(
                    err.kind(),
                    kind,
                    "{step:?} failed with the wrong kind: {err}"
                );
                before.assert_unchanged(
                    &sut.world.snapshot(),
                    &format_args!("{step:?} failed ({err})"),
                );
            }
            (Outcome::Ok { op }, Ok(reply)) => sut.check_success(&step, model, op, &reply, &before),
            (Outcome::Err(kind), Ok(reply)) => {
                panic!("{step:?} succeeded ({reply:?}); the model expected a {kind} error")
            }
            (Outcome::Ok { .. }, Err(err)) => {
                panic!(
                    "{step:?} failed with a {} error ({err}); the model expected success",
                    err.kind()
                )
            }
        }
        sut
    }

    fn check_invariants(sut: &Sut, model: &Model) {
        for owner in KNOWN_OWNERS {
            sut.assert_items_match(model, owner);
        }
        sut.world.assert_ledger_replays();
    }
}

#[test]
fn the_models_tables_of_names_units_and_owners_agree_with_the_domain() {
    for (typed, normalised) in NAMES {
        let parsed = ItemName::parse(typed);
        assert_eq!(
            parsed.as_ref().ok().map(ItemName::as_str),
            *normalised,
            "{typed:?}"
        );
        if let Err(err) = parsed {
            assert_eq!(err.kind(), ErrorKind::Invalid);
        }
    }
    for (typed, normalised) in UNITS {
        assert_eq!(
            Unit::parse(typed).ok().as_ref().map(Unit::as_str),
            *normalised,
            "{typed:?}"
        );
    }
    for (typed, key) in OWNERS {
        assert_eq!(
            OwnerName::parse(typed).expect("owner").key(),
            *key,
            "{typed:?}"
        );
    }
}
