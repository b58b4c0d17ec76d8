//! Which stage may follow which, and what a move needs.

use super::Stage;
use crate::Cents;

impl Stage {
    /// The stages a lead may move to without `force`.
    pub fn allowed_next(self) -> &'static [Stage] {
        use Stage::*;
        match self {
            Click => &[Lead],
            Lead => &[InUnderwriting],
            InUnderwriting => &[NeedInfo, NotApproved, OfferReady],
            NeedInfo => &[InUnderwriting, NotApproved],
            OfferReady => &[CallScheduled, SignDocs, NotApproved],
            CallScheduled => &[OfferReady, SignDocs, NotApproved],
            SignDocs => &[Processing, NotApproved],
            Processing => &[InFunding, NeedInfo, NotApproved],
            InFunding => &[Funded, NotApproved],
            NotApproved => &[InUnderwriting],
            Funded => &[],
        }
    }

    pub fn can_move_to(self, next: Stage) -> bool {
        self.allowed_next().contains(&next)
    }
}

/// A requested move of a lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoveRequest {
    pub to: Stage,
    /// Required to reach `funded`; ignored for every other stage.
    pub funded_amount: Option<Cents>,
    /// Overrides the move rules (an operator's correction); recorded with the move.
    pub force: bool,
}

/// A move that may be applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    pub from: Stage,
    pub to: Stage,
    /// `Some` exactly when `to` is `funded`.
    pub funded_amount: Option<Cents>,
    pub forced: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveRefused {
    /// Not an allowed next stage (and not forced).
    NotAllowed { from: Stage, to: Stage },
    /// The lead is at that stage already.
    AlreadyThere(Stage),
    /// `funded` needs a positive funded amount.
    FundedAmountRequired,
}

impl MoveRefused {
    pub fn message(&self) -> String {
        match self {
            Self::NotAllowed { from, to } => format!(
                "A lead cannot move from {} to {}",
                from.as_str(),
                to.as_str()
            ),
            Self::AlreadyThere(stage) => format!("The lead is already at {}", stage.as_str()),
            Self::FundedAmountRequired => {
                "Field 'funded_amount' is required to move a lead to funded".to_string()
            }
        }
    }
}

/// The note an operator attaches to a move: blank is none, at most 1000 characters.
pub fn move_note(text: Option<&str>) -> Result<Option<String>, crate::FieldError> {
    match text.map(str::trim).filter(|note| !note.is_empty()) {
        None => Ok(None),
        Some(note) if note.chars().count() <= 1000 => Ok(Some(note.to_string())),
        Some(_) => Err(crate::FieldError::new(
            "note",
            "must be at most 1000 characters",
        )),
    }
}

/// Decides whether `request` may move a lead that is at `from`.
pub fn plan_move(from: Stage, request: MoveRequest) -> Result<Move, MoveRefused> {
    if request.to == from {
        return Err(MoveRefused::AlreadyThere(from));
    }
    if !request.force && !from.can_move_to(request.to) {
        return Err(MoveRefused::NotAllowed {
            from,
            to: request.to,
        });
    }
    let funded_amount = match request.to {
        Stage::Funded => Some(
            request
                .funded_amount
                .filter(|amount| amount.0 > 0)
                .ok_or(MoveRefused::FundedAmountRequired)?,
        ),
        _ => None,
    };
    Ok(Move {
        from,
        to: request.to,
        funded_amount,
        forced: request.force && !from.can_move_to(request.to),
    })
}

/// The part of a lead the pipeline owns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PipelineState {
    pub stage: Stage,
    /// Present exactly while the lead is `funded`.
    pub funded_amount: Option<Cents>,
}

impl PipelineState {
    /// Applies the move if it is allowed; a refused move changes nothing.
    pub fn apply(&mut self, request: MoveRequest) -> Result<Move, MoveRefused> {
        let planned = plan_move(self.stage, request)?;
        self.stage = planned.to;
        self.funded_amount = planned.funded_amount;
        Ok(planned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(to: Stage) -> MoveRequest {
        MoveRequest {
            to,
            funded_amount: None,
            force: false,
        }
    }

    #[test]
    fn follows_the_contract_table() {
        assert!(plan_move(Stage::Click, request(Stage::Lead)).is_ok());
        assert!(plan_move(Stage::Lead, request(Stage::InUnderwriting)).is_ok());
        assert_eq!(
            plan_move(Stage::Lead, request(Stage::Funded)),
            Err(MoveRefused::NotAllowed {
                from: Stage::Lead,
                to: Stage::Funded
            })
        );
        assert_eq!(
            plan_move(Stage::InFunding, request(Stage::Funded)),
            Err(MoveRefused::FundedAmountRequired)
        );
        let funded = plan_move(
            Stage::InFunding,
            MoveRequest {
                to: Stage::Funded,
                funded_amount: Some(Cents(5_000_000)),
                force: false,
            },
        );
        assert_eq!(funded.map(|m| m.funded_amount), Ok(Some(Cents(5_000_000))));
        assert!(Stage::Funded.allowed_next().is_empty());
    }

    #[test]
    fn force_overrides_the_rules_and_is_recorded_only_when_needed() {
        let forced = plan_move(
            Stage::Funded,
            MoveRequest {
                to: Stage::Processing,
                funded_amount: None,
                force: true,
            },
        );
        assert_eq!(forced.map(|m| m.forced), Ok(true));
        let needless = plan_move(
            Stage::Lead,
            MoveRequest {
                to: Stage::InUnderwriting,
                funded_amount: None,
                force: true,
            },
        );
        assert_eq!(needless.map(|m| m.forced), Ok(false));
    }
}
