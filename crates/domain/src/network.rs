//! The council's social-assistance network (rede socioassistencial): territories and their
//! service units (CRAS, CREAS, Centro POP…). The fields of the forms and the reading of the
//! spreadsheets councils keep of them: headers in their common pt-BR forms, kinds in the
//! spellings seen in those lists, names that match regardless of case, accents and extra
//! spaces. Pure: decoding files is `app::mobilization::network`'s job.

use crate::error::FieldError;
use crate::text::search_key;
use crate::values::{UnitKind, optional, required};

/// Longest territory name.
pub const TERRITORY_MAX: usize = 120;
/// Longest unit name.
pub const UNIT_MAX: usize = 200;
/// Longest address.
pub const ADDRESS_MAX: usize = 300;
/// Longest phone.
pub const PHONE_MAX: usize = 40;

/// `s` trimmed, with every run of spaces (tabs, line breaks) made one space: how names are kept.
pub fn tidy(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What two names share when they name the same territory or unit: case, accents, punctuation
/// and extra spaces ignored ("CRAS  São José" = "cras sao jose").
pub fn name_key(s: &str) -> String {
    search_key(s)
}

/// A territory's name (field `field`).
pub fn territory_name(field: &str, raw: &str) -> Result<String, FieldError> {
    required(field, "o nome do território", &tidy(raw), TERRITORY_MAX)
}

/// A unit's name (field `field`).
pub fn unit_name(field: &str, raw: &str) -> Result<String, FieldError> {
    required(field, "o nome da unidade", &tidy(raw), UNIT_MAX)
}

/// A unit's address, optional (field `field`).
pub fn address(field: &str, raw: &str) -> Result<Option<String>, FieldError> {
    optional(field, "O endereço", &tidy(raw), ADDRESS_MAX)
}

/// A unit's public phone, optional (field `field`): at least 8 digits (a landline without its
/// area code is how many units publish theirs).
pub fn phone(field: &str, raw: &str) -> Result<Option<String>, FieldError> {
    let p = optional(field, "O telefone", &tidy(raw), PHONE_MAX)?;
    if let Some(p) = &p
        && p.chars().filter(char::is_ascii_digit).count() < 8
    {
        return Err(FieldError::new(
            field,
            format!("O telefone «{p}» tem menos de 8 números: informe como (37) 3232-1234"),
        ));
    }
    Ok(p)
}

/// A unit kind in the spellings seen in council lists, in any case and with or without accents:
/// `CRAS`, `Centro de Referência de Assistência Social`, `creas`, `Centro Pop`, `centro-dia`,
/// `Abrigo`, `Casa de passagem`, `OSC`, `Entidade socioassistencial`, `outro`…
pub fn kind(value: &str) -> Option<UnitKind> {
    let k = search_key(value);
    Some(match k.as_str() {
        "cras" | "centro de referencia de assistencia social" | "protecao basica" => UnitKind::Cras,
        "creas"
        | "centro de referencia especializado de assistencia social"
        | "protecao especial" => UnitKind::Creas,
        "centro pop"
        | "centropop"
        | "pop"
        | "centro de referencia especializado para populacao em situacao de rua" => {
            UnitKind::CentroPop
        }
        "centro dia"
        | "centrodia"
        | "centro dia para pessoa com deficiencia"
        | "centro dia idoso"
        | "centro dia do idoso" => UnitKind::CentroDia,
        "unidade de acolhimento"
        | "acolhimento"
        | "acolhimento institucional"
        | "abrigo"
        | "abrigo institucional"
        | "casa de passagem"
        | "casa lar"
        | "republica"
        | "residencia inclusiva"
        | "ilpi" => UnitKind::Acolhimento,
        "entidade"
        | "entidades"
        | "osc"
        | "entidade osc"
        | "entidade social"
        | "entidade socioassistencial"
        | "organizacao da sociedade civil"
        | "organizacao social"
        | "ong" => UnitKind::Entidade,
        "outro" | "outros" | "outra" | "outras" => UnitKind::Outro,
        _ => return None,
    })
}

/// The kind a unit's name says when the sheet gives none: "CRAS Norte" is a CRAS; a name that
/// says nothing is `Outro`.
pub fn kind_from_name(name: &str) -> UnitKind {
    let k = search_key(name);
    let words: Vec<&str> = k.split(' ').collect();
    for n in (1..=3).rev() {
        if words.len() >= n
            && let Some(found) = kind(&words[..n].join(" "))
        {
            return found;
        }
    }
    UnitKind::Outro
}

/// What a column of a network spreadsheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Territory,
    Unit,
    Kind,
    Address,
    Phone,
}

