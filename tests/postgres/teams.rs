//! Enforced owners: once `admin enforce-owners` has run, an owner is a
//! database role, a login role acts for itself and the groups it belongs
//! to, and for no one else, whether through CountIQ or its own SQL.

use serde_json::{Value, json};

use crate::harness::{Run, World};

/// A world with three roles of its own: two people (alice, bob) and a
/// group (kitchen) that alice belongs to; dropped at the end.
struct Team {
    world: World,
    admin_url: String,
}

impl Team {
    fn new() -> Option<Self> {
        let world = World::new()?;
        let admin_url = world.url.clone();
        let team = Self { world, admin_url };
        let (alice, bob, kitchen) = (team.role("alice"), team.role("bob"), team.role("kitchen"));
        team.world.sql(&format!(
            "CREATE ROLE \"{alice}\" LOGIN PASSWORD 'pw-a'; CREATE ROLE \"{bob}\" LOGIN PASSWORD 'pw-b'; \
             CREATE ROLE \"{kitchen}\" NOLOGIN; GRANT \"{kitchen}\" TO \"{alice}\""
        ));
        Some(team)
    }

    /// Enforces owners and lets `who` in (the users' group role).
    fn enforce_and_let_in(&self, who: &[&str]) {
        self.world.run(&["admin", "enforce-owners"]).code(0);
        let members: Vec<String> = who
            .iter()
            .map(|w| format!("\"{}\"", self.role(w)))
            .collect();
        self.world.sql(&format!(
            "GRANT \"{}\" TO {}",
            self.role("users"),
            members.join(", ")
        ));
    }

    /// This team's role called `who`.
    fn role(&self, who: &str) -> String {
        format!("{}_{who}", self.world.schema)
    }

    /// The server's URL logged in as `who`.
    fn url_of(&self, who: &str) -> String {
        let password = if who == "alice" { "pw-a" } else { "pw-b" };
        let host = self.admin_url.rsplit_once('@').unwrap().1;
        format!("postgres://{}:{password}@{host}", self.role(who))
    }

    /// `countiq ARGS` logged in as `who`, with no owner named.
    fn run_as(&self, who: &str, args: &[&str], stdin: Option<&str>) -> Run {
        let mut cmd = self.world.command_at(&self.url_of(who), args);
        cmd.env_remove("COUNTIQ_OWNER")
            .env_remove("USER")
            .env_remove("LOGNAME");
        match stdin {
            None => Run::of(cmd),
            Some(input) => Run::fed(cmd, input, format!("countiq {args:?} as {who}")),
        }
    }

    /// Everything `who` can see of `owner`: items and history.
    fn state(&self, who: &str, owner: &str) -> Value {
        let items = self
            .run_as(who, &["--json", "--owner", owner, "list"], None)
            .code(0)
            .json();
        let history = self
            .run_as(who, &["--json", "--owner", owner, "history"], None)
            .code(0)
            .json();
        json!({"items": items, "history": history})
    }

    /// Runs SQL as `who` with the postgres client: the first column of each
    /// row, or the error's SQLSTATE.
    fn sql_as(&self, who: &str, sql: &str) -> Result<Vec<String>, String> {
        let mut client = postgres::Client::connect(&self.url_of(who), postgres::NoTls).unwrap();
        client
            .simple_query(sql)
            .map(|messages| {
                messages
                    .into_iter()
                    .filter_map(|m| match m {
                        postgres::SimpleQueryMessage::Row(row) => {
                            Some(row.get(0).unwrap_or("").to_owned())
                        }
                        _ => None,
                    })
                    .collect()
            })
            .map_err(|e| {
                e.code()
                    .map_or_else(|| e.to_string(), |c| c.code().to_owned())
            })
    }
}

impl Drop for Team {
    fn drop(&mut self) {
        // The schema first: the roles hold privileges on it.
        self.world.sql(&format!(
            "DROP SCHEMA IF EXISTS {} CASCADE",
            self.world.quoted()
        ));
        let roles =
            ["alice", "bob", "kitchen", "users"].map(|who| format!("\"{}\"", self.role(who)));
        self.world
            .sql(&format!("DROP ROLE IF EXISTS {}", roles.join(", ")));
    }
}

