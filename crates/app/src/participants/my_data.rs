//! LGPD self-service (art. 18): a registered person sees every piece of data held about them,
//! downloads it as JSON, and asks for a correction, on the public page `/c/{slug}/meus-dados`;
//! the secretariat and the organizing commission answer the requests (`HandleDataRequests`).
//!
//! Proof of identity (ADR 0008, changed by issue 19): the registration code (receipt, badge) plus
//! the CPF or the date of birth given with it opens the data on the page. Each is compared as a
//! SHA-256 digest without early exit, the same work is done when the code is unknown, every
//! refusal has the same message ([`DENIED`]), and failed attempts are counted per conference and
//! code in the shared `rate_limit` table (the login limit: 5 per 15 minutes). After the proof, the
//! page carries a signed access token valid [`ACCESS_TTL_MIN`] minutes (no CPF, no code) for the
//! download and the correction form. Nothing here logs the code, the CPF or any text typed by the
//! person.
//!
//! The code is printed on the badge people wear, and colleagues often know an e-mail; the data
//! includes the CPF and the quota self-declarations (LGPD art. 11). So code + e-mail does not open
//! anything on the page: it sends a single-use link, valid [`LINK_TTL_MIN`] minutes, to the
//! registration's e-mail ([`LINK_SENT`], the same answer whether or not the pair matched; only the
//! SHA-256 of the link's token is stored, in `data_access_link`). Every e-mail request counts
//! against the code (5 per 15 minutes), matched or not, and a registration gets at most
//! [`LINK_LIMIT`] links an hour.
//!
//! A code given for a public registration with a CPF already registered (an attempt,
//! `crate::participants::registration`) with a proof that fits it gets [`PENDING`]: the desk resolves it.

use crate::Fail;
use crate::platform::auth::{Me, allow, conference_scope};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::participants::normalize_code;
use domain::policy::Action;
use domain::values::{AccessNeed, Category, Cpf, DelegateOrigin, QuotaGroup, Seat, Segment};
use domain::{FieldError, Invalid};
use hmac::Mac;
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use sha2::{Digest, Sha256};
use store::Db;
use store::entities::{
    account, certificate, checkin, conference, data_request, registration, registration_sensitive,
    territory, unit,
};
use uuid::Uuid;

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

// ---------------------------------------------------------------------------------------------
// Proof

fn digest(kind: &str, value: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(kind.as_bytes());
    h.update([0]);
    h.update(value.as_bytes());
    h.finalize().into()
}

/// Equal digests, without an early exit.
fn same(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The typed proof read every way it could be meant: CPF digits, date. (An e-mail is not a proof
/// here: it only sends a link, [`by_email`].)
struct Typed {
    cpf: String,
    date: String,
}

fn read_proof(input: &str) -> Typed {
    let t = input.trim();
    let cpf = if t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | ' '))
    {
        t.chars().filter(char::is_ascii_digit).collect()
    } else {
        String::new()
    };
    let date = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d%m%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(t, f).ok())
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    Typed { cpf, date }
}

/// A stored value against a typed one, by digest; a missing or blank one never matches.
fn one(kind: &str, stored: &Option<String>, typed: &str) -> bool {
    let present = stored.is_some() & !typed.is_empty();
    let eq = same(
        &digest(kind, stored.as_deref().unwrap_or("\u{0}absent")),
        &digest(kind, typed),
    );
    present & eq
}

/// True when the CPF or the date of birth registered matches what was typed. Always compares
/// both (a missing one against a value that cannot match), so the time spent does not depend on
/// which data the registration has.
fn matches(r: Option<&registration::Model>, typed: &Typed) -> bool {
    let stored_cpf = r.and_then(|r| r.cpf.clone());
    let stored_birth = r.and_then(|r| r.birth_date.map(|d| d.format("%Y-%m-%d").to_string()));
    let a = one("cpf", &stored_cpf, &typed.cpf);
    let c = one("birth", &stored_birth, &typed.date);
    a | c
}

