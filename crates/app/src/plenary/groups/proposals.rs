//! A group's proposals: typed, brought in from units and the etapa digital, edited, merged,
//! ordered and voted.

use super::*;
use store::entities::proposal::ProposalStatus;

#[derive(Debug, Clone, Serialize)]
pub struct ProposalView {
    pub id: String,
    pub text: String,
    pub final_text: Option<String>,
    pub level: String,
    pub level_label: String,
    pub kind: String,
    pub kind_label: String,
    pub status: String,
    pub status_label: String,
    pub origins: Vec<String>,
    pub group_vote: Option<String>,
    pub editable: bool,
    /// "Consulta on-line: 12 aprovam, …" when the conference held a consultation.
    pub consultation: Option<String>,
}

pub(crate) fn status_label(s: &str) -> &'static str {
    match s {
        "draft" => "em discussão no grupo",
        "merged" => "juntada a outra proposta",
        "group_approved" => "aprovada no grupo: vai à plenária",
        "group_minority" => "minoritária no grupo: vai à plenária",
        "group_rejected" => "rejeitada no grupo",
        "approved" => "aprovada na plenária",
        "amended" => "aprovada na plenária com nova redação",
        "rejected" => "rejeitada na plenária",
        _ => "",
    }
}

pub(crate) async fn proposal_views(
    db: &impl ConnectionTrait,
    ps: &[proposal::Model],
) -> store::Result<Vec<ProposalView>> {
    let origins = proposal_origin::Entity::find()
        .filter(
            proposal_origin::Column::ProposalId.is_in(ps.iter().map(|p| p.id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?;
    let mut consulted = crate::mobilization::online::consultation::summaries(db, ps).await?;
    Ok(ps
        .iter()
        .map(|p| ProposalView {
            id: p.id.to_string(),
            text: p.text.clone(),
            final_text: p.final_text.clone(),
            level: p.level.clone(),
            level_label: AddressedLevel::label_of(&p.level).into(),
            kind: p.kind.clone(),
            kind_label: ProposalKind::label_of(&p.kind).into(),
            status: p.status.code().into(),
            status_label: status_label(p.status.code()).into(),
            origins: {
                let mut o: Vec<String> = origins
                    .iter()
                    .filter(|o| o.proposal_id == p.id)
                    .map(|o| o.label.clone())
                    .collect();
                o.sort();
                o.dedup();
                o
            },
            group_vote: p.group_favor.map(|f| {
                format!(
                    "{f} a favor, {} contra, {} abstenções, com {} delegado(s) presente(s) no grupo",
                    p.group_against.unwrap_or(0),
                    p.group_abstain.unwrap_or(0),
                    p.group_present.unwrap_or(0)
                )
            }),
            editable: p.status == ProposalStatus::Draft,
            consultation: consulted.remove(&p.id),
        })
        .collect())
}

/// A proposal as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ProposalInput {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub kind: String,
    /// `` (the group), `unit:<id>` or `territory:<id>`.
    #[serde(default)]
    pub origin: String,
    /// `` or the id of the council's previous deliberation this proposal continues (one of
    /// "o que avançou"): kept as one more origin, shown wherever the proposal is.
    #[serde(default)]
    pub continues: String,
}

/// The origin naming the previous deliberation `s` (an id from "o que avançou"), if one was
/// chosen.
async fn continued_of(
    db: &Db,
    c: &conference::Model,
    s: &str,
) -> Result<Option<(String, String, Option<Uuid>)>, Fail> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    let bad = || {
        Fail::from(FieldError::new(
            "continues",
            "Deliberação anterior inválida: escolha da lista",
        ))
    };
    let Some(a) = crate::reporting::followup::advanced_for(&db.conn, c).await? else {
        return Err(bad());
    };
    let item = a.board.items().find(|i| i.id == s.trim()).ok_or_else(bad)?;
    let id = Uuid::parse_str(&item.id).map_err(|_| bad())?;
    Ok(Some((
        "deliberation".into(),
        format!(
            "Continua a deliberação {} da {} (situação: {})",
            item.code,
            a.from_title,
            item.status_label.to_lowercase()
        ),
        Some(id),
    )))
}

/// The origin chosen for a typed proposal: (kind, label, ref id).
async fn origin_of(
    db: &Db,
    c: &conference::Model,
    g: &working_group::Model,
    s: &str,
) -> Result<(String, String, Option<Uuid>), FieldError> {
    let bad = || FieldError::new("origin", "Origem inválida: escolha da lista");
    match s.trim().split_once(':') {
        None if s.trim().is_empty() => Ok((
            "group".into(),
            format!("Grupo de trabalho: {}", g.name),
            Some(g.id),
        )),
        Some(("unit", id)) => {
            let id = Uuid::parse_str(id).map_err(|_| bad())?;
            let u = unit_in(&db.conn, c.id, id).await.map_err(|_| bad())?;
            Ok(("unit".into(), unit_origin(&u), Some(u.id)))
        }
        Some(("territory", id)) => {
            let id = Uuid::parse_str(id).map_err(|_| bad())?;
            let t = territory_in(&db.conn, c.id, id).await.map_err(|_| bad())?;
            Ok(("territory".into(), territory_origin(&t), Some(t.id)))
        }
        _ => Err(bad()),
    }
}

/// A typed proposal's text, level and kind, each error in `inv`.
fn check_input(
    i: &ProposalInput,
    inv: &mut Invalid,
) -> Option<(String, AddressedLevel, ProposalKind)> {
    let t = inv.take(proposal_text(&i.text));
    let l = inv.take(AddressedLevel::parse(&i.level));
    let k = inv.take(ProposalKind::parse(&i.kind));
    Some((t?, l?, k?))
}

/// Adds a proposal to a group.
pub async fn add_proposal(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    i: &ProposalInput,
) -> Result<Uuid, Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let g = group_of(&db.conn, &c, parse_id(id)?).await?;
    let mut inv = Invalid::default();
    let checked = check_input(i, &mut inv);
    let origin = inv.take(origin_of(db, &c, &g, &i.origin).await);
    let continued = match continued_of(db, &c, &i.continues).await {
        Ok(x) => x,
        Err(Fail::Invalid(e)) => {
            e.0.into_iter().for_each(|x| inv.push(x));
            None
        }
        Err(other) => return Err(other),
    };
    inv.into_result()?;
    let ((text, level, kind), (okind, olabel, oref)) =
        (checked.expect("checked"), origin.expect("checked"));
    let tx = db.write().await?;
    let pid = Uuid::now_v7();
    insert_draft(&tx, &g, pid, text, level.code(), kind.code(), Utc::now()).await?;
    insert_origin(&tx, pid, (&okind, olabel, oref)).await?;
    if let Some((k, l, r)) = continued {
        insert_origin(&tx, pid, (&k, l, r)).await?;
    }
    tx.commit().await?;
    Ok(pid)
}

