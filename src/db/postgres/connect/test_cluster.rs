//! A private database cluster for tests, and a certificate authority for
//! its TLS: each in its own temporary folder, removed when dropped.
//!
//! The cluster runs as the `postgres` OS user (the tests run as root, and
//! the server refuses to), on a free TCP port of 127.0.0.1 and a socket in
//! its own folder, with one login role that is not a superuser. Only std and
//! tempfile, so an integration test can include this file with `#[path]`.
//!
//! `initdb` takes seconds, so it runs once: its output is kept beside the
//! test binaries (`target/debug/countiq-pg15-template-v1`, gone with
//! `cargo clean`) and each cluster starts from a copy.

use std::fs;
use std::io::Write as _;
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// Where Debian puts the version 15 server programs.
pub const BIN: &str = "/usr/lib/postgresql/15/bin";
/// The OpenSSL command line, used only to make test certificates.
pub const OPENSSL: &str = "/usr/bin/openssl";

/// The login role every cluster has; not a superuser.
pub const ROLE: &str = "countiq_app";
/// Its password: characters a URL must percent-encode, on purpose.
pub const PASSWORD: &str = "p@ss:w/rd 1";
/// [`PASSWORD`] percent-encoded for a URL.
pub const PASSWORD_IN_URL: &str = "p%40ss%3Aw%2Frd%201";
/// The database the role owns.
pub const DATABASE: &str = "countiq_app";

/// A running private cluster; stopped and deleted when dropped.
pub struct TestCluster {
    running: bool,
    port: u16,
    dir: tempfile::TempDir,
}

