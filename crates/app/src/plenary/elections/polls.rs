//! Polls: opening (rounds), casting, closing and the poll's hash chain.

use super::*;

/// Opens the poll of a segment (its 1º turno): needs candidates and delegates of the segment
/// present today; records how many are present. Refused for the government when its delegates
/// are appointed by the manager.
pub async fn open_poll(db: &Db, me: Option<&Me>, slug: &str, segment: &str) -> Result<Uuid, Fail> {
    open_round_in(db, me, slug, segment, None).await
}

/// Opens a new round (2º turno, …) of a segment's poll, for the candidates of the segment in
/// `candidates` (ids; at least two when the segment has two): for a tie the rule should not
/// decide, or when the regimento says so. Only the last round counts for the result; the earlier
/// ones keep their counts, chains and receipts. Refused before the first round, while a round of
/// the segment is open, and after the result was carried.
pub async fn open_round(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    segment: &str,
    candidates: &[String],
) -> Result<Uuid, Fail> {
    open_round_in(db, me, slug, segment, Some(candidates)).await
}

/// The candidates of a new round: ids of the segment's candidates, each once.
async fn next_round_candidates(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    segment: Segment,
    earlier: &[election_poll::Model],
    round: i32,
    ids: &[String],
) -> Result<Vec<Uuid>, Fail> {
    let field = format!("turno-{}", segment.code());
    let fail = |msg: String| Fail::Invalid(Invalid::one(&field, msg));
    if earlier.is_empty() {
        return Err(fail(format!(
            "A votação do segmento {} ainda não foi aberta: abra o 1º turno antes",
            segment.label()
        )));
    }
    if let Some(p) = earlier.iter().find(|p| p.status == PollStatus::Open) {
        return Err(fail(format!(
            "O {} do segmento {} está aberto: encerre-o antes de abrir outro turno",
            round_label(p.round),
            segment.label()
        )));
    }
    let all: HashSet<Uuid> = segment_candidates(tx, c.id, segment.code())
        .await?
        .into_iter()
        .map(|k| k.id)
        .collect();
    let mut chosen: Vec<Uuid> = Vec::new();
    for id in ids {
        let Some(k) = Uuid::parse_str(id.trim()).ok().filter(|k| all.contains(k)) else {
            return Err(fail(format!(
                "Marque só candidatos(as) do segmento {} para o {}",
                segment.label(),
                round_label(round)
            )));
        };
        if !chosen.contains(&k) {
            chosen.push(k);
        }
    }
    if chosen.len() < all.len().min(2) {
        return Err(fail(format!(
            "Marque ao menos dois(duas) candidatos(as) do segmento {} para o {} (por exemplo, os(as) empatados(as))",
            segment.label(),
            round_label(round)
        )));
    }
    chosen.sort();
    Ok(chosen)
}