/// Brings a proposal waiting outside the groups (raised at a unit's meeting, sent in the etapa
/// digital) into `g` as a draft at its end, with its origin `(kind, label, ref_id)`. `claim`
/// marks the waiting row as taken by the new proposal's id, only if it still waits; when it does
/// not (another staff member brought it meanwhile), the draft is removed and false returned.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn bring_in<C, F, Fut>(
    tx: &C,
    g: &working_group::Model,
    text: String,
    level: &str,
    kind: &str,
    origin: (&str, String, Option<Uuid>),
    now: chrono::DateTime<Utc>,
    claim: F,
) -> store::Result<bool>
where
    C: ConnectionTrait,
    F: FnOnce(Uuid) -> Fut,
    Fut: std::future::Future<Output = store::Result<bool>>,
{
    let pid = Uuid::now_v7();
    insert_draft(tx, g, pid, text, level, kind, now).await?;
    if !claim(pid).await? {
        proposal::Entity::delete_by_id(pid).exec(tx).await?;
        return Ok(false);
    }
    insert_origin(tx, pid, origin).await?;
    Ok(true)
}

/// Records one origin `(kind, label, ref_id)` of a proposal (a proposal keeps every origin of
/// the ones merged into it).
pub(crate) async fn insert_origin(
    tx: &impl ConnectionTrait,
    proposal: Uuid,
    (kind, label, ref_id): (&str, String, Option<Uuid>),
) -> store::Result<()> {
    proposal_origin::Entity::insert(proposal_origin::ActiveModel {
        id: Set(Uuid::now_v7()),
        proposal_id: Set(proposal),
        kind: Set(kind.into()),
        label: Set(label),
        ref_id: Set(ref_id),
    })
    .exec(tx)
    .await?;
    Ok(())
}

