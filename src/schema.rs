//! The JSON Schema (draft 2020-12) of every command's JSON output, and the
//! exit-code table, as `countiq schema` prints them. CI jobs validate
//! CountIQ's output against this document; a test does the same with real
//! output.

use serde_json::{Value, json};

use crate::domain::{
    ErrorKind, MAX_ITEM_NAME_CHARS, MAX_OWNER_NAME_CHARS, MAX_UNIT_CHARS, Outcome, Quantity,
};

/// The whole document. Each entry of `commands` describes the output of
/// `--format json`; with `--format ndjson` each line is one element of the
/// array (or the object itself, for commands that print one).
#[must_use]
pub fn document() -> Value {
    let mut exit_codes =
        vec![json!({ "code": Outcome::Success.exit_code(), "kind": null, "meaning": "success" })];
    exit_codes.extend(ErrorKind::ALL.iter().map(|kind| {
        json!({ "code": kind.exit_code(), "kind": kind.as_str(), "meaning": kind.meaning() })
    }));
    exit_codes.push(json!({
        "code": Outcome::BelowMinimum.exit_code(),
        "kind": null,
        "meaning": "low --check found items below their reorder level"
    }));
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:countiq:schema:1",
        "title": "CountIQ JSON output",
        "description": "The output of each command with --format json; with --format ndjson each line is one array element (or the one object). Objects may gain fields in later versions; none is renamed or removed.",
        "$defs": defs(),
        "commands": commands(),
        "exit_codes": exit_codes
    })
}

fn array_of(def: &str) -> Value {
    json!({ "type": "array", "items": { "$ref": format!("#/$defs/{def}") } })
}

fn one(def: &str) -> Value {
    json!({ "$ref": format!("#/$defs/{def}") })
}

/// The shapes commands share: item, event, error.
fn defs() -> Value {
    let max = Quantity::MAX.get();
    let error_kinds: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.as_str()).collect();
    let error_codes: Vec<u8> = ErrorKind::ALL.iter().map(|k| k.exit_code()).collect();
    json!({
        "timestamp": {
            "type": "string",
            "description": "RFC 3339, UTC, milliseconds",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$"
        },
        "quantity": { "type": "integer", "minimum": 0, "maximum": max },
        "item": {
            "type": "object",
            "required": ["id", "owner", "name", "quantity", "created_at", "updated_at", "unit", "min"],
            "properties": {
                "id": { "type": "integer", "minimum": 1 },
                "owner": { "type": "string", "minLength": 1, "maxLength": MAX_OWNER_NAME_CHARS },
                "name": { "type": "string", "minLength": 1, "maxLength": MAX_ITEM_NAME_CHARS },
                "quantity": { "$ref": "#/$defs/quantity" },
                "created_at": { "$ref": "#/$defs/timestamp" },
                "updated_at": { "$ref": "#/$defs/timestamp" },
                "unit": { "type": ["string", "null"], "minLength": 1, "maxLength": MAX_UNIT_CHARS },
                "min": { "anyOf": [{ "$ref": "#/$defs/quantity" }, { "type": "null" }] }
            }
        },
        "event": {
            "type": "object",
            "required": ["op", "seq", "at", "item_id", "kind", "name_before", "name_after",
                "qty_before", "qty_after", "unit_before", "unit_after", "min_before",
                "min_after", "owner", "reason", "actor"],
            "properties": {
                "op": { "type": "integer", "minimum": 1 },
                "seq": { "type": "integer", "minimum": 1 },
                "at": { "$ref": "#/$defs/timestamp" },
                "item_id": { "type": "integer", "minimum": 1 },
                "kind": { "type": "string" },
                "name_before": { "type": ["string", "null"] },
                "name_after": { "type": ["string", "null"] },
                "qty_before": { "anyOf": [{ "$ref": "#/$defs/quantity" }, { "type": "null" }] },
                "qty_after": { "anyOf": [{ "$ref": "#/$defs/quantity" }, { "type": "null" }] },
                "unit_before": { "type": ["string", "null"] },
                "unit_after": { "type": ["string", "null"] },
                "min_before": { "anyOf": [{ "$ref": "#/$defs/quantity" }, { "type": "null" }] },
                "min_after": { "anyOf": [{ "$ref": "#/$defs/quantity" }, { "type": "null" }] },
                "owner": { "type": "string" },
                "reason": { "type": ["string", "null"] },
                "actor": { "type": "string" }
            }
        },
        "error": {
            "description": "Printed on stderr (one line) for every error but usage errors, under --format json or ndjson",
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["kind", "message", "exit_code"],
                    "properties": {
                        "kind": { "enum": error_kinds },
                        "message": { "type": "string" },
                        "exit_code": { "enum": error_codes }
                    }
                }
            }
        }
    })
}

/// Each command's output under `--format json`.
fn commands() -> Value {
    json!({
        "add": one("item"),
        "rename": one("item"),
        "edit": one("item"),
        "adjust": one("item"),
        "set": one("item"),
        "count": one("item"),
        "list": array_of("item"),
        "low": array_of("item"),
        "remove": array_of("item"),
        "export": array_of("item"),
        "history": array_of("event"),
        "undo": {
            "type": "object",
            "required": ["op", "undid", "command", "events"],
            "properties": {
                "op": { "type": "integer", "minimum": 1 },
                "undid": { "type": "integer", "minimum": 1 },
                "command": { "type": "string" },
                "events": array_of("event")
            }
        },
        "show": {
            "type": "object",
            "required": ["item", "events", "series", "sparkline"],
            "properties": {
                "item": one("item"),
                "events": array_of("event"),
                "series": { "type": "array", "items": { "$ref": "#/$defs/quantity" } },
                "sparkline": { "type": "string" }
            }
        },
        "import": {
            "type": "object",
            "required": ["ops", "rows", "created", "replaced", "skipped"],
            "properties": {
                "ops": { "type": "array", "items": { "type": "integer", "minimum": 1 } },
                "rows": { "type": "integer", "minimum": 0 },
                "created": { "type": "integer", "minimum": 0 },
                "replaced": { "type": "integer", "minimum": 0 },
                "skipped": { "type": "integer", "minimum": 0 }
            }
        },
        "apply": {
            "type": "object",
            "required": ["op", "lines", "changed"],
            "properties": {
                "op": { "type": ["integer", "null"], "minimum": 1 },
                "lines": { "type": "integer", "minimum": 0 },
                "changed": { "type": "integer", "minimum": 0 }
            }
        },
        "backup": {
            "type": "object",
            "required": ["dest", "bytes", "pages"],
            "properties": {
                "dest": { "type": "string" },
                "bytes": { "type": "integer", "minimum": 0 },
                "pages": { "type": "integer", "minimum": 0 }
            }
        },
        "error": one("error")
    })
}
