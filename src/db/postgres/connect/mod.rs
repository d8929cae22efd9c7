//! Reaching the database server: a database URL and libpq's environment
//! resolved into one [`Target`], then one bounded, TLS-aware connect.
//!
//! CountIQ reads the settings `psql` reads, in the same order: the URL, then
//! libpq's environment variables, then the password file, then libpq's
//! defaults as Debian builds it. A password never leaves a `Target` except
//! on its way to the server: messages, `Debug` and [`Target::redacted`]
//! show `***` instead.

mod failure;
mod pgpass;
#[cfg(test)]
mod test_cluster;
mod tls;
mod url;

use std::fmt;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

pub use tls::Tls;
use tls::{RootCert, SslMode};

use crate::domain::Error;

/// libpq's default socket directory on Debian, where the server listens
/// when no host is given.
const DEFAULT_SOCKET_DIR: &str = "/var/run/postgresql";
/// libpq's default port.
const DEFAULT_PORT: u16 = 5432;
/// How long a connection attempt may take when neither the URL nor
/// `PGCONNECT_TIMEOUT` says (libpq would wait forever).
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The `application_name` the server shows for CountIQ's sessions.
const DEFAULT_APPLICATION_NAME: &str = "countiq";
/// TCP keepalive probes after 30 s of silence, then every 10 s, the third
/// unanswered one ending the connection: a server that vanished mid-command
/// is noticed in about a minute, not the kernel's two hours. A server busy
/// with a long statement still answers them.
const KEEPALIVE_IDLE: Duration = Duration::from_secs(30);
const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(10);
const KEEPALIVE_RETRIES: u32 = 3;
/// Data the server has not acknowledged for this long ends the connection
/// (Linux would otherwise retransmit for about 15 minutes).
const TCP_USER_TIMEOUT: Duration = Duration::from_secs(60);

/// Where the server listens.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Host {
    /// A host name or IP address.
    Tcp(String),
    /// A directory holding the server's Unix socket.
    Socket(PathBuf),
}

/// Everything needed to reach one server, resolved once per command.
#[derive(Clone)]
pub struct Target {
    redacted: String,
    host: Host,
    port: u16,
    user: String,
    password: Option<String>,
    database: String,
    ssl_mode: SslMode,
    root_cert: RootCert,
    connect_timeout: Option<Duration>,
    application_name: String,
}

/// Written by hand so that the password never reaches a log.
impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Target")
            .field("url", &self.redacted)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("database", &self.database)
            .field("ssl_mode", &self.ssl_mode)
            .field("root_cert", &self.root_cert)
            .field("connect_timeout", &self.connect_timeout)
            .field("application_name", &self.application_name)
            .finish()
    }
}

/// A connection made by [`Target::connect`].
pub struct Connected {
    /// The session, logged in.
    pub client: postgres::Client,
    /// Whether the session is encrypted, and what was verified.
    pub tls: Tls,
}

/// Where a setting came from, for messages about a bad one.
enum Origin<'a> {
    Url(&'a str),
    Var(&'static str),
}

impl fmt::Display for Origin<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Url(redacted) => write!(f, "in the database URL {redacted}"),
            Self::Var(name) => write!(f, "in {name}"),
        }
    }
}

