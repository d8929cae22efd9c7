//! The container image: the binary in a root holding what the image holds
//! (see `Dockerfile`: the binary, the C libraries it links, an unprivileged
//! user, a hosts file) reaches a server by host name, as unprivileged user
//! 65532, with nothing else installed: no shell, no OpenSSL, no libpq.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use crate::harness::{Run, World};

/// Copies `from` to the same path under `root`.
fn install(root: &Path, from: &Path) {
    let to = root.join(from.strip_prefix("/").unwrap());
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(from, &to).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
}

/// The root: what `Dockerfile`'s final stage holds.
fn image_root(binary: &Path) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = root.path().join("usr/local/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::copy(binary, bin.join("countiq")).unwrap();
    let ldd = Command::new("ldd").arg(binary).output().expect("ldd runs");
    for line in String::from_utf8_lossy(&ldd.stdout).lines() {
        // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" or
        // "/lib64/ld-linux-x86-64.so.2 (0x...)"
        let path = line
            .split("=>")
            .last()
            .and_then(|rest| rest.split_whitespace().next())
            .filter(|p| p.starts_with('/'));
        if let Some(path) = path {
            install(root.path(), Path::new(path));
        }
    }
    let etc = root.path().join("etc");
    std::fs::create_dir_all(&etc).unwrap();
    std::fs::write(etc.join("passwd"), "root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n").unwrap();
    std::fs::write(etc.join("group"), "root:x:0:\nnonroot:x:65532:\n").unwrap();
    std::fs::write(etc.join("nsswitch.conf"), "hosts: files dns\n").unwrap();
    // The container's view of the network: the server by its host name.
    std::fs::write(
        etc.join("hosts"),
        "127.0.0.1 localhost\n127.0.0.1 db.internal\n",
    )
    .unwrap();
    for dir in ["home/nonroot", "tmp"] {
        let path = root.path().join(dir);
        std::fs::create_dir_all(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o1777)).unwrap();
    }
    root
}

#[test]
fn the_image_runs_countiq_as_an_unprivileged_user_against_a_server_by_host_name() {
    let Some(world) = World::new() else { return };
    if !Path::new("/usr/sbin/chroot").exists() || !is_root() {
        assert!(
            std::env::var("COUNTIQ_REQUIRE_POSTGRES").as_deref() != Ok("1"),
            "the image test needs root and chroot"
        );
        eprintln!("skipping: the image test needs root and /usr/sbin/chroot");
        return;
    }
    let dockerfile =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Dockerfile")).unwrap();
    for line in [
        "USER 65532:65532",
        "ENTRYPOINT [\"countiq\"]",
        "COPY --from=build /src/target/release/countiq /usr/local/bin/countiq",
    ] {
        assert!(
            dockerfile.contains(line),
            "the Dockerfile no longer says {line:?}: update this test's root with it"
        );
    }
    let root = image_root(assert_cmd::cargo::cargo_bin!("countiq"));
    let by_name = world.url.replacen("127.0.0.1", "db.internal", 1);
    assert_ne!(
        by_name, world.url,
        "the test server is reached by 127.0.0.1"
    );
    let run = |args: &[&str]| {
        let mut cmd = Command::new("/usr/sbin/chroot");
        cmd.env_clear()
            .env("COUNTIQ_DB", &by_name)
            .env("COUNTIQ_PG_SCHEMA", &world.schema)
            .env("COUNTIQ_OWNER", "ci")
            .env("HOME", "/home/nonroot")
            .arg("--userspec=65532:65532")
            .arg(root.path())
            .arg("/usr/local/bin/countiq")
            .args(args);
        Run::of(cmd)
    };
    run(&["add", "bolts", "--qty", "4"]).code(0);
    let listed = run(&["--json", "list"]).code(0).json();
    assert_eq!(listed[0]["name"], "bolts");
    assert_eq!(listed[0]["quantity"], 4);
    assert_eq!(world.json(&["--owner", "ci", "list"]), listed);
    let doctor = run(&["--json", "doctor"]).code(0).json();
    assert_eq!(
        doctor["url"].as_str().map(|u| u.contains("@db.internal")),
        Some(true)
    );
    // TLS without OpenSSL in the root, wherever the server offers it.
    let server_tls = world.sql("SHOW ssl") == ["on"];
    assert_eq!(
        doctor["tls"].as_str().unwrap().starts_with("on"),
        server_tls,
        "{doctor}"
    );
}

/// True when this process runs as root, which chroot needs.
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}
