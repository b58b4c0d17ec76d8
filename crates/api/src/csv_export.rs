//! CSV downloads: RFC 4180 (the csv crate's quoting), a header row, and cells that a
//! spreadsheet would run as a formula defused. Streamed batch by batch, each batch read on a
//! pooled connection of its own, so memory stays flat whatever the row count.

use crate::error::ApiError;
use actix_web::HttpResponse;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::web::Bytes;
use futures_util::Stream;
use futures_util::future::LocalBoxFuture;
use std::borrow::Cow;

/// Rows per batch: one query each.
pub const BATCH_ROWS: i64 = 500;

/// A cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
/// spreadsheets skip before looking) is prefixed with `'`, so it is shown, never evaluated.
pub fn cell(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// One batch of rows, and where the next batch starts (`None`: this was the last).
pub struct Batch<C> {
    pub rows: Vec<Vec<String>>,
    pub next: Option<C>,
}

impl<C> Batch<C> {
    /// A batch of `rows`, each made into cells; a full batch continues after its last row.
    pub fn of<T>(
        rows: &[T],
        cursor: impl FnOnce(&T) -> C,
        cells: impl FnMut(&T) -> Vec<String>,
    ) -> Self {
        let full = i64::try_from(rows.len()).is_ok_and(|count| count == BATCH_ROWS);
        Self {
            next: rows.last().filter(|_| full).map(cursor),
            rows: rows.iter().map(cells).collect(),
        }
    }
}

/// Reads one batch after a cursor (`None`: from the start).
pub type Fetch<C> =
    Box<dyn FnMut(Option<C>) -> LocalBoxFuture<'static, Result<Batch<C>, ApiError>>>;

fn encode(rows: &[Vec<String>]) -> Result<Bytes, ApiError> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        writer
            .write_record(row.iter().map(|text| cell(text).into_owned()))
            .map_err(|error| ApiError::Internal(format!("writing CSV: {error}")))?;
    }
    writer
        .into_inner()
        .map(Bytes::from)
        .map_err(|error| ApiError::Internal(format!("writing CSV: {error}")))
}

enum Phase<C> {
    Header,
    Batch(Option<C>),
    Done,
}

/// The header row, then every batch `fetch` reads, as they come.
fn rows<C: 'static>(
    header: &'static [&'static str],
    fetch: Fetch<C>,
) -> impl Stream<Item = Result<Bytes, std::io::Error>> {
    futures_util::stream::unfold(
        (Phase::Header, fetch),
        move |(phase, mut fetch)| async move {
            let (chunk, next) = match phase {
                Phase::Done => return None,
                Phase::Header => {
                    let header = vec![header.iter().map(|name| (*name).to_string()).collect()];
                    (encode(&header), Phase::Batch(None))
                }
                Phase::Batch(cursor) => match fetch(cursor).await {
                    Ok(batch) => {
                        let next = batch
                            .next
                            .map_or(Phase::Done, |cursor| Phase::Batch(Some(cursor)));
                        (encode(&batch.rows), next)
                    }
                    Err(error) => (Err(error), Phase::Done),
                },
            };
            let chunk = chunk.map_err(|error| {
                tracing::error!(%error, "a CSV export stopped part way");
                std::io::Error::other(error.to_string())
            });
            Some((chunk, (next, fetch)))
        },
    )
}

/// A `text/csv` download named `filename`.
pub fn download<C: 'static>(
    filename: &str,
    header: &'static [&'static str],
    fetch: Fetch<C>,
) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(filename.to_string())],
        })
        .streaming(rows(header, fetch))
}

#[cfg(test)]
mod tests {
    use super::{cell, encode};

    #[test]
    fn formulas_are_defused_and_quoting_follows_rfc_4180() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("Ann"), "Ann");
        assert_eq!(cell(""), "");
        let bytes = encode(&[vec![
            "a,b".to_string(),
            "say \"hi\"".to_string(),
            "two\nlines".to_string(),
            "=1+1".to_string(),
        ]])
        .unwrap_or_default();
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",'=1+1\r\n"
        );
    }
}
