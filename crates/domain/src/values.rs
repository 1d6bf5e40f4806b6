//! Validated values. Each has one way in (`parse`) and errors a person can read.

use crate::error::FieldError;
use serde::{Deserialize, Serialize};

/// Defines a closed set of codes stored as text, with their pt-BR labels.
macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident, $field:literal, $what:literal { $($variant:ident => $code:literal, $label:literal;)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            pub fn code(self) -> &'static str { match self { $($name::$variant => $code),* } }
            pub fn label(self) -> &'static str { match self { $($name::$variant => $label),* } }
            pub fn parse(s: &str) -> Result<Self, FieldError> {
                match s.trim() {
                    $($code => Ok($name::$variant),)*
                    _ => Err(FieldError::new($field, concat!("Escolha ", $what, " da lista"))),
                }
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.label()) }
        }
    };
}

code_enum!(
    /// Level of a conference in the federative cascade.
    Level, "level", "um nível" {
        Municipal => "municipal", "Municipal";
        Regional => "regional", "Regional";
        Estadual => "estadual", "Estadual";
        Nacional => "nacional", "Nacional";
    }
);

impl Level {
    /// The level a conference of this level sends its results to.
    pub fn parent(self) -> Option<&'static [Level]> {
        match self {
            Level::Municipal => Some(&[Level::Regional, Level::Estadual]),
            Level::Regional => Some(&[Level::Estadual]),
            Level::Estadual => Some(&[Level::Nacional]),
            Level::Nacional => None,
        }
    }
}

code_enum!(
    /// How people attend.
    ConferenceFormat, "format", "um formato" {
        Presencial => "presencial", "Presencial";
        Online => "online", "Online";
        Hibrida => "hibrida", "Híbrida";
    }
);

code_enum!(
    /// Municipality size class (PNAS 2004).
    Porte, "porte", "um porte" {
        PequenoI => "PP1", "Pequeno Porte I";
        PequenoII => "PP2", "Pequeno Porte II";
        Medio => "MEDIO", "Médio Porte";
        Grande => "GRANDE", "Grande Porte";
        Metropole => "METROPOLE", "Metrópole";
    }
);

impl Porte {
    /// Class of a population count, bounds inclusive as in PNAS 2004.
    pub fn from_population(p: u64) -> Self {
        match p {
            0..=20_000 => Porte::PequenoI,
            20_001..=50_000 => Porte::PequenoII,
            50_001..=100_000 => Porte::Medio,
            100_001..=900_000 => Porte::Grande,
            _ => Porte::Metropole,
        }
    }
}

code_enum!(
    /// Kind of federative entity.
    EntityKind, "kind", "um tipo de ente" {
        Nation => "nation", "União";
        Uf => "uf", "Estado / DF";
        Municipality => "municipality", "Município";
    }
);

code_enum!(
    /// Kind of body that runs conferences.
    BodyKind, "kind", "um tipo de órgão" {
        Cmas => "cmas", "Conselho Municipal de Assistência Social";
        Ceas => "ceas", "Conselho Estadual de Assistência Social";
        Cnas => "cnas", "Conselho Nacional de Assistência Social";
        CamaraTecnica => "camara_tecnica", "Câmara técnica intermunicipal";
    }
);

code_enum!(
    /// Kind of a region (a grouping of municipalities of one UF).
    RegionKind, "kind", "um tipo de região" {
        Consorcio => "consorcio", "Consórcio público intermunicipal";
        Regiao => "regiao", "Região ou agrupamento regional";
        Outra => "outra", "Outra";
    }
);

