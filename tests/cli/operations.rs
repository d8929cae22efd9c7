//! What an operator of cron and CI jobs sees: logs, doctor, the config file,
//! color.

use std::fs;

use serde_json::Value;

use crate::util::{Backend, Env, Run, WriteLock};

/// Runs with extra environment variables.
fn run_with(env: &Env, vars: &[(&str, &str)], args: &[&str]) -> Run {
    let mut cmd = env.command(args);
    for (name, value) in vars {
        cmd.env(name, value);
    }
    env.run_command(cmd, None)
}

/// The JSON log lines on stderr, each parsed; panics on a line that is not JSON.
fn json_logs(run: &Run) -> Vec<Value> {
    run.stderr
        .lines()
        .filter(|line| line.starts_with('{') && line.contains("\"level\""))
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}\n{run}")))
        .collect()
}

fn closing_event(run: &Run) -> Value {
    let logs = json_logs(run);
    let finished: Vec<&Value> = logs
        .iter()
        .filter(|e| e["fields"]["message"] == "command finished")
        .collect();
    assert_eq!(finished.len(), 1, "exactly one closing event\n{run}");
    finished[0]["fields"].clone()
}

#[test]
fn every_command_ends_with_one_structured_event_in_json_logs() {
    let env = Env::new();
    let run = env
        .run(&["-v", "--log-format", "json", "add", "milk", "--qty", "2"])
        .success();
    let event = closing_event(&run);
    assert_eq!(event["command"], "add");
    assert_eq!(event["owner"], "alice");
    assert_eq!(event["db"], env.shown_db());
    assert_eq!(event["op"], 1);
    assert_eq!(event["changed"], 1);
    assert_eq!(event["outcome"], "success");
    assert_eq!(event["exit_code"], 0);
    assert!(
        event["lock_wait_ms"].as_f64().is_some_and(|ms| ms >= 0.0),
        "{event}"
    );
    assert!(
        event["duration_ms"].as_f64().is_some_and(|ms| ms > 0.0),
        "{event}"
    );
    // Every stderr line is a JSON log line: nothing else is mixed in.
    assert_eq!(json_logs(&run).len(), run.stderr.lines().count(), "{run}");
}

#[test]
fn failures_end_with_the_same_event_carrying_their_kind_and_exit_code() {
    let env = Env::new();
    env.add("milk", 1);
    let bad_db = env.dir().join("not-a-db");
    fs::write(&bad_db, "x".repeat(4096)).unwrap();
    let cases: [(&[&str], &str, i64); 5] = [
        (&["remove", "bread"], "not_found", 3),
        (&["add", "MILK"], "conflict", 4),
        (&["adjust", "milk", "-5"], "invalid", 5),
        (&["--db", bad_db.to_str().unwrap(), "list"], "database", 7),
        (&["--busy-timeout", "50", "add", "tea"], "busy", 6),
    ];
    for (args, kind, code) in cases {
        let mut all = vec!["-v", "--log-format", "json"];
        all.extend_from_slice(args);
        let lock = (kind == "busy").then(|| WriteLock::take(&env));
        let run = env.run(&all).code(i32::try_from(code).unwrap());
        drop(lock);
        let event = closing_event(&run);
        assert_eq!(
            (event["outcome"].as_str(), event["exit_code"].as_i64()),
            (Some(kind), Some(code)),
            "{run}"
        );
        if kind == "busy" {
            assert!(event["lock_wait_ms"].as_f64().unwrap() >= 40.0, "{event}");
        }
    }
    assert!(env.has_database());
}

