//! Network faults without touching the shared server: a small TCP proxy
//! between `countiq` and PostgreSQL that reads the client's protocol
//! messages and cuts the connection at a chosen moment.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::thread;
use std::time::Duration;

use serde_json::json;

use crate::harness::{World, server_url};

/// When the proxy cuts the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// At the client's first query: nothing was asked yet.
    FirstQuery,
    /// At the client's first `COPY` data: mid-stream.
    FirstCopyData,
    /// Once `COMMIT` has reached the server, before its answer reaches
    /// the client: the server committed, the client cannot know.
    AfterCommitSent,
    /// At the first query after this many `COMMIT`s have passed, on any
    /// connection: between two transactions.
    QueryAfterCommits(u32),
}

/// A proxy on a port of its own, forwarding to the test server, cutting
/// every connection at `cut`.
struct Proxy {
    port: u16,
    /// Connections cut so far.
    cuts: Arc<AtomicU32>,
    /// `COMMIT`s passed on so far.
    commits: Arc<AtomicU32>,
}

impl Proxy {
    fn start(upstream: (String, u16), cut: Cut) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let cuts = Arc::new(AtomicU32::new(0));
        let commits = Arc::new(AtomicU32::new(0));
        let counters = (Arc::clone(&cuts), Arc::clone(&commits));
        thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { return };
                let server = TcpStream::connect((upstream.0.as_str(), upstream.1)).unwrap();
                let (cuts, commits) = (Arc::clone(&counters.0), Arc::clone(&counters.1));
                thread::spawn(move || relay(client, server, cut, &cuts, &commits));
            }
        });
        Self {
            port,
            cuts,
            commits,
        }
    }

    /// The test server's URL with the proxy's port in place of its own,
    /// and TLS off so that the proxy can read the messages.
    fn url(&self, server: &str) -> String {
        let (before, after) = server.rsplit_once('@').unwrap();
        let path = after.split_once('/').map_or("", |(_, path)| path);
        let (database, _) = path.split_once('?').unwrap_or((path, ""));
        format!(
            "{before}@127.0.0.1:{}/{database}?sslmode=disable",
            self.port
        )
    }
}

/// Forwards both ways; the client's side is read message by message.
fn relay(
    mut client: TcpStream,
    mut server: TcpStream,
    cut: Cut,
    cuts: &AtomicU32,
    commits: &AtomicU32,
) {
    let hold = Arc::new(AtomicBool::new(false));
    let (mut from_server, mut to_client) =
        (server.try_clone().unwrap(), client.try_clone().unwrap());
    let dropping = Arc::clone(&hold);
    thread::spawn(move || {
        let mut buf = [0_u8; 16 * 1024];
        while let Ok(n) = from_server.read(&mut buf) {
            if n == 0 || dropping.load(Ordering::SeqCst) || to_client.write_all(&buf[..n]).is_err()
            {
                break;
            }
        }
        let _ = to_client.shutdown(Shutdown::Both);
    });
    let close = |client: &TcpStream, server: &TcpStream| {
        let _ = client.shutdown(Shutdown::Both);
        let _ = server.shutdown(Shutdown::Both);
    };
    // The startup message has no type byte: a length, then the rest.
    let Some(startup) = read_exact(&mut client, 4).and_then(|len| {
        let total = u32::from_be_bytes(len[..4].try_into().unwrap()) as usize;
        read_exact(&mut client, total - 4).map(|rest| [len, rest].concat())
    }) else {
        return close(&client, &server);
    };
    if server.write_all(&startup).is_err() {
        return close(&client, &server);
    }
    loop {
        let Some(header) = read_exact(&mut client, 5) else {
            return close(&client, &server);
        };
        let len = u32::from_be_bytes(header[1..5].try_into().unwrap()) as usize;
        let Some(body) = read_exact(&mut client, len - 4) else {
            return close(&client, &server);
        };
        let kind = header[0];
        let is_query = kind == b'Q' || kind == b'P';
        match cut {
            Cut::FirstQuery if is_query => {
                cuts.fetch_add(1, Ordering::SeqCst);
                return close(&client, &server);
            }
            Cut::FirstCopyData if kind == b'd' => {
                cuts.fetch_add(1, Ordering::SeqCst);
                return close(&client, &server);
            }
            Cut::AfterCommitSent if kind == b'Q' && body.starts_with(b"COMMIT") => {
                hold.store(true, Ordering::SeqCst);
                let _ = server.write_all(&[&header[..], &body[..]].concat());
                // Let the server commit; its answer is never passed on.
                thread::sleep(Duration::from_millis(300));
                cuts.fetch_add(1, Ordering::SeqCst);
                return close(&client, &server);
            }
            Cut::QueryAfterCommits(n) if is_query && commits.load(Ordering::SeqCst) >= n => {
                cuts.fetch_add(1, Ordering::SeqCst);
                return close(&client, &server);
            }
            _ => {}
        }
        if kind == b'Q' && body.starts_with(b"COMMIT") {
            commits.fetch_add(1, Ordering::SeqCst);
        }
        if server
            .write_all(&[&header[..], &body[..]].concat())
            .is_err()
        {
            return close(&client, &server);
        }
    }
}

