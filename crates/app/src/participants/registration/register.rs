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

/// The receipt e-mail. The one for the public form says "recebemos", true both of a new
/// registration and of an attempt with a CPF already registered (which get the same e-mail).
fn receipt_mail(
    title: &str,
    display: &str,
    code: &str,
    category: &str,
    source: Source,
) -> (String, String) {
    let subject = format!("Inscrição {code}: {title}");
    let body = if source == Source::SelfService {
        format!(
            "Olá, {display}.\n\nRecebemos sua inscrição na {title}.\n\nCódigo de inscrição: {code}\nCategoria: {category}\n\nNo credenciamento, apresente este código e um documento com foto.\n"
        )
    } else {
        format!(
            "Olá, {display}.\n\nSua inscrição na {title} foi registrada.\n\nCódigo de inscrição: {code}\nCategoria: {category}\n\nApresente este código (ou o QR do seu crachá) no credenciamento.\n"
        )
    };
    (subject, body)
}

/// The receipt of a checked registration (or of an attempt: the same, from what was typed).
fn receipt_of(c: &conference::Model, code: String, v: &Valid) -> Receipt {
    Receipt {
        conference_title: c.title.clone(),
        slug: c.slug.clone(),
        code,
        display_name: v.social_name.clone().unwrap_or_else(|| v.name.clone()),
        category_label: v.category.label().into(),
        segment_label: v.segment.map(|s| s.label().into()),
        needs: v.needs.iter().map(|n| n.label().to_owned()).collect(),
        emailed: v.email.is_some(),
        can_self_serve: crate::participants::my_data::can_self_serve(
            v.cpf.is_some(),
            v.email.is_some(),
            v.birth_date.is_some(),
        ),
    }
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
        return attempt(db, &c, &v, &h).await;
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
                Some(h) if source == Source::SelfService => attempt(db, &c, &v, &h).await,
                Some(h) => Err(Invalid::one("cpf", cpf_taken_for_staff(may_see, &h)).into()),
                None => Err(Invalid::one("cpf", CPF_TAKEN).into()),
            };
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(e) = &v.email {
        let display = v.social_name.clone().unwrap_or_else(|| v.name.clone());
        let (subject, body) = receipt_mail(&c.title, &display, &code, v.category.label(), source);
        crate::platform::mail::enqueue(&tx, e.as_str(), &subject, &body).await?;
    }
    crate::participants::commit_mailing(tx, v.email.is_some()).await?;
    tracing::info!(registration = %id, source = source.code(), "registration created");
    Ok(receipt_of(&c, code, &v))
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
) -> Result<Receipt, Fail> {
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
        created_at: Set(now),
        resolved_at: Set(None),
        resolved_by: Set(None),
    })
    .exec(&tx)
    .await?;
    let mut mailed = false;
    if let Some(e) = &v.email {
        let display = v.social_name.clone().unwrap_or_else(|| v.name.clone());
        let (subject, body) = receipt_mail(
            &c.title,
            &display,
            &code,
            v.category.label(),
            Source::SelfService,
        );
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
    Ok(receipt_of(c, code, v))
}
