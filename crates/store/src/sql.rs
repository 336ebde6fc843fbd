//! The portable SQL port: one query text for both backends.
//!
//! Queries are written once with PostgreSQL-style `$1 … $n` parameters; the SQLite adapter
//! rewrites them to SQLite's `?1 … ?n`. Values are deliberately few — 64-bit integers, text and
//! NULL — because every column of the schema is one of those (ids and JSON are text, money is
//! minor units, time is milliseconds since the epoch), so one binding serves both backends.

use crate::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// Lock rows read in a read-then-write transaction. A no-op on SQLite: it has a single
    /// writer (and `BEGIN IMMEDIATE`), so a plain select inside the write transaction is already
    /// exclusive.
    pub fn for_update(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
}

/// A query parameter: borrows the caller's text instead of copying it (statements run on the
/// ingest hot path by the hundred thousand).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Param<'a> {
    Null,
    Int(i64),
    Text(std::borrow::Cow<'a, str>),
}

impl From<i64> for Param<'_> {
    fn from(v: i64) -> Self {
        Param::Int(v)
    }
}
impl From<bool> for Param<'_> {
    fn from(v: bool) -> Self {
        Param::Int(v as i64)
    }
}
impl<'a> From<&'a str> for Param<'a> {
    fn from(v: &'a str) -> Self {
        Param::Text(std::borrow::Cow::Borrowed(v))
    }
}
impl From<String> for Param<'_> {
    fn from(v: String) -> Self {
        Param::Text(std::borrow::Cow::Owned(v))
    }
}
impl<'a> From<&'a String> for Param<'a> {
    fn from(v: &'a String) -> Self {
        Param::Text(std::borrow::Cow::Borrowed(v.as_str()))
    }
}
impl<'a, T: Into<Param<'a>>> From<Option<T>> for Param<'a> {
    fn from(v: Option<T>) -> Self {
        v.map_or(Param::Null, Into::into)
    }
}
impl<'a> From<&'a Option<String>> for Param<'a> {
    fn from(v: &'a Option<String>) -> Self {
        v.as_deref().map_or(Param::Null, Param::from)
    }
}