/// Whether what was typed is an e-mail (which sends a link instead of opening the data).
fn is_email(proof: &str) -> bool {
    proof.contains('@')
}

/// Whether a registration can be reached here at all: it holds a CPF, an e-mail or a date of
/// birth. Shown on the receipt so people without any know to ask the secretariat.
pub fn can_self_serve(cpf: bool, email: bool, birth_date: bool) -> bool {
    cpf || email || birth_date
}

fn limit_key(conference: Uuid, code: &str) -> String {
    keyed("meus-dados", conference, code)
}

/// The e-mail requests of one code (apart from the failed proofs, [`limit_key`]).
fn link_key(conference: Uuid, code: &str) -> String {
    keyed("meus-dados-link", conference, code)
}

fn keyed(prefix: &str, conference: Uuid, code: &str) -> String {
    let typed: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .take(32)
        .collect();
    format!(
        "{prefix}:{}",
        hex::encode(Sha256::digest(format!("{conference}:{typed}").as_bytes()))
    )
}

/// Checks the proof and, when it holds, gathers the person's data. An e-mail typed as the proof
/// sends a link instead ([`Outcome::LinkSent`]); `public_url` is the site's address for it.
pub async fn prove(
    db: &Db,
    public_url: &str,
    slug: &str,
    input: &ProofInput,
) -> Result<Outcome, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let mut inv = Invalid::default();
    if input.code.trim().is_empty() {
        inv.push(FieldError::new(
            "codigo",
            "Informe o código de inscrição (está no comprovante e no crachá)",
        ));
    }
    if input.proof.trim().is_empty() {
        inv.push(FieldError::new(
            "prova",
            "Informe o CPF ou a data de nascimento que você deu na inscrição (ou o e-mail, para receber um link)",
        ));
    }
    inv.into_result()?;
    let code = normalize_code(&input.code);
    if is_email(&input.proof) {
        return by_email(
            db,
            public_url,
            &c,
            &input.code,
            code.as_deref(),
            &input.proof,
        )
        .await;
    }
    let key = limit_key(c.id, &input.code);
    if crate::platform::accounts::blocked(db, &key).await? {
        return Ok(Outcome::TooManyAttempts);
    }
    let reg = match &code {
        Some(code) => registration::Entity::find()
            .filter(registration::Column::ConferenceId.eq(c.id))
            .filter(registration::Column::Code.eq(code))
            .one(&db.conn)
            .await?
            .filter(|r| r.status != "anonymized"),
        None => None,
    };
    let typed = read_proof(&input.proof);
    let ok = matches(reg.as_ref(), &typed);
    let found = reg.is_some();
    if let Some(r) = reg.filter(|_| ok) {
        store::entities::rate_limit::Entity::delete_by_id(key)
            .exec(&db.conn)
            .await?;
        tracing::info!(registration = %r.id, "self-service data access granted");
        return Ok(Outcome::Granted(Box::new(gather(db, &c, &r).await?)));
    }
    if !found
        && let Some(code) = &code
        && let Some((a, holder)) =
            crate::participants::registration::attempt_by_code(&db.conn, c.id, code).await?
        && (one("cpf", &holder.cpf, &typed.cpf)
            | one(
                "birth",
                &a.birth_date.map(|d| d.format("%Y-%m-%d").to_string()),
                &typed.date,
            ))
    {
        tracing::info!(attempt = %a.id, "self-service data access: registration attempt");
        return Ok(Outcome::Pending);
    }
    tracing::info!(conference = %c.id, "self-service data access refused");
    Ok(if crate::platform::accounts::hit(db, &key).await? {
        Outcome::Denied
    } else {
        Outcome::TooManyAttempts
    })
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.to_ascii_lowercase().as_bytes()))
}

