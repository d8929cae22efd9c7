//! The rows a whole-database copy writes to one table, held back column by
//! column and written a batch at a time: memory stays flat at any size,
//! and each batch costs a round trip or two whatever its size.

use postgres::types::{ToSql, Type};

use super::sql::Load;
use crate::domain::Error;

/// One value of a row: every column a copy writes is a bigint or a text.
#[derive(Debug)]
pub enum Value {
    /// A bigint, or NULL.
    Int(Option<i64>),
    /// A text, or NULL.
    Text(Option<String>),
}

/// One column's values, row by row.
#[derive(Debug)]
enum Column {
    Int(Vec<Option<i64>>),
    Text(Vec<Option<String>>),
}

/// Rows of one table not yet written.
#[derive(Debug)]
pub struct Batch {
    table: &'static Load,
    columns: Vec<Column>,
    rows: usize,
}

impl Batch {
    /// An empty batch of `table`'s rows, its columns typed as its INSERT's
    /// arrays are.
    pub fn new(table: &'static Load) -> Self {
        let columns = table
            .insert
            .types
            .iter()
            .map(|t| {
                if *t == Type::INT8_ARRAY {
                    Column::Int(Vec::new())
                } else {
                    Column::Text(Vec::new())
                }
            })
            .collect();
        Self {
            table,
            columns,
            rows: 0,
        }
    }

    /// The table the rows go to.
    pub fn table(&self) -> &'static Load {
        self.table
    }

    /// How many rows are held.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Adds a row: one value per column, of the column's type.
    pub fn push(&mut self, row: Vec<Value>) -> Result<(), Error> {
        if row.len() != self.columns.len() {
            return Err(Error::Internal(anyhow::anyhow!(
                "a row of {} values for {} columns",
                row.len(),
                self.columns.len()
            )));
        }
        for (column, value) in self.columns.iter_mut().zip(row) {
            match (column, value) {
                (Column::Int(values), Value::Int(v)) => values.push(v),
                (Column::Text(values), Value::Text(v)) => values.push(v),
                (_, value) => {
                    return Err(Error::Internal(anyhow::anyhow!(
                        "{value:?} for a column of another type"
                    )));
                }
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Each column as one array parameter of the INSERT.
    pub fn arrays(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.columns
            .iter()
            .map(|column| match column {
                Column::Int(values) => values as &(dyn ToSql + Sync),
                Column::Text(values) => values as &(dyn ToSql + Sync),
            })
            .collect()
    }

    /// The column types of the `COPY`.
    pub fn copy_types(&self) -> Vec<Type> {
        self.columns
            .iter()
            .map(|column| match column {
                Column::Int(_) => Type::INT8,
                Column::Text(_) => Type::TEXT,
            })
            .collect()
    }

    /// Row `index`'s values, as one row of the `COPY`.
    pub fn row(&self, index: usize) -> Vec<&(dyn ToSql + Sync)> {
        self.columns
            .iter()
            .map(|column| match column {
                Column::Int(values) => &values[index] as &(dyn ToSql + Sync),
                Column::Text(values) => &values[index] as &(dyn ToSql + Sync),
            })
            .collect()
    }
}
