//! Registering (public or assisted): the receipt, its e-mail, and the attempt kept when the CPF is already registered.

use super::*;

pub(crate) const CPF_TAKEN: &str = "Este CPF já está inscrito nesta conferência. Se precisa corrigir a inscrição, procure a secretaria";

/// The registration of the conference holding a CPF.
pub(super) async fn holder_of(
    db: &impl sea_orm::ConnectionTrait,
    conference_id: Uuid,
    cpf: &Cpf,
) -> store::Result<Option<registration::Model>> {
    Ok(registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(conference_id))
        .filter(registration::Column::Cpf.eq(cpf.digits()))
        .one(db)
        .await?)
}

/// The refusal staff see when registering a CPF already registered. Those who may see the
/// registrations (credentialing staff, the commission) are told which one holds it, so that the
/// person in front of them can have it checked against a document and corrected.
pub(super) fn cpf_taken_for_staff(may_see: bool, holder: &registration::Model) -> String {
    if may_see {
        format!(
            "Este CPF já está inscrito nesta conferência: inscrição {}, em nome de {}. Se o CPF é da pessoa à sua frente, confira um documento com foto e corrija aquela inscrição (Inscrições › Corrigir); se a inscrição não é dela, procure a comissão organizadora",
            holder.code,
            holder.display_name()
        )
    } else {
        CPF_TAKEN.to_owned()
    }
}

/// The receipt e-mail: code, category, the conference's days and place, and the needs asked for.
/// The one for the public form says "recebemos", true both of a new registration and of an
/// attempt with a CPF already registered (which get the same e-mail).
fn receipt_mail(r: &Receipt, source: Source) -> (String, String) {
    let (code, title, display) = (&r.code, &r.conference_title, &r.display_name);
    let subject = format!("Inscrição {code}: {title}");
    let opening = if source == Source::SelfService {
        format!("Recebemos sua inscrição na {title}.")
    } else {
        format!("Sua inscrição na {title} foi registrada.")
    };
    let segment = r
        .segment_label
        .as_ref()
        .map(|s| format!("Segmento: {s}\n"))
        .unwrap_or_default();
    let place = r.place.clone().unwrap_or_else(|| {
        "a comissão organizadora ainda não divulgou; acompanhe na página da conferência".into()
    });
    let needs = if r.needs.is_empty() {
        "nenhuma".to_owned()
    } else {
        r.needs.join("; ")
    };
    let closing = if source == Source::SelfService {
        "No credenciamento, apresente este código e um documento com foto."
    } else {
        "Apresente este código (ou o QR do seu crachá) no credenciamento."
    };
    let body = format!(
        "Olá, {display}.\n\n{opening}\n\nCódigo de inscrição: {code}\nCategoria: {category}\n{segment}Data: {days}\nLocal: {place}\nAcessibilidade pedida: {needs}\n\n{closing}\n",
        category = r.category_label,
        days = r.days,
    );
    (subject, body)
}

/// What the receipt of a checked registration (or of an attempt: the same, from what was typed)
/// says.
fn facts_of(code: String, v: &Valid) -> ReceiptFacts {
    ReceiptFacts {
        code,
        display_name: v.social_name.clone().unwrap_or_else(|| v.name.clone()),
        category: Some(v.category),
        segment: v.segment,
        needs: v.needs.clone(),
        needs_other: v.needs_other.clone(),
        emailed: v.email.is_some(),
        can_self_serve: crate::participants::my_data::can_self_serve(
            v.cpf.is_some(),
            v.email.is_some(),
            v.birth_date.is_some(),
        ),
    }
}