/// Code + e-mail: when they match a registration, e-mails it a single-use link (or, for an
/// attempt's code, a note that the desk will check it). The answer is the same either way; every
/// request counts against the code.
async fn by_email(
    db: &Db,
    public_url: &str,
    c: &conference::Model,
    typed_code: &str,
    code: Option<&str>,
    proof: &str,
) -> Result<Outcome, Fail> {
    let key = link_key(c.id, typed_code);
    if crate::platform::accounts::blocked(db, &key).await?
        || !crate::platform::accounts::hit(db, &key).await?
    {
        return Ok(Outcome::TooManyLinks);
    }
    let typed = proof.trim().to_lowercase();
    let email_matches =
        |stored: &Option<String>| one("email", &stored.as_ref().map(|e| e.to_lowercase()), &typed);
    let reg = match code {
        Some(code) => registration::Entity::find()
            .filter(registration::Column::ConferenceId.eq(c.id))
            .filter(registration::Column::Code.eq(code))
            .one(&db.conn)
            .await?
            .filter(|r| r.status != "anonymized"),
        None => None,
    };
    // Made on every path, so that the work done depends less on the pair matching.
    let token = hex::encode(rand::random::<[u8; 32]>());
    let base = public_url.trim_end_matches('/');
    let now = Utc::now();
    let mut mailed = false;
    let tx = db.write().await?;
    match &reg {
        Some(r) if email_matches(&r.email) => {
            let recent = store::entities::data_access_link::Entity::find()
                .filter(store::entities::data_access_link::Column::RegistrationId.eq(r.id))
                .filter(
                    store::entities::data_access_link::Column::CreatedAt
                        .gt(now - Duration::hours(1)),
                )
                .count(&tx)
                .await?;
            if recent < LINK_LIMIT
                && let Some(to) = &r.email
            {
                store::entities::data_access_link::Entity::insert(
                    store::entities::data_access_link::ActiveModel {
                        token_hash: Set(token_hash(&token)),
                        registration_id: Set(r.id),
                        created_at: Set(now),
                        expires_at: Set(now + Duration::minutes(LINK_TTL_MIN)),
                        used_at: Set(None),
                    },
                )
                .exec(&tx)
                .await?;
                let body = format!(
                    "Olá, {}.\n\nRecebemos um pedido para ver os dados da sua inscrição na {}, na página \"Meus dados\".\n\nPara ver seus dados, abra este endereço em até {LINK_TTL_MIN} minutos:\n\n{base}/c/{}/meus-dados/link?token={token}\n\nO endereço só pode ser usado uma vez. Para ver de novo depois, peça outro link na página \"Meus dados\" ou informe o CPF ou a data de nascimento que você deu na inscrição.\n\nSe não foi você quem pediu, ignore esta mensagem: sem este endereço, o pedido não mostra nada.\n\n-- \nConferências de Assistência Social (mensagem automática, não responda)\n",
                    r.display_name(),
                    c.title,
                    c.slug,
                );
                crate::platform::mail::enqueue(
                    &tx,
                    to,
                    &format!("{LINK_SUBJECT}: {}", c.title),
                    &body,
                )
                .await?;
                mailed = true;
            }
        }
        Some(_) => {}
        None => {
            if let Some(code) = code
                && let Some((a, _)) =
                    crate::participants::registration::attempt_by_code(&tx, c.id, code).await?
                && email_matches(&a.email)
                && let Some(to) = &a.email
            {
                let body = format!(
                    "Olá, {}.\n\nO código {} é de um pedido de inscrição na {} que a equipe da conferência ainda precisa conferir, por isso a página \"Meus dados\" não mostra dados com ele.\n\nProcure a secretaria do conselho ou o credenciamento da conferência com um documento com foto: lá conferem o pedido e mostram seus dados.\n\n-- \nConferências de Assistência Social (mensagem automática, não responda)\n",
                    a.social_name.as_deref().unwrap_or(&a.name),
                    a.code,
                    c.title,
                );
                crate::platform::mail::enqueue(
                    &tx,
                    to,
                    &format!("{LINK_SUBJECT}: {}", c.title),
                    &body,
                )
                .await?;
                mailed = true;
            }
        }
    }
    tx.commit().await?;
    if mailed {
        crate::platform::mail::wake();
    }
    tracing::info!(conference = %c.id, "self-service data link requested");
    Ok(Outcome::LinkSent)
}

