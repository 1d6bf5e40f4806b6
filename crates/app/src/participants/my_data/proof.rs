//! Proof of identity: the code with the CPF, the date of birth or the e-mail (a single-use link).

use super::*;
use store::entities::registration::RegistrationStatus;

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
pub(crate) fn one(kind: &str, stored: &Option<String>, typed: &str) -> bool {
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

pub(crate) fn keyed(prefix: &str, conference: Uuid, code: &str) -> String {
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
    let reg = by_code(db, &c, code.as_deref()).await?;
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

/// The registration (not anonymized) with a normalized code in the conference.
async fn by_code(
    db: &Db,
    c: &conference::Model,
    code: Option<&str>,
) -> store::Result<Option<registration::Model>> {
    let Some(code) = code else {
        return Ok(None);
    };
    Ok(registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Code.eq(code))
        .one(&db.conn)
        .await?
        .filter(|r| r.status != RegistrationStatus::Anonymized))
}

/// The stored form of an e-mailed link's token (SHA-256 of its lowercase hex).
pub(crate) fn token_hash(token: &str) -> String {
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
    let reg = by_code(db, c, code).await?;
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
                let text = format!(
                    "Recebemos um pedido para ver os dados da sua inscrição na {}, na página \"Meus dados\".\n\nPara ver seus dados, abra este endereço em até {LINK_TTL_MIN} minutos:\n\n{base}/c/{}/meus-dados/link?token={token}\n\nO endereço só pode ser usado uma vez. Para ver de novo depois, peça outro link na página \"Meus dados\" ou informe o CPF ou a data de nascimento que você deu na inscrição.\n\nSe não foi você quem pediu, ignore esta mensagem: sem este endereço, o pedido não mostra nada.",
                    c.title, c.slug,
                );
                crate::participants::mail_participant(
                    &tx,
                    (to, &format!("{LINK_SUBJECT}: {}", c.title)),
                    r.display_name(),
                    &text,
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
                let text = format!(
                    "O código {} é de um pedido de inscrição na {} que a equipe da conferência ainda precisa conferir, por isso a página \"Meus dados\" não mostra dados com ele.\n\nProcure a secretaria do conselho ou o credenciamento da conferência com um documento com foto: lá conferem o pedido e mostram seus dados.",
                    a.code, c.title,
                );
                crate::participants::mail_participant(
                    &tx,
                    (to, &format!("{LINK_SUBJECT}: {}", c.title)),
                    a.social_name.as_deref().unwrap_or(&a.name),
                    &text,
                )
                .await?;
                mailed = true;
            }
        }
    }
    crate::participants::commit_mailing(tx, mailed).await?;
    tracing::info!(conference = %c.id, "self-service data link requested");
    Ok(Outcome::LinkSent)
}

/// Whether a link's token has the shape of ours (64 hex digits), before any lookup.
pub(crate) fn plausible_token(token: &str) -> bool {
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
        .filter(|r| r.conference_id == c.id && r.status != RegistrationStatus::Anonymized))
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