/// Opens the first round of a segment's poll (`next` is `None`) or a new round for `next`.
async fn open_round_in(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    segment: &str,
    next: Option<&[String]>,
) -> Result<Uuid, Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let segment = Segment::parse(segment)?;
    let root = crate::plenary::seal::root(db).await?;
    let tx = db.write().await?;
    let e = ensure_open_row(&tx, &c).await?;
    if seats_of(&e).of(segment) == 0 {
        return Err(Invalid::one(
            "segment",
            format!(
                "O segmento {} não tem vagas nesta tabela: não há eleição nele",
                segment.label()
            ),
        )
        .into());
    }
    if segment == Segment::Government && government_appointed(&e) {
        return Err(Invalid::one(
            "segment",
            "Nesta eleição os(as) delegados(as) do governo são indicados(as) pelo órgão gestor: não há votação no segmento Governo",
        )
        .into());
    }
    let earlier = segment_polls(&tx, c.id, segment.code()).await?;
    let round = earlier.iter().map(|p| p.round).max().unwrap_or(0) + 1;
    let restricted = match next {
        None if !earlier.is_empty() => {
            return Err(Invalid::one(
                "segment",
                format!("A votação do segmento {} já foi aberta", segment.label()),
            )
            .into());
        }
        None => None,
        Some(ids) => Some(next_round_candidates(&tx, &c, segment, &earlier, round, ids).await?),
    };
    let all = segment_candidates(&tx, c.id, segment.code()).await?;
    if all.is_empty() {
        return Err(Invalid::one(
            "segment",
            format!(
                "Registre ao menos uma candidatura do segmento {} antes de abrir a votação",
                segment.label()
            ),
        )
        .into());
    }
    let present = present_of_segment(&tx, &c, segment).await?.len();
    if present == 0 {
        return Err(Invalid::one(
            "segment",
            format!(
                "Nenhum(a) delegado(a) do segmento {} foi credenciado(a) hoje: não há quem vote",
                segment.label()
            ),
        )
        .into());
    }
    let id = Uuid::now_v7();
    let now = Utc::now();
    let mut candidates: Vec<String> = all
        .into_iter()
        .filter(|k| restricted.as_ref().is_none_or(|only| only.contains(&k.id)))
        .map(|k| k.id.to_string())
        .collect();
    candidates.sort();
    // Each poll's chain starts from the genesis hash: polls of several segments may be open at
    // once, so there is no "previous poll's last hash" that is final.
    let head = insert_link(
        &tx,
        id,
        GENESIS,
        0,
        "open",
        &serde_json::json!({
            "poll": id,
            "conference": c.id,
            "segment": segment.code(),
            "round": round,
            "titulares": seats_of(&e).of(segment),
            "candidates": candidates,
            "present": present,
            "opened_at": now.to_rfc3339(),
        }),
    )
    .await?;
    election_poll::Entity::insert(election_poll::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        segment: Set(segment.code().into()),
        status: Set(PollStatus::Open),
        present: Set(present as i32),
        opened_at: Set(now),
        closed_at: Set(None),
        opened_by: Set(me.map(|m| m.account.id)),
        log_seq: Set(0),
        log_head: Set(Some(head)),
        round: Set(round),
        candidates: Set(restricted
            .as_ref()
            .map(|v| serde_json::to_string(v).unwrap_or_default())),
    })
    .exec(&tx)
    .await
    .map_err(store::Error::from_db)?;
    // The poll's ballots are sealed while it is open (`crate::plenary::seal`).
    crate::plenary::seal::start(&tx, &root, id).await?;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    tracing::info!(conference = %c.id, poll = %id, segment = segment.code(), round, "election poll opened");
    Ok(id)
}

async fn lock_poll(
    db: &Db,
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    id: Uuid,
) -> Result<election_poll::Model, Fail> {
    let q =
        election_poll::Entity::find_by_id(id).filter(election_poll::Column::ConferenceId.eq(c.id));
    let p = match db.backend {
        Backend::Postgres => q.lock_exclusive().one(tx).await?,
        Backend::Sqlite => q.one(tx).await?,
    };
    p.ok_or(Fail::NotFound)
}

/// Writes one link of a poll's chain; returns its hash.
async fn insert_link(
    tx: &impl ConnectionTrait,
    poll: Uuid,
    prev: &str,
    seq: i32,
    kind: &str,
    body: &serde_json::Value,
) -> store::Result<String> {
    let (body, hash) = chain::seal(prev, seq, kind, body);
    election_log::Entity::insert(election_log::ActiveModel {
        poll_id: Set(poll),
        seq: Set(seq),
        kind: Set(kind.into()),
        body: Set(body),
        prev_hash: Set(prev.into()),
        hash: Set(hash.clone()),
    })
    .exec(tx)
    .await?;
    Ok(hash)
}

