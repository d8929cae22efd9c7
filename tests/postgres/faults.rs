//! Failures a shared server adds: refused credentials, a server that is
//! down or stops mid-command, a process killed mid-import, a schema from a
//! newer CountIQ. Each is an exit code that says nothing changed, and a
//! state that shows it.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use countiq::db::postgres::schema::LATEST_VERSION;
use serde_json::json;

use crate::harness::{Run, World, items_ndjson, server_url};
use crate::test_cluster::{TestCluster, cluster_unavailable};

/// `url` with its password replaced by `password`.
fn with_password(url: &str, password: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let (userinfo, host) = rest.split_once('@').expect("the test URL names a user");
    let user = userinfo.split(':').next().unwrap();
    format!("{scheme}://{user}:{password}@{host}")
}

#[test]
fn a_wrong_password_is_exit_10_and_the_password_is_never_shown() {
    let Some(url) = server_url() else { return };
    let world = World::on(with_password(&url, "not-the-s3cret"));
    for args in [&["add", "milk"][..], &["list"], &["doctor"]] {
        let run = world.run(args).code(10);
        assert!(run.stderr.starts_with("countiq: error: "), "{}", run.stderr);
        assert!(!run.stderr.contains("not-the-s3cret"), "{}", run.stderr);
    }
    let shown = world.run(&["-vvv", "--json", "config", "show"]).code(0);
    assert!(!shown.stdout.contains("not-the-s3cret") && !shown.stderr.contains("not-the-s3cret"));
    assert!(shown.stdout.contains("***"), "{}", shown.stdout);
}

#[test]
fn a_server_that_is_not_there_is_exit_8_naming_host_and_port_at_once() {
    let Some(_) = server_url() else { return };
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let world = World::on(format!("postgres://nobody:pw@127.0.0.1:{port}/nothing"));
    let started = Instant::now();
    let run = world.run(&["--json", "add", "milk"]).code(8);
    assert!(started.elapsed() < Duration::from_secs(5));
    let error: serde_json::Value = serde_json::from_str(run.stderr.trim()).unwrap();
    assert_eq!(error["error"]["kind"], "unavailable");
    assert_eq!(error["error"]["exit_code"], 8);
    let message = error["error"]["message"].as_str().unwrap();
    assert!(message.contains(&format!("127.0.0.1:{port}")), "{message}");
    assert!(!message.contains("pw@"), "{message}");
}

#[test]
fn read_commands_on_a_database_without_countiqs_schema_print_nothing_and_create_nothing() {
    let Some(world) = World::new() else { return };
    assert_eq!(world.json(&["list"]), json!([]));
    assert_eq!(world.json(&["history"]), json!([]));
    world.run(&["remove", "milk"]).code(3);
    world.run(&["--dry-run", "add", "milk"]).code(0);
    let found = world.sql(&format!(
        "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '{}'",
        world.schema
    ));
    assert_eq!(found, ["0"], "no schema was created");
}

#[test]
fn a_schema_made_by_a_newer_countiq_is_refused_untouched_unless_it_says_it_is_compatible() {
    let Some(world) = World::new() else { return };
    world.run(&["add", "milk"]).code(0);
    let schema = world.quoted();
    let newer = LATEST_VERSION + 1;
    world.sql(&format!(
        "INSERT INTO {schema}.schema_versions (version, compatible_from) VALUES ({newer}, {newer})"
    ));
    let dump = || {
        world.sql(&format!(
            "SELECT row_to_json(i)::text FROM {schema}.items i"
        ))
    };
    let before = dump();
    for args in [&["list"][..], &["add", "bread"], &["admin", "migrate"]] {
        let run = world.run(args).code(7);
        assert!(run.stderr.contains("newer countiq"), "{}", run.stderr);
    }
    assert_eq!(dump(), before);
    // An additive newer version that this version's binaries can still use.
    world.sql(&format!(
        "UPDATE {schema}.schema_versions SET compatible_from = {LATEST_VERSION} \
         WHERE version = {newer}"
    ));
    world.run(&["add", "bread"]).code(0);
}