#[test]
fn stdout_is_byte_for_byte_the_same_with_and_without_the_most_verbose_logs() {
    let env = Env::new();
    env.add("milk", 2);
    env.add("bread", 1);
    for args in [
        &["list"][..],
        &["--json", "list"],
        &["--format", "csv", "history"],
        &["show", "milk"],
    ] {
        let quiet = env.run(args).success();
        let mut loud_args = vec!["-vvv"];
        loud_args.extend_from_slice(args);
        let loud = env.run(&loud_args).success();
        assert!(loud.stdout == quiet.stdout, "{args:?}\n{loud}");
        assert_eq!(quiet.stderr, "", "{quiet}");
        assert!(
            loud.stderr.contains(" TRACE ") || loud.stderr.contains(" DEBUG "),
            "{loud}"
        );
    }
}

#[test]
fn debug_logs_trace_each_transition_with_its_before_and_after() {
    let env = Env::new();
    env.add("milk", 4);
    let run = env
        .run(&["-vv", "--log-format", "json", "adjust", "milk", "+3"])
        .success();
    let transitions: Vec<Value> = json_logs(&run)
        .into_iter()
        .filter(|e| e["fields"]["message"] == "transition")
        .collect();
    assert_eq!(transitions.len(), 1, "{run}");
    let fields = &transitions[0]["fields"];
    assert_eq!(fields["kind"], "adjust");
    let before = fields["before"].as_str().unwrap();
    let after = fields["after"].as_str().unwrap();
    assert!(before.contains("quantity: Quantity(4)"), "{before}");
    assert!(after.contains("quantity: Quantity(7)"), "{after}");
}

#[test]
fn with_logging_off_nothing_extra_is_printed() {
    let env = Env::new();
    let run = run_with(&env, &[("COUNTIQ_LOG", "off")], &["add", "milk"]).success();
    assert_eq!(run.stderr, "");
    let run = run_with(&env, &[("COUNTIQ_LOG", "off")], &["add", "milk"]).code(4);
    assert_eq!(
        run.stderr,
        "countiq: error: an item named \"milk\" already exists for owner \"alice\"\n"
    );
}

#[test]
fn doctor_reports_a_healthy_database_and_never_writes_sqlite_only() {
    let env = Env::sqlite();
    env.add("milk", 2);
    env.run(&["--owner", "bob", "add", "tea"]).success();
    env.ok(&["adjust", "milk", "+1"]);
    let before = fs::read(env.db()).unwrap();
    let report = env.json(&["doctor"]);
    assert!(
        fs::read(env.db()).unwrap() == before,
        "doctor wrote to the database"
    );
    assert_eq!(report["path"], env.db().display().to_string());
    assert_eq!(report["exists"], true);
    assert_eq!(report["schema_version"], countiq::db::LATEST_VERSION);
    assert_eq!(report["binary_schema_version"], countiq::db::LATEST_VERSION);
    assert_eq!(report["journal_mode"], "wal");
    assert_eq!(report["synchronous"], "full");
    assert_eq!(report["integrity_check"], "ok");
    assert_eq!(report["sqlite_version"], rusqlite::version());
    assert_eq!(report["size_bytes"], fs::metadata(env.db()).unwrap().len());
    assert_eq!(
        report["owners"],
        serde_json::json!([
            {"owner": "alice", "items": 1, "events": 2},
            {"owner": "bob", "items": 1, "events": 1}
        ])
    );
    assert_eq!(report["problems"], serde_json::json!([]));
    let table = env.ok(&["doctor"]);
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("integrity") && l.ends_with("ok")),
        "{table}"
    );
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("status") && l.ends_with("healthy")),
        "{table}"
    );
}