/// `params![a, b, c]` → `&[Param]`.
#[macro_export]
macro_rules! params {
    () => { &[] as &[$crate::Param<'_>] };
    ($($v:expr),+ $(,)?) => { &[$($crate::Param::from($v)),+] as &[$crate::Param<'_>] };
}

/// One result row, columns in select order.
#[derive(Debug, Clone)]
pub struct Row(pub Vec<Value>);

impl Row {
    fn col(&self, i: usize) -> Result<&Value, StoreError> {
        self.0
            .get(i)
            .ok_or_else(|| StoreError::Decode(format!("no column {i}")))
    }
    pub fn int(&self, i: usize) -> Result<i64, StoreError> {
        match self.col(i)? {
            Value::Int(v) => Ok(*v),
            other => Err(StoreError::Decode(format!(
                "column {i}: expected integer, got {other:?}"
            ))),
        }
    }
    pub fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError> {
        match self.col(i)? {
            Value::Null => Ok(None),
            _ => self.int(i).map(Some),
        }
    }
    pub fn text(&self, i: usize) -> Result<String, StoreError> {
        match self.col(i)? {
            Value::Text(v) => Ok(v.clone()),
            other => Err(StoreError::Decode(format!(
                "column {i}: expected text, got {other:?}"
            ))),
        }
    }
    pub fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError> {
        match self.col(i)? {
            Value::Null => Ok(None),
            _ => self.text(i).map(Some),
        }
    }
}

/// A connection inside a transaction (or autocommit for reads). Everything in `repo` and the
/// job queue is written against this trait, so both backends run the same code.
pub trait Conn {
    fn dialect(&self) -> Dialect;
    /// Runs one statement; returns the number of rows changed.
    fn execute(&mut self, sql: &str, params: &[Param<'_>]) -> Result<u64, StoreError>;
    /// Runs one statement and returns all rows.
    fn query(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Vec<Row>, StoreError>;
    /// Runs several statements without parameters (migrations).
    fn execute_batch(&mut self, sql: &str) -> Result<(), StoreError>;

    fn query_opt(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Option<Row>, StoreError> {
        Ok(self.query(sql, params)?.into_iter().next())
    }
    fn query_one(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Row, StoreError> {
        self.query_opt(sql, params)?.ok_or(StoreError::NotFound)
    }
}

impl Param<'_> {
    /// The same value, owning its text (to keep it past the caller's borrow).
    pub fn into_owned(self) -> Param<'static> {
        match self {
            Param::Null => Param::Null,
            Param::Int(v) => Param::Int(v),
            Param::Text(t) => Param::Text(std::borrow::Cow::Owned(t.into_owned())),
        }
    }
}

/// Multi-row statements have one text per row count, and PostgreSQL prepares (and caches) each
/// text: so a batch of `n` rows runs as chunks whose sizes are powers of two (at most `max`,
/// itself a power of two), which keeps the distinct texts to a handful. `n = 100` → 64, 32, 4.
pub fn pow2_chunks(n: usize, max: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < n {
        let left = n - start;
        let size = if left >= max {
            max
        } else {
            1 << (usize::BITS - 1 - left.leading_zeros())
        };
        out.push(start..start + size);
        start += size;
    }
    out
}

/// `$first, $first+1, …` for `n` values, for `IN (…)` lists.
pub fn placeholder_list(first: usize, n: usize) -> String {
    let mut s = String::with_capacity(n * 5);
    for i in 0..n {
        if i > 0 {
            s.push_str(", ");
        }
        s.push('$');
        s.push_str(&(first + i).to_string());
    }
    s
}

/// Repeats the one `VALUES (…)` tuple of `sql` (an `INSERT` with `$1 … $k` placeholders) for `rows`
/// rows, numbering the placeholders of row `r` from `r·k + 1`: one statement inserts what `rows`
/// runs of `sql` would. `None` when `sql` has no single tuple to repeat.
pub fn repeat_values(sql: &str, rows: usize) -> Option<String> {
    let open = sql.find(" VALUES (")? + " VALUES ".len();
    let mut depth = 0usize;
    let mut close = None;
    for (i, b) in sql.bytes().enumerate().skip(open) {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i + 1);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    let tuple = &sql[open..close];
    // The tuple's placeholders, split around: (text before, parameter number) … then the tail.
    let mut parts: Vec<(&str, usize)> = Vec::new();
    let bytes = tuple.as_bytes();
    let (mut start, mut i, mut width) = (0, 0, 0);
    while i < bytes.len() {
        if bytes[i] == b'$' {
            let digits = bytes[i + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if digits > 0 {
                let n: usize = tuple[i + 1..i + 1 + digits].parse().ok()?;
                parts.push((&tuple[start..i], n));
                width = width.max(n);
                i += 1 + digits;
                start = i;
                continue;
            }
        }
        i += 1;
    }
    let tail = &tuple[start..];
    let mut out = String::with_capacity(sql.len() + rows * (tuple.len() + 8));
    out.push_str(&sql[..open]);
    for r in 0..rows {
        if r > 0 {
            out.push_str(", ");
        }
        for (text, n) in &parts {
            out.push_str(text);
            out.push('$');
            out.push_str(&(r * width + n).to_string());
        }
        out.push_str(tail);
    }
    out.push_str(&sql[close..]);
    Some(out)
}

/// Rewrites `$n` placeholders to SQLite's `?n`, leaving `$` inside string literals alone.
/// Copies runs of bytes between the few places that change (it runs for every statement).
pub(crate) fn to_sqlite_placeholders(sql: &str) -> String {
    let bytes = sql.as_bytes();
    let mut out = String::with_capacity(sql.len());
    let mut in_str = false;
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\'' {
            in_str = !in_str;
        } else if b == b'$' && !in_str && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            out.push_str(&sql[start..i]);
            out.push('?');
            start = i + 1;
        }
    }
    out.push_str(&sql[start..]);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn multi_row() {
        assert_eq!(
            super::repeat_values(
                "INSERT INTO t (a, b, c) VALUES ($1, 'x', $2, $2) ON CONFLICT DO NOTHING",
                2
            )
            .unwrap(),
            "INSERT INTO t (a, b, c) VALUES ($1, 'x', $2, $2), ($3, 'x', $4, $4) ON CONFLICT DO NOTHING"
        );
        let sizes = |n| {
            super::pow2_chunks(n, 64)
                .iter()
                .map(|r| r.len())
                .collect::<Vec<_>>()
        };
        assert_eq!(sizes(100), [64, 32, 4]);
        assert_eq!(sizes(1), [1]);
        assert_eq!(sizes(0), Vec::<usize>::new());
        assert_eq!(sizes(130), [64, 64, 2]);
        assert_eq!(super::placeholder_list(3, 3), "$3, $4, $5");
    }

    #[test]
    fn placeholders() {
        assert_eq!(
            super::to_sqlite_placeholders("a = $1 AND b = '$2' AND c = $10"),
            "a = ?1 AND b = '$2' AND c = ?10"
        );
    }
}