#[test]
fn enforce_owners_refuses_while_owners_are_not_roles_and_is_idempotent() {
    let Some(team) = Team::new() else { return };
    let world = &team.world;
    let stray = team.role("stray");
    world.run(&["--owner", &stray, "add", "x"]).code(0);
    let before = world.json(&["--owner", &stray, "history"]);
    let refused = world.run(&["admin", "enforce-owners"]).code(4);
    assert!(
        refused.stderr.contains(&format!("{stray:?}")),
        "{}",
        refused.stderr
    );
    assert_eq!(world.json(&["doctor"])["enforced_owners"], false);
    assert_eq!(world.json(&["--owner", &stray, "history"]), before);
    // Once the owner is a role, enforcement goes ahead; twice is once.
    world.sql(&format!("CREATE ROLE \"{stray}\" NOLOGIN"));
    let first = world.json(&["admin", "enforce-owners"]);
    assert_eq!(first["created_role"], true);
    assert_eq!(first["users_role"], team.role("users").as_str());
    assert_eq!(first["owners"], json!([stray]));
    let again = world.json(&["admin", "enforce-owners"]);
    assert_eq!(again["created_role"], false);
    assert_eq!(world.json(&["doctor"])["enforced_owners"], true);
    world.sql(&format!(
        "DROP SCHEMA {} CASCADE; DROP ROLE \"{stray}\"",
        world.quoted()
    ));
}

#[test]
fn every_command_acts_for_the_login_role_and_its_groups_and_for_no_one_else() {
    let Some(team) = Team::new() else { return };
    team.enforce_and_let_in(&["alice", "bob"]);
    let (alice, bob, kitchen) = (team.role("alice"), team.role("bob"), team.role("kitchen"));
    team.run_as(
        "bob",
        &["add", "secret nuts", "--qty", "9", "--min", "20"],
        None,
    )
    .code(0);
    // The default owner is the login role.
    let milk = team
        .run_as("alice", &["--json", "add", "milk"], None)
        .code(0)
        .json();
    assert_eq!(milk["owner"], alice.as_str());
    assert_eq!(
        team.state("alice", &alice)["history"][0]["actor"],
        alice.as_str()
    );
    let bobs = team.state("bob", &bob);
    let commands: Vec<(Vec<&str>, Option<&str>)> = vec![
        (vec!["add", "flour"], None),
        (vec!["list"], None),
        (vec!["show", "flour"], None),
        (vec!["adjust", "flour", "+2"], None),
        (vec!["set", "flour", "7"], None),
        (vec!["count", "flour", "6"], None),
        (vec!["edit", "flour", "--unit", "kg", "--min", "10"], None),
        (
            vec!["edit", "flour", "--code", "F-1", "--note", "rye"],
            None,
        ),
        (vec!["move", "=F-1", "pantry/top"], None),
        (vec!["tag", "flour", "baking", "dry"], None),
        (vec!["untag", "flour", "dry"], None),
        (vec!["locations"], None),
        (vec!["list", "--tag", "baking", "--at", "pantry"], None),
        (vec!["scan", "--delta", "+1"], Some("F-1\n")),
        (vec!["low"], None),
        (vec!["rename", "flour", "rye flour"], None),
        (vec!["history"], None),
        (vec!["undo"], None),
        (vec!["export"], None),
        (
            vec!["import", "-"],
            Some("{\"name\":\"salt\",\"quantity\":1}\n"),
        ),
        (
            vec!["apply", "-"],
            Some("{\"op\":\"add\",\"name\":\"sugar\",\"quantity\":2}\n"),
        ),
        (vec!["remove", "salt", "--missing-ok"], None),
    ];
    for (args, stdin) in &commands {
        // For the group alice belongs to: as it would for herself.
        let mut as_group = vec!["--owner", kitchen.as_str()];
        as_group.extend(args);
        let run = team.run_as("alice", &as_group, *stdin);
        assert!(
            run.code == Some(0) || (args[0] == "low" && run.code == Some(9)),
            "{args:?} for the group: {:?}\n{}",
            run.code,
            run.stderr
        );
        // For bob: refused, nothing changed, nothing of bob's shown.
        let mut as_bob = vec!["--owner", bob.as_str()];
        as_bob.extend(args);
        let run = team.run_as("alice", &as_bob, *stdin).code(10);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert!(!run.stderr.contains("secret"), "{args:?}: {}", run.stderr);
        assert_eq!(
            run.stderr,
            format!(
                "countiq: error: role \"{alice}\" may not act for owner \"{bob}\": owners are database roles here, and a role acts for itself and the groups it is a member of\n"
            ),
            "{args:?}"
        );
    }
    assert_eq!(
        team.state("bob", &bob),
        bobs,
        "bob's items and history are as they were"
    );
    // export --all-owners shows alice her owners only.
    let all = team
        .run_as("alice", &["export", "--all-owners"], None)
        .code(0)
        .stdout;
    assert!(!all.contains("secret"), "{all}");
    assert!(all.contains(&kitchen) && all.contains(&alice));
}

