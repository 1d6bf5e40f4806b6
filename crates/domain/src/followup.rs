//! Follow-up of deliberations after the conference (monitoramento): the status
//! of each approved deliberation, the milestones recorded against it, and the rules for reading
//! the spreadsheet a council fills in to update many statuses at once. Pure: decoding the file
//! is `app::participants::import::read_table`'s job, writing is `app::reporting::followup`'s.

use crate::FieldError;
use crate::text::search_key;
use chrono::NaiveDate;

/// Where a deliberation stands in its implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    NotStarted,
    InProgress,
    Done,
    NotFeasible,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::NotStarted,
        Status::InProgress,
        Status::Done,
        Status::NotFeasible,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::NotFeasible => "not_feasible",
        }
    }

    /// The pt-BR label (a deliberation is feminine: "a deliberação").
    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "Não iniciada",
            Status::InProgress => "Em andamento",
            Status::Done => "Concluída",
            Status::NotFeasible => "Inviável",
        }
    }

    /// A status by its code (forms, the database).
    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// A status as a person writes it in a spreadsheet: the label in any case, with or without
    /// accents, masculine or feminine, or the code.
    pub fn parse_loose(value: &str) -> Option<Status> {
        let k = search_key(value);
        let s = match k.as_str() {
            "nao iniciada" | "nao iniciado" | "nao iniciou" | "a iniciar" | "not started"
            | "not_started" => Status::NotStarted,
            "em andamento" | "em execucao" | "iniciada" | "iniciado" | "in progress"
            | "in_progress" => Status::InProgress,
            "concluida" | "concluido" | "cumprida" | "cumprido" | "realizada" | "realizado"
            | "done" => Status::Done,
            "inviavel" | "nao viavel" | "not feasible" | "not_feasible" => Status::NotFeasible,
            _ => return None,
        };
        Some(s)
    }

    /// The status from a form field, or the field's pt-BR error.
    pub fn parse(field: &str, value: &str) -> Result<Status, FieldError> {
        Status::from_code(value.trim())
            .ok_or_else(|| FieldError::new(field, "Escolha a situação da deliberação na lista"))
    }
}

/// Longest responsible body name.
pub const MAX_RESPONSIBLE: usize = 200;
/// Longest note on a status.
pub const MAX_NOTE: usize = 2_000;
/// Longest milestone description.
pub const MAX_MILESTONE: usize = 500;
/// Longest evidence link.
pub const MAX_URL: usize = 500;

/// A trimmed optional text up to `max` characters.
pub fn optional_text(
    field: &str,
    what: &str,
    value: &str,
    max: usize,
) -> Result<String, FieldError> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(FieldError::new(
            field,
            format!("{what} pode ter até {max} caracteres"),
        ));
    }
    Ok(v.to_owned())
}

/// A milestone's description (required).
pub fn milestone_text(value: &str) -> Result<String, FieldError> {
    let v = optional_text("description", "A descrição do marco", value, MAX_MILESTONE)?;
    if v.is_empty() {
        return Err(FieldError::new(
            "description",
            "Descreva o marco (por exemplo: \"Lei municipal aprovada\")",
        ));
    }
    Ok(v)
}

/// A date written as a form's date field (`AAAA-MM-DD`) or as people write it (`DD/MM/AAAA`).
pub fn date(field: &str, what: &str, value: &str) -> Result<Option<NaiveDate>, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(v, "%d/%m/%Y"))
        .map(Some)
        .map_err(|_| {
            FieldError::new(
                field,
                format!("{what} não é uma data válida: use o formato DD/MM/AAAA"),
            )
        })
}

/// An evidence link: empty, or an `http(s)://` address with a host and no spaces.
pub fn evidence_url(value: &str) -> Result<Option<String>, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let bad = || {
        FieldError::new(
            "evidence_url",
            "O link da evidência deve ser um endereço completo, começando por https:// (ou http://)",
        )
    };
    if v.chars().count() > MAX_URL {
        return Err(FieldError::new(
            "evidence_url",
            format!("O link da evidência pode ter até {MAX_URL} caracteres"),
        ));
    }
    let rest = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"))
        .ok_or_else(bad)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty()
        || !host.contains('.') && !host.starts_with("localhost")
        || v.chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
    {
        return Err(bad());
    }
    Ok(Some(v.to_owned()))
}

/// A column of the follow-up spreadsheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Code,
    Status,
    Responsible,
    Note,
}