/// Appends a link after the poll's head and moves the head (the poll's row is locked). A poll
/// opened before the chain existed gets no links.
async fn append(
    tx: &impl ConnectionTrait,
    p: &mut election_poll::Model,
    kind: &str,
    body: &serde_json::Value,
) -> store::Result<()> {
    let Some(prev) = p.log_head.clone() else {
        return Ok(());
    };
    let seq = p.log_seq + 1;
    let head = insert_link(tx, p.id, &prev, seq, kind, body).await?;
    election_poll::Entity::update_many()
        .col_expr(election_poll::Column::LogSeq, seq.into())
        .col_expr(election_poll::Column::LogHead, Some(head.clone()).into())
        .filter(election_poll::Column::Id.eq(p.id))
        .exec(tx)
        .await?;
    p.log_seq = seq;
    p.log_head = Some(head);
    Ok(())
}

fn refuse(msg: &str) -> Fail {
    Fail::Invalid(Invalid::one("candidate", msg))
}

/// The receipt handed to the phone after its vote was written. The code is shown once and is
/// stored only as a hash with the ballot.
#[derive(Debug, Clone, Serialize)]
pub struct Receipt {
    pub poll_id: Uuid,
    pub code: String,
    pub segment: &'static str,
    pub candidate: String,
}

/// A vote from a delegate's phone (`token` is the phone's cookie): one vote in the poll of the
/// delegate's own segment, for one of its candidates, while present today and the poll is open.
/// Written in one transaction: the participation, the ballot (keyed by the receipt's hash) and the
/// chain's link, nothing linking the voter to the ballot.
pub async fn cast(
    db: &Db,
    slug: &str,
    token: Option<&str>,
    poll: &str,
    candidate: &str,
) -> Result<Receipt, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let r = crate::participants::devices::delegate(db, &c, token)
        .await?
        .ok_or(Fail::Forbidden)?;
    let poll = Uuid::parse_str(poll.trim()).map_err(|_| Fail::NotFound)?;
    let candidate = Uuid::parse_str(candidate.trim()).ok();
    let root = crate::plenary::seal::root(db).await?;
    let tx = db.write().await?;
    let mut p = lock_poll(db, &tx, &c, poll).await?;
    let segment = segment_of(&p.segment).ok_or(Fail::NotFound)?;
    if p.status != PollStatus::Open {
        return Err(refuse(
            "Esta votação já foi encerrada: o seu voto não foi contado",
        ));
    }
    // A poll opened since ballots are sealed has a key; older polls keep readable ballots.
    let seal_key = crate::plenary::seal::key_of(&tx, &root, p.id).await?;
    if r.category != Category::Delegate.code() {
        return Err(refuse(
            "Só delegados(as) com inscrição ativa votam: este voto não foi contado",
        ));
    }
    if r.segment.as_deref() != Some(segment.code()) {
        return Err(refuse(&format!(
            "Esta eleição é do segmento {}: só delegados(as) desse segmento votam nela",
            segment.label()
        )));
    }
    if let Some(why) = crate::plenary::seats::room_for(&tx, &c, &[r.id])
        .await?
        .why_not_voting(r.id)
    {
        return Err(refuse(why));
    }
    if election_participation::Entity::find_by_id((p.id, r.id))
        .one(&tx)
        .await?
        .is_some()
    {
        return Err(refuse(
            "Você já votou nesta eleição: cada delegado(a) vota uma vez, e o primeiro voto é o que vale",
        ));
    }
    let candidate =
        candidate.ok_or_else(|| refuse("Escolha um(a) candidato(a) da lista deste segmento"))?;
    let k = election_candidate::Entity::find_by_id(candidate)
        .filter(election_candidate::Column::ConferenceId.eq(c.id))
        .filter(election_candidate::Column::Segment.eq(segment.code()))
        .one(&tx)
        .await?
        // In a later round, only its candidates.
        .filter(|k| in_round(&p, k.id))
        .ok_or_else(|| refuse("Escolha um(a) candidato(a) da lista deste segmento"))?;
    election_participation::Entity::insert(election_participation::ActiveModel {
        poll_id: Set(p.id),
        registration_id: Set(r.id),
    })
    .exec(&tx)
    .await
    .map_err(|e| match store::Error::from_db(e) {
        store::Error::Conflict(_) => refuse(
            "Você já votou nesta eleição: cada delegado(a) vota uma vez, e o primeiro voto é o que vale",
        ),
        other => Fail::from(other),
    })?;
    let code = chain::new_receipt_code();
    let key = chain::receipt_hash(p.id, &code);
    if let Some(seal_key) = &seal_key {
        // Sealed until the closing, which writes every ballot readable and chains them in one
        // link sorted by receipt hash: nothing here tells the order in which ballots came.
        crate::plenary::seal::insert(&tx, vec![seal_key.seal(p.id, &key, &k.id.to_string())])
            .await?;
    } else {
        election_ballot::Entity::insert(election_ballot::ActiveModel {
            poll_id: Set(p.id),
            ballot_key: Set(key.clone()),
            candidate_id: Set(k.id),
        })
        .exec(&tx)
        .await?;
        // (A poll opened before sealing: one link per ballot, as it began.)
        append(
            &tx,
            &mut p,
            "ballots",
            &serde_json::json!({ "ballots": [[key, k.id.to_string()]] }),
        )
        .await?;
    }
    let name = registration::Entity::find_by_id(k.registration_id)
        .one(&tx)
        .await?
        .map(|r| r.display_name().to_owned())
        .unwrap_or_default();
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    Ok(Receipt {
        poll_id: p.id,
        code,
        segment: segment.label(),
        candidate: name,
    })
}

