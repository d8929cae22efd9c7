//! libpq's connection URI, parsed the way libpq parses it:
//! `postgres[ql]://[user[:password]@][host][:port][/dbname][?name=value&...]`.
//!
//! Every part is optional and percent-decoded; what a URL leaves out is
//! filled in later from libpq's environment. A URL may carry a password, so
//! every message about one shows it through [`redact`].

use std::fmt;

use crate::domain::Error;

/// The two prefixes libpq accepts (case-sensitive, as libpq compares them).
const SCHEMES: [&str; 2] = ["postgresql://", "postgres://"];

/// Query parameters CountIQ understands.
const PARAMETERS: [&str; 10] = [
    "host",
    "port",
    "dbname",
    "user",
    "password",
    "passfile",
    "sslmode",
    "sslrootcert",
    "connect_timeout",
    "application_name",
];

/// libpq's other parameters: a URL written for psql may carry them, and
/// saying that CountIQ does not support one is clearer than calling it
/// unknown.
const LIBPQ_ONLY: [&str; 32] = [
    "hostaddr",
    "channel_binding",
    "client_encoding",
    "options",
    "fallback_application_name",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_count",
    "tcp_user_timeout",
    "replication",
    "gssencmode",
    "sslnegotiation",
    "sslcompression",
    "sslcert",
    "sslkey",
    "sslpassword",
    "sslcertmode",
    "sslcrl",
    "sslcrldir",
    "sslsni",
    "requirepeer",
    "ssl_min_protocol_version",
    "ssl_max_protocol_version",
    "krbsrvname",
    "gsslib",
    "gssdelegation",
    "service",
    "target_session_attrs",
    "load_balance_hosts",
    "require_auth",
    "ssl",
];

/// What a URL says, each part only when it says it, percent-decoded.
#[derive(Default, PartialEq, Eq)]
pub(super) struct UrlParts {
    pub user: Option<String>,
    pub password: Option<String>,
    pub host: Option<String>,
    pub port: Option<String>,
    pub dbname: Option<String>,
    pub passfile: Option<String>,
    pub sslmode: Option<String>,
    pub sslrootcert: Option<String>,
    pub connect_timeout: Option<String>,
    pub application_name: Option<String>,
}

/// Written by hand so that a password cannot reach a log or a test failure.
impl fmt::Debug for UrlParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UrlParts")
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("host", &self.host)
            .field("port", &self.port)
            .field("dbname", &self.dbname)
            .field("passfile", &self.passfile)
            .field("sslmode", &self.sslmode)
            .field("sslrootcert", &self.sslrootcert)
            .field("connect_timeout", &self.connect_timeout)
            .field("application_name", &self.application_name)
            .finish()
    }
}

/// True when `db` is a database URL rather than an SQLite file's path.
pub(super) fn is_postgres_url(db: &str) -> bool {
    SCHEMES.iter().any(|scheme| db.starts_with(scheme))
}

