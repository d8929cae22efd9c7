//! Names that cannot hide characters (contract section 2, hardening): new
//! item names, owner names and units refuse invisible format characters,
//! names stored before still resolve; and numbers take at most the one
//! sign they are allowed.

use serde_json::json;

use crate::util::{Backend, Env, quote_identifier};

/// A format character of each kind a new name may not hide: zero width
/// space, word joiner, byte order mark, soft hyphen, right-to-left
/// override, left-to-right isolate, Arabic letter mark, left-to-right mark.
const HIDDEN: [char; 8] = [
    '\u{200b}', '\u{2060}', '\u{feff}', '\u{ad}', '\u{202e}', '\u{2066}', '\u{61c}', '\u{200e}',
];

/// The error line for `text` refused as a new `what` for its character `c`.
fn hidden_error(what: &str, text: &str, c: char) -> String {
    format!(
        "countiq: error: invalid {what} {text:?}: contains the invisible format character U+{:04X}\n",
        u32::from(c)
    )
}

/// Gives alice items named and measured as an earlier CountIQ could store
/// them, with format characters in them, written straight into the
/// database: `milk` + ZERO WIDTH SPACE in `k` + RIGHT-TO-LEFT OVERRIDE + `g`,
/// and `tea` + WORD JOINER. (A PostgreSQL database never met an earlier
/// CountIQ, but another program may write such rows into it just the same.)
fn stored_before_the_rule(env: &Env) {
    env.add("bread", 1);
    let rows: [(&str, i64, Option<&str>); 2] = [
        ("milk\u{200b}", 4, Some("k\u{202e}g")),
        ("tea\u{2060}", 2, None),
    ];
    match env.backend() {
        Backend::Sqlite => {
            let conn = rusqlite::Connection::open(env.db()).expect("open the test database");
            let mut insert = conn
                .prepare(
                    "INSERT INTO items (owner_id, name, name_key, quantity, created_at, updated_at, unit) \
                     SELECT id, ?1, ?1, ?2, 1795627750123, 1795627750123, ?3 \
                     FROM owners WHERE name_key = 'alice'",
                )
                .expect("prepare the insert");
            for (name, quantity, unit) in rows {
                let inserted = insert
                    .execute(rusqlite::params![name, quantity, unit])
                    .expect("insert an item");
                assert_eq!(inserted, 1, "alice exists");
            }
        }
        Backend::Postgres => {
            let mut client = env.pg_client();
            let insert = format!(
                "INSERT INTO {schema}.items (owner_id, name, name_key, quantity, created_at, updated_at, unit) \
                 SELECT owner_id, $1, $1, $2, 1795627750123, 1795627750123, $3 \
                 FROM {schema}.owners WHERE name_key = 'alice'",
                schema = quote_identifier(env.pg_schema())
            );
            for (name, quantity, unit) in rows {
                let inserted = client
                    .execute(&insert, &[&name, &quantity, &unit])
                    .expect("insert an item");
                assert_eq!(inserted, 1, "alice exists");
            }
        }
    }
}

#[test]
fn an_item_name_with_a_hidden_character_is_invalid_and_nothing_is_created() {
    let fresh = Env::new();
    let run = fresh.run(&["add", "milk\u{200b}"]).code(5);
    assert_eq!(run.stdout, "", "{run}");
    assert_eq!(
        run.stderr,
        "countiq: error: invalid item name \"milk\\u{200b}\": contains the invisible format character U+200B\n",
        "{run}"
    );
    assert!(!fresh.has_database(), "a failed add created the database");

    let env = Env::new();
    env.add("bread", 1);
    let before = env.state();
    for c in HIDDEN {
        let name = format!("milk{c}");
        let run = env.run(&["add", &name]).code(5);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(run.stderr, hidden_error("item name", &name, c), "{run}");
    }
    assert_eq!(env.state(), before);
}