/// Why no cluster can be made on this machine, if none can.
pub fn cluster_unavailable() -> Option<String> {
    if !Path::new(BIN).join("initdb").exists() {
        return Some(format!("no PostgreSQL server programs in {BIN}"));
    }
    match Command::new("runuser")
        .args(["-u", "postgres", "--", "true"])
        .output()
    {
        Ok(output) if output.status.success() => None,
        Ok(output) => Some(format!(
            "cannot run commands as the postgres OS user: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )),
        Err(err) => Some(format!("cannot run runuser: {err}")),
    }
}

/// Why no certificates can be made on this machine, if none can.
pub fn certificates_unavailable() -> Option<String> {
    (!Path::new(OPENSSL).exists()).then(|| format!("no {OPENSSL} to make test certificates"))
}

impl TestCluster {
    /// Creates and starts a cluster; with `tls` (certificate and key PEM
    /// files) it also accepts TLS connections.
    pub fn create(tls: Option<(&Path, &Path)>) -> Result<Self, String> {
        let dir = tempfile::Builder::new()
            .prefix("countiq-pg-")
            .tempdir()
            .map_err(|err| format!("cannot make a temporary folder: {err}"))?;
        let root = dir.path();
        let port = free_port()?;
        fs::create_dir(root.join("socket")).map_err(text)?;

        let mut settings = vec![
            "listen_addresses = '127.0.0.1'".to_owned(),
            format!("port = {port}"),
            format!(
                "unix_socket_directories = '{}'",
                root.join("socket").display()
            ),
            "fsync = off".to_owned(),
            "max_connections = 20".to_owned(),
            "shared_buffers = 16MB".to_owned(),
        ];
        if let Some((cert, key)) = tls {
            fs::copy(cert, root.join("server.crt")).map_err(text)?;
            fs::copy(key, root.join("server.key")).map_err(text)?;
            // The server refuses a key that others may read.
            fs::set_permissions(root.join("server.key"), fs::Permissions::from_mode(0o600))
                .map_err(text)?;
            settings.extend([
                "ssl = on".to_owned(),
                format!("ssl_cert_file = '{}'", root.join("server.crt").display()),
                format!("ssl_key_file = '{}'", root.join("server.key").display()),
            ]);
        }
        run(Command::new("cp")
            .arg("--archive")
            .arg(template()?)
            .arg(root.join("data")))?;
        run(Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(root))?;
        let mut conf = fs::OpenOptions::new()
            .append(true)
            .open(root.join("data/postgresql.conf"))
            .map_err(text)?;
        writeln!(conf, "{}", settings.join("\n")).map_err(text)?;

        let mut cluster = TestCluster {
            running: false,
            port,
            dir,
        };
        cluster.start()?;
        Ok(cluster)
    }

    /// Starts the server and waits until it accepts connections.
    pub fn start(&mut self) -> Result<(), String> {
        let log = self.dir.path().join("server.log");
        let started = run(as_postgres("pg_ctl")
            .arg("--pgdata")
            .arg(self.dir.path().join("data"))
            .arg("--log")
            .arg(&log)
            .args(["--wait", "--timeout=60", "start"]));
        if let Err(err) = started {
            let log = fs::read_to_string(&log).unwrap_or_default();
            return Err(format!("{err}\nserver log:\n{log}"));
        }
        self.running = true;
        Ok(())
    }

    /// Stops the server (fast shutdown: sessions are ended).
    pub fn stop(&mut self) -> Result<(), String> {
        run(as_postgres("pg_ctl")
            .arg("--pgdata")
            .arg(self.dir.path().join("data"))
            .args(["--mode=fast", "--wait", "stop"]))?;
        self.running = false;
        Ok(())
    }

    /// The TCP port it listens on, on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The folder holding its Unix socket.
    pub fn socket_dir(&self) -> PathBuf {
        self.dir.path().join("socket")
    }

    /// A URL logging in as [`ROLE`] to [`DATABASE`] at `host` on its port,
    /// with `params` (`name=value&...`, may be empty) as the query.
    pub fn url(&self, host: &str, params: &str) -> String {
        let query = if params.is_empty() {
            String::new()
        } else {
            format!("?{params}")
        };
        format!(
            "postgres://{ROLE}:{PASSWORD_IN_URL}@{host}:{}/{DATABASE}{query}",
            self.port
        )
    }

    /// Runs SQL as the superuser `postgres`, in [`DATABASE`], over the socket.
    pub fn psql(&self, sql: &str) -> Result<String, String> {
        let output = run(as_postgres("psql")
            .arg("--host")
            .arg(self.socket_dir())
            .args(["--port", &self.port.to_string(), "--username=postgres"])
            .args([
                "--dbname",
                DATABASE,
                "--no-psqlrc",
                "--tuples-only",
                "--no-align",
            ])
            .args(["--set=ON_ERROR_STOP=1", "--command", sql]))?;
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    }
}

impl Drop for TestCluster {
    fn drop(&mut self) {
        if self.running
            && let Err(err) = self.stop()
        {
            eprintln!("cannot stop the test cluster on port {}: {err}", self.port);
        }
    }
}

/// A certificate authority, its certificates in a temporary folder.
pub struct TestCa {
    dir: tempfile::TempDir,
}

impl TestCa {
    /// A new CA with a self-signed certificate.
    pub fn create() -> Result<Self, String> {
        let dir = tempfile::Builder::new()
            .prefix("countiq-ca-")
            .tempdir()
            .map_err(|err| format!("cannot make a temporary folder: {err}"))?;
        let ca = TestCa { dir };
        run(Command::new(OPENSSL)
            .args([
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
            ])
            // A name of its own: two test CAs must not look like one.
            .args([
                "-nodes",
                "-days",
                "2",
                "-subj",
                &format!("/CN=CountIQ test CA {}", ca.id()),
            ])
            .args(["-addext", "basicConstraints=critical,CA:TRUE"])
            .args(["-addext", "keyUsage=critical,keyCertSign,cRLSign"])
            .arg("-keyout")
            .arg(ca.path("ca.key"))
            .arg("-out")
            .arg(ca.cert()))?;
        Ok(ca)
    }

    /// The CA's certificate (PEM), for `sslrootcert`.
    pub fn cert(&self) -> PathBuf {
        self.path("ca.crt")
    }

    /// A server certificate and key signed by this CA, valid for
    /// `subject_alt_names` (as OpenSSL writes them: `DNS:localhost,IP:127.0.0.1`).
    pub fn issue(&self, name: &str, subject_alt_names: &str) -> Result<(PathBuf, PathBuf), String> {
        let (key, request, cert, extensions) = (
            self.path(&format!("{name}.key")),
            self.path(&format!("{name}.csr")),
            self.path(&format!("{name}.crt")),
            self.path(&format!("{name}.ext")),
        );
        run(Command::new(OPENSSL)
            .args([
                "req",
                "-new",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
            ])
            .args(["-nodes", "-subj", &format!("/CN={name}")])
            .arg("-keyout")
            .arg(&key)
            .arg("-out")
            .arg(&request))?;
        fs::write(
            &extensions,
            format!(
                "subjectAltName = {subject_alt_names}\nbasicConstraints = CA:FALSE\n\
                 keyUsage = critical,digitalSignature\nextendedKeyUsage = serverAuth\n"
            ),
        )
        .map_err(text)?;
        run(Command::new(OPENSSL)
            .args(["x509", "-req", "-days", "2", "-CAcreateserial"])
            .arg("-in")
            .arg(&request)
            .arg("-CA")
            .arg(self.cert())
            .arg("-CAkey")
            .arg(self.path("ca.key"))
            .arg("-extfile")
            .arg(&extensions)
            .arg("-out")
            .arg(&cert))?;
        Ok((cert, key))
    }

    fn id(&self) -> String {
        self.dir
            .path()
            .file_name()
            .map_or_else(String::new, |name| name.to_string_lossy().into_owned())
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// A freshly initialised data folder to copy, made on first use.
fn template() -> Result<PathBuf, String> {
    static TEMPLATE: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    TEMPLATE.get_or_init(make_template).clone()
}

/// Runs `initdb` unless an earlier run left its output, then adds the role
/// and its database in single-user mode (no server to start). The database
/// `postgres` goes: a third of the files to copy for every cluster.
/// Concurrent test binaries each build their own and the first to rename
/// its copy into place wins.
fn make_template() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(text)?;
    let base = exe
        .ancestors()
        .nth(2)
        .map_or_else(std::env::temp_dir, Path::to_path_buf);
    let template = base.join("countiq-pg15-template-v2");
    if template.join("PG_VERSION").exists() {
        return Ok(template);
    }
    let building = tempfile::Builder::new()
        .prefix("countiq-pg15-template-")
        .tempdir_in(&base)
        .map_err(text)?;
    let (data, password_file, sql) = (
        building.path().join("data"),
        building.path().join("password"),
        building.path().join("setup.sql"),
    );
    fs::write(&password_file, "superuser password, never used\n").map_err(text)?;
    fs::write(
        &sql,
        format!(
            "CREATE ROLE {ROLE} LOGIN PASSWORD '{PASSWORD}'\n\
             CREATE DATABASE {DATABASE} OWNER {ROLE}\n\
             DROP DATABASE postgres\n"
        ),
    )
    .map_err(text)?;
    run(Command::new("chown")
        .args(["-R", "postgres:postgres"])
        .arg(building.path()))?;
    run(as_postgres("initdb")
        .arg("--pgdata")
        .arg(&data)
        .args([
            "--username=postgres",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
        ])
        .args(["--encoding=UTF8", "--no-sync", "--no-instructions"])
        .arg(format!("--pwfile={}", password_file.display())))?;
    run(as_postgres("postgres")
        .args(["--single", "-D"])
        .arg(&data)
        .arg("template1")
        .stdin(fs::File::open(&sql).map_err(text)?))?;
    match fs::rename(&data, &template) {
        Ok(()) => Ok(template),
        Err(_) if template.join("PG_VERSION").exists() => Ok(template),
        Err(err) => Err(format!("cannot keep {}: {err}", template.display())),
    }
}

/// A TCP port on 127.0.0.1 that nothing listens on right now.
fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(text)?;
    Ok(listener.local_addr().map_err(text)?.port())
}

/// One of the server's programs, to run as the `postgres` OS user.
fn as_postgres(program: &str) -> Command {
    let mut command = Command::new("runuser");
    command
        .args(["-u", "postgres", "--"])
        .arg(Path::new(BIN).join(program))
        // A folder the postgres user may enter, whatever the caller's is.
        .current_dir("/");
    command
}

fn run(command: &mut Command) -> Result<Output, String> {
    let output = command
        .output()
        .map_err(|err| format!("cannot run {command:?}: {err}"))?;
    if output.status.success() {
        Ok(output)
    } else {
        Err(format!(
            "{command:?} failed ({}):\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

#[allow(clippy::needless_pass_by_value)] // used as a map_err function
fn text(err: std::io::Error) -> String {
    err.to_string()
}
