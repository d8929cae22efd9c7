//! Settings: each comes from a flag, else its environment variable, else the
//! config file, else a default, and remembers which (`config show`).

use std::fmt;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::ArgMatches;
use clap::parser::ValueSource;
use serde::Serialize;

use crate::app::output::Format;
use crate::cli::{self, GlobalArgs};
use crate::domain::Error;

/// Where a setting's value came from, in precedence order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag.
    Flag,
    /// An environment variable.
    Env(&'static str),
    /// The config file.
    File(PathBuf),
    /// Built in.
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Flag => f.write_str("flag"),
            Self::Env(var) => write!(f, "env {var}"),
            Self::File(path) => write!(f, "config {}", path.display()),
            Self::Default => f.write_str("default"),
        }
    }
}

impl Serialize for Source {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Setting<T> {
    /// The effective value.
    pub value: T,
    /// Its source.
    pub source: Source,
}

/// When to color output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Color {
    /// When the stream is a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl Color {
    /// Whether to color a stream that is (or is not) a terminal.
    #[must_use]
    pub fn enabled(self, terminal: bool) -> bool {
        match self {
            Self::Always => true,
            Self::Never => false,
            // https://no-color.org: any non-empty value turns color off.
            Self::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    /// Whether to color standard output.
    #[must_use]
    pub fn stdout(self) -> bool {
        self.enabled(std::io::stdout().is_terminal())
    }

    /// Whether to color standard error.
    #[must_use]
    pub fn stderr(self) -> bool {
        self.enabled(std::io::stderr().is_terminal())
    }
}

/// Every setting the config file may hold, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// The database file or URL; `None` when there is no home directory
    /// to put the default in. Shown with a URL's password hidden.
    #[serde(serialize_with = "db_shown")]
    pub db: Option<Setting<PathBuf>>,
    /// The owner's name, unparsed.
    pub owner: Setting<String>,
    /// The output format.
    #[serde(serialize_with = "format_name")]
    pub format: Setting<Format>,
    /// The busy timeout, in milliseconds.
    pub busy_timeout: Setting<u64>,
    /// The PostgreSQL schema of CountIQ's tables (a server database only).
    pub pg_schema: Setting<String>,
    /// When to color.
    pub color: Setting<Color>,
    /// The log line format on stderr.
    #[serde(serialize_with = "log_format_name")]
    pub log_format: Setting<cli::LogFormat>,
    /// The config file read, if any.
    #[serde(skip)]
    pub file: Option<PathBuf>,
}

#[allow(clippy::ref_option)] // serde's `serialize_with` passes the field by reference
fn db_shown<S: serde::Serializer>(
    setting: &Option<Setting<PathBuf>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    setting
        .as_ref()
        .map(|db| Setting {
            value: crate::db::shown(&db.value),
            source: db.source.clone(),
        })
        .serialize(serializer)
}

fn format_name<S: serde::Serializer>(
    setting: &Setting<Format>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    Setting {
        value: setting.value.as_str(),
        source: setting.source.clone(),
    }
    .serialize(serializer)
}

fn log_format_name<S: serde::Serializer>(
    setting: &Setting<cli::LogFormat>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    Setting {
        value: log_format_str(setting.value),
        source: setting.source.clone(),
    }
    .serialize(serializer)
}

/// A log format's name, as `--log-format` and the config file spell it.
#[must_use]
pub fn log_format_str(format: cli::LogFormat) -> &'static str {
    match format {
        cli::LogFormat::Text => "text",
        cli::LogFormat::Json => "json",
    }
}

/// The values a config file sets.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct FileValues {
    db: Option<PathBuf>,
    owner: Option<String>,
    format: Option<Format>,
    busy_timeout: Option<u64>,
    pg_schema: Option<String>,
    color: Option<Color>,
    log_format: Option<cli::LogFormat>,
}

fn usage(path: &Path, message: impl fmt::Display) -> Error {
    Error::Usage(format!(
        "config file {:?}: {message}",
        path.display().to_string()
    ))
}