#[test]
fn renaming_to_a_name_with_a_hidden_character_is_invalid() {
    let env = Env::new();
    env.add("milk", 4);
    let before = env.state();
    let run = env.run(&["rename", "milk", "mi\u{202e}lk"]).code(5);
    assert_eq!(run.stdout, "", "{run}");
    assert_eq!(
        run.stderr,
        hidden_error("item name", "mi\u{202e}lk", '\u{202e}'),
        "{run}"
    );
    assert_eq!(env.state(), before);
}

#[test]
fn a_unit_with_a_bidi_override_is_invalid_and_changes_nothing() {
    let env = Env::new();
    env.add("milk", 4);
    let before = env.state();
    let unit = "k\u{202e}g";
    for args in [
        ["add", "eggs", "--unit", unit],
        ["edit", "milk", "--unit", unit],
    ] {
        let run = env.run(&args).code(5);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(run.stderr, hidden_error("unit", unit, '\u{202e}'), "{run}");
    }
    assert_eq!(env.state(), before);
}

#[test]
fn a_new_owner_name_with_a_hidden_character_is_invalid() {
    let env = Env::new();
    env.add("milk", 4);
    let before = env.state();
    let owner = "bob\u{feff}";
    let run = env.run(&["--owner", owner, "add", "milk"]).code(5);
    assert_eq!(run.stdout, "", "{run}");
    assert_eq!(
        run.stderr,
        hidden_error("owner name", owner, '\u{feff}'),
        "{run}"
    );
    assert_eq!(env.state(), before);
    assert_eq!(env.items_of(owner), json!([]));
}

#[test]
fn names_with_joined_emoji_joined_scripts_and_tag_flags_are_accepted() {
    let env = Env::new();
    let names = [
        // Woman scientist with a skin tone: joined by ZERO WIDTH JOINER.
        "\u{1f469}\u{1f3fd}\u{200d}\u{1f52c} kit",
        // Family: man, woman, girl.
        "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467} snacks",
        // Flag of England: black flag, the tags g b e n g, cancel tag.
        "\u{1f3f4}\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f} mugs",
        // Persian, with a ZERO WIDTH NON-JOINER.
        "\u{645}\u{6cc}\u{200c}\u{62e}\u{648}\u{627}\u{647}\u{645}",
    ];
    let rainbow = "\u{1f3f3}\u{fe0f}\u{200d}\u{1f308}";
    for name in names {
        let item = env.json(&["add", name, "--qty", "2", "--unit", rainbow]);
        assert_eq!(
            (&item["name"], &item["unit"]),
            (&json!(name), &json!(rainbow))
        );
        // Found again by the same text.
        let adjusted = env.json(&["adjust", name, "+3"]);
        assert_eq!(adjusted["quantity"], 5, "{name:?}");
    }
    let listed: Vec<_> = env
        .items()
        .as_array()
        .expect("an array of items")
        .iter()
        .map(|i| i["name"].clone())
        .collect();
    assert_eq!(listed.len(), names.len());
    for name in names {
        assert!(listed.contains(&json!(name)), "{name:?} not listed");
    }
}

#[test]
fn a_name_with_a_hidden_character_is_looked_up_not_refused() {
    let env = Env::new();
    env.add("milk", 4);
    let before = env.state();
    for args in [
        &["remove", "milk\u{200b}"][..],
        &["show", "milk\u{200b}"],
        &["adjust", "milk\u{200b}", "+1"],
    ] {
        let run = env.run(args).code(3);
        assert_eq!(
            run.stderr, "countiq: error: no item named \"milk\\u{200b}\" for owner \"alice\"\n",
            "{run}"
        );
    }
    assert_eq!(env.state(), before);
}