/// Splits `url` into its parts. Any mistake is a usage error quoting the
/// URL with its password hidden, never the fragment that failed: with an
/// unencoded `/` or `@` in a password, that fragment may be part of it.
pub(super) fn parse(url: &str) -> Result<UrlParts, Error> {
    let invalid = |why: &str| Error::Usage(format!("invalid database URL {}: {why}", redact(url)));
    let rest = SCHEMES
        .iter()
        .find_map(|scheme| url.strip_prefix(scheme))
        .ok_or_else(|| invalid("it must begin with postgres:// or postgresql://"))?;
    let decode = |text: &str, what: &str| {
        percent_decode(text).map_err(|why| invalid(&format!("the {what} {why}")))
    };
    let mut parts = UrlParts::default();

    // Credentials end at the first `@` before the host's end, as in libpq.
    let rest = match rest.find(['@', '/', '?']) {
        Some(at) if rest.as_bytes()[at] == b'@' => {
            let (user, password) = match rest[..at].split_once(':') {
                Some((user, password)) => (user, Some(password)),
                None => (&rest[..at], None),
            };
            parts.user = non_empty(decode(user, "user name")?);
            parts.password = password.map(|p| decode(p, "password")).transpose()?;
            &rest[at + 1..]
        }
        _ => rest,
    };

    // The host: a bracketed IPv6 address, or anything up to the port, the
    // path or the query (a percent-encoded socket directory included).
    let (host, rest) = if let Some(inner) = rest.strip_prefix('[') {
        let end = inner
            .find(']')
            .ok_or_else(|| invalid("an IPv6 host lacks its closing \"]\""))?;
        let after = &inner[end + 1..];
        if !(after.is_empty() || after.starts_with([':', '/', '?', ','])) {
            return Err(invalid("unexpected text after an IPv6 host's \"]\""));
        }
        (&inner[..end], after)
    } else {
        let end = rest.find([':', '/', '?', ',']).unwrap_or(rest.len());
        (&rest[..end], &rest[end..])
    };
    if rest.starts_with(',') {
        return Err(invalid("CountIQ connects to one host, not a list of them"));
    }
    parts.host = non_empty(decode(host, "host")?);

    let rest = match rest.strip_prefix(':') {
        Some(after) => {
            let end = after.find(['/', '?', ',']).unwrap_or(after.len());
            if after[end..].starts_with(',') {
                return Err(invalid("CountIQ connects to one host, not a list of them"));
            }
            parts.port = non_empty(decode(&after[..end], "port")?);
            &after[end..]
        }
        None => rest,
    };

    let query = match rest.strip_prefix('/') {
        Some(after) => {
            let (dbname, query) = after
                .split_once('?')
                .map_or((after, None), |(d, q)| (d, Some(q)));
            parts.dbname = non_empty(decode(dbname, "database name")?);
            query
        }
        None => rest.strip_prefix('?'),
    };

    for pair in query
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty())
    {
        let (name, value) = pair
            .split_once('=')
            .ok_or_else(|| invalid("a query parameter lacks its \"=value\""))?;
        let name = decode(name, "parameter name")?;
        let value = decode(value, &format!("value of {name}"))?;
        let slot = match name.as_str() {
            "host" => &mut parts.host,
            "port" => &mut parts.port,
            "dbname" => &mut parts.dbname,
            "user" => &mut parts.user,
            "password" => &mut parts.password,
            "passfile" => &mut parts.passfile,
            "sslmode" => &mut parts.sslmode,
            "sslrootcert" => &mut parts.sslrootcert,
            "connect_timeout" => &mut parts.connect_timeout,
            "application_name" => &mut parts.application_name,
            _ if LIBPQ_ONLY.contains(&name.as_str()) => {
                return Err(invalid(&format!(
                    "CountIQ does not support the connection parameter \"{name}\" (it understands {})",
                    PARAMETERS.join(", ")
                )));
            }
            _ => {
                return Err(invalid(&format!(
                    "unknown connection parameter \"{name}\" (CountIQ understands {})",
                    PARAMETERS.join(", ")
                )));
            }
        };
        // A later value wins, as in libpq; an empty one means "not given".
        *slot = non_empty(value);
    }
    Ok(parts)
}

fn non_empty(value: String) -> Option<String> {
    (!value.is_empty()).then_some(value)
}

/// Decodes `%XX` escapes. Like libpq, it refuses a malformed escape and
/// `%00`; unlike libpq it also wants UTF-8, which every part of a
/// connection ends up as on the way to the server.
fn percent_decode(text: &str) -> Result<String, &'static str> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        if byte == b'%' {
            let hex = tail
                .get(..2)
                .and_then(|hex| std::str::from_utf8(hex).ok())
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .ok_or("has a malformed percent-encoded character")?;
            if hex == 0 {
                return Err("has a forbidden %00");
            }
            bytes.push(hex);
            rest = &tail[2..];
        } else {
            bytes.push(byte);
            rest = tail;
        }
    }
    String::from_utf8(bytes).map_err(|_| "is not UTF-8 once decoded")
}