code_enum!(
    /// Kind of a calendar stage.
    StageKind, "kind", "um tipo de etapa" {
        Convocation => "convocation", "Convocação";
        Mobilization => "mobilization", "Mobilização";
        UnitMeeting => "unit_meeting", "Reunião da unidade com seus usuários";
        Preconference => "preconference", "Pré-conferência";
        Registration => "registration", "Inscrições";
        Credentialing => "credentialing", "Credenciamento";
        SharingActions => "sharing_actions", "Compartilhamento das ações das unidades";
        EngagementResults => "engagement_results", "Divulgação dos resultados de engajamento";
        Conference => "conference", "Conferência";
        FinalSolemnity => "final_solemnity", "Solenidade final";
        Report => "report", "Envio do relatório";
        Other => "other", "Outra";
    }
);

code_enum!(
    /// Kind of an item of the conference day's programme (programação).
    ProgrammeKind, "kind", "um tipo de atividade" {
        Opening => "opening", "Mesa de abertura";
        Keynote => "keynote", "Palestra magna";
        Groups => "groups", "Grupos de trabalho";
        FinalPlenary => "final_plenary", "Plenária final";
        Election => "election", "Eleição de delegados(as) e conselheiros(as)";
        Break => "break", "Intervalo";
        Other => "other", "Outra atividade";
    }
);

impl StageKind {
    /// Stages whose date each unit sets and reports (not one date for all).
    pub fn is_set_by_units(self) -> bool {
        matches!(self, StageKind::UnitMeeting | StageKind::Preconference)
    }
}

code_enum!(
    /// Side of the parity of an organizing commission.
    CommissionSide, "side", "governo ou sociedade civil" {
        Government => "government", "Governo";
        CivilSociety => "civil_society", "Sociedade civil";
    }
);

code_enum!(
    /// Kind of a service unit.
    UnitKind, "kind", "um tipo de unidade" {
        Cras => "cras", "CRAS";
        Creas => "creas", "CREAS";
        CentroPop => "centro_pop", "Centro POP";
        CentroDia => "centro_dia", "Centro-Dia";
        Acolhimento => "acolhimento", "Unidade de Acolhimento";
        Entidade => "entidade", "Entidade/OSC";
        Outro => "outro", "Outro";
    }
);

code_enum!(
    /// Kind of the legal act that convokes a conference.
    ActType, "act_type", "o tipo de ato" {
        Decreto => "decreto", "Decreto";
        Portaria => "portaria", "Portaria";
        PortariaConjunta => "portaria_conjunta", "Portaria conjunta";
        Resolucao => "resolucao", "Resolução do conselho";
    }
);

code_enum!(
    /// Kind of an item of a conference's document library.
    DocumentKind, "kind", "o tipo de documento" {
        Normativa => "normativa", "Norma ou resolução";
        Cartilha => "cartilha", "Cartilha ou caderno de orientações";
        Video => "video", "Vídeo de orientação";
        Informe => "informe", "Informe do conselho";
        Outro => "outro", "Outro";
    }
);

code_enum!(
    /// What a person is at a conference. What each may do (voice, vote, may be elected) comes
    /// from the conference's settings: `participants::default_rights`, `app::setup::categories`.
    Category, "category", "a categoria" {
        Delegate => "delegado", "Delegado(a)";
        Guest => "convidado", "Convidado(a)";
        Observer => "observador", "Observador(a)";
    }
);

code_enum!(
    /// Segment of a participant (parity: government vs the three civil-society segments).
    Segment, "segment", "o segmento" {
        Government => "governo", "Governo";
        Users => "usuarios", "Usuários(as)";
        Workers => "trabalhadores", "Trabalhadores(as) do SUAS";
        Entities => "entidades", "Entidades de assistência social";
    }
);

code_enum!(
    /// Seat of a delegate.
    Seat, "seat", "titular ou suplente" {
        Titular => "titular", "Titular";
        Suplente => "suplente", "Suplente";
    }
);

code_enum!(
    /// How a delegate came to be one.
    DelegateOrigin, "origin", "a origem do(a) delegado(a)" {
        Nato => "nato", "Delegado(a) nato(a) (membro do conselho)";
        Preconferencia => "preconferencia", "Eleito(a) em pré-conferência";
        Indicado => "indicado", "Indicado(a) pelo órgão ou entidade";
        Eleito => "eleito", "Eleito(a) na conferência da etapa anterior";
    }
);

