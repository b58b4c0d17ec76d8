use serde::{Serialize, Serializer};
use serde_json::value::RawValue;
use std::fmt;

/// An amount in US cents; rendered in JSON as a number of dollars with two decimals (`50000.00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Cents(pub i64);

impl Cents {
    /// Dollars as partners send them (a JSON number); `None` when negative, not finite,
    /// or finer than a cent.
    pub fn from_dollars(dollars: f64) -> Option<Self> {
        if !dollars.is_finite() || !(0.0..=1e13).contains(&dollars) {
            return None;
        }
        let cents = (dollars * 100.0).round();
        // A number written with at most two decimals parses to the double nearest to
        // cents / 100, which is exactly what the (correctly rounded) division gives back;
        // anything finer than a cent does not.
        (cents / 100.0 == dollars).then_some(Self(cents as i64))
    }
}

impl fmt::Display for Cents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl Serialize for Cents {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let number = RawValue::from_string(self.to_string()).map_err(serde::ser::Error::custom)?;
        number.serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_two_decimals_as_a_json_number() {
        let rendered = serde_json::to_string(&[Cents(5_000_000), Cents(5), Cents(-1250)]);
        assert_eq!(rendered.ok().as_deref(), Some("[50000.00,0.05,-12.50]"));
    }

    #[test]
    fn parses_dollars_to_whole_cents() {
        assert_eq!(Cents::from_dollars(50000.0), Some(Cents(5_000_000)));
        assert_eq!(Cents::from_dollars(19.99), Some(Cents(1999)));
        assert_eq!(Cents::from_dollars(0.001), None);
        assert_eq!(Cents::from_dollars(2.9e-295), None);
        assert_eq!(Cents::from_dollars(0.1 + 0.2), None);
        assert_eq!(
            Cents::from_dollars(12345678901.23),
            Some(Cents(1_234_567_890_123))
        );
        assert_eq!(Cents::from_dollars(4560061503819.432), None);
        assert_eq!(
            Cents::from_dollars(4560061503819.43),
            Some(Cents(456_006_150_381_943))
        );
        for cents in [1, 7, 10, 99, 101, 1999, 123_456_789, 9_999_999_999_999] {
            let written = format!("{}.{:02}", cents / 100, cents % 100);
            let dollars: f64 = written.parse().unwrap();
            assert_eq!(
                Cents::from_dollars(dollars),
                Some(Cents(cents)),
                "{written}"
            );
        }
        assert_eq!(Cents::from_dollars(-1.0), None);
        assert_eq!(Cents::from_dollars(f64::NAN), None);
    }
}
