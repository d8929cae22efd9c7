//! The model-based test: random command sequences run against the service
//! and the reference model, compared after every step.
//!
//! After each step it checks that the result's kind is the model's; that a
//! failed step left the database exactly as it was (items, history, and
//! every row of every table); that a step which changed nothing recorded
//! nothing; that a step which changed something recorded one operation
//! whose events are exactly the model's changes (kinds, item ids, and
//! every field on both sides: name, quantity, unit, minimum, location,
//! tags, code and note); that every owner's items, every field of them,
//! are the model's, and so are the places `locations` lists; and that the
//! ledger replays to the items table.
//!
//! Items are named by name, and now and then by `#ID` or `=CODE`.
//!
//! Names and units with hidden format characters are in the input space:
//! they can be looked up but never given to an item.
//!
//! Deliberately not generated: `import --all-owners` (the property tests
//! feed it arbitrary input instead), `--dry-run` (covered by the CLI
//! tests), idempotency keys (`keys.rs` runs keyed sequences against their
//! own model through the real binary), and quantities given as text
//! (parsed by the CLI layer; the service takes parsed values).

use std::collections::{BTreeMap, HashMap};
use std::marker::PhantomData;
use std::ops::RangeInclusive;

use countiq::domain::{
    Code, Delta, Error, ErrorKind, Event, Item, ItemFields, ItemName, ItemRef, Location, Note,
    OnConflict, OwnerName, Quantity, Tag, Tags, Unit,
};
use countiq::input::{self, InputFormat};
use countiq::service::{self, Added, Ctx, Edit, Level, Undone};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::Union;
use proptest_state_machine::{ReferenceStateMachine, StateMachineTest};

use crate::model::{
    CODES, Code as TypedCode, Field, LOCATIONS, Line, LineOp, Location as TypedLocation, MAX,
    Malformed, Model, ModelItem, NAMES, NOTES, Name, Note as TypedNote, OWNERS, Op, Outcome, Owner,
    Ref, Row, Step, TAGS, Tag as TypedTag, Target, UNITS, Unit as TypedUnit, ndjson,
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

/// Another way to name an item than by name: `#ID` of an item the model
/// has or had, of any owner, or of one it never made; or `=CODE`.
fn by_id_or_code(state: &Model) -> impl Strategy<Value = Ref> + use<> {
    prop_oneof![
        (1..=state.last_id() + 1).prop_map(Ref::Id),
        a_code(state).prop_map(Ref::Code),
    ]
}

/// Like [`owner_and_names`], with one reference in five by id or code.
fn owner_and_refs(state: &Model, count: RangeInclusive<usize>) -> BoxedStrategy<(Owner, Vec<Ref>)> {
    let others = vec(option::weighted(0.2, by_id_or_code(state)), *count.end());
    (owner_and_names(state, count), others)
        .prop_map(|((owner, names), others)| {
            let refs = names
                .into_iter()
                .zip(others)
                .map(|(name, other)| other.unwrap_or(Ref::Name(name)))
                .collect();
            (owner, refs)
        })
        .boxed()
}

/// An owner, a name as [`owner_and_name`] picks it, and a reference to
/// an item: mostly that name, one time in five an id or a code.
fn owner_name_and_ref(state: &Model) -> BoxedStrategy<(Owner, Name, Ref)> {
    (
        owner_and_name(state),
        option::weighted(0.2, by_id_or_code(state)),
    )
        .prop_map(|((owner, name), other)| (owner, name, other.unwrap_or(Ref::Name(name))))
        .boxed()
}

/// Picks a typed form from `table`: mostly accepted ones, now and then a
/// rejected one.
fn typed<T: Copy + std::fmt::Debug + 'static, V>(
    table: &'static [(&'static str, V)],
    accepted: fn(&V) -> bool,
    wrap: fn(&'static str) -> T,
) -> impl Strategy<Value = T> {
    let (valid, invalid): (Vec<_>, Vec<_>) = table.iter().partition(|(_, v)| accepted(v));
    let pick = |forms: Vec<&(&'static str, V)>| {
        select(forms.into_iter().map(|(t, _)| wrap(t)).collect::<Vec<_>>())
    };
    prop_oneof![6 => pick(valid), 1 => pick(invalid)]
}