#[test]
fn doctor_on_a_corrupt_database_exits_7_with_its_findings_sqlite_only() {
    let env = Env::sqlite();
    for i in 0..200 {
        env.ok(&["-q", "add", &format!("item {i:03}")]);
    }
    // Everything into the main file, which is what gets damaged.
    crate::util::checkpoint_and_close(env.db());
    let mut bytes = fs::read(env.db()).unwrap();
    let len = bytes.len();
    for (i, byte) in bytes.iter_mut().enumerate().skip(len / 2).take(4096) {
        *byte = (i * 31 % 251) as u8;
    }
    fs::write(env.db(), &bytes).unwrap();
    let run = env.run(&["--json", "doctor"]).code(7);
    let report = run.json();
    assert_ne!(report["problems"], serde_json::json!([]), "{run}");
    assert_ne!(report["integrity_check"], "ok", "{run}");
    assert!(run.stderr.contains("\"kind\":\"database\""), "{run}");
    assert!(
        fs::read(env.db()).unwrap() == bytes,
        "doctor wrote to a corrupt file"
    );
}

#[test]
fn doctor_on_a_missing_database_says_so_and_creates_nothing_sqlite_only() {
    let env = Env::sqlite();
    let report = env.json(&["doctor"]);
    assert_eq!(report["exists"], false);
    assert_eq!(report["problems"], serde_json::json!([]));
    assert!(!env.has_database());
    let run = env
        .run(&["--db", env.dir().to_str().unwrap(), "doctor"])
        .code(7);
    assert!(run.stdout.contains("is a directory"), "{run}");
}

/// Writes a config file into the test's directory and returns its path.
fn config(env: &Env, text: &str) -> String {
    env.write("config.toml", text);
    env.dir().join("config.toml").display().to_string()
}

#[test]
fn settings_come_from_flag_then_environment_then_config_file_then_default() {
    let env = Env::new();
    let file = config(
        &env,
        "owner = \"carol\"\nformat = \"csv\"\nbusy_timeout = 250\ncolor = \"never\"\n",
    );
    let show = |vars: &[(&str, &str)], args: &[&str]| -> Value {
        let mut all = vec!["config", "show", "--format", "json"];
        all.extend_from_slice(args);
        let mut vars = vars.to_vec();
        vars.push(("COUNTIQ_CONFIG", file.as_str()));
        let mut cmd = env.command(&all);
        cmd.env_remove("COUNTIQ_OWNER");
        for (name, value) in &vars {
            cmd.env(name, value);
        }
        env.run_command(cmd, None).success().json()
    };
    let from_file = format!("config {file}");
    // Config file beats the defaults.
    let shown = show(&[], &[]);
    assert_eq!(
        shown["owner"],
        serde_json::json!({"value": "carol", "source": from_file})
    );
    assert_eq!(
        shown["busy_timeout"],
        serde_json::json!({"value": 250, "source": from_file})
    );
    assert_eq!(
        shown["color"],
        serde_json::json!({"value": "never", "source": from_file})
    );
    // --format on the command line beats the file.
    assert_eq!(
        shown["format"],
        serde_json::json!({"value": "json", "source": "flag"})
    );
    // The environment beats the file, and a flag beats the environment.
    let shown = show(
        &[("COUNTIQ_OWNER", "dave"), ("COUNTIQ_BUSY_TIMEOUT", "99")],
        &[],
    );
    assert_eq!(
        shown["owner"],
        serde_json::json!({"value": "dave", "source": "env COUNTIQ_OWNER"})
    );
    assert_eq!(
        shown["busy_timeout"],
        serde_json::json!({"value": 99, "source": "env COUNTIQ_BUSY_TIMEOUT"})
    );
    let shown = show(&[("COUNTIQ_OWNER", "dave")], &["--owner", "erin"]);
    assert_eq!(
        shown["owner"],
        serde_json::json!({"value": "erin", "source": "flag"})
    );
    // The file's format applies to commands that do not say otherwise.
    let mut cmd = env.command(&["add", "milk"]);
    cmd.env("COUNTIQ_CONFIG", &file);
    let run = env.run_command(cmd, None).success();
    assert!(run.stdout.starts_with("id,owner,name,quantity,"), "{run}");
    assert!(
        run.stdout.contains(",alice,milk,1,"),
        "COUNTIQ_OWNER=alice beats the file\n{run}"
    );
}

