//! Delegates' phones (destaques and votes from each delegate's phone). Delegates
//! have registrations, not accounts; the badge's QR is seen by everyone in the room, so it is not a
//! credential. Instead, at the credentialing desk, staff open a pairing code for a delegate who is
//! present: the delegate scans it (a QR of `/c/{slug}/celular?codigo=…`) with their own phone,
//! confirms their name, and the phone receives a device token in a cookie. Codes are random
//! (about 59 bits), hashed, single use and valid 15 minutes; tokens are 256 bits, hashed. A new
//! pairing revokes the delegate's earlier phones (one phone per delegate). See ADR 0010.

use crate::Fail;
use crate::platform::auth::{Me, authorize, conference_scope};
use chrono::{Duration, Utc};
use domain::Invalid;
use domain::ids::GroupId;
use domain::policy::{Action, Decision, Phone, decide_phone};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use store::Db;
use store::entities::{
    conference, delegate_device, device_pairing, eixo, proposal, registration, working_group,
};
use uuid::Uuid;

/// How long a pairing code is valid.
const PAIRING_MINUTES: i64 = 15;

fn hash(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

fn normalize(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

const BAD_CODE: &str =
    "Este código de acesso não vale (errado, já usado ou vencido). Peça outro no credenciamento";

/// Checks the shape of a typed pairing code before looking it up: 12 letters and digits of the
/// code alphabet (hyphens, spaces and case do not matter). Empty and malformed codes get their
/// own message, so the delegate knows to retype rather than go back to the desk.
fn well_formed(code: &str) -> Result<(), Fail> {
    if normalize(code).is_empty() {
        return Err(Invalid::one(
            "codigo",
            "Digite o código do celular que a equipe do credenciamento mostrou",
        )
        .into());
    }
    if domain::participants::normalize_certificate_code(code).is_none() {
        return Err(Invalid::one(
            "codigo",
            "Este código está incompleto ou tem um erro de digitação: o código do celular tem 12 letras e números, como ABCD-EFGH-JKMN (sem I, L, O, 0 ou 1). Confira na tela do credenciamento",
        )
        .into());
    }
    Ok(())
}

/// A pairing code opened at the desk, shown once.
#[derive(Debug, Clone, Serialize)]
pub struct Pairing {
    pub code: String,
    pub display_name: String,
    /// Path the QR points to (the site's address goes in front).
    pub path: String,
    pub minutes: i64,
}

pub(crate) async fn present_today(
    db: &Db,
    c: &conference::Model,
    registration_id: Uuid,
) -> store::Result<bool> {
    // In the room now (checked in today and not out), or present from a distance
    // (`crate::plenary::seats`).
    Ok(
        crate::plenary::seats::room_for(&db.conn, c, &[registration_id])
            .await?
            .is_present(registration_id),
    )
}

/// Why a phone may not ask for a destaque: the delegate is not present in the plenary.
const ABSENT_FLAG: &str = "Só delegados(as) presentes na plenária pedem destaque: na sala, depois do credenciamento de hoje; a distância, depois de responder à chamada";
/// Why a phone may not vote: the delegate was not credentialed today.
const ABSENT_VOTE: &str =
    "Você não foi credenciado(a) hoje: só delegados(as) presentes votam. Procure o credenciamento";

/// The conference and the delegate behind a phone's token (forbidden without a valid one).
pub(crate) async fn phone_delegate(
    db: &Db,
    slug: &str,
    token: Option<&str>,
) -> Result<(conference::Model, registration::Model), Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let r = delegate(db, &c, token).await?.ok_or(Fail::Forbidden)?;
    Ok((c, r))
}

/// Refuses with `message` on `field` unless the delegate is present now (in the room, or from a
/// distance); a delegate credentialed online is told what to do about their remote presence.
async fn must_be_present(
    db: &Db,
    c: &conference::Model,
    r: &registration::Model,
    field: &str,
    message: &str,
) -> Result<(), Fail> {
    let room = crate::plenary::seats::room_for(&db.conn, c, &[r.id]).await?;
    if room.is_present(r.id) {
        return Ok(());
    }
    let why = room
        .remote_absent
        .get(&r.id)
        .map(|w| w.message().trim_end_matches(". Este voto não foi contado"))
        .unwrap_or(message);
    Err(Invalid::one(field, why).into())
}

/// How a phone's ballot is refused, on `field`: not open to it, or already voted in.
struct Refusals {
    field: &'static str,
    closed: &'static str,
    voted: &'static str,
}

/// The ballot (a vote or a segment's poll) a phone may cast now: refused when it is not open to
/// the delegate, when the delegate already voted in it, or when the delegate is out of the room.
async fn ballot_open<T>(
    db: &Db,
    (c, r): (&conference::Model, &registration::Model),
    ballot: Option<T>,
    already_voted: impl Fn(&T) -> bool,
    refusals: Refusals,
) -> Result<T, Fail> {
    let Some(b) = ballot else {
        return Err(Invalid::one(refusals.field, refusals.closed).into());
    };
    if already_voted(&b) {
        return Err(Invalid::one(refusals.field, refusals.voted).into());
    }
    must_be_present(db, c, r, refusals.field, ABSENT_VOTE).await?;
    Ok(b)
}

/// Opens a pairing code for a delegate checked in today (credentialing staff).
pub async fn start_pairing(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    registration_code: &str,
) -> Result<Pairing, Fail> {
    let c = authorize(db, me, slug, Action::Credential).await?;
    let code = domain::participants::normalize_code(registration_code)
        .ok_or_else(|| Invalid::one("code", "Código de inscrição inválido: confira no crachá"))?;
    let r = crate::participants::registration::active_with_code(db, c.id, &code)
        .await?
        .ok_or_else(|| Invalid::one("code", "Nenhuma inscrição ativa com este código"))?;
    if r.category != "delegado" {
        return Err(Invalid::one(
            "code",
            "Só delegados(as) usam o celular para destaques e votações",
        )
        .into());
    }
    must_be_present(
        db,
        &c,
        &r,
        "code",
        "Credencie a pessoa hoje antes de liberar o acesso pelo celular",
    )
    .await?;
    let pairing = domain::participants::certificate_code(rand::random::<[u8; 8]>());
    let now = Utc::now();
    let tx = db.write().await?;
    device_pairing::Entity::insert(device_pairing::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(c.id),
        registration_id: Set(r.id),
        code_hash: Set(hash(&normalize(&pairing))),
        expires_at: Set(now + Duration::minutes(PAIRING_MINUTES)),
        used_at: Set(None),
        created_by: Set(me.map(|m| m.account.id)),
        created_at: Set(now),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(Pairing {
        path: format!("/c/{}/celular?codigo={pairing}", c.slug),
        code: pairing,
        display_name: r.display_name().to_owned(),
        minutes: PAIRING_MINUTES,
    })
}

async fn valid_pairing(
    db: &impl sea_orm::ConnectionTrait,
    c: &conference::Model,
    code: &str,
) -> Result<device_pairing::Model, Fail> {
    well_formed(code)?;
    device_pairing::Entity::find()
        .filter(device_pairing::Column::CodeHash.eq(hash(&normalize(code))))
        .filter(device_pairing::Column::ConferenceId.eq(c.id))
        .filter(device_pairing::Column::UsedAt.is_null())
        .filter(device_pairing::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await?
        .ok_or_else(|| Invalid::one("codigo", BAD_CODE).into())
}

/// Whose phone this code would pair (shown for confirmation before pairing).
pub async fn pairing_name(db: &Db, slug: &str, code: &str) -> Result<(String, String), Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let p = valid_pairing(&db.conn, &c, code).await?;
    let r = registration::Entity::find_by_id(p.registration_id)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    Ok((c.title, r.display_name().to_owned()))
}

/// Pairs this phone: uses the code once, revokes the delegate's earlier phones, and returns the
/// device token for the phone's cookie.
pub async fn complete_pairing(db: &Db, slug: &str, code: &str) -> Result<String, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let tx = db.write().await?;
    let p = valid_pairing(&tx, &c, code).await?;
    let token = issue_device(&tx, &c, p.registration_id, "desk").await?;
    let reg = p.registration_id;
    let mut am = p.into_active_model();
    am.used_at = Set(Some(Utc::now()));
    am.update(&tx).await?;
    tx.commit().await?;
    tracing::info!(registration = %reg, "delegate phone paired");
    Ok(token)
}

/// A new device token for a delegate's phone, paired at the desk (`channel` "desk") or by online
/// credentialing ("online"): 256 random bits, only their hash stored; the delegate's earlier
/// devices are revoked (one device per delegate). Returns the token for the phone's cookie.
pub(crate) async fn issue_device(
    tx: &impl sea_orm::ConnectionTrait,
    c: &conference::Model,
    registration_id: Uuid,
    channel: &str,
) -> store::Result<String> {
    let token = hex::encode(rand::random::<[u8; 32]>());
    let now = Utc::now();
    delegate_device::Entity::update_many()
        .col_expr(
            delegate_device::Column::Revoked,
            sea_orm::sea_query::Expr::value(true),
        )
        .filter(delegate_device::Column::RegistrationId.eq(registration_id))
        .exec(tx)
        .await?;
    delegate_device::Entity::insert(delegate_device::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(c.id),
        registration_id: Set(registration_id),
        token_hash: Set(hash(&token)),
        revoked: Set(false),
        created_at: Set(now),
        channel: Set(channel.to_owned()),
        last_seen_at: Set((channel == "online").then_some(now)),
    })
    .exec(tx)
    .await?;
    Ok(token)
}

