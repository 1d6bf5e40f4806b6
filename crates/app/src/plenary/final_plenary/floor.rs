//! The floor asked from the phones (ADR 0040): a delegate present in the room or from a distance
//! asks to speak for or against an open destaque ("Pedir a palavra"), and joins the same speakers
//! list the table writes names into; a "questão de ordem" is its own request, not tied to a
//! destaque, and comes first at the table. The table gives the floor; the telão and the phones
//! show who speaks and the time left.

use super::*;
use store::entities::{order_point, registration};

/// Longest reason of a point of order, in characters.
const REASON_MAX: usize = 200;

/// Why a phone may not ask for the floor: the delegate is not present in the plenary now.
const ABSENT_FLOOR: &str = "Só delegados(as) presentes na plenária pedem a palavra: na sala, depois do credenciamento de hoje; a distância, depois de responder à chamada";

/// "Pedir a palavra" on a destaque, from a phone.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FloorInput {
    #[serde(default)]
    pub destaque: String,
    #[serde(default)]
    pub side: String,
}

/// A "questão de ordem", from a phone or written in by the table.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OrderInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub reason: String,
}

/// A delegate's own request for the floor, as their phone shows it.
#[derive(Debug, Clone, Serialize)]
pub struct MyTurn {
    pub id: String,
    pub subject: String,
    pub side_label: String,
    /// How many are before this delegate on the destaque's list (0: next).
    pub before: usize,
    pub speaking: bool,
}

/// A point of order as the table and the asker's phone show it.
#[derive(Debug, Clone, Serialize)]
pub struct OrderPointView {
    pub id: String,
    pub name: String,
    pub reason: Option<String>,
    /// Asked from a phone (rather than written in by the table).
    pub from_phone: bool,
    pub asked_at: String,
    pub speaking: bool,
}

/// What a phone shows about the floor.
#[derive(Debug, Clone, Serialize)]
pub struct PhoneFloor {
    /// The open destaques one may ask to speak on: (id, subject).
    pub destaques: Vec<(String, String)>,
    /// This delegate's places on the speakers' lists (not yet spoken, or speaking).
    pub mine: Vec<MyTurn>,
    /// This delegate's point of order waiting or being answered.
    pub order: Option<OrderPointView>,
}

/// The delegate behind a phone, present in the plenary now (in the room or from a distance).
async fn present_delegate(
    db: &Db,
    slug: &str,
    token: Option<&str>,
) -> Result<(conference::Model, registration::Model), Fail> {
    let (c, r) = crate::participants::devices::phone_delegate(db, slug, token).await?;
    if !crate::participants::devices::present_today(db, &c, r.id).await? {
        return Err(Invalid::one("floor", ABSENT_FLOOR).into());
    }
    Ok((c, r))
}

/// A delegate asks to speak for or against an open destaque from their phone: their name goes
/// to the end of the destaque's list, once (until they have spoken).
pub async fn ask_floor(
    db: &Db,
    slug: &str,
    token: Option<&str>,
    i: &FloorInput,
) -> Result<(), Fail> {
    let (c, r) = present_delegate(db, slug, token).await?;
    let mut inv = Invalid::default();
    let side = match i.side.trim() {
        s @ ("for" | "against") => Some(s.to_owned()),
        _ => {
            inv.push(FieldError::new(
                "side",
                "Escolha se quer falar a favor ou contra o destaque",
            ));
            None
        }
    };
    let id = match Uuid::parse_str(i.destaque.trim()) {
        Ok(id) => Some(id),
        Err(_) => {
            inv.push(FieldError::new(
                "destaque",
                "Escolha o destaque sobre o qual quer falar",
            ));
            None
        }
    };
    inv.into_result()?;
    let tx = db.write().await?;
    let d = open_destaque(&tx, &c, id.expect("checked"))
        .await
        .map_err(|e| match e {
            Fail::NotFound => {
                Invalid::one("destaque", "Escolha o destaque sobre o qual quer falar").into()
            }
            e => e,
        })?;
    if let Some(v) = crate::plenary::voting::open_vote_of(&tx, c.id).await?
        && v.subject_id == Some(d.id)
    {
        return Err(Invalid::one(
            "floor",
            "A votação deste destaque já está aberta: as falas terminaram",
        )
        .into());
    }
    let list = speaker::Entity::find()
        .filter(speaker::Column::DestaqueId.eq(d.id))
        .order_by_desc(speaker::Column::Position)
        .all(&tx)
        .await?;
    refuse_unless(
        !list
            .iter()
            .any(|s| s.registration_id == Some(r.id) && s.ended_at.is_none()),
        "Você já está na lista de falas deste destaque: espere a mesa chamar",
    )?;
    speaker::Entity::insert(speaker::ActiveModel {
        id: Set(Uuid::now_v7()),
        destaque_id: Set(d.id),
        side: Set(side.expect("checked")),
        name: Set(r.display_name().to_owned()),
        position: Set(list.first().map(|s| s.position).unwrap_or(0) + 1),
        started_at: Set(None),
        ended_at: Set(None),
        registration_id: Set(Some(r.id)),
    })
    .exec(&tx)
    .await?;
    tracing::info!(conference = %c.id, destaque = %d.id, "floor asked from a phone");
    commit_and_signal(tx, c.id).await
}