fn plausible_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The registration an e-mailed link stands for, when it is known, unused, unexpired, for this
/// conference, and the registration is not anonymized (without using it).
async fn link_target(
    db: &Db,
    c: &conference::Model,
    token: &str,
) -> store::Result<Option<registration::Model>> {
    let token = token.trim();
    if !plausible_token(token) {
        return Ok(None);
    }
    let Some(l) = store::entities::data_access_link::Entity::find_by_id(token_hash(token))
        .one(&db.conn)
        .await?
    else {
        return Ok(None);
    };
    if l.used_at.is_some() || l.expires_at <= Utc::now() {
        return Ok(None);
    }
    Ok(registration::Entity::find_by_id(l.registration_id)
        .one(&db.conn)
        .await?
        .filter(|r| r.conference_id == c.id && r.status != "anonymized"))
}

/// True when an e-mailed link can still open the data (for the page that asks to open it).
pub async fn link_valid(db: &Db, slug: &str, token: &str) -> Result<bool, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    Ok(link_target(db, &c, token).await?.is_some())
}

/// Opens the data with an e-mailed link, using it up (once, even when posted twice at once).
pub async fn open_link(db: &Db, slug: &str, token: &str) -> Result<MyData, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let invalid = || Fail::Invalid(Invalid::one("form", LINK_INVALID));
    let Some(r) = link_target(db, &c, token).await? else {
        return Err(invalid());
    };
    let now = Utc::now();
    let tx = db.write().await?;
    let used = store::entities::data_access_link::Entity::update_many()
        .col_expr(
            store::entities::data_access_link::Column::UsedAt,
            sea_orm::sea_query::Expr::value(Some(now)),
        )
        .filter(store::entities::data_access_link::Column::TokenHash.eq(token_hash(token.trim())))
        .filter(store::entities::data_access_link::Column::UsedAt.is_null())
        .filter(store::entities::data_access_link::Column::ExpiresAt.gt(now))
        .exec(&tx)
        .await?;
    if used.rows_affected != 1 {
        tx.rollback().await?;
        return Err(invalid());
    }
    tx.commit().await?;
    tracing::info!(registration = %r.id, "self-service data access granted by e-mailed link");
    Ok(gather(db, &c, &r).await?)
}

// ---------------------------------------------------------------------------------------------
// Access token

const ACCESS_PURPOSE: &[u8] = b"conferencia self-service access v1";
const ACCESS_TAG: usize = 16;

async fn sign_access(db: &Db, conference: Uuid, registration: Uuid) -> store::Result<String> {
    let key = crate::platform::tokens::badge_key(db).await?;
    let exp = (Utc::now() + Duration::minutes(ACCESS_TTL_MIN)).timestamp();
    let tag = key
        .mac(
            ACCESS_PURPOSE,
            &[
                conference.as_bytes(),
                registration.as_bytes(),
                &exp.to_be_bytes(),
            ],
        )
        .finalize()
        .into_bytes();
    let mut raw = Vec::with_capacity(16 + 8 + ACCESS_TAG);
    raw.extend_from_slice(registration.as_bytes());
    raw.extend_from_slice(&exp.to_be_bytes());
    raw.extend_from_slice(&tag[..ACCESS_TAG]);
    Ok(URL_SAFE_NO_PAD.encode(raw))
}