impl Target {
    /// Resolves a `postgres://` / `postgresql://` URL (libpq URI syntax) plus
    /// what it leaves out from libpq's environment, as psql does.
    /// `env` looks up an environment variable (tests pass a map; production
    /// passes `std::env::var`). An empty variable counts as unset.
    ///
    /// A bad URL or setting is a usage error. A password file that others
    /// may read is ignored with a warning on stderr, as libpq does.
    pub fn resolve(url: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Target, Error> {
        let parts = url::parse(url)?;
        let redacted = url::redact(url);
        let env = |name: &str| env(name).filter(|value| !value.is_empty());
        let pick = |from_url: Option<String>, var: &'static str| match from_url {
            Some(value) => Some((value, Origin::Url(&redacted))),
            None => env(var).map(|value| (value, Origin::Var(var))),
        };

        let host = pick(parts.host, "PGHOST").map_or_else(
            || Ok(Host::Socket(PathBuf::from(DEFAULT_SOCKET_DIR))),
            |(host, origin)| parse_host(host, &origin),
        )?;
        let port = pick(parts.port, "PGPORT").map_or(Ok(DEFAULT_PORT), |(port, origin)| {
            parse_port(&port, &origin)
        })?;
        let user = pick(parts.user, "PGUSER")
            .map(|(user, _)| user)
            .or_else(|| env("USER"))
            .or_else(|| env("LOGNAME"))
            .ok_or_else(|| {
                Error::Usage(
                    "cannot tell which database role to log in as: give a user in the database \
                     URL or set PGUSER"
                        .to_owned(),
                )
            })?;
        let database = pick(parts.dbname, "PGDATABASE").map_or_else(|| user.clone(), |(db, _)| db);

        let root_cert = match pick(parts.sslrootcert, "PGSSLROOTCERT") {
            Some((path, _)) if path == "system" => RootCert::System,
            Some((path, _)) => RootCert::File(PathBuf::from(path)),
            None => env("HOME").map_or(RootCert::Unset, |home| {
                RootCert::File(PathBuf::from(home).join(".postgresql/root.crt"))
            }),
        };
        let ssl_mode = match pick(parts.sslmode, "PGSSLMODE") {
            Some((name, origin)) => parse_ssl_mode(&name, &origin)?,
            // libpq: the system's roots are only worth trusting with the
            // host name checked, so they imply verify-full.
            None if root_cert == RootCert::System => SslMode::VerifyFull,
            None => SslMode::Prefer,
        };
        if root_cert == RootCert::System && ssl_mode != SslMode::VerifyFull {
            return Err(Error::Usage(
                "sslrootcert=system needs sslmode verify-full: a certificate from a public \
                 authority proves nothing unless its host name is checked"
                    .to_owned(),
            ));
        }
        let connect_timeout = pick(parts.connect_timeout, "PGCONNECT_TIMEOUT")
            .map_or(Ok(Some(DEFAULT_CONNECT_TIMEOUT)), |(seconds, origin)| {
                parse_timeout(&seconds, &origin)
            })?;
        let application_name = pick(parts.application_name, "PGAPPNAME")
            .map_or_else(|| DEFAULT_APPLICATION_NAME.to_owned(), |(name, _)| name);

        let mut target = Target {
            redacted: redacted.clone(),
            host,
            port,
            user,
            password: None,
            database,
            ssl_mode,
            root_cert,
            connect_timeout,
            application_name,
        };
        target.password = match pick(parts.password, "PGPASSWORD") {
            Some((password, _)) => Some(password),
            None => pick(parts.passfile, "PGPASSFILE")
                .map(|(path, _)| PathBuf::from(path))
                .or_else(|| env("HOME").map(|home| PathBuf::from(home).join(".pgpass")))
                .and_then(|file| target.password_from_file(&file)),
        };
        Ok(target)
    }

    /// The password file's password for this target, as libpq looks it up:
    /// a socket in the default directory is `localhost`.
    fn password_from_file(&self, file: &std::path::Path) -> Option<String> {
        let host = match &self.host {
            Host::Tcp(name) => name.clone(),
            Host::Socket(dir) if dir.as_os_str() == DEFAULT_SOCKET_DIR => "localhost".to_owned(),
            Host::Socket(dir) => dir.display().to_string(),
        };
        let query = pgpass::Query {
            host: &host,
            port: &self.port.to_string(),
            database: &self.database,
            user: &self.user,
        };
        pgpass::lookup(file, &query).unwrap_or_else(|warning| {
            eprintln!("countiq: warning: {warning}");
            None
        })
    }

    /// The URL with any password replaced by `***` (for config show,
    /// doctor, logs, errors).
    #[must_use]
    pub fn redacted(&self) -> String {
        self.redacted.clone()
    }

    /// Where the server is, for messages: `host:port`, `[v6]:port`, or the
    /// socket file's path.
    #[must_use]
    pub fn endpoint(&self) -> String {
        match &self.host {
            Host::Tcp(name) if name.contains(':') => format!("[{name}]:{}", self.port),
            Host::Tcp(name) => format!("{name}:{}", self.port),
            Host::Socket(dir) => format!("{}/.s.PGSQL.{}", dir.display(), self.port),
        }
    }

    /// The role name it logs in as.
    #[must_use]
    pub fn user(&self) -> &str {
        &self.user
    }

    /// The database it connects to.
    #[must_use]
    pub fn database(&self) -> &str {
        &self.database
    }