#[test]
fn the_log_format_comes_from_flag_then_environment_then_config_file_then_default() {
    let env = Env::new();
    let file = config(&env, "log_format = \"json\"\n");
    let from_file = format!("config {file}");
    let run = |vars: &[(&str, &str)], args: &[&str]| -> Run {
        let mut cmd = env.command(args);
        for (name, value) in vars {
            cmd.env(name, value);
        }
        env.run_command(cmd, None).success()
    };
    let log_format = |vars: &[(&str, &str)], args: &[&str]| -> Value {
        let all = [&["--json", "config", "show"], args].concat();
        run(vars, &all).json()["log_format"].clone()
    };
    let with_file = [("COUNTIQ_CONFIG", file.as_str())];
    let with_file_and_env = [
        ("COUNTIQ_CONFIG", file.as_str()),
        ("COUNTIQ_LOG_FORMAT", "json"),
    ];
    assert_eq!(
        log_format(&[], &[]),
        serde_json::json!({"value": "text", "source": "default"})
    );
    assert_eq!(
        log_format(&with_file, &[]),
        serde_json::json!({"value": "json", "source": from_file})
    );
    assert_eq!(
        log_format(&with_file_and_env, &[]),
        serde_json::json!({"value": "json", "source": "env COUNTIQ_LOG_FORMAT"})
    );
    assert_eq!(
        log_format(&with_file_and_env, &["--log-format", "text"]),
        serde_json::json!({"value": "text", "source": "flag"})
    );
    // The file's log format is the one the logs are written in.
    let logged = run(&with_file, &["-v", "add", "milk"]);
    assert_eq!(
        closing_event(&logged)["command"],
        "add",
        "JSON logs from the config file\n{logged}"
    );
    let logged = run(&with_file, &["-v", "--log-format", "text", "list"]);
    assert!(json_logs(&logged).is_empty(), "{logged}");
    assert!(logged.stderr.contains("command finished"), "{logged}");
}

#[test]
fn config_show_lists_every_setting_with_its_source_in_both_forms() {
    let env = Env::new();
    let file = config(&env, "color = \"never\"\nlog_format = \"json\"\n");
    let mut cmd = env.command(&["config", "show", "--busy-timeout", "50"]);
    cmd.env("COUNTIQ_CONFIG", &file);
    let table = env.run_command(cmd, None).success();
    let rows: Vec<Vec<&str>> = table
        .stdout
        .lines()
        .map(|line| line.split_whitespace().collect())
        .collect();
    let db = env.shown_db();
    let pg_schema = match env.backend() {
        Backend::Sqlite => vec!["pg_schema", "countiq", "default"],
        Backend::Postgres => vec!["pg_schema", env.pg_schema(), "env", "COUNTIQ_PG_SCHEMA"],
    };
    let from_file = format!("config {file}");
    let expected: Vec<Vec<&str>> = vec![
        vec!["KEY", "VALUE", "SOURCE"],
        vec!["db", &db, "env", "COUNTIQ_DB"],
        vec!["owner", "alice", "env", "COUNTIQ_OWNER"],
        vec!["format", "table", "default"],
        vec!["busy_timeout", "50", "flag"],
        pg_schema,
        [
            &["color", "never"][..],
            &from_file.split(' ').collect::<Vec<_>>(),
        ]
        .concat(),
        [
            &["log_format", "json"][..],
            &from_file.split(' ').collect::<Vec<_>>(),
        ]
        .concat(),
    ];
    assert_eq!(rows, expected, "{table}");
    let mut cmd = env.command(&["config", "show", "--json"]);
    cmd.env("COUNTIQ_CONFIG", &file);
    let shown = env.run_command(cmd, None).success().json();
    let keys: Vec<&String> = shown.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "busy_timeout",
            "color",
            "db",
            "format",
            "log_format",
            "owner",
            "pg_schema"
        ],
        "{shown}"
    );
}