code_enum!(
    /// Accessibility needs asked at registration (CNAS Informes on participation and accessibility).
    AccessNeed, "needs", "uma necessidade da lista" {
        Libras => "libras", "Intérprete de Libras";
        AudioDescription => "audiodescricao", "Audiodescrição";
        LargePrint => "fonte_ampliada", "Material em fonte ampliada";
        Braille => "braille", "Material em Braille";
        AccessibleVenue => "local_acessivel", "Local acessível (cadeira de rodas, mobilidade reduzida)";
        Companion => "acompanhante", "Acompanhante";
        Dietary => "alimentacao", "Alimentação especial";
    }
);

code_enum!(
    /// Quota groups of Res. CNAS/MDS 187/2025 (self-declared; sensitive data, published only as counts).
    QuotaGroup, "quota", "um grupo da lista" {
        Negra => "pessoa_negra", "Pessoa negra (preta ou parda)";
        Deficiencia => "pessoa_com_deficiencia", "Pessoa com deficiência";
        Lgbt => "lgbtqiapn", "Pessoa LGBTQIAPN+";
        Idosa => "pessoa_idosa", "Pessoa idosa (60 anos ou mais)";
        Adolescente => "adolescente", "Adolescente (12 a 17 anos)";
        Jovem => "jovem", "Jovem (18 a 29 anos)";
        Migrante => "migrante", "Migrante, refugiado(a) ou apátrida";
        Barragens => "atingida_barragens", "Pessoa atingida por barragens";
        Gpte => "gpte", "Povos e comunidades tradicionais e grupos específicos (indígenas, quilombolas, população em situação de rua…)";
    }
);

/// A URL path segment: lower-case letters, digits and hyphens, 3–80 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Slug(String);