/// Counts typed by the table when closing: candidate id → votes counted in the room.
pub type RoomCounts = Vec<(String, String)>;

/// Closes a segment's poll, adding the room's counts per candidate (paper or raised badges) of
/// the delegates who did not vote by phone. Refused when the counts would count more people
/// than the segment's delegates present.
pub async fn close_poll(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    poll: &str,
    room: &RoomCounts,
) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let id = Uuid::parse_str(poll.trim()).map_err(|_| Fail::NotFound)?;
    let root = crate::plenary::seal::root(db).await?;
    let tx = db.write().await?;
    let mut p = lock_poll(db, &tx, &c, id).await?;
    let segment = segment_of(&p.segment).ok_or(Fail::NotFound)?;
    if p.status != PollStatus::Open {
        return Err(Invalid::one("form", "Esta votação já foi encerrada").into());
    }
    let sealed = unseal(db, &tx, &root, &mut p).await?;
    let cands: HashSet<Uuid> = segment_candidates(&tx, c.id, segment.code())
        .await?
        .into_iter()
        .map(|k| k.id)
        // In a later round, only its candidates.
        .filter(|k| in_round(&p, *k))
        .collect();
    let mut inv = Invalid::default();
    let mut counts: Vec<(Uuid, u32)> = Vec::new();
    for (k, v) in room {
        let Some(kid) = Uuid::parse_str(k.trim()).ok().filter(|k| cands.contains(k)) else {
            continue;
        };
        let t = v.trim();
        if t.is_empty() {
            continue;
        }
        match t.parse::<u32>() {
            Ok(n) if n <= 100_000 => {
                if n > 0 {
                    counts.push((kid, n));
                }
            }
            _ => inv.push(FieldError::new(
                format!("sala-{kid}"),
                "Votos contados na sala: digite um número inteiro, 0 ou mais",
            )),
        }
    }
    inv.into_result()?;
    let voters = voters_of(&tx, p.id).await?;
    let present = present_of_segment(&tx, &c, segment).await?.len() as u32;
    let room_total: u32 = counts.iter().map(|(_, n)| n).sum();
    if voters + room_total > present {
        return Err(Invalid::one(
            "form",
            format!(
                "A contagem da sala ({room_total}) mais os {voters} voto(s) pelo celular passa dos {present} delegado(s) do segmento presente(s): conte de novo"
            ),
        )
        .into());
    }
    if voters + room_total == 0 {
        return Err(Invalid::one(
            "form",
            "Ninguém votou pelo celular e não há contagem da sala: a votação não pode ser encerrada sem votos",
        )
        .into());
    }
    counts.sort();
    for (k, n) in &counts {
        election_room_count::Entity::insert(election_room_count::ActiveModel {
            poll_id: Set(p.id),
            candidate_id: Set(*k),
            votes: Set(*n as i32),
        })
        .exec(&tx)
        .await?;
    }
    let now = Utc::now();
    append(
        &tx,
        &mut p,
        "room",
        &serde_json::json!({
            "room": counts.iter().map(|(k, n)| serde_json::json!([k.to_string(), n])).collect::<Vec<_>>(),
        }),
    )
    .await?;
    let phone = phone_counts(&tx, p.id).await?;
    append(
        &tx,
        &mut p,
        "close",
        &serde_json::json!({
            "phone": phone.iter().map(|(k, n)| serde_json::json!([k.to_string(), n])).collect::<Vec<_>>(),
            "voters_by_phone": voters,
            "present": present,
            "closed_at": now.to_rfc3339(),
        }),
    )
    .await?;
    election_poll::Entity::update_many()
        .col_expr(election_poll::Column::Status, PollStatus::Closed.into())
        .col_expr(election_poll::Column::ClosedAt, Some(now).into())
        .filter(election_poll::Column::Id.eq(p.id))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    if sealed {
        crate::plenary::seal::scrub(db);
    }
    crate::platform::events::bump(c.id);
    tracing::info!(conference = %c.id, poll = %p.id, "election poll closed");
    Ok(())
}

