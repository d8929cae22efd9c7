//! Global options: where they go, their environment variables, their
//! defaults, usage errors and logging.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::util::{Env, Run, WriteLock};

/// Runs `countiq ARGS` with extra environment variables set (`Some`) or
/// removed (`None`) on top of the test's own settings.
fn run_with_env(env: &Env, vars: &[(&str, Option<&str>)], args: &[&str]) -> Run {
    let mut cmd = env.command(args);
    for (name, value) in vars {
        match value {
            Some(value) => cmd.env(name, value),
            None => cmd.env_remove(name),
        };
    }
    env.run_command(cmd, None)
}

#[test]
fn global_options_are_accepted_before_and_after_the_subcommand() {
    let env = Env::new();
    let milk = env.add("milk", 2);
    let bobs = env.json(&["add", "bread", "--owner", "bob"]);
    let before = env.run(&["--json", "list"]).success();
    let after = env.run(&["list", "--json"]).success();
    assert_eq!(before.stdout, after.stdout);
    assert_eq!(before.json(), json!([milk]));
    let before = env
        .run(&["--owner", "bob", "--format", "ndjson", "list"])
        .success();
    let after = env
        .run(&["list", "--format", "ndjson", "--owner", "bob"])
        .success();
    assert_eq!(before.stdout, after.stdout);
    assert_eq!(before.ndjson(), vec![bobs]);
}

#[test]
fn countiq_db_chooses_the_database_and_db_beats_it() {
    let env = Env::new();
    let other = env.dir().join("other.db");
    let other = other.to_str().unwrap();
    let milk = env.json(&["add", "milk", "--db", other]);
    assert!(!env.has_database(), "--db lost to COUNTIQ_DB");
    assert_eq!(env.json(&["list", "--db", other]), json!([milk]));
    // Without the flag, COUNTIQ_DB (set by the harness) is used.
    let bread = env.add("bread", 1);
    assert!(env.has_database());
    assert_eq!(env.items(), json!([bread]));
}

#[test]
fn countiq_owner_chooses_the_owner_and_owner_beats_it() {
    let env = Env::new();
    let bobs = run_with_env(
        &env,
        &[("COUNTIQ_OWNER", Some("bob"))],
        &["--json", "add", "milk"],
    )
    .success()
    .json();
    assert_eq!(bobs["owner"], json!("bob"));
    let alices = run_with_env(
        &env,
        &[("COUNTIQ_OWNER", Some("bob"))],
        &["--json", "add", "bread", "--owner", "alice"],
    )
    .success()
    .json();
    assert_eq!(alices["owner"], json!("alice"));
    assert_eq!(env.items_of("bob"), json!([bobs]));
    assert_eq!(env.items(), json!([alices]));
}

#[test]
fn the_default_owner_is_user_then_logname_then_default() {
    let env = Env::new();
    let no_owner = ("COUNTIQ_OWNER", None);
    let table = [
        (
            [no_owner, ("USER", Some("carol")), ("LOGNAME", Some("dave"))],
            "a",
            "carol",
        ),
        (
            [no_owner, ("USER", None), ("LOGNAME", Some("dave"))],
            "b",
            "dave",
        ),
        (
            [no_owner, ("USER", None), ("LOGNAME", None)],
            "c",
            "default",
        ),
    ];
    for (vars, name, owner) in table {
        let item = run_with_env(&env, &vars, &["--json", "add", name])
            .success()
            .json();
        assert_eq!(item["owner"], json!(owner), "{item}");
        assert_eq!(env.items_of(owner), json!([item]));
    }
}

#[test]
fn countiq_format_chooses_the_format_and_format_beats_it() {
    let env = Env::new();
    let milk = env.add("milk", 2);
    let csv = ("COUNTIQ_FORMAT", Some("csv"));
    let run = run_with_env(&env, &[csv], &["list"]).success();
    assert_eq!(
        run.stdout,
        format!(
            "id,owner,name,quantity,created_at,updated_at,unit,min,location,tags,code,note\n1,alice,milk,2,{},{},,,,,,\n",
            milk["created_at"].as_str().unwrap(),
            milk["updated_at"].as_str().unwrap()
        ),
        "{run}"
    );
    let run = run_with_env(&env, &[csv], &["list", "--format", "json"]).success();
    assert_eq!(run.json(), json!([milk]));
    let run = run_with_env(&env, &[csv], &["list", "--json"]).success();
    assert_eq!(run.json(), json!([milk]));
}

#[test]
fn the_default_database_is_under_xdg_data_home_sqlite_only() {
    let env = Env::sqlite();
    let xdg = env.dir().join("xdg");
    let vars = [
        ("COUNTIQ_DB", None),
        ("XDG_DATA_HOME", Some(xdg.to_str().unwrap())),
    ];
    let milk = run_with_env(&env, &vars, &["--json", "add", "milk"])
        .success()
        .json();
    assert!(xdg.join("countiq/countiq.db").is_file());
    assert!(!env.dir().join(".local").exists());
    let listed = run_with_env(&env, &vars, &["--json", "list"]).success();
    assert_eq!(listed.json(), json!([milk]));
}

