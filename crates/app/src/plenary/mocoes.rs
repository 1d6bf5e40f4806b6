//! Moções (docs/domain.md §8): a delegate present proposes one (from the phone, or
//! the table types it for them) inside the conference's window; delegates present sign it in the
//! app or on paper (the table types the codes); the rapporteurs admit it once it has the
//! signatures (20% of the delegates present by default) or refuse it; the plenary votes it
//! (counted at the table or from phones, subject `mocao`); the approved ones are published with
//! their addressee.

use super::common::{
    commit_and_signal, of_conference, outcome_of, refuse_unless, registration_by_code, tidy,
};
use crate::Fail;
use crate::platform::auth::{Me, conference_scope, parse_id};
use crate::plenary::regimento::{
    CountInput, VoteView, attendance, counted_vote, tz_of, vote_view_of,
};
use chrono::Utc;
use domain::plenary::Outcome;
use domain::proposals::{MOCAO_KINDS, mocao_kind_label, signatures_needed};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use store::Db;
use store::entities::mocao::MocaoStatus;
use store::entities::registration::RegistrationStatus;
use store::entities::{conference, mocao, mocao_signature, plenary_vote, registration};
use uuid::Uuid;

async fn present_today(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    ids: Vec<Uuid>,
) -> store::Result<HashSet<Uuid>> {
    // Delegates who vote now: in the room and holding a seat (`crate::plenary::seats`).
    let voting = crate::plenary::seats::room(db, c).await?.voting;
    Ok(ids.into_iter().filter(|id| voting.contains(id)).collect())
}

/// A moção as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MocaoInput {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub addressee: String,
    #[serde(default)]
    pub text: String,
    /// The author's registration code (the table types it; a phone is its own author).
    #[serde(default)]
    pub author: String,
}

fn window_problem(c: &conference::Model) -> Option<String> {
    let now = Utc::now();
    let tz = tz_of(c);
    let fmt = |t: chrono::DateTime<Utc>| t.with_timezone(&tz).format("%d/%m %H:%M").to_string();
    match (c.mocao_opens_at, c.mocao_closes_at) {
        (Some(o), _) if now < o => Some(format!("O prazo das moções abre às {}", fmt(o))),
        (_, Some(e)) if now > e => Some(format!("O prazo das moções terminou às {}", fmt(e))),
        _ => None,
    }
}

async fn delegate_present(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    r: &registration::Model,
    field: &str,
) -> Result<(), Fail> {
    if r.category != "delegado" || r.status != RegistrationStatus::Active {
        return Err(Invalid::one(field, "Só delegados(as) propõem e assinam moções").into());
    }
    if !present_today(db, c, vec![r.id]).await?.contains(&r.id) {
        return Err(Invalid::one(
            field,
            "Só delegados(as) credenciados(as) hoje propõem e assinam moções",
        )
        .into());
    }
    Ok(())
}

/// Records a moção proposed by `author` (who signs it at once).
fn validate(c: &conference::Model, i: &MocaoInput) -> Invalid {
    let mut inv = Invalid::default();
    if mocao_kind_label(i.kind.trim()).is_none() {
        inv.push(FieldError::new(
            "kind",
            "Escolha o tipo da moção (repúdio, indignação, apoio, congratulação, recomendação ou reivindicação)",
        ));
    }
    let addressee = tidy(&i.addressee);
    if addressee.is_empty() || addressee.chars().count() > 200 {
        inv.push(FieldError::new(
            "addressee",
            "Diga a quem a moção se dirige (até 200 caracteres)",
        ));
    }
    let text = i.text.trim().to_owned();
    if text.is_empty() || text.chars().count() > 5_000 {
        inv.push(FieldError::new(
            "text",
            "Escreva o texto da moção (até 5.000 caracteres)",
        ));
    } else if let Err(e) = domain::values::plain_text("text", &text, true) {
        inv.push(e);
    }
    if let Err(e) = domain::values::plain_text("addressee", &addressee, false) {
        inv.push(e);
    }
    if let Some(p) = window_problem(c) {
        inv.push(FieldError::new("form", p));
    }
    inv
}

