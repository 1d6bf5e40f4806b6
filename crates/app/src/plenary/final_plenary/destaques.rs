//! Destaques on pending proposals: raised at the table or from a phone, withdrawn, described.

use super::*;
use store::entities::destaque::DestaqueStatus;

/// A destaque on a proposal as typed at the table.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DestaqueInput {
    #[serde(default)]
    pub proposal: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub proposed_text: String,
    #[serde(default)]
    pub raised_by: String,
}

pub async fn add_destaque(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &DestaqueInput,
) -> Result<(), Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let (raised_by, recorded_by) = crate::plenary::by_hand(me, &i.raised_by);
    record_destaque(db, &c, i, raised_by, recorded_by).await
}

/// Checks and stores a destaque on a pending proposal (from the table or a delegate's phone).
pub(crate) async fn record_destaque(
    db: &Db,
    c: &conference::Model,
    i: &DestaqueInput,
    raised_by: Option<String>,
    recorded_by: Option<Uuid>,
) -> Result<(), Fail> {
    let mut inv = Invalid::default();
    let kind = match i.kind.trim() {
        "amend" => Some("amend"),
        "reject" => Some("reject"),
        _ => {
            inv.push(FieldError::new(
                "kind",
                "Escolha o que o destaque pede: nova redação ou rejeitar a proposta",
            ));
            None
        }
    };
    let text = if kind == Some("amend") {
        inv.take(proposal_text(&i.proposed_text).map_err(|e| {
            FieldError::new(
                "proposed_text",
                e.message
                    .replace("texto da proposta", "nova redação proposta"),
            )
        }))
    } else {
        None
    };
    check_raised_by(raised_by.as_deref(), &mut inv);
    let pid = Uuid::parse_str(i.proposal.trim()).ok();
    if pid.is_none() {
        inv.push(FieldError::new(
            "proposal",
            "Escolha a proposta que recebeu o destaque",
        ));
    }
    inv.into_result()?;
    let tx = db.write().await?;
    let p = proposal_of(&tx, c, pid.expect("checked")).await?;
    if !PENDING.contains(&p.status) {
        return Err(Invalid::one("proposal", "Esta proposta já foi votada na plenária").into());
    }
    let open = proposal_destaque::Entity::find()
        .filter(proposal_destaque::Column::ProposalId.eq(p.id))
        .filter(proposal_destaque::Column::Status.eq(proposal_destaque::DestaqueStatus::Open))
        .one(&tx)
        .await?;
    if open.is_some() {
        return Err(Invalid::one(
            "proposal",
            "Esta proposta já tem um destaque aguardando votação: as falas e a votação dele decidem",
        )
        .into());
    }
    proposal_destaque::Entity::insert(proposal_destaque::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(c.id),
        proposal_id: Set(p.id),
        kind: Set(kind.expect("checked").into()),
        proposed_text: Set(text),
        raised_by: Set(raised_by),
        recorded_by: Set(recorded_by),
        status: Set(DestaqueStatus::Open),
        vote_id: Set(None),
        created_at: Set(Utc::now()),
    })
    .exec(&tx)
    .await?;
    commit_and_signal(tx, c.id).await
}

/// An open destaque on a proposal of the conference, or why it cannot be voted or withdrawn.
pub(crate) async fn open_destaque(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    id: Uuid,
) -> Result<proposal_destaque::Model, Fail> {
    let d = of_conference(tx, proposal_destaque::Column::ConferenceId, c.id, id).await?;
    refuse_unless(
        d.status == DestaqueStatus::Open,
        "Este destaque já foi votado ou retirado",
    )?;
    Ok(d)
}

pub async fn withdraw_destaque(db: &Db, me: Option<&Me>, slug: &str, id: &str) -> Result<(), Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let tx = db.write().await?;
    let d = open_destaque(&tx, &c, parse_id(id)?).await?;
    let mut am = d.into_active_model();
    am.status = Set(DestaqueStatus::Withdrawn);
    am.update(&tx).await?;
    commit_and_signal(tx, c.id).await
}