#[test]
fn without_xdg_data_home_the_default_database_is_under_home_sqlite_only() {
    let env = Env::sqlite();
    // The harness removes XDG_DATA_HOME and sets HOME to the test directory.
    let milk = run_with_env(&env, &[("COUNTIQ_DB", None)], &["--json", "add", "milk"])
        .success()
        .json();
    assert!(env.dir().join(".local/share/countiq/countiq.db").is_file());
    assert!(!env.db().exists());
    let listed = run_with_env(&env, &[("COUNTIQ_DB", None)], &["--json", "list"]).success();
    assert_eq!(listed.json(), json!([milk]));
}

#[test]
fn usage_errors_exit_2_in_clap_words_even_with_json() {
    let env = Env::new();
    env.add("milk", 1);
    let before = env.items();
    let table: [&[&str]; 6] = [
        &["--json", "frobnicate"],
        &["--json", "list", "--bogus"],
        &["list", "--format", "xml"],
        &["--json", "list", "--limit", "abc"],
        &["--json", "add"],
        &["--json", "rename", "milk"],
    ];
    for args in table {
        let run = env.run(args).code(2);
        assert_eq!(run.stdout, "", "{run}");
        assert!(run.stderr.starts_with("error: "), "{run}");
        assert!(
            run.stderr
                .lines()
                .all(|line| serde_json::from_str::<Value>(line).is_err()),
            "usage errors are never JSON\n{run}"
        );
    }
    assert_eq!(env.items(), before);
}

#[test]
fn a_bad_environment_value_is_a_usage_error() {
    let env = Env::new();
    for (name, value) in [("COUNTIQ_FORMAT", "xml"), ("COUNTIQ_BUSY_TIMEOUT", "soon")] {
        let run = run_with_env(&env, &[(name, Some(value))], &["list"]).code(2);
        assert_eq!(run.stdout, "", "{run}");
        assert!(run.stderr.starts_with("error: "), "{run}");
    }
}

#[test]
fn verbose_logs_to_stderr_and_leaves_stdout_unchanged() {
    let plain = Env::new();
    let verbose = Env::new();
    let quiet_run = plain.run(&["add", "milk", "--qty", "2"]).success();
    let loud_run = verbose.run(&["-v", "add", "milk", "--qty", "2"]).success();
    assert_eq!(quiet_run.stdout, loud_run.stdout);
    assert_eq!(quiet_run.stderr, "", "{quiet_run}");
    assert!(
        loud_run.stderr.lines().all(|line| line.contains(" INFO ")),
        "-v shows info and above only\n{loud_run}"
    );
    let finished = format!(
        " INFO countiq::app: command finished command=\"add\" owner=alice db={} op=1 changed=1 \
         outcome=\"success\" exit_code=0 lock_wait_ms=",
        verbose.shown_db()
    );
    assert!(
        loud_run.stderr.lines().any(|line| line.contains(&finished)),
        "{loud_run}"
    );
}

#[test]
fn countiq_log_sets_the_log_filter_and_verbose_beats_it() {
    let env = Env::new();
    env.add("milk", 2);
    let plain = env.run(&["--json", "list"]).success();
    assert_eq!(plain.stderr, "", "{plain}");

    let debug =
        run_with_env(&env, &[("COUNTIQ_LOG", Some("debug"))], &["--json", "list"]).success();
    assert_eq!(debug.stdout, plain.stdout);
    assert!(
        debug.stderr.lines().any(|line| line.contains(" DEBUG ")),
        "{debug}"
    );

    let verbose = run_with_env(
        &env,
        &[("COUNTIQ_LOG", Some("off"))],
        &["-v", "add", "bread"],
    )
    .success();
    assert_eq!(verbose.stdout, "added \"bread\" (id 2, quantity 1)\n");
    let finished = format!(
        " INFO countiq::app: command finished command=\"add\" owner=alice db={} op=2 changed=1 \
         outcome=\"success\" exit_code=0 lock_wait_ms=",
        env.shown_db()
    );
    assert!(
        verbose.stderr.lines().any(|line| line.contains(&finished)),
        "{verbose}"
    );
}

#[test]
fn busy_timeout_bounds_the_wait_for_a_lock_and_the_flag_beats_the_env() {
    let env = Env::new();
    env.add("milk", 2);
    let before = env.items();
    let lock = WriteLock::take(&env);
    // (COUNTIQ_BUSY_TIMEOUT, arguments): the wait is 200 ms either way.
    let cases: [(&str, &[&str]); 2] = [
        ("200", &["add", "bread"]),
        // Were the variable to win, this would wait a minute.
        ("60000", &["add", "bread", "--busy-timeout", "200"]),
    ];
    for (timeout, args) in cases {
        let start = Instant::now();
        let run = run_with_env(&env, &[("COUNTIQ_BUSY_TIMEOUT", Some(timeout))], args).code(6);
        let waited = start.elapsed();
        assert!(
            waited >= Duration::from_millis(200) && waited < Duration::from_secs(10),
            "waited {waited:?}\n{run}"
        );
        assert_eq!(run.stdout, "", "{run}");
        assert_eq!(
            run.stderr,
            "countiq: error: the database stayed locked past the busy timeout; nothing changed; safe to retry\n",
            "{run}"
        );
    }
    drop(lock);
    assert_eq!(env.items(), before);
}