fn read_exact(stream: &mut TcpStream, n: usize) -> Option<Vec<u8>> {
    let mut buf = vec![0; n];
    stream.read_exact(&mut buf).ok().map(|()| buf)
}

/// The test server's host and port, from its URL.
fn upstream(url: &str) -> (String, u16) {
    let after = url.rsplit_once('@').unwrap().1;
    let hostport = after.split(['/', '?']).next().unwrap();
    match hostport.rsplit_once(':') {
        Some((host, port)) => (host.to_owned(), port.parse().unwrap()),
        None => (hostport.to_owned(), 5432),
    }
}

#[test]
fn a_connection_cut_before_the_first_query_is_exit_8_and_nothing_changed() {
    let Some(url) = server_url() else { return };
    let world = World::on(url.clone());
    world.run(&["add", "milk", "--qty", "2"]).code(0);
    let before = world.json(&["history"]);
    let proxy = Proxy::start(upstream(&url), Cut::FirstQuery);
    let cmd = world.command_at(&proxy.url(&url), &["--json", "adjust", "milk", "+1"]);
    let run = crate::harness::Run::of(cmd).code(8);
    let error: serde_json::Value = serde_json::from_str(run.stderr.trim()).unwrap();
    assert_eq!(error["error"]["kind"], "unavailable");
    assert_eq!(proxy.cuts.load(Ordering::SeqCst), 1);
    assert_eq!(world.json(&["history"]), before);
}

#[test]
fn a_connection_cut_mid_copy_is_exit_8_and_nothing_was_imported() {
    let Some(url) = server_url() else { return };
    let world = World::on(url.clone());
    world.run(&["add", "seed"]).code(0);
    let before = world.json(&["history"]);
    let proxy = Proxy::start(upstream(&url), Cut::FirstCopyData);
    let rows = crate::harness::items_ndjson(5000);
    let cmd = world.command_at(&proxy.url(&url), &["import", "-"]);
    crate::harness::Run::fed(
        cmd,
        &rows,
        "import through a proxy that cuts mid-COPY".to_owned(),
    )
    .code(8);
    assert_eq!(proxy.cuts.load(Ordering::SeqCst), 1);
    assert_eq!(world.json(&["history"]), before);
    assert_eq!(world.json(&["list"]).as_array().unwrap().len(), 1);
}

#[test]
fn a_connection_cut_during_commit_is_exit_11_and_a_keyed_retry_replays_exactly_once() {
    let Some(url) = server_url() else { return };
    let world = World::on(url.clone());
    world.run(&["add", "milk", "--qty", "10"]).code(0);
    let proxy = Proxy::start(upstream(&url), Cut::AfterCommitSent);
    let keyed = ["--json", "--idempotency-key", "k-7", "adjust", "milk", "-3"];
    let cmd = world.command_at(&proxy.url(&url), &keyed);
    let run = crate::harness::Run::of(cmd).code(11);
    assert!(
        run.stdout.is_empty(),
        "no result was printed: {}",
        run.stdout
    );
    let error: serde_json::Value = serde_json::from_str(run.stderr.trim()).unwrap();
    assert_eq!(error["error"]["kind"], "uncertain");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("COMMIT")
    );
    // The server did commit: the retry with the key prints the saved
    // result and applies nothing again.
    let retry = world.run(&keyed).code(0);
    assert_eq!(retry.json()["quantity"], 7);
    assert!(retry.stderr.contains("replayed"), "{}", retry.stderr);
    assert_eq!(world.json(&["list"])[0]["quantity"], 7);
    let kinds: Vec<serde_json::Value> = world
        .json(&["history", "milk"])
        .as_array()
        .unwrap()
        .iter()
        .map(|e| json!([e["kind"], e["quantity_after"]]))
        .collect();
    assert_eq!(kinds.len(), 2, "one add, one adjust: {kinds:?}");
}

#[test]
fn a_scan_the_server_leaves_midway_is_exit_8_with_the_lines_before_applied() {
    let Some(url) = server_url() else { return };
    let world = World::on(url.clone());
    world
        .run(&["add", "milk", "--code", "M-1", "--qty", "100"])
        .code(0);
    let proxy = Proxy::start(upstream(&url), Cut::QueryAfterCommits(3));
    let cmd = world.command_at(&proxy.url(&url), &["scan", "--format", "ndjson"]);
    let input = "M-1\n".repeat(20);
    let run = crate::harness::Run::fed(
        cmd,
        &input,
        "scan through a proxy that cuts between two lines".to_owned(),
    )
    .code(8);
    assert_eq!(proxy.cuts.load(Ordering::SeqCst), 1);
    assert_eq!(proxy.commits.load(Ordering::SeqCst), 3);
    // Each line printed was applied, and nothing after them.
    let applied: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!applied.is_empty(), "no line got through: {}", run.stderr);
    assert!(applied.len() < 20, "{}", run.stdout);
    assert!(applied.iter().all(|l| l["exit"] == 0), "{}", run.stdout);
    assert_eq!(
        world.json(&["list"])[0]["quantity"],
        100 - applied.len() as u64
    );
    let error: serde_json::Value = serde_json::from_str(run.stderr.trim()).unwrap();
    assert_eq!(error["error"]["kind"], "unavailable");
}
