//! A small builder for queries whose WHERE clause or row count depends on the input: the
//! filters a user chose, or the rows of a bulk load. The query is written once for both
//! engines; only the placeholders differ. PostgreSQL needs `$1, $2, …`; SQLite gets plain
//! `?`, because it resolves every numbered placeholder by a linear search of the names
//! seen so far, which made a 6,800-parameter bulk INSERT spend 60% of its time binding.

use serde::Serialize;
use sqlx::any::AnyArguments;
use sqlx::{Any, Arguments};

use crate::Backend;

pub struct Sql {
    text: String,
    args: AnyArguments,
    n: usize,
    positional: bool,
}

impl Sql {
    pub fn new(backend: Backend, text: &str) -> Self {
        Self { text: text.to_string(), args: AnyArguments::default(), n: 0, positional: backend == Backend::Sqlite }
    }

    pub fn push(&mut self, s: &str) -> &mut Self {
        self.text.push_str(s);
        self
    }

    /// Appends a placeholder bound to `v`.
    pub fn bind<T>(&mut self, v: T) -> &mut Self
    where
        T: sqlx::Encode<'static, Any> + sqlx::Type<Any>,
    {
        self.n += 1;
        if self.positional {
            self.text.push('?');
        } else {
            self.text.push('$');
            self.text.push_str(&self.n.to_string());
        }
        self.args.add(v).expect("Any encodes every type we bind");
        self
    }

    pub fn query(self) -> sqlx::query::Query<'static, Any, AnyArguments> {
        // Safe: user input only ever reaches the query through bound arguments.
        sqlx::query_with(sqlx::AssertSqlSafe(self.text), self.args)
    }
}

/// How [`JsonRows::insert_into`] reads a column out of a row.
#[derive(Debug, Clone, Copy)]
pub enum Column {
    Integer,
    Text,
}

/// The rows of one bulk INSERT, written as one JSON array of arrays and bound as a single
/// parameter that the engine unpacks itself (`jsonb_each` on SQLite,
/// `jsonb_array_elements` on PostgreSQL). Binding every value instead cost more than
/// SQLite's own work: sqlx copies each text value twice on its way to SQLite, which copies
/// it again, and frees them all on another thread (BENCHMARKS.md, `demo --scale`).
#[derive(Debug, Default)]
pub struct JsonRows {
    buf: Vec<u8>,
    rows: usize,
}

/// One row being written; see [`JsonRows::row`].
pub struct JsonRow<'a> {
    buf: &'a mut Vec<u8>,
    first: bool,
}

impl JsonRows {
    /// Starts the next row; its values follow with [`JsonRow::col`], in column order.
    pub fn row(&mut self) -> JsonRow<'_> {
        self.buf.extend_from_slice(if self.rows == 0 { b"[[" } else { b"],[" });
        self.rows += 1;
        JsonRow { buf: &mut self.buf, first: true }
    }

    /// `INSERT INTO table (columns, same) SELECT … FROM <these rows>`: the rows' values in
    /// the order of `columns`, then the text values of `same`, equal for every row and
    /// bound once (the engine finds a row's value by walking its array from the start, so
    /// every value left out of the rows saves that walk a step for each value after it).
    pub fn insert_into(
        mut self,
        backend: Backend,
        table: &str,
        columns: &[(&str, Column)],
        same: &[(&str, &str)],
    ) -> Sql {
        self.buf.extend_from_slice(if self.rows == 0 { b"[]" } else { b"]]" });
        let names: Vec<&str> =
            columns.iter().map(|(name, _)| *name).chain(same.iter().map(|(name, _)| *name)).collect();
        let values: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(i, (_, column))| match column {
                Column::Integer => format!("CAST(j.value ->> {i} AS BIGINT)"),
                Column::Text => format!("j.value ->> {i}"),
            })
            .collect();
        let mut q =
            Sql::new(backend, &format!("INSERT INTO {table} ({}) SELECT {}", names.join(", "), values.join(", ")));
        for (_, value) in same {
            q.push(", ").bind(value.to_string());
        }
        q.push(" FROM ");
        let json = String::from_utf8(self.buf).expect("serde_json writes UTF-8");
        match backend {
            Backend::Sqlite => q.push("jsonb_each(").bind(json).push(") AS j"),
            Backend::Postgres => q.push("jsonb_array_elements(CAST(").bind(json).push(" AS jsonb)) AS j(value)"),
        };
        q
    }
}

impl JsonRow<'_> {
    /// The row's next value: a string, a number or `None` (NULL).
    pub fn col(mut self, value: impl Serialize) -> Self {
        if !self.first {
            self.buf.push(b',');
        }
        self.first = false;
        serde_json::to_writer(&mut *self.buf, &value).expect("strings, numbers and None always serialize");
        self
    }
}

/// One page of a list and how many items match in all.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub offset: i64,
    pub limit: i64,
}
