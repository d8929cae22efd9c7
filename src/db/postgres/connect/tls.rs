//! TLS by rustls, chosen per libpq's `sslmode`, with no OpenSSL.
//!
//! | sslmode | TLS | certificate checked |
//! |---|---|---|
//! | `disable` | never | - |
//! | `allow`, `prefer` | when the server offers it | no |
//! | `require` | always | only when the root certificate file exists (then as `verify-ca`) |
//! | `verify-ca` | always | chain against `sslrootcert` |
//! | `verify-full` | always | chain, and the host name |
//!
//! The server offers no TLS over a Unix socket, and libpq does not ask for it
//! there whatever the mode; neither does CountIQ.

use std::convert::Infallible;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use postgres::Socket;
use postgres::tls::{MakeTlsConnect, TlsConnect};
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::domain::Error;

/// libpq's `sslmode` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    /// Every mode, in libpq's order, for messages.
    pub const NAMES: &'static str = "disable, allow, prefer, require, verify-ca, verify-full";

    /// The mode libpq spells `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "disable" => Self::Disable,
            "allow" => Self::Allow,
            "prefer" => Self::Prefer,
            "require" => Self::Require,
            "verify-ca" => Self::VerifyCa,
            "verify-full" => Self::VerifyFull,
            _ => return None,
        })
    }
}

/// Where the certificates that vouch for the server come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum RootCert {
    /// A PEM file: `sslrootcert`, else `~/.postgresql/root.crt`.
    File(PathBuf),
    /// `sslrootcert=system`: the Mozilla roots built into CountIQ.
    System,
    /// No setting and no home folder to look in.
    Unset,
}

/// Whether the connection is encrypted, and what was checked of the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tls {
    /// No TLS: `disable`, a server without TLS under `allow`/`prefer`, or a
    /// Unix socket.
    Off,
    /// Encrypted; the server's certificate was not checked (`allow`,
    /// `prefer`, `require` without a root certificate).
    Unverified,
    /// Encrypted; the certificate chains to a trusted root, the host name was
    /// not checked (`verify-ca`, or `require` with a root certificate file).
    CertificateVerified,
    /// Encrypted; chain and host name checked (`verify-full`).
    HostVerified,
}

impl Tls {
    /// True when the connection is encrypted.
    #[must_use]
    pub fn in_use(self) -> bool {
        self != Self::Off
    }

    /// A short description for `doctor` and logs.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Unverified => "on, certificate not verified",
            Self::CertificateVerified => "on, certificate verified, host name not checked",
            Self::HostVerified => "on, certificate and host name verified",
        }
    }
}

/// How to connect: the mode to hand the postgres crate, the connector, and
/// what the connection will be if TLS is used.
pub(super) struct Plan {
    pub mode: postgres::config::SslMode,
    pub connector: Option<Connector>,
    pub level: Tls,
}

/// The TLS plan for `mode`. `over_socket` is a Unix-socket connection, which
/// never uses TLS. Reads the root certificate file, so a verify mode without
/// one fails here, as in libpq.
pub(super) fn plan(mode: SslMode, root: &RootCert, over_socket: bool) -> Result<Plan, Error> {
    use postgres::config::SslMode as Wire;
    if over_socket || mode == SslMode::Disable {
        return Ok(Plan {
            mode: Wire::Disable,
            connector: None,
            level: Tls::Off,
        });
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let any = || Arc::new(AnyCertificate(Arc::clone(&provider)));
    let (wire, verifier, level): (_, Arc<dyn ServerCertVerifier>, _) = match mode {
        // libpq's "allow" tries plain first and TLS second; "prefer" reaches
        // the same servers in one attempt.
        SslMode::Disable | SslMode::Allow | SslMode::Prefer => {
            (Wire::Prefer, any(), Tls::Unverified)
        }
        SslMode::Require => match roots(root)? {
            Some(store) => {
                let chain = ChainOnly(verifier(store, &provider)?);
                (Wire::Require, Arc::new(chain), Tls::CertificateVerified)
            }
            None => (Wire::Require, any(), Tls::Unverified),
        },
        SslMode::VerifyCa => {
            let chain = ChainOnly(verifier(required_roots(root)?, &provider)?);
            (Wire::Require, Arc::new(chain), Tls::CertificateVerified)
        }
        SslMode::VerifyFull => {
            let full = verifier(required_roots(root)?, &provider)?;
            (Wire::Require, full, Tls::HostVerified)
        }
    };
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|err| Error::Internal(anyhow::Error::new(err).context("cannot set up TLS")))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(Plan {
        mode: wire,
        connector: Some(Connector {
            inner: MakeRustlsConnect::new(config),
            used: Arc::new(AtomicBool::new(false)),
        }),
        level,
    })
}

