//! Every SQL statement is fixed text: user data reaches SQLite only as bound
//! parameters (CONTRACT.md section 7). This reads every `.rs` file under
//! `src/` and fails on SQL built at run time:
//!
//! - a formatting macro (`format!`, `write!`, ...) whose text holds SQL;
//! - SQL text joined with `+`, `+=`, `push_str`, or `[...].concat()`/`join`;
//! - a call that takes SQL (`prepare`, `execute`, `query_row`, ...) whose SQL
//!   argument is not fixed text: a literal, a `concat!` of literals and
//!   macros, a constant made of those, or a function returning
//!   `&'static str`, which only literals can produce in safe code without
//!   `leak`, itself flagged. The few other indirections are allow-listed
//!   below, each with its reason, and an entry that no longer matches fails.
//!
//! It works on tokens, not text, so comments and strings that merely
//! mention SQL do not count.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Indirections that are fixed text but that the checker cannot see
/// through: (file, call, argument).
const ALLOWED: &[(&str, &str, &str, &str)] = &[
    (
        "src/db/sqlite/migrations.rs",
        "execute_batch",
        "sql",
        "each migration's SQL is an include_str! of a shipped file, from the MIGRATIONS constant",
    ),
    (
        "src/db/sqlite/items.rs",
        "prepare_cached",
        "&PLAIN_BATCH_SQL",
        "a multi-row INSERT built once from constants: placeholders only (?1, ?2, ...), never a value",
    ),
    (
        "src/db/sqlite/items.rs",
        "prepare_cached",
        "&DETAILED_BATCH_SQL",
        "the same multi-row INSERT, with every column",
    ),
    (
        "src/db/sqlite/items.rs",
        "prepare",
        "&PLAIN_BATCH_SQL",
        "the unit test of the multi-row INSERT",
    ),
    (
        "src/db/sqlite/items.rs",
        "prepare",
        "&DETAILED_BATCH_SQL",
        "the unit test of the multi-row INSERT, with every column",
    ),
    (
        "src/db/sqlite/mod.rs",
        "prepare",
        "sql",
        "test support (Store::dump): iterates a literal array of (table, SELECT) pairs",
    ),
    (
        "src/db/postgres/mod.rs",
        "query",
        "attempt",
        "PgTxn::acquire's try for its locks, a &Sql whose text is &'static str: TRY_OWNER or TRY_EVERY_OWNER of sql.rs",
    ),
    (
        "src/db/postgres/mod.rs",
        "execute",
        "wait",
        "PgTxn::wait_for's wait for one lock, a &Sql whose text is &'static str: WAIT_WRITERS_SHARED or WAIT_EXCLUSIVE of sql.rs",
    ),
    (
        "src/db/postgres/mod.rs",
        "execute",
        "&batch.table().insert",
        "a &'static Load of load.rs, whose insert is one of its Sql constants",
    ),
    (
        "src/db/postgres/enforce.rs",
        "format",
        "CREATE ROLE {} NOLOGIN",
        "a role name is an identifier, which SQL cannot bind: it is quoted (\" doubled) by quoted()",
    ),
];

/// Files that are test support, compiled only into tests: they set up
/// servers and schemas for tests with names the tests make.
const TEST_SUPPORT: &[&str] = &[
    "src/db/postgres/connect/test_cluster.rs",
    "src/db/postgres/testing.rs",
];

/// Methods whose first argument is SQL (on a connection or transaction)
/// or the parameters (on a statement).
const SQL_CALLS: &[&str] = &[
    "prepare",
    "prepare_cached",
    "prepare_with_flags",
    "execute",
    "execute_batch",
    "query_row",
    "query_row_and_then",
    "query_one",
    "query_map",
    "query_and_then",
    "query",
];

/// Methods taking (schema, pragma name, value...).
const PRAGMA_CALLS: &[&str] = &[
    "pragma",
    "pragma_query",
    "pragma_query_value",
    "pragma_update",
    "pragma_update_and_check",
];