impl Column {
    /// The column a header names (case, accents and spacing ignored), if any. The text of the
    /// deliberation, the eixo and the level (in the spreadsheet we export) are for reading only.
    pub fn recognize(header: &str) -> Option<Column> {
        let k = search_key(header);
        match k.as_str() {
            "codigo" | "cod" | "codigo da deliberacao" | "deliberacao codigo" | "code" => {
                Some(Column::Code)
            }
            "situacao" | "status" | "situacao atual" | "andamento" => Some(Column::Status),
            "orgao responsavel" | "responsavel" | "orgao" | "orgao gestor" | "responsible" => {
                Some(Column::Responsible)
            }
            "observacao" | "observacoes" | "obs" | "comentario" | "note" => Some(Column::Note),
            _ => None,
        }
    }

    /// The header we write in the exported spreadsheet.
    pub fn header(self) -> &'static str {
        match self {
            Column::Code => "codigo",
            Column::Status => "situacao",
            Column::Responsible => "orgao_responsavel",
            Column::Note => "observacao",
        }
    }
}

/// One row of the spreadsheet, read: the deliberation's code and what to change. An empty cell
/// leaves that part as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowChange {
    pub line: usize,
    pub code: String,
    pub status: Option<Status>,
    pub responsible: Option<String>,
    pub note: Option<String>,
}

/// Where each recognized column is, by index; `Err` names what is missing.
pub fn columns(headers: &[String]) -> Result<[Option<usize>; 4], String> {
    let mut at = [None; 4];
    for (i, h) in headers.iter().enumerate() {
        let idx = match Column::recognize(h) {
            Some(Column::Code) => 0,
            Some(Column::Status) => 1,
            Some(Column::Responsible) => 2,
            Some(Column::Note) => 3,
            None => continue,
        };
        at[idx].get_or_insert(i);
    }
    if at[0].is_none() {
        return Err(
            "A planilha não tem a coluna \"codigo\" (o código da deliberação, como E1-M-1). Baixe a planilha desta página, preencha e envie de novo"
                .into(),
        );
    }
    if at[1].is_none() && at[2].is_none() && at[3].is_none() {
        return Err("A planilha não tem nenhuma coluna para atualizar: use \"situacao\", \"orgao_responsavel\" ou \"observacao\"".into());
    }
    Ok(at)
}

/// Reads one data row; `Err` is the row's problems, each prefixed with its line.
pub fn read_row(
    at: &[Option<usize>; 4],
    line: usize,
    cells: &[String],
) -> Result<RowChange, Vec<String>> {
    let cell = |i: Option<usize>| {
        i.and_then(|i| cells.get(i))
            .map(|s| s.trim().to_owned())
            .unwrap_or_default()
    };
    let mut errs = Vec::new();
    let code = cell(at[0]).to_uppercase();
    if code.is_empty() {
        errs.push(format!("Linha {line}: falta o código da deliberação"));
    }
    let status_text = cell(at[1]);
    let status = if status_text.is_empty() {
        None
    } else {
        match Status::parse_loose(&status_text) {
            Some(s) => Some(s),
            None => {
                errs.push(format!(
                    "Linha {line}: a situação \"{}\" não é conhecida; use Não iniciada, Em andamento, Concluída ou Inviável",
                    status_text.chars().take(60).collect::<String>()
                ));
                None
            }
        }
    };
    let text = |v: String, what: &str, max: usize, errs: &mut Vec<String>| {
        if v.is_empty() {
            None
        } else if v.chars().count() > max {
            errs.push(format!(
                "Linha {line}: {what} pode ter até {max} caracteres"
            ));
            None
        } else {
            Some(v)
        }
    };
    let responsible = text(
        cell(at[2]),
        "o órgão responsável",
        MAX_RESPONSIBLE,
        &mut errs,
    );
    let note = text(cell(at[3]), "a observação", MAX_NOTE, &mut errs);
    if errs.is_empty() && status.is_none() && responsible.is_none() && note.is_none() {
        errs.push(format!(
            "Linha {line}: a deliberação {code} não tem nada a atualizar (situação, órgão e observação vazios)"
        ));
    }
    if errs.is_empty() {
        Ok(RowChange {
            line,
            code,
            status,
            responsible,
            note,
        })
    } else {
        Err(errs)
    }
}

