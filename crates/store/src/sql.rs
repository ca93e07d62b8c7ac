//! A small builder for queries whose WHERE clause depends on the filters a user chose.
//! It numbers placeholders `$1, $2, …`, which both SQLite and PostgreSQL accept, so a
//! dynamic query is still one text for both engines.

use serde::Serialize;
use sqlx::any::AnyArguments;
use sqlx::{Any, Arguments};

#[derive(Default)]
pub struct Sql {
    text: String,
    args: AnyArguments,
    n: usize,
}

impl Sql {
    pub fn new(text: &str) -> Self {
        Self { text: text.to_string(), ..Default::default() }
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
        self.text.push('$');
        self.text.push_str(&self.n.to_string());
        self.args.add(v).expect("Any encodes every type we bind");
        self
    }

    pub fn query(self) -> sqlx::query::Query<'static, Any, AnyArguments> {
        // Safe: user input only ever reaches the query through bound arguments.
        sqlx::query_with(sqlx::AssertSqlSafe(self.text), self.args)
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