/// The device behind a phone's token, if valid for this conference (not revoked).
pub(crate) async fn device_of(
    db: &impl sea_orm::ConnectionTrait,
    c: &conference::Model,
    token: Option<&str>,
) -> store::Result<Option<delegate_device::Model>> {
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    delegate_device::Entity::find()
        .filter(delegate_device::Column::TokenHash.eq(hash(token)))
        .filter(delegate_device::Column::ConferenceId.eq(c.id))
        .filter(delegate_device::Column::Revoked.eq(false))
        .one(db)
        .await
        .map_err(Into::into)
}

/// The delegate behind a phone's token, if the token is valid for this conference.
pub async fn delegate(
    db: &Db,
    c: &conference::Model,
    token: Option<&str>,
) -> store::Result<Option<registration::Model>> {
    let Some(d) = device_of(&db.conn, c, token).await? else {
        return Ok(None);
    };
    Ok(registration::Entity::find_by_id(d.registration_id)
        .filter(registration::Column::Status.eq(registration::RegistrationStatus::Active))
        .one(&db.conn)
        .await?)
}

/// What a delegate's phone shows.
#[derive(Debug, Clone, Serialize)]
pub struct PhoneHome {
    pub slug: String,
    pub title: String,
    pub display_name: String,
    pub present_today: bool,
    /// Why this delegate cannot vote now (voice only, out of the room, not credentialed), in
    /// pt-BR; `None` while they hold a seat in the room.
    pub not_voting: Option<String>,
    pub approved: bool,
    pub articles: Vec<(i32, String)>,
    /// The destaques this delegate asked for: (article, what, status).
    pub mine: Vec<(i32, String, String)>,
    /// The electronic vote open now, if any.
    pub vote: Option<crate::plenary::voting::PhoneVote>,
    /// The roll call, for a delegate credentialed online (ADR 0040).
    pub presence: Option<crate::plenary::presence::PhonePresence>,
    /// The last vote the plenary closed (as the telão shows it), for the "closed" state.
    pub last_closed: Option<crate::plenary::regimento::BoardVote>,
    /// Who has the floor now, with the time (as the telão shows it).
    pub speaker: Option<crate::plenary::regimento::BoardSpeaker>,
    /// "Pedir a palavra" and "questão de ordem" (ADR 0040).
    pub floor: crate::plenary::final_plenary::PhoneFloor,
    /// The plenary's transmission link, for a delegate following from a distance.
    pub broadcast_url: Option<String>,
    /// Proposals waiting for the final plenary that may still get a destaque: (id, label, text).
    pub proposals: Vec<(String, String, String)>,
    /// Priorities to choose (eixo and level with more approved proposals than the cap).
    pub priorities: Vec<crate::plenary::priorities::Contest>,
    /// The conference's moções (to sign those collecting signatures).
    pub mocoes: Vec<crate::plenary::mocoes::MocaoView>,
    pub mocao_kinds: Vec<(String, String)>,
    /// The election poll of the delegate's segment open now, if any.
    pub poll: Option<crate::plenary::elections::PhonePoll>,
    /// The working group this person is the rapporteur of, with its proposals.
    pub report: Option<GroupReport>,
    /// The conference's open evaluation: (id, title, answered already).
    pub evaluation: Option<(String, String, bool)>,
}

