//! `--fields a,b,c`: which fields of a JSON shape to print, in which order.

use super::Error;
use super::name::quoted;

/// A selection of fields, parsed once against the field names of one JSON
/// shape ([`super::Item::FIELDS`], [`super::Event::FIELDS`]): every name is
/// one of them, none is empty and none is given twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields(Vec<&'static str>);

impl Fields {
    /// Parses a comma-separated list of field names, each taken from
    /// `valid` (spaces around a name are ignored). An unknown, empty or
    /// repeated name is a usage error that lists the valid names, as an
    /// unknown field is in `gh --json`.
    pub fn parse(text: &str, valid: &'static [&'static str]) -> Result<Self, Error> {
        let mut names = Vec::new();
        for given in text.split(',').map(str::trim) {
            let name = match valid.iter().find(|&&name| name == given) {
                Some(name) => *name,
                None if given.is_empty() => {
                    let problem = format!("--fields {} has an empty field name", quoted(text));
                    return Err(usage(&problem, valid));
                }
                None => return Err(usage(&format!("unknown field {}", quoted(given)), valid)),
            };
            if names.contains(&name) {
                return Err(usage(
                    &format!("field {} is given twice", quoted(name)),
                    valid,
                ));
            }
            names.push(name);
        }
        Ok(Self(names))
    }

    /// The selected names, in the order given.
    #[must_use]
    pub fn names(&self) -> &[&'static str] {
        &self.0
    }
}

fn usage(problem: &str, valid: &[&str]) -> Error {
    Error::Usage(format!("{problem} (valid fields: {})", valid.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ErrorKind;

    const VALID: &[&str] = &["id", "name", "quantity"];

    #[test]
    fn names_keep_the_order_they_are_given_in() {
        let fields = Fields::parse("quantity, name,id", VALID).unwrap();
        assert_eq!(fields.names(), ["quantity", "name", "id"]);
    }

    #[test]
    fn unknown_empty_and_repeated_names_are_usage_errors_listing_the_valid_ones() {
        for (text, problem) in [
            ("name,colour", "unknown field \"colour\""),
            ("Name", "unknown field \"Name\""),
            ("", "--fields \"\" has an empty field name"),
            ("name,,id", "--fields \"name,,id\" has an empty field name"),
            ("name,", "--fields \"name,\" has an empty field name"),
            ("name,id,name", "field \"name\" is given twice"),
        ] {
            let err = Fields::parse(text, VALID).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Usage, "{text:?}");
            assert_eq!(
                err.to_string(),
                format!("{problem} (valid fields: id, name, quantity)"),
                "{text:?}"
            );
        }
    }
}