/// `url` with anything that may be a password replaced by `***`.
///
/// It errs on the side of hiding: the credentials are taken to run up to the
/// *last* `@`, so a password holding an unencoded `/`, `?` or `@` stays
/// hidden even though libpq itself would misread such a URL. Query
/// parameters named `password` are hidden too.
pub(super) fn redact(url: &str) -> String {
    let Some(start) = url.find("://").map(|i| i + 3) else {
        return url.to_owned();
    };
    let mut out = url[..start].to_owned();
    let rest = &url[start..];
    let rest = match rest.rfind('@') {
        Some(at) => {
            let userinfo = &rest[..at];
            match userinfo.split_once(':') {
                Some((user, _)) => out.extend([user, ":***@"]),
                None => out.extend([userinfo, "@"]),
            }
            &rest[at + 1..]
        }
        None => rest,
    };
    match rest.split_once('?') {
        Some((before, query)) => {
            out.push_str(before);
            out.push('?');
            let pairs: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((name, _)) if percent_decode(name).is_ok_and(|n| n == "password") => {
                        format!("{name}=***")
                    }
                    _ => pair.to_owned(),
                })
                .collect();
            out.push_str(&pairs.join("&"));
        }
        None => out.push_str(rest),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(url: &str) -> UrlParts {
        parse(url).unwrap_or_else(|err| panic!("{url}: {err}"))
    }

    fn usage_message(url: &str) -> String {
        match parse(url) {
            Err(Error::Usage(message)) => message,
            other => panic!("{url}: expected a usage error, got {other:?}"),
        }
    }

    #[test]
    fn a_full_url_yields_every_part() {
        let p = parts("postgresql://ann:secret@db.example.com:6543/stock?sslmode=verify-full");
        assert_eq!(p.user.as_deref(), Some("ann"));
        assert_eq!(p.password.as_deref(), Some("secret"));
        assert_eq!(p.host.as_deref(), Some("db.example.com"));
        assert_eq!(p.port.as_deref(), Some("6543"));
        assert_eq!(p.dbname.as_deref(), Some("stock"));
        assert_eq!(p.sslmode.as_deref(), Some("verify-full"));
    }

    #[test]
    fn a_bare_scheme_leaves_everything_to_the_environment() {
        assert_eq!(parts("postgres://"), UrlParts::default());
        assert_eq!(parts("postgresql:///"), UrlParts::default());
    }

    #[test]
    fn only_the_two_libpq_schemes_are_urls() {
        assert!(is_postgres_url("postgres://h/db"));
        assert!(is_postgres_url("postgresql://"));
        assert!(!is_postgres_url("postgres:/h"));
        assert!(!is_postgres_url("stock.db"));
        assert!(!is_postgres_url("POSTGRES://h"));
        assert!(usage_message("mysql://h/db").contains("must begin with postgres://"));
    }

    #[test]
    fn every_part_is_percent_decoded() {
        let p = parts("postgres://an%6E:p%40ss%3Aw%2Frd@h/st%C3%B6ck?application_name=my%20app");
        assert_eq!(p.user.as_deref(), Some("ann"));
        assert_eq!(p.password.as_deref(), Some("p@ss:w/rd"));
        assert_eq!(p.dbname.as_deref(), Some("stöck"));
        assert_eq!(p.application_name.as_deref(), Some("my app"));
    }

    #[test]
    fn a_plus_sign_stays_a_plus_sign() {
        assert_eq!(parts("postgres://u:a+b@h").password.as_deref(), Some("a+b"));
    }

    #[test]
    fn a_password_may_be_empty_or_hold_a_colon() {
        assert_eq!(parts("postgres://u:@h").password.as_deref(), Some(""));
        assert_eq!(parts("postgres://u:a:b@h").password.as_deref(), Some("a:b"));
        assert_eq!(parts("postgres://u@h").password, None);
    }

    #[test]
    fn bad_percent_escapes_are_usage_errors() {
        assert!(usage_message("postgres://u:x@h/d%zz").contains("malformed percent-encoded"));
        assert!(usage_message("postgres://h/d%4").contains("malformed percent-encoded"));
        assert!(usage_message("postgres://h/d%00").contains("%00"));
        assert!(usage_message("postgres://h/%ff").contains("not UTF-8"));
    }

    #[test]
    fn ipv6_hosts_are_bracketed_and_may_carry_a_port() {
        let p = parts("postgres://[::1]:5433/db");
        assert_eq!(
            (p.host.as_deref(), p.port.as_deref()),
            (Some("::1"), Some("5433"))
        );
        assert_eq!(
            parts("postgres://[fe80::1%25eth0]/db").host.as_deref(),
            Some("fe80::1%eth0")
        );
        assert!(usage_message("postgres://[::1/db").contains("closing \"]\""));
        assert!(usage_message("postgres://[::1]x/db").contains("after an IPv6 host"));
    }

    #[test]
    fn a_socket_directory_may_be_percent_encoded_or_a_query_parameter() {
        let encoded = parts("postgres://%2Fvar%2Frun%2Fpostgresql:5433/db");
        assert_eq!(encoded.host.as_deref(), Some("/var/run/postgresql"));
        assert_eq!(encoded.port.as_deref(), Some("5433"));
        let query = parts("postgres:///db?host=/tmp/sock&port=5434");
        assert_eq!(query.host.as_deref(), Some("/tmp/sock"));
        assert_eq!(query.port.as_deref(), Some("5434"));
    }

    #[test]
    fn query_parameters_override_the_url_parts_and_the_last_one_wins() {
        let p = parts("postgres://ann:pw@h:1/a?user=bob&dbname=b&host=k&port=2&port=3&password=x");
        assert_eq!(p.user.as_deref(), Some("bob"));
        assert_eq!(p.dbname.as_deref(), Some("b"));
        assert_eq!(p.host.as_deref(), Some("k"));
        assert_eq!(p.port.as_deref(), Some("3"));
        assert_eq!(p.password.as_deref(), Some("x"));
    }

    #[test]
    fn all_understood_parameters_are_read() {
        let p = parts(
            "postgres://h?sslmode=require&sslrootcert=/ca.pem&connect_timeout=3\
             &application_name=ci&passfile=/pgpass",
        );
        assert_eq!(p.sslmode.as_deref(), Some("require"));
        assert_eq!(p.sslrootcert.as_deref(), Some("/ca.pem"));
        assert_eq!(p.connect_timeout.as_deref(), Some("3"));
        assert_eq!(p.application_name.as_deref(), Some("ci"));
        assert_eq!(p.passfile.as_deref(), Some("/pgpass"));
    }

    #[test]
    fn an_unknown_parameter_is_a_usage_error_naming_it() {
        let message = usage_message("postgres://u:secret@h/db?colour=blue");
        assert!(
            message.contains("unknown connection parameter \"colour\""),
            "{message}"
        );
        assert!(!message.contains("secret"), "{message}");
    }

    #[test]
    fn a_libpq_parameter_countiq_lacks_is_named_as_unsupported() {
        let message = usage_message("postgres://h/db?sslcert=/c.pem");
        assert!(message.contains("does not support the connection parameter \"sslcert\""));
    }

    #[test]
    fn a_parameter_without_a_value_is_a_usage_error() {
        assert!(usage_message("postgres://h/db?sslmode").contains("lacks its \"=value\""));
    }

    #[test]
    fn a_list_of_hosts_is_refused() {
        assert!(usage_message("postgres://a,b/db").contains("one host"));
        assert!(usage_message("postgres://a:1,b:2/db").contains("one host"));
    }

    #[test]
    fn a_malformed_url_never_shows_its_password() {
        // An unencoded "/" in the password: libpq reads host "u", port "pa55".
        let message = usage_message("postgres://u:pa55/ss@h/db?x=1");
        assert!(!message.contains("pa55"), "{message}");
        assert!(message.contains("postgres://u:***@h/db"), "{message}");
    }

    #[test]
    fn redaction_hides_the_password_and_keeps_the_rest() {
        let cases = [
            (
                "postgres://ann:secret@h:5432/db",
                "postgres://ann:***@h:5432/db",
            ),
            ("postgres://:secret@h/db", "postgres://:***@h/db"),
            ("postgres://ann@h/db", "postgres://ann@h/db"),
            ("postgres://h/db", "postgres://h/db"),
            ("postgres://u:p@ss@h/db", "postgres://u:***@h/db"),
            ("postgres://u:a/b?c@h/db", "postgres://u:***@h/db"),
            (
                "postgres://h/db?password=secret&sslmode=require",
                "postgres://h/db?password=***&sslmode=require",
            ),
            (
                "postgres://h/db?pass%77ord=secret",
                "postgres://h/db?pass%77ord=***",
            ),
            ("not a url", "not a url"),
        ];
        for (url, redacted) in cases {
            assert_eq!(redact(url), redacted, "{url}");
        }
    }

    #[test]
    fn debug_output_hides_the_password() {
        let shown = format!("{:?}", parts("postgres://u:secret@h"));
        assert!(
            !shown.contains("secret") && shown.contains("***"),
            "{shown}"
        );
    }
}