/// "Relatoria do grupo" on the rapporteur's phone: the group's proposals, in order.
#[derive(Debug, Clone, Serialize)]
pub struct GroupReport {
    pub name: String,
    pub eixo: String,
    pub proposals: Vec<crate::plenary::groups::ProposalView>,
    /// (code, label) of the levels a proposal may be addressed to.
    pub levels: Vec<(String, String)>,
}

/// The working group whose rapporteur this registration is, if any.
async fn rapporteur_group(
    db: &Db,
    c: &conference::Model,
    registration_id: Uuid,
) -> store::Result<Option<working_group::Model>> {
    Ok(working_group::Entity::find()
        .filter(working_group::Column::ConferenceId.eq(c.id))
        .filter(working_group::Column::RapporteurId.eq(registration_id))
        .one(&db.conn)
        .await?)
}

async fn group_report(
    db: &Db,
    c: &conference::Model,
    r: &registration::Model,
) -> store::Result<Option<GroupReport>> {
    let Some(g) = rapporteur_group(db, c, r.id).await? else {
        return Ok(None);
    };
    let e = eixo::Entity::find_by_id(g.eixo_id).one(&db.conn).await?;
    let ps = proposal::Entity::find()
        .filter(proposal::Column::GroupId.eq(g.id))
        .filter(proposal::Column::Status.ne(proposal::ProposalStatus::Merged))
        .order_by_asc(proposal::Column::Position)
        .all(&db.conn)
        .await?;
    Ok(Some(GroupReport {
        name: g.name,
        eixo: e
            .map(|e| format!("Eixo {}: {}", e.number, e.title))
            .unwrap_or_default(),
        proposals: crate::plenary::groups::proposal_views(&db.conn, &ps).await?,
        levels: domain::proposals::AddressedLevel::ALL
            .iter()
            .map(|l| (l.code().to_owned(), l.label().to_owned()))
            .collect(),
    }))
}

