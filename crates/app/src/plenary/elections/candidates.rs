//! Candidates and the table's election console.

use super::*;

/// A candidate as the table sees it.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateView {
    pub id: String,
    pub name: String,
    pub code: String,
    pub votes: Option<u32>,
}

/// One segment on the table's election page.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentView {
    pub code: &'static str,
    pub label: &'static str,
    pub titulares: u32,
    pub suplentes: u32,
    pub candidates: Vec<CandidateView>,
    /// `none`, `open`, `closed`.
    pub poll_status: &'static str,
    pub poll_id: Option<String>,
    pub present_at_open: Option<i32>,
    pub present_now: u32,
    pub voters: u32,
    /// The last round (1, 2, …; 0 before the first poll) and its label ("2º turno").
    pub round: i32,
    pub round_label: Option<String>,
    /// Every round of the segment's poll, in order.
    pub rounds: Vec<RoundView>,
    /// The government's delegates are appointed by the manager: no poll in this segment.
    pub appointed: bool,
    /// A new round the table may open (the last one is closed, the result not carried).
    pub next_round: Option<NextRound>,
}

/// One round of a segment's poll on the console.
#[derive(Debug, Clone, Serialize)]
pub struct RoundView {
    pub round: i32,
    /// "1º turno", "2º turno", …
    pub label: String,
    /// `open`, `closed`.
    pub status: &'static str,
    pub poll_id: String,
    pub present_at_open: i32,
    pub voters: u32,
    /// The round's candidates with their votes once closed, most voted first.
    pub counts: Vec<RoundCount>,
}

/// A candidate of a round and their votes (once closed).
#[derive(Debug, Clone, Serialize)]
pub struct RoundCount {
    pub id: String,
    pub name: String,
    pub votes: Option<u32>,
}

/// The form for a new round of a segment's poll.
#[derive(Debug, Clone, Serialize)]
pub struct NextRound {
    /// "2º turno", …
    pub label: String,
    /// The segment's candidates; the tied ones (at a seat's edge in the last round) checked.
    pub candidates: Vec<NewRoundCandidate>,
    /// Some candidates were tied at a seat's edge.
    pub tied: bool,
    /// The form's field (for its errors): `turno-{segment}`.
    pub field: String,
}

/// A candidate on the new round's form.
#[derive(Debug, Clone, Serialize)]
pub struct NewRoundCandidate {
    pub id: String,
    pub name: String,
    pub checked: bool,
}

/// The table's election console.
#[derive(Debug, Clone, Serialize)]
pub struct Console {
    pub slug: String,
    pub title: String,
    pub segments: Vec<SegmentView>,
    pub computed: bool,
    pub all_closed: bool,
}

/// Delegates of a segment who vote now (in the room, holding a seat: `crate::plenary::seats`).
pub(super) async fn present_of_segment(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    segment: Segment,
) -> store::Result<HashSet<Uuid>> {
    let room = crate::plenary::seats::room(db, c).await?;
    let ids: HashSet<Uuid> = registration::Entity::find()
        .select_only()
        .column(registration::Column::Id)
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Active))
        .filter(registration::Column::Category.eq(Category::Delegate.code()))
        .filter(registration::Column::Segment.eq(segment.code()))
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(room.voting.intersection(&ids).copied().collect())
}

/// Phone ballots per candidate of a poll, in candidate id order.
pub(super) async fn phone_counts(
    db: &impl ConnectionTrait,
    poll: Uuid,
) -> store::Result<std::collections::BTreeMap<Uuid, u32>> {
    let ballots: Vec<Uuid> = election_ballot::Entity::find()
        .select_only()
        .column(election_ballot::Column::CandidateId)
        .filter(election_ballot::Column::PollId.eq(poll))
        .into_tuple()
        .all(db)
        .await?;
    let mut out = std::collections::BTreeMap::new();
    for b in ballots {
        *out.entry(b).or_default() += 1;
    }
    Ok(out)
}

