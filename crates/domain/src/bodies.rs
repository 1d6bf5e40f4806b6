//! Standing bodies' meetings (issue 24): the rule of an annual calendar ("segunda terça-feira do
//! mês, às 14h"), the kinds and formats of a meeting. Pure: no clock, no database.

use crate::error::FieldError;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Timelike, Weekday};

/// Which week of the month: the first to the fourth, or the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ordinal {
    First,
    Second,
    Third,
    Fourth,
    Last,
}

impl Ordinal {
    pub const ALL: &'static [Ordinal] = &[
        Ordinal::First,
        Ordinal::Second,
        Ordinal::Third,
        Ordinal::Fourth,
        Ordinal::Last,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Ordinal::First => "1",
            Ordinal::Second => "2",
            Ordinal::Third => "3",
            Ordinal::Fourth => "4",
            Ordinal::Last => "ultima",
        }
    }
    /// Feminine, as the weekdays are: "segunda terça-feira".
    pub fn label(self) -> &'static str {
        match self {
            Ordinal::First => "primeira",
            Ordinal::Second => "segunda",
            Ordinal::Third => "terceira",
            Ordinal::Fourth => "quarta",
            Ordinal::Last => "última",
        }
    }
    pub fn parse(s: &str) -> Result<Self, FieldError> {
        Ordinal::ALL
            .iter()
            .copied()
            .find(|o| o.code() == s.trim())
            .ok_or_else(|| FieldError::new("ordinal", "Escolha a semana do mês da lista"))
    }
}

/// The weekdays as forms offer them, Monday first.
pub const WEEKDAYS: &[Weekday] = &[
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// A weekday's code in forms and in the database ("seg" … "dom").
pub fn weekday_code(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "seg",
        Weekday::Tue => "ter",
        Weekday::Wed => "qua",
        Weekday::Thu => "qui",
        Weekday::Fri => "sex",
        Weekday::Sat => "sab",
        Weekday::Sun => "dom",
    }
}

/// "segunda-feira" … "domingo".
pub fn weekday_label(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "segunda-feira",
        Weekday::Tue => "terça-feira",
        Weekday::Wed => "quarta-feira",
        Weekday::Thu => "quinta-feira",
        Weekday::Fri => "sexta-feira",
        Weekday::Sat => "sábado",
        Weekday::Sun => "domingo",
    }
}

pub fn parse_weekday(s: &str) -> Result<Weekday, FieldError> {
    WEEKDAYS
        .iter()
        .copied()
        .find(|w| weekday_code(*w) == s.trim())
        .ok_or_else(|| FieldError::new("weekday", "Escolha o dia da semana da lista"))
}

/// The months' names, January first.
pub const MONTHS: [&str; 12] = [
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
];

/// "14h" or "14h30".
pub fn hour_label(t: NaiveTime) -> String {
    if t.minute() == 0 {
        format!("{}h", t.hour())
    } else {
        format!("{}h{:02}", t.hour(), t.minute())
    }
}

/// The rule of the ordinary meetings: one a month, on the `ordinal` `weekday`, at `time`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthlyRule {
    pub ordinal: Ordinal,
    pub weekday: Weekday,
    pub time: NaiveTime,
}

impl MonthlyRule {
    /// The day of the rule in `month` (1–12) of `year`; `None` for a month that does not exist.
    pub fn date_in(&self, year: i32, month: u32) -> Option<NaiveDate> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let ahead = (7 + self.weekday.num_days_from_monday() as i64
            - first.weekday().num_days_from_monday() as i64)
            % 7;
        let first_match = first + Duration::days(ahead);
        let week = match self.ordinal {
            Ordinal::First => 0,
            Ordinal::Second => 1,
            Ordinal::Third => 2,
            Ordinal::Fourth => 3,
            Ordinal::Last => {
                let mut d = first_match;
                while (d + Duration::days(7)).month() == month {
                    d += Duration::days(7);
                }
                return Some(d);
            }
        };
        // The first four weeks always fall inside the month (4 × 7 = 28 days).
        Some(first_match + Duration::days(7 * week))
    }

    /// The days of the rule in `year`, leaving out the months in `skip` (1–12).
    pub fn dates(&self, year: i32, skip: &[u32]) -> Vec<NaiveDate> {
        (1..=12)
            .filter(|m| !skip.contains(m))
            .filter_map(|m| self.date_in(year, m))
            .collect()
    }

    /// "segunda terça-feira do mês, às 14h".
    pub fn label(&self) -> String {
        format!(
            "{} {} do mês, às {}",
            self.ordinal.label(),
            weekday_label(self.weekday),
            hour_label(self.time)
        )
    }
}

