//! Multi-level commissions: when a lead is funded, level 1 goes to the submitting partner,
//! level 2 to its parent and level 3 to the grandparent, each at its own plan's rate.

use crate::Cents;

pub const MAX_LEVELS: usize = 3;
pub const DEFAULT_PLAN_BPS: [i32; MAX_LEVELS] = [500, 200, 100];

/// `floor(funded_amount * bps / 10000)` cents.
pub fn commission(funded_amount: Cents, basis_points: i32) -> Cents {
    let product = i128::from(funded_amount.0) * i128::from(basis_points);
    Cents(i64::try_from(product.div_euclid(10_000)).unwrap_or(i64::MAX))
}

/// Basis points as the percentage partners read (`500` is `5.0`).
pub fn percentage(basis_points: i32) -> f64 {
    f64::from(basis_points) / 100.0
}

pub fn level_description(level: usize) -> &'static str {
    match level {
        1 => "Direct referral commission",
        2 => "Second-level referral commission",
        _ => "Third-level referral commission",
    }
}

/// One earner's share of a funded lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share {
    pub partner_id: i64,
    /// 1 for the submitting partner, 2 for its parent, 3 for the grandparent.
    pub level: usize,
    pub basis_points: i32,
    pub amount: Cents,
}

/// The shares of a funded lead. `upline` is the submitting partner and those above it,
/// nearest first, each with its own plan; levels a plan lacks, and shares that round to
/// nothing, earn nothing.
pub fn shares(funded_amount: Cents, upline: &[(i64, Vec<i32>)]) -> Vec<Share> {
    upline
        .iter()
        .take(MAX_LEVELS)
        .enumerate()
        .filter_map(|(index, (partner_id, plan))| {
            let basis_points = *plan.get(index)?;
            let amount = commission(funded_amount, basis_points);
            (amount.0 > 0).then_some(Share {
                partner_id: *partner_id,
                level: index + 1,
                basis_points,
                amount,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_levels_each_at_the_earners_own_rate_rounded_down() {
        let upline = vec![
            (3, vec![500, 200, 100]),
            (2, vec![700, 300]),
            (1, vec![500, 200, 150]),
        ];
        let shares = shares(Cents(1_234_567), &upline);
        let amounts: Vec<(i64, usize, i64)> = shares
            .iter()
            .map(|s| (s.partner_id, s.level, s.amount.0))
            .collect();
        // 5% of 12,345.67 = 617.2835 -> 617.28; 3% -> 370.3701 -> 370.37; 1.5% -> 185.18505 -> 185.18
        assert_eq!(
            amounts,
            vec![(3, 1, 61_728), (2, 2, 37_037), (1, 3, 18_518)]
        );
    }

    #[test]
    fn missing_levels_and_zero_shares_earn_nothing() {
        let upline = vec![(3, vec![500]), (2, vec![500]), (1, vec![0, 0, 0])];
        let shares = shares(Cents(1_000), &upline);
        assert_eq!(shares.len(), 1);
        assert_eq!(commission(Cents(1), 500), Cents(0));
        assert_eq!(percentage(500), 5.0);
    }
}

/// Funded referrals over all referrals, rounded to 3 decimals; 0 when there are none.
pub fn conversion_rate(funded: i64, total: i64) -> f64 {
    if total == 0 {
        0.0
    } else {
        (funded as f64 / total as f64 * 1000.0).round() / 1000.0
    }
}

#[cfg(test)]
mod conversion_tests {
    use super::conversion_rate;

    #[test]
    fn the_seeds_example_converts_at_0_033() {
        assert_eq!(conversion_rate(5, 150), 0.033);
        assert_eq!(conversion_rate(0, 0), 0.0);
        assert_eq!(conversion_rate(1, 1), 1.0);
    }
}