    /// Connects: the whole attempt (name lookup, TLS, login) bounded by
    /// `connect_timeout`, TLS per `sslmode`, TCP keepalives on.
    ///
    /// Unreachable, refused, timed out or a failed TLS handshake is
    /// `Unavailable`; refused credentials are `Denied`; a database that does
    /// not exist is `Database`.
    pub fn connect(&self) -> Result<Connected, Error> {
        let plan = tls::plan(
            self.ssl_mode,
            &self.root_cert,
            matches!(self.host, Host::Socket(_)),
        )?;
        let mut config = postgres::Config::new();
        config
            .user(&self.user)
            .dbname(&self.database)
            .port(self.port)
            .application_name(&self.application_name)
            .ssl_mode(plan.mode)
            .keepalives(true)
            .keepalives_idle(KEEPALIVE_IDLE)
            .keepalives_interval(KEEPALIVE_INTERVAL)
            .keepalives_retries(KEEPALIVE_RETRIES)
            .tcp_user_timeout(TCP_USER_TIMEOUT);
        match &self.host {
            Host::Tcp(name) => config.host(name),
            Host::Socket(dir) => config.host_path(dir),
        };
        if let Some(password) = &self.password {
            config.password(password);
        }
        if let Some(timeout) = self.connect_timeout {
            config.connect_timeout(timeout);
        }
        let attempt = match plan.connector {
            Some(connector) => {
                let used = connector.used();
                within(self.connect_timeout, move || config.connect(connector))?
                    .map(|made| made.map(|client| (client, used.load(Ordering::Relaxed))))
            }
            None => within(self.connect_timeout, move || {
                config.connect(postgres::NoTls)
            })?
            .map(|made| made.map(|client| (client, false))),
        };
        let endpoint = self.endpoint();
        match attempt {
            Some(Ok((client, encrypted))) => Ok(Connected {
                client,
                tls: if encrypted { plan.level } else { Tls::Off },
            }),
            Some(Err(err)) => Err(failure::classify(
                &err,
                &failure::Attempt {
                    endpoint: &endpoint,
                    user: &self.user,
                    database: &self.database,
                },
            )),
            None => Err(failure::unreachable_at(
                &endpoint,
                &format!(
                    "no answer within {} s (connect_timeout)",
                    self.connect_timeout.unwrap_or_default().as_secs()
                ),
            )),
        }
    }

    /// Asks the server to cancel the statement running on the connection
    /// `token` came from, over a short connection of its own, with TLS as
    /// `sslmode` says (as [`Self::connect`] makes one).
    pub fn cancel(&self, token: &postgres::CancelToken) -> Result<(), Error> {
        let plan = tls::plan(
            self.ssl_mode,
            &self.root_cert,
            matches!(self.host, Host::Socket(_)),
        )?;
        match plan.connector {
            Some(connector) => token.cancel_query(connector),
            None => token.cancel_query(postgres::NoTls),
        }
        .map_err(Error::from)
    }
}

fn parse_host(host: String, origin: &Origin<'_>) -> Result<Host, Error> {
    if host.starts_with('/') {
        Ok(Host::Socket(PathBuf::from(host)))
    } else if host.contains(',') {
        Err(Error::Usage(format!(
            "CountIQ connects to one host, not a list of them (\"{host}\" {origin})"
        )))
    } else {
        Ok(Host::Tcp(host))
    }
}

fn parse_port(port: &str, origin: &Origin<'_>) -> Result<u16, Error> {
    match port.trim().parse::<u16>() {
        Ok(port) if port > 0 => Ok(port),
        // The URL's value may be a piece of a password with an unencoded
        // "/" in it: it is shown only through the redacted URL.
        _ => Err(Error::Usage(match origin {
            Origin::Url(_) => format!("invalid port {origin}"),
            Origin::Var(_) => format!("invalid port \"{port}\" {origin}"),
        })),
    }
}

fn parse_ssl_mode(name: &str, origin: &Origin<'_>) -> Result<SslMode, Error> {
    SslMode::parse(name).ok_or_else(|| {
        Error::Usage(format!(
            "invalid sslmode \"{name}\" {origin}: expected one of {}",
            SslMode::NAMES
        ))
    })
}

/// libpq's reading of `connect_timeout`: whole seconds, zero or less waits
/// forever, and 1 means 2.
fn parse_timeout(seconds: &str, origin: &Origin<'_>) -> Result<Option<Duration>, Error> {
    let seconds: i64 = seconds.trim().parse().map_err(|_| {
        Error::Usage(format!(
            "invalid connect_timeout \"{seconds}\" {origin}: expected whole seconds"
        ))
    })?;
    Ok((seconds > 0).then(|| Duration::from_secs(seconds.max(2).unsigned_abs())))
}