fn location() -> impl Strategy<Value = TypedLocation> {
    typed(LOCATIONS, Option::is_some, TypedLocation)
}

fn tag() -> impl Strategy<Value = TypedTag> {
    typed(TAGS, Option::is_some, TypedTag)
}

fn code() -> impl Strategy<Value = TypedCode> {
    typed(CODES, |valid| *valid, TypedCode)
}

/// Mostly a code some item (of any owner) has now, so that codes are
/// scanned, referred to and taken as often as they are missing.
fn a_code(state: &Model) -> BoxedStrategy<TypedCode> {
    let held: Vec<TypedCode> = CODES
        .iter()
        .map(|(typed, _)| TypedCode(typed))
        .filter(|code| {
            state
                .items
                .values()
                .any(|item| item.code.as_deref() == Some(code.0))
        })
        .collect();
    if held.is_empty() {
        code().boxed()
    } else {
        prop_oneof![4 => select(held), 1 => code()].boxed()
    }
}

/// Mostly a typed form of a tag some item has now (in any case), so that
/// untag finds tags to remove.
fn a_tag(state: &Model) -> BoxedStrategy<TypedTag> {
    let held: Vec<TypedTag> = TAGS
        .iter()
        .filter(|(_, tag)| {
            tag.is_some_and(|tag| {
                let key = tag.to_lowercase();
                state
                    .items
                    .values()
                    .any(|item| item.tags.contains_key(&key))
            })
        })
        .map(|(typed, _)| TypedTag(typed))
        .collect();
    if held.is_empty() {
        tag().boxed()
    } else {
        prop_oneof![2 => select(held), 1 => tag()].boxed()
    }
}

fn note() -> impl Strategy<Value = TypedNote> {
    typed(NOTES, Option::is_some, TypedNote)
}

