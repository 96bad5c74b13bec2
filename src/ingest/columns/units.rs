//! The unit of time a header names.

use crate::text::fold_phrase;

/// The unit of time a header names, for duration and tenure columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    /// Minutes (`minutes`, `min`, `minutos`, `menit` …).
    Minutes,
    /// Hours (`hours`, `hrs`, `h`, `horas`, `heures`, `jam` …).
    Hours,
    /// Days (`days`, `dias`, `jours`, `hari` …).
    Days,
    /// Months (`months`, `meses`, `mois`, `bulan` …).
    Months,
    /// Years (`years`, `anos`, `años`, `ans`, `tahun` …).
    Years,
}

impl TimeUnit {
    /// Minutes in one unit (a month is 30 days, a year 365).
    pub fn minutes(self) -> f64 {
        match self {
            TimeUnit::Minutes => 1.0,
            TimeUnit::Hours => 60.0,
            TimeUnit::Days => 1_440.0,
            TimeUnit::Months => 43_200.0,
            TimeUnit::Years => 525_600.0,
        }
    }
}

/// The unit of time a header names, read word by word from its normalised
/// form ([`fold_phrase`]): `resolution_time_hours`, `Resolution (h)`
/// and `Tiempo de resolución en horas` name hours; `tenure_years` and
/// `Antigüedad (años)` years. A minutes word wins over any other (Zendesk's
/// `… in minutes within business hours`), and business hours (`business
/// hours`, `heures ouvrées`, `horas hábiles`, `jam kerja`) name no unit.
/// `None` when the header names none.
///
/// ```
/// use cxmetrics::ingest::columns::{header_time_unit, TimeUnit};
/// assert_eq!(header_time_unit("resolution_time_hours"), Some(TimeUnit::Hours));
/// assert_eq!(header_time_unit("Resolution time (h)"), Some(TimeUnit::Hours));
/// assert_eq!(header_time_unit("Tenure"), None);
/// assert_eq!(header_time_unit("Antigüedad (años)"), Some(TimeUnit::Years));
/// assert_eq!(header_time_unit("Full resolution time in minutes within business hours"), Some(TimeUnit::Minutes));
/// ```
pub fn header_time_unit(header: &str) -> Option<TimeUnit> {
    let h = fold_phrase(header);
    let words: Vec<&str> = h.split(' ').collect();
    let mut found = None;
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).copied().unwrap_or("");
        let prev = i
            .checked_sub(1)
            .and_then(|j| words.get(j))
            .copied()
            .unwrap_or("");
        let unit = match *w {
            "minutes" | "minute" | "mins" | "min" | "minutos" | "minuto" | "menit" => {
                return Some(TimeUnit::Minutes)
            }
            "hours" | "hour" | "hrs" | "hr" | "h" | "horas" | "hora" | "heures" | "heure"
            | "jam" => {
                let business = prev == "business"
                    || prev == "working"
                    || prev == "office"
                    || matches!(
                        next,
                        "ouvrees"
                            | "ouvrables"
                            | "habiles"
                            | "laborales"
                            | "uteis"
                            | "kerja"
                            | "comerciales"
                    );
                if business {
                    continue;
                }
                TimeUnit::Hours
            }
            "days" | "day" | "dias" | "dia" | "jours" | "jour" | "hari" => TimeUnit::Days,
            "months" | "month" | "meses" | "mes" | "mois" | "bulan" => TimeUnit::Months,
            "years" | "year" | "yrs" | "anos" | "ano" | "ans" | "annees" | "annee" | "tahun" => {
                TimeUnit::Years
            }
            _ => continue,
        };
        found = found.or(Some(unit));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_time_units() {
        use TimeUnit::*;
        for (h, u) in [
            ("resolution_time_hours", Some(Hours)),
            ("Resolution time (h)", Some(Hours)),
            ("resolution_h", Some(Hours)),
            ("Tiempo de resolución (horas)", Some(Hours)),
            ("temps de résolution en heures", Some(Hours)),
            ("waktu penyelesaian (jam)", Some(Hours)),
            ("resolution time hrs", Some(Hours)),
            ("resolution days", Some(Days)),
            ("first_response_time_minutes", Some(Minutes)),
            (
                "First reply time in minutes within business hours",
                Some(Minutes),
            ),
            ("resolution time within business hours", None),
            ("waktu balasan pertama jam kerja", None),
            ("tenure", None),
            ("Tenure", None),
            ("tenure_months", Some(Months)),
            ("Antigüedad (meses)", Some(Months)),
            ("ancienneté (mois)", Some(Months)),
            ("lama berlangganan bulan", Some(Months)),
            ("tenure_years", Some(Years)),
            ("Antigüedad (años)", Some(Years)),
            ("tempo de casa (anos)", Some(Years)),
            ("ancienneté en ans", Some(Years)),
            ("masa berlangganan tahun", Some(Years)),
        ] {
            assert_eq!(header_time_unit(h), u, "{h}");
        }
    }
}