/// The delegate takes their name off a speakers' list before speaking.
pub async fn withdraw_floor(
    db: &Db,
    slug: &str,
    token: Option<&str>,
    id: &str,
) -> Result<(), Fail> {
    let (c, r) = crate::participants::devices::phone_delegate(db, slug, token).await?;
    let tx = db.write().await?;
    let s = speaker::Entity::find_by_id(parse_id(id)?)
        .one(&tx)
        .await?
        .filter(|s| s.registration_id == Some(r.id))
        .ok_or(Fail::NotFound)?;
    refuse_unless(
        s.started_at.is_none(),
        "Você já recebeu a palavra: a fala não pode mais ser retirada",
    )?;
    speaker::Entity::delete_by_id(s.id).exec(&tx).await?;
    commit_and_signal(tx, c.id).await
}

/// Checks a point of order's reason (optional, short) and, from the table, the name.
fn order_reason(inv: &mut Invalid, reason: &str) -> Option<String> {
    let reason = tidy(reason);
    if reason.chars().count() > REASON_MAX {
        inv.push(FieldError::new(
            "reason",
            format!("Resuma a questão de ordem em até {REASON_MAX} caracteres"),
        ));
    }
    (!reason.is_empty()).then_some(reason)
}

/// A delegate raises a point of order from their phone: one waiting at a time.
pub async fn ask_order(
    db: &Db,
    slug: &str,
    token: Option<&str>,
    i: &OrderInput,
) -> Result<(), Fail> {
    let (c, r) = present_delegate(db, slug, token).await?;
    let mut inv = Invalid::default();
    let reason = order_reason(&mut inv, &i.reason);
    inv.into_result()?;
    let tx = db.write().await?;
    let waiting = order_point::Entity::find()
        .filter(order_point::Column::ConferenceId.eq(c.id))
        .filter(order_point::Column::RegistrationId.eq(r.id))
        .filter(order_point::Column::EndedAt.is_null())
        .filter(order_point::Column::DismissedAt.is_null())
        .one(&tx)
        .await?;
    refuse_unless(
        waiting.is_none(),
        "Sua questão de ordem já está com a mesa: espere a resposta antes de levantar outra",
    )?;
    insert_order(&tx, &c, Some(r.id), r.display_name().to_owned(), reason).await?;
    tracing::info!(conference = %c.id, "point of order raised from a phone");
    commit_and_signal(tx, c.id).await
}

async fn insert_order(
    tx: &DatabaseTransaction,
    c: &conference::Model,
    registration_id: Option<Uuid>,
    name: String,
    reason: Option<String>,
) -> store::Result<()> {
    order_point::Entity::insert(order_point::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(c.id),
        registration_id: Set(registration_id),
        name: Set(name),
        reason: Set(reason),
        asked_at: Set(Utc::now()),
        started_at: Set(None),
        ended_at: Set(None),
        dismissed_at: Set(None),
    })
    .exec(tx)
    .await?;
    Ok(())
}