/// Reads and checks a config file. Unknown keys and bad values are usage
/// errors naming the key and the file.
fn read_file(path: &Path) -> Result<FileValues, Error> {
    let text =
        std::fs::read_to_string(path).map_err(|e| usage(path, format!("cannot be read: {e}")))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| usage(path, e.message()))?;
    let mut values = FileValues::default();
    for (key, value) in table {
        let wrong = |expected: &str| {
            usage(
                path,
                format!("key {key:?}: expected {expected}, found {}", shown(&value)),
            )
        };
        match key.as_str() {
            "db" => {
                values.db = Some(PathBuf::from(
                    value.as_str().ok_or_else(|| wrong("a path string"))?,
                ));
            }
            "owner" => {
                values.owner = Some(value.as_str().ok_or_else(|| wrong("a string"))?.to_owned());
            }
            "format" => {
                values.format = Some(
                    value
                        .as_str()
                        .and_then(Format::from_name)
                        .ok_or_else(|| wrong("\"table\", \"json\", \"ndjson\" or \"csv\""))?,
                );
            }
            "busy_timeout" => {
                let ms = value.as_integer().and_then(|n| u64::try_from(n).ok());
                values.busy_timeout =
                    Some(ms.ok_or_else(|| wrong("a whole number of milliseconds"))?);
            }
            "pg_schema" => {
                values.pg_schema = Some(
                    value
                        .as_str()
                        .ok_or_else(|| wrong("a schema name string"))?
                        .to_owned(),
                );
            }
            "color" => {
                values.color = Some(match value.as_str() {
                    Some("auto") => Color::Auto,
                    Some("always") => Color::Always,
                    Some("never") => Color::Never,
                    _ => return Err(wrong("\"auto\", \"always\" or \"never\"")),
                });
            }
            "log_format" => {
                values.log_format = Some(match value.as_str() {
                    Some("text") => cli::LogFormat::Text,
                    Some("json") => cli::LogFormat::Json,
                    _ => return Err(wrong("\"text\" or \"json\"")),
                });
            }
            _ => {
                return Err(usage(
                    path,
                    format!(
                        "unknown key {key:?} (known keys: db, owner, format, busy_timeout, pg_schema, color, log_format)"
                    ),
                ));
            }
        }
    }
    Ok(values)
}

/// A TOML value as the file spells it, for error messages.
fn shown(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => format!("{s:?}"),
        toml::Value::Integer(n) => n.to_string(),
        toml::Value::Float(x) => x.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::Array(_) => "an array".to_owned(),
        toml::Value::Table(_) => "a table".to_owned(),
    }
}

/// A value the config file set, with the file as its source.
fn from_file<T>(value: Option<T>, file: Option<&Source>) -> Option<(T, Source)> {
    Some((value?, file?.clone()))
}

/// The first of a flag-or-environment value, a config file value and a
/// default, with its source.
fn pick<T>(
    given: Option<(T, Source)>,
    file: Option<(T, Source)>,
    default: (T, Source),
) -> Setting<T> {
    let (value, source) = given.or(file).unwrap_or(default);
    Setting { value, source }
}

/// The default config file: `$XDG_CONFIG_HOME/countiq/config.toml` (or the
/// platform's equivalent).
#[must_use]
pub fn default_file() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "countiq").map(|d| d.config_dir().join("config.toml"))
}

/// The default database: `countiq.db` in the platform data directory.
#[must_use]
pub fn default_db() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "countiq").map(|d| d.data_dir().join("countiq.db"))
}

/// The OS user running the command: `$USER`, else `$LOGNAME`.
#[must_use]
pub fn os_user() -> Option<String> {
    let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
    var("USER").or_else(|| var("LOGNAME"))
}

