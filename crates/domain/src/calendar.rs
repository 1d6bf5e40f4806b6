//! Dates of a conference and of its stages.
//!
//! A conference has a *process window* (from the convocation to the sending of the report;
//! e.g. the 2025 municipal window ran 31 Mar – 11 Jul) and, inside it, the days of the event itself.
//! Every calendar stage must fall inside the process window.

use crate::error::{FieldError, Invalid};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConferenceDates {
    pub process_starts_on: NaiveDate,
    pub process_ends_on: NaiveDate,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

impl ConferenceDates {
    pub fn check(self) -> Result<Self, Invalid> {
        let mut inv = Invalid::default();
        if self.ends_on < self.starts_on {
            inv.push(FieldError::new(
                "ends_on",
                "A conferência não pode terminar antes de começar",
            ));
        }
        if self.process_ends_on < self.process_starts_on {
            inv.push(FieldError::new(
                "process_ends_on",
                "O processo não pode terminar antes de começar",
            ));
        }
        if self.starts_on < self.process_starts_on || self.ends_on > self.process_ends_on {
            inv.push(FieldError::new(
                "starts_on",
                "Os dias da conferência devem ficar dentro do período do processo conferencial",
            ));
        }
        if (self.ends_on - self.starts_on).num_days() > 14 {
            inv.push(FieldError::new(
                "ends_on",
                "A conferência deve durar no máximo 15 dias",
            ));
        }
        inv.into_result().map(|_| self)
    }
}

/// The days of an event as people read them: "12/06/2025", or "12/06/2025 a 13/06/2025" when it
/// lasts more than one day.
pub fn days_label(starts_on: NaiveDate, ends_on: NaiveDate) -> String {
    if starts_on == ends_on {
        starts_on.format("%d/%m/%Y").to_string()
    } else {
        format!(
            "{} a {}",
            starts_on.format("%d/%m/%Y"),
            ends_on.format("%d/%m/%Y")
        )
    }
}

/// Parses `YYYY-MM-DD` (HTML date input) or `DD/MM/AAAA`.
pub fn parse_date(field: &str, label: &str, input: &str) -> Result<NaiveDate, FieldError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(FieldError::new(field, format!("Preencha {label}")));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .map_err(|_| FieldError::new(field, format!("{label}: data inválida, use DD/MM/AAAA")))
}

/// Parses a local date and time (`YYYY-MM-DDTHH:MM` from a datetime-local input) in the conference zone.
pub fn parse_local_datetime(
    field: &str,
    label: &str,
    input: &str,
    tz: Tz,
) -> Result<DateTime<Utc>, FieldError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(FieldError::new(field, format!("Preencha {label}")));
    }
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%d/%m/%Y %H:%M"))
        .map_err(|_| FieldError::new(field, format!("{label}: data e hora inválidas")))?;
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|d| d.with_timezone(&Utc))
        .ok_or_else(|| FieldError::new(field, format!("{label}: horário inexistente neste fuso")))
}

/// Checks a stage's times against the conference's process window (in the conference zone).
pub fn check_stage_times(
    starts_at: DateTime<Utc>,
    ends_at: Option<DateTime<Utc>>,
    dates: &ConferenceDates,
    tz: Tz,
) -> Result<(), Invalid> {
    let mut inv = Invalid::default();
    let local_start = starts_at.with_timezone(&tz).date_naive();
    if local_start < dates.process_starts_on || local_start > dates.process_ends_on {
        inv.push(FieldError::new(
            "starts_at",
            format!(
                "A etapa deve ficar dentro do período da conferência ({} a {})",
                dates.process_starts_on.format("%d/%m/%Y"),
                dates.process_ends_on.format("%d/%m/%Y")
            ),
        ));
    }
    if let Some(end) = ends_at {
        if end < starts_at {
            inv.push(FieldError::new(
                "ends_at",
                "A etapa não pode terminar antes de começar",
            ));
        } else if end.with_timezone(&tz).date_naive() > dates.process_ends_on {
            inv.push(FieldError::new(
                "ends_at",
                "A etapa deve terminar dentro do período da conferência",
            ));
        }
    }
    inv.into_result()
}

/// Where a calendar stage stands on a given moment, for the commission's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageState {
    /// Its time has passed.
    Done,
    /// Under way now.
    Current,
    /// The first stage still to come.
    Next,
    /// Later still.
    Later,
}

