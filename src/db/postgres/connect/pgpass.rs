//! libpq's password file (`~/.pgpass`, or `PGPASSFILE`), read as libpq
//! reads it: lines `host:port:database:user:password`, `*` matching any
//! value in a field, `\:` and `\\` escaping, `#` starting a comment line,
//! the first matching line winning. A file that the group or others may
//! access is ignored with a warning, since it leaks the passwords in it.

use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// The connection a password is looked up for, each value as libpq
/// compares it (a socket connection to the default directory is `localhost`).
pub(super) struct Query<'a> {
    pub host: &'a str,
    pub port: &'a str,
    pub database: &'a str,
    pub user: &'a str,
}

/// The password the file at `path` holds for `query`: `Ok(None)` when there
/// is no such file or no line matches, `Err(warning)` when the file was
/// ignored (the warning says why, for stderr).
pub(super) fn lookup(path: &Path, query: &Query<'_>) -> Result<Option<String>, String> {
    let shown = path.display();
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(format!("cannot read password file \"{shown}\": {err}")),
    };
    if !metadata.is_file() {
        return Err(format!(
            "password file \"{shown}\" is not a plain file; ignoring it"
        ));
    }
    if metadata.permissions().mode() & 0o077 != 0 {
        return Err(format!(
            "password file \"{shown}\" has group or world access; permissions should be u=rw (0600) or less; ignoring it"
        ));
    }
    let contents = std::fs::read_to_string(path)
        .map_err(|err| format!("cannot read password file \"{shown}\": {err}"))?;
    Ok(find(&contents, query))
}

/// The password of the first line of `contents` that matches `query`.
fn find(contents: &str, query: &Query<'_>) -> Option<String> {
    contents
        .lines()
        .map(|line| line.trim_end_matches(['\r', '\n']))
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .find_map(|line| {
            let rest = field_matches(line, query.host)?;
            let rest = field_matches(rest, query.port)?;
            let rest = field_matches(rest, query.database)?;
            let rest = field_matches(rest, query.user)?;
            Some(unescape_password(rest))
        })
}

/// When the first field of `line` matches `value` (a lone `*` matches
/// anything), the rest of the line after that field's `:`.
fn field_matches<'a>(line: &'a str, value: &str) -> Option<&'a str> {
    if let Some(rest) = line.strip_prefix("*:") {
        return Some(rest);
    }
    let mut wanted = value.chars();
    let mut chars = line.char_indices();
    while let Some((at, c)) = chars.next() {
        let (c, escaped) = if c == '\\' {
            (chars.next()?.1, true)
        } else {
            (c, false)
        };
        if c == ':' && !escaped {
            return wanted.next().is_none().then(|| &line[at + 1..]);
        }
        if wanted.next() != Some(c) {
            return None;
        }
    }
    // A line whose fields end early matches nothing.
    None
}

/// The password field: up to an unescaped `:`, each `\x` read as `x`.
fn unescape_password(field: &str) -> String {
    let mut password = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        match c {
            ':' => break,
            '\\' => password.extend(chars.next()),
            c => password.push(c),
        }
    }
    password
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    const QUERY: Query<'static> = Query {
        host: "db.example.com",
        port: "5432",
        database: "stock",
        user: "ann",
    };

    #[test]
    fn an_exact_line_gives_its_password() {
        assert_eq!(
            find("db.example.com:5432:stock:ann:pw\n", &QUERY).as_deref(),
            Some("pw")
        );
    }

    #[test]
    fn a_star_matches_any_value_in_its_field() {
        assert_eq!(find("*:*:*:*:pw", &QUERY).as_deref(), Some("pw"));
        assert_eq!(
            find("db.example.com:*:stock:*:pw", &QUERY).as_deref(),
            Some("pw")
        );
        // Only a whole field of "*" is a wildcard.
        assert_eq!(find("db.*:5432:stock:ann:pw", &QUERY), None);
    }

    #[test]
    fn the_first_matching_line_wins() {
        let file = "other:5432:stock:ann:no\n*:*:stock:ann:first\n*:*:*:*:second\n";
        assert_eq!(find(file, &QUERY).as_deref(), Some("first"));
    }

    #[test]
    fn a_line_that_differs_in_any_field_does_not_match() {
        for line in [
            "db.example.com:5433:stock:ann:pw",
            "db.example.com:5432:stock2:ann:pw",
            "db.example.com:5432:stock:an:pw",
            "db.example.com:5432:stock:annie:pw",
            "db.example.com:5432:stock",
            "",
        ] {
            assert_eq!(find(line, &QUERY), None, "{line}");
        }
    }

    #[test]
    fn backslashes_escape_colons_and_backslashes() {
        let query = Query {
            host: "h",
            port: "1",
            database: "a:b",
            user: "c\\d",
        };
        assert_eq!(
            find(r"h:1:a\:b:c\\d:p\:w\\x", &query).as_deref(),
            Some(r"p:w\x")
        );
        // An unescaped colon ends the password, as in libpq.
        assert_eq!(
            find("h:1:a\\:b:c\\\\d:pw:extra", &query).as_deref(),
            Some("pw")
        );
    }

    #[test]
    fn comment_lines_and_carriage_returns_are_ignored() {
        let file = "# *:*:*:*:commented\r\ndb.example.com:5432:stock:ann:pw\r\n";
        assert_eq!(find(file, &QUERY).as_deref(), Some("pw"));
    }

    #[test]
    fn a_missing_file_gives_no_password_and_no_warning() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(lookup(&dir.path().join("absent"), &QUERY), Ok(None));
    }

    #[test]
    fn a_private_file_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pgpass");
        fs::write(&path, "*:*:*:ann:pw\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(lookup(&path, &QUERY), Ok(Some("pw".to_owned())));
    }

    #[test]
    fn a_file_others_may_read_is_ignored_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pgpass");
        fs::write(&path, "*:*:*:*:pw\n").unwrap();
        for mode in [0o640, 0o604, 0o610] {
            fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
            let warning = lookup(&path, &QUERY).unwrap_err();
            assert!(
                warning.contains("has group or world access"),
                "{mode:o}: {warning}"
            );
        }
    }

    #[test]
    fn a_directory_is_ignored_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let warning = lookup(dir.path(), &QUERY).unwrap_err();
        assert!(warning.contains("is not a plain file"), "{warning}");
    }
}