/// The rapporteur's phone may change this proposal: it belongs to the group they report for
/// (`domain::policy::decide_phone`). Any other phone gets `Fail::Forbidden`.
async fn rapporteur_may_edit(
    db: &Db,
    slug: &str,
    token: Option<&str>,
    id: &str,
) -> Result<(conference::Model, Uuid), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    let r = delegate(db, &c, token).await?.ok_or(Fail::Forbidden)?;
    let phone = Phone {
        conference: scope.conference,
        rapporteur_of: rapporteur_group(db, &c, r.id).await?.map(|g| GroupId(g.id)),
    };
    let id = crate::platform::auth::parse_id(id)?;
    let p = crate::plenary::groups::proposal_of(&db.conn, &c, id).await?;
    let group = p.group_id.ok_or(Fail::Forbidden)?;
    match decide_phone(
        Some(&phone),
        Action::EditGroupProposals(scope, GroupId(group)),
    ) {
        Decision::Allow => Ok((c, id)),
        _ => Err(Fail::Forbidden),
    }
}

/// The rapporteur edits the text, level and kind of a proposal of their group from the phone.
pub async fn report_edit(
    db: &Db,
    slug: &str,
    token: Option<&str>,
    id: &str,
    i: &crate::plenary::groups::ProposalInput,
) -> Result<(), Fail> {
    let (c, id) = rapporteur_may_edit(db, slug, token, id).await?;
    crate::plenary::groups::edit_draft(db, &c, id, i).await
}

/// The rapporteur moves a proposal of their group up or down from the phone.
pub async fn report_move(
    db: &Db,
    slug: &str,
    token: Option<&str>,
    id: &str,
    up: bool,
) -> Result<(), Fail> {
    let (c, id) = rapporteur_may_edit(db, slug, token, id).await?;
    crate::plenary::groups::move_in_group(db, &c, id, up).await
}