/// The registration an access token stands for, if it is genuine, for this conference, unexpired,
/// and the registration is not anonymized.
async fn open_access(
    db: &Db,
    c: &conference::Model,
    token: &str,
) -> Result<registration::Model, Fail> {
    let expired = || Fail::Invalid(Invalid::one("form", EXPIRED));
    let t = token.trim();
    if t.len() > 80 {
        return Err(expired());
    }
    let raw = URL_SAFE_NO_PAD.decode(t).map_err(|_| expired())?;
    if raw.len() != 16 + 8 + ACCESS_TAG {
        return Err(expired());
    }
    let id = Uuid::from_slice(&raw[..16]).map_err(|_| expired())?;
    let exp = i64::from_be_bytes(raw[16..24].try_into().map_err(|_| expired())?);
    let key = crate::platform::tokens::badge_key(db).await?;
    key.mac(
        ACCESS_PURPOSE,
        &[c.id.as_bytes(), id.as_bytes(), &exp.to_be_bytes()],
    )
    .verify_truncated_left(&raw[24..])
    .map_err(|_| expired())?;
    if exp < Utc::now().timestamp() {
        return Err(expired());
    }
    registration::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .filter(|r| r.conference_id == c.id && r.status != "anonymized")
        .ok_or_else(expired)
}

/// The person's data again, from an access token (the download; the page after a request).
pub async fn view(db: &Db, slug: &str, access: &str) -> Result<MyData, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let r = open_access(db, &c, access).await?;
    Ok(gather(db, &c, &r).await?)
}

// ---------------------------------------------------------------------------------------------
// Gathering

fn local(t: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    t.with_timezone(&tz).format("%d/%m/%Y %H:%M").to_string()
}

fn label<T: Copy>(
    code: Option<&str>,
    parse: fn(&str) -> Result<T, FieldError>,
    l: fn(T) -> &'static str,
) -> Option<String> {
    code.and_then(|c| parse(c).ok()).map(|x| l(x).to_owned())
}

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "correction" => "correção de dados",
        _ => "outro",
    }
}

fn status_label(status: &str) -> &'static str {
    match status {
        "done" => "atendido",
        _ => "aberto",
    }
}

