use serde_json::{Value, json};

/// The lead of the seed's curl, PHP, JavaScript and Python examples, exactly as sent there.
pub fn seed_example_lead() -> Value {
    json!({
        "first_name": "John",
        "last_name": "Doe",
        "date_of_birth": "1985-03-15",
        "email": "john@example.com",
        "phone": "5551234567",
        "company_name": "Example Corp",
        "residential_street": "123 Main St",
        "residential_city": "Los Angeles",
        "residential_state": "CA",
        "residential_zip": "90001",
        "notes": "Optional notes"
    })
}

/// The seed's `/leads/validate` example body: the submit example plus funding type and UTM fields.
pub fn seed_validate_example() -> Value {
    with(
        seed_example_lead(),
        json!({
            "funding_type": "Term Loan",
            "utm_source": "my-website",
            "utm_medium": "api",
            "utm_campaign": "q1-leads"
        }),
    )
}

/// A valid lead distinct from every other `n`: no duplicate detection between them.
pub fn unique_lead(n: u32) -> Value {
    let letters: String = n
        .to_string()
        .bytes()
        .map(|digit| char::from(b'a' + (digit - b'0')))
        .collect();
    json!({
        "first_name": format!("Ann{letters}"),
        "last_name": format!("Lee{letters}"),
        "date_of_birth": "1980-01-01",
        "email": format!("ann{n}@example.com"),
        "phone": format!("555{:07}", n % 10_000_000),
        "residential_street": format!("{n} Oak St"),
        "residential_city": "Austin",
        "residential_state": "TX",
        "residential_zip": "73301"
    })
}

/// `base` with `changes` applied; a `null` in `changes` removes the field.
pub fn with(base: Value, changes: Value) -> Value {
    let mut merged = base;
    if let (Some(target), Some(changes)) = (merged.as_object_mut(), changes.as_object()) {
        for (key, value) in changes {
            if value.is_null() {
                target.shift_remove(key);
            } else {
                target.insert(key.clone(), value.clone());
            }
        }
    }
    merged
}

/// A JSON number exactly as written (money renders with two decimals: `dollars("50000.00")`).
pub fn dollars(written: &str) -> Value {
    serde_json::from_str(written).unwrap_or_else(|e| panic!("{written} is not a JSON number: {e}"))
}