/// Runs `connect` with at most `limit` to finish: `Ok(None)` past it.
///
/// The postgres crate bounds only the TCP connect by `connect_timeout`; a
/// server that accepts and then says nothing would hold the TLS handshake
/// or the login forever. So the attempt runs on its own thread and is
/// abandoned past the limit: that thread ends when its socket does, and a
/// client it makes late is dropped, closing its connection.
fn within<T: Send + 'static>(
    limit: Option<Duration>,
    connect: impl FnOnce() -> T + Send + 'static,
) -> Result<Option<T>, Error> {
    let Some(limit) = limit else {
        return Ok(Some(connect()));
    };
    let (sender, receiver) = mpsc::sync_channel(1);
    thread::Builder::new()
        .name("countiq-connect".to_owned())
        .spawn(move || {
            // Sending fails only once the caller stopped waiting.
            sender.send(connect()).ok();
        })
        .map_err(|err| anyhow::Error::new(err).context("cannot start a thread to connect"))?;
    match receiver.recv_timeout(limit) {
        Ok(done) => Ok(Some(done)),
        Err(mpsc::RecvTimeoutError::Timeout) => Ok(None),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Err(anyhow::anyhow!("the connection attempt ended without a result").into())
        }
    }
}

/// Redacts the password of any URL-looking string (used where resolution
/// failed): everything that may be a password becomes `***`.
#[must_use]
pub fn redact(url: &str) -> String {
    url::redact(url)
}