/// Macros that format text at run time.
const FORMATTING: &[&str] = &[
    "format",
    "format_args",
    "write",
    "writeln",
    "print",
    "println",
    "eprint",
    "eprintln",
    "panic",
    "anyhow",
    "bail",
];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    /// A string literal's contents, escapes left as written.
    Str(String),
    /// A number, a char literal or a lifetime: never SQL.
    Other(String),
    Punct(char),
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    line: usize,
}

/// Splits Rust source into tokens, dropping comments and whitespace.
fn tokenize(source: &str) -> Vec<Token> {
    let mut lexer = Lexer {
        chars: source.chars().collect(),
        i: 0,
        line: 1,
        tokens: Vec::new(),
    };
    while lexer.i < lexer.chars.len() {
        lexer.next_token();
    }
    lexer.tokens
}

/// The tokenizer's state: where it is in the source, and what it found.
struct Lexer {
    chars: Vec<char>,
    i: usize,
    line: usize,
    tokens: Vec<Token>,
}

impl Lexer {
    fn at(&self, i: usize) -> char {
        self.chars.get(i).copied().unwrap_or('\0')
    }

    fn push(&mut self, tok: Tok, line: usize) {
        self.tokens.push(Token { tok, line });
    }

    /// Moves to `end`, counting the lines passed.
    fn advance_to(&mut self, end: usize) {
        let end = end.min(self.chars.len());
        self.line += self.chars[self.i..end]
            .iter()
            .filter(|&&c| c == '\n')
            .count();
        self.i = end;
    }

    fn text(&self, from: usize, to: usize) -> String {
        self.chars[from..to.min(self.chars.len())].iter().collect()
    }

    fn next_token(&mut self) {
        let (c, line) = (self.at(self.i), self.line);
        if c.is_whitespace() {
            self.advance_to(self.i + 1);
        } else if c == '/' && self.at(self.i + 1) == '/' {
            let end = (self.i..self.chars.len())
                .find(|&k| self.chars[k] == '\n')
                .unwrap_or(self.chars.len());
            self.advance_to(end);
        } else if c == '/' && self.at(self.i + 1) == '*' {
            self.block_comment();
        } else if c == '"' {
            let (body, end) = self.quoted(self.i + 1);
            self.push(Tok::Str(body), line);
            self.advance_to(end);
        } else if c == '\'' {
            self.char_or_lifetime();
        } else if c.is_alphabetic() || c == '_' {
            self.word();
        } else if c.is_ascii_digit() {
            let mut end = self.i;
            while self.at(end).is_alphanumeric()
                || self.at(end) == '_'
                || (self.at(end) == '.' && self.at(end + 1).is_ascii_digit())
            {
                end += 1;
            }
            self.push(Tok::Other(self.text(self.i, end)), line);
            self.advance_to(end);
        } else {
            self.push(Tok::Punct(c), line);
            self.advance_to(self.i + 1);
        }
    }

    /// Skips a block comment, which may nest.
    fn block_comment(&mut self) {
        let mut depth = 0;
        let mut k = self.i;
        while k < self.chars.len() {
            if self.at(k) == '/' && self.at(k + 1) == '*' {
                depth += 1;
                k += 2;
            } else if self.at(k) == '*' && self.at(k + 1) == '/' {
                depth -= 1;
                k += 2;
                if depth == 0 {
                    break;
                }
            } else {
                k += 1;
            }
        }
        self.advance_to(k);
    }

    /// The body of a string whose contents start at `from`, escapes kept as
    /// written, and the index after its closing quote.
    fn quoted(&self, from: usize) -> (String, usize) {
        let mut k = from;
        while k < self.chars.len() && self.chars[k] != '"' {
            k += if self.chars[k] == '\\' { 2 } else { 1 };
        }
        (self.text(from, k), k + 1)
    }