#[test]
fn the_default_config_file_is_read_from_the_xdg_config_home() {
    let env = Env::new();
    let home = env.dir().join("xdg");
    fs::create_dir_all(home.join("countiq")).unwrap();
    fs::write(home.join("countiq/config.toml"), "format = \"ndjson\"\n").unwrap();
    let run = run_with(
        &env,
        &[("XDG_CONFIG_HOME", home.to_str().unwrap())],
        &["add", "milk"],
    )
    .success();
    let item: Value = serde_json::from_str(run.stdout.trim_end()).unwrap();
    assert_eq!(item["name"], "milk");
    // A missing default file is fine; a missing --config file is not.
    env.run(&["list"]).success();
    let missing = env.dir().join("nope.toml");
    let run = env
        .run(&["--config", missing.to_str().unwrap(), "list"])
        .code(2);
    assert!(run.stderr.contains("cannot be read"), "{run}");
}

#[test]
fn unknown_keys_and_bad_values_in_the_config_file_are_usage_errors_naming_both() {
    let env = Env::new();
    for (text, key) in [
        ("colour = \"never\"\n", "colour"),
        ("format = \"xml\"\n", "format"),
        ("busy_timeout = \"soon\"\n", "busy_timeout"),
        ("color = 3\n", "color"),
        ("log_format = \"yaml\"\n", "log_format"),
    ] {
        let file = config(&env, text);
        for format in ["table", "json"] {
            let run = env
                .run(&["--config", &file, "--format", format, "list"])
                .code(2);
            assert_eq!(run.stdout, "", "{run}");
            let line = run.stderr.trim_end();
            assert!(
                line.starts_with("countiq: error: config file "),
                "usage errors are never JSON\n{run}"
            );
            assert!(
                line.contains(&format!("{file:?}")) && line.contains(&format!("{key:?}")),
                "{run}"
            );
        }
    }
    assert!(!env.has_database());
}

#[test]
fn color_never_appears_when_stdout_is_not_a_terminal_unless_always() {
    let env = Env::new();
    env.add("milk", 2);
    let plain = env.run(&["list"]).success();
    assert!(!plain.stdout.contains('\u{1b}'), "{plain}");
    let auto = env.run(&["--color", "auto", "list"]).success();
    assert!(!auto.stdout.contains('\u{1b}'), "{auto}");
    let always = env.run(&["--color", "always", "list"]).success();
    assert!(always.stdout.contains("\u{1b}[1m"), "{always}");
    let error = env.run(&["--color", "always", "add", "milk"]).code(4);
    assert!(
        error
            .stderr
            .starts_with("countiq: \u{1b}[1;31merror:\u{1b}[0m "),
        "{error}"
    );
    let never = run_with(
        &env,
        &[("COUNTIQ_COLOR", "always")],
        &["--color", "never", "list"],
    )
    .success();
    assert!(!never.stdout.contains('\u{1b}'), "{never}");
    // NO_COLOR turns auto off; `always` still wins, as asked explicitly.
    let no_color = run_with(&env, &[("NO_COLOR", "1")], &["list"]).success();
    assert!(!no_color.stdout.contains('\u{1b}'), "{no_color}");
}