impl Column {
    /// The column a header names, in the forms councils use; `None` for anything else (ignored).
    pub fn recognize(header: &str) -> Option<Column> {
        let k = search_key(header);
        Some(match k.as_str() {
            "territorio"
            | "regiao"
            | "zona"
            | "territorio regiao"
            | "regiao territorio"
            | "regional"
            | "nome do territorio"
            | "area de abrangencia" => Column::Territory,
            "unidade"
            | "nome da unidade"
            | "equipamento"
            | "nome do equipamento"
            | "unidade equipamento"
            | "equipamento unidade"
            | "unidade de referencia"
            | "servico"
            | "nome" => Column::Unit,
            "tipo"
            | "tipo de unidade"
            | "tipo da unidade"
            | "tipo de equipamento"
            | "tipo do equipamento"
            | "modalidade" => Column::Kind,
            "endereco" | "endereco completo" | "logradouro" | "local" => Column::Address,
            "telefone"
            | "fone"
            | "tel"
            | "telefones"
            | "contato"
            | "telefone de contato"
            | "celular"
            | "whatsapp" => Column::Phone,
            _ => return None,
        })
    }
}

/// Which column of the sheet holds what: the first column recognized for each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    pub territory: Option<usize>,
    pub unit: Option<usize>,
    pub kind: Option<usize>,
    pub address: Option<usize>,
    pub phone: Option<usize>,
}

impl Columns {
    /// The columns of `headers`; an error for the whole file when there is no column of unit
    /// names or of territories.
    pub fn of(headers: &[String]) -> Result<Columns, FieldError> {
        let mut c = Columns::default();
        for (i, h) in headers.iter().enumerate() {
            let slot = match Column::recognize(h) {
                Some(Column::Territory) => &mut c.territory,
                Some(Column::Unit) => &mut c.unit,
                Some(Column::Kind) => &mut c.kind,
                Some(Column::Address) => &mut c.address,
                Some(Column::Phone) => &mut c.phone,
                None => continue,
            };
            slot.get_or_insert(i);
        }
        let mut missing = Vec::new();
        if c.territory.is_none() {
            missing.push("uma coluna de território (Território, Região ou Zona)");
        }
        if c.unit.is_none() {
            missing
                .push("uma coluna com o nome da unidade (Unidade, Nome da unidade ou Equipamento)");
        }
        if !missing.is_empty() {
            return Err(FieldError::new(
                "file",
                format!(
                    "A planilha precisa de {}. Os títulos encontrados foram: {}",
                    missing.join(" e de "),
                    headers.join(", ")
                ),
            ));
        }
        Ok(c)
    }
}

/// One unit as a row of the sheet gives it, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRow {
    /// The row's line in the file (the header is line 1).
    pub line: usize,
    pub territory: String,
    pub name: String,
    pub kind: UnitKind,
    /// Whether the sheet gave the kind (otherwise it was read from the name).
    pub kind_given: bool,
    pub address: Option<String>,
    pub phone: Option<String>,
}

