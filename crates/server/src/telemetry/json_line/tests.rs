use super::{JsonLine, write_timestamp};
use chrono::{NaiveDate, SecondsFormat, TimeZone, Utc};
use std::io;
use std::sync::{Arc, Mutex};
use tracing_subscriber::fmt::MakeWriter;

/// What a subscriber wrote, line by line.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

impl Captured {
    fn lines(&self) -> Vec<String> {
        let text = String::from_utf8(self.0.lock().unwrap().clone()).unwrap();
        text.lines().map(str::to_owned).collect()
    }
}

#[derive(Debug)]
#[allow(dead_code)]
struct Odd {
    quote: &'static str,
}

/// Every kind of field, odd text, spans nested, recorded late and named as parents.
fn log_everything() {
    let text = "quote \" backslash \\ newline \n tab \t bell \u{7} nul \0 del \u{7f} é 🦀 \u{1f}";
    tracing::info!(
        text,
        count = 42u64,
        below = -7i64,
        yes = true,
        ratio = 0.1,
        whole = 1.0,
        huge = 1e300,
        tiny = 5e-324,
        nothing = f64::NAN,
        unset = Option::<u64>::None,
        set = Some(3u64),
        debugged = ?Odd { quote: "\"" },
        shown = %"displayed \"text\"",
        error = &io::Error::other("broken \"pipe\"") as &dyn std::error::Error,
        "a message with {} and \"quotes\"",
        "arguments"
    );
    tracing::warn!(target: "custom::target", "no fields");
    let outer = tracing::info_span!("request", request_id = "abc-\"1\"", partner_id = 7u64);
    let _outer = outer.enter();
    tracing::error!(status = 500u16, "inside one span");
    let empty = tracing::debug_span!("empty");
    let _empty = empty.enter();
    let late = tracing::info_span!("late", first = tracing::field::Empty, second = 1u64);
    late.record("first", "recorded later");
    let entered = late.enter();
    tracing::info!("three spans deep");
    let other = tracing::info_span!("other", id = 9u64);
    tracing::info!(parent: &other, "parent named");
    drop(entered);
    late.record("second", 2u64);
    let _late = late.enter();
    tracing::info!("after a second record");
}

fn lines_of(subscriber: impl tracing::Subscriber + Send + Sync, written: &Captured) -> Vec<String> {
    tracing::subscriber::with_default(subscriber, log_everything);
    written.lines()
}

/// The line without its timestamp's value, and that value.
fn split_timestamp(line: &str) -> (String, String) {
    let rest = line
        .strip_prefix("{\"timestamp\":\"")
        .unwrap_or_else(|| panic!("no leading timestamp: {line}"));
    let (timestamp, rest) = rest.split_once('"').unwrap();
    (rest.to_owned(), timestamp.to_owned())
}

#[test]
fn lines_are_byte_for_byte_those_of_tracing_subscribers_json_format() {
    let written = Captured::default();
    let reference = lines_of(
        tracing_subscriber::fmt()
            .json()
            .flatten_event(true)
            .with_max_level(tracing::Level::TRACE)
            .with_writer(written.clone())
            .finish(),
        &written,
    );
    let written = Captured::default();
    let ours = lines_of(
        tracing_subscriber::fmt()
            .json()
            .event_format(JsonLine)
            .with_max_level(tracing::Level::TRACE)
            .with_writer(written.clone())
            .finish(),
        &written,
    );
    assert_eq!(ours.len(), 6);
    assert_eq!(reference.len(), ours.len());
    for (expected, line) in reference.iter().zip(&ours) {
        let (expected_rest, _) = split_timestamp(expected);
        let (rest, timestamp) = split_timestamp(line);
        assert_eq!(rest, expected_rest);
        let at = chrono::DateTime::parse_from_rfc3339(&timestamp).unwrap();
        assert!(
            (Utc::now() - at.to_utc()).num_seconds().abs() < 60,
            "{timestamp}"
        );
        assert_eq!(timestamp.len(), "2026-01-01T00:00:00.000000Z".len());
        serde_json::from_str::<serde_json::Value>(line).unwrap();
    }
    assert!(ours[0].contains(
        r#""text":"quote \" backslash \\ newline \n tab \t bell \u0007 nul \u0000 del "#
    ));
    assert!(ours[3].contains(
        r#""spans":[{"partner_id":7,"request_id":"abc-\"1\"","name":"request"},{"name":"empty"},{"first":"recorded later","second":1,"name":"late"}]"#
    ));
}

#[test]
fn timestamps_are_rfc_3339_to_the_microsecond() {
    let times = [
        Utc.with_ymd_and_hms(2026, 12, 5, 22, 32, 16).unwrap()
            + chrono::Duration::nanoseconds(736_161_999),
        Utc.with_ymd_and_hms(987, 1, 2, 3, 4, 5).unwrap(),
        Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap()
            + chrono::Duration::microseconds(999_999),
        NaiveDate::from_ymd_opt(1970, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc(),
    ];
    for at in times {
        let mut written = String::new();
        write_timestamp(&mut written, at).unwrap();
        assert_eq!(written, at.to_rfc3339_opts(SecondsFormat::Micros, true));
    }
}