async fn create(
    db: &Db,
    c: &conference::Model,
    author: &registration::Model,
    i: &MocaoInput,
) -> Result<Uuid, Fail> {
    validate(c, i).into_result()?;
    let addressee = tidy(&i.addressee);
    let text = i.text.trim().to_owned();
    let tx = db.write().await?;
    delegate_present(&tx, c, author, "author").await?;
    let id = Uuid::now_v7();
    let now = Utc::now();
    mocao::Entity::insert(mocao::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        kind: Set(i.kind.trim().into()),
        addressee: Set(addressee),
        text: Set(text),
        author_id: Set(Some(author.id)),
        author_label: Set(format!("{} ({})", author.display_name(), author.code)),
        status: Set(MocaoStatus::Collecting),
        vote_id: Set(None),
        decided_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(&tx)
    .await?;
    mocao_signature::Entity::insert(mocao_signature::ActiveModel {
        mocao_id: Set(id),
        registration_id: Set(author.id),
        source: Set("app".into()),
        signed_at: Set(now),
    })
    .exec(&tx)
    .await?;
    commit_and_signal(tx, c.id).await?;
    Ok(id)
}

/// The table types a moção delivered on paper, with its author's code.
pub async fn propose_at_table(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &MocaoInput,
) -> Result<Uuid, Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let author = match registration_by_code(db, &c, &i.author, "author", false).await {
        Ok(a) => a,
        Err(Fail::Invalid(mut e)) => {
            e.0.extend(validate(&c, i).0);
            return Err(e.into());
        }
        Err(other) => return Err(other),
    };
    create(db, &c, &author, i).await
}

/// A delegate proposes a moção from the paired phone.
pub async fn propose_from_phone(
    db: &Db,
    slug: &str,
    token: Option<&str>,
    i: &MocaoInput,
) -> Result<Uuid, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let r = crate::participants::devices::delegate(db, &c, token)
        .await?
        .ok_or(Fail::Forbidden)?;
    create(db, &c, &r, i).await
}

/// A delegate signs a moção from the phone.
pub async fn sign_from_phone(
    db: &Db,
    slug: &str,
    token: Option<&str>,
    id: &str,
) -> Result<(), Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let r = crate::participants::devices::delegate(db, &c, token)
        .await?
        .ok_or(Fail::Forbidden)?;
    let tx = db.write().await?;
    let m = mocao_in(&tx, &c, parse_id(id)?, MocaoStatus::Collecting).await?;
    delegate_present(&tx, &c, &r, "form").await?;
    if mocao_signature::Entity::find_by_id((m.id, r.id))
        .one(&tx)
        .await?
        .is_some()
    {
        return Err(Invalid::one("form", "Você já assinou esta moção").into());
    }
    sign(&tx, m.id, r.id, "app").await?;
    commit_and_signal(tx, c.id).await
}

async fn sign(tx: &DatabaseTransaction, m: Uuid, r: Uuid, source: &str) -> store::Result<()> {
    mocao_signature::Entity::insert(mocao_signature::ActiveModel {
        mocao_id: Set(m),
        registration_id: Set(r),
        source: Set(source.into()),
        signed_at: Set(Utc::now()),
    })
    .exec(tx)
    .await?;
    Ok(())
}