/// Registers a person from the public form and answers the token of its receipt
/// ([`public_receipt`]), for the redirect that follows. The form carries a random key
/// ([`new_form_key`]): the same form sent again (a double click, a reload of the POST, two
/// requests at once) writes nothing more and answers the token of the first receipt. Without a
/// usable key, the form counts as a new one.
pub async fn register_public(db: &Db, slug: &str, i: &RegistrationInput) -> Result<String, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let key = if plausible_key(&i.form_key, 32) {
        i.form_key.to_ascii_lowercase()
    } else {
        new_form_key()
    };
    if let Some(t) = token_for_key(&db.conn, c.id, &key).await? {
        return Ok(t);
    }
    match create(db, None, slug, i, Source::SelfService, Some(&key)).await {
        Ok((_, Some(t))) => Ok(t),
        Ok((_, None)) => Err(Fail::Store(store::Error::Other(
            "public registration without a receipt".into(),
        ))),
        // The same form, sent at the same moment, was kept by the other request.
        Err(Fail::Store(e)) if e.is_conflict_on("form_key") => token_for_key(&db.conn, c.id, &key)
            .await?
            .ok_or(Fail::Store(e)),
        Err(e) => Err(e),
    }
}

/// A fresh random key for a public form page (32 hex digits).
pub fn new_form_key() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}

fn plausible_key(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The receipt token already given for a form key of the conference.
async fn token_for_key(
    db: &impl sea_orm::ConnectionTrait,
    conference_id: Uuid,
    key: &str,
) -> store::Result<Option<String>> {
    Ok(registration_receipt::Entity::find()
        .filter(registration_receipt::Column::ConferenceId.eq(conference_id))
        .filter(registration_receipt::Column::FormKey.eq(key))
        .one(db)
        .await?
        .map(|r| r.token))
}

/// Keeps the receipt of a public form (registration or attempt) in the caller's transaction and
/// answers its new random token. Receipts older than a day are removed on the way: by then the
/// page no longer shows them and a form that old is not sent twice by accident.
async fn keep_receipt(
    tx: &impl sea_orm::ConnectionTrait,
    conference_id: Uuid,
    key: &str,
    (registration_id, attempt_id): (Option<Uuid>, Option<Uuid>),
) -> store::Result<String> {
    let now = Utc::now();
    registration_receipt::Entity::delete_many()
        .filter(registration_receipt::Column::ConferenceId.eq(conference_id))
        .filter(registration_receipt::Column::CreatedAt.lt(now - chrono::Duration::days(1)))
        .exec(tx)
        .await?;
    let token = hex::encode(rand::random::<[u8; 32]>());
    registration_receipt::Entity::insert(registration_receipt::ActiveModel {
        token: Set(token.clone()),
        conference_id: Set(conference_id),
        form_key: Set(key.to_owned()),
        registration_id: Set(registration_id),
        attempt_id: Set(attempt_id),
        created_at: Set(now),
    })
    .exec(tx)
    .await
    .map_err(store::Error::from_db)?;
    Ok(token)
}

/// How long after the form was sent its receipt page can be opened (reloaded, or reached again
/// from the browser's history on a shared computer, until this passes).
pub const RECEIPT_HOURS: i64 = 2;

/// The receipt behind a token of the conference's public form, while it may be shown
/// ([`RECEIPT_HOURS`]); `None` for an unknown, old or foreign token.
pub async fn public_receipt(db: &Db, slug: &str, token: &str) -> Result<Option<Receipt>, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    if !plausible_key(token, 64) {
        return Ok(None);
    }
    let Some(r) = registration_receipt::Entity::find_by_id(token.to_ascii_lowercase())
        .filter(registration_receipt::Column::ConferenceId.eq(c.id))
        .one(&db.conn)
        .await?
        .filter(|r| r.created_at > Utc::now() - chrono::Duration::hours(RECEIPT_HOURS))
    else {
        return Ok(None);
    };
    let facts = if let Some(id) = r.registration_id {
        registration::Entity::find_by_id(id)
            .filter(registration::Column::Status.eq(RegistrationStatus::Active))
            .one(&db.conn)
            .await?
            .map(|g| ReceiptFacts {
                display_name: g.display_name().to_owned(),
                category: Category::parse(&g.category).ok(),
                segment: g.segment.as_deref().and_then(|s| Segment::parse(s).ok()),
                needs: crate::participants::need_codes(&g.needs),
                needs_other: g.needs_other.clone(),
                emailed: g.email.is_some(),
                can_self_serve: crate::participants::my_data::can_self_serve(
                    g.cpf.is_some(),
                    g.email.is_some(),
                    g.birth_date.is_some(),
                ),
                code: g.code,
            })
    } else if let Some(id) = r.attempt_id {
        registration_attempt::Entity::find_by_id(id)
            .one(&db.conn)
            .await?
            .map(|a| ReceiptFacts {
                display_name: a.social_name.clone().unwrap_or_else(|| a.name.clone()),
                category: a.category.as_deref().and_then(|x| Category::parse(x).ok()),
                segment: a.segment.as_deref().and_then(|s| Segment::parse(s).ok()),
                needs: crate::participants::need_codes(a.needs.as_deref().unwrap_or("")),
                needs_other: a.needs_other.clone(),
                emailed: a.email.is_some(),
                // An attempt always had a CPF typed, as the registration's receipt would say.
                can_self_serve: true,
                code: a.code,
            })
    } else {
        None
    };
    Ok(facts.map(|f| receipt_of(&c, f)))
}