async fn gather(db: &Db, c: &conference::Model, r: &registration::Model) -> store::Result<MyData> {
    let tz: chrono_tz::Tz = c.time_zone.parse().unwrap_or(chrono_tz::America::Sao_Paulo);
    let territory = match r.territory_id {
        Some(id) => territory::Entity::find_by_id(id)
            .one(&db.conn)
            .await?
            .map(|t| t.name),
        None => None,
    };
    let unit = match r.unit_id {
        Some(id) => unit::Entity::find_by_id(id)
            .one(&db.conn)
            .await?
            .map(|u| u.name),
        None => None,
    };
    let preferred_eixo = match r.preferred_eixo_id {
        Some(id) => store::entities::eixo::Entity::find_by_id(id)
            .one(&db.conn)
            .await?
            .map(|e| format!("Eixo {}: {}", e.number, e.title)),
        None => None,
    };
    let quotas = registration_sensitive::Entity::find_by_id(r.id)
        .one(&db.conn)
        .await?
        .map(|s| Quotas {
            groups: s
                .quotas
                .split(',')
                .filter_map(|q| QuotaGroup::parse(q).ok())
                .map(|q| q.label().to_owned())
                .collect(),
            declared_at: local(s.declared_at, tz),
        });
    let checkins = checkin::Entity::find()
        .filter(checkin::Column::RegistrationId.eq(r.id))
        .order_by_asc(checkin::Column::Day)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|k| CheckinRow {
            day: k.day.format("%d/%m/%Y").to_string(),
            at: local(k.checked_at, tz),
            method: match k.method.as_str() {
                "qr" => "QR do crachá",
                "code" => "código de inscrição",
                "search" => "busca pelo nome",
                "walk_in" => "inscrição no local",
                _ => "outra",
            }
            .into(),
        })
        .collect();
    let certificates = certificate::Entity::find()
        .filter(certificate::Column::RegistrationId.eq(r.id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|x| CertificateRow {
            code: x.code,
            hours: x.hours,
            issued_at: local(x.issued_at, tz),
        })
        .collect();
    let requests = data_request::Entity::find()
        .filter(data_request::Column::RegistrationId.eq(r.id))
        .order_by_desc(data_request::Column::CreatedAt)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|q| RequestRow {
            created_at: local(q.created_at, tz),
            kind: kind_label(&q.kind).into(),
            text: q.text,
            status: status_label(&q.status).into(),
            handled_at: q.handled_at.map(|t| local(t, tz)),
            response: q.response,
        })
        .collect();
    let cpf = r.cpf.as_deref().and_then(|x| Cpf::parse(x).ok());
    Ok(MyData {
        access: sign_access(db, c.id, r.id).await?,
        slug: c.slug.clone(),
        cpf_masked: cpf.as_ref().map(Cpf::masked),
        has_email: r.email.is_some(),
        conference: c.title.clone(),
        generated_at: local(Utc::now(), tz),
        person: Person {
            code: r.code.clone(),
            name: r.name.clone(),
            social_name: r.social_name.clone(),
            category: label(Some(&r.category), Category::parse, Category::label)
                .unwrap_or_else(|| r.category.clone()),
            segment: label(r.segment.as_deref(), Segment::parse, Segment::label),
            seat: label(r.seat.as_deref(), Seat::parse, Seat::label),
            origin: label(
                r.origin.as_deref(),
                DelegateOrigin::parse,
                DelegateOrigin::label,
            ),
            represents: r.represents.clone(),
            territory,
            unit,
            preferred_eixo,
            cpf: cpf.as_ref().map(|x| {
                let d = x.digits();
                format!("{}.{}.{}-{}", &d[..3], &d[3..6], &d[6..9], &d[9..])
            }),
            email: r.email.clone(),
            phone: r.phone.clone(),
            birth_date: r.birth_date.map(|d| d.format("%d/%m/%Y").to_string()),
            trust_position: r.trust_position,
            needs: r
                .needs
                .split(',')
                .filter_map(|n| AccessNeed::parse(n).ok())
                .map(|n| n.label().to_owned())
                .collect(),
            needs_other: r.needs_other.clone(),
            source: match r.source.as_str() {
                "self" => "pela internet, pela própria pessoa",
                "assisted" => "assistida, pela equipe",
                "walk_in" => "no local da conferência",
                "import" => "planilha",
                "election" => "eleição na conferência da etapa anterior",
                _ => "outra",
            }
            .into(),
            status: match r.status.as_str() {
                "active" => "ativa",
                "cancelled" => "cancelada",
                _ => "outra",
            }
            .into(),
            created_at: local(r.created_at, tz),
            updated_at: local(r.updated_at, tz),
        },
        quotas,
        consent: Consent {
            version: r.consent_version.clone(),
            at: local(r.consented_at, tz),
        },
        checkins,
        certificates,
        requests,
    })
}

// ---------------------------------------------------------------------------------------------
// Requests

