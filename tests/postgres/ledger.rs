//! The ledger's rule that every event names an operation of its owner is
//! the database's: SQL written around CountIQ is refused as CountIQ's own
//! would be.

use postgres::error::SqlState;

use crate::harness::{Run, World};

/// Runs `sql` on the server as the test role and returns the error's
/// SQLSTATE and constraint, or `None` when it succeeded.
fn refusal(world: &World, sql: &str) -> Option<(SqlState, Option<String>)> {
    let sql = sql.replace("{schema}", &world.schema);
    match world.client().batch_execute(&sql) {
        Ok(()) => None,
        Err(err) => {
            let db = err.as_db_error().unwrap_or_else(|| panic!("{sql}: {err}"));
            Some((db.code().clone(), db.constraint().map(str::to_owned)))
        }
    }
}

#[test]
fn an_event_naming_no_operation_and_an_operation_with_events_removed_are_refused() {
    let Some(world) = World::new() else { return };
    world.run(&["add", "milk"]).code(0);
    world.run(&["add", "eggs"]).code(0);
    let before = world.sql(&format!(
        "SELECT count(*)::text FROM {s}.events",
        s = world.schema
    ));
    let fkey = Some((
        SqlState::FOREIGN_KEY_VIOLATION,
        Some("events_owner_id_op_id_fkey".to_owned()),
    ));
    let event = |op: &str, seq: i64| {
        format!(
            "({op}, {seq}, 1, 1, 'add', 'x', 'x', 1, 1)",
            op = op.replace("OP", "(SELECT min(id) FROM {schema}.operations)")
        )
    };
    let insert = |rows: &[String]| {
        format!(
            "INSERT INTO {{schema}}.events \
             (op_id, seq, at, item_id, kind, name_after, key_after, qty_after, created_at, owner_id) \
             SELECT v.*, (SELECT owner_id FROM {{schema}}.owners) FROM (VALUES {}) AS v",
            rows.join(", ")
        )
    };
    // One row, and one bad row among good ones: the statement is refused
    // whole.
    assert_eq!(refusal(&world, &insert(&[event("999999", 1)])), fkey);
    assert_eq!(
        refusal(
            &world,
            &insert(&[event("OP", 7), event("999999", 1), event("OP", 8)])
        ),
        fkey
    );
    // The operation an event names cannot go, by DELETE, a new key or
    // TRUNCATE.
    assert_eq!(
        refusal(
            &world,
            "DELETE FROM {schema}.operations WHERE id = (SELECT min(id) FROM {schema}.operations)"
        ),
        fkey
    );
    assert_eq!(
        refusal(&world, "UPDATE {schema}.operations SET id = id + 1000"),
        fkey
    );
    assert_eq!(refusal(&world, "TRUNCATE {schema}.operations"), fkey);
    assert_eq!(
        world.sql(&format!(
            "SELECT count(*)::text FROM {s}.events",
            s = world.schema
        )),
        before,
        "nothing was written"
    );
    // Rows that keep the rule are taken: an event of an operation that
    // exists, and an operation removed once it has no events.
    assert_eq!(refusal(&world, &insert(&[event("OP", 2)])), None);
    assert_eq!(
        refusal(
            &world,
            "DELETE FROM {schema}.events WHERE op_id = (SELECT max(id) FROM {schema}.operations); \
             DELETE FROM {schema}.operations WHERE id = (SELECT max(id) FROM {schema}.operations)"
        ),
        None
    );
    world.run(&["history"]).code(0);
}

#[test]
fn a_creation_run_is_held_to_the_same_rule_as_an_event() {
    let Some(world) = World::new() else { return };
    let rows = crate::harness::items_ndjson(3);
    Run::fed(
        world.command(&["-q", "import", "-"]),
        &rows,
        "import".into(),
    )
    .code(0);
    let runs = |world: &World| {
        world.sql(&format!(
            "SELECT count(*)::text FROM {s}.created_runs",
            s = world.schema
        ))
    };
    assert_eq!(runs(&world), ["1"], "the import is one run");
    let fkey = Some((
        SqlState::FOREIGN_KEY_VIOLATION,
        Some("events_owner_id_op_id_fkey".to_owned()),
    ));
    let run = |op: &str| {
        format!(
            "INSERT INTO {{schema}}.created_runs \
             (owner_id, op_id, first_seq, first_id, last_id, at, kind, states) \
             SELECT owner_id, {op}, 10, 100, 101, 1, 'import', '[]' FROM {{schema}}.owners"
        )
    };
    assert_eq!(refusal(&world, &run("999999")), fkey);
    // The import's operation: named by the run alone.
    let import_op = "(SELECT min(id) FROM {schema}.operations)";
    assert_eq!(
        refusal(
            &world,
            &format!("DELETE FROM {{schema}}.operations WHERE id = {import_op}")
        ),
        fkey
    );
    assert_eq!(
        refusal(&world, "UPDATE {schema}.operations SET id = id + 1000"),
        fkey
    );
    assert_eq!(refusal(&world, "TRUNCATE {schema}.operations"), fkey);
    assert_eq!(runs(&world), ["1"], "nothing was written");
    assert_eq!(
        world.json(&["history", "--json"]).as_array().unwrap().len(),
        3
    );
}
