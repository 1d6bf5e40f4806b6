//! The conference day's programme (programação): what happens when and where, from the mesa de
//! abertura to the election. Each item is read from its form here, with one pt-BR message per
//! field; times are local to the conference and must fall on the conference's own days.

use crate::calendar::parse_local_datetime;
use crate::error::{FieldError, Invalid};
use crate::values::{ProgrammeKind, optional, optional_multiline, required};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

/// An item as typed in the commission's form (every field text, kept as typed when refused).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct ItemInput {
    pub kind: String,
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
    pub speaker_name: String,
    pub speaker_role: String,
    pub description: String,
}

/// A valid item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub kind: ProgrammeKind,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub place: Option<String>,
    pub speaker_name: Option<String>,
    pub speaker_role: Option<String>,
    pub description: Option<String>,
}

/// Reads an item of a conference held from `first_day` to `last_day` (local days) in `tz`.
/// A palestra magna needs its speaker's name; a role without a name is refused (it would print
/// as a role nobody holds). A blank title takes the kind's label.
pub fn read_item(
    i: &ItemInput,
    tz: Tz,
    first_day: NaiveDate,
    last_day: NaiveDate,
) -> Result<Item, Invalid> {
    let mut inv = Invalid::default();
    let kind = inv.take(ProgrammeKind::parse(&i.kind));
    let title = match kind {
        Some(k) if i.title.trim().is_empty() => Some(k.label().to_owned()),
        _ => inv.take(required("title", "o título da atividade", &i.title, 200)),
    };
    let starts_at = inv.take(parse_local_datetime(
        "starts_at",
        "o horário de início",
        &i.starts_at,
        tz,
    ));
    let ends_at = if i.ends_at.trim().is_empty() {
        Some(None)
    } else {
        inv.take(parse_local_datetime(
            "ends_at",
            "o horário de término",
            &i.ends_at,
            tz,
        ))
        .map(Some)
    };
    let place = inv.take(optional("place", "O local", &i.place, 200));
    let speaker_name = inv.take(optional(
        "speaker_name",
        "O nome de quem fala",
        &i.speaker_name,
        200,
    ));
    let speaker_role = inv.take(optional(
        "speaker_role",
        "O cargo ou a função de quem fala",
        &i.speaker_role,
        200,
    ));
    let description = inv.take(optional_multiline(
        "description",
        "A descrição",
        &i.description,
        2000,
    ));
    if let Some(s) = starts_at {
        let day = s.with_timezone(&tz).date_naive();
        if day < first_day || day > last_day {
            inv.push(FieldError::new(
                "starts_at",
                if first_day == last_day {
                    format!(
                        "A atividade precisa ser no dia da conferência, {}",
                        first_day.format("%d/%m/%Y")
                    )
                } else {
                    format!(
                        "A atividade precisa ser nos dias da conferência, de {} a {}",
                        first_day.format("%d/%m/%Y"),
                        last_day.format("%d/%m/%Y")
                    )
                },
            ));
        }
        if let Some(Some(e)) = ends_at
            && e <= s
        {
            inv.push(FieldError::new(
                "ends_at",
                "O término precisa ser depois do início",
            ));
        }
    }
    if kind == Some(ProgrammeKind::Keynote) && speaker_name == Some(None) {
        inv.push(FieldError::new(
            "speaker_name",
            "Preencha o nome de quem faz a palestra magna",
        ));
    }
    if speaker_name == Some(None) && matches!(speaker_role, Some(Some(_))) {
        inv.push(FieldError::new(
            "speaker_name",
            "Preencha o nome de quem fala, ou apague o cargo",
        ));
    }
    inv.into_result()?;
    // Every field is `Some` when nothing was refused.
    let missing = || Invalid::one("form", "Confira os campos do formulário");
    Ok(Item {
        kind: kind.ok_or_else(missing)?,
        title: title.ok_or_else(missing)?,
        starts_at: starts_at.ok_or_else(missing)?,
        ends_at: ends_at.ok_or_else(missing)?,
        place: place.ok_or_else(missing)?,
        speaker_name: speaker_name.ok_or_else(missing)?,
        speaker_role: speaker_role.ok_or_else(missing)?,
        description: description.ok_or_else(missing)?,
    })
}