/// The delegate withdraws their point of order before the table gives them the floor.
pub async fn withdraw_order(
    db: &Db,
    slug: &str,
    token: Option<&str>,
    id: &str,
) -> Result<(), Fail> {
    let (c, r) = crate::participants::devices::phone_delegate(db, slug, token).await?;
    let tx = db.write().await?;
    let o = order_point::Entity::find_by_id(parse_id(id)?)
        .one(&tx)
        .await?
        .filter(|o| o.conference_id == c.id && o.registration_id == Some(r.id))
        .ok_or(Fail::NotFound)?;
    refuse_unless(
        o.started_at.is_none(),
        "Você já recebeu a palavra: a questão de ordem não pode mais ser retirada",
    )?;
    order_point::Entity::delete_by_id(o.id).exec(&tx).await?;
    commit_and_signal(tx, c.id).await
}

/// The table writes in a point of order raised in the room.
pub async fn add_order(db: &Db, me: Option<&Me>, slug: &str, i: &OrderInput) -> Result<(), Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let mut inv = Invalid::default();
    let name = tidy(&i.name);
    if name.is_empty() || name.chars().count() > 120 {
        inv.push(FieldError::new(
            "order_name",
            "Escreva o nome de quem levantou a questão de ordem (até 120 caracteres)",
        ));
    }
    let reason = order_reason(&mut inv, &i.reason);
    inv.into_result()?;
    let tx = db.write().await?;
    insert_order(&tx, &c, None, name, reason).await?;
    commit_and_signal(tx, c.id).await
}

/// What the table does with a point of order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStep {
    /// Gives the floor (whoever was speaking stops; the telão's timer starts).
    Start,
    /// The point was answered: the speech ends.
    End,
    /// Dismissed without the floor (out of order, or already answered).
    Dismiss,
}

/// The table gives the floor to a point of order, ends it, or dismisses it.
pub async fn order_step(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    step: OrderStep,
) -> Result<(), Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let tx = db.write().await?;
    let o = of_conference(&tx, order_point::Column::ConferenceId, c.id, parse_id(id)?).await?;
    refuse_unless(
        o.ended_at.is_none() && o.dismissed_at.is_none(),
        "Esta questão de ordem já foi respondida ou dispensada",
    )?;
    let now = Utc::now();
    let mut am = o.clone().into_active_model();
    match step {
        OrderStep::Start => {
            stop_speaking(&tx, &c).await?;
            am.started_at = Set(Some(now));
        }
        OrderStep::End => {
            refuse_unless(
                o.started_at.is_some(),
                "A mesa ainda não deu a palavra a esta questão de ordem",
            )?;
            am.ended_at = Set(Some(now));
        }
        OrderStep::Dismiss => {
            refuse_unless(
                o.started_at.is_none(),
                "Quem levantou a questão de ordem já está com a palavra: encerre a fala",
            )?;
            am.dismissed_at = Set(Some(now));
        }
    }
    am.update(&tx).await?;
    commit_and_signal(tx, c.id).await
}