/// Resolves every setting: flag > environment > config file > default.
#[allow(clippy::too_many_lines)] // one setting after another, in the order `config show` lists them
pub fn resolve(global: &GlobalArgs, matches: &ArgMatches) -> Result<Settings, Error> {
    let (file_path, explicit) = match &global.config {
        Some(path) => (Some(path.clone()), true),
        None => (default_file(), false),
    };
    let file = match &file_path {
        // An explicit file must exist; the default one may not.
        Some(path) if explicit || path.exists() => Some((path.clone(), read_file(path)?)),
        _ => None,
    };
    let file_source = file.as_ref().map(|(path, _)| Source::File(path.clone()));
    let given = |id: &str, env: &'static str| match matches.value_source(id) {
        Some(ValueSource::EnvVariable) => Source::Env(env),
        _ => Source::Flag,
    };
    let values = file.as_ref().map(|(_, v)| v.clone()).unwrap_or_default();
    let db = global
        .db
        .clone()
        .map(|v| (v, given("db", "COUNTIQ_DB")))
        .or_else(|| from_file(values.db.clone(), file_source.as_ref()))
        .or_else(|| default_db().map(|v| (v, Source::Default)))
        .map(|(value, source)| Setting { value, source });
    let owner = pick(
        global
            .owner
            .clone()
            .map(|v| (v, given("owner", "COUNTIQ_OWNER"))),
        from_file(values.owner.clone(), file_source.as_ref()),
        (
            os_user().unwrap_or_else(|| "default".to_owned()),
            Source::Default,
        ),
    );
    // `--json` is `--format json`: with another `--format` flag (not a
    // format from the environment or a file, which it simply overrides)
    // the command line contradicts itself.
    if global.json
        && matches!(
            matches.value_source("format"),
            Some(ValueSource::CommandLine)
        )
        && global.format != Some(cli::Format::Json)
    {
        return Err(Error::Usage(
            "--json means --format json; it cannot be combined with another --format".to_owned(),
        ));
    }
    let format = if global.json {
        Setting {
            value: Format::Json,
            source: Source::Flag,
        }
    } else {
        pick(
            global
                .format
                .map(|f| (Format::from(f), given("format", "COUNTIQ_FORMAT"))),
            from_file(values.format, file_source.as_ref()),
            (Format::Table, Source::Default),
        )
    };
    let busy_timeout = pick(
        global
            .busy_timeout
            .map(|v| (v, given("busy_timeout", "COUNTIQ_BUSY_TIMEOUT"))),
        from_file(values.busy_timeout, file_source.as_ref()),
        (10_000, Source::Default),
    );
    let pg_schema = pick(
        global
            .pg_schema
            .clone()
            .map(|v| (v, given("pg_schema", "COUNTIQ_PG_SCHEMA"))),
        from_file(values.pg_schema.clone(), file_source.as_ref()),
        (
            crate::db::postgres::schema::SchemaName::DEFAULT.to_owned(),
            Source::Default,
        ),
    );
    let color = pick(
        global
            .color
            .map(|c| (Color::from(c), given("color", "COUNTIQ_COLOR"))),
        from_file(values.color, file_source.as_ref()),
        (Color::Auto, Source::Default),
    );
    // `--log-format` has a clap default, so only a value from the command
    // line or the environment beats the file.
    let log_format = pick(
        match matches.value_source("log_format") {
            Some(ValueSource::CommandLine) => Some((global.log_format, Source::Flag)),
            Some(ValueSource::EnvVariable) => {
                Some((global.log_format, Source::Env("COUNTIQ_LOG_FORMAT")))
            }
            _ => None,
        },
        from_file(values.log_format, file_source.as_ref()),
        (cli::LogFormat::Text, Source::Default),
    );
    Ok(Settings {
        db,
        owner,
        format,
        busy_timeout,
        pg_schema,
        color,
        log_format,
        file: file.map(|(path, _)| path),
    })
}

impl From<cli::ColorChoice> for Color {
    fn from(choice: cli::ColorChoice) -> Self {
        match choice {
            cli::ColorChoice::Auto => Self::Auto,
            cli::ColorChoice::Always => Self::Always,
            cli::ColorChoice::Never => Self::Never,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ErrorKind;

    fn file(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn a_config_file_sets_every_known_key() {
        let (_dir, path) = file(
            "db = \"/tmp/x.db\"\nowner = \"carol\"\nformat = \"csv\"\nbusy_timeout = 250\npg_schema = \"stock\"\ncolor = \"never\"\nlog_format = \"json\"\n",
        );
        let values = read_file(&path).unwrap();
        assert_eq!(
            values,
            FileValues {
                db: Some(PathBuf::from("/tmp/x.db")),
                owner: Some("carol".to_owned()),
                format: Some(Format::Csv),
                busy_timeout: Some(250),
                pg_schema: Some("stock".to_owned()),
                color: Some(Color::Never),
                log_format: Some(cli::LogFormat::Json),
            }
        );
    }

    #[test]
    fn unknown_keys_and_bad_values_are_usage_errors_naming_key_and_file() {
        let table = [
            ("colour = \"never\"", "unknown key \"colour\""),
            (
                "format = \"xml\"",
                "key \"format\": expected \"table\", \"json\", \"ndjson\" or \"csv\", found \"xml\"",
            ),
            (
                "busy_timeout = -5",
                "key \"busy_timeout\": expected a whole number of milliseconds, found -5",
            ),
            (
                "busy_timeout = \"soon\"",
                "key \"busy_timeout\": expected a whole number of milliseconds",
            ),
            (
                "color = true",
                "key \"color\": expected \"auto\", \"always\" or \"never\", found true",
            ),
            ("owner = 7", "key \"owner\": expected a string, found 7"),
            (
                "log_format = \"yaml\"",
                "key \"log_format\": expected \"text\" or \"json\", found \"yaml\"",
            ),
            ("db = [1]", "key \"db\": expected a path string"),
            ("format = ", "config file"),
        ];
        for (text, expected) in table {
            let (_dir, path) = file(text);
            let err = read_file(&path).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Usage, "{text}");
            let message = err.to_string();
            assert!(
                message.contains(&format!("{:?}", path.display().to_string())),
                "{message}"
            );
            assert!(message.contains(expected), "{text}: {message}");
        }
    }

    #[test]
    fn auto_color_needs_a_terminal() {
        assert!(!Color::Auto.enabled(false));
        assert!(Color::Always.enabled(false));
        assert!(!Color::Never.enabled(true));
    }
}