/// Ordinary (from the calendar) or extraordinary (convoked for a matter that cannot wait).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingKind {
    Ordinary,
    Extraordinary,
}

impl MeetingKind {
    pub fn code(self) -> &'static str {
        match self {
            MeetingKind::Ordinary => "ordinaria",
            MeetingKind::Extraordinary => "extraordinaria",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            MeetingKind::Ordinary => "Reunião ordinária",
            MeetingKind::Extraordinary => "Reunião extraordinária",
        }
    }
    pub fn from_code(s: &str) -> MeetingKind {
        if s == "extraordinaria" {
            MeetingKind::Extraordinary
        } else {
            MeetingKind::Ordinary
        }
    }
}

/// Where a meeting happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingFormat {
    InPerson,
    Online,
    Hybrid,
}

impl MeetingFormat {
    pub const ALL: &'static [MeetingFormat] = &[
        MeetingFormat::InPerson,
        MeetingFormat::Online,
        MeetingFormat::Hybrid,
    ];
    pub fn code(self) -> &'static str {
        match self {
            MeetingFormat::InPerson => "presencial",
            MeetingFormat::Online => "online",
            MeetingFormat::Hybrid => "hibrida",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            MeetingFormat::InPerson => "Presencial",
            MeetingFormat::Online => "On-line",
            MeetingFormat::Hybrid => "Híbrida (presencial e on-line)",
        }
    }
    pub fn parse(s: &str) -> Result<Self, FieldError> {
        MeetingFormat::ALL
            .iter()
            .copied()
            .find(|f| f.code() == s.trim())
            .ok_or_else(|| {
                FieldError::new(
                    "format",
                    "Escolha o formato: presencial, on-line ou híbrida",
                )
            })
    }
    /// Needs a place.
    pub fn in_person(self) -> bool {
        self != MeetingFormat::Online
    }
    /// Needs a link.
    pub fn online(self) -> bool {
        self != MeetingFormat::InPerson
    }
}

/// Defines a closed set of codes with their pt-BR labels and the message for a bad one.
macro_rules! codes {
    ($(#[$m:meta])* $name:ident, $field:literal, $msg:literal { $($variant:ident => $code:literal, $label:literal;)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($variant),* }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            pub fn code(self) -> &'static str { match self { $($name::$variant => $code),* } }
            pub fn label(self) -> &'static str { match self { $($name::$variant => $label),* } }
            pub fn parse(s: &str) -> Result<Self, FieldError> {
                match s.trim() {
                    $($code => Ok($name::$variant),)*
                    _ => Err(FieldError::new($field, $msg)),
                }
            }
        }
    };
}

codes!(
    /// The quorum a body needs to deliberate, over its seats current on the meeting's day.
    Quorum, "quorum", "Escolha o quórum da lista" {
        AbsoluteMajority => "maioria_absoluta", "Maioria absoluta (mais da metade das cadeiras)";
        OneThird => "um_terco", "Um terço das cadeiras";
        TwoThirds => "dois_tercos", "Dois terços das cadeiras";
    }
);

impl Quorum {
    /// Seats that must be present out of `seats`.
    pub fn needed(self, seats: usize) -> usize {
        match self {
            Quorum::AbsoluteMajority => seats / 2 + 1,
            Quorum::OneThird => seats.div_ceil(3),
            Quorum::TwoThirds => (2 * seats).div_ceil(3),
        }
    }
}

codes!(
    /// Who sat in a seat at a meeting.
    Presence, "presence", "Marque a presença de cada cadeira" {
        Titular => "titular", "Titular presente";
        Suplente => "suplente", "Suplente no lugar do(a) titular";
        Justified => "justificada", "Ausência justificada";
        Absent => "ausente", "Ausente";
    }
);

impl Presence {
    /// The seat is present (whoever sat in it).
    pub fn present(self) -> bool {
        matches!(self, Presence::Titular | Presence::Suplente)
    }
}

codes!(
    /// What became of an item of the pauta.
    Outcome, "outcome", "Escolha o resultado do item" {
        Approved => "aprovado", "Aprovado";
        Rejected => "rejeitado", "Rejeitado";
        Withdrawn => "retirado", "Retirado de pauta";
        Postponed => "adiado", "Adiado";
        Informed => "informado", "Informe apresentado";
    }
);

codes!(
    /// A seat's choice in a named vote.
    Choice, "choice", "Escolha o voto de cada cadeira presente" {
        Favor => "favor", "A favor";
        Against => "contra", "Contra";
        Abstain => "abstencao", "Abstenção";
    }
);