/// Phone ballots plus room counts per candidate of a poll.
pub(super) async fn votes_of(
    db: &impl ConnectionTrait,
    poll: Uuid,
) -> store::Result<HashMap<Uuid, u32>> {
    let mut out: HashMap<Uuid, u32> = phone_counts(db, poll).await?.into_iter().collect();
    for r in election_room_count::Entity::find()
        .filter(election_room_count::Column::PollId.eq(poll))
        .all(db)
        .await?
    {
        *out.entry(r.candidate_id).or_default() += r.votes.max(0) as u32;
    }
    Ok(out)
}

pub(super) async fn voters_of(db: &impl ConnectionTrait, poll: Uuid) -> store::Result<u32> {
    Ok(election_participation::Entity::find()
        .filter(election_participation::Column::PollId.eq(poll))
        .count(db)
        .await? as u32)
}

pub(super) async fn candidates_of(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Vec<(election_candidate::Model, registration::Model)>> {
    let cs = election_candidate::Entity::find()
        .filter(election_candidate::Column::ConferenceId.eq(conference_id))
        .order_by_asc(election_candidate::Column::CreatedAt)
        .all(db)
        .await?;
    with_registrations(db, cs, |c| c.registration_id).await
}

/// The candidates of one segment of the conference's election, in no particular order.
pub(super) async fn segment_candidates(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    segment: &str,
) -> store::Result<Vec<election_candidate::Model>> {
    Ok(election_candidate::Entity::find()
        .filter(election_candidate::Column::ConferenceId.eq(conference_id))
        .filter(election_candidate::Column::Segment.eq(segment))
        .all(db)
        .await?)
}

/// The polls (every round) of one segment of the conference's election.
pub(super) async fn segment_polls(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    segment: &str,
) -> store::Result<Vec<election_poll::Model>> {
    Ok(election_poll::Entity::find()
        .filter(election_poll::Column::ConferenceId.eq(conference_id))
        .filter(election_poll::Column::Segment.eq(segment))
        .all(db)
        .await?)
}

pub(super) async fn polls_of(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Vec<election_poll::Model>> {
    Ok(election_poll::Entity::find()
        .filter(election_poll::Column::ConferenceId.eq(conference_id))
        .all(db)
        .await?)
}

/// The domain's inputs from the closed rounds of the polls: the first rounds' candidates with their
/// votes and the later rounds in the order held (ids are registration ids).
pub(super) async fn ballots_of(
    db: &impl ConnectionTrait,
    polls: &[election_poll::Model],
    cands: &[(election_candidate::Model, registration::Model)],
    quota: &HashSet<Uuid>,
) -> store::Result<(Vec<el::Candidate>, Vec<el::Round>)> {
    let mut closed: Vec<&election_poll::Model> = polls
        .iter()
        .filter(|p| p.status == PollStatus::Closed)
        .collect();
    closed.sort_by_key(|p| (p.round, p.opened_at));
    let mut candidates = Vec::new();
    let mut rounds = Vec::new();
    for p in closed {
        let Some(segment) = segment_of(&p.segment) else {
            continue;
        };
        let votes = votes_of(db, p.id).await?;
        let mine = cands
            .iter()
            .filter(|(k, _)| k.segment == p.segment && in_round(p, k.id));
        if p.round <= 1 {
            for (k, r) in mine {
                candidates.push(el::Candidate {
                    // The registration's id: UUIDv7, so "then by id" is registration order.
                    id: r.id,
                    segment,
                    votes: votes.get(&k.id).copied().unwrap_or(0),
                    birth_date: r.birth_date,
                    quota: quota.contains(&r.id),
                });
            }
        } else {
            rounds.push(el::Round {
                segment,
                votes: mine
                    .map(|(k, r)| (r.id, votes.get(&k.id).copied().unwrap_or(0)))
                    .collect(),
            });
        }
    }
    Ok((candidates, rounds))
}

/// Registrations of the conference that declared a quota group (counted, never shown).
pub(super) async fn quota_of(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<HashSet<Uuid>> {
    Ok(registration_sensitive::Entity::find()
        .filter(registration_sensitive::Column::ConferenceId.eq(conference_id))
        .all(db)
        .await?
        .into_iter()
        .filter(|s| !s.quotas.trim().is_empty())
        .map(|s| s.registration_id)
        .collect())
}

/// The console: seats, candidates and polls (every round) per segment.
pub async fn console(db: &Db, me: Option<&Me>, slug: &str) -> Result<Console, Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let e = settings_of(&db.conn, &c).await?;
    let seats = seats_of(&e);
    let cands = candidates_of(&db.conn, c.id).await?;
    let polls = polls_of(&db.conn, c.id).await?;
    // The ties the rule would decide at a seat's edge in each segment's last closed round: the
    // candidates a new round would put to the vote again.
    let (first, later) = ballots_of(&db.conn, &polls, &cands, &HashSet::new()).await?;
    let ranked = el::elect_with(seats, &first, &later, None, tie_rule_of(&e), e.seed as u64);
    let mut segments = Vec::new();
    for s in Segment::ALL {
        let mut rounds: Vec<&election_poll::Model> =
            polls.iter().filter(|p| p.segment == s.code()).collect();
        rounds.sort_by_key(|p| p.round);
        let poll = rounds.last().copied();
        let votes = match poll.filter(|p| p.status == PollStatus::Closed) {
            Some(p) => Some(votes_of(&db.conn, p.id).await?),
            None => None,
        };
        let mut round_views = Vec::new();
        for p in &rounds {
            let closed = p.status == PollStatus::Closed;
            let v = if closed {
                votes_of(&db.conn, p.id).await?
            } else {
                HashMap::new()
            };
            let mut counts: Vec<RoundCount> = cands
                .iter()
                .filter(|(k, _)| k.segment == s.code() && in_round(p, k.id))
                .map(|(k, r)| RoundCount {
                    id: k.id.to_string(),
                    name: r.display_name().to_owned(),
                    votes: closed.then(|| v.get(&k.id).copied().unwrap_or(0)),
                })
                .collect();
            if closed {
                counts.sort_by(|a, b| b.votes.cmp(&a.votes).then_with(|| a.name.cmp(&b.name)));
            }
            round_views.push(RoundView {
                round: p.round,
                label: round_label(p.round),
                status: p.status.code(),
                poll_id: p.id.to_string(),
                present_at_open: p.present,
                voters: voters_of(&db.conn, p.id).await?,
                counts,
            });
        }
        let last_round = poll.map(|p| p.round).unwrap_or(0);
        let tied: HashSet<Uuid> = ranked
            .ties
            .iter()
            .filter(|t| t.segment == *s && t.decisive && t.round as i32 == last_round)
            .flat_map(|t| t.candidates.iter().copied())
            .collect();
        let next_round = poll
            .filter(|p| p.status == PollStatus::Closed && e.carried_at.is_none())
            .map(|p| NextRound {
                label: round_label(p.round + 1),
                candidates: cands
                    .iter()
                    .filter(|(k, _)| k.segment == s.code())
                    .map(|(k, r)| NewRoundCandidate {
                        id: k.id.to_string(),
                        name: r.display_name().to_owned(),
                        checked: tied.contains(&r.id),
                    })
                    .collect(),
                tied: !tied.is_empty(),
                field: format!("turno-{}", s.code()),
            });
        segments.push(SegmentView {
            code: s.code(),
            label: s.label(),
            titulares: seats.of(*s),
            suplentes: seats.suplentes_of(*s),
            candidates: cands
                .iter()
                .filter(|(k, _)| k.segment == s.code())
                .map(|(k, r)| CandidateView {
                    id: k.id.to_string(),
                    name: r.display_name().to_owned(),
                    code: r.code.clone(),
                    votes: votes
                        .as_ref()
                        .filter(|_| poll.is_some_and(|p| in_round(p, k.id)))
                        .map(|v| v.get(&k.id).copied().unwrap_or(0)),
                })
                .collect(),
            poll_status: poll.map_or("none", |p| p.status.code()),
            poll_id: poll.map(|p| p.id.to_string()),
            present_at_open: poll.map(|p| p.present),
            present_now: present_of_segment(&db.conn, &c, *s).await?.len() as u32,
            voters: match poll {
                Some(p) => voters_of(&db.conn, p.id).await?,
                None => 0,
            },
            round: last_round,
            round_label: (last_round > 0).then(|| round_label(last_round)),
            rounds: round_views,
            appointed: *s == Segment::Government && government_appointed(&e),
            next_round,
        });
    }
    Ok(Console {
        slug: c.slug.clone(),
        title: c.title.clone(),
        all_closed: !polls.is_empty() && polls.iter().all(|p| p.status == PollStatus::Closed),
        computed: e.computed_at.is_some(),
        segments,
    })
}

/// Registers a candidate by registration code: an active delegate of this conference whose
/// category may be elected, in the segment of their registration, before that segment's poll.
pub async fn add_candidate(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    registration_code: &str,
) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let code = domain::participants::normalize_code(registration_code).ok_or_else(|| {
        Invalid::one(
            "code",
            "Código de inscrição inválido: confira no crachá (ex.: ABCD-EFGH)",
        )
    })?;
    let r = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Code.eq(&code))
        .filter(registration::Column::Status.eq(RegistrationStatus::Active))
        .one(&db.conn)
        .await?
        .ok_or_else(|| Invalid::one("code", "Nenhuma inscrição ativa com este código"))?;
    let rights = crate::setup::categories::rights(db, c.id).await?;
    let category = Category::parse(&r.category).ok();
    if category != Some(Category::Delegate) || !rights.may_be_elected(Category::Delegate) {
        return Err(Invalid::one(
            "code",
            "Só delegados(as) podem se candidatar, quando o regimento permite que sejam eleitos(as)",
        )
        .into());
    }
    let Some(segment) = r.segment.as_deref().and_then(segment_of) else {
        return Err(Invalid::one(
            "code",
            "A inscrição não tem segmento: corrija a inscrição antes da candidatura",
        )
        .into());
    };
    let tx = db.write().await?;
    let e = ensure_row(&tx, &c).await?;
    if segment == Segment::Government && government_appointed(&e) {
        return Err(Invalid::one(
            "code",
            "Nesta eleição os(as) delegados(as) do governo são indicados(as) pelo órgão gestor: não há candidatura no segmento Governo",
        )
        .into());
    }
    if seats_of(&e).of(segment) == 0 {
        return Err(Invalid::one(
            "code",
            format!(
                "O segmento {} não tem vagas nesta eleição: não há candidatura nele",
                segment.label()
            ),
        )
        .into());
    }
    if !segment_polls(&tx, c.id, segment.code()).await?.is_empty() {
        return Err(Invalid::one(
            "code",
            format!(
                "A votação do segmento {} já foi aberta: não entram mais candidaturas",
                segment.label()
            ),
        )
        .into());
    }
    if election_candidate::Entity::find()
        .filter(election_candidate::Column::ConferenceId.eq(c.id))
        .filter(election_candidate::Column::RegistrationId.eq(r.id))
        .count(&tx)
        .await?
        > 0
    {
        return Err(Invalid::one("code", "Esta pessoa já é candidata").into());
    }
    election_candidate::Entity::insert(election_candidate::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(c.id),
        registration_id: Set(r.id),
        segment: Set(segment.code().into()),
        accepted: Set(true),
        created_at: Set(Utc::now()),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Withdraws a candidate before the segment's poll opens.
pub async fn remove_candidate(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    candidate: &str,
) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let id = Uuid::parse_str(candidate.trim()).map_err(|_| Fail::NotFound)?;
    let tx = db.write().await?;
    let k = election_candidate::Entity::find_by_id(id)
        .filter(election_candidate::Column::ConferenceId.eq(c.id))
        .one(&tx)
        .await?
        .ok_or(Fail::NotFound)?;
    if !segment_polls(&tx, c.id, &k.segment).await?.is_empty() {
        return Err(Invalid::one(
            "form",
            "A votação deste segmento já foi aberta: a candidatura não pode mais ser retirada",
        )
        .into());
    }
    election_candidate::Entity::delete_by_id(id)
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