fn unit() -> impl Strategy<Value = TypedUnit> {
    typed(UNITS, Option::is_some, TypedUnit)
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
/// run by its owner, often one whose items have changed since;
/// sometimes any operation, by its owner or anyone.
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
    let overtaken: Vec<(usize, &'static str)> = undoable
        .iter()
        .copied()
        .filter(|(n, _)| changed_since(state, *n))
        .collect();
    let mut choices = vec![(2, by_its_owner(ops).boxed()), (1, by_anyone.boxed())];
    if !undoable.is_empty() {
        choices.push((6, by_its_owner(undoable).boxed()));
    }
    if !overtaken.is_empty() {
        choices.push((8, by_its_owner(overtaken).boxed()));
    }
    Union::new_weighted(choices).boxed()
}

/// True when a later operation changed an item that operation `n`
/// changed: undoing `n` must then keep the later changes (an adjustment
/// or scan is undone by the opposite adjustment), or conflict with them.
fn changed_since(state: &Model, n: usize) -> bool {
    let id = |change: &crate::model::Change| {
        change
            .before
            .as_ref()
            .or(change.after.as_ref())
            .map(|item| item.id)
    };
    let ids: Vec<Option<u32>> = state.ops[n].changes.iter().map(id).collect();
    state.ops[n + 1..]
        .iter()
        .flat_map(|op| &op.changes)
        .any(|change| ids.contains(&id(change)))
}

fn on_conflict() -> impl Strategy<Value = OnConflict> {
    select(vec![
        OnConflict::Fail,
        OnConflict::Skip,
        OnConflict::Replace,
        OnConflict::Add,
    ])
}

fn an_add(state: &Model) -> impl Strategy<Value = Step> + use<> {
    let optional_fields = (
        option::weighted(0.3, unit()),
        option::weighted(0.3, quantity()),
        option::weighted(0.5, a_code(state)),
        option::weighted(0.3, location()),
    );
    (owner(), name(), quantity(), optional_fields, any::<bool>()).prop_map(
        |(owner, name, quantity, (unit, min, code, at), exists_ok)| Step::Add {
            owner,
            name,
            quantity,
            unit,
            min,
            code,
            at,
            exists_ok,
        },
    )
}

fn a_remove(state: &Model) -> impl Strategy<Value = Step> + use<> {
    (owner_and_refs(state, 1..=3), any::<bool>()).prop_map(|((owner, items), missing_ok)| {
        Step::Remove {
            owner,
            items,
            missing_ok,
        }
    })
}

/// A rename, adjust, set, count or edit, mostly of an item that exists.
fn a_change(state: &Model) -> impl Strategy<Value = Step> + use<> {
    let known = owner_name_and_ref(state);
    let edits = (
        field(unit()),
        field(quantity()),
        field(a_code(state)),
        field(note()),
    );
    let what = prop_oneof![
        3 => name().prop_map(Change::Rename),
        3 => delta().prop_map(Change::Adjust),
        2 => quantity().prop_map(Change::Set),
        1 => quantity().prop_map(Change::Count),
        3 => edits.prop_map(|(unit, min, code, note)| Change::Edit { unit, min, code, note }),
    ];
    // Rename, set and count are given the name: references are tried on
    // the other commands.
    (known, what).prop_map(|((owner, name, item), what)| match what {
        Change::Rename(to) => Step::Rename {
            owner,
            from: name,
            to,
        },
        Change::Adjust(delta) => Step::Adjust { owner, item, delta },
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
        Change::Edit {
            unit,
            min,
            code,
            note,
        } => Step::Edit {
            owner,
            item,
            unit,
            min,
            code,
            note,
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
    Edit {
        unit: Field<TypedUnit>,
        min: Field<u64>,
        code: Field<TypedCode>,
        note: Field<TypedNote>,
    },
}

/// Mostly an owner and the code one of its items has; otherwise anyone
/// and any code.
fn owner_and_code(state: &Model) -> BoxedStrategy<(Owner, TypedCode)> {
    let held: Vec<(Owner, TypedCode)> = every_item(state)
        .filter_map(|(owner, item)| {
            let code = item.code.as_deref()?;
            let typed = CODES.iter().find(|(typed, _)| *typed == code)?.0;
            Some((owner, TypedCode(typed)))
        })
        .collect();
    let anyone = (owner(), code());
    if held.is_empty() {
        anyone.boxed()
    } else {
        prop_oneof![3 => select(held), 1 => anyone].boxed()
    }
}

/// A move, tag, untag or scan, mostly of an item that exists; and now and
/// then an untag of tags an item has, or an edit to a code that is taken.
fn a_detail(state: &Model) -> BoxedStrategy<Step> {
    let tags = || vec(a_tag(state), 1..=3);
    let on_item = prop_oneof![
        3 => option::weighted(0.85, location()).prop_map(Detail::Move),
        3 => tags().prop_map(Detail::Tag),
        2 => tags().prop_map(Detail::Untag),
    ];
    let on_item =
        (owner_name_and_ref(state), on_item).prop_map(|((owner, _, item), what)| match what {
            Detail::Move(to) => Step::Move { owner, item, to },
            Detail::Tag(tags) => Step::Tag { owner, item, tags },
            Detail::Untag(tags) => Step::Untag { owner, item, tags },
        });
    // A scanner subtracts one by default.
    let scan_delta = prop_oneof![3 => Just(-1_i64), 2 => delta()];
    let scan = (owner_and_code(state), scan_delta).prop_map(|((owner, code), delta)| Step::Scan {
        owner,
        code,
        delta,
    });
    // Scans are mostly of codes items have: while none has one, a scan
    // can only fail.
    let scan_weight = if state.items.values().any(|item| item.code.is_some()) {
        6
    } else {
        1
    };
    let mut choices = vec![(8, on_item.boxed()), (scan_weight, scan.boxed())];
    if let Some(untag) = an_untag_of_a_tagged_item(state) {
        choices.push((4, untag));
    }
    if let Some(taken) = an_edit_to_a_taken_code(state) {
        choices.push((2, taken));
    }
    Union::new_weighted(choices).boxed()
}

/// The items of every owner, each with its owner as typed.
fn every_item(state: &Model) -> impl Iterator<Item = (Owner, &ModelItem)> {
    // An owner's key is also one of the ways it is typed.
    state
        .items
        .iter()
        .map(|((owner, _), item)| (Owner(owner), item))
}

/// An untag, by id, of tags an item has (in other spellings too), and
/// maybe one more; `None` when no item has a tag.
fn an_untag_of_a_tagged_item(state: &Model) -> Option<BoxedStrategy<Step>> {
    let tagged: Vec<(Owner, u32, Vec<TypedTag>)> = every_item(state)
        .filter(|(_, item)| !item.tags.is_empty())
        .map(|(owner, item)| {
            let typed = TAGS
                .iter()
                .filter(|(_, tag)| tag.is_some_and(|t| item.tags.contains_key(&t.to_lowercase())))
                .map(|(typed, _)| TypedTag(typed))
                .collect();
            (owner, item.id, typed)
        })
        .collect();
    if tagged.is_empty() {
        return None;
    }
    let untag = select(tagged).prop_flat_map(|(owner, id, typed)| {
        let tags = (select(typed), option::of(tag()))
            .prop_map(|(held, other)| std::iter::once(held).chain(other).collect());
        tags.prop_map(move |tags| Step::Untag {
            owner,
            item: Ref::Id(id),
            tags,
        })
    });
    Some(untag.boxed())
}

/// An edit, by id, that gives an item the code another item of its
/// owner has; `None` when no owner has two items, one with a code.
fn an_edit_to_a_taken_code(state: &Model) -> Option<BoxedStrategy<Step>> {
    let mut pairs: Vec<(Owner, u32, TypedCode)> = Vec::new();
    for (owner, holder) in every_item(state) {
        let Some(code) = CODES
            .iter()
            .find(|(typed, _)| holder.code.as_deref() == Some(*typed))
        else {
            continue;
        };
        for (other_owner, other) in every_item(state) {
            if other_owner == owner && other.id != holder.id {
                pairs.push((owner, other.id, TypedCode(code.0)));
            }
        }
    }
    if pairs.is_empty() {
        return None;
    }
    let edit = select(pairs).prop_map(|(owner, id, code)| Step::Edit {
        owner,
        item: Ref::Id(id),
        unit: Field::Keep,
        min: Field::Keep,
        code: Field::To(code),
        note: Field::Keep,
    });
    Some(edit.boxed())
}

/// The part of [`a_detail`] besides owner and item.
#[derive(Clone, Debug)]
enum Detail {
    Move(Option<TypedLocation>),
    Tag(Vec<TypedTag>),
    Untag(Vec<TypedTag>),
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
            add_weight => an_add(state),
            2 => a_remove(state),
            3 => a_change(state),
            5 => a_detail(state),
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

/// An `edit` field as the service takes it: `None` leaves it alone,
/// `Some(None)` clears it.
#[allow(clippy::option_option)] // the shape of the service's `Edit`
fn option<T, U>(
    field: Field<T>,
    parse: impl FnOnce(T) -> Result<U, Error>,
) -> Result<Option<Option<U>>, Error> {
    Ok(match field {
        Field::Keep => None,
        Field::Clear => Some(None),
        Field::To(value) => Some(Some(parse(value)?)),
    })
}

fn owner_name(owner: Owner) -> OwnerName {
    OwnerName::parse(owner.0).expect("the model's owners are valid")
}

fn qty(value: u64) -> Quantity {
    Quantity::new(value).expect("the model only runs in-range quantities directly")
}

impl Sut {
    /// The reference as the CLI parses it; `#ID` with the real id of the
    /// model's item, or an id no item has when the model never made it.
    fn item_ref(&self, item: Ref) -> Result<ItemRef, Error> {
        Ok(match item {
            Ref::Name(name) => ItemRef::Name(ItemName::parse(name.0)?),
            Ref::Id(id) => ItemRef::Id(self.item_ids.get(&id).copied().unwrap_or(1_000_000)),
            Ref::Code(code) => ItemRef::Code(Code::parse(code.0)?),
        })
    }

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
                code,
                at,
                exists_ok,
                ..
            } => {
                let name = parse(name)?;
                let fields = ItemFields {
                    quantity: qty(*quantity),
                    unit: parse_unit(*unit)?,
                    min: min.map(qty),
                    code: code.map(|code| Code::parse(code.0)).transpose()?,
                    location: at.map(|at| Location::parse(at.0)).transpose()?,
                    ..ItemFields::default()
                };
                service::add(&ctx, &name, &fields, *exists_ok).map(|r| Reply::Added(r.value))
            }
            Step::Remove {
                items, missing_ok, ..
            } => {
                let items = items
                    .iter()
                    .map(|item| self.item_ref(*item))
                    .collect::<Result<Vec<_>, _>>()?;
                service::remove(&ctx, &items, *missing_ok).map(|r| Reply::Removed(r.value))
            }
            Step::Rename { from, to, .. } => {
                let (from, to) = (reference(from)?, parse(to)?);
                service::rename(&ctx, &from, &to).map(|_| Reply::Done)
            }
            Step::Adjust { item, delta, .. } => {
                let delta = Delta::new(*delta).expect("the model's direct deltas are in range");
                service::adjust(&ctx, &self.item_ref(*item)?, delta, None).map(|_| Reply::Done)
            }
            Step::Scan { .. } | Step::Move { .. } | Step::Tag { .. } | Step::Untag { .. } => {
                self.execute_detail(&ctx, step)
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
                item,
                unit,
                min,
                code,
                note,
                ..
            } => {
                let item = self.item_ref(*item)?;
                let edit = Edit {
                    unit: option(*unit, |unit| Unit::parse(unit.0))?,
                    min: option(*min, |min| Ok(qty(min)))?,
                    code: option(*code, |code| Code::parse(code.0))?,
                    note: option(*note, |note| Note::parse(note.0))?,
                };
                service::edit(&ctx, &item, &edit).map(|_| Reply::Done)
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
                let rows = input::import_rows(std::io::Cursor::new(text), InputFormat::Ndjson);
                service::import(&ctx, rows, false, *on_conflict, &mut |_| {}).map(|_| Reply::Done)
            }
            Step::Apply { lines, .. } => {
                let text = ndjson(lines.iter().map(Line::json));
                service::apply(&ctx, input::ndjson(text.as_bytes()), &mut |_| {})
                    .map(|_| Reply::Done)
            }
        }
    }

    /// Runs a scan, move, tag or untag.
    fn execute_detail(&self, ctx: &Ctx<'_>, step: &Step) -> Result<Reply, Error> {
        match step {
            Step::Scan { code, delta, .. } => {
                let code = Code::parse(code.0)?;
                let delta = Delta::new(*delta).expect("the model's direct deltas are in range");
                service::scan(ctx, &code, delta).map(|_| Reply::Done)
            }
            Step::Move { item, to, .. } => {
                let item = self.item_ref(*item)?;
                let to = to.map(|to| Location::parse(to.0)).transpose()?;
                service::move_to(ctx, &item, to.as_ref()).map(|_| Reply::Done)
            }
            Step::Tag { item, tags, .. } => {
                let item = self.item_ref(*item)?;
                let tags = Tags::parse_all(tags.iter().map(|t| t.0))?;
                service::tag(ctx, &item, &tags).map(|_| Reply::Done)
            }
            Step::Untag { item, tags, .. } => {
                let item = self.item_ref(*item)?;
                let tags = Tags::parse_all(tags.iter().map(|t| t.0))?;
                service::untag(ctx, &item, &tags).map(|_| Reply::Done)
            }
            _ => unreachable!("not a scan, move, tag or untag: {step:?}"),
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
                recorded(event, Side::Before),
                recorded(event, Side::After),
            );
            let model_sides = (
                change.kind,
                change.before.as_ref().map(model_fields),
                change.after.as_ref().map(model_fields),
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
            .map(|i| (Some(i.id), item_fields(i)))
            .collect();
        let expected: Vec<ItemSummary> = model
            .items_of(owner)
            .map(|i| (self.item_ids.get(&i.id).copied(), model_fields(i)))
            .collect();
        assert_eq!(real, expected, "{owner}'s items differ from the model's");
    }

    /// The owner's places as `locations` lists them, as the model's items
    /// make them: one per location key, spelt as its first item (in name
    /// order) spells it, with the count and total quantity of its items.
    fn assert_places_match(&self, model: &Model, owner: &str) {
        let owner_name = OwnerName::parse(owner).expect("owner");
        let (places, _) = service::locations(&self.world.ctx(&owner_name)).expect("locations");
        let real: Vec<(String, u64, u64)> = places
            .into_iter()
            .map(|p| (p.location.as_str().to_owned(), p.items, p.quantity))
            .collect();
        let mut expected: BTreeMap<String, (String, u64, u64)> = BTreeMap::new();
        for item in model.items_of(owner) {
            if let Some(location) = &item.location {
                let place = expected
                    .entry(location.to_lowercase())
                    .or_insert_with(|| (location.clone(), 0, 0));
                place.1 += 1;
                place.2 = place.2.saturating_add(item.quantity);
            }
        }
        let expected: Vec<_> = expected.into_values().collect();
        assert_eq!(
            real, expected,
            "{owner}'s locations differ from the model's"
        );
    }
}

/// Everything about an item a command can change.
#[derive(Debug, PartialEq, Eq)]
struct Fields {
    name: String,
    quantity: u64,
    unit: Option<String>,
    min: Option<u64>,
    location: Option<String>,
    /// `None` where an event that has the item on this side holds no
    /// tags at all, which would be a bug: no tags is an empty list.
    tags: Option<Vec<String>>,
    code: Option<String>,
    note: Option<String>,
}

/// An item's id (where known) and fields.
type ItemSummary = (Option<i64>, Fields);

/// Which side of an event.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Before,
    After,
}

fn item_fields(item: &Item) -> Fields {
    Fields {
        name: item.name.clone(),
        quantity: item.quantity.get(),
        unit: item.unit.as_ref().map(|u| u.as_str().to_owned()),
        min: item.min.map(Quantity::get),
        location: item.location.as_ref().map(|l| l.as_str().to_owned()),
        tags: Some(tag_list(&item.tags)),
        code: item.code.as_ref().map(|c| c.as_str().to_owned()),
        note: item.note.as_ref().map(|n| n.as_str().to_owned()),
    }
}

/// The tags, in the order they are kept.
fn tag_list(tags: &Tags) -> Vec<String> {
    tags.iter().map(|t| t.as_str().to_owned()).collect()
}

/// One side of an event, read from its own columns; `None` when the
/// item does not exist on that side.
fn recorded(event: &Event, side: Side) -> Option<Fields> {
    let e = event;
    let (name, quantity, unit, min, location, tags, code, note) = match side {
        Side::Before => (
            &e.name_before,
            e.qty_before,
            &e.unit_before,
            e.min_before,
            &e.location_before,
            &e.tags_before,
            &e.code_before,
            &e.note_before,
        ),
        Side::After => (
            &e.name_after,
            e.qty_after,
            &e.unit_after,
            e.min_after,
            &e.location_after,
            &e.tags_after,
            &e.code_after,
            &e.note_after,
        ),
    };
    Some(Fields {
        name: name.clone()?,
        quantity: quantity?.get(),
        unit: unit.as_ref().map(|u| u.as_str().to_owned()),
        min: min.map(Quantity::get),
        location: location.as_ref().map(|l| l.as_str().to_owned()),
        tags: tags.as_ref().map(tag_list),
        code: code.as_ref().map(|c| c.as_str().to_owned()),
        note: note.as_ref().map(|n| n.as_str().to_owned()),
    })
}

fn model_fields(item: &ModelItem) -> Fields {
    Fields {
        name: item.name.clone(),
        quantity: item.quantity,
        unit: item.unit.clone(),
        min: item.min,
        location: item.location.clone(),
        tags: Some(item.tags.values().cloned().collect()),
        code: item.code.clone(),
        note: item.note.clone(),
    }
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
            sut.assert_places_match(model, owner);
        }
        sut.world.assert_ledger_replays();
    }
}

#[test]
fn the_models_tables_agree_with_the_domain() {
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
    for (typed, normalised) in LOCATIONS {
        assert_eq!(
            Location::parse(typed).ok().as_ref().map(Location::as_str),
            *normalised,
            "{typed:?}"
        );
    }
    for (typed, normalised) in TAGS {
        assert_eq!(
            Tag::parse(typed).ok().as_ref().map(Tag::as_str),
            *normalised,
            "{typed:?}"
        );
    }
    for (typed, accepted) in CODES {
        assert_eq!(
            Code::parse(typed).ok().as_ref().map(Code::as_str),
            accepted.then_some(*typed),
            "{typed:?}"
        );
    }
    for (typed, normalised) in NOTES {
        assert_eq!(
            Note::parse(typed).ok().as_ref().map(Note::as_str),
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
