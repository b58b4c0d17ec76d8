//! Every answer a test receives through [`crate::send`] is checked against the generated
//! OpenAPI document: its status must be documented for the operation, and its JSON body
//! must match that response's schema (a JSON Schema 2020-12 validator).

use jsonschema::Validator;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

struct Contract {
    document: Value,
    validators: Mutex<HashMap<String, Arc<Validator>>>,
}

fn contract() -> &'static Contract {
    static CONTRACT: OnceLock<Contract> = OnceLock::new();
    CONTRACT.get_or_init(|| Contract {
        document: serde_json::from_str(partnerhub_api::openapi_document())
            .expect("the generated document is not JSON"),
        validators: Mutex::default(),
    })
}

/// The documented path template `path` is an instance of; literal segments win over
/// parameters (`/referrals/stats` over `/referrals/{reference_id}`).
fn template_of<'a>(document: &'a Value, path: &str) -> Option<&'a str> {
    let segments: Vec<&str> = path.split('/').collect();
    document["paths"]
        .as_object()?
        .keys()
        .filter_map(|template| {
            let parts: Vec<&str> = template.split('/').collect();
            if parts.len() != segments.len() {
                return None;
            }
            let mut literal = 0;
            for (part, segment) in parts.iter().zip(&segments) {
                if part.starts_with('{') {
                    if segment.is_empty() {
                        return None;
                    }
                } else if part == segment {
                    literal += 1;
                } else {
                    return None;
                }
            }
            Some((literal, template.as_str()))
        })
        .max_by_key(|(literal, _)| *literal)
        .map(|(_, template)| template)
}

/// Checks one answer; panics, naming the operation, when it breaks the document.
pub fn check(method: &str, path: &str, status: u16, body: &str) {
    let contract = contract();
    let document = &contract.document;
    let Some(template) = template_of(document, path) else {
        return;
    };
    let method = method.to_ascii_lowercase();
    let Some(operation) = document["paths"][template].get(&method) else {
        return;
    };
    let Some(response) = operation["responses"].get(status.to_string()) else {
        panic!("{method} {template} answered {status}, which the document does not list: {body}");
    };
    let Some(schema) = response["content"]["application/json"].get("schema") else {
        return;
    };
    if method == "head" {
        return; // the GET's headers, without its body
    }
    let instance: Value = match serde_json::from_str(body) {
        Ok(instance) => instance,
        Err(_) => {
            panic!("{method} {template} {status}: the document says JSON, the body is {body:?}")
        }
    };
    let key = format!("{method} {template} {status}");
    let validator = {
        let mut validators = contract
            .validators
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        validators
            .entry(key.clone())
            .or_insert_with(|| {
                let mut root = json!({ "components": document["components"].clone() });
                if let (Some(root), Some(schema)) = (root.as_object_mut(), schema.as_object()) {
                    root.extend(schema.clone());
                }
                Arc::new(
                    jsonschema::draft202012::new(&root)
                        .unwrap_or_else(|e| panic!("{key}: the schema does not compile: {e}")),
                )
            })
            .clone()
    };
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{key}: the body breaks the document: {errors:#?}\n{instance:#}"
    );
}

#[cfg(test)]
mod tests {
    use super::{check, template_of};
    use serde_json::json;

    #[test]
    fn a_documented_answer_passes() {
        check(
            "GET",
            "/app/partners/api/v1/leads/20240101-1",
            404,
            r#"{"error": "Lead not found", "code": "NOT_FOUND"}"#,
        );
    }

    #[test]
    #[should_panic(expected = "breaks the document")]
    fn a_body_of_the_wrong_shape_fails() {
        check(
            "GET",
            "/app/partners/api/v1/account",
            200,
            r#"{"success": "yes"}"#,
        );
    }

    #[test]
    #[should_panic(expected = "breaks the document")]
    fn an_unknown_error_code_fails() {
        check(
            "GET",
            "/app/partners/api/v1/account",
            401,
            r#"{"error": "x", "code": "NOPE"}"#,
        );
    }

    #[test]
    #[should_panic(expected = "does not list")]
    fn an_undocumented_status_fails() {
        check("GET", "/app/partners/api/v1/account", 418, "{}");
    }

    #[test]
    fn literal_segments_win_over_parameters() {
        let document = json!({"paths": {"/r/{id}": {}, "/r/stats": {}, "/r/{id}/x": {}}});
        assert_eq!(template_of(&document, "/r/stats"), Some("/r/stats"));
        assert_eq!(template_of(&document, "/r/42"), Some("/r/{id}"));
        assert_eq!(template_of(&document, "/r/42/x"), Some("/r/{id}/x"));
        assert_eq!(template_of(&document, "/r/"), None);
        assert_eq!(template_of(&document, "/q/42"), None);
    }
}