codes!(
    /// The acts of a conference a body's resolution makes.
    ConferenceAct, "act", "Escolha o ato da conferência da lista" {
        Convocation => "convocacao", "Convocação da conferência";
        Commission => "comissao", "Composição da comissão organizadora";
        Articulators => "articuladores", "Nomeação dos articuladores territoriais";
        Report => "relatorio", "Aprovação do relatório final";
        Deliberations => "deliberacoes", "Publicação das deliberações";
    }
);

/// Parses "14:00" (a time input) or "14h", "14h30".
pub fn parse_time(field: &str, label: &str, input: &str) -> Result<NaiveTime, FieldError> {
    let s = input.trim().to_lowercase();
    if s.is_empty() {
        return Err(FieldError::new(field, format!("Preencha {label}")));
    }
    NaiveTime::parse_from_str(&s, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(&s, "%Hh%M"))
        .or_else(|_| NaiveTime::parse_from_str(&format!("{s}00"), "%Hh%M"))
        .map_err(|_| FieldError::new(field, format!("{label}: hora inválida, use HH:MM")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rule(o: Ordinal, w: Weekday) -> MonthlyRule {
        MonthlyRule {
            ordinal: o,
            weekday: w,
            time: NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
        }
    }

    #[test]
    fn second_tuesday_and_last_friday() {
        let r = rule(Ordinal::Second, Weekday::Tue);
        // February 2027 starts on a Monday: Tuesdays 2, 9, 16, 23.
        assert_eq!(r.date_in(2027, 2), NaiveDate::from_ymd_opt(2027, 2, 9));
        // June 2027 starts on a Tuesday: the second is the 8th.
        assert_eq!(r.date_in(2027, 6), NaiveDate::from_ymd_opt(2027, 6, 8));
        assert_eq!(r.label(), "segunda terça-feira do mês, às 14h");
        let last = rule(Ordinal::Last, Weekday::Fri);
        assert_eq!(
            last.date_in(2027, 12),
            NaiveDate::from_ymd_opt(2027, 12, 31)
        );
        assert_eq!(last.date_in(2027, 2), NaiveDate::from_ymd_opt(2027, 2, 26));
        assert_eq!(r.date_in(2027, 13), None);
    }

    #[test]
    fn skipped_months_are_left_out() {
        let r = rule(Ordinal::Second, Weekday::Tue);
        let d = r.dates(2027, &[1, 7]);
        assert_eq!(d.len(), 10);
        assert!(d.iter().all(|d| d.month() != 1 && d.month() != 7));
    }

    #[test]
    fn quorum_over_the_seats() {
        assert_eq!(Quorum::AbsoluteMajority.needed(16), 9);
        assert_eq!(Quorum::AbsoluteMajority.needed(15), 8);
        assert_eq!(Quorum::OneThird.needed(16), 6);
        assert_eq!(Quorum::TwoThirds.needed(16), 11);
        assert_eq!(Quorum::TwoThirds.needed(0), 0);
    }

    #[test]
    fn times_and_labels() {
        let t = |s| parse_time("t", "a hora", s);
        assert_eq!(
            t("14:00").unwrap(),
            NaiveTime::from_hms_opt(14, 0, 0).unwrap()
        );
        assert_eq!(
            t("14h").unwrap(),
            NaiveTime::from_hms_opt(14, 0, 0).unwrap()
        );
        assert_eq!(
            t("9h30").unwrap(),
            NaiveTime::from_hms_opt(9, 30, 0).unwrap()
        );
        assert!(t("25:00").is_err() && t("").is_err() && t("tarde").is_err());
        assert_eq!(
            hour_label(NaiveTime::from_hms_opt(9, 30, 0).unwrap()),
            "9h30"
        );
    }

    proptest! {
        #[test]
        fn the_rule_falls_on_its_weekday_and_week(
            year in 1990i32..2100,
            month in 1u32..=12,
            o in 0usize..5,
            w in 0usize..7,
        ) {
            let r = rule(Ordinal::ALL[o], WEEKDAYS[w]);
            let d = r.date_in(year, month).unwrap();
            prop_assert_eq!(d.month(), month);
            prop_assert_eq!(d.weekday(), WEEKDAYS[w]);
            match Ordinal::ALL[o] {
                Ordinal::Last => prop_assert!((d + Duration::days(7)).month() != month),
                _ => prop_assert_eq!((d.day() - 1) / 7, o as u32),
            }
        }
    }
}
