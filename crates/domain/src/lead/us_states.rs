//! US state codes and the three-digit ZIP prefixes USPS assigns each (used only for a warning).

/// (code, inclusive ranges of the first three ZIP digits)
const STATES: &[(&str, &[(u16, u16)])] = &[
    ("AL", &[(350, 369)]),
    ("AK", &[(995, 999)]),
    ("AZ", &[(850, 865)]),
    ("AR", &[(716, 729)]),
    ("CA", &[(900, 961)]),
    ("CO", &[(800, 816)]),
    ("CT", &[(60, 69)]),
    ("DE", &[(197, 199)]),
    ("DC", &[(200, 205), (569, 569)]),
    ("FL", &[(320, 349)]),
    ("GA", &[(300, 319), (398, 399)]),
    ("HI", &[(967, 968)]),
    ("ID", &[(832, 838)]),
    ("IL", &[(600, 629)]),
    ("IN", &[(460, 479)]),
    ("IA", &[(500, 528)]),
    ("KS", &[(660, 679)]),
    ("KY", &[(400, 427)]),
    ("LA", &[(700, 714)]),
    ("ME", &[(39, 49)]),
    ("MD", &[(206, 219)]),
    ("MA", &[(10, 27), (55, 55)]),
    ("MI", &[(480, 499)]),
    ("MN", &[(550, 567)]),
    ("MS", &[(386, 397)]),
    ("MO", &[(630, 658)]),
    ("MT", &[(590, 599)]),
    ("NE", &[(680, 693)]),
    ("NV", &[(889, 898)]),
    ("NH", &[(30, 38)]),
    ("NJ", &[(70, 89)]),
    ("NM", &[(870, 884)]),
    ("NY", &[(5, 5), (100, 149), (63, 63)]),
    ("NC", &[(270, 289)]),
    ("ND", &[(580, 588)]),
    ("OH", &[(430, 459)]),
    ("OK", &[(730, 749)]),
    ("OR", &[(970, 979)]),
    ("PA", &[(150, 196)]),
    ("RI", &[(28, 29)]),
    ("SC", &[(290, 299)]),
    ("SD", &[(570, 577)]),
    ("TN", &[(370, 385)]),
    ("TX", &[(733, 733), (750, 799), (885, 885)]),
    ("UT", &[(840, 847)]),
    ("VT", &[(50, 59)]),
    ("VA", &[(201, 201), (220, 246)]),
    ("WA", &[(980, 994)]),
    ("WV", &[(247, 268)]),
    ("WI", &[(530, 549)]),
    ("WY", &[(820, 831)]),
    ("PR", &[(6, 7), (9, 9)]),
    ("VI", &[(8, 8)]),
    ("GU", &[(969, 969)]),
    ("AS", &[(967, 967)]),
    ("MP", &[(969, 969)]),
];

pub fn is_state_code(code: &str) -> bool {
    STATES.iter().any(|(state, _)| *state == code)
}

pub fn zip_matches_state(zip: &str, state: &str) -> bool {
    let Some(prefix) = zip.get(..3).and_then(|p| p.parse::<u16>().ok()) else {
        return false;
    };
    STATES
        .iter()
        .filter(|(code, _)| *code == state)
        .flat_map(|(_, ranges)| ranges.iter())
        .any(|(low, high)| (*low..=*high).contains(&prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_states_and_territories() {
        assert_eq!(STATES.len(), 56);
        for code in ["CA", "DC", "PR", "VI", "GU", "AS", "MP"] {
            assert!(is_state_code(code), "{code}");
        }
        assert!(!is_state_code("XX"));
        assert!(zip_matches_state("90001", "CA"));
        assert!(zip_matches_state("02134", "MA"));
        assert!(!zip_matches_state("90001", "NY"));
    }
}
