use diesel::sql_types::{Array, BigInt, Bool, Date, Int4, Nullable, Text, Timestamptz};

diesel::define_sql_function!(fn lower(x: Text) -> Text);
diesel::define_sql_function!(fn array_remove(array: Array<Text>, element: Text) -> Array<Text>);
diesel::define_sql_function!(fn pg_advisory_xact_lock(key1: Int4, key2: Int4) -> Void);
diesel::define_sql_function! {
    /// The duplicate rule (migration `2026-12-02-000009_submit_in_one_call`).
    #[allow(clippy::too_many_arguments)]
    fn earlier_duplicate(
        partner: BigInt,
        is_test: Bool,
        born: Date,
        since: Timestamptz,
        first_lower: Text,
        last_lower: Text,
        zip: Text,
        mail_lower: Nullable<Text>,
        phone_number: Nullable<Text>,
    ) -> Nullable<BigInt>
}

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