/// Reads one data row: the unit it gives, or the reasons it is rejected (in pt-BR).
pub fn unit_row(c: &Columns, line: usize, cells: &[String]) -> Result<UnitRow, Vec<String>> {
    let cell = |i: Option<usize>| {
        i.and_then(|i| cells.get(i))
            .map(String::as_str)
            .unwrap_or("")
    };
    let mut why = Vec::new();
    let mut keep = |raw: &str, read: fn(&str, &str) -> Result<String, FieldError>, blank: &str| {
        if raw.trim().is_empty() {
            why.push(blank.to_owned());
            return None;
        }
        read("", raw).map_err(|e| why.push(e.message)).ok()
    };
    let territory = keep(cell(c.territory), territory_name, "Falta o território");
    let name = keep(cell(c.unit), unit_name, "Falta o nome da unidade");
    let raw_kind = tidy(cell(c.kind));
    let kind = if raw_kind.is_empty() {
        name.as_deref().map(kind_from_name)
    } else {
        let k = kind(&raw_kind);
        if k.is_none() {
            why.push(format!(
                "Tipo «{raw_kind}» não reconhecido: use CRAS, CREAS, Centro POP, Centro-Dia, Unidade de Acolhimento, Entidade/OSC ou Outro"
            ));
        }
        k
    };
    let address = match address("endereco", cell(c.address)) {
        Ok(a) => a,
        Err(e) => {
            why.push(e.message);
            None
        }
    };
    let phone = match phone("telefone", cell(c.phone)) {
        Ok(p) => p,
        Err(e) => {
            why.push(e.message);
            None
        }
    };
    match (territory, name, kind) {
        (Some(territory), Some(name), Some(kind)) if why.is_empty() => Ok(UnitRow {
            line,
            territory,
            name,
            kind,
            kind_given: !raw_kind.is_empty(),
            address,
            phone,
        }),
        _ => Err(why),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(h: &[&str]) -> Result<Columns, FieldError> {
        Columns::of(&h.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    fn row(c: &Columns, cells: &[&str]) -> Result<UnitRow, Vec<String>> {
        unit_row(
            c,
            2,
            &cells.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        )
    }

    #[test]
    fn headers_in_the_forms_councils_write() {
        let c = cols(&[
            "ZONA",
            "Equipamento",
            "Tipo de unidade",
            "Endereço ",
            "Fone",
            "Obs",
        ])
        .unwrap();
        assert_eq!(
            c,
            Columns {
                territory: Some(0),
                unit: Some(1),
                kind: Some(2),
                address: Some(3),
                phone: Some(4),
            }
        );
        let c = cols(&["Região", "Nome da unidade"]).unwrap();
        assert_eq!((c.territory, c.unit, c.kind), (Some(0), Some(1), None));
        assert_eq!(Column::recognize("Território"), Some(Column::Territory));
        assert_eq!(Column::recognize("  unidade  "), Some(Column::Unit));
        assert_eq!(Column::recognize("Telefone"), Some(Column::Phone));
        let e = cols(&["Nome da unidade", "Tipo"]).unwrap_err();
        assert!(e.message.contains("território"), "{}", e.message);
        assert!(e.message.contains("Nome da unidade, Tipo"), "{}", e.message);
        let e = cols(&["Território"]).unwrap_err();
        assert!(e.message.contains("nome da unidade"), "{}", e.message);
    }

    #[test]
    fn kinds_in_any_case_and_spelling() {
        for (raw, want) in [
            ("CRAS", UnitKind::Cras),
            ("cras", UnitKind::Cras),
            ("Centro de Referência de Assistência Social", UnitKind::Cras),
            ("Creas", UnitKind::Creas),
            ("CENTRO POP", UnitKind::CentroPop),
            ("centro pop", UnitKind::CentroPop),
            ("Centro-Dia", UnitKind::CentroDia),
            ("centro dia", UnitKind::CentroDia),
            ("Unidade de Acolhimento", UnitKind::Acolhimento),
            ("Casa de Passagem", UnitKind::Acolhimento),
            ("ABRIGO", UnitKind::Acolhimento),
            ("Entidade/OSC", UnitKind::Entidade),
            ("osc", UnitKind::Entidade),
            ("Entidade socioassistencial", UnitKind::Entidade),
            ("Outro", UnitKind::Outro),
        ] {
            assert_eq!(kind(raw), Some(want), "{raw}");
        }
        assert_eq!(kind("Escola"), None);
        assert_eq!(kind(""), None);
        assert_eq!(kind_from_name("CRAS Norte"), UnitKind::Cras);
        assert_eq!(kind_from_name("creas regional"), UnitKind::Creas);
        assert_eq!(kind_from_name("Centro Pop Centro"), UnitKind::CentroPop);
        assert_eq!(kind_from_name("Centro-Dia do Idoso"), UnitKind::CentroDia);
        assert_eq!(kind_from_name("Casa da Acolhida"), UnitKind::Outro);
        // Every kind's own label reads back as that kind.
        for k in UnitKind::ALL {
            assert_eq!(kind(k.label()), Some(*k), "{}", k.label());
        }
    }

    #[test]
    fn names_match_regardless_of_case_and_spaces() {
        assert_eq!(tidy("  CRAS   São\tJosé "), "CRAS São José");
        assert_eq!(name_key("  CRAS   São José "), name_key("cras são josé"));
        assert_eq!(name_key("Território  NORTE"), name_key("território norte"));
        assert_ne!(name_key("CRAS Norte"), name_key("CRAS Sul"));
    }

    #[test]
    fn rows_give_a_unit_or_their_reasons() {
        let c = cols(&["Território", "Unidade", "Tipo", "Endereço", "Telefone"]).unwrap();
        let r = row(
            &c,
            &[
                "  Norte ",
                "CRAS   Norte",
                "cras",
                " Rua A, 10 ",
                "(37) 3232-1000",
            ],
        )
        .unwrap();
        assert_eq!(
            r,
            UnitRow {
                line: 2,
                territory: "Norte".into(),
                name: "CRAS Norte".into(),
                kind: UnitKind::Cras,
                kind_given: true,
                address: Some("Rua A, 10".into()),
                phone: Some("(37) 3232-1000".into()),
            }
        );
        // No kind: the name says it.
        let r = row(&c, &["Sul", "CREAS Sul", "", "", ""]).unwrap();
        assert_eq!((r.kind, r.address, r.phone), (UnitKind::Creas, None, None));
        assert!(!r.kind_given);
        // Short rows (fewer cells than headers) read the missing cells as blank.
        let r = row(&c, &["Sul", "Centro POP"]).unwrap();
        assert_eq!(r.kind, UnitKind::CentroPop);
        let why = row(&c, &["", "CRAS Leste", "CRAS", "", ""]).unwrap_err();
        assert_eq!(why, ["Falta o território"]);
        let why = row(&c, &["Leste", "  ", "CRAS", "", ""]).unwrap_err();
        assert_eq!(why, ["Falta o nome da unidade"]);
        let why = row(&c, &["Leste", "Escola Municipal", "Escola", "", "123"]).unwrap_err();
        assert_eq!(why.len(), 2, "{why:?}");
        assert!(why[0].contains("«Escola»"), "{why:?}");
        assert!(why[1].contains("menos de 8"), "{why:?}");
        let long = "x".repeat(UNIT_MAX + 1);
        assert!(row(&c, &["Leste", &long]).is_err());
    }
}
