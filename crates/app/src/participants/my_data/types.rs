//! What the page shows and takes: limits and messages, the person's data, the correction form.

use super::*;

/// How long the access given by a successful proof lasts.
pub const ACCESS_TTL_MIN: i64 = 30;
/// How long an e-mailed link to the data stays valid (it opens once).
pub const LINK_TTL_MIN: i64 = 30;
/// At most this many e-mailed links per registration per hour.
pub const LINK_LIMIT: u64 = 3;
/// The subject of the e-mail with the link.
pub const LINK_SUBJECT: &str = "Link para ver seus dados da inscrição";
/// At most this many open requests per registration.
pub const MAX_OPEN_REQUESTS: u64 = 5;
/// Longest request text and staff response.
pub const MAX_TEXT: usize = 2000;
pub const MAX_RESPONSE: usize = 1000;

/// The one answer to any failed proof: never says which part was wrong.
pub const DENIED: &str = "Não foi possível confirmar a inscrição com estes dados. Confira o código de inscrição (está no comprovante e no crachá) e o CPF ou a data de nascimento que você informou na inscrição. Se na inscrição você deu só o e-mail, informe o e-mail: enviamos para ele um link que abre seus dados. Se você não deu nenhum desses dados, procure a secretaria do conselho ou o CRAS mais próximo: lá mostram e corrigem seus dados.";
/// Too many failed attempts with one code.
pub const TOO_MANY: &str = "Muitas tentativas erradas com este código de inscrição. Espere 15 minutos e tente de novo, ou procure a secretaria do conselho ou o CRAS mais próximo.";
/// The answer to code + e-mail, whether or not they matched: it never says which.
pub const LINK_SENT: &str = "Se o código de inscrição e o e-mail conferem com uma inscrição, enviamos agora para esse e-mail um link que abre os seus dados. O link vale 30 minutos e só pode ser usado uma vez. Não chegou em alguns minutos? Olhe a caixa de spam, confira o código e o e-mail, ou use o CPF ou a data de nascimento que você deu na inscrição.";
/// Too many e-mail requests with one code.
pub const LINK_TOO_MANY: &str = "Muitos pedidos de link com este código de inscrição. Espere 15 minutos e tente de novo, use o CPF ou a data de nascimento, ou procure a secretaria do conselho ou o CRAS mais próximo.";
/// An e-mailed link already used, expired or incomplete.
pub const LINK_INVALID: &str = "Este link não vale mais: ele só pode ser usado uma vez e vale 30 minutos. Peça outro informando de novo o código de inscrição e o e-mail, ou use o CPF ou a data de nascimento.";
/// A code given for a public registration with a CPF already registered (an attempt).
pub const PENDING: &str = "Este código é de um pedido de inscrição que a equipe da conferência ainda precisa conferir. Procure a secretaria do conselho ou o credenciamento com um documento com foto: lá conferem o pedido e mostram seus dados.";
/// The access token expired or is not valid.
pub const EXPIRED: &str = "Por segurança, o acesso aos seus dados dura 30 minutos e terminou. Informe de novo o código de inscrição e o dado de confirmação.";

/// What the person types to prove who they are.
#[derive(Clone, Default)]
pub struct ProofInput {
    /// The registration code, as typed.
    pub code: String,
    /// CPF or date of birth (opens the data), or the e-mail (sends a link), as typed.
    pub proof: String,
}

/// Never prints what was typed.
impl std::fmt::Debug for ProofInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProofInput { .. }")
    }
}

/// The result of a proof.
#[derive(Debug)]
pub enum Outcome {
    Granted(Box<MyData>),
    /// Wrong code, wrong data, no data to compare with: one answer ([`DENIED`]).
    Denied,
    /// Over the failed-attempt limit for this code ([`TOO_MANY`]).
    TooManyAttempts,
    /// Code + e-mail: a link was sent if they matched ([`LINK_SENT`]).
    LinkSent,
    /// Over the e-mail requests limit for this code ([`LINK_TOO_MANY`]).
    TooManyLinks,
    /// The code of an attempt with a proof that fits it ([`PENDING`]).
    Pending,
}

/// Everything held about one registration, for the page and (serialized) the JSON download.
/// Keys are in Portuguese: the file is for the person.
#[derive(Clone, Serialize)]
pub struct MyData {
    /// Signed, short-lived access for the download and the correction form.
    #[serde(skip)]
    pub access: String,
    #[serde(skip)]
    pub slug: String,
    /// The CPF masked for the screen (the file has it whole).
    #[serde(skip)]
    pub cpf_masked: Option<String>,
    /// Has an e-mail (answers to requests are sent there).
    #[serde(skip)]
    pub has_email: bool,
    #[serde(rename = "conferencia")]
    pub conference: String,
    #[serde(rename = "gerado_em")]
    pub generated_at: String,
    #[serde(rename = "inscricao")]
    pub person: Person,
    #[serde(rename = "autodeclaracao_de_cotas")]
    pub quotas: Option<Quotas>,
    #[serde(rename = "consentimento")]
    pub consent: Consent,
    #[serde(rename = "credenciamentos")]
    pub checkins: Vec<CheckinRow>,
    #[serde(rename = "certificados")]
    pub certificates: Vec<CertificateRow>,
    #[serde(rename = "pedidos_sobre_os_dados")]
    pub requests: Vec<RequestRow>,
}