impl Slug {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s = input.trim();
        let ok_chars = s
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if s.len() < 3 || s.len() > 80 {
            return Err(FieldError::new(
                "slug",
                "O endereço deve ter de 3 a 80 caracteres",
            ));
        }
        if !ok_chars || s.starts_with('-') || s.ends_with('-') || s.contains("--") {
            return Err(FieldError::new(
                "slug",
                "Use só letras minúsculas sem acento, números e hífens (ex.: conferencia-municipal-2025)",
            ));
        }
        Ok(Self(s.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An e-mail address, lower-cased. Personal data: never logged.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s = input.trim().to_lowercase();
        let err = || FieldError::new("email", "Informe um e-mail válido, como nome@exemplo.org");
        let (local, domain) = s.split_once('@').ok_or_else(err)?;
        if local.is_empty()
            || domain.len() < 3
            || !domain.contains('.')
            || domain.starts_with('.')
            || domain.ends_with('.')
            || s.len() > 254
            || s.chars()
                .any(|c| c.is_whitespace() || c == '<' || c == '>' || c == ',')
            || domain.contains('@')
        {
            return Err(err());
        }
        Ok(Self(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Email(***)")
    }
}

/// A login name issued by staff to people without e-mail: 3–40 of a-z, 0-9, `.`, `_`, `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s = input.trim().to_lowercase();
        let ok = (3..=40).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
            && s.as_bytes()[0].is_ascii_alphanumeric();
        if !ok {
            return Err(FieldError::new(
                "username",
                "O nome de usuário deve ter de 3 a 40 letras sem acento, números, ponto, hífen ou sublinhado",
            ));
        }
        Ok(Self(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: at least 10 characters, at most 128.
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let n = input.chars().count();
        if n < 10 {
            return Err(FieldError::new(
                "password",
                "A senha deve ter pelo menos 10 caracteres",
            ));
        }
        if n > 128 {
            return Err(FieldError::new(
                "password",
                "A senha deve ter no máximo 128 caracteres",
            ));
        }
        Ok(Self(input.to_owned()))
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// Two-digit IBGE code of each UF, with its abbreviation.
pub const UFS: &[(&str, &str)] = &[
    ("11", "RO"),
    ("12", "AC"),
    ("13", "AM"),
    ("14", "RR"),
    ("15", "PA"),
    ("16", "AP"),
    ("17", "TO"),
    ("21", "MA"),
    ("22", "PI"),
    ("23", "CE"),
    ("24", "RN"),
    ("25", "PB"),
    ("26", "PE"),
    ("27", "AL"),
    ("28", "SE"),
    ("29", "BA"),
    ("31", "MG"),
    ("32", "ES"),
    ("33", "RJ"),
    ("35", "SP"),
    ("41", "PR"),
    ("42", "SC"),
    ("43", "RS"),
    ("50", "MS"),
    ("51", "MT"),
    ("52", "GO"),
    ("53", "DF"),
];

/// An IBGE code: 2 digits for a UF, 7 for a municipality (the first two are its UF).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct IbgeCode(String);

impl IbgeCode {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s = input.trim();
        let err = || {
            FieldError::new(
                "ibge_code",
                "Código IBGE inválido: use 7 dígitos para município ou 2 para UF",
            )
        };
        if !(s.len() == 7 || s.len() == 2) || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        if !UFS.iter().any(|(c, _)| *c == &s[..2]) {
            return Err(FieldError::new(
                "ibge_code",
                "Código IBGE inválido: os dois primeiros dígitos não são de uma UF",
            ));
        }
        Ok(Self(s.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn uf(&self) -> &'static str {
        UFS.iter()
            .find(|(c, _)| *c == &self.0[..2])
            .map(|(_, u)| *u)
            .unwrap_or("")
    }
}

/// An 11-digit CPF whose check digits hold. Displayed masked; never logged.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Cpf(String);

impl Cpf {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let t = input.trim();
        if t.chars()
            .any(|c| !(c.is_ascii_digit() || c == '.' || c == '-' || c == ' '))
        {
            return Err(FieldError::new(
                "cpf",
                "CPF deve ter só números (pontos e hífen são aceitos)",
            ));
        }
        let digits: String = t.chars().filter(char::is_ascii_digit).collect();
        if digits.len() != 11 || digits.bytes().all(|b| b == digits.as_bytes()[0]) {
            return Err(FieldError::new("cpf", "CPF deve ter 11 dígitos válidos"));
        }
        let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        let check = |n: usize| {
            let sum: u32 = (0..n).map(|i| d[i] * (n as u32 + 1 - i as u32)).sum();
            (sum * 10 % 11) % 10
        };
        if check(9) != d[9] || check(10) != d[10] {
            return Err(FieldError::new("cpf", "CPF inválido: confira os dígitos"));
        }
        Ok(Self(digits))
    }
    pub fn digits(&self) -> &str {
        &self.0
    }
    pub fn masked(&self) -> String {
        format!("***.{}.{}-**", &self.0[3..6], &self.0[6..9])
    }
}

impl std::fmt::Debug for Cpf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.masked())
    }
}

/// Refuses control characters (a bare carriage return in a stage's name injected
/// properties into the iCalendar feed). Single-line text has none at all, not even a tab or a
/// line break; multi-line text (a text area) may have line breaks, LF or CRLF, but no bare CR.
pub fn plain_text(field: &str, s: &str, multiline: bool) -> Result<(), FieldError> {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let line_break = multiline && (c == '\n' || (c == '\r' && chars.peek() == Some(&'\n')));
        if c.is_control() && !line_break {
            return Err(FieldError::new(
                field,
                if multiline {
                    "Use apenas texto, sem caracteres de controle"
                } else {
                    "Use apenas texto, numa linha só, sem caracteres de controle"
                },
            ));
        }
    }
    Ok(())
}

fn text(
    field: &str,
    label: &str,
    input: &str,
    max: usize,
    multiline: bool,
) -> Result<Option<String>, FieldError> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if s.chars().count() > max {
        return Err(FieldError::new(
            field,
            format!("{label} deve ter no máximo {max} caracteres"),
        ));
    }
    plain_text(field, s, multiline)?;
    Ok(Some(s.to_owned()))
}