#[test]
fn a_batch_the_server_refuses_while_the_import_goes_on_fails_it_and_changes_nothing() {
    // A batch's COPY streams while the import records its events and takes
    // the next rows; the server's refusal of it reaches the command at its
    // next statement, or before the dry run's rollback. The refused row is
    // in the first of three batches, in a lone batch, and in the last.
    let Some(world) = World::new() else { return };
    world.run(&["add", "seed"]).code(0);
    let before = world.json(&["history"]);
    world.sql(&format!(
        "CREATE FUNCTION {schema}.refuse() RETURNS trigger LANGUAGE plpgsql AS $$ \
         BEGIN RAISE EXCEPTION 'refused by a test'; END $$; \
         CREATE TRIGGER refuse BEFORE INSERT ON {schema}.items FOR EACH ROW \
         WHEN (NEW.name = 'refused') EXECUTE FUNCTION {schema}.refuse()",
        schema = world.quoted()
    ));
    let refused = "{\"name\":\"refused\",\"quantity\":1}\n";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rows.ndjson");
    let with_refused_at = |count: u32, at: usize| {
        let mut lines: Vec<String> = items_ndjson(count)
            .lines()
            .map(|l| format!("{l}\n"))
            .collect();
        lines.insert(at, refused.to_owned());
        lines.concat()
    };
    let cases = [
        ("first of three batches", with_refused_at(10_000, 1_000)),
        ("a lone batch", with_refused_at(1_000, 1_000)),
        ("the last batch", with_refused_at(4_096 + 300, 4_096 + 300)),
    ];
    for (where_, rows) in cases {
        // From a file: the import stops reading at the refusal.
        std::fs::write(&file, rows).unwrap();
        for dry_run in [false, true] {
            let mut args = vec!["import", file.to_str().unwrap()];
            if dry_run {
                args.insert(0, "--dry-run");
            }
            let run = world.run(&args).code(1);
            // The COPY's own failure, not a later statement's.
            assert!(
                run.stderr.contains("refused by a test"),
                "refused in {where_} (dry run: {dry_run}): {}",
                run.stderr
            );
            assert_eq!(world.json(&["history"]), before);
            assert_eq!(world.json(&["list"]).as_array().unwrap().len(), 1);
        }
    }
    world.sql(&format!("DROP TRIGGER refuse ON {}.items", world.quoted()));
    world.run(&["import", file.to_str().unwrap()]).code(0);
    assert_eq!(
        world.json(&["list"]).as_array().unwrap().len(),
        1 + 4_096 + 300 + 1
    );
}

#[test]
fn an_import_killed_mid_copy_imports_nothing_and_holds_no_lock() {
    let Some(world) = World::new() else { return };
    world.run(&["add", "seed"]).code(0);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.ndjson");
    let rows = items_ndjson(300_000);
    std::fs::write(&file, rows).unwrap();
    let mut import = world.command(&["import", file.to_str().unwrap()]);
    let mut child = import.spawn().unwrap();
    // Wait until the import is streaming rows to the server.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let active = world.sql(&format!(
            "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY {}.%'",
            world.quoted()
        ));
        if active != ["0"] {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import ended before it was seen copying"
        );
        assert!(
            Instant::now() < deadline,
            "the import never started copying"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let names: Vec<String> = world
        .json(&["list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["seed"]);
    // The server ends the killed session and its locks: the next write
    // does not wait for them.
    world
        .run(&["--busy-timeout", "5000", "add", "after"])
        .code(0);
}

#[test]
fn a_server_stopped_mid_import_is_exit_8_and_nothing_was_imported() {
    if let Some(why) = cluster_unavailable() {
        assert!(
            std::env::var("COUNTIQ_REQUIRE_POSTGRES").as_deref() != Ok("1"),
            "{why}"
        );
        eprintln!("skipping: {why}");
        return;
    }
    let mut cluster = TestCluster::create(None).unwrap();
    let world = World::on(cluster.url("127.0.0.1", "sslmode=disable"));
    world.run(&["add", "seed"]).code(0);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.ndjson");
    let rows = items_ndjson(400_000);
    std::fs::write(&file, rows).unwrap();
    let mut import = world.command(&["import", file.to_str().unwrap()]);
    import.stderr(std::process::Stdio::piped());
    let mut child = import.spawn().unwrap();
    // Stop the server once the import is streaming rows to it.
    let deadline = Instant::now() + Duration::from_secs(30);
    while cluster
        .psql("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY %'")
        .unwrap()
        == "0"
    {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import ended before it was seen copying"
        );
        assert!(
            Instant::now() < deadline,
            "the import never started copying"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    cluster.stop().unwrap();
    let output = child.wait_with_output().unwrap();
    let run = Run::from_output("import while the server stops".to_owned(), &output).code(8);
    assert!(run.stderr.contains("countiq: error:"), "{}", run.stderr);
    cluster.start().unwrap();
    let names: Vec<String> = world
        .json(&["list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["seed"], "nothing half-done");
}
