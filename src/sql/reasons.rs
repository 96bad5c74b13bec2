//! Every sentence the generated SQL writes as the reason of an undefined
//! figure, with its code (docs/metrics.md §7.7, §8.5): the generator
//! quotes its reasons from the constants listed here, and the result-table
//! reader (`crate::figures`) gives an undefined figure read back from a
//! warehouse the code (and parameters) of its sentence from [`REASONS`],
//! so the page translates it as it translates the core's own undefined
//! figures. The constants are the core's, where the core builds the same
//! figure undefined: one sentence, one place.

pub use crate::datasets::customers::{
    NO_CHARGE_REASON, NO_EXPOSURE_REASON, NO_MONTHLY_REASON, NO_STATE_REASON, NO_TENURE_REASON,
    NO_TOTAL_REASON, TENURE_UNIT_UNCLEAR_REASON,
};
pub use crate::datasets::subscriptions::{NO_COMPLETE_MONTH_REASON, NO_SUBSCRIPTION_ROWS_REASON};
pub use crate::datasets::tickets::accumulator::{
    NO_REPLIED_OR_OVERDUE_REASON, NO_REPLIES_COLUMN_REASON, NO_SOLVED_WITH_REPLIES_COUNT_REASON,
    NO_STATUS_COLUMN_REASON,
};
pub use crate::datasets::tickets::{NO_CREATED_REASON, NO_REPLY_COLUMN_REASON};
pub use crate::metrics::acquisition::{
    MONTHLY_CHURN_NOT_A_FRACTION_REASON, NO_ACTIVE_CUSTOMERS_REASON, NO_CHURN_OBSERVED_REASON,
    NO_NEW_CUSTOMERS_REASON,
};
pub use crate::metrics::churn::{
    DATE_RANGE_TOO_LONG_REASON, MONTH_RANGE_REVERSED_REASON, MORE_NEW_THAN_END_REASON,
    NO_CUSTOMERS_AT_START_OF_ANY_MONTH_REASON, NO_CUSTOMERS_AT_START_REASON,
};
pub use crate::metrics::revenue::{NO_CUSTOMERS_WITH_MRR_AT_START_REASON, NO_MRR_AT_START_REASON};
pub use crate::metrics::stats::NO_VALUES_REASON;
pub use crate::metrics::survey::{
    NO_CES_RESPONSES_REASON, NO_CSAT_RESPONSES_REASON, NO_SURVEY_RESPONSES_REASON,
};

use crate::metrics::Why;

/// A reason the SQL writes, and the parameters the core's figure carries
/// with it (docs/metrics.md §7.7: `params` when the reason names values).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SqlReason {
    /// The code and the English sentence.
    pub why: Why,
    /// The figure's `params`, as names and text values.
    pub params: &'static [(&'static str, &'static str)],
}

const fn plain(why: Why) -> SqlReason {
    SqlReason { why, params: &[] }
}

/// Every reason the generated SQL can write (the generator quotes no other
/// sentence as a reason).
pub const REASONS: [SqlReason; 30] = [
    plain(NO_CHARGE_REASON),
    plain(NO_EXPOSURE_REASON),
    plain(NO_MONTHLY_REASON),
    plain(NO_STATE_REASON),
    plain(NO_TENURE_REASON),
    plain(NO_TOTAL_REASON),
    plain(TENURE_UNIT_UNCLEAR_REASON),
    plain(NO_REPLIED_OR_OVERDUE_REASON),
    plain(NO_REPLIES_COLUMN_REASON),
    plain(NO_SOLVED_WITH_REPLIES_COUNT_REASON),
    plain(NO_STATUS_COLUMN_REASON),
    plain(NO_CREATED_REASON),
    plain(NO_REPLY_COLUMN_REASON),
    SqlReason {
        why: MONTHLY_CHURN_NOT_A_FRACTION_REASON,
        params: &[("input", "monthly churn")],
    },
    plain(NO_CHURN_OBSERVED_REASON),
    plain(MORE_NEW_THAN_END_REASON),
    plain(NO_VALUES_REASON),
    plain(NO_CES_RESPONSES_REASON),
    plain(NO_CSAT_RESPONSES_REASON),
    plain(NO_SURVEY_RESPONSES_REASON),
    plain(NO_COMPLETE_MONTH_REASON),
    plain(NO_SUBSCRIPTION_ROWS_REASON),
    plain(NO_ACTIVE_CUSTOMERS_REASON),
    plain(NO_NEW_CUSTOMERS_REASON),
    plain(DATE_RANGE_TOO_LONG_REASON),
    plain(MONTH_RANGE_REVERSED_REASON),
    plain(NO_CUSTOMERS_AT_START_OF_ANY_MONTH_REASON),
    plain(NO_CUSTOMERS_AT_START_REASON),
    plain(NO_CUSTOMERS_WITH_MRR_AT_START_REASON),
    plain(NO_MRR_AT_START_REASON),
];

/// The reason whose English sentence is `sentence` (as a result table
/// gives it, surrounding spaces aside), if the SQL writes it.
///
/// ```
/// use cxmetrics::sql::reasons::reason_of;
/// assert_eq!(reason_of("no CSAT responses").unwrap().why.code, "no_csat_responses");
/// assert_eq!(reason_of("a sentence of someone else"), None);
/// ```
pub fn reason_of(sentence: &str) -> Option<&'static SqlReason> {
    let sentence = sentence.trim();
    REASONS.iter().find(|r| r.why.reason == sentence)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_sentence_names_one_code() {
        for (i, a) in REASONS.iter().enumerate() {
            for b in &REASONS[i + 1..] {
                assert_ne!(
                    a.why.reason, b.why.reason,
                    "{} and {}",
                    a.why.code, b.why.code
                );
            }
            assert_eq!(reason_of(a.why.reason), Some(a));
            assert_eq!(reason_of(&format!(" {} ", a.why.reason)), Some(a));
        }
    }

    /// The parameters are the ones the core gives the same figure.
    #[test]
    fn the_monthly_churn_reason_is_the_cores() {
        let core = crate::metrics::fraction(1.5, "monthly churn").unwrap_err();
        let ours = reason_of(MONTHLY_CHURN_NOT_A_FRACTION_REASON.reason).unwrap();
        assert_eq!(core.code, ours.why.code);
        assert_eq!(core.reason, ours.why.reason);
        let params = serde_json::to_value(&core).unwrap()["params"].clone();
        assert_eq!(params, serde_json::json!({"input": "monthly churn"}));
    }
}