/// The trusted roots `root` names; `None` when it names a file that does
/// not exist, or nothing (libpq's `require` then checks nothing).
fn roots(root: &RootCert) -> Result<Option<RootCertStore>, Error> {
    let mut store = RootCertStore::empty();
    match root {
        RootCert::System => store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
        RootCert::File(path) if path.exists() => {
            for cert in read_certificates(path)? {
                store
                    .add(cert)
                    .map_err(|err| bad_root_file(path, &err.to_string()))?;
            }
        }
        RootCert::File(_) | RootCert::Unset => return Ok(None),
    }
    Ok(Some(store))
}

/// The roots a verify mode needs, or the error libpq gives without them.
fn required_roots(root: &RootCert) -> Result<RootCertStore, Error> {
    roots(root)?.ok_or_else(|| match root {
        RootCert::File(path) => Error::Usage(format!(
            "root certificate file \"{}\" does not exist; give the file, use the system's \
             trusted roots with sslrootcert=system, or use an sslmode that does not verify \
             the server's certificate",
            path.display()
        )),
        RootCert::System | RootCert::Unset => Error::Usage(
            "cannot find a root certificate file to verify the server with: set sslrootcert \
             (or PGSSLROOTCERT), or HOME for ~/.postgresql/root.crt"
                .to_owned(),
        ),
    })
}

/// webpki's verifier of chain and host name, trusting `store`.
fn verifier(
    store: RootCertStore,
    provider: &Arc<CryptoProvider>,
) -> Result<Arc<WebPkiServerVerifier>, Error> {
    WebPkiServerVerifier::builder_with_provider(Arc::new(store), Arc::clone(provider))
        .build()
        .map_err(|err| Error::Internal(anyhow::Error::new(err).context("cannot set up TLS")))
}

fn read_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, Error> {
    let certs = CertificateDer::pem_file_iter(path)
        .and_then(Iterator::collect::<Result<Vec<_>, _>>)
        .map_err(|err| bad_root_file(path, &err.to_string()))?;
    if certs.is_empty() {
        return Err(bad_root_file(path, "it holds no PEM certificate"));
    }
    Ok(certs)
}

fn bad_root_file(path: &Path, why: &str) -> Error {
    Error::Usage(format!(
        "cannot read root certificate file \"{}\": {why}",
        path.display()
    ))
}

/// Accepts any certificate (libpq's `prefer` and `require` check none) but
/// still checks the handshake's signatures, so the session is at least
/// bound to the key the server presented.
#[derive(Debug)]
struct AnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// libpq's `verify-ca`: the chain must lead to a trusted root, and the name
/// in the certificate may be anything. webpki checks the chain before the
/// name, so a name mismatch is only ever reported for a good chain.
#[derive(Debug)]
struct ChainOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

type RustlsConnect = <MakeRustlsConnect as MakeTlsConnect<Socket>>::TlsConnect;

/// rustls for the postgres crate, remembering whether the connection went
/// on to TLS: under `prefer` only the server's answer decides, and the
/// postgres client does not say.
pub(super) struct Connector {
    inner: MakeRustlsConnect,
    used: Arc<AtomicBool>,
}