/// The table types the signatures of a paper form: registration codes, one per line (or
/// separated by commas). Every code must be a delegate present today; any bad code refuses the
/// whole list (nothing written). Signatures already there are skipped. Returns how many were added.
pub async fn sign_on_paper(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    codes: &str,
) -> Result<usize, Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let id = parse_id(id)?;
    let raw: Vec<&str> = codes
        .split(['\n', ',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if raw.is_empty() {
        return Err(Invalid::one(
            "codes",
            "Digite os códigos de inscrição de quem assinou, um por linha",
        )
        .into());
    }
    let mut bad = Vec::new();
    let mut regs = Vec::new();
    for code in &raw {
        match registration_by_code(db, &c, code, "codes", false).await {
            Ok(r) if r.category == "delegado" && r.status == RegistrationStatus::Active => {
                regs.push(r)
            }
            _ => bad.push((*code).to_owned()),
        }
    }
    let present = present_today(&db.conn, &c, regs.iter().map(|r| r.id).collect()).await?;
    for r in &regs {
        if !present.contains(&r.id) {
            bad.push(r.code.clone());
        }
    }
    if !bad.is_empty() {
        return Err(Invalid::one(
            "codes",
            format!(
                "Estes códigos não são de delegados(as) credenciados(as) hoje: {}. Nada foi registrado; corrija a lista",
                bad.join(", ")
            ),
        )
        .into());
    }
    let tx = db.write().await?;
    let m = mocao_in(&tx, &c, id, MocaoStatus::Collecting).await?;
    let already: HashSet<Uuid> = mocao_signature::Entity::find()
        .filter(mocao_signature::Column::MocaoId.eq(m.id))
        .all(&tx)
        .await?
        .into_iter()
        .map(|s| s.registration_id)
        .collect();
    let mut added = HashSet::new();
    for r in regs {
        if !already.contains(&r.id) && added.insert(r.id) {
            sign(&tx, m.id, r.id, "paper").await?;
        }
    }
    commit_and_signal(tx, c.id).await?;
    Ok(added.len())
}

/// The rapporteurs admit a moção (it needs the signatures) or refuse it.
pub async fn decide(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    admit: bool,
) -> Result<(), Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let tx = db.write().await?;
    let m = mocao_in(&tx, &c, parse_id(id)?, MocaoStatus::Collecting).await?;
    if admit {
        let signatures = mocao_signature::Entity::find()
            .filter(mocao_signature::Column::MocaoId.eq(m.id))
            .count(&tx)
            .await? as u32;
        let present = attendance(&tx, &c).await?.present();
        let needed = signatures_needed(c.mocao_signature_pct as u32, present);
        if signatures < needed {
            return Err(Invalid::one(
                "form",
                format!(
                    "A moção tem {signatures} assinatura(s); são necessárias {needed} ({}% dos {present} delegados(as) presentes)",
                    c.mocao_signature_pct
                ),
            )
            .into());
        }
    }
    let mut am = m.into_active_model();
    am.status = Set(if admit {
        MocaoStatus::Admitted
    } else {
        MocaoStatus::NotAdmitted
    });
    am.decided_by = Set(me.map(|m| m.account.id));
    am.updated_at = Set(Utc::now());
    am.update(&tx).await?;
    commit_and_signal(tx, c.id).await
}

/// An admitted moção of the conference not yet voted, or why it cannot go to a vote.
pub(crate) async fn admitted(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    id: Uuid,
) -> Result<mocao::Model, Fail> {
    mocao_in(tx, c, id, MocaoStatus::Admitted).await
}

/// A moção of the conference in `status` (`collecting`: it takes signatures and the
/// rapporteurs' decision; `admitted`: it goes to the vote), or why it cannot be acted on.
async fn mocao_in(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    id: Uuid,
    status: MocaoStatus,
) -> Result<mocao::Model, Fail> {
    let m = of_conference(tx, mocao::Column::ConferenceId, c.id, id).await?;
    let refused = match status {
        MocaoStatus::Collecting => {
            "Esta moção já foi examinada pela relatoria: não recebe mais assinaturas"
        }
        _ => "Só uma moção admitida pela relatoria e ainda não votada vai a votação",
    };
    refuse_unless(m.status == status, refused)?;
    Ok(m)
}

/// Applies a closed vote to its moção.
pub(crate) async fn settle(
    tx: &DatabaseTransaction,
    c: &conference::Model,
    v: &plenary_vote::Model,
) -> Result<Outcome, Fail> {
    let m = admitted(tx, c, v.subject_id.ok_or(Fail::NotFound)?).await?;
    let outcome = outcome_of(v);
    let mut am = m.into_active_model();
    am.status = Set(outcome.into());
    am.vote_id = Set(Some(v.id));
    am.updated_at = Set(Utc::now());
    am.update(tx).await?;
    Ok(outcome)
}