impl StageState {
    pub fn label(self) -> &'static str {
        match self {
            StageState::Done => "Concluída",
            StageState::Current => "Em andamento",
            StageState::Next => "Próxima",
            StageState::Later => "A seguir",
        }
    }

    /// The CSS class of the state (`etapa-…`).
    pub fn code(self) -> &'static str {
        match self {
            StageState::Done => "concluida",
            StageState::Current => "agora",
            StageState::Next => "proxima",
            StageState::Later => "depois",
        }
    }
}

/// The state of each stage (`(starts_at, ends_at)`, in any order) at `now`. A stage without an end
/// lasts its start's moment. Only the earliest stage still to come is [`StageState::Next`]; stages
/// starting at that same moment are `Next` too.
pub fn stage_states(
    stages: &[(DateTime<Utc>, Option<DateTime<Utc>>)],
    now: DateTime<Utc>,
) -> Vec<StageState> {
    let next = stages.iter().map(|(s, _)| *s).filter(|s| *s > now).min();
    stages
        .iter()
        .map(|(s, e)| {
            let end = e.unwrap_or(*s);
            if end < now {
                StageState::Done
            } else if *s <= now {
                StageState::Current
            } else if Some(*s) == next {
                StageState::Next
            } else {
                StageState::Later
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn dates() -> ConferenceDates {
        ConferenceDates {
            process_starts_on: d("2025-03-31"),
            process_ends_on: d("2025-07-11"),
            starts_on: d("2025-07-08"),
            ends_on: d("2025-07-09"),
        }
    }

    #[test]
    fn stage_states_follow_the_clock() {
        let at = |d: &str| {
            NaiveDateTime::parse_from_str(d, "%Y-%m-%d %H:%M")
                .unwrap()
                .and_utc()
        };
        let stages = [
            (at("2025-04-01 09:00"), Some(at("2025-04-30 18:00"))),
            (at("2025-05-02 09:00"), Some(at("2025-05-31 18:00"))),
            (at("2025-07-08 08:00"), Some(at("2025-07-09 18:00"))),
            (at("2025-06-10 09:00"), None),
            (at("2025-07-20 09:00"), None),
        ];
        use StageState::*;
        assert_eq!(
            stage_states(&stages, at("2025-05-10 12:00")),
            [Done, Current, Later, Next, Later]
        );
        // A stage without an end is done once its moment passed; the next is the earliest to come.
        assert_eq!(
            stage_states(&stages, at("2025-06-10 09:30")),
            [Done, Done, Next, Done, Later]
        );
        assert_eq!(
            stage_states(&stages, at("2026-01-01 00:00")),
            [Done, Done, Done, Done, Done]
        );
        assert!(stage_states(&[], at("2025-01-01 00:00")).is_empty());
    }

    #[test]
    fn days_label_names_one_day_or_the_range() {
        assert_eq!(days_label(d("2025-07-08"), d("2025-07-08")), "08/07/2025");
        assert_eq!(
            days_label(d("2025-07-08"), d("2025-07-09")),
            "08/07/2025 a 09/07/2025"
        );
    }

    #[test]
    fn conference_must_not_end_before_start() {
        let mut x = dates();
        x.ends_on = d("2025-07-07");
        let e = x.check().unwrap_err();
        assert_eq!(
            e.message_for("ends_on"),
            Some("A conferência não pode terminar antes de começar")
        );
        assert!(dates().check().is_ok());
    }

    #[test]
    fn stage_outside_window_is_refused() {
        let tz: Tz = "America/Sao_Paulo".parse().unwrap();
        let at = parse_local_datetime("starts_at", "Início", "2025-08-01T09:00", tz).unwrap();
        assert!(check_stage_times(at, None, &dates(), tz).is_err());
        let at = parse_local_datetime("starts_at", "Início", "2025-04-10T09:00", tz).unwrap();
        assert!(check_stage_times(at, None, &dates(), tz).is_ok());
        // 31 Mar 22:00 in Manaus is 1 Apr in UTC but 31 Mar locally: inside.
        let mao: Tz = "America/Manaus".parse().unwrap();
        let at = parse_local_datetime("starts_at", "Início", "2025-03-31T22:00", mao).unwrap();
        assert!(check_stage_times(at, None, &dates(), mao).is_ok());
    }

    #[test]
    fn dates_in_both_forms() {
        assert_eq!(
            parse_date("x", "Data", "08/07/2025").unwrap(),
            d("2025-07-08")
        );
        assert_eq!(
            parse_date("x", "Data", "2025-07-08").unwrap(),
            d("2025-07-08")
        );
        assert!(parse_date("x", "Data", "31/02/2025").is_err());
    }
}
