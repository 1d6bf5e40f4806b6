//! Each destaque's speakers list (for and against) and the floor with its timer.

use super::*;

/// Adds a speaker (for or against) to an open destaque's list.
pub async fn add_speaker(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    side: &str,
    name: &str,
) -> Result<(), Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let mut inv = Invalid::default();
    let side = match side.trim() {
        "for" | "against" => Some(side.trim().to_owned()),
        _ => {
            inv.push(FieldError::new(
                "side",
                "Escolha se a fala é a favor ou contra o destaque",
            ));
            None
        }
    };
    let name = tidy(name);
    if name.is_empty() || name.chars().count() > 120 {
        inv.push(FieldError::new(
            "name",
            "Escreva o nome de quem vai falar (até 120 caracteres)",
        ));
    }
    inv.into_result()?;
    let tx = db.write().await?;
    let d = open_destaque(&tx, &c, parse_id(id)?).await?;
    let last = speaker::Entity::find()
        .filter(speaker::Column::DestaqueId.eq(d.id))
        .order_by_desc(speaker::Column::Position)
        .one(&tx)
        .await?
        .map(|s| s.position)
        .unwrap_or(0);
    speaker::Entity::insert(speaker::ActiveModel {
        id: Set(Uuid::now_v7()),
        destaque_id: Set(d.id),
        side: Set(side.expect("checked")),
        name: Set(name),
        position: Set(last + 1),
        started_at: Set(None),
        ended_at: Set(None),
        registration_id: Set(None),
    })
    .exec(&tx)
    .await?;
    commit_and_signal(tx, c.id).await
}

/// Gives the floor to a speaker (the timer starts; whoever was speaking stops), or ends the
/// speech.
pub async fn speech(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    start: bool,
) -> Result<(), Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let tx = db.write().await?;
    let s = speaker::Entity::find_by_id(parse_id(id)?)
        .one(&tx)
        .await?
        .ok_or(Fail::NotFound)?;
    let d = open_destaque(&tx, &c, s.destaque_id).await?;
    let now = Utc::now();
    if start {
        stop_speaking(&tx, &c).await?;
        let mut am = s.into_active_model();
        am.started_at = Set(Some(now));
        am.ended_at = Set(None);
        am.update(&tx).await?;
    } else if s.started_at.is_some() && s.ended_at.is_none() {
        let mut am = s.into_active_model();
        am.ended_at = Set(Some(now));
        am.update(&tx).await?;
    }
    let _ = d;
    commit_and_signal(tx, c.id).await
}

/// Ends the speech of whoever has the floor in the conference (on a destaque or on a point of
/// order).
pub(super) async fn stop_speaking(
    tx: &DatabaseTransaction,
    c: &conference::Model,
) -> store::Result<()> {
    stop_order(tx, c).await?;
    let ds: Vec<Uuid> = proposal_destaque::Entity::find()
        .filter(proposal_destaque::Column::ConferenceId.eq(c.id))
        .all(tx)
        .await?
        .into_iter()
        .map(|d| d.id)
        .collect();
    speaker::Entity::update_many()
        .col_expr(speaker::Column::EndedAt, Some(Utc::now()).into())
        .filter(speaker::Column::DestaqueId.is_in(ds))
        .filter(speaker::Column::StartedAt.is_not_null())
        .filter(speaker::Column::EndedAt.is_null())
        .exec(tx)
        .await?;
    Ok(())
}

/// Who is speaking now in the conference, for the telão's timer: (name, side label, started,
/// subject). A point of order being answered comes first.
pub(crate) async fn speaking_now(
    db: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<Option<(String, String, chrono::DateTime<Utc>, String)>> {
    if let Some(o) = order_speaking(db, c).await? {
        return Ok(Some((
            o.name,
            "questão de ordem".into(),
            o.started_at.unwrap_or_else(Utc::now),
            o.reason.unwrap_or_else(|| "Questão de ordem".into()),
        )));
    }
    let ds = open_destaques(db, c).await?;
    let s = speaker::Entity::find()
        .filter(speaker::Column::DestaqueId.is_in(ds.iter().map(|d| d.id).collect::<Vec<_>>()))
        .filter(speaker::Column::StartedAt.is_not_null())
        .filter(speaker::Column::EndedAt.is_null())
        .one(db)
        .await?;
    Ok(match s {
        Some(s) => {
            let what = match ds.iter().find(|d| d.id == s.destaque_id) {
                Some(d) => destaque_subject(db, d).await?,
                None => String::new(),
            };
            Some((
                s.name,
                if s.side == "for" {
                    "a favor do destaque"
                } else {
                    "contra o destaque"
                }
                .into(),
                s.started_at.unwrap_or_else(Utc::now),
                what,
            ))
        }
        None => None,
    })
}
