//! The JSON Schema (draft 2020-12) of every command's JSON output, and the
//! exit-code table, as `countiq schema` prints them. CI jobs validate
//! CountIQ's output against this document; a test does the same with real
//! output.

use clap::ValueEnum;
use serde_json::{Value, json};

use crate::app::output::Format;
use crate::cli;
use crate::domain::{
    ErrorKind, Event, Item, MAX_CODE_CHARS, MAX_ITEM_NAME_CHARS, MAX_NOTE_CHARS,
    MAX_OWNER_NAME_CHARS, MAX_TAG_CHARS, MAX_UNIT_CHARS, Outcome, OwnerItems, Quantity,
};

/// One row of the exit-code table.
struct ExitCode {
    code: u8,
    /// The `kind` of the JSON error line; `None` where no error is reported.
    kind: Option<&'static str>,
    meaning: &'static str,
}

/// Every exit code, in numeric order.
fn exit_codes() -> Vec<ExitCode> {
    let mut codes = vec![
        ExitCode {
            code: Outcome::Success.exit_code(),
            kind: None,
            meaning: "success",
        },
        ExitCode {
            code: Outcome::BelowMinimum.exit_code(),
            kind: None,
            meaning: "low --check found items below their reorder level",
        },
    ];
    codes.extend(ErrorKind::ALL.iter().map(|kind| ExitCode {
        code: kind.exit_code(),
        kind: Some(kind.as_str()),
        meaning: kind.meaning(),
    }));
    codes.sort_by_key(|c| c.code);
    codes
}

/// The whole document. Each entry of `commands` describes the output of
/// `--format json`; with `--format ndjson` each line is one element of the
/// array (or the object itself, for commands that print one).
#[must_use]
pub fn document() -> Value {
    let exit_codes: Vec<Value> = exit_codes()
        .iter()
        .map(|c| json!({ "code": c.code, "kind": c.kind, "meaning": c.meaning }))
        .collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:countiq:schema:1",
        "title": "CountIQ JSON output",
        "description": "The output of each command with --format json; with --format ndjson each line is one array element (or the one object). Objects may gain fields in later versions; none is renamed or removed. With --fields (list, low and export: item fields; history: event fields), each object holds only the fields chosen, in the order given; `fields` lists the names each shape offers.",
        "$defs": defs(),
        "commands": commands(),
        "fields": { "item": Item::FIELDS, "event": Event::FIELDS },
        "exit_codes": exit_codes
    })
}

fn array_of(def: &str) -> Value {
    json!({ "type": "array", "items": { "$ref": format!("#/$defs/{def}") } })
}

fn one(def: &str) -> Value {
    json!({ "$ref": format!("#/$defs/{def}") })
}

/// The shapes commands share: item, event, error, a setting's source.
fn defs() -> Value {
    let max = Quantity::MAX.get();
    // Each kind with its own exit code; usage errors are never JSON.
    let error_kinds: Vec<Value> = exit_codes()
        .iter()
        .filter_map(|c| Some((c.kind?, c.code)))
        .filter(|(kind, _)| *kind != ErrorKind::Usage.as_str())
        .map(|(kind, code)| {
            json!({ "properties": { "kind": { "const": kind }, "exit_code": { "const": code } } })
        })
        .collect();
    let mut defs = json!({
        "timestamp": {
            "type": "string",
            "description": "RFC 3339, UTC, milliseconds",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$"
        },
        "quantity": { "type": "integer", "minimum": 0, "maximum": max },
        "error": {
            "description": "Printed on stderr (one line) for every error but usage errors, under --format json or ndjson",
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["kind", "message", "exit_code"],
                    "properties": {
                        "kind": { "type": "string" },
                        "message": { "type": "string" },
                        "exit_code": { "type": "integer" }
                    },
                    "oneOf": error_kinds
                }
            }
        },
        "source": {
            "description": "Where a setting came from: its flag, its environment variable, the config file, or the default",
            "type": "string",
            "pattern": "^(flag|env COUNTIQ_[A-Z_]+|config .+|default)$"
        }
    });
    if let (Value::Object(defs), Value::Object(items)) = (&mut defs, item_defs()) {
        defs.extend(items);
    }
    defs
}