/// Runs `countiq ARGS` with a terminal for its output (`script` allocates
/// one) and returns everything the terminal showed, or `None` when
/// `script` is missing (saying so; CI requires it).
fn on_a_terminal(env: &Env, args: &str) -> Option<String> {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("COUNTIQ_REQUIRE_TOOLS").is_none(),
            "script is required here (COUNTIQ_REQUIRE_TOOLS is set) but not installed"
        );
        eprintln!("skipping: script (util-linux) is not installed, so no terminal can be opened");
        return None;
    }
    let line = format!("{} {args}", crate::util::binary().display());
    let output = env
        .program("script")
        .args(["-qec", &line, "/dev/null"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn a_long_import_shows_its_progress_on_a_terminal_and_only_there() {
    let env = Env::new();
    let rows = (0..200_000)
        .map(|i| format!("{{\"name\":\"item {i}\"}}"))
        .collect::<Vec<_>>()
        .join(
            "
",
        );
    env.write("rows.ndjson", &rows);
    let file = env.dir().join("rows.ndjson");
    let Some(screen) = on_a_terminal(&env, &format!("import {}", file.display())) else {
        return;
    };
    assert!(
        screen.contains(" rows, "),
        "no progress line on the terminal:\n{screen}"
    );
    assert!(screen.contains("imported 200000 rows"), "{screen}");
    // The same import without a terminal prints no progress at all.
    let other = Env::new();
    other.write("rows.ndjson", &rows);
    let run = other
        .run(&["import", other.dir().join("rows.ndjson").to_str().unwrap()])
        .success();
    assert_eq!(run.stderr, "", "{run}");
}

#[test]
fn an_empty_or_overlong_idempotency_key_is_invalid_and_changes_nothing() {
    let env = Env::new();
    env.add("milk", 1);
    let before = env.state();
    let long = "k".repeat(257);
    for key in ["", long.as_str(), "a\nb"] {
        let run = env
            .run(&["--json", "--idempotency-key", key, "add", "bread"])
            .code(5);
        assert_eq!(run.json_error()["error"]["kind"], "invalid", "{run}");
        assert_eq!(env.state(), before);
    }
    env.run(&["--idempotency-key", &"k".repeat(256), "add", "bread"])
        .success();
    assert_eq!(env.items().as_array().map(Vec::len), Some(2));
}

#[test]
fn a_dry_run_on_a_database_that_does_not_exist_creates_nothing_sqlite_only() {
    let env = Env::sqlite();
    let db = env.dir().join("new/dir/inventory.db");
    let db = db.to_str().unwrap();
    let run = env
        .run(&[
            "--db",
            db,
            "--json",
            "--dry-run",
            "add",
            "milk",
            "--qty",
            "2",
        ])
        .success();
    assert_eq!(run.json()["quantity"], 2, "{run}");
    assert_eq!(run.stderr, "dry run: nothing was changed\n");
    assert!(
        !env.dir().join("new").exists(),
        "the dry run created a directory"
    );
    env.write("rows.ndjson", "{\"name\":\"a\"}\n");
    let rows = env.dir().join("rows.ndjson");
    env.run(&["--db", db, "--dry-run", "import", rows.to_str().unwrap()])
        .success();
    assert!(
        !env.dir().join("new").exists(),
        "the dry run created a directory"
    );
}

#[test]
fn a_dry_run_where_there_is_no_database_yet_creates_none() {
    let env = Env::new();
    env.write("rows.ndjson", "{\"name\":\"a\"}\n");
    env.write("changes.ndjson", "{\"op\":\"add\",\"name\":\"b\"}\n");
    for args in [
        &["--dry-run", "add", "milk", "--qty", "2"][..],
        &["--dry-run", "import", "rows.ndjson"],
        &["--dry-run", "apply", "changes.ndjson"],
    ] {
        let run = env.run(args).success();
        assert_eq!(run.stderr, "dry run: nothing was changed\n", "{run}");
        assert!(
            !env.has_database(),
            "the dry run created the database\n{run}"
        );
    }
    assert_eq!(env.items(), serde_json::json!([]));
}

#[test]
fn reports_that_cannot_be_written_are_an_error_not_a_silent_success() {
    if !std::path::Path::new("/dev/full").exists() {
        eprintln!("skipping: there is no /dev/full to write to");
        return;
    }
    let env = Env::new();
    env.add("milk", 1);
    for args in [&["doctor"][..], &["config", "show"], &["schema"], &["list"]] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let mut cmd = env.command(args);
        cmd.stdout(full);
        let output = cmd.output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}: {output:?}");
    }
}