/// `08:30` or `08:30–10:00` in `tz` (with the date first when the conference has several days).
pub fn hours(
    starts_at: DateTime<Utc>,
    ends_at: Option<DateTime<Utc>>,
    tz: Tz,
    with_date: bool,
) -> String {
    let s = starts_at.with_timezone(&tz);
    let mut out = if with_date {
        s.format("%d/%m %H:%M").to_string()
    } else {
        s.format("%H:%M").to_string()
    };
    if let Some(e) = ends_at {
        let e = e.with_timezone(&tz);
        if with_date && e.date_naive() != s.date_naive() {
            out.push_str(&e.format("–%d/%m %H:%M").to_string());
        } else {
            out.push_str(&e.format("–%H:%M").to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::America::Sao_Paulo;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 7, 15).unwrap()
    }

    fn keynote() -> ItemInput {
        ItemInput {
            kind: "keynote".into(),
            title: "Palestra magna: o SUAS que queremos".into(),
            starts_at: "2025-07-15T09:30".into(),
            ends_at: "2025-07-15T10:30".into(),
            place: "Auditório".into(),
            speaker_name: "Profa. Maria das Dores Lima".into(),
            speaker_role: "Professora de Serviço Social".into(),
            description: String::new(),
        }
    }

    #[test]
    fn a_keynote_reads_in_the_conference_zone() {
        let it = read_item(&keynote(), Sao_Paulo, day(), day()).unwrap();
        assert_eq!(it.kind, ProgrammeKind::Keynote);
        assert_eq!(it.starts_at.to_rfc3339(), "2025-07-15T12:30:00+00:00");
        assert_eq!(
            it.speaker_role.as_deref(),
            Some("Professora de Serviço Social")
        );
        assert_eq!(it.description, None);
        assert_eq!(
            hours(it.starts_at, it.ends_at, Sao_Paulo, false),
            "09:30–10:30"
        );
        assert_eq!(hours(it.starts_at, None, Sao_Paulo, true), "15/07 09:30");
    }

    #[test]
    fn every_problem_is_told_at_its_field() {
        let mut i = keynote();
        i.kind = "festa".into();
        i.starts_at = "amanhã".into();
        i.ends_at = "2025-07-15 25:00".into();
        let e = read_item(&i, Sao_Paulo, day(), day()).unwrap_err();
        assert_eq!(
            e.message_for("kind"),
            Some("Escolha um tipo de atividade da lista")
        );
        assert!(
            e.message_for("starts_at")
                .unwrap()
                .contains("data e hora inválidas")
        );
        assert!(e.message_for("ends_at").is_some());

        let mut i = keynote();
        i.speaker_name = "  ".into();
        let e = read_item(&i, Sao_Paulo, day(), day()).unwrap_err();
        assert_eq!(
            e.message_for("speaker_name"),
            Some("Preencha o nome de quem faz a palestra magna")
        );

        let mut i = keynote();
        i.starts_at = "2025-07-16T09:00".into();
        i.ends_at = String::new();
        let e = read_item(&i, Sao_Paulo, day(), day()).unwrap_err();
        assert_eq!(
            e.message_for("starts_at"),
            Some("A atividade precisa ser no dia da conferência, 15/07/2025")
        );

        let mut i = keynote();
        i.ends_at = "2025-07-15T09:00".into();
        let e = read_item(&i, Sao_Paulo, day(), day()).unwrap_err();
        assert_eq!(
            e.message_for("ends_at"),
            Some("O término precisa ser depois do início")
        );
    }

    #[test]
    fn a_blank_title_takes_the_kind_and_speakers_are_optional_elsewhere() {
        let i = ItemInput {
            kind: "break".into(),
            starts_at: "15/07/2025 12:00".into(),
            ..Default::default()
        };
        let it = read_item(&i, Sao_Paulo, day(), day()).unwrap();
        assert_eq!(it.title, "Intervalo");
        assert_eq!(it.ends_at, None);
        let role_only = ItemInput {
            speaker_role: "Prefeito".into(),
            ..i
        };
        let e = read_item(&role_only, Sao_Paulo, day(), day()).unwrap_err();
        assert!(e.message_for("speaker_name").is_some());
    }
}