/// The plenary's vote of an admitted moção, counted at the table.
pub async fn vote(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    counts: &CountInput,
) -> Result<Outcome, Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let id = parse_id(id)?;
    let (outcome, _) = counted_vote(
        db,
        me,
        &c,
        ("mocao", Some(id)),
        counts,
        async |tx| admitted(tx, &c, id).await,
        async |tx, _, v| settle(tx, &c, v).await,
    )
    .await?;
    Ok(outcome)
}

/// What a moção vote was about, in words.
pub(crate) async fn subject(db: &impl ConnectionTrait, id: Uuid) -> store::Result<String> {
    Ok(match mocao::Entity::find_by_id(id).one(db).await? {
        Some(m) => format!(
            "Moção de {} dirigida a {}",
            mocao_kind_label(&m.kind).unwrap_or("").to_lowercase(),
            m.addressee
        ),
        None => "Moção".into(),
    })
}

pub(crate) async fn text_of(db: &impl ConnectionTrait, id: Uuid) -> store::Result<Option<String>> {
    Ok(mocao::Entity::find_by_id(id).one(db).await?.map(|m| m.text))
}

#[derive(Debug, Clone, Serialize)]
pub struct MocaoView {
    pub id: String,
    pub kind_label: String,
    pub addressee: String,
    pub text: String,
    pub author: String,
    pub status: String,
    pub status_label: String,
    pub signatures: u32,
    pub paper: u32,
    pub needed: u32,
    pub vote: Option<VoteView>,
    /// For a phone: whether this delegate signed.
    pub signed: bool,
}

fn status_label(s: &str) -> &'static str {
    match s {
        "collecting" => "recolhendo assinaturas",
        "admitted" => "admitida: vai a votação na plenária",
        "not_admitted" => "não admitida pela relatoria",
        "approved" => "aprovada na plenária",
        "rejected" => "rejeitada na plenária",
        _ => "",
    }
}

async fn views(db: &Db, c: &conference::Model, me: Option<Uuid>) -> store::Result<Vec<MocaoView>> {
    let ms = mocao::Entity::find()
        .filter(mocao::Column::ConferenceId.eq(c.id))
        .order_by_asc(mocao::Column::CreatedAt)
        .all(&db.conn)
        .await?;
    let sigs = mocao_signature::Entity::find()
        .filter(mocao_signature::Column::MocaoId.is_in(ms.iter().map(|m| m.id).collect::<Vec<_>>()))
        .all(&db.conn)
        .await?;
    let present = attendance(&db.conn, c).await?.present();
    let needed = signatures_needed(c.mocao_signature_pct as u32, present);
    let mut out = Vec::new();
    for m in ms {
        let mine: Vec<&mocao_signature::Model> =
            sigs.iter().filter(|s| s.mocao_id == m.id).collect();
        let vote = vote_view_of(&db.conn, m.vote_id, tz_of(c)).await?;
        out.push(MocaoView {
            id: m.id.to_string(),
            kind_label: mocao_kind_label(&m.kind).unwrap_or("").into(),
            addressee: m.addressee,
            text: m.text,
            author: m.author_label,
            status_label: status_label(m.status.code()).into(),
            status: m.status.code().into(),
            signatures: mine.len() as u32,
            paper: mine.iter().filter(|s| s.source == "paper").count() as u32,
            needed,
            vote,
            signed: me.is_some_and(|r| mine.iter().any(|s| s.registration_id == r)),
        });
    }
    Ok(out)
}

#[derive(Debug, Clone, Serialize)]
pub struct Console {
    pub slug: String,
    pub title: String,
    pub mocoes: Vec<MocaoView>,
    pub kinds: Vec<(String, String)>,
    pub window: String,
    pub window_problem: Option<String>,
    pub pct: i32,
    pub open_vote: bool,
}