/// The phone's page; `Fail::Forbidden` when the phone is not paired (or was replaced).
pub async fn home(db: &Db, slug: &str, token: Option<&str>) -> Result<PhoneHome, Fail> {
    let (c, r) = phone_delegate(db, slug, token).await?;
    let channel = device_of(&db.conn, &c, token)
        .await?
        .map(|d| d.channel)
        .unwrap_or_default();
    let raised = raised_by(&r);
    let mine = store::entities::destaque::Entity::find()
        .filter(store::entities::destaque::Column::ConferenceId.eq(c.id))
        .filter(store::entities::destaque::Column::RaisedBy.eq(raised))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|d| {
            (
                d.article_number,
                if d.kind == "suppress" {
                    "suprimir".to_owned()
                } else {
                    "modificar o texto".to_owned()
                },
                match d.status.code() {
                    "approved" => "aprovado",
                    "rejected" => "rejeitado",
                    "withdrawn" => "retirado",
                    _ => "aguardando votação",
                }
                .to_owned(),
            )
        })
        .collect();
    let board = crate::plenary::regimento::board_of(db, &c).await?;
    Ok(PhoneHome {
        presence: crate::plenary::presence::for_phone(db, &c, r.id, &channel).await?,
        vote: crate::plenary::voting::for_phone(db, &c, r.id).await?,
        last_closed: board.last,
        speaker: board.speaker,
        floor: crate::plenary::final_plenary::for_phone(db, &c, r.id).await?,
        broadcast_url: if channel == "online" {
            crate::plenary::seats::broadcast_of(&db.conn, c.id).await?
        } else {
            None
        },
        proposals: crate::plenary::final_plenary::open_to_destaque(db, &c).await?,
        priorities: crate::plenary::priorities::for_phone(db, &c, r.id).await?,
        mocoes: crate::plenary::mocoes::for_phone(db, &c, r.id).await?,
        mocao_kinds: domain::proposals::MOCAO_KINDS
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect(),
        poll: crate::plenary::elections::for_phone(db, &c, &r).await?,
        report: group_report(db, &c, &r).await?,
        evaluation: match crate::mobilization::questionnaires::open_evaluation(&db.conn, c.id)
            .await?
        {
            Some(q) => Some((
                q.id.to_string(),
                q.title.clone(),
                crate::mobilization::questionnaires::answered_by(db, q.id, r.id).await?,
            )),
            None => None,
        },
        present_today: present_today(db, &c, r.id).await?,
        not_voting: crate::plenary::seats::room_for(&db.conn, &c, &[r.id])
            .await?
            .why_not_voting(r.id)
            .map(|m| m.trim_end_matches(". Este voto não foi contado").to_owned()),
        approved: crate::plenary::regimento::is_approved(&db.conn, c.id).await?,
        articles: crate::setup::conference::regimento(db, c.id)
            .await?
            .into_iter()
            .map(|a| (a.number, a.text))
            .collect(),
        display_name: r.display_name().to_owned(),
        mine,
        slug: c.slug,
        title: c.title,
    })
}

/// How a delegate's destaque names its author on the staff console (display name and code).
fn raised_by(r: &registration::Model) -> String {
    format!("{} ({})", r.display_name(), r.code)
}

/// A destaque asked from the delegate's phone: only while the delegate is present today.
pub async fn flag(
    db: &Db,
    slug: &str,
    token: Option<&str>,
    i: &crate::plenary::regimento::DestaqueInput,
) -> Result<(), Fail> {
    let (c, r) = phone_delegate(db, slug, token).await?;
    must_be_present(db, &c, &r, "form", ABSENT_FLAG).await?;
    crate::plenary::regimento::record_destaque(db, &c, i, Some(raised_by(&r)), None).await
}

/// A QR code as inline SVG (dark modules as one path), for the desk's screen.
pub fn qr_svg(text: &str) -> String {
    let Ok((size, path)) = crate::platform::pdf::qr_path(text.as_bytes(), 4) else {
        return String::new();
    };
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="280" height="280" role="img" aria-label="QR do acesso pelo celular" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##
    )
}