/// Registers a person. `me` is the staff member for assisted and walk-in registrations (checked
/// against the policy); self-service needs no login but an open registration window. A
/// self-service registration with a CPF already registered here becomes an attempt (module docs).
pub async fn register(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &RegistrationInput,
    source: Source,
) -> Result<Receipt, Fail> {
    Ok(create(db, me, slug, i, source, None).await?.0)
}

/// [`register`], keeping the receipt of a public form under `form_key` (then also answering its
/// token).
async fn create(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &RegistrationInput,
    source: Source,
    form_key: Option<&str>,
) -> Result<(Receipt, Option<String>), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    if source != Source::SelfService {
        allow(me, Action::RegisterParticipants(scope))?;
    }
    if source == Source::SelfService {
        let now = Utc::now();
        let ws = registration_windows(db, c.id).await?;
        if !ws.iter().any(|(s, e)| *s <= now && now <= *e) {
            let tz = crate::setup::conference::tz_of(&c);
            let when: Vec<String> = ws
                .iter()
                .map(|(s, e)| crate::setup::conference::when(*s, Some(*e), tz))
                .collect();
            return Err(Invalid::one(
                "form",
                &if when.is_empty() {
                    "As inscrições desta conferência não estão abertas. Procure a secretaria do conselho ou o CRAS mais próximo.".to_owned()
                } else {
                    format!(
                        "As inscrições pela internet não estão abertas agora (período: {}). Procure a secretaria do conselho ou o CRAS mais próximo.",
                        when.join("; ")
                    )
                },
            )
            .into());
        }
    }
    let places = places(db, c.id).await?;
    let valid = validate(i, source, &places);
    let mut inv = match &valid {
        Ok(_) => Invalid::default(),
        Err(e) => e.clone(),
    };
    let holder = match Cpf::parse(&i.cpf) {
        Ok(cpf) => holder_of(&db.conn, c.id, &cpf).await?,
        Err(_) => None,
    };
    let may_see = allow(me, Action::ViewParticipants(scope)).is_ok();
    if source != Source::SelfService
        && let Some(h) = &holder
    {
        inv.push(FieldError::new("cpf", cpf_taken_for_staff(may_see, h)));
    }
    inv.into_result()?;
    let Ok(v) = valid else {
        unreachable!("errors returned above")
    };
    if source == Source::SelfService
        && let Some(h) = holder
    {
        return attempt(db, &c, &v, &h, form_key).await;
    }
    let tx = db.write().await?;
    let assisted_by = if source == Source::SelfService {
        None
    } else {
        me.map(|m| m.account.id)
    };
    let (id, code) = match insert(&tx, c.id, &v, source, assisted_by, None).await {
        Ok(x) => x,
        Err(e) if e.is_conflict_on("cpf") => {
            // Registered a moment ago by someone else.
            drop(tx);
            let h = match &v.cpf {
                Some(cpf) => holder_of(&db.conn, c.id, cpf).await?,
                None => None,
            };
            return match h {
                Some(h) if source == Source::SelfService => attempt(db, &c, &v, &h, form_key).await,
                Some(h) => Err(Invalid::one("cpf", cpf_taken_for_staff(may_see, &h)).into()),
                None => Err(Invalid::one("cpf", CPF_TAKEN).into()),
            };
        }
        Err(e) => return Err(e.into()),
    };
    let token = match form_key {
        Some(k) => Some(keep_receipt(&tx, c.id, k, (Some(id), None)).await?),
        None => None,
    };
    let receipt = receipt_of(&c, facts_of(code, &v));
    if let Some(e) = &v.email {
        let (subject, body) = receipt_mail(&receipt, source);
        crate::platform::mail::enqueue(&tx, e.as_str(), &subject, &body).await?;
    }
    crate::participants::commit_mailing(tx, v.email.is_some()).await?;
    tracing::info!(registration = %id, source = source.code(), "registration created");
    Ok((receipt, token))
}

