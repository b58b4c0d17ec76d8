//! A body parsed as a JSON object into a map sized for a lead's fields from the start:
//! serde_json's own `Value` grows its map, rehashing it, four times on the way to fifteen.

use partnerhub_domain::lead::LEAD_FIELDS;
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// What the body was: an object, other JSON, or no JSON at all.
pub enum Parsed {
    Object(Map<String, Value>),
    NotAnObject,
    Malformed(serde_json::Error),
}

pub fn parse(body: &[u8]) -> Parsed {
    let opens_an_object = body
        .iter()
        .find(|byte| !byte.is_ascii_whitespace())
        .is_some_and(|&byte| byte == b'{');
    if !opens_an_object {
        return match serde_json::from_slice::<IgnoredAny>(body) {
            Ok(_) => Parsed::NotAnObject,
            Err(error) => Parsed::Malformed(error),
        };
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let object = deserializer
        .deserialize_map(ObjectVisitor)
        .and_then(|object| deserializer.end().map(|()| object));
    match object {
        Ok(object) => Parsed::Object(object),
        Err(error) => Parsed::Malformed(error),
    }
}

struct ObjectVisitor;

impl<'de> Visitor<'de> for ObjectVisitor {
    type Value = Map<String, Value>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Self::Value, A::Error> {
        // Every lead field and `api_key`.
        let mut object = Map::with_capacity(LEAD_FIELDS.len() + 1);
        while let Some((name, value)) = entries.next_entry::<String, Value>()? {
            object.insert(name, value);
        }
        Ok(object)
    }
}

#[cfg(test)]
mod tests {
    use super::{Parsed, parse};
    use serde_json::json;

    fn outcome(body: &str) -> String {
        match parse(body.as_bytes()) {
            Parsed::Object(object) => serde_json::Value::Object(object).to_string(),
            Parsed::NotAnObject => "not an object".into(),
            Parsed::Malformed(error) => format!("malformed: {error}"),
        }
    }

    #[test]
    fn reads_objects_as_serde_json_does() {
        let body = r#" {"b": 1, "a": [1.50, {"x": null}], "b": "last wins"} "#;
        let expected = serde_json::from_str::<serde_json::Value>(body).map(|v| v.to_string());
        assert_eq!(Ok(outcome(body)), expected.map_err(|_| ()));
        assert_eq!(outcome(r#"{"a":1}"#), json!({"a": 1}).to_string());
        assert_eq!(outcome("[1]"), "not an object");
        assert_eq!(outcome("12"), "not an object");
        assert_eq!(
            outcome(r#"{"a":1"#),
            "malformed: EOF while parsing an object at line 1 column 6"
        );
        assert_eq!(
            outcome(r#"{"a":1} x"#),
            "malformed: trailing characters at line 1 column 9"
        );
        assert_eq!(
            outcome(""),
            "malformed: EOF while parsing a value at line 1 column 0"
        );
    }
}