/// At the closing of a sealed poll, in the closing transaction: opens every sealed ballot, writes
/// them readable into `election_ballot` in receipt-hash order in one pass, chains them as ONE
/// `ballots` link sorted by receipt hash, deletes the sealed rows and the poll's salt, and on
/// PostgreSQL rewrites the participation in registration-id order, so that every row of the poll
/// carries the closing transaction's `xmin` and no storage order follows arrival (ADR 0013).
/// Returns whether the poll was sealed; a ballot that does not open refuses the closing.
async fn unseal(
    db: &Db,
    tx: &sea_orm::DatabaseTransaction,
    root: &crate::plenary::seal::Root,
    p: &mut election_poll::Model,
) -> Result<bool, Fail> {
    let Some(key) = crate::plenary::seal::key_of(tx, root, p.id).await? else {
        return Ok(false);
    };
    let bs = crate::plenary::seal::open_all(tx, &key, p.id).await?;
    let mut rows = Vec::with_capacity(bs.len());
    for (h, k) in &bs {
        let candidate = Uuid::parse_str(k)
            .map_err(|_| store::Error::Other("a sealed ballot names no candidate".into()))?;
        rows.push(election_ballot::ActiveModel {
            poll_id: Set(p.id),
            ballot_key: Set(h.clone()),
            candidate_id: Set(candidate),
        });
    }
    for chunk in rows.chunks(500) {
        election_ballot::Entity::insert_many(chunk.to_vec())
            .exec(tx)
            .await?;
    }
    append(
        tx,
        p,
        "ballots",
        &serde_json::json!({
            "ballots": bs.iter().map(|(h, k)| [h.as_str(), k.as_str()]).collect::<Vec<_>>(),
        }),
    )
    .await?;
    crate::plenary::seal::erase(tx, p.id).await?;
    if db.backend == Backend::Postgres {
        let mut who: Vec<Uuid> = election_participation::Entity::find()
            .select_only()
            .column(election_participation::Column::RegistrationId)
            .filter(election_participation::Column::PollId.eq(p.id))
            .into_tuple()
            .all(tx)
            .await?;
        who.sort();
        delete_where(tx, election_participation::Column::PollId, p.id).await?;
        for chunk in who.chunks(500) {
            election_participation::Entity::insert_many(chunk.iter().map(|r| {
                election_participation::ActiveModel {
                    poll_id: Set(p.id),
                    registration_id: Set(*r),
                }
            }))
            .exec(tx)
            .await?;
        }
    }
    Ok(true)
}
