//! For any sequence of requested moves, the status fields stay consistent and a refused
//! move leaves the lead exactly as it was.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed unwrap is the test failing, with its message"
)]

use partnerhub_domain::pipeline::{MoveRefused, MoveRequest, PipelineState};
use partnerhub_domain::{Cents, CoarseStatus, Stage};
use proptest::prelude::*;

fn any_stage() -> impl Strategy<Value = Stage> {
    (0..Stage::ALL.len()).prop_map(|i| Stage::ALL[i])
}

fn any_request() -> impl Strategy<Value = MoveRequest> {
    (
        any_stage(),
        proptest::option::of(-10_000i64..10_000_000),
        proptest::bool::weighted(0.2),
    )
        .prop_map(|(to, amount, force)| MoveRequest {
            to,
            funded_amount: amount.map(Cents),
            force,
        })
}

fn assert_consistent(state: &PipelineState) {
    let stage = state.stage;
    let application = stage.application_status();
    assert_eq!(
        application.is_none(),
        matches!(stage, Stage::Click | Stage::Lead)
    );
    assert_eq!(stage.effective_status(), application.unwrap_or(stage));
    match stage.coarse() {
        CoarseStatus::Click => assert_eq!(stage, Stage::Click),
        CoarseStatus::Lead => assert_eq!(stage, Stage::Lead),
        CoarseStatus::Funded => assert_eq!(stage, Stage::Funded),
        CoarseStatus::Application => assert!(application.is_some() && stage != Stage::Funded),
    }
    assert_eq!(state.funded_amount.is_some(), stage == Stage::Funded);
    assert!(state.funded_amount.is_none_or(|amount| amount.0 > 0));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn status_fields_stay_consistent_and_refusals_change_nothing(
        start in prop_oneof![Just(Stage::Click), Just(Stage::Lead)],
        requests in proptest::collection::vec(any_request(), 0..40),
    ) {
        let mut state = PipelineState { stage: start, funded_amount: None };
        for request in requests {
            let before = state;
            match state.apply(request) {
                Ok(applied) => {
                    prop_assert_eq!(applied.from, before.stage);
                    prop_assert_eq!(state.stage, request.to);
                    prop_assert_eq!(applied.forced, !before.stage.can_move_to(request.to));
                    prop_assert!(request.force || before.stage.can_move_to(request.to));
                }
                Err(refusal) => {
                    prop_assert_eq!(state, before);
                    match refusal {
                        MoveRefused::AlreadyThere(stage) => prop_assert_eq!(stage, request.to),
                        MoveRefused::NotAllowed { .. } => {
                            prop_assert!(!request.force && !before.stage.can_move_to(request.to));
                        }
                        MoveRefused::FundedAmountRequired => prop_assert_eq!(request.to, Stage::Funded),
                    }
                }
            }
            assert_consistent(&state);
        }
    }
}