impl Connector {
    /// A flag that turns true once the TLS handshake starts.
    pub fn used(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.used)
    }
}

impl MakeTlsConnect<Socket> for Connector {
    type Stream = <MakeRustlsConnect as MakeTlsConnect<Socket>>::Stream;
    type TlsConnect = TrackedConnect;
    type Error = Infallible;

    fn make_tls_connect(&mut self, domain: &str) -> Result<TrackedConnect, Infallible> {
        Ok(TrackedConnect {
            inner: MakeTlsConnect::<Socket>::make_tls_connect(&mut self.inner, domain)?,
            used: Arc::clone(&self.used),
        })
    }
}

/// One connection's TLS handshake, flagging that it happened.
pub(super) struct TrackedConnect {
    inner: RustlsConnect,
    used: Arc<AtomicBool>,
}

impl TlsConnect<Socket> for TrackedConnect {
    type Stream = <RustlsConnect as TlsConnect<Socket>>::Stream;
    type Error = io::Error;
    type Future = <RustlsConnect as TlsConnect<Socket>>::Future;

    fn connect(self, stream: Socket) -> Self::Future {
        self.used.store(true, Ordering::Relaxed);
        self.inner.connect(stream)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_cluster::{self, TestCa, TestCluster};
    use super::super::{Connected, Target};
    use super::*;
    use crate::domain::ErrorKind;

    #[test]
    fn every_libpq_sslmode_name_parses() {
        for name in SslMode::NAMES.split(", ") {
            assert!(SslMode::parse(name).is_some(), "{name}");
        }
        assert_eq!(SslMode::parse("verify_full"), None);
        assert_eq!(SslMode::parse("Require"), None);
    }

    #[test]
    fn a_unix_socket_never_uses_tls_whatever_the_mode() {
        let plan = plan(SslMode::VerifyFull, &RootCert::Unset, true).unwrap();
        assert!(plan.connector.is_none());
        assert_eq!(plan.level, Tls::Off);
    }

    #[test]
    fn require_without_a_root_file_does_not_verify() {
        let dir = tempfile::tempdir().unwrap();
        let absent = RootCert::File(dir.path().join("root.crt"));
        assert_eq!(
            plan(SslMode::Require, &absent, false).unwrap().level,
            Tls::Unverified
        );
        assert_eq!(
            plan(SslMode::Prefer, &absent, false).unwrap().level,
            Tls::Unverified
        );
    }

    #[test]
    fn verify_modes_without_a_root_file_are_usage_errors() {
        let dir = tempfile::tempdir().unwrap();
        let absent = RootCert::File(dir.path().join("root.crt"));
        for mode in [SslMode::VerifyCa, SslMode::VerifyFull] {
            match plan(mode, &absent, false) {
                Err(Error::Usage(message)) => {
                    assert!(message.contains("does not exist"), "{message}");
                }
                other => panic!("{mode:?}: {:?}", other.map(|p| p.level)),
            }
            assert!(matches!(
                plan(mode, &RootCert::Unset, false),
                Err(Error::Usage(_))
            ));
        }
    }

    #[test]
    fn a_root_file_without_certificates_is_a_usage_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("root.crt");
        std::fs::write(&path, "not a certificate\n").unwrap();
        match plan(SslMode::VerifyFull, &RootCert::File(path), false) {
            Err(Error::Usage(message)) => {
                assert!(message.contains("no PEM certificate"), "{message}");
            }
            other => panic!("{:?}", other.map(|p| p.level)),
        }
    }

    #[test]
    fn the_system_roots_need_no_file() {
        let plan = plan(SslMode::VerifyFull, &RootCert::System, false).unwrap();
        assert_eq!(plan.level, Tls::HostVerified);
    }

    #[test]
    fn tls_levels_say_what_was_checked() {
        assert!(!Tls::Off.in_use());
        assert!(Tls::Unverified.in_use() && Tls::HostVerified.in_use());
        assert_eq!(Tls::Off.describe(), "off");
        assert!(
            Tls::CertificateVerified
                .describe()
                .contains("host name not checked")
        );
    }