/// True when `db` names a database on a server (`postgres://` or
/// `postgresql://` prefix) rather than an SQLite file.
#[must_use]
pub fn is_postgres_url(db: &str) -> bool {
    url::is_postgres_url(db)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::fs;
    use std::net::TcpListener;
    use std::os::unix::fs::PermissionsExt;
    use std::path::Path;
    use std::process::Command;
    use std::time::Instant;

    use super::*;
    use crate::domain::ErrorKind;

    /// An environment holding only `pairs`.
    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| map.get(name).cloned()
    }

    fn resolve(url: &str, pairs: &[(&str, &str)]) -> Target {
        Target::resolve(url, &env(pairs)).unwrap_or_else(|err| panic!("{url}: {err}"))
    }

    fn usage(url: &str, pairs: &[(&str, &str)]) -> String {
        match Target::resolve(url, &env(pairs)) {
            Err(Error::Usage(message)) => message,
            other => panic!("{url}: expected a usage error, got {other:?}"),
        }
    }

    /// A password file holding `contents`, private as libpq wants it.
    fn pgpass(dir: &Path, name: &str, contents: &str) -> String {
        let path = dir.join(name);
        fs::write(&path, contents).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        path.display().to_string()
    }

    #[test]
    fn defaults_are_libpq_defaults_as_debian_builds_it() {
        let t = resolve("postgres://", &[("USER", "ann")]);
        assert_eq!(t.host, Host::Socket(PathBuf::from("/var/run/postgresql")));
        assert_eq!(t.port, 5432);
        assert_eq!((t.user(), t.database()), ("ann", "ann"));
        assert_eq!(t.password, None);
        assert_eq!(t.ssl_mode, SslMode::Prefer);
        assert_eq!(t.connect_timeout, Some(Duration::from_secs(10)));
        assert_eq!(t.application_name, "countiq");
        assert_eq!(t.endpoint(), "/var/run/postgresql/.s.PGSQL.5432");
    }

    #[test]
    fn the_environment_fills_in_what_the_url_leaves_out() {
        let vars = [
            ("PGHOST", "db.example.com"),
            ("PGPORT", "6543"),
            ("PGUSER", "bob"),
            ("PGPASSWORD", "envpw"),
            ("PGDATABASE", "stock"),
            ("PGSSLMODE", "require"),
            ("PGSSLROOTCERT", "/etc/ca.pem"),
            ("PGCONNECT_TIMEOUT", "3"),
            ("PGAPPNAME", "nightly"),
            ("USER", "ann"),
        ];
        let t = resolve("postgresql://", &vars);
        assert_eq!(t.endpoint(), "db.example.com:6543");
        assert_eq!((t.user(), t.database()), ("bob", "stock"));
        assert_eq!(t.password.as_deref(), Some("envpw"));
        assert_eq!(t.ssl_mode, SslMode::Require);
        assert_eq!(t.root_cert, RootCert::File(PathBuf::from("/etc/ca.pem")));
        assert_eq!(t.connect_timeout, Some(Duration::from_secs(3)));
        assert_eq!(t.application_name, "nightly");
    }

    #[test]
    fn the_url_beats_the_environment() {
        let vars = [
            ("PGHOST", "envhost"),
            ("PGPORT", "1111"),
            ("PGUSER", "envuser"),
            ("PGPASSWORD", "envpw"),
            ("PGDATABASE", "envdb"),
            ("PGSSLMODE", "disable"),
            ("PGCONNECT_TIMEOUT", "30"),
            ("PGAPPNAME", "envapp"),
        ];
        let t = resolve(
            "postgres://ann:urlpw@urlhost:2222/urldb?sslmode=verify-ca&connect_timeout=4&application_name=urlapp",
            &vars,
        );
        assert_eq!(t.endpoint(), "urlhost:2222");
        assert_eq!((t.user(), t.database()), ("ann", "urldb"));
        assert_eq!(t.password.as_deref(), Some("urlpw"));
        assert_eq!(t.ssl_mode, SslMode::VerifyCa);
        assert_eq!(t.connect_timeout, Some(Duration::from_secs(4)));
        assert_eq!(t.application_name, "urlapp");
    }

    #[test]
    fn an_empty_variable_counts_as_unset() {
        let t = resolve(
            "postgres://",
            &[("PGHOST", ""), ("PGUSER", ""), ("USER", "ann")],
        );
        assert_eq!(
            (t.user(), t.endpoint().as_str()),
            ("ann", "/var/run/postgresql/.s.PGSQL.5432")
        );
    }

    #[test]
    fn the_role_falls_back_to_the_os_user_and_is_required() {
        assert_eq!(
            resolve("postgres://", &[("LOGNAME", "carl")]).user(),
            "carl"
        );
        assert_eq!(
            resolve("postgres://", &[("USER", "ann"), ("LOGNAME", "carl")]).user(),
            "ann"
        );
        assert!(usage("postgres://h/db", &[]).contains("set PGUSER"));
    }

    #[test]
    fn socket_directories_come_from_the_url_or_pghost() {
        let t = resolve("postgres://%2Ftmp%2Fpg:5433/db", &[("USER", "ann")]);
        assert_eq!(t.endpoint(), "/tmp/pg/.s.PGSQL.5433");
        let t = resolve("postgres:///db", &[("USER", "ann"), ("PGHOST", "/run/pg")]);
        assert_eq!(t.host, Host::Socket(PathBuf::from("/run/pg")));
    }

    #[test]
    fn ipv6_endpoints_are_bracketed() {
        let t = resolve("postgres://ann@[::1]:5433/db", &[]);
        assert_eq!(t.endpoint(), "[::1]:5433");
    }

    #[test]
    fn connect_timeout_defaults_to_ten_seconds_and_otherwise_follows_libpq() {
        let timeout = |url: &str, pairs: &[(&str, &str)]| resolve(url, pairs).connect_timeout;
        let user = ("USER", "ann");
        assert_eq!(
            timeout("postgres://", &[user]),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            timeout("postgres://?connect_timeout=7", &[user]),
            Some(Duration::from_secs(7))
        );
        // libpq waits at least 2 s, and not at all with 0 or less.
        assert_eq!(
            timeout("postgres://?connect_timeout=1", &[user]),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            timeout("postgres://", &[user, ("PGCONNECT_TIMEOUT", "0")]),
            None
        );
        assert_eq!(timeout("postgres://?connect_timeout=-1", &[user]), None);
        let message = usage("postgres://", &[user, ("PGCONNECT_TIMEOUT", "soon")]);
        assert_eq!(
            message,
            "invalid connect_timeout \"soon\" in PGCONNECT_TIMEOUT: expected whole seconds"
        );
    }

    #[test]
    fn a_bad_port_is_a_usage_error_saying_where_it_came_from() {
        assert_eq!(
            usage("postgres://ann@h/db", &[("PGPORT", "54x")]),
            "invalid port \"54x\" in PGPORT"
        );
        assert_eq!(
            usage("postgres://ann@h:0/db", &[]),
            "invalid port in the database URL postgres://ann@h:0/db"
        );
        // An unencoded "/" in a password: libpq reads port "pa55".
        let message = usage("postgres://ann:pa55/word@h/db", &[]);
        assert_eq!(
            message,
            "invalid port in the database URL postgres://ann:***@h/db"
        );
    }

    #[test]
    fn a_list_of_hosts_in_pghost_is_refused() {
        assert!(usage("postgres://ann@/db", &[("PGHOST", "a,b")]).contains("one host"));
    }

    #[test]
    fn an_unknown_sslmode_is_a_usage_error_listing_the_modes() {
        let message = usage("postgres://ann@h/db", &[("PGSSLMODE", "strict")]);
        assert!(
            message
                .starts_with("invalid sslmode \"strict\" in PGSSLMODE: expected one of disable,")
        );
        assert!(usage("postgres://ann@h/db?sslmode=on", &[]).contains("in the database URL"));
    }

    #[test]
    fn an_unknown_url_parameter_is_a_usage_error() {
        let err = Target::resolve("postgres://ann:pw@h/db?frobnicate=1", &env(&[])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Usage);
        assert!(err.to_string().contains("\"frobnicate\""), "{err}");
    }

    #[test]
    fn the_default_root_certificate_is_in_the_home_folder() {
        let t = resolve("postgres://ann@h/db", &[("HOME", "/home/ann")]);
        assert_eq!(
            t.root_cert,
            RootCert::File(PathBuf::from("/home/ann/.postgresql/root.crt"))
        );
        assert_eq!(
            resolve("postgres://ann@h/db", &[]).root_cert,
            RootCert::Unset
        );
    }

    #[test]
    fn the_system_roots_imply_verify_full_and_refuse_weaker_modes() {
        let t = resolve("postgres://ann@h/db?sslrootcert=system", &[]);
        assert_eq!(
            (t.root_cert, t.ssl_mode),
            (RootCert::System, SslMode::VerifyFull)
        );
        let message = usage(
            "postgres://ann@h/db?sslrootcert=system&sslmode=require",
            &[],
        );
        assert!(message.contains("needs sslmode verify-full"), "{message}");
    }

    #[test]
    fn the_password_comes_from_the_url_then_pgpassword_then_the_password_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = pgpass(dir.path(), "pgpass", "*:*:*:*:filepw\n");
        let vars = [("PGPASSFILE", file.as_str()), ("PGPASSWORD", "envpw")];
        let password = |url: &str, pairs: &[(&str, &str)]| resolve(url, pairs).password;
        assert_eq!(
            password("postgres://ann:urlpw@h/db", &vars).as_deref(),
            Some("urlpw")
        );
        assert_eq!(
            password("postgres://ann@h/db?password=qpw", &vars).as_deref(),
            Some("qpw")
        );
        assert_eq!(
            password("postgres://ann@h/db", &vars).as_deref(),
            Some("envpw")
        );
        assert_eq!(
            password("postgres://ann@h/db", &vars[..1]).as_deref(),
            Some("filepw")
        );
    }

    #[test]
    fn the_password_file_is_passfile_then_pgpassfile_then_home() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().display().to_string();
        pgpass(dir.path(), ".pgpass", "*:*:*:*:home\n");
        let named = pgpass(dir.path(), "named", "*:*:*:*:named\n");
        let param = pgpass(dir.path(), "param", "*:*:*:*:param\n");
        let password = |url: &str, pairs: &[(&str, &str)]| resolve(url, pairs).password;
        let url = format!("postgres://ann@h/db?passfile={param}");
        assert_eq!(
            password(&url, &[("PGPASSFILE", &named), ("HOME", &home)]).as_deref(),
            Some("param")
        );
        let url = "postgres://ann@h/db";
        assert_eq!(
            password(url, &[("PGPASSFILE", &named), ("HOME", &home)]).as_deref(),
            Some("named")
        );
        assert_eq!(password(url, &[("HOME", &home)]).as_deref(), Some("home"));
        assert_eq!(password(url, &[]), None);
    }

    #[test]
    fn the_password_file_is_matched_on_host_port_database_and_user() {
        let dir = tempfile::tempdir().unwrap();
        let file = pgpass(
            dir.path(),
            "pgpass",
            "# comment\nh:5433:db:ann:wrongport\nh:5432:db:ann:right\n*:*:*:*:fallback\n",
        );
        let vars = [("PGPASSFILE", file.as_str())];
        assert_eq!(
            resolve("postgres://ann@h/db", &vars).password.as_deref(),
            Some("right")
        );
        assert_eq!(
            resolve("postgres://ann@h:5433/db", &vars)
                .password
                .as_deref(),
            Some("wrongport")
        );
        assert_eq!(
            resolve("postgres://bob@h/db", &vars).password.as_deref(),
            Some("fallback")
        );
    }

    #[test]
    fn the_default_socket_directory_is_localhost_in_the_password_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = pgpass(
            dir.path(),
            "pgpass",
            "localhost:5432:db:ann:local\n/tmp/pg:5432:db:ann:tmpdir\n",
        );
        let vars = [("PGPASSFILE", file.as_str())];
        let password = |url: &str| resolve(url, &vars).password;
        assert_eq!(password("postgres://ann@/db").as_deref(), Some("local"));
        assert_eq!(
            password("postgres://ann@localhost/db").as_deref(),
            Some("local")
        );
        // libpq: only the default directory stands for localhost.
        assert_eq!(
            password("postgres://ann@%2Ftmp%2Fpg/db").as_deref(),
            Some("tmpdir")
        );
    }

    #[test]
    fn a_password_file_others_may_read_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let file = pgpass(dir.path(), "pgpass", "*:*:*:*:leaked\n");
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(
            resolve("postgres://ann@h/db", &[("PGPASSFILE", &file)]).password,
            None
        );
    }

    #[test]
    fn no_password_shows_in_redacted_or_debug_output() {
        let t = resolve("postgres://ann:s3cret@h/db?sslmode=require", &[]);
        assert_eq!(t.redacted(), "postgres://ann:***@h/db?sslmode=require");
        let shown = format!("{t:?}");
        assert!(
            !shown.contains("s3cret") && shown.contains("***"),
            "{shown}"
        );
        let from_env = resolve("postgres://ann@h/db", &[("PGPASSWORD", "s3cret")]);
        assert!(!format!("{from_env:?}").contains("s3cret"));
        assert_eq!(
            redact("postgres://ann:s3cret@h:bad/db"),
            "postgres://ann:***@h:bad/db"
        );
    }

    #[test]
    fn only_postgres_urls_are_recognised() {
        assert!(is_postgres_url("postgresql://h/db") && is_postgres_url("postgres://"));
        assert!(!is_postgres_url("./postgres.db"));
    }

    // Connecting: these need no server.

    fn failure(target: &Target) -> Error {
        match target.connect() {
            Ok(_) => panic!("connected to {}", target.endpoint()),
            Err(err) => err,
        }
    }

    #[test]
    fn a_closed_port_is_unavailable_at_once() {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let target = resolve(&format!("postgres://ann:pw@127.0.0.1:{port}/db"), &[]);
        let started = Instant::now();
        let err = failure(&target);
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(err.kind(), ErrorKind::Unavailable);
        assert_eq!(
            err.to_string(),
            format!("cannot reach the database server at 127.0.0.1:{port}: connection refused")
        );
    }

    #[test]
    fn a_server_that_never_answers_is_unavailable_after_connect_timeout() {
        // The kernel completes connections to a listener that never accepts.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let target = resolve(
            &format!("postgres://ann:pw@127.0.0.1:{port}/db?connect_timeout=1"),
            &[],
        );
        let started = Instant::now();
        let err = failure(&target);
        let waited = started.elapsed();
        assert!(
            waited >= Duration::from_secs(2) && waited < Duration::from_secs(5),
            "{waited:?}"
        );
        assert_eq!(err.kind(), ErrorKind::Unavailable);
        assert_eq!(
            err.to_string(),
            format!(
                "cannot reach the database server at 127.0.0.1:{port}: no answer within 2 s (connect_timeout)"
            )
        );
        drop(listener);
    }

    #[test]
    fn a_missing_socket_is_unavailable_naming_the_socket_file() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("postgres://ann@/db?host={}&port=5999", dir.path().display());
        let err = failure(&resolve(&url, &[]));
        assert_eq!(err.kind(), ErrorKind::Unavailable);
        assert_eq!(
            err.to_string(),
            format!(
                "cannot reach the database server at {}/.s.PGSQL.5999: no such file or directory",
                dir.path().display()
            )
        );
    }

    #[test]
    fn an_unknown_host_name_is_unavailable() {
        let err = failure(&resolve(
            "postgres://ann:pw@no-such-host.invalid/db?connect_timeout=5",
            &[],
        ));
        assert_eq!(err.kind(), ErrorKind::Unavailable);
        assert!(
            err.to_string()
                .starts_with("cannot reach the database server at no-such-host.invalid:5432: "),
            "{err}"
        );
    }

    // Connecting to the server named by COUNTIQ_TEST_POSTGRES.

    /// The test server's URL, or `None` after saying on stderr why the test
    /// is skipped. Under `COUNTIQ_REQUIRE_POSTGRES=1` a missing server fails.
    fn server_url() -> Option<String> {
        if let Some(url) = std::env::var("COUNTIQ_TEST_POSTGRES")
            .ok()
            .filter(|url| !url.is_empty())
        {
            return Some(url);
        }
        assert!(
            std::env::var("COUNTIQ_REQUIRE_POSTGRES").as_deref() != Ok("1"),
            "COUNTIQ_REQUIRE_POSTGRES=1 but COUNTIQ_TEST_POSTGRES is not set"
        );
        eprintln!(
            "skipped: set COUNTIQ_TEST_POSTGRES to a postgres:// URL to test against a server"
        );
        None
    }

    fn connect(target: &Target) -> Connected {
        target
            .connect()
            .unwrap_or_else(|err| panic!("{}: {err}", target.redacted()))
    }

    const WHO: &str = "select current_user, current_database(), current_setting('application_name'), inet_server_port()";

    fn who(client: &mut postgres::Client) -> [String; 4] {
        let row = client.query_one(WHO, &[]).unwrap();
        [
            row.get(0),
            row.get(1),
            row.get(2),
            row.get::<_, i32>(3).to_string(),
        ]
    }

    /// What psql reports for [`WHO`] given exactly the variables `vars`.
    fn psql_who(vars: &[(&str, &str)]) -> [String; 4] {
        let output = Command::new("psql")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(vars.iter().copied())
            .args(["--no-psqlrc", "-Atc", WHO])
            .output()
            .expect("psql runs");
        assert!(
            output.status.success(),
            "psql: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = String::from_utf8(output.stdout).unwrap();
        let fields: Vec<String> = text.trim().split('|').map(str::to_owned).collect();
        fields
            .try_into()
            .unwrap_or_else(|fields| panic!("psql printed {fields:?}"))
    }

    #[test]
    fn connects_where_psql_connects_given_the_same_environment() {
        let Some(url) = server_url() else { return };
        let server = resolve(&url, &[]);
        let Host::Tcp(host) = &server.host else {
            panic!("COUNTIQ_TEST_POSTGRES should name a TCP host")
        };
        let port = server.port.to_string();
        let line = format!(
            "{host}:{port}:{}:{}:{}\n",
            server.database,
            server.user,
            server.password.clone().unwrap()
        );
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        fs::create_dir(&home).unwrap();
        pgpass(&home, ".pgpass", &line);
        let named = pgpass(dir.path(), "named-pgpass", &line);
        let home = home.display().to_string();
        let base = [
            ("PGHOST", host.as_str()),
            ("PGPORT", port.as_str()),
            ("PGUSER", server.user()),
            ("PGDATABASE", server.database()),
            ("HOME", home.as_str()),
        ];

        // The password from ~/.pgpass; PGAPPNAME names the session for both.
        let mut vars = base.to_vec();
        vars.push(("PGAPPNAME", "countiq-parity"));
        let ours = who(&mut connect(&resolve("postgres://", &vars)).client);
        assert_eq!(ours, psql_who(&vars));
        assert_eq!(ours[2], "countiq-parity");

        // The password from PGPASSFILE; without PGAPPNAME psql names itself
        // and CountIQ says countiq.
        let mut vars = base.to_vec();
        vars.push(("PGPASSFILE", named.as_str()));
        fs::remove_file(Path::new(&home).join(".pgpass")).unwrap();
        let ours = who(&mut connect(&resolve("postgres://", &vars)).client);
        let theirs = psql_who(&vars);
        assert_eq!((&ours[..2], &ours[3]), (&theirs[..2], &theirs[3]));
        assert_eq!((ours[2].as_str(), theirs[2].as_str()), ("countiq", "psql"));
    }

    #[test]
    fn the_reported_tls_is_what_the_server_sees() {
        let Some(url) = server_url() else { return };
        let base = resolve(&url, &[]);
        for (mode, expected) in [
            (SslMode::Disable, Tls::Off),
            (SslMode::Prefer, Tls::Unverified),
        ] {
            let target = Target {
                ssl_mode: mode,
                ..base.clone()
            };
            let mut connected = connect(&target);
            let row = connected
                .client
                .query_one(
                    "select ssl from pg_stat_ssl where pid = pg_backend_pid()",
                    &[],
                )
                .unwrap();
            assert_eq!(connected.tls.in_use(), row.get::<_, bool>(0), "{mode:?}");
            // The test server is Debian's, with TLS on by default.
            if row.get::<_, bool>(0) || mode == SslMode::Disable {
                assert_eq!(connected.tls, expected, "{mode:?}");
            }
        }
    }

    #[test]
    fn a_wrong_password_is_denied() {
        let Some(url) = server_url() else { return };
        let right = resolve(&url, &[]);
        let target = Target {
            password: Some("not the password".to_owned()),
            ..right.clone()
        };
        let err = failure(&target);
        assert_eq!(err.kind(), ErrorKind::Denied, "{err}");
        assert_eq!(
            err.to_string(),
            format!(
                "the server refused the credentials of role \"{}\" at {}: password authentication failed for user \"{}\"",
                right.user(),
                right.endpoint(),
                right.user()
            )
        );
        assert!(!err.to_string().contains("not the password"));
    }

    #[test]
    fn no_password_where_one_is_asked_for_is_denied() {
        let Some(url) = server_url() else { return };
        let target = Target {
            password: None,
            ..resolve(&url, &[])
        };
        let err = failure(&target);
        assert_eq!(err.kind(), ErrorKind::Denied, "{err}");
        assert!(err.to_string().contains("asks for a password"), "{err}");
    }

    #[test]
    fn a_missing_database_is_a_database_error() {
        let Some(url) = server_url() else { return };
        let target = Target {
            database: "countiq_no_such_db".to_owned(),
            ..resolve(&url, &[])
        };
        let err = failure(&target);
        assert_eq!(err.kind(), ErrorKind::Database, "{err}");
        assert!(
            err.to_string()
                .starts_with("database \"countiq_no_such_db\" does not exist"),
            "{err}"
        );
    }
}