/// Trimmed single-line text that must not be empty and has a maximum length; no control
/// characters ([`plain_text`]).
pub fn required(field: &str, label: &str, input: &str, max: usize) -> Result<String, FieldError> {
    text(field, label, input, max, false)?
        .ok_or_else(|| FieldError::new(field, format!("Preencha {label}")))
}

/// Optional trimmed single-line text (empty → None) with a maximum length; no control
/// characters ([`plain_text`]).
pub fn optional(
    field: &str,
    label: &str,
    input: &str,
    max: usize,
) -> Result<Option<String>, FieldError> {
    text(field, label, input, max, false)
}

/// [`required`] for a text area: line breaks allowed.
pub fn required_multiline(
    field: &str,
    label: &str,
    input: &str,
    max: usize,
) -> Result<String, FieldError> {
    text(field, label, input, max, true)?
        .ok_or_else(|| FieldError::new(field, format!("Preencha {label}")))
}

/// [`optional`] for a text area: line breaks allowed.
pub fn optional_multiline(
    field: &str,
    label: &str,
    input: &str,
    max: usize,
) -> Result<Option<String>, FieldError> {
    text(field, label, input, max, true)
}

/// An optional http(s) link (an online meeting, a video).
pub fn optional_url(field: &str, input: &str) -> Result<Option<String>, FieldError> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let ok = (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() <= 500
        && s.len() > 10
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>');
    if !ok {
        return Err(FieldError::new(
            field,
            "Informe um link completo, começando com https://",
        ));
    }
    Ok(Some(s.to_owned()))
}

/// An IANA time zone used in Brazil (four zones plus their aliases).
pub fn time_zone(input: &str) -> Result<chrono_tz::Tz, FieldError> {
    let tz: chrono_tz::Tz = input.trim().parse().map_err(|_| {
        FieldError::new(
            "time_zone",
            "Fuso horário desconhecido: use, por exemplo, America/Sao_Paulo",
        )
    })?;
    Ok(tz)
}

/// How a page names a conference's time zone: "Horário de Brasília" for America/Sao_Paulo (the
/// label of [`BRAZIL_TIME_ZONES`] without the identifier), the identifier for any other zone.
pub fn time_zone_name(code: &str) -> String {
    BRAZIL_TIME_ZONES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, label)| label.split(" (").next().unwrap_or(label).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