    /// A char literal ('x', '\n', '\u{..}', '"') or a lifetime ('a).
    fn char_or_lifetime(&mut self) {
        let (i, line) = (self.i, self.line);
        let end = if self.at(i + 1) == '\\' {
            (i + 3..self.chars.len())
                .find(|&k| self.chars[k] == '\'')
                .map_or(self.chars.len(), |k| k + 1)
        } else if self.at(i + 2) == '\'' {
            i + 3
        } else {
            (i + 1..self.chars.len())
                .find(|&k| !(self.chars[k].is_alphanumeric() || self.chars[k] == '_'))
                .unwrap_or(self.chars.len())
        };
        self.push(Tok::Other(self.text(i, end)), line);
        self.advance_to(end);
    }

    /// An identifier, or the prefix of a raw or byte string.
    fn word(&mut self) {
        let line = self.line;
        let mut j = self.i;
        while self.at(j).is_alphanumeric() || self.at(j) == '_' {
            j += 1;
        }
        let word = self.text(self.i, j);
        let hashes = (j..self.chars.len())
            .take_while(|&k| self.chars[k] == '#')
            .count();
        if matches!(word.as_str(), "r" | "br" | "cr") && self.at(j + hashes) == '"' {
            // A raw string: it ends at a quote followed by as many hashes.
            let body = j + hashes + 1;
            let close = (body..self.chars.len())
                .find(|&k| self.chars[k] == '"' && (1..=hashes).all(|h| self.at(k + h) == '#'))
                .unwrap_or(self.chars.len());
            self.push(Tok::Str(self.text(body, close)), line);
            self.advance_to(close + 1 + hashes);
        } else if matches!(word.as_str(), "b" | "c") && matches!(self.at(j), '"' | '\'') {
            // b"..", c"..", b'x': the literal itself comes next.
            self.advance_to(j);
        } else if word == "r" && hashes == 1 {
            // A raw identifier, r#type.
            let end = (j + 1..self.chars.len())
                .find(|&k| !(self.chars[k].is_alphanumeric() || self.chars[k] == '_'))
                .unwrap_or(self.chars.len());
            self.push(Tok::Ident(self.text(j + 1, end)), line);
            self.advance_to(end);
        } else {
            self.push(Tok::Ident(word), line);
            self.advance_to(j);
        }
    }
}

/// True when `text` reads as SQL: an upper-case keyword as a whole word,
/// or a lower-case statement shape (`select .. from`, `insert into`, ...).
fn looks_like_sql(text: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "PRAGMA", "WHERE", "DROP", "ALTER",
        "REPLACE", "VALUES", "FROM", "INTO", "JOIN", "LIMIT", "ORDER", "GROUP",
    ];
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    if words.iter().any(|w| KEYWORDS.contains(w)) {
        return true;
    }
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let has = |w: &str| lower.iter().any(|x| x == w);
    let pair = |a: &str, b: &str| lower.windows(2).any(|p| p[0] == a && p[1] == b);
    let table_words = ["table", "index", "view", "trigger"];
    (has("select") && has("from"))
        || pair("insert", "into")
        || pair("delete", "from")
        || (has("update") && has("set") && has("where"))
        || table_words
            .iter()
            .any(|t| pair("create", t) || pair("drop", t) || pair("alter", t))
        || has("pragma")
}

/// One place SQL is built at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Violation {
    line: usize,
    why: String,
}

/// What the checker knows about the whole crate: the constants made of
/// fixed text and the functions returning `&'static str`.
#[derive(Debug, Default)]
struct Known {
    fixed_consts: BTreeSet<String>,
    static_str_fns: BTreeSet<String>,
}