#[test]
fn items_stored_with_hidden_characters_before_the_rule_can_still_be_changed() {
    let env = Env::new();
    stored_before_the_rule(&env);
    let milk = "milk\u{200b}";
    let shown = env.json(&["show", milk]);
    assert_eq!(
        (&shown["item"]["name"], &shown["item"]["unit"]),
        (&json!(milk), &json!("k\u{202e}g"))
    );

    // An export of them imports back over them, skipped or replaced.
    let export = env.ok(&["--json", "export"]);
    env.write("items.json", &export);
    let before = env.items();
    for on_conflict in ["skip", "replace"] {
        env.run(&["import", "items.json", "--on-conflict", on_conflict])
            .success();
        let after = env.items();
        for (old, new) in before
            .as_array()
            .unwrap()
            .iter()
            .zip(after.as_array().unwrap())
        {
            for field in ["id", "name", "quantity", "unit", "min"] {
                assert_eq!(old[field], new[field], "{on_conflict}: {field}");
            }
        }
    }

    assert_eq!(env.json(&["adjust", milk, "+2"])["quantity"], 6);
    let renamed = env.json(&["rename", milk, "milk"]);
    assert_eq!(renamed["name"], "milk");
    env.run(&["remove", "tea\u{2060}"]).success();
    let names: Vec<_> = env
        .items()
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].clone())
        .collect();
    assert_eq!(names, [json!("bread"), json!("milk")]);
}

#[test]
fn a_change_with_a_doubled_sign_is_invalid_and_changes_nothing() {
    let env = Env::new();
    env.add("milk", 4);
    let before = env.state();
    for delta in ["++3", "-+2", "+-2", "+ 3"] {
        let run = env.run(&["adjust", "milk", delta]).code(5);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(
            run.stderr,
            format!(
                "countiq: error: invalid change {delta:?}: expected a whole number such as +3, -2 or 3, of at most 9007199254740991 either way\n"
            ),
            "{run}"
        );
    }
    assert_eq!(env.state(), before);
    assert_eq!(env.items()[0]["quantity"], 4);
}

#[test]
fn a_quantity_is_digits_only_without_a_sign() {
    let env = Env::new();
    env.add("milk", 4);
    let before = env.state();
    for args in [
        &["add", "eggs", "--qty", "+3"][..],
        &["set", "milk", "+3"],
        &["count", "milk", "++3"],
        &["set", "milk", "-+2"],
    ] {
        let quantity = args[args.len() - 1];
        let run = env.run(args).code(5);
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(
            run.stderr,
            format!(
                "countiq: error: invalid quantity {quantity:?}: expected a whole number from 0 to 9007199254740991\n"
            ),
            "{run}"
        );
    }
    let run = env.run(&["add", "eggs", "--min", "+2"]).code(5);
    assert_eq!(run.stdout, "", "{run}");
    assert_eq!(env.state(), before);
}

#[test]
fn import_and_apply_cannot_create_a_name_or_unit_with_a_hidden_character() {
    let env = Env::new();
    env.add("bread", 1);
    let state = env.state();
    for c in HIDDEN {
        for policy in ["fail", "skip", "replace"] {
            let rows = format!("{{\"name\":\"ok\"}}\n{{\"name\":\"milk{c}\"}}\n");
            let run = env
                .run_with_stdin(&["import", "-", "--on-conflict", policy], &rows)
                .code(5);
            assert!(run.stderr.starts_with("countiq: error: line 2: "), "{run}");
            let rows = format!("{{\"name\":\"milk\",\"unit\":\"k{c}g\"}}\n");
            env.run_with_stdin(&["import", "-", "--on-conflict", policy], &rows)
                .code(5);
        }
        for line in [
            format!("{{\"op\":\"add\",\"name\":\"milk{c}\"}}\n"),
            format!("{{\"op\":\"add\",\"name\":\"milk\",\"unit\":\"k{c}g\"}}\n"),
            format!("{{\"op\":\"rename\",\"name\":\"bread\",\"to\":\"bread{c}\"}}\n"),
        ] {
            let run = env.run_with_stdin(&["apply", "-"], &line).code(5);
            assert!(run.stderr.starts_with("countiq: error: line 1: "), "{run}");
        }
    }
    assert_eq!(env.state(), state);
}