/// A destaque on a proposal in words, for the telão and the votes' lists.
pub(super) async fn destaque_subject(
    db: &impl ConnectionTrait,
    d: &proposal_destaque::Model,
) -> store::Result<String> {
    let p = proposal::Entity::find_by_id(d.proposal_id).one(db).await?;
    let e = match &p {
        Some(p) => eixo::Entity::find_by_id(p.eixo_id).one(db).await?,
        None => None,
    };
    Ok(format!(
        "Destaque ({}) à proposta do eixo {}: {}",
        if d.kind == "reject" {
            "rejeitar"
        } else {
            "nova redação"
        },
        e.map(|e| e.number).unwrap_or(0),
        p.map(|p| short(&p.text)).unwrap_or_default()
    ))
}

fn short(t: &str) -> String {
    let s: String = t.chars().take(90).collect();
    if s.chars().count() < t.chars().count() {
        format!("{s}…")
    } else {
        s
    }
}

/// What a final-plenary vote was about, in words.
pub(crate) async fn subject(
    db: &impl ConnectionTrait,
    v: &plenary_vote::Model,
) -> store::Result<String> {
    Ok(match (v.subject.as_str(), v.subject_id) {
        ("proposals_block", Some(id)) => match eixo::Entity::find_by_id(id).one(db).await? {
            Some(e) => format!("Propostas do eixo {} em bloco (sem destaque)", e.number),
            None => "Propostas em bloco".into(),
        },
        ("proposal_destaque", Some(id)) => {
            match proposal_destaque::Entity::find_by_id(id).one(db).await? {
                Some(d) => destaque_subject(db, &d).await?,
                None => "Destaque a uma proposta".into(),
            }
        }
        _ => String::new(),
    })
}

/// The texts at stake in a destaque (proposal's text, the destaque's), for the phone.
pub(crate) async fn destaque_texts(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> store::Result<(Option<String>, Option<String>)> {
    let Some(d) = proposal_destaque::Entity::find_by_id(id).one(db).await? else {
        return Ok((None, None));
    };
    let p = proposal::Entity::find_by_id(d.proposal_id).one(db).await?;
    Ok((
        p.map(|p| p.text),
        if d.kind == "reject" {
            Some("(rejeitar a proposta)".into())
        } else {
            d.proposed_text
        },
    ))
}

/// Pending proposals without an open destaque whose eixo's block is not voted: what a phone may
/// still flag. (id, "Eixo N, proposta M", text).
pub(crate) async fn open_to_destaque(
    db: &Db,
    c: &conference::Model,
) -> store::Result<Vec<(String, String, String)>> {
    let (eixos, ps) = crate::plenary::eixos_and_proposals(&db.conn, c.id, &PENDING).await?;
    let open: Vec<Uuid> = open_destaques(&db.conn, c)
        .await?
        .into_iter()
        .map(|d| d.proposal_id)
        .collect();
    let mut out = Vec::new();
    for e in &eixos {
        for (n, p) in ps.iter().filter(|p| p.eixo_id == e.id).enumerate() {
            if !open.contains(&p.id) {
                out.push((
                    p.id.to_string(),
                    format!("Eixo {}, proposta {}", e.number, n + 1),
                    p.text.clone(),
                ));
            }
        }
    }
    Ok(out)
}

/// The conference's destaques on proposals waiting for their vote.
pub(super) async fn open_destaques(
    db: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<Vec<proposal_destaque::Model>> {
    Ok(proposal_destaque::Entity::find()
        .filter(proposal_destaque::Column::ConferenceId.eq(c.id))
        .filter(proposal_destaque::Column::Status.eq(proposal_destaque::DestaqueStatus::Open))
        .all(db)
        .await?)
}