/// A delegate present today asks for a destaque on a proposal of the final plenary.
pub async fn flag_proposal(
    db: &Db,
    slug: &str,
    token: Option<&str>,
    i: &crate::plenary::final_plenary::DestaqueInput,
) -> Result<(), Fail> {
    let (c, r) = phone_delegate(db, slug, token).await?;
    must_be_present(db, &c, &r, "form", ABSENT_FLAG).await?;
    crate::plenary::final_plenary::record_destaque(db, &c, i, Some(raised_by(&r)), None).await
}

/// A choice in an electronic vote that the phone shows for confirmation ("Você escolheu: A
/// favor. Confirmar / Mudar"). Reading it writes nothing: the vote is cast only by the
/// confirmation, through `voting::Writer::cast`, which checks everything again.
#[derive(Debug, Clone, Serialize)]
pub struct VoteChoice {
    pub vote: crate::plenary::voting::PhoneVote,
    /// The choice's code, sent again by the confirmation (`favor`, `against`, `abstain`).
    pub choice: &'static str,
    /// The choice as its button says it: "A favor", "Contra", "Abstenção".
    pub label: &'static str,
}

/// The label of a vote's choice as the phone's buttons say it.
pub fn choice_button(c: domain::plenary::Choice) -> &'static str {
    match c {
        domain::plenary::Choice::Favor => "A favor",
        domain::plenary::Choice::Against => "Contra",
        domain::plenary::Choice::Abstain => "Abstenção",
    }
}

/// Checks a phone's choice in the open vote and returns what to confirm, or the reason it could
/// not be cast now (the same reasons the cast gives). Nothing is written.
pub async fn vote_choice(
    db: &Db,
    slug: &str,
    token: Option<&str>,
    vote: &str,
    choice: &str,
) -> Result<VoteChoice, Fail> {
    let (c, r) = phone_delegate(db, slug, token).await?;
    let choice = domain::plenary::Choice::parse(choice)
        .ok_or_else(|| Invalid::one("choice", "Escolha uma opção: a favor, contra ou abstenção"))?;
    let found = crate::plenary::voting::for_phone(db, &c, r.id)
        .await?
        .filter(|v| v.id == vote.trim());
    let refusals = Refusals {
        field: "choice",
        closed: "Esta votação não está mais aberta: veja nesta página o que está em votação agora",
        voted: "Você já votou nesta votação: cada delegado(a) vota uma vez, e o primeiro voto é o que vale",
    };
    let v = ballot_open(db, (&c, &r), found, |v| v.already_voted, refusals).await?;
    Ok(VoteChoice {
        vote: v,
        choice: choice.code(),
        label: choice_button(choice),
    })
}

/// A candidate chosen in the delegate's segment's election, shown for confirmation ("Você
/// escolheu: <nome>"). Reading it writes nothing: `elections::cast` checks everything again.
#[derive(Debug, Clone, Serialize)]
pub struct PollChoice {
    pub poll: crate::plenary::elections::PhonePoll,
    pub candidate: String,
    pub name: String,
}

/// Checks a phone's candidate in its segment's open poll and returns what to confirm, or the
/// reason it could not be cast now. Nothing is written.
pub async fn poll_choice(
    db: &Db,
    slug: &str,
    token: Option<&str>,
    poll: &str,
    candidate: &str,
) -> Result<PollChoice, Fail> {
    let (c, r) = phone_delegate(db, slug, token).await?;
    let found = crate::plenary::elections::for_phone(db, &c, &r)
        .await?
        .filter(|p| p.id == poll.trim());
    let refusals = Refusals {
        field: "candidate",
        closed: "Esta eleição não está aberta para o seu segmento: veja nesta página o que está em votação agora",
        voted: "Você já votou nesta eleição: cada delegado(a) vota uma vez, e o primeiro voto é o que vale",
    };
    let p = ballot_open(db, (&c, &r), found, |p| p.already_voted, refusals).await?;
    let Some((id, name)) = p
        .candidates
        .iter()
        .find(|(id, _)| id == candidate.trim())
        .cloned()
    else {
        return Err(Invalid::one(
            "candidate",
            "Escolha um(a) candidato(a) da lista deste segmento",
        )
        .into());
    };
    Ok(PollChoice {
        poll: p,
        candidate: id,
        name,
    })
}