/// Brazilian time zones offered in forms, with pt-BR labels.
pub const BRAZIL_TIME_ZONES: &[(&str, &str)] = &[
    (
        "America/Sao_Paulo",
        "Horário de Brasília (America/Sao_Paulo)",
    ),
    ("America/Bahia", "Bahia (America/Bahia)"),
    ("America/Fortaleza", "Nordeste (America/Fortaleza)"),
    ("America/Recife", "Pernambuco (America/Recife)"),
    ("America/Belem", "Pará e Amapá (America/Belem)"),
    ("America/Manaus", "Amazonas (America/Manaus)"),
    ("America/Cuiaba", "Mato Grosso (America/Cuiaba)"),
    (
        "America/Campo_Grande",
        "Mato Grosso do Sul (America/Campo_Grande)",
    ),
    ("America/Porto_Velho", "Rondônia (America/Porto_Velho)"),
    ("America/Boa_Vista", "Roraima (America/Boa_Vista)"),
    ("America/Rio_Branco", "Acre (America/Rio_Branco)"),
    ("America/Noronha", "Fernando de Noronha (America/Noronha)"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn time_zones_are_named_in_portuguese() {
        assert_eq!(time_zone_name("America/Sao_Paulo"), "Horário de Brasília");
        assert_eq!(time_zone_name("America/Manaus"), "Amazonas");
        assert_eq!(time_zone_name("Europe/Lisbon"), "Europe/Lisbon");
    }

    #[test]
    fn free_text_of_every_form_refuses_control_characters() {
        let nul = "apoio\u{0}total";
        let esc = "linha\u{1b}[2J";
        // Proposals, comments, moderation reasons, destaques, questions and answers: the
        // forms that check their own text use `plain_text` too.
        assert!(crate::proposals::proposal_text(nul).is_err());
        assert!(crate::proposals::proposal_text("Ampliar\to CRAS").is_ok());
        assert!(crate::online::comment_text(esc).is_err());
        assert!(crate::online::comment_text("Concordo.\r\nCom o CRAS.").is_ok());
        assert!(crate::online::hide_reason(nul).is_err());
        assert!(crate::plenary::DestaqueKind::parse("modify", esc).is_err());
        assert!(crate::plenary::DestaqueKind::parse("modify", "Art. 1º\nNovo texto").is_ok());
        assert!(crate::questionnaire::question("short_text", nul, "", "", "", false).is_err());
        let long =
            crate::questionnaire::question("long_text", "Comente", "", "", "", false).unwrap();
        let short =
            crate::questionnaire::question("short_text", "Nome", "", "", "", false).unwrap();
        let qs = [long, short];
        let refused =
            crate::questionnaire::answers(&qs, &[vec!["bom\r\nmuito".into()], vec![esc.into()]])
                .unwrap_err();
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].field, "q1");
        assert!(
            crate::questionnaire::answers(&qs, &[vec!["bom\r\nmuito".into()], vec!["Ana".into()]])
                .is_ok()
        );
    }

    #[test]
    fn text_fields_refuse_control_characters() {
        let cr = "X\rDTSTART:20990101T000000Z";
        for r in [
            required("title", "o nome", cr, 200).map(Some),
            optional("place", "O local", cr, 200),
            optional("place", "O local", "a\tb", 200),
            optional("place", "O local", "a\nb", 200),
            optional("place", "O local", "a\u{0}b", 200),
            optional_multiline("description", "A descrição", cr, 2000),
            optional_multiline("description", "A descrição", "a\u{1b}[31m", 2000),
        ] {
            let e = r.unwrap_err();
            assert!(e.message.contains("sem caracteres de controle"), "{e:?}");
        }
        assert_eq!(
            required("title", "o nome", "  Plenária final  ", 200).unwrap(),
            "Plenária final"
        );
        assert_eq!(
            optional_multiline("d", "A descrição", "linha 1\r\nlinha 2\nlinha 3", 200).unwrap(),
            Some("linha 1\r\nlinha 2\nlinha 3".into())
        );
        assert!(
            required("title", "o nome", " ", 200)
                .unwrap_err()
                .message
                .contains("Preencha")
        );
    }

    #[test]
    fn cpf_test_vectors() {
        // ../shared/data/cpf_test_vectors.csv
        for (s, ok) in [
            ("111.444.777-35", true),
            ("123.456.789-09", true),
            ("529.982.247-25", true),
            ("987.654.321-00", true),
            ("000.000.001-91", true),
            ("100.000.000-19", true),
            ("111.111.111-11", false),
            ("123.456.789-00", false),
            ("11144477735X", false),
        ] {
            assert_eq!(Cpf::parse(s).is_ok(), ok, "{s}");
        }
        let c = Cpf::parse("000.000.001-91").unwrap();
        assert_eq!(c.digits(), "00000000191");
        assert_eq!(c.masked(), "***.000.001-**");
        assert_eq!(format!("{c:?}"), "***.000.001-**");
    }

    #[test]
    fn slugs() {
        assert!(Slug::parse("para-de-minas-2025").is_ok());
        for bad in [
            "ab",
            "Maiúscula",
            "a--b",
            "-ab",
            "ab-",
            "com espaço",
            "açaí",
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails_and_usernames() {
        assert_eq!(
            Email::parse(" Ana@Exemplo.org ").unwrap().as_str(),
            "ana@exemplo.org"
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@x.org",
            "ana@x",
            "a b@x.org",
            "ana@x.org.",
            "a@b@c.org",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            format!("{:?}", Email::parse("a@b.org").unwrap()),
            "Email(***)"
        );
        assert!(Username::parse("maria.silva").is_ok());
        assert!(Username::parse("ma").is_err());
        assert!(Username::parse("-maria").is_err());
    }

    #[test]
    fn ibge_codes() {
        let c = IbgeCode::parse("3147105").unwrap();
        assert_eq!(c.uf(), "MG");
        assert!(IbgeCode::parse("9999999").is_err());
        assert!(IbgeCode::parse("314710").is_err());
        assert!(IbgeCode::parse("35").is_ok());
    }

    #[test]
    fn porte_bounds_are_inclusive() {
        // PNAS 2004 classes (shared data `porte_classes.csv`): (code, min, max), bounds inclusive.
        let classes = [
            ("PP1", 0, Some(20_000)),
            ("PP2", 20_001, Some(50_000)),
            ("MEDIO", 50_001, Some(100_000)),
            ("GRANDE", 100_001, Some(900_000)),
            ("METROPOLE", 900_001, None),
        ];
        for (code, min, max) in classes {
            assert_eq!(Porte::from_population(min).code(), code, "{min}");
            if min > 0 {
                assert_ne!(Porte::from_population(min - 1).code(), code, "{}", min - 1);
            }
            if let Some(max) = max {
                assert_eq!(Porte::from_population(max).code(), code, "{max}");
                assert_ne!(Porte::from_population(max + 1).code(), code, "{}", max + 1);
            }
        }
        assert_eq!(Porte::from_population(11_451_999), Porte::Metropole);
        assert_eq!(Porte::from_population(u64::MAX), Porte::Metropole);
    }

    #[test]
    fn codes_round_trip() {
        for l in Level::ALL {
            assert_eq!(Level::parse(l.code()).unwrap(), *l);
        }
        for k in StageKind::ALL {
            assert_eq!(StageKind::parse(k.code()).unwrap(), *k);
        }
        assert_eq!(
            Level::parse("x").unwrap_err().message,
            "Escolha um nível da lista"
        );
    }

    proptest! {
        #[test]
        fn cpf_parse_never_panics(s in "\\PC{0,20}") {
            let _ = Cpf::parse(&s);
        }
        #[test]
        fn valid_cpfs_are_masked(n in 0u64..1_000_000_000) {
            // build a valid CPF from 9 digits
            let base = format!("{n:09}");
            let mut d: Vec<u32> = base.bytes().map(|b| u32::from(b - b'0')).collect();
            for len in [9usize, 10] {
                let sum: u32 = (0..len).map(|i| d[i] * (len as u32 + 1 - i as u32)).sum();
                d.push((sum * 10 % 11) % 10);
            }
            let s: String = d.iter().map(|x| char::from_digit(*x, 10).unwrap()).collect();
            match Cpf::parse(&s) {
                Ok(c) => { prop_assert_eq!(c.digits(), s.as_str()); prop_assert!(!c.masked().contains(&s[..3])  || s[..3] == s[3..6] || s[..3] == s[6..9]); }
                Err(_) => prop_assert!(s.bytes().all(|b| b == s.as_bytes()[0])),
            }
        }
        #[test]
        fn slug_parse_accepts_only_safe_chars(s in "\\PC{0,90}") {
            if let Ok(slug) = Slug::parse(&s) {
                prop_assert!(slug.as_str().bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            }
        }
    }
}