fn window_text(c: &conference::Model) -> String {
    let tz = tz_of(c);
    let f = |t: chrono::DateTime<Utc>| t.with_timezone(&tz).format("%d/%m/%Y %H:%M").to_string();
    match (c.mocao_opens_at, c.mocao_closes_at) {
        (Some(o), Some(e)) => format!("de {} a {}", f(o), f(e)),
        (Some(o), None) => format!("a partir de {}", f(o)),
        (None, Some(e)) => format!("até {}", f(e)),
        (None, None) => "sem prazo definido".into(),
    }
}

pub async fn console(db: &Db, me: Option<&Me>, slug: &str) -> Result<Console, Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    Ok(Console {
        mocoes: views(db, &c, None).await?,
        kinds: MOCAO_KINDS
            .iter()
            .map(|(a, b)| ((*a).into(), (*b).into()))
            .collect(),
        window: window_text(&c),
        window_problem: window_problem(&c),
        pct: c.mocao_signature_pct,
        open_vote: crate::plenary::voting::open_vote_of(&db.conn, c.id)
            .await?
            .is_some(),
        slug: c.slug,
        title: c.title,
    })
}

/// The moções a phone shows: those collecting signatures and the decided ones.
pub async fn for_phone(db: &Db, c: &conference::Model, r: Uuid) -> store::Result<Vec<MocaoView>> {
    views(db, c, Some(r)).await
}

/// Settings: the window (local date and time, `AAAA-MM-DDTHH:MM`, blank = none) and the
/// signature percentage.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SettingsInput {
    #[serde(default)]
    pub opens_at: String,
    #[serde(default)]
    pub closes_at: String,
    #[serde(default)]
    pub pct: String,
}

pub async fn save_settings(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &SettingsInput,
) -> Result<(), Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let tz = tz_of(&c);
    let mut inv = Invalid::default();
    let mut when = |s: &str, field: &str| -> Option<chrono::DateTime<Utc>> {
        let t = s.trim();
        if t.is_empty() {
            return None;
        }
        match chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M") {
            Ok(n) => n
                .and_local_timezone(tz)
                .single()
                .map(|x| x.with_timezone(&Utc)),
            Err(_) => {
                inv.push(FieldError::new(
                    field,
                    "Data e hora inválidas: use o seletor de data e hora",
                ));
                None
            }
        }
    };
    let o = when(&i.opens_at, "opens_at");
    let e = when(&i.closes_at, "closes_at");
    if let (Some(o), Some(e)) = (o, e)
        && e <= o
    {
        inv.push(FieldError::new(
            "closes_at",
            "O prazo termina depois de começar",
        ));
    }
    let pct = match i.pct.trim().trim_end_matches('%').trim().parse::<i32>() {
        Ok(n) if (1..=100).contains(&n) => n,
        _ => {
            inv.push(FieldError::new(
                "pct",
                "Percentual de assinaturas: um número de 1 a 100",
            ));
            20
        }
    };
    inv.into_result()?;
    let tx = db.write().await?;
    conference::Entity::update_many()
        .col_expr(conference::Column::MocaoOpensAt, o.into())
        .col_expr(conference::Column::MocaoClosesAt, e.into())
        .col_expr(conference::Column::MocaoSignaturePct, pct.into())
        .filter(conference::Column::Id.eq(c.id))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The approved moções (public), with their addressee.
pub async fn approved(
    db: &Db,
    conference_id: Uuid,
) -> store::Result<Vec<(String, String, String)>> {
    Ok(mocao::Entity::find()
        .filter(mocao::Column::ConferenceId.eq(conference_id))
        .filter(mocao::Column::Status.eq(mocao::MocaoStatus::Approved))
        .order_by_asc(mocao::Column::CreatedAt)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|m| {
            (
                mocao_kind_label(&m.kind).unwrap_or("").to_owned(),
                m.addressee,
                m.text,
            )
        })
        .collect())
}