/// Stores a correction request from the person holding `access`; returns their data again (with
/// the new request listed and a fresh access).
pub async fn request_correction(
    db: &Db,
    slug: &str,
    access: &str,
    input: &CorrectionInput,
) -> Result<MyData, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let r = open_access(db, &c, access).await?;
    let mut inv = Invalid::default();
    let mut labels = Vec::new();
    for f in &input.fields {
        match CORRECTABLE.iter().find(|(code, _)| code == f) {
            Some((_, l)) if !labels.contains(l) => labels.push(*l),
            Some(_) => {}
            None => inv.push(FieldError::new("campos", "Escolha os dados da lista")),
        }
    }
    let text = inv.take(domain::values::required_multiline(
        "texto",
        "o que está errado e como deve ficar",
        &input.text,
        MAX_TEXT,
    ));
    let open = data_request::Entity::find()
        .filter(data_request::Column::RegistrationId.eq(r.id))
        .filter(data_request::Column::Status.eq("open"))
        .count(&db.conn)
        .await?;
    if open >= MAX_OPEN_REQUESTS {
        inv.push(FieldError::new(
            "texto",
            format!(
                "Você já tem {open} pedidos esperando resposta. Aguarde a resposta ou procure a secretaria do conselho."
            ),
        ));
    }
    let Some(text) = text else {
        return Err(inv.into());
    };
    inv.into_result()?;
    let text = if labels.is_empty() {
        text
    } else {
        format!("Dados a corrigir: {}.\n\n{text}", labels.join(", "))
    };
    let tx = db.write().await?;
    data_request::Entity::insert(data_request::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(c.id),
        registration_id: Set(r.id),
        kind: Set("correction".into()),
        text: Set(text),
        status: Set("open".into()),
        created_at: Set(Utc::now()),
        handled_by: Set(None),
        handled_at: Set(None),
        response: Set(None),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    tracing::info!(registration = %r.id, "data correction requested");
    Ok(gather(db, &c, &r).await?)
}

/// One request on the staff page.
#[derive(Clone, Serialize)]
pub struct RequestItem {
    pub id: String,
    pub created_at: String,
    pub display_name: String,
    pub registration_code: String,
    pub kind: String,
    pub text: String,
    pub done: bool,
    pub handled_at: Option<String>,
    pub handled_by: Option<String>,
    pub response: Option<String>,
    /// The answer goes by e-mail.
    pub has_email: bool,
}

impl std::fmt::Debug for RequestItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestItem")
            .field("id", &self.id)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Requests {
    pub slug: String,
    pub title: String,
    pub open: Vec<RequestItem>,
    pub handled: Vec<RequestItem>,
}

/// The data requests of a conference, open first (oldest first), then the handled ones.
pub async fn requests(db: &Db, me: Option<&Me>, slug: &str) -> Result<Requests, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::HandleDataRequests(scope))?;
    let tz: chrono_tz::Tz = c.time_zone.parse().unwrap_or(chrono_tz::America::Sao_Paulo);
    let rows = data_request::Entity::find()
        .filter(data_request::Column::ConferenceId.eq(c.id))
        .order_by_asc(data_request::Column::CreatedAt)
        .all(&db.conn)
        .await?;
    let mut open = Vec::new();
    let mut handled = Vec::new();
    for q in rows {
        let r = registration::Entity::find_by_id(q.registration_id)
            .one(&db.conn)
            .await?;
        let by = match q.handled_by {
            Some(a) => account::Entity::find_by_id(a)
                .one(&db.conn)
                .await?
                .map(|a| a.display_name),
            None => None,
        };
        let item = RequestItem {
            id: q.id.to_string(),
            created_at: local(q.created_at, tz),
            display_name: r
                .as_ref()
                .map(|r| r.display_name().to_owned())
                .unwrap_or_default(),
            registration_code: r.as_ref().map(|r| r.code.clone()).unwrap_or_default(),
            kind: kind_label(&q.kind).into(),
            text: q.text,
            done: q.status == "done",
            handled_at: q.handled_at.map(|t| local(t, tz)),
            handled_by: by,
            response: q.response,
            has_email: r.as_ref().is_some_and(|r| r.email.is_some()),
        };
        if item.done {
            handled.push(item);
        } else {
            open.push(item);
        }
    }
    handled.reverse();
    Ok(Requests {
        slug: c.slug,
        title: c.title,
        open,
        handled,
    })
}

/// The form field of the response to request `id` (several forms share a page).
pub fn response_field(id: &str) -> String {
    format!("resposta-{id}")
}