/// The conference's points of order waiting or being answered, in the order they were raised.
pub async fn open_orders(
    db: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<Vec<OrderPointView>> {
    let tz = tz_of(c);
    Ok(order_point::Entity::find()
        .filter(order_point::Column::ConferenceId.eq(c.id))
        .filter(order_point::Column::EndedAt.is_null())
        .filter(order_point::Column::DismissedAt.is_null())
        .order_by_asc(order_point::Column::AskedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|o| order_view(o, tz))
        .collect())
}

fn order_view(o: order_point::Model, tz: chrono_tz::Tz) -> OrderPointView {
    OrderPointView {
        id: o.id.to_string(),
        speaking: o.started_at.is_some() && o.ended_at.is_none(),
        from_phone: o.registration_id.is_some(),
        asked_at: o.asked_at.with_timezone(&tz).format("%H:%M").to_string(),
        name: o.name,
        reason: o.reason,
    }
}

/// The point of order with the floor now, if any.
pub(crate) async fn order_speaking(
    db: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<Option<order_point::Model>> {
    Ok(order_point::Entity::find()
        .filter(order_point::Column::ConferenceId.eq(c.id))
        .filter(order_point::Column::StartedAt.is_not_null())
        .filter(order_point::Column::EndedAt.is_null())
        .one(db)
        .await?)
}

/// Ends the point of order being answered, if any (another speaker gets the floor).
pub(super) async fn stop_order(
    tx: &DatabaseTransaction,
    c: &conference::Model,
) -> store::Result<()> {
    order_point::Entity::update_many()
        .col_expr(order_point::Column::EndedAt, Some(Utc::now()).into())
        .filter(order_point::Column::ConferenceId.eq(c.id))
        .filter(order_point::Column::StartedAt.is_not_null())
        .filter(order_point::Column::EndedAt.is_null())
        .exec(tx)
        .await?;
    Ok(())
}

/// The destaques under discussion: open, and not being voted now (the floor is asked on them).
pub(crate) async fn discussing(
    db: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<Vec<proposal_destaque::Model>> {
    let voting_on = crate::plenary::voting::open_vote_of(db, c.id)
        .await?
        .and_then(|v| v.subject_id);
    Ok(open_destaques(db, c)
        .await?
        .into_iter()
        .filter(|d| Some(d.id) != voting_on)
        .collect())
}

/// How many points of order wait for the table (not yet given the floor).
pub(crate) async fn orders_waiting(
    db: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<u32> {
    use sea_orm::PaginatorTrait;
    Ok(order_point::Entity::find()
        .filter(order_point::Column::ConferenceId.eq(c.id))
        .filter(order_point::Column::StartedAt.is_null())
        .filter(order_point::Column::DismissedAt.is_null())
        .count(db)
        .await? as u32)
}

/// The floor as a delegate's phone shows it.
pub async fn for_phone(
    db: &Db,
    c: &conference::Model,
    registration_id: Uuid,
) -> store::Result<PhoneFloor> {
    let ds = discussing(&db.conn, c).await?;
    let sp = speaker::Entity::find()
        .filter(speaker::Column::DestaqueId.is_in(ds.iter().map(|d| d.id).collect::<Vec<_>>()))
        .order_by_asc(speaker::Column::Position)
        .all(&db.conn)
        .await?;
    let mut destaques = Vec::new();
    let mut mine = Vec::new();
    for d in &ds {
        let subject = destaque_subject(&db.conn, d).await?;
        let waiting: Vec<&speaker::Model> = sp
            .iter()
            .filter(|s| s.destaque_id == d.id && s.ended_at.is_none())
            .collect();
        if let Some(n) = waiting
            .iter()
            .position(|s| s.registration_id == Some(registration_id))
        {
            let s = waiting[n];
            mine.push(MyTurn {
                id: s.id.to_string(),
                subject: subject.clone(),
                side_label: side_label(&s.side).into(),
                before: waiting[..n]
                    .iter()
                    .filter(|w| w.started_at.is_none())
                    .count(),
                speaking: s.started_at.is_some(),
            });
        }
        destaques.push((d.id.to_string(), subject));
    }
    let order = order_point::Entity::find()
        .filter(order_point::Column::ConferenceId.eq(c.id))
        .filter(order_point::Column::RegistrationId.eq(registration_id))
        .filter(order_point::Column::EndedAt.is_null())
        .filter(order_point::Column::DismissedAt.is_null())
        .one(&db.conn)
        .await?
        .map(|o| order_view(o, tz_of(c)));
    Ok(PhoneFloor {
        destaques,
        mine,
        order,
    })
}

/// The points of order in the minutes: who raised them, when, about what, and what the table did.
pub(crate) async fn orders_minutes(
    db: &Db,
    c: &conference::Model,
) -> store::Result<Vec<(String, f32, bool)>> {
    let tz = tz_of(c);
    let all = order_point::Entity::find()
        .filter(order_point::Column::ConferenceId.eq(c.id))
        .order_by_asc(order_point::Column::AskedAt)
        .all(&db.conn)
        .await?;
    if all.is_empty() {
        return Ok(Vec::new());
    }
    let mut lines = vec![("Questões de ordem".to_owned(), 11.0, true)];
    for o in all {
        lines.push((
            format!(
                "{} ({}{}){}: {}.",
                o.name,
                o.asked_at.with_timezone(&tz).format("%d/%m %H:%M"),
                if o.registration_id.is_some() {
                    ", pelo celular"
                } else {
                    ""
                },
                o.reason
                    .map(|r| format!(", sobre “{r}”"))
                    .unwrap_or_default(),
                if o.dismissed_at.is_some() {
                    "dispensada pela mesa"
                } else if o.ended_at.is_some() {
                    "falou e foi respondida"
                } else if o.started_at.is_some() {
                    "com a palavra"
                } else {
                    "aguardando a mesa"
                }
            ),
            9.0,
            false,
        ));
    }
    lines.push((String::new(), 4.0, false));
    Ok(lines)
}