/// A self-service registration with a CPF that `holder` already holds: nothing is registered; the
/// attempt is kept for the desk, the person gets the same receipt (page and e-mail) as for a new
/// registration with the attempt's code, and the holder's e-mail is told (once an hour at most),
/// without anything the new person typed.
async fn attempt(
    db: &Db,
    c: &conference::Model,
    v: &Valid,
    holder: &registration::Model,
    form_key: Option<&str>,
) -> Result<(Receipt, Option<String>), Fail> {
    let now = Utc::now();
    let tx = db.write().await?;
    let code = fresh_code(&tx, c.id).await?;
    let told_lately = registration_attempt::Entity::find()
        .filter(registration_attempt::Column::RegistrationId.eq(holder.id))
        .filter(registration_attempt::Column::CreatedAt.gt(now - chrono::Duration::hours(1)))
        .count(&tx)
        .await?
        > 0;
    let id = Uuid::now_v7();
    registration_attempt::Entity::insert(registration_attempt::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        registration_id: Set(holder.id),
        code: Set(code.clone()),
        name: Set(v.name.clone()),
        social_name: Set(v.social_name.clone()),
        email: Set(v.email.as_ref().map(|e| e.as_str().to_owned())),
        phone: Set(v.phone.clone()),
        birth_date: Set(v.birth_date),
        category: Set(Some(v.category.code().into())),
        segment: Set(v.segment.map(|s| s.code().into())),
        needs: Set(Some(
            v.needs
                .iter()
                .map(|n| n.code())
                .collect::<Vec<_>>()
                .join(","),
        )),
        needs_other: Set(v.needs_other.clone()),
        created_at: Set(now),
        resolved_at: Set(None),
        resolved_by: Set(None),
    })
    .exec(&tx)
    .await?;
    let token = match form_key {
        Some(k) => Some(keep_receipt(&tx, c.id, k, (None, Some(id))).await?),
        None => None,
    };
    let receipt = receipt_of(c, facts_of(code, v));
    let mut mailed = false;
    if let Some(e) = &v.email {
        let (subject, body) = receipt_mail(&receipt, Source::SelfService);
        crate::platform::mail::enqueue(&tx, e.as_str(), &subject, &body).await?;
        mailed = true;
    }
    if !told_lately && let Some(to) = &holder.email {
        let tz = crate::setup::conference::tz_of(c);
        let when = now.with_timezone(&tz).format("%d/%m/%Y, às %H:%M");
        let text = format!(
            "Em {when}, alguém preencheu o formulário de inscrição da {} com o CPF da sua inscrição (código {}).\n\nNenhuma inscrição nova foi feita: a sua continua valendo, e nada dela foi mostrado a quem preencheu o formulário.\n\nSe foi você, não precisa fazer nada.\n\nSe não foi você, ou se você não reconhece a inscrição {}, alguém pode estar usando o seu CPF: procure a secretaria do conselho ou o credenciamento da conferência com um documento com foto. A equipe vê este aviso e corrige a inscrição.",
            c.title, holder.code, holder.code,
        );
        crate::participants::mail_participant(
            &tx,
            (
                to,
                &format!("Tentativa de inscrição com o seu CPF: {}", c.title),
            ),
            holder.display_name(),
            &text,
        )
        .await?;
        mailed = true;
    }
    crate::participants::commit_mailing(tx, mailed).await?;
    tracing::info!(registration = %holder.id, attempt = %id, "public registration with a CPF already registered");
    Ok((receipt, token))
}