    // Against private clusters, with certificates made for the test.

    /// A CA, and a running cluster with a certificate from it for
    /// `subject_alt_names` (no TLS when `None`); `None` after saying on
    /// stderr why not, unless `COUNTIQ_REQUIRE_POSTGRES=1`.
    fn cluster(subject_alt_names: Option<&str>) -> Option<(TestCa, TestCluster)> {
        if let Some(why) =
            test_cluster::cluster_unavailable().or_else(test_cluster::certificates_unavailable)
        {
            assert!(
                std::env::var("COUNTIQ_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "COUNTIQ_REQUIRE_POSTGRES=1 but {why}"
            );
            eprintln!("skipped: {why}");
            return None;
        }
        let ca = TestCa::create().unwrap();
        let cluster = match subject_alt_names {
            Some(names) => {
                let (cert, key) = ca.issue("server", names).unwrap();
                TestCluster::create(Some((&cert, &key))).unwrap()
            }
            None => TestCluster::create(None).unwrap(),
        };
        Some((ca, cluster))
    }

    const LOCALHOST: Option<&str> = Some("DNS:localhost,IP:127.0.0.1");
    const OTHERHOST: Option<&str> = Some("DNS:otherhost");

    fn target(cluster: &TestCluster, host: &str, params: &str) -> Target {
        // No HOME: no ~/.postgresql/root.crt, no ~/.pgpass.
        Target::resolve(&cluster.url(host, params), &|_| None).unwrap()
    }

    /// Whether the server sees this session encrypted.
    fn server_sees_tls(connected: &mut Connected) -> bool {
        connected
            .client
            .query_one(
                "select ssl from pg_stat_ssl where pid = pg_backend_pid()",
                &[],
            )
            .unwrap()
            .get(0)
    }

    /// Connects to each URL and checks the outcome: `Ok` with the TLS the
    /// server must see too, or `Err` with a piece of the message.
    fn check(cases: &[(String, Result<Tls, &str>)]) {
        for (url, expected) in cases {
            let target = Target::resolve(url, &|_| None).unwrap();
            match (target.connect(), expected) {
                (Ok(mut connected), Ok(tls)) => {
                    assert_eq!(connected.tls, *tls, "{url}");
                    assert_eq!(server_sees_tls(&mut connected), tls.in_use(), "{url}");
                }
                (Err(err), Err(part)) => {
                    assert_eq!(err.kind(), ErrorKind::Unavailable, "{url}: {err}");
                    assert!(err.to_string().contains(part), "{url}: {err}");
                }
                (Ok(connected), Err(_)) => panic!("{url}: connected, TLS {:?}", connected.tls),
                (Err(err), Ok(_)) => panic!("{url}: {err}"),
            }
        }
    }

    const REFUSED: &str =
        "failed verification: it is not signed by a trusted certificate authority";

    #[test]
    fn each_sslmode_treats_a_certificate_for_localhost_as_libpq_does() {
        let Some((ca, cluster)) = cluster(LOCALHOST) else {
            return;
        };
        let stranger = TestCa::create().unwrap();
        let ours = format!("sslrootcert={}", ca.cert().display());
        let theirs = format!("sslrootcert={}", stranger.cert().display());
        let url = |host: &str, params: &str| cluster.url(host, params);
        let socket = format!(
            "postgres://{}@/{}?host={}&port={}&sslmode=verify-full",
            test_cluster::ROLE,
            test_cluster::DATABASE,
            cluster.socket_dir().display(),
            cluster.port()
        );
        check(&[
            (
                url("localhost", &format!("sslmode=verify-full&{ours}")),
                Ok(Tls::HostVerified),
            ),
            (
                url("localhost", &format!("sslmode=verify-ca&{ours}")),
                Ok(Tls::CertificateVerified),
            ),
            // libpq: require with a root certificate file verifies as verify-ca.
            (
                url("localhost", &format!("sslmode=require&{ours}")),
                Ok(Tls::CertificateVerified),
            ),
            (url("127.0.0.1", "sslmode=require"), Ok(Tls::Unverified)),
            (url("127.0.0.1", ""), Ok(Tls::Unverified)),
            (url("127.0.0.1", "sslmode=allow"), Ok(Tls::Unverified)),
            (url("127.0.0.1", "sslmode=disable"), Ok(Tls::Off)),
            // No TLS over a Unix socket, whatever the mode (trust, no password).
            (socket, Ok(Tls::Off)),
            (url("localhost", "sslrootcert=system"), Err(REFUSED)),
            (
                url("localhost", &format!("sslmode=verify-full&{theirs}")),
                Err(REFUSED),
            ),
            (
                url("localhost", &format!("sslmode=verify-ca&{theirs}")),
                Err(REFUSED),
            ),
            (
                url("localhost", &format!("sslmode=require&{theirs}")),
                Err(REFUSED),
            ),
        ]);
    }

    #[test]
    fn a_certificate_for_another_name_fails_verify_full_and_passes_verify_ca() {
        let Some((ca, cluster)) = cluster(OTHERHOST) else {
            return;
        };
        let ours = format!("sslrootcert={}", ca.cert().display());
        let at = format!("127.0.0.1:{}", cluster.port());
        let target = target(
            &cluster,
            "127.0.0.1",
            &format!("sslmode=verify-full&{ours}"),
        );
        let err = target.connect().err().map(|err| err.to_string());
        let message = err.as_deref().unwrap_or("connected");
        assert!(
            message.starts_with(&format!(
                "the certificate of the database server at {at} failed verification: "
            )) && message.contains("not valid for name"),
            "{message}"
        );
        check(&[
            (
                cluster.url("127.0.0.1", &format!("sslmode=verify-ca&{ours}")),
                Ok(Tls::CertificateVerified),
            ),
            (
                cluster.url("localhost", &format!("sslmode=verify-ca&{ours}")),
                Ok(Tls::CertificateVerified),
            ),
            (
                cluster.url("localhost", &format!("sslmode=verify-full&{ours}")),
                Err("not valid for name"),
            ),
        ]);
    }

    #[test]
    fn a_server_without_tls_is_reached_in_plain_unless_tls_is_required() {
        let Some((ca, cluster)) = cluster(None) else {
            return;
        };
        let ours = format!("sslrootcert={}", ca.cert().display());
        check(&[
            (cluster.url("127.0.0.1", ""), Ok(Tls::Off)),
            (cluster.url("127.0.0.1", "sslmode=allow"), Ok(Tls::Off)),
            (
                cluster.url("127.0.0.1", "sslmode=require"),
                Err("server does not support TLS"),
            ),
            (
                cluster.url("localhost", &format!("sslmode=verify-full&{ours}")),
                Err("server does not support TLS"),
            ),
        ]);
    }

    #[test]
    fn a_stopped_server_is_unavailable_until_it_is_started_again() {
        let Some((_, mut cluster)) = cluster(None) else {
            return;
        };
        let url = cluster.url("127.0.0.1", "");
        cluster.stop().unwrap();
        let err = Target::resolve(&url, &|_| None).unwrap().connect().err();
        let message = err.map(|err| err.to_string()).unwrap_or_default();
        assert_eq!(
            message,
            format!(
                "cannot reach the database server at 127.0.0.1:{}: connection refused",
                cluster.port()
            )
        );
        cluster.start().unwrap();
        check(&[(url, Ok(Tls::Off))]);
        // The test role is fixed text: a constant of the test cluster.
        assert_eq!(
            cluster
                .psql("select rolsuper from pg_roles where rolname = 'countiq_app'")
                .unwrap(),
            "f"
        );
        assert_eq!(test_cluster::ROLE, "countiq_app");
    }
}