#[test]
fn the_database_refuses_a_roles_own_sql_for_other_owners() {
    let Some(team) = Team::new() else { return };
    team.enforce_and_let_in(&["alice", "bob"]);
    team.run_as("bob", &["add", "secret nuts"], None).code(0);
    // Items imported together: one row of created_runs.
    let rows = "{\"name\":\"secret a\",\"quantity\":1}\n{\"name\":\"secret b\",\"quantity\":2}\n";
    team.run_as("bob", &["-q", "import", "-"], Some(rows))
        .code(0);
    team.run_as("alice", &["add", "milk"], None).code(0);
    let schema = team.world.quoted();
    let bobs_owner = team
        .sql_as("bob", &format!("SELECT owner_id FROM {schema}.owners"))
        .unwrap();
    assert_eq!(bobs_owner.len(), 1);
    let bobs_runs = team
        .sql_as(
            "bob",
            &format!("SELECT count(*) FROM {schema}.created_runs"),
        )
        .unwrap();
    assert_eq!(bobs_runs, ["1"], "bob sees his own run");
    for table in [
        "items",
        "operations",
        "events",
        "created_runs",
        "idempotency_keys",
    ] {
        let seen = team
            .sql_as(
                "alice",
                &format!(
                    "SELECT count(*) FROM {schema}.{table} WHERE owner_id = {}",
                    bobs_owner[0]
                ),
            )
            .unwrap();
        assert_eq!(seen, ["0"], "alice sees none of bob's {table}");
    }
    let owners = team
        .sql_as("alice", &format!("SELECT name FROM {schema}.owners"))
        .unwrap();
    assert_eq!(owners, [team.role("alice")]);
    let insert = team.sql_as(
        "alice",
        &format!(
            "INSERT INTO {schema}.items (owner_id, name, name_key, quantity, created_at, updated_at) \
             VALUES ({}, 'x', 'x', 1, 1, 1)",
            bobs_owner[0]
        ),
    );
    assert_eq!(
        insert,
        Err("42501".to_owned()),
        "the policy refuses the row"
    );
    let update = team
        .sql_as(
            "alice",
            &format!(
                "UPDATE {schema}.items SET quantity = 0 WHERE owner_id = {}",
                bobs_owner[0]
            ),
        )
        .unwrap();
    assert!(update.is_empty());
    let claim = team.sql_as(
        "alice",
        &format!(
            "INSERT INTO {schema}.owners (name, name_key) VALUES ('{0}', '{0} again')",
            team.role("bob")
        ),
    );
    assert_eq!(
        claim,
        Err("42501".to_owned()),
        "no one may create another's owner"
    );
    assert_eq!(
        team.state("bob", &team.role("bob"))["items"][0]["quantity"],
        1
    );
}

#[test]
fn a_role_outside_the_users_group_is_refused_and_a_dropped_role_only_hides_its_rows() {
    let Some(team) = Team::new() else { return };
    team.world.run(&["admin", "enforce-owners"]).code(0);
    team.world.sql(&format!(
        "GRANT \"{}\" TO \"{}\"",
        team.role("users"),
        team.role("alice")
    ));
    team.run_as("bob", &["list"], None).code(10);
    team.run_as(
        "alice",
        &["--owner", &team.role("kitchen"), "add", "flour"],
        None,
    )
    .code(0);
    team.world
        .sql(&format!("DROP ROLE \"{}\"", team.role("kitchen")));
    let run = team.run_as("alice", &["--json", "list"], None).code(0);
    assert_eq!(run.json(), json!([]));
    team.run_as("alice", &["--owner", &team.role("kitchen"), "list"], None)
        .code(10);
}