impl Known {
    fn learn(&mut self, tokens: &[Token]) {
        let is = |i: usize, t: &Tok| tokens.get(i).is_some_and(|x| &x.tok == t);
        for i in 0..tokens.len() {
            // const NAME: &str = "..." | concat!(...);
            if is(i, &Tok::Ident("const".into()))
                && let Some(Tok::Ident(name)) = tokens.get(i + 1).map(|t| &t.tok)
                && name != "fn"
                && let Some(eq) = (i..tokens.len()).find(|&k| is(k, &Tok::Punct('=')))
            {
                let ty: Vec<&Tok> = tokens[i + 2..eq].iter().map(|t| &t.tok).collect();
                let str_type = ty.contains(&&Tok::Ident("str".into()));
                let fixed = matches!(tokens.get(eq + 1).map(|t| &t.tok), Some(Tok::Str(_)))
                    && is(eq + 2, &Tok::Punct(';'))
                    || is(eq + 1, &Tok::Ident("concat".into()));
                if str_type && fixed {
                    self.fixed_consts.insert(name.clone());
                }
                // const NAME: Sql = Sql { text: "..." | concat!(...), types }:
                // PostgreSQL's statements with their parameters' types.
                let sql_type = ty == [&Tok::Punct(':'), &Tok::Ident("Sql".into())];
                let text_fixed = is(eq + 1, &Tok::Ident("Sql".into()))
                    && is(eq + 2, &Tok::Punct('{'))
                    && is(eq + 3, &Tok::Ident("text".into()))
                    && is(eq + 4, &Tok::Punct(':'))
                    && (matches!(tokens.get(eq + 5).map(|t| &t.tok), Some(Tok::Str(_)))
                        && is(eq + 6, &Tok::Punct(','))
                        || is(eq + 5, &Tok::Ident("concat".into())));
                if sql_type && text_fixed {
                    self.fixed_consts.insert(name.clone());
                }
            }
            // fn name(...) -> &'static str
            if is(i, &Tok::Ident("fn".into()))
                && let Some(Tok::Ident(name)) = tokens.get(i + 1).map(|t| &t.tok)
            {
                let returns = (i..tokens.len())
                    .find(|&k| is(k, &Tok::Punct('{')) || is(k, &Tok::Punct(';')))
                    .and_then(|end| {
                        (i..end).find(|&k| is(k, &Tok::Punct('-')) && is(k + 1, &Tok::Punct('>')))
                    });
                if let Some(arrow) = returns
                    && is(arrow + 2, &Tok::Punct('&'))
                    && is(arrow + 3, &Tok::Other("'static".into()))
                    && is(arrow + 4, &Tok::Ident("str".into()))
                {
                    self.static_str_fns.insert(name.clone());
                }
                // fn name(...) -> Sql: a Sql's text is &'static str, so
                // only literals can make it, as for the functions above.
                if let Some(arrow) = returns
                    && is(arrow + 2, &Tok::Ident("Sql".into()))
                    && (is(arrow + 3, &Tok::Punct('{')) || is(arrow + 3, &Tok::Punct(';')))
                {
                    self.static_str_fns.insert(name.clone());
                }
            }
        }
    }
}