/// The shapes of an item, of what it carries, and of an event.
fn item_defs() -> Value {
    json!({
        "item": {
            "type": "object",
            "required": Item::FIELDS,
            "properties": {
                "id": { "type": "integer", "minimum": 1 },
                "owner": { "type": "string", "minLength": 1, "maxLength": MAX_OWNER_NAME_CHARS },
                "name": { "type": "string", "minLength": 1, "maxLength": MAX_ITEM_NAME_CHARS },
                "quantity": { "$ref": "#/$defs/quantity" },
                "created_at": { "$ref": "#/$defs/timestamp" },
                "updated_at": { "$ref": "#/$defs/timestamp" },
                "unit": { "type": ["string", "null"], "minLength": 1, "maxLength": MAX_UNIT_CHARS },
                "min": { "anyOf": [{ "$ref": "#/$defs/quantity" }, { "type": "null" }] },
                "location": { "anyOf": [{ "$ref": "#/$defs/location" }, { "type": "null" }] },
                "tags": { "$ref": "#/$defs/tags" },
                "code": { "anyOf": [{ "$ref": "#/$defs/code" }, { "type": "null" }] },
                "note": { "type": ["string", "null"], "minLength": 1, "maxLength": MAX_NOTE_CHARS }
            }
        },
        "location": {
            "description": "Segments joined by '/', each normalised like a name; compared ignoring case",
            "type": "string",
            "minLength": 1
        },
        "tags": {
            "description": "Unique ignoring case, sorted by their lowercased form",
            "type": "array",
            "items": { "type": "string", "minLength": 1, "maxLength": MAX_TAG_CHARS, "pattern": "^[^,]+$" }
        },
        "code": {
            "description": "A barcode or SKU: printable ASCII without spaces, unique per owner, compared exactly",
            "type": "string",
            "pattern": "^[!-~]+$",
            "minLength": 1,
            "maxLength": MAX_CODE_CHARS
        },
        "event": {
            "type": "object",
            "required": Event::FIELDS,
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
                "actor": { "type": "string" },
                "location_before": { "anyOf": [{ "$ref": "#/$defs/location" }, { "type": "null" }] },
                "location_after": { "anyOf": [{ "$ref": "#/$defs/location" }, { "type": "null" }] },
                "tags_before": { "anyOf": [{ "$ref": "#/$defs/tags" }, { "type": "null" }] },
                "tags_after": { "anyOf": [{ "$ref": "#/$defs/tags" }, { "type": "null" }] },
                "code_before": { "anyOf": [{ "$ref": "#/$defs/code" }, { "type": "null" }] },
                "code_after": { "anyOf": [{ "$ref": "#/$defs/code" }, { "type": "null" }] },
                "note_before": { "type": ["string", "null"] },
                "note_after": { "type": ["string", "null"] }
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
        "owners": owners(),
        "history": array_of("event"),
        "move": one("item"),
        "tag": one("item"),
        "untag": one("item"),
        "locations": locations(),
        "scan": scan(),
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
            "required": ["ops", "rows", "created", "replaced", "skipped", "added"],
            "properties": {
                "ops": { "type": "array", "items": { "type": "integer", "minimum": 1 } },
                "rows": { "type": "integer", "minimum": 0 },
                "created": { "type": "integer", "minimum": 0 },
                "replaced": { "type": "integer", "minimum": 0 },
                "skipped": { "type": "integer", "minimum": 0 },
                "added": { "type": "integer", "minimum": 0 }
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
        "doctor": {
            "description": "On SQLite, the file's report; on PostgreSQL, the server's (backend \"postgres\")",
            "oneOf": [doctor(), server_doctor()]
        },
        "admin-enforce-owners": {
            "type": "object",
            "required": ["schema", "users_role", "created_role", "owners"],
            "properties": {
                "schema": { "type": "string", "minLength": 1 },
                "users_role": { "type": "string", "minLength": 1 },
                "created_role": { "type": "boolean" },
                "owners": { "type": "array", "items": { "type": "string" } }
            }
        },
        "admin-migrate": {
            "type": "object",
            "required": ["backend", "from", "to"],
            "properties": {
                "backend": { "enum": ["sqlite", "postgres"] },
                "from": { "type": "integer", "minimum": 0 },
                "to": { "type": "integer", "minimum": 1 }
            }
        },
        "config-show": config_show(),
        "copy": copy(),
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

/// `copy --json`: the two databases and how many rows of each kind were
/// copied.
fn copy() -> Value {
    let count = json!({ "type": "integer", "minimum": 0 });
    let end = |what: &str| {
        json!({
            "type": "string",
            "description": format!("The database {what}: a path, or a URL with its password replaced by ***")
        })
    };
    json!({
        "type": "object",
        "required": ["from", "to", "owners", "items", "operations", "events", "keys"],
        "properties": {
            "from": end("copied"),
            "to": end("written"),
            "owners": count,
            "items": count,
            "operations": count,
            "events": count,
            "keys": count
        }
    })
}

/// `doctor --json`: the report, printed whether or not the database is
/// healthy (exit 7 when it is not). Fields that could not be read are null.
fn doctor() -> Value {
    let maybe_count = json!({ "type": ["integer", "null"], "minimum": 0 });
    let maybe_text = json!({ "type": ["string", "null"] });
    json!({
        "type": "object",
        "required": ["path", "exists", "size_bytes", "schema_version", "binary_schema_version",
            "sqlite_version", "journal_mode", "synchronous", "wal_size_bytes",
            "wal_frames", "wal_pending_frames", "opened", "integrity_check", "owners",
            "problems"],
        "properties": {
            "path": { "type": "string" },
            "exists": { "type": "boolean" },
            "size_bytes": maybe_count,
            "schema_version": { "type": ["integer", "null"] },
            "binary_schema_version": { "type": "integer", "minimum": 1 },
            "sqlite_version": { "type": "string", "minLength": 1 },
            "journal_mode": maybe_text,
            "synchronous": { "type": "string" },
            "wal_size_bytes": maybe_count,
            "wal_frames": maybe_count,
            "wal_pending_frames": maybe_count,
            "opened": { "enum": ["read-only", "immutable: read-only storage with no WAL content, so no writer can exist"] },
            "integrity_check": maybe_text,
            "owners": owner_counts(),
            "problems": {
                "description": "What is wrong; empty when the database is healthy",
                "type": "array",
                "items": { "type": "string" }
            }
        }
    })
}

/// Items and events per owner, in either backend's `doctor` report.
fn owner_counts() -> Value {
    let count = json!({ "type": "integer", "minimum": 0 });
    json!({
        "type": "array",
        "items": {
            "type": "object",
            "required": ["owner", "items", "events"],
            "properties": {
                "owner": { "type": "string", "minLength": 1 },
                "items": count,
                "events": count
            }
        }
    })
}

/// `doctor --json` on a PostgreSQL server.
fn server_doctor() -> Value {
    json!({
        "type": "object",
        "required": ["backend", "url", "server_version", "schema", "schema_version",
            "binary_schema_version", "tls", "role", "superuser", "constraints",
            "row_level_security", "enforced_owners", "owners", "problems"],
        "properties": {
            "backend": { "const": "postgres" },
            "url": { "type": "string", "description": "The URL, its password replaced by ***" },
            "server_version": { "type": ["string", "null"] },
            "schema": { "type": "string", "minLength": 1 },
            "schema_version": { "type": ["integer", "null"] },
            "binary_schema_version": { "type": "integer", "minimum": 1 },
            "tls": { "type": "string", "description": "off, or on and what was verified" },
            "role": { "type": ["string", "null"] },
            "superuser": { "type": ["boolean", "null"] },
            "constraints": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "ok"],
                    "properties": { "name": { "type": "string" }, "ok": { "type": "boolean" } }
                }
            },
            "row_level_security": { "type": "array", "items": { "type": "string" } },
            "enforced_owners": {
                "type": "boolean",
                "description": "owners are database roles, enforced by row-level security on every table"
            },
            "owners": owner_counts(),
            "problems": { "type": "array", "items": { "type": "string" } }
        }
    })
}

/// The names clap accepts for a value enum.
fn names<T: ValueEnum>() -> Vec<String> {
    T::value_variants()
        .iter()
        .filter_map(|v| Some(v.to_possible_value()?.get_name().to_owned()))
        .collect()
}

/// `config show --json`: each setting's value and source.
fn config_show() -> Value {
    let setting = |value: Value| {
        json!({
            "type": "object",
            "required": ["value", "source"],
            "properties": { "value": value, "source": { "$ref": "#/$defs/source" } }
        })
    };
    json!({
        "type": "object",
        "required": ["db", "owner", "format", "busy_timeout", "pg_schema", "color", "log_format"],
        "properties": {
            "db": {
                "description": "null when there is no home directory to hold the default database",
                "anyOf": [setting(json!({ "type": "string", "minLength": 1 })), { "type": "null" }]
            },
            "owner": setting(json!({ "type": "string" })),
            "format": setting(json!({ "enum": Format::NAMES.map(|(name, _)| name) })),
            "busy_timeout": setting(json!({ "type": "integer", "minimum": 0 })),
            "pg_schema": setting(json!({ "type": "string", "minLength": 1 })),
            "color": setting(json!({ "enum": names::<cli::ColorChoice>() })),
            "log_format": setting(json!({ "enum": names::<cli::LogFormat>() }))
        }
    })
}

/// `locations`' output.
fn locations() -> Value {
    json!({
        "description": "Each location that directly holds items of the owner, in order ignoring case",
        "type": "array",
        "items": {
            "type": "object",
            "required": ["location", "items", "quantity"],
            "properties": {
                "location": { "$ref": "#/$defs/location" },
                "items": { "type": "integer", "minimum": 1 },
                "quantity": { "type": "integer", "minimum": 0 }
            }
        }
    })
}

/// `scan`'s output.
fn scan() -> Value {
    json!({
        "description": "One object per scanned line (--format ndjson prints one per line as it happens); exit is the status that line would have had as its own adjust",
        "type": "array",
        "items": {
            "type": "object",
            "required": ["line", "code", "exit", "id", "name", "quantity", "error", "item"],
            "properties": {
                "line": { "type": "integer", "minimum": 1 },
                "code": { "type": "string" },
                "exit": { "type": "integer" },
                "id": { "type": ["integer", "null"] },
                "name": { "type": ["string", "null"] },
                "quantity": { "anyOf": [{ "$ref": "#/$defs/quantity" }, { "type": "null" }] },
                "error": { "type": ["string", "null"] },
                "item": { "anyOf": [{ "$ref": "#/$defs/item" }, { "type": "null" }] }
            }
        }
    })
}

/// `owners`' output.
fn owners() -> Value {
    json!({
        "description": "Every owner in the database (on a server with enforced owners: those the role may act for), by name",
        "type": "array",
        "items": {
            "type": "object",
            "required": OwnerItems::FIELDS,
            "properties": {
                "owner": { "type": "string", "minLength": 1 },
                "items": { "type": "integer", "minimum": 0 }
            }
        }
    })
}
