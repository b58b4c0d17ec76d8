//! The body of a move: `status` (a stage), `funded_amount` (dollars), `note`, `force`.

use crate::error::ApiError;
use crate::fields::Fields;
use partnerhub_domain::pipeline::{MoveRequest, move_note};
use partnerhub_domain::{Cents, Stage};

pub fn move_request(fields: &Fields) -> Result<(MoveRequest, Option<String>), ApiError> {
    let status = fields.required_str("status")?;
    let to = Stage::parse(status).ok_or_else(|| {
        let stages: Vec<&str> = Stage::ALL.iter().map(|stage| stage.as_str()).collect();
        ApiError::invalid_field(
            "status",
            format!("Field 'status' must be one of: {}", stages.join(", ")),
        )
    })?;
    let funded_amount = fields
        .f64("funded_amount")?
        .map(|dollars| {
            Cents::from_dollars(dollars)
                .filter(|cents| cents.0 > 0)
                .ok_or_else(|| {
                    ApiError::invalid_field(
                        "funded_amount",
                        "Field 'funded_amount' must be a positive amount in dollars, to the cent",
                    )
                })
        })
        .transpose()?;
    let note = move_note(fields.str("note")?)?;
    let force = fields.bool("force")?.unwrap_or(false);
    Ok((
        MoveRequest {
            to,
            funded_amount,
            force,
        },
        note,
    ))
}
