//! Many runners, few connections: every command works through PgBouncer in
//! transaction pooling mode, where consecutive transactions of one client
//! may run on different server connections and nothing may outlive a
//! transaction (no named statements, no session locks, no SET).

use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{World, items_ndjson, server_url};
use crate::races::{args, race};

/// Debian's PgBouncer.
const PGBOUNCER: &str = "/usr/sbin/pgbouncer";

/// A PgBouncer of its own in front of the test server, in transaction
/// pooling mode with few server connections, stopped when dropped.
struct Pooler {
    child: Child,
    port: u16,
    user: String,
    password: String,
    database: String,
    _dir: tempfile::TempDir,
}

impl Pooler {
    /// `None` (saying why) when PgBouncer is not installed.
    fn start(server: &str) -> Option<Self> {
        if !std::path::Path::new(PGBOUNCER).exists() {
            assert!(
                std::env::var("COUNTIQ_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "{PGBOUNCER} is missing (apt-get install -y pgbouncer)"
            );
            eprintln!("skipping: {PGBOUNCER} is not installed (apt-get install -y pgbouncer)");
            return None;
        }
        let (userinfo, rest) = server
            .split_once("://")
            .unwrap()
            .1
            .rsplit_once('@')
            .unwrap();
        let (user, password) = userinfo
            .split_once(':')
            .expect("the test URL has a password");
        let (hostport, database) = rest.split_once('/').unwrap();
        let database = database.split('?').next().unwrap();
        let (host, upstream_port) = hostport.rsplit_once(':').unwrap_or((hostport, "5432"));
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let config = dir.path().join("pgbouncer.ini");
        let users = dir.path().join("users.txt");
        std::fs::write(&users, format!("\"{user}\" \"{password}\"\n")).unwrap();
        std::fs::write(
            &config,
            format!(
                "[databases]\n{database} = host={host} port={upstream_port} dbname={database}\n\
                 [pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\n\
                 unix_socket_dir =\nauth_type = plain\nauth_file = {}\n\
                 pool_mode = transaction\ndefault_pool_size = 3\nmax_client_conn = 200\n\
                 server_tls_sslmode = disable\n",
                users.display(),
            ),
        )
        .unwrap();
        for file in [&config, &users] {
            std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        // PgBouncer will not run as root; -u drops to the postgres user.
        let child = Command::new(PGBOUNCER)
            .args(["-u", "postgres"])
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("pgbouncer starts");
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "pgbouncer did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(Self {
            child,
            port,
            user: user.to_owned(),
            password: password.to_owned(),
            database: database.to_owned(),
            _dir: dir,
        })
    }

    /// The URL of the test database through the pooler.
    fn url(&self) -> String {
        format!(
            "postgres://{}:{}@127.0.0.1:{}/{}?sslmode=disable",
            self.user, self.password, self.port, self.database
        )
    }
}

impl Drop for Pooler {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn setup() -> Option<(Pooler, World)> {
    let url = server_url()?;
    let pooler = Pooler::start(&url)?;
    let mut world = World::on(url);
    // Commands go through the pooler; the World still drops its schema
    // on the server itself.
    world.through = Some(pooler.url());
    Some((pooler, world))
}

#[test]
fn racing_adds_and_concurrent_adjusts_keep_their_guarantees_through_pgbouncer() {
    let Some((_pooler, world)) = setup() else {
        return;
    };
    world.run(&["add", "bolts", "--qty", "0"]).code(0);
    let runs = race(&world, (0..16).map(|_| args(&["add", "nuts"])).collect());
    assert_eq!(runs.iter().filter(|r| r.code == Some(0)).count(), 1);
    assert!(runs.iter().all(|r| r.code == Some(0) || r.code == Some(4)));
    let runs = race(
        &world,
        (0..16)
            .map(|_| args(&["adjust", "bolts", "+1", "-q"]))
            .collect(),
    );
    for run in runs {
        run.code(0);
    }
    let runs = race(
        &world,
        (0..16)
            .map(|_| args(&["adjust", "bolts", "+1", "-q"]))
            .collect(),
    );
    for run in runs {
        run.code(0);
    }
    assert_eq!(world.json(&["list"])[0]["quantity"], 32);
}

#[test]
fn every_kind_of_command_works_through_pgbouncer() {
    let Some((_pooler, world)) = setup() else {
        return;
    };
    world.run(&["add", "milk", "--qty", "3"]).code(0);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("items.ndjson");
    std::fs::write(&file, items_ndjson(6000)).unwrap();
    // Each command after the first may get a server connection another
    // client used: a statement left behind would collide.
    for _ in 0..3 {
        world.run(&["list", "--limit", "1"]).code(0);
        world.run(&["history", "--limit", "1"]).code(0);
    }
    world.run(&["import", file.to_str().unwrap()]).code(0);
    let keyed = ["--json", "--idempotency-key", "k1", "adjust", "milk", "-1"];
    let first = world.run(&keyed).code(0).json();
    let again = world.run(&keyed).code(0).json();
    assert_eq!(first, again);
    world.run(&["undo"]).code(0);
    world.run(&["undo"]).code(0);
    assert_eq!(world.json(&["list"]).as_array().unwrap().len(), 1);
    assert_eq!(world.json(&["list"])[0]["quantity"], 3);
    world.run(&["doctor"]).code(0);
    world.run(&["admin", "migrate"]).code(0);
}