/// The index of the bracket that closes the one opened at `open`.
fn closing(tokens: &[Token], open: usize) -> usize {
    let mut depth = 0;
    for (k, token) in tokens.iter().enumerate().skip(open) {
        match token.tok {
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    tokens.len()
}

/// The top-level arguments of the call whose `(` is at `open`.
fn arguments(tokens: &[Token], open: usize) -> Vec<&[Token]> {
    let close = closing(tokens, open);
    let mut args = Vec::new();
    let mut start = open + 1;
    let mut k = open + 1;
    while k < close {
        match tokens[k].tok {
            Tok::Punct('(' | '[' | '{') => k = closing(tokens, k),
            Tok::Punct(',') => {
                args.push(&tokens[start..k]);
                start = k + 1;
            }
            _ => {}
        }
        k += 1;
    }
    if start < close {
        args.push(&tokens[start..close]);
    }
    args
}

fn text(tokens: &[Token]) -> String {
    tokens
        .iter()
        .map(|t| match &t.tok {
            Tok::Ident(s) | Tok::Other(s) => s.clone(),
            Tok::Str(s) => format!("{s:?}"),
            Tok::Punct(c) => c.to_string(),
        })
        .collect()
}

/// The kinds of `tokens`, for matching.
fn kinds(tokens: &[Token]) -> Vec<&Tok> {
    tokens.iter().map(|t| &t.tok).collect()
}

/// True when `arg` is one bracket group or macro call that is fixed text
/// or bound parameters: `concat!(..)` is compile-time text; `[a, b]`,
/// `&[a]`, `(a,)` and `params![..]` are a statement's parameters.
fn fixed_or_parameters(arg: &[Token]) -> bool {
    let open = match kinds(arg)[..] {
        [Tok::Punct('(' | '['), ..] => 0,
        [Tok::Punct('&'), Tok::Punct('['), ..] => 1,
        [Tok::Ident(name), Tok::Punct('!'), ..]
            if matches!(name.as_str(), "concat" | "params" | "named_params") =>
        {
            2
        }
        [
            Tok::Ident(krate),
            Tok::Punct(':'),
            Tok::Punct(':'),
            Tok::Ident(name),
            Tok::Punct('!'),
            ..,
        ] if krate == "rusqlite" && matches!(name.as_str(), "params" | "named_params") => 5,
        _ => return false,
    };
    closing(arg, open) == arg.len() - 1
}

/// Why the SQL argument `arg` is not fixed text, if it is not.
fn sql_argument_problem(arg: &[Token], known: &Known) -> Option<String> {
    // `&CONST`, `sql::CONST`, `&sql::list(..)`: a reference or path to fixed text.
    let given = arg;
    let arg = match arg.first().map(|t| &t.tok) {
        Some(Tok::Punct('&')) => &arg[1..],
        _ => arg,
    };
    let arg = match kinds(arg)[..] {
        [Tok::Ident(module), Tok::Punct(':'), Tok::Punct(':'), ..] if module == "sql" => &arg[3..],
        _ => arg,
    };
    match kinds(arg)[..] {
        [Tok::Str(_)] => return None,
        [Tok::Ident(name)] if known.fixed_consts.contains(name) => return None,
        _ => {}
    }
    if fixed_or_parameters(arg) {
        return None;
    }
    // name(..) or path::name(..) of a function returning &'static str.
    if let Some(open) = arg.iter().position(|t| t.tok == Tok::Punct('('))
        && closing(arg, open) == arg.len() - 1
        && let Some(Tok::Ident(name)) = open.checked_sub(1).map(|k| &arg[k].tok)
        && known.static_str_fns.contains(name)
        && kinds(&arg[..open])
            .iter()
            .all(|t| matches!(t, Tok::Ident(_) | Tok::Punct(':')))
    {
        return None;
    }
    Some(format!("is {}, not fixed SQL text", text(given)))
}

/// A pragma call's arguments must be the schema (`None` or a
/// `DatabaseName`), a literal pragma name, and a value that is a literal
/// or a constant: rusqlite writes the value into the statement's text.
fn pragma_problem(args: &[&[Token]]) -> Option<String> {
    let arg = |k: usize| args.get(k).map_or_else(Vec::new, |a| kinds(a));
    if !matches!(arg(1)[..], [Tok::Str(_)]) {
        let name = args.get(1).map_or_else(String::new, |a| text(a));
        return Some(format!("pragma name {name} is not a literal"));
    }
    let schema = args.first().map_or_else(String::new, |a| text(a));
    if schema != "None" && !(schema.starts_with("Some(") && schema.contains("DatabaseName::")) {
        return Some(format!("schema {schema} is not None or a DatabaseName"));
    }
    let value_ok = match arg(2)[..] {
        // No value (a query), a literal, or a closure reading the result.
        []
        | [Tok::Str(_) | Tok::Other(_)]
        | [Tok::Punct('-'), Tok::Other(_)]
        | [Tok::Punct('|'), ..] => true,
        [Tok::Ident(v)] => {
            v == "true" || v == "false" || v.chars().all(|c| c.is_ascii_uppercase() || c == '_')
        }
        _ => false,
    };
    (!value_ok).then(|| {
        format!(
            "pragma value {} is not a literal or a constant",
            text(args[2])
        )
    })
}

/// Every place in one file's tokens where SQL is built at run time, with
/// the SQL calls whose argument the allow-list must vouch for.
#[allow(clippy::too_many_lines)] // one pass over the tokens, one rule after another
fn check(tokens: &[Token], known: &Known, allowed: &dyn Fn(&str, &str) -> bool) -> Vec<Violation> {
    let mut found = Vec::new();
    let tok = |i: usize| tokens.get(i).map(|t| &t.tok);
    let ident = |i: usize| match tok(i) {
        Some(Tok::Ident(s)) => Some(s.as_str()),
        _ => None,
    };
    let punct = |i: usize, c: char| tok(i) == Some(&Tok::Punct(c));
    // The innermost open bracket around each token.
    let mut enclosing = vec![None; tokens.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        enclosing[i] = stack.last().copied();
        match token.tok {
            Tok::Punct('(' | '[' | '{') => stack.push(i),
            Tok::Punct(')' | ']' | '}') => {
                stack.pop();
            }
            _ => {}
        }
    }
    for i in 0..tokens.len() {
        let line = tokens[i].line;
        // format!("... SQL ...", x) and friends.
        if let Some(name) = ident(i)
            && FORMATTING.contains(&name)
            && punct(i + 1, '!')
            && matches!(tok(i + 2), Some(Tok::Punct('(' | '[' | '{')))
        {
            let close = closing(tokens, i + 2);
            if let Some(sql) = tokens[i + 2..close].iter().find_map(|t| match &t.tok {
                Tok::Str(s) if looks_like_sql(s) => Some(s),
                _ => None,
            }) && !allowed(name, sql)
            {
                found.push(Violation {
                    line,
                    why: format!("{name}! formats SQL text {sql:?}"),
                });
            }
        }
        // SQL text joined at run time.
        if let Some(Tok::Str(sql)) = tok(i)
            && looks_like_sql(sql)
        {
            let before_plus =
                i >= 1 && punct(i - 1, '+') || i >= 2 && punct(i - 1, '=') && punct(i - 2, '+');
            let pushed = i >= 2
                && punct(i - 1, '(')
                && matches!(
                    ident(i - 2),
                    Some("push_str" | "insert_str" | "extend" | "push")
                );
            // After the literal, or after the call it is the only argument
            // of (String::from("..")), skip conversions and look for `+`.
            let mut j = if i >= 1 && punct(i - 1, '(') && punct(i + 1, ')') {
                i + 2
            } else {
                i + 1
            };
            while punct(j, '.') && ident(j + 1).is_some() && punct(j + 2, '(') {
                j = closing(tokens, j + 2) + 1;
            }
            let after_plus = punct(j, '+');
            let joined = enclosing[i].is_some_and(|open| {
                punct(open, '[') && {
                    let close = closing(tokens, open);
                    punct(close + 1, '.') && matches!(ident(close + 2), Some("concat" | "join"))
                }
            });
            if before_plus || pushed || after_plus || joined {
                found.push(Violation {
                    line,
                    why: format!("SQL text {sql:?} is joined with run-time strings"),
                });
            }
        }
        // leak turns a run-time String into a &'static str.
        if ident(i) == Some("leak") && i >= 1 && (punct(i - 1, '.') || punct(i - 1, ':')) {
            found.push(Violation {
                line,
                why: "leak makes a run-time string &'static".to_owned(),
            });
        }
        // .method(SQL, ..)
        if i >= 1
            && punct(i - 1, '.')
            && let Some(method) = ident(i)
            && punct(i + 1, '(')
        {
            let args = arguments(tokens, i + 1);
            let problem = if SQL_CALLS.contains(&method) {
                match args.first() {
                    Some(arg) => sql_argument_problem(arg, known)
                        .filter(|_| !allowed(method, &text(arg)))
                        .map(|p| format!("the SQL argument of {method} {p}")),
                    None => None,
                }
            } else if PRAGMA_CALLS.contains(&method) {
                pragma_problem(&args).map(|p| format!("{method}: {p}"))
            } else {
                None
            };
            if let Some(why) = problem {
                found.push(Violation { line, why });
            }
        }
    }
    found
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_owned()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).expect("read a source directory") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Checks `files` (path as shown, source) together and returns every
/// violation as `path:line: why`, and the allow-list entries never used.
fn check_sources(files: &[(String, String)]) -> (Vec<String>, Vec<String>) {
    let tokenized: Vec<(&str, Vec<Token>)> = files
        .iter()
        .map(|(path, source)| (path.as_str(), tokenize(source)))
        .collect();
    let mut known = Known::default();
    for (_, tokens) in &tokenized {
        known.learn(tokens);
    }
    let used = std::cell::RefCell::new(BTreeSet::new());
    let mut violations = Vec::new();
    for (path, tokens) in &tokenized {
        if TEST_SUPPORT.contains(path) {
            continue;
        }
        let allowed = |method: &str, arg: &str| {
            let hit = ALLOWED
                .iter()
                .position(|(p, m, a, _)| p == path && *m == method && *a == arg);
            if let Some(k) = hit {
                used.borrow_mut().insert(k);
            }
            hit.is_some()
        };
        for v in check(tokens, &known, &allowed) {
            violations.push(format!("{path}:{}: {}", v.line, v.why));
        }
    }
    let used = used.into_inner();
    let stale = ALLOWED
        .iter()
        .enumerate()
        .filter(|(k, _)| !used.contains(k))
        .map(|(_, (p, m, a, why))| format!("{p}: {m}({a}) ({why})"))
        .collect();
    (violations, stale)
}

/// The violations in one snippet, as if it were the whole crate.
fn violations_in(source: &str) -> Vec<String> {
    check_sources(&[("src/planted.rs".to_owned(), source.to_owned())]).0
}

#[test]
fn no_sql_in_src_is_built_from_run_time_values() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files: Vec<(String, String)> = rust_files(&root.join("src"))
        .into_iter()
        .map(|path| {
            let shown = path
                .strip_prefix(root)
                .expect("under the crate")
                .display()
                .to_string();
            let source = fs::read_to_string(&path).expect("read a source file");
            (shown, source)
        })
        .collect();
    let (violations, stale) = check_sources(&files);
    assert!(
        violations.is_empty(),
        "SQL built at run time (bind the values as parameters instead):\n{}",
        violations.join("\n")
    );
    assert!(
        stale.is_empty(),
        "allow-list entries that match nothing any more (remove them):\n{}",
        stale.join("\n")
    );
    let sql_literals: usize = files
        .iter()
        .flat_map(|(_, source)| tokenize(source))
        .filter(|t| matches!(&t.tok, Tok::Str(s) if looks_like_sql(s)))
        .count();
    eprintln!(
        "static sql: {} files, {sql_literals} SQL literals, {} allowed indirections, no violation",
        files.len(),
        ALLOWED.len()
    );
}

#[test]
fn the_checker_flags_sql_formatted_with_a_value() {
    let planted = r#"
        fn find(conn: &Connection, name: &str) {
            let sql = format!("SELECT * FROM items WHERE name = '{}'", name);
            conn.execute(&sql, []).unwrap();
        }
    "#;
    assert_eq!(
        violations_in(planted),
        [
            "src/planted.rs:3: format! formats SQL text \"SELECT * FROM items WHERE name = '{}'\"",
            "src/planted.rs:4: the SQL argument of execute is &sql, not fixed SQL text",
        ]
    );
}

#[test]
fn the_checker_flags_every_way_of_joining_sql_at_run_time() {
    let planted = r#"
        fn a(name: &str) -> String { String::from("DELETE FROM items WHERE name = '") + name + "'" }
        fn b(name: &str) { let mut s = String::new(); s.push_str("select * from items where name = "); }
        fn c(name: &str) -> String { ["UPDATE items SET name = '", name, "'"].concat() }
        fn d(mut s: String, id: &str) { s += " WHERE id = "; }
        fn e(id: &str) { write!(out, "insert into items values ({id})"); }
        fn f(conn: &Connection, v: i64, name: &str) {
            conn.pragma_update(None, "user_version", v).unwrap();
            conn.pragma_update(None, name, 1).unwrap();
            conn.prepare_cached(&pick(name)).unwrap();
            let s: &'static str = format!("x{name}").leak();
        }
        fn pick(name: &str) -> String { name.to_owned() }
    "#;
    let lines: Vec<String> = violations_in(planted)
        .iter()
        .map(|v| v.split(':').take(2).collect::<Vec<_>>().join(":"))
        .collect();
    assert_eq!(
        lines,
        [
            "src/planted.rs:2",
            "src/planted.rs:3",
            "src/planted.rs:4",
            "src/planted.rs:5",
            "src/planted.rs:6",
            "src/planted.rs:8",
            "src/planted.rs:9",
            "src/planted.rs:10",
            "src/planted.rs:11",
        ],
        "{:#?}",
        violations_in(planted)
    );
}

#[test]
fn the_checker_accepts_fixed_sql_and_ignores_sql_in_comments_and_messages() {
    let clean = r##"
        //! Doc: format!("SELECT * FROM items WHERE name = '{}'", name) is wrong.
        const BY_ID: &str = "SELECT * FROM items WHERE id = ?1";
        const JOINED: &str = concat!("SELECT id ", "FROM items");
        macro_rules! cols { () => { "SELECT id, name FROM items " }; }
        fn order(reverse: bool) -> &'static str {
            if reverse { concat!(cols!(), "ORDER BY id DESC") } else { "SELECT 1" }
        }
        fn run(tx: &Transaction, conn: &Connection, name: &str, id: i64) {
            /* format!("DELETE FROM {}", table) in a block comment */
            tx.prepare_cached("SELECT id FROM owners WHERE name_key = ?1")?
                .query_row([name], |r| r.get(0))?;
            tx.prepare_cached(concat!(cols!(), "WHERE i.id = ?1"))?
                .execute(params![id, name])?;
            tx.execute(BY_ID, (id,))?;
            tx.prepare(JOINED)?.query(rusqlite::params![id])?;
            tx.prepare_cached(order(true))?.query_map([], |r| r.get(0))?;
            tx.execute_batch(r#"CREATE TABLE t (a TEXT DEFAULT "x")"#)?;
            conn.pragma_update(None, "foreign_keys", true)?;
            conn.pragma_update(None, "cache_size", -8192)?;
            conn.pragma_update(None, "application_id", APPLICATION_ID)?;
            conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
            let quote = '"';
            let message = format!("cannot create directory {name:?}: where did it go?");
            let update = format!("select a row to update {}", quote);
        }
    "##;
    assert_eq!(violations_in(clean), Vec::<String>::new());
}

#[test]
fn the_checker_accepts_postgresql_statements_with_fixed_text_only() {
    let found = violations_in(
        r#"
        pub const GOOD: Sql = Sql { text: "SELECT 1 FROM items WHERE id = $1", types: &[] };
        pub const JOINED: Sql = Sql { text: concat!("SELECT 1 ", "FROM items"), types: &[] };
        pub const BAD: Sql = Sql { text: name_of(), types: &[] };
        pub fn list(reverse: bool) -> Sql { GOOD }
        fn run(tx: &mut PgTxn, id: i64) {
            tx.query(&sql::GOOD, &[&id]);
            tx.query(&JOINED, &[&id]);
            tx.query(&sql::list(true), &[]);
            tx.execute(&sql::BAD, &[&id]);
        }
        "#,
    );
    assert_eq!(
        found,
        ["src/planted.rs:10: the SQL argument of execute is &sql::BAD, not fixed SQL text"]
    );
}
