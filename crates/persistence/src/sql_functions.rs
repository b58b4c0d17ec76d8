use diesel::sql_types::{Array, Int4, Text};

diesel::define_sql_function!(fn lower(x: Text) -> Text);
diesel::define_sql_function!(fn array_remove(array: Array<Text>, element: Text) -> Array<Text>);
diesel::define_sql_function!(fn pg_advisory_xact_lock(key1: Int4, key2: Int4) -> Void);

/// PostgreSQL's `void`, the result of functions called only for their effect.
#[derive(diesel::sql_types::SqlType, diesel::query_builder::QueryId)]
#[diesel(postgres_type(name = "void"))]
pub struct Void;

/// An ILIKE pattern matching text that holds `needle` anywhere, its `%`, `_` and `\`
/// taken literally.
pub fn contains_pattern(needle: &str) -> String {
    let escaped = needle
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}