impl std::fmt::Debug for MyData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MyData { .. }")
    }
}

#[derive(Clone, Serialize)]
pub struct Person {
    #[serde(rename = "codigo_de_inscricao")]
    pub code: String,
    #[serde(rename = "nome")]
    pub name: String,
    #[serde(rename = "nome_social")]
    pub social_name: Option<String>,
    #[serde(rename = "categoria")]
    pub category: String,
    #[serde(rename = "segmento")]
    pub segment: Option<String>,
    #[serde(rename = "vaga")]
    pub seat: Option<String>,
    #[serde(rename = "origem")]
    pub origin: Option<String>,
    #[serde(rename = "representa")]
    pub represents: Option<String>,
    #[serde(rename = "territorio")]
    pub territory: Option<String>,
    #[serde(rename = "unidade")]
    pub unit: Option<String>,
    /// The eixo chosen for the working groups ("Eixo N: title").
    #[serde(rename = "eixo_preferido")]
    pub preferred_eixo: Option<String>,
    pub cpf: Option<String>,
    #[serde(rename = "email")]
    pub email: Option<String>,
    #[serde(rename = "telefone")]
    pub phone: Option<String>,
    #[serde(rename = "data_de_nascimento")]
    pub birth_date: Option<String>,
    #[serde(rename = "cargo_comissionado_ou_de_confianca")]
    pub trust_position: bool,
    #[serde(rename = "acessibilidade")]
    pub needs: Vec<String>,
    #[serde(rename = "outras_necessidades")]
    pub needs_other: Option<String>,
    #[serde(rename = "forma_de_inscricao")]
    pub source: String,
    #[serde(rename = "situacao")]
    pub status: String,
    #[serde(rename = "inscrita_em")]
    pub created_at: String,
    #[serde(rename = "atualizada_em")]
    pub updated_at: String,
}

#[derive(Clone, Serialize)]
pub struct Quotas {
    #[serde(rename = "grupos")]
    pub groups: Vec<String>,
    #[serde(rename = "declarada_em")]
    pub declared_at: String,
}

#[derive(Clone, Serialize)]
pub struct Consent {
    #[serde(rename = "versao_do_aviso_de_privacidade")]
    pub version: String,
    #[serde(rename = "dado_em")]
    pub at: String,
}

#[derive(Clone, Serialize)]
pub struct CheckinRow {
    #[serde(rename = "dia")]
    pub day: String,
    #[serde(rename = "registrado_em")]
    pub at: String,
    #[serde(rename = "forma")]
    pub method: String,
}

#[derive(Clone, Serialize)]
pub struct CertificateRow {
    #[serde(rename = "codigo_de_verificacao")]
    pub code: String,
    #[serde(rename = "horas")]
    pub hours: i32,
    #[serde(rename = "emitido_em")]
    pub issued_at: String,
}

#[derive(Clone, Serialize)]
pub struct RequestRow {
    #[serde(rename = "feito_em")]
    pub created_at: String,
    #[serde(rename = "tipo")]
    pub kind: String,
    #[serde(rename = "texto")]
    pub text: String,
    #[serde(rename = "situacao")]
    pub status: String,
    #[serde(rename = "atendido_em")]
    pub handled_at: Option<String>,
    #[serde(rename = "resposta")]
    pub response: Option<String>,
}

/// The fields a person may say are wrong, with their labels (form checkboxes).
pub const CORRECTABLE: &[(&str, &str)] = &[
    ("nome", "Nome"),
    ("nome_social", "Nome social"),
    ("cpf", "CPF"),
    ("email", "E-mail"),
    ("telefone", "Telefone"),
    ("nascimento", "Data de nascimento"),
    ("categoria", "Categoria, segmento ou vaga"),
    ("representa", "Órgão, entidade, território ou unidade"),
    ("acessibilidade", "Acessibilidade"),
    ("cotas", "Autodeclaração de cotas"),
    ("outro", "Outro dado"),
];

/// The correction form as typed.
#[derive(Clone, Default)]
pub struct CorrectionInput {
    pub fields: Vec<String>,
    pub text: String,
}

impl std::fmt::Debug for CorrectionInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CorrectionInput { .. }")
    }
}
