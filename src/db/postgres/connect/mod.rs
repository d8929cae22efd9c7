//! Interim connection layer: the URL as the postgres crate reads it, no TLS.

use std::str::FromStr;

use crate::domain::Error;

/// Everything needed to reach one server.
pub struct Target {
    config: postgres::Config,
    url: String,
}

/// A connected client.
pub struct Connected {
    /// The client.
    pub client: postgres::Client,
    /// Whether TLS is in use.
    pub tls: bool,
}

impl Target {
    /// Resolves a URL.
    pub fn resolve(url: &str, _env: &dyn Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let config = postgres::Config::from_str(url).map_err(|e| Error::Usage(e.to_string()))?;
        Ok(Self {
            config,
            url: url.to_owned(),
        })
    }
    /// Redacted URL.
    pub fn redacted(&self) -> String {
        redact(&self.url)
    }
    /// host:port.
    pub fn endpoint(&self) -> String {
        format!(
            "{:?}:{:?}",
            self.config.get_hosts(),
            self.config.get_ports()
        )
    }
    /// User.
    pub fn user(&self) -> &str {
        self.config.get_user().unwrap_or("")
    }
    /// Database.
    pub fn database(&self) -> &str {
        self.config.get_dbname().unwrap_or("")
    }
    /// Connects.
    pub fn connect(&self) -> Result<Connected, Error> {
        let client = self.config.connect(postgres::NoTls).map_err(|e| {
            Error::Unavailable(format!(
                "cannot reach the database server at {}: {e}",
                self.endpoint()
            ))
        })?;
        Ok(Connected { client, tls: false })
    }
}

/// Redacts.
pub fn redact(url: &str) -> String {
    url.to_owned()
}

/// True for a postgres URL.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}
