//! Why a connection attempt failed, in the contract's kinds: the server's
//! SQLSTATE when it answered, else what the network or TLS said.

use std::error::Error as _;
use std::io;

use postgres::error::SqlState;

use crate::domain::Error;

/// Who tried to connect where, for the messages.
pub(super) struct Attempt<'a> {
    pub endpoint: &'a str,
    pub user: &'a str,
    pub database: &'a str,
}

/// The contract's error for a failed connection attempt.
pub(super) fn classify(err: &postgres::Error, attempt: &Attempt<'_>) -> Error {
    let Attempt {
        endpoint,
        user,
        database,
    } = attempt;
    if let Some(db) = err.as_db_error() {
        let message = db.message();
        let code = db.code();
        // Class 28, invalid authorization: 28000 (no pg_hba.conf entry, peer
        // authentication failed) and 28P01 (wrong password).
        return if code.code().starts_with("28") {
            Error::Denied(format!(
                "the server refused the credentials of role \"{user}\" at {endpoint}: {message}"
            ))
        } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
            Error::Denied(format!(
                "role \"{user}\" may not connect to database \"{database}\" at {endpoint}: {message}"
            ))
        } else if *code == SqlState::INVALID_CATALOG_NAME {
            Error::Database(format!(
                "database \"{database}\" does not exist on the server at {endpoint}"
            ))
        } else if code.code().starts_with("08")
            || [
                SqlState::CANNOT_CONNECT_NOW,
                SqlState::TOO_MANY_CONNECTIONS,
                SqlState::ADMIN_SHUTDOWN,
            ]
            .contains(code)
        {
            unreachable_at(endpoint, message)
        } else {
            Error::Internal(anyhow::anyhow!(
                "the server at {endpoint} refused the connection: {message} (SQLSTATE {})",
                code.code()
            ))
        };
    }
    if let Some(tls) = find::<rustls::Error>(err) {
        return match tls {
            rustls::Error::InvalidCertificate(why) => Error::Unavailable(format!(
                "the certificate of the database server at {endpoint} failed verification: {}",
                certificate_reason(why)
            )),
            other => unreachable_at(endpoint, &format!("TLS handshake failed: {other}")),
        };
    }
    // tokio-postgres has no typed variant for this one: the server asked for
    // a password and none was configured.
    if sources(err).any(|source| source.to_string() == "password missing") {
        return Error::Denied(format!(
            "the server at {endpoint} asks for a password for role \"{user}\" and none was given \
             (in the URL, PGPASSWORD or the password file)"
        ));
    }
    if let Some(io) = find::<io::Error>(err) {
        return unreachable_at(endpoint, &io_reason(io));
    }
    if err.is_closed() {
        return unreachable_at(endpoint, "the server closed the connection");
    }
    let chain: Vec<String> = std::iter::once(err.to_string())
        .chain(sources(err).map(ToString::to_string))
        .collect();
    unreachable_at(endpoint, &chain.join(": "))
}

/// The error for a server that could not be reached, or stopped answering.
pub(super) fn unreachable_at(endpoint: &str, reason: &str) -> Error {
    Error::Unavailable(format!(
        "cannot reach the database server at {endpoint}: {}",
        lowercase_first(reason)
    ))
}

fn sources<'a>(
    err: &'a postgres::Error,
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(err.source(), |&source| source.source())
}

/// The first error of type `T` in `err`'s chain, looking inside I/O errors
/// too (rustls's errors arrive wrapped in one).
fn find<T: std::error::Error + 'static>(err: &postgres::Error) -> Option<&T> {
    sources(err).find_map(|source| {
        source.downcast_ref::<T>().or_else(|| {
            source
                .downcast_ref::<io::Error>()
                .and_then(io::Error::get_ref)
                .and_then(|inner| inner.downcast_ref::<T>())
        })
    })
}

/// Why rustls refused a certificate, for people: rustls spells the common
/// cases as bare variant names.
fn certificate_reason(why: &rustls::CertificateError) -> String {
    use rustls::CertificateError as Why;
    match why {
        Why::UnknownIssuer => {
            "it is not signed by a trusted certificate authority (see sslrootcert)".to_owned()
        }
        Why::Expired => "it has expired".to_owned(),
        Why::NotValidYet => "it is not valid yet".to_owned(),
        Why::Revoked => "it has been revoked".to_owned(),
        Why::BadSignature => "its signature is invalid".to_owned(),
        Why::BadEncoding => "it is malformed".to_owned(),
        other => lowercase_first(&other.to_string()),
    }
}

/// An I/O error as a lowercase reason, without the "(os error N)" suffix.
fn io_reason(err: &io::Error) -> String {
    let text = err.to_string();
    let text = match (text.rfind(" (os error "), text.ends_with(')')) {
        (Some(at), true) => text[..at].to_owned(),
        _ => text,
    };
    lowercase_first(&text)
}

/// `text` with its first word lowercased, unless it is an acronym ("TLS").
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), second) if !second.is_some_and(char::is_uppercase) => first
            .to_lowercase()
            .chain(text[first.len_utf8()..].chars())
            .collect(),
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_error_numbers_are_dropped_and_the_reason_lowercased() {
        let refused = io::Error::from(io::ErrorKind::ConnectionRefused);
        assert_eq!(
            io_reason(&io::Error::from_raw_os_error(111)),
            "connection refused"
        );
        assert_eq!(io_reason(&refused), "connection refused");
        assert_eq!(
            io_reason(&io::Error::other("Name or service not known")),
            "name or service not known"
        );
    }

    #[test]
    fn unreachable_servers_are_unavailable_and_named() {
        let err = unreachable_at("db:5432", "Connection refused");
        assert_eq!(
            err.to_string(),
            "cannot reach the database server at db:5432: connection refused"
        );
        assert_eq!(err.kind(), crate::domain::ErrorKind::Unavailable);
        let tls = unreachable_at("db:5432", "TLS handshake failed: x");
        assert_eq!(
            tls.to_string(),
            "cannot reach the database server at db:5432: TLS handshake failed: x"
        );
    }
}