/// The share of the deliberations in each status, in percent rounded so that they add to 100
/// (largest remainders), in `Status::ALL` order.
pub fn shares(counts: [u32; 4]) -> [u32; 4] {
    let total: u32 = counts.iter().sum();
    if total == 0 {
        return [0; 4];
    }
    let mut out = [0u32; 4];
    let mut rest: Vec<(u32, usize)> = Vec::new();
    for (i, c) in counts.iter().enumerate() {
        out[i] = c * 100 / total;
        rest.push((c * 100 % total, i));
    }
    let missing = 100 - out.iter().sum::<u32>();
    rest.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in rest.into_iter().take(missing as usize) {
        out[i] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_as_people_write_them() {
        assert_eq!(Status::parse_loose("Concluída"), Some(Status::Done));
        assert_eq!(Status::parse_loose("  CONCLUIDO "), Some(Status::Done));
        assert_eq!(
            Status::parse_loose("não iniciada"),
            Some(Status::NotStarted)
        );
        assert_eq!(
            Status::parse_loose("Em   andamento"),
            Some(Status::InProgress)
        );
        assert_eq!(Status::parse_loose("inviável"), Some(Status::NotFeasible));
        assert_eq!(Status::parse_loose("in_progress"), Some(Status::InProgress));
        assert_eq!(Status::parse_loose("talvez"), None);
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
            assert_eq!(Status::parse_loose(s.label()), Some(s));
        }
        assert!(Status::parse("status", "x").is_err());
    }

    #[test]
    fn columns_by_header() {
        let h: Vec<String> = ["Código", "Eixo", "Situação", "Órgão responsável", "Obs"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(columns(&h).unwrap(), [Some(0), Some(2), Some(3), Some(4)]);
        let only_text: Vec<String> = vec!["texto".into(), "situacao".into()];
        assert!(columns(&only_text).unwrap_err().contains("codigo"));
        let nothing: Vec<String> = vec!["codigo".into(), "texto".into()];
        assert!(columns(&nothing).unwrap_err().contains("situacao"));
    }

    #[test]
    fn rows_are_checked_line_by_line() {
        let at = [Some(0), Some(1), Some(2), None];
        let row = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let ok = read_row(&at, 2, &row(&["e1-m-1", "Em andamento", "SMAS"])).unwrap();
        assert_eq!(ok.code, "E1-M-1");
        assert_eq!(ok.status, Some(Status::InProgress));
        assert_eq!(ok.responsible.as_deref(), Some("SMAS"));
        let keep = read_row(&at, 3, &row(&["E1-M-2", "", "Câmara"])).unwrap();
        assert_eq!(keep.status, None);
        let bad = read_row(&at, 4, &row(&["E1-M-3", "talvez", ""])).unwrap_err();
        assert!(bad[0].starts_with("Linha 4:"), "{bad:?}");
        let empty = read_row(&at, 5, &row(&["E1-M-3", "", ""])).unwrap_err();
        assert!(empty[0].contains("nada a atualizar"));
        let no_code = read_row(&at, 6, &row(&["", "Concluída", ""])).unwrap_err();
        assert!(no_code[0].contains("falta o código"));
        let long = "x".repeat(MAX_RESPONSIBLE + 1);
        assert!(read_row(&at, 7, &row(&["E1-M-1", "", &long])).is_err());
    }

    #[test]
    fn links_and_dates() {
        assert_eq!(evidence_url("").unwrap(), None);
        assert!(
            evidence_url("https://parademinas.mg.gov.br/lei/123")
                .unwrap()
                .is_some()
        );
        assert!(evidence_url("javascript:alert(1)").is_err());
        assert!(evidence_url("https://").is_err());
        assert!(evidence_url("https://a b.com").is_err());
        assert!(evidence_url("ftp://x.com").is_err());
        assert_eq!(
            date("d", "A data", "05/03/2025").unwrap(),
            NaiveDate::from_ymd_opt(2025, 3, 5)
        );
        assert_eq!(
            date("d", "A data", "2025-03-05").unwrap(),
            NaiveDate::from_ymd_opt(2025, 3, 5)
        );
        assert!(date("d", "A data", "31/02/2025").is_err());
        assert_eq!(date("d", "A data", " ").unwrap(), None);
        assert!(milestone_text("  ").is_err());
    }

    #[test]
    fn shares_add_to_one_hundred() {
        assert_eq!(shares([0, 0, 0, 0]), [0, 0, 0, 0]);
        assert_eq!(shares([1, 1, 1, 0]), [34, 33, 33, 0]);
        assert_eq!(shares([3, 4, 2, 1]), [30, 40, 20, 10]);
        for c in [[7, 3, 5, 1], [1, 0, 0, 2], [10, 10, 10, 1]] {
            assert_eq!(shares(c).iter().sum::<u32>(), 100);
        }
    }
}
