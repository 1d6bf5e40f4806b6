//! Rules for reading the participant lists councils keep in spreadsheets: which column is which
//! (headers in their common pt-BR forms, ignoring case, accents and spacing) and the common
//! spellings of categories and segments. Pure: decoding files is `app::participants::import`'s job.

use crate::text::search_key;
use crate::values::{Category, DelegateOrigin, Seat, Segment};

/// What a column of the spreadsheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    SocialName,
    Cpf,
    Email,
    Phone,
    Category,
    Segment,
    Seat,
    Origin,
    Represents,
    Territory,
    Unit,
    BirthDate,
}

impl Field {
    pub const ALL: [Field; 13] = [
        Field::Name,
        Field::SocialName,
        Field::Cpf,
        Field::Email,
        Field::Phone,
        Field::Category,
        Field::Segment,
        Field::Seat,
        Field::Origin,
        Field::Represents,
        Field::Territory,
        Field::Unit,
        Field::BirthDate,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Field::Name => "nome",
            Field::SocialName => "nome_social",
            Field::Cpf => "cpf",
            Field::Email => "email",
            Field::Phone => "telefone",
            Field::Category => "categoria",
            Field::Segment => "segmento",
            Field::Seat => "titularidade",
            Field::Origin => "origem",
            Field::Represents => "representa",
            Field::Territory => "territorio",
            Field::Unit => "unidade",
            Field::BirthDate => "nascimento",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "Nome completo",
            Field::SocialName => "Nome social",
            Field::Cpf => "CPF",
            Field::Email => "E-mail",
            Field::Phone => "Telefone",
            Field::Category => "Categoria",
            Field::Segment => "Segmento",
            Field::Seat => "Titular ou suplente",
            Field::Origin => "Origem do(a) delegado(a)",
            Field::Represents => "Órgão ou entidade que representa",
            Field::Territory => "Território",
            Field::Unit => "Unidade / equipamento",
            Field::BirthDate => "Data de nascimento",
        }
    }

    pub fn from_code(code: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The field a header names, in the forms councils use. `None` for anything else (the person
    /// maps it by hand or it is ignored).
    pub fn recognize(header: &str) -> Option<Field> {
        let k = search_key(header);
        let k = k.as_str();
        Some(match k {
            "nome"
            | "nome completo"
            | "nome do a participante"
            | "nome do participante"
            | "nome da participante"
            | "participante"
            | "nome civil"
            | "nome de registro" => Field::Name,
            "nome social" => Field::SocialName,
            "cpf" | "n cpf" | "no cpf" | "numero do cpf" | "cpf do a participante" => Field::Cpf,
            "e mail"
            | "email"
            | "correio eletronico"
            | "endereco de e mail"
            | "e mail do a participante" => Field::Email,
            "telefone"
            | "celular"
            | "telefone celular"
            | "whatsapp"
            | "telefone whatsapp"
            | "fone"
            | "contato"
            | "telefone de contato"
            | "celular whatsapp" => Field::Phone,
            "categoria" | "tipo de participacao" | "participacao" | "condicao" => Field::Category,
            "segmento" | "segmento representado" | "representacao" => Field::Segment,
            "titular suplente" | "titularidade" | "titular ou suplente" | "vaga" => Field::Seat,
            "origem"
            | "forma de escolha"
            | "tipo de delegado"
            | "tipo de delegacao"
            | "origem da vaga"
            | "como foi escolhido"
            | "origem do delegado"
            | "origem do a delegado a" => Field::Origin,
            "orgao"
            | "entidade"
            | "orgao entidade"
            | "orgao ou entidade"
            | "instituicao"
            | "entidade orgao"
            | "representa"
            | "orgao entidade que representa" => Field::Represents,
            "territorio" | "regiao" | "bairro" | "territorio regiao" => Field::Territory,
            "unidade"
            | "equipamento"
            | "unidade equipamento"
            | "cras"
            | "servico"
            | "unidade de referencia"
            | "equipamento unidade" => Field::Unit,
            "data de nascimento" | "nascimento" | "data nascimento" | "dt nascimento"
            | "data de nasc" | "dt nasc" => Field::BirthDate,
            _ if k.split(' ').any(|w| w == "cpf") => Field::Cpf,
            _ => return None,
        })
    }
}

/// Strips a trailing gender flexion written as `(a)`, `(as)`, `/a`, `(os)` after `search_key`.
fn stem(key: &str) -> &str {
    for suffix in [" as", " a", " os", " es"] {
        if let Some(s) = key.strip_suffix(suffix) {
            return s;
        }
    }
    key
}

/// A segment in the spellings seen in council lists: `Usuário`, `usuária`, `USUÁRIOS`,
/// `Trabalhador(a)`, `Trabalhadores do SUAS`, `Entidade`, `Governo`, `Gestor`, `Poder público`…
pub fn segment(value: &str) -> Option<Segment> {
    let k = search_key(value);
    let k = stem(&k);
    if k.is_empty() {
        return None;
    }
    if let Ok(s) = Segment::parse(k) {
        return Some(s);
    }
    let first = k.split(' ').next().unwrap_or("");
    let starts = |p: &str| first.starts_with(p);
    if starts("usuari") || k.contains("representante de usuari") {
        Some(Segment::Users)
    } else if starts("trabalhador") || k.contains("representante de trabalhador") {
        Some(Segment::Workers)
    } else if starts("entidade") || starts("organizac") || k.contains("representante de entidade") {
        Some(Segment::Entities)
    } else if starts("governo")
        || starts("governament")
        || starts("gestor")
        || starts("gestao")
        || k.starts_with("poder publico")
        || k.starts_with("representante do governo")
        || k.starts_with("representante governamental")
    {
        Some(Segment::Government)
    } else {
        None
    }
}

/// A category: `Delegado`, `delegada`, `Delegado(a)`, `Convidado(a)`, `Observador`, `Ouvinte`.
pub fn category(value: &str) -> Option<Category> {
    let k = search_key(value);
    let first = k.split(' ').next().unwrap_or("");
    if first.starts_with("delegad") {
        Some(Category::Delegate)
    } else if first.starts_with("convidad") {
        Some(Category::Guest)
    } else if first.starts_with("observador") || first.starts_with("ouvinte") {
        Some(Category::Observer)
    } else {
        None
    }
}

/// `Titular`, `T`, `Suplente`, `S`.
pub fn seat(value: &str) -> Option<Seat> {
    let k = search_key(value);
    match k.as_str() {
        "t" => Some(Seat::Titular),
        "s" => Some(Seat::Suplente),
        _ if k.starts_with("titular") => Some(Seat::Titular),
        _ if k.starts_with("suplente") => Some(Seat::Suplente),
        _ => None,
    }
}

/// How a delegate came: `Nato`, `Conselheiro(a)`, `Membro do conselho` (natural delegates, from
/// the council's membership), `Eleito(a)`, `Pré-conferência`, `Indicado(a)`.
pub fn origin(value: &str) -> Option<DelegateOrigin> {
    let k = search_key(value);
    let first = k.split(' ').next().unwrap_or("");
    if first.starts_with("nat")
        || first.starts_with("conselheir")
        || k.contains("membro do conselho")
    {
        Some(DelegateOrigin::Nato)
    } else if first.starts_with("eleit")
        || k.contains("pre conferencia")
        || first == "preconferencia"
    {
        Some(DelegateOrigin::Preconferencia)
    } else if first.starts_with("indica") {
        Some(DelegateOrigin::Indicado)
    } else {
        None
    }
}

/// The column separator of a CSV text: the one of `;`, `,` and tab found most often (outside
/// quotes) in its first non-empty line; `;` (what Excel in pt-BR writes) when none is there.
pub fn separator(text: &str) -> u8 {
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let (mut semi, mut comma, mut tab, mut quoted) = (0, 0, 0, false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => semi += 1,
            ',' if !quoted => comma += 1,
            '\t' if !quoted => tab += 1,
            _ => {}
        }
    }
    if tab > semi && tab > comma {
        b'\t'
    } else if comma > semi {
        b','
    } else {
        b';'
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_their_common_forms() {
        for (h, f) in [
            ("Nome", Field::Name),
            ("NOME COMPLETO", Field::Name),
            ("  nome   completo ", Field::Name),
            ("Nome Social", Field::SocialName),
            ("CPF", Field::Cpf),
            ("Nº CPF", Field::Cpf),
            ("E-mail", Field::Email),
            ("email", Field::Email),
            ("Telefone", Field::Phone),
            ("Celular", Field::Phone),
            ("Celular/WhatsApp", Field::Phone),
            ("Categoria", Field::Category),
            ("Segmento", Field::Segment),
            ("Território", Field::Territory),
            ("TERRITORIO", Field::Territory),
            ("Unidade", Field::Unit),
            ("Equipamento", Field::Unit),
            ("Unidade/Equipamento", Field::Unit),
            ("Data de nascimento", Field::BirthDate),
            ("Data de Nascimento ", Field::BirthDate),
            ("Órgão/Entidade", Field::Represents),
            ("Titular/Suplente", Field::Seat),
            ("Origem", Field::Origin),
            ("Forma de escolha", Field::Origin),
        ] {
            assert_eq!(Field::recognize(h), Some(f), "{h}");
        }
        assert_eq!(Field::recognize("Observações"), None);
        for f in Field::ALL {
            assert_eq!(Field::from_code(f.code()), Some(f));
        }
    }

    #[test]
    fn segment_spellings() {
        for v in [
            "Usuário",
            "usuária",
            "USUÁRIOS",
            "Usuários(as)",
            "usuario/a",
            "Representante de usuários",
            "usuarios",
        ] {
            assert_eq!(segment(v), Some(Segment::Users), "{v}");
        }
        for v in [
            "Trabalhador(a)",
            "trabalhadora",
            "TRABALHADORES DO SUAS",
            "Trabalhadores",
        ] {
            assert_eq!(segment(v), Some(Segment::Workers), "{v}");
        }
        for v in ["Entidade", "entidades", "Entidades de assistência social"] {
            assert_eq!(segment(v), Some(Segment::Entities), "{v}");
        }
        for v in ["Governo", "governamental", "Gestor", "Poder público"] {
            assert_eq!(segment(v), Some(Segment::Government), "{v}");
        }
        assert_eq!(segment("Sociedade"), None);
        assert_eq!(segment(""), None);
    }

    #[test]
    fn category_and_seat_spellings() {
        for v in ["Delegado", "delegada", "Delegado(a)", "DELEGADOS"] {
            assert_eq!(category(v), Some(Category::Delegate), "{v}");
        }
        assert_eq!(category("Convidada"), Some(Category::Guest));
        assert_eq!(category("Ouvinte"), Some(Category::Observer));
        assert_eq!(category("Participante"), None);
        assert_eq!(seat("Titular"), Some(Seat::Titular));
        assert_eq!(seat("S"), Some(Seat::Suplente));
        assert_eq!(seat("x"), None);
        for v in ["Nato", "nata", "Conselheira", "Membro do Conselho"] {
            assert_eq!(origin(v), Some(DelegateOrigin::Nato), "{v}");
        }
        for v in ["Eleito(a)", "eleita na pré-conferência", "Pré-conferência"] {
            assert_eq!(origin(v), Some(DelegateOrigin::Preconferencia), "{v}");
        }
        assert_eq!(origin("Indicada"), Some(DelegateOrigin::Indicado));
        assert_eq!(origin("sorteio"), None);
    }

    #[test]
    fn separators() {
        assert_eq!(separator("Nome;CPF;Segmento\n"), b';');
        assert_eq!(separator("Nome,CPF,Segmento\n"), b',');
        assert_eq!(separator("Nome\tCPF\tSegmento\n"), b'\t');
        assert_eq!(separator("\n\"Nome, completo\";CPF\n"), b';');
        assert_eq!(separator("Nome"), b';');
    }
}