/// Marks a request as handled with a short response; e-mails the person when they gave an
/// e-mail. Only once: a second answer is refused.
pub async fn handle(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    response: &str,
) -> Result<(), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::HandleDataRequests(scope))?;
    let id = Uuid::parse_str(id.trim()).map_err(|_| Fail::NotFound)?;
    let q = data_request::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .filter(|q| q.conference_id == c.id)
        .ok_or(Fail::NotFound)?;
    let field = response_field(&q.id.to_string());
    if q.status == "done" {
        return Err(FieldError::new(field, "Este pedido já foi atendido").into());
    }
    let response =
        domain::values::required_multiline(&field, "a resposta", response, MAX_RESPONSE)?;
    let r = registration::Entity::find_by_id(q.registration_id)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let now = Utc::now();
    let tx = db.write().await?;
    let done = data_request::Entity::update_many()
        .col_expr(
            data_request::Column::Status,
            sea_orm::sea_query::Expr::value("done"),
        )
        .col_expr(
            data_request::Column::HandledAt,
            sea_orm::sea_query::Expr::value(Some(now)),
        )
        .col_expr(
            data_request::Column::HandledBy,
            sea_orm::sea_query::Expr::value(me.map(|m| m.account.id)),
        )
        .col_expr(
            data_request::Column::Response,
            sea_orm::sea_query::Expr::value(Some(response.clone())),
        )
        .filter(data_request::Column::Id.eq(q.id))
        .filter(data_request::Column::Status.eq("open"))
        .exec(&tx)
        .await?;
    if done.rows_affected != 1 {
        tx.rollback().await?;
        return Err(FieldError::new(field, "Este pedido já foi atendido").into());
    }
    if let Some(to) = &r.email {
        let tz: chrono_tz::Tz = c.time_zone.parse().unwrap_or(chrono_tz::America::Sao_Paulo);
        let body = format!(
            "Olá, {}.\n\nSeu pedido sobre os seus dados na {}, feito em {}, foi atendido.\n\nResposta da equipe:\n{response}\n\nPara conferir seus dados, abra a página \"Meus dados\" da conferência e informe seu código de inscrição.\n\n-- \nConferências de Assistência Social (mensagem automática, não responda)\n",
            r.display_name(),
            c.title,
            local(q.created_at, tz),
        );
        crate::platform::mail::enqueue(
            &tx,
            to,
            &format!("Seu pedido foi atendido: {}", c.title),
            &body,
        )
        .await?;
    }
    tx.commit().await?;
    if r.email.is_some() {
        crate::platform::mail::wake();
    }
    tracing::info!(request = %q.id, "data request handled");
    Ok(())
}

/// Requests of a conference still open (for counts on staff pages and tests).
pub async fn open_count(db: &Db, conference_id: Uuid) -> store::Result<u64> {
    Ok(data_request::Entity::find()
        .filter(data_request::Column::ConferenceId.eq(conference_id))
        .filter(data_request::Column::Status.eq("open"))
        .count(&db.conn)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proof_is_read_every_way() {
        let t = read_proof(" 111.444.777-35 ");
        assert_eq!(t.cpf, "11144477735");
        assert_eq!(t.date, "");
        let t = read_proof("15/03/1980");
        assert_eq!(t.date, "1980-03-15");
        assert_eq!(t.cpf, "");
        assert_eq!(read_proof("1980-03-15").date, "1980-03-15");
        assert_eq!(read_proof("15031980").date, "1980-03-15");
        assert!(is_email(" Maria@Example.org "));
        assert!(!is_email("15/03/1980"));
    }

    #[test]
    fn digests_compare() {
        assert!(same(&digest("a", "x"), &digest("a", "x")));
        assert!(!same(&digest("a", "x"), &digest("b", "x")));
        assert!(!same(&digest("a", "x"), &digest("a", "y")));
    }

    #[test]
    fn nothing_registered_never_matches() {
        let t = read_proof("");
        assert!(!matches(None, &t));
        let t = read_proof("\u{0}absent");
        assert!(!matches(None, &t));
    }
}