/// Inserts a draft proposal `id` at the end of working group `g` (inside the caller's
/// transaction): a proposal typed at the table, or a systematized group sent to it.
pub(crate) async fn insert_draft(
    tx: &impl ConnectionTrait,
    g: &working_group::Model,
    id: Uuid,
    text: String,
    level: &str,
    kind: &str,
    now: chrono::DateTime<Utc>,
) -> store::Result<()> {
    let last = proposal::Entity::find()
        .filter(proposal::Column::GroupId.eq(g.id))
        .order_by_desc(proposal::Column::Position)
        .one(tx)
        .await?
        .map_or(0, |p| p.position);
    proposal::Entity::insert(proposal::ActiveModel {
        id: Set(id),
        conference_id: Set(g.conference_id),
        eixo_id: Set(g.eixo_id),
        group_id: Set(Some(g.id)),
        text: Set(text),
        level: Set(level.into()),
        kind: Set(kind.into()),
        status: Set(ProposalStatus::Draft),
        position: Set(last + 1),
        merged_into: Set(None),
        group_favor: Set(None),
        group_against: Set(None),
        group_abstain: Set(None),
        group_present: Set(None),
        final_text: Set(None),
        plenary_vote_id: Set(None),
        priority_paper: Set(None),
        priority_rank: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(tx)
    .await?;
    Ok(())
}

/// A proposal of the conference still in discussion in its group, or why it no longer changes.
async fn draft_of(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    id: Uuid,
) -> Result<proposal::Model, Fail> {
    let p = proposal_of(tx, c, id).await?;
    refuse_unless(
        p.status == ProposalStatus::Draft,
        "Esta proposta já foi votada no grupo (ou juntada a outra): não muda mais aqui",
    )?;
    Ok(p)
}

/// Edits a proposal's text, level and kind while the group discusses it.
pub async fn edit_proposal(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    i: &ProposalInput,
) -> Result<(), Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    edit_draft(db, &c, parse_id(id)?, i).await
}

/// Edits a draft proposal (the caller checked who may).
pub(crate) async fn edit_draft(
    db: &Db,
    c: &conference::Model,
    id: Uuid,
    i: &ProposalInput,
) -> Result<(), Fail> {
    let mut inv = Invalid::default();
    let checked = check_input(i, &mut inv);
    inv.into_result()?;
    let (text, level, kind) = checked.expect("checked");
    let tx = db.write().await?;
    let p = draft_of(&tx, c, id).await?;
    let mut am = p.into_active_model();
    am.text = Set(text);
    am.level = Set(level.code().into());
    am.kind = Set(kind.code().into());
    am.updated_at = Set(Utc::now());
    am.update(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Merges a duplicate into the proposal that stays: the duplicate is kept, marked merged, and
/// every origin of it is added to the one that stays.
pub async fn merge(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    keep: &str,
    other: &str,
) -> Result<(), Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let (keep, other) = (parse_id(keep)?, Uuid::parse_str(other.trim()).ok());
    let Some(other) = other.filter(|o| *o != keep) else {
        return Err(Invalid::one(
            "other",
            "Escolha a proposta repetida que será juntada a esta",
        )
        .into());
    };
    let tx = db.write().await?;
    let k = draft_of(&tx, &c, keep).await?;
    let o = draft_of(&tx, &c, other).await?;
    if k.group_id != o.group_id {
        return Err(Invalid::one("other", "Só se juntam propostas do mesmo grupo").into());
    }
    let origins = proposal_origin::Entity::find()
        .filter(proposal_origin::Column::ProposalId.eq(o.id))
        .all(&tx)
        .await?;
    for x in origins {
        insert_origin(&tx, k.id, (&x.kind, x.label, x.ref_id)).await?;
    }
    let mut am = o.into_active_model();
    am.status = Set(ProposalStatus::Merged);
    am.merged_into = Set(Some(k.id));
    am.updated_at = Set(Utc::now());
    am.update(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Moves a proposal up or down in its group's order.
pub async fn move_proposal(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    up: bool,
) -> Result<(), Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    move_in_group(db, &c, parse_id(id)?, up).await
}

/// Swaps a proposal with its neighbour in the group's order (the caller checked who may).
pub(crate) async fn move_in_group(
    db: &Db,
    c: &conference::Model,
    id: Uuid,
    up: bool,
) -> Result<(), Fail> {
    let tx = db.write().await?;
    let p = proposal_of(&tx, c, id).await?;
    let q = proposal::Entity::find()
        .filter(proposal::Column::GroupId.eq(p.group_id))
        .filter(proposal::Column::Status.ne(proposal::ProposalStatus::Merged));
    let neighbour = if up {
        q.filter(proposal::Column::Position.lt(p.position))
            .order_by_desc(proposal::Column::Position)
            .one(&tx)
            .await?
    } else {
        q.filter(proposal::Column::Position.gt(p.position))
            .order_by_asc(proposal::Column::Position)
            .one(&tx)
            .await?
    };
    if let Some(n) = neighbour {
        let (pp, np) = (p.position, n.position);
        let mut a = p.into_active_model();
        a.position = Set(np);
        a.update(&tx).await?;
        let mut b = n.into_active_model();
        b.position = Set(pp);
        b.update(&tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The group's vote on a proposal, counted by the table: checked against the group's delegates
/// present today.
pub async fn group_vote(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    counts: &crate::plenary::regimento::CountInput,
) -> Result<domain::proposals::GroupOutcome, Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let tally = Tally::parse(&counts.favor, &counts.against, &counts.abstain)?;
    let tx = db.write().await?;
    let p = draft_of(&tx, &c, parse_id(id)?).await?;
    let g = group_of(&tx, &c, p.group_id.ok_or(Fail::NotFound)?).await?;
    let (regs, present) = present_in_group(&tx, &c, &g).await?;
    let n = regs
        .iter()
        .filter(|r| r.category == "delegado" && present.contains(&r.id))
        .count() as u32;
    if n == 0 {
        return Err(Invalid::one(
            "favor",
            "Nenhum(a) delegado(a) do grupo está presente com voto agora: sem delegados presentes o grupo não vota",
        )
        .into());
    }
    tally.check(n).map_err(|e| {
        Invalid::one(
            "favor",
            e.message.replace("presente(s)", "presente(s) no grupo"),
        )
    })?;
    let outcome = group_outcome(tally, c.group_minority_pct.map(|x| x as u32));
    let mut am = p.into_active_model();
    am.status = Set(outcome.into());
    am.group_favor = Set(Some(tally.favor as i32));
    am.group_against = Set(Some(tally.against as i32));
    am.group_abstain = Set(Some(tally.abstain as i32));
    am.group_present = Set(Some(n as i32));
    am.updated_at = Set(Utc::now());
    am.update(&tx).await?;
    commit_and_signal(tx, c.id).await?;
    Ok(outcome)
}