#[test]
fn the_readmes_team_walkthrough_runs_as_written() {
    let Some(world) = World::new() else { return };
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let block = readme
        .split_once("<!-- team-walkthrough -->\n```sh\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .map(|(block, _)| block)
        .expect("the README has the walk-through");
    // The README's names, made this test's own: roles are the server's,
    // not the schema's, so they carry the schema's unique name.
    let p = &world.schema;
    let (_, server) = world.url.split_once("://").unwrap();
    let (credentials, place) = server.rsplit_once('@').unwrap();
    let script = block
        .replace("countiq_users", &format!("{p}_users"))
        .replace("admin@db.internal/inventory", server)
        .replace("@db.internal/inventory", &format!("@{place}"))
        .replace("kitchen", &format!("{p}_kitchen"))
        .replace("alice", &format!("{p}_alice"))
        .replace("ci_runner", &format!("{p}_ci_runner"));
    assert!(!credentials.is_empty());
    let bin_dir = assert_cmd::cargo::cargo_bin!("countiq")
        .parent()
        .unwrap()
        .to_owned();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = Run::of({
        let mut cmd = std::process::Command::new("bash");
        cmd.args(["-e", "-c", &script])
            .env("PATH", path)
            .env("COUNTIQ_PG_SCHEMA", p)
            .env("PGOPTIONS", "-c client_min_messages=warning")
            .env_remove("COUNTIQ_DB")
            .env_remove("COUNTIQ_OWNER")
            .env_remove("USER");
        cmd
    });
    let roles = ["kitchen", "alice", "ci_runner", "users"].map(|r| format!("\"{p}_{r}\""));
    let cleanup = || {
        world.sql(&format!("DROP SCHEMA IF EXISTS {} CASCADE", world.quoted()));
        world.sql(&format!("DROP ROLE IF EXISTS {}", roles.join(", ")));
    };
    if run.code != Some(10) {
        cleanup();
    }
    let run = run.code(10);
    assert!(
        run.stderr.contains("may not act for owner"),
        "{}",
        run.stderr
    );
    let alice_url = world
        .url
        .replacen(credentials, &format!("{p}_alice:{p}_alice-pw"), 1);
    let as_alice = world.command_at(
        &alice_url,
        &["--json", "--owner", &format!("{p}_kitchen"), "list"],
    );
    let kitchen = Run::of(as_alice).code(0).json();
    cleanup();
    assert_eq!(kitchen[0]["name"], "flour");
    assert_eq!(kitchen[0]["quantity"], 4);
}

#[test]
fn doctor_says_whether_enforcement_is_on_and_complete() {
    let Some(team) = Team::new() else { return };
    team.world.run(&["admin", "enforce-owners"]).code(0);
    let report = team.world.json(&["doctor"]);
    assert_eq!(report["enforced_owners"], true);
    assert_eq!(report["problems"], json!([]));
    team.world.sql(&format!(
        "DROP POLICY countiq_owner ON {}.events",
        team.world.quoted()
    ));
    let broken = team.world.run(&["--json", "doctor"]).code(7).json();
    let problems = broken["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{broken}");
    assert!(problems[0].as_str().unwrap().contains("events"), "{broken}");
    team.world.run(&["admin", "enforce-owners"]).code(0);
    assert_eq!(team.world.json(&["doctor"])["problems"], json!([]));
}

#[test]
fn owners_lists_only_the_owners_a_role_may_act_for() {
    let Some(team) = Team::new() else { return };
    team.enforce_and_let_in(&["alice", "bob"]);
    let (alice, bob, kitchen) = (team.role("alice"), team.role("bob"), team.role("kitchen"));
    team.run_as("bob", &["add", "secret nuts"], None).code(0);
    team.run_as("alice", &["add", "milk"], None).code(0);
    for item in ["flour", "salt"] {
        team.run_as("alice", &["--owner", &kitchen, "add", item], None)
            .code(0);
    }
    // alice acts for herself and her group; bob's owner is not there.
    let seen = team
        .run_as("alice", &["--json", "owners"], None)
        .code(0)
        .json();
    assert_eq!(
        seen,
        json!([{"owner": alice, "items": 1}, {"owner": kitchen, "items": 2}])
    );
    let run = team
        .run_as("bob", &["--format", "tsv", "owners"], None)
        .code(0);
    assert_eq!(
        (run.stdout, run.stderr),
        (format!("{bob}\t1\n"), String::new())
    );
}
