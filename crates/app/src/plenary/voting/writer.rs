//! Casting from phones: the vote writer, which checks and writes votes in batches.

use super::*;

/// Most votes written in one transaction.
const MAX_BATCH: usize = 1000;

/// A receipt handed to the phone after its vote was written.
#[derive(Debug, Clone, Serialize)]
pub struct Receipt {
    pub vote_id: Uuid,
    pub code: String,
    pub choice: &'static str,
    pub secret: bool,
}

struct Cast {
    slug: String,
    token_hash: String,
    vote: Uuid,
    choice: Choice,
    reply: oneshot::Sender<Result<Receipt, Fail>>,
}

/// The per-process vote writer (group commit). Cheap to clone.
#[derive(Clone)]
pub struct Writer {
    tx: mpsc::Sender<Cast>,
}

impl Writer {
    /// Starts the writer task on the current Tokio runtime.
    pub fn start(db: Db) -> Self {
        let (tx, mut rx) = mpsc::channel::<Cast>(20_000);
        tokio::spawn(async move {
            let mut conferences: HashMap<String, conference::Model> = HashMap::new();
            let mut root = None;
            while let Some(first) = rx.recv().await {
                let mut batch = vec![first];
                while batch.len() < MAX_BATCH {
                    match rx.try_recv() {
                        Ok(c) => batch.push(c),
                        Err(_) => break,
                    }
                }
                write_batch(&db, &mut conferences, &mut root, batch).await;
            }
        });
        Writer { tx }
    }

    /// Casts one vote from a phone (`token` is the phone's cookie). Returns once the vote is
    /// committed, with the receipt; or the reason in pt-BR, with nothing counted.
    pub async fn cast(
        &self,
        slug: &str,
        token: Option<&str>,
        vote: &str,
        choice: &str,
    ) -> Result<Receipt, Fail> {
        let Some(token) = token.filter(|t| !t.is_empty()) else {
            return Err(Fail::Forbidden);
        };
        let vote = Uuid::parse_str(vote.trim()).map_err(|_| Fail::NotFound)?;
        let choice = Choice::parse(choice).ok_or_else(|| {
            Invalid::one("choice", "Escolha uma opção: a favor, contra ou abstenção")
        })?;
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(Cast {
                slug: slug.to_owned(),
                token_hash: sha256_hex(token),
                vote,
                choice,
                reply,
            })
            .await
            .map_err(|_| Fail::Store(store::Error::Other("vote writer stopped".into())))?;
        rx.await
            .map_err(|_| Fail::Store(store::Error::Other("vote writer dropped a vote".into())))?
    }
}

fn refuse(msg: &str) -> Result<Receipt, Fail> {
    Err(Invalid::one("choice", msg).into())
}

async fn write_batch(
    db: &Db,
    cache: &mut HashMap<String, conference::Model>,
    root: &mut Option<crate::plenary::seal::Root>,
    batch: Vec<Cast>,
) {
    let mut replies: Vec<Option<Result<Receipt, Fail>>> = (0..batch.len()).map(|_| None).collect();
    let started = std::time::Instant::now();
    let result = try_batch(db, cache, root, &batch, &mut replies).await;
    tracing::debug!(
        votes = batch.len(),
        ms = started.elapsed().as_secs_f64() * 1000.0,
        "vote batch"
    );
    let touched: HashSet<Uuid> = match &result {
        Ok(t) => t.clone(),
        Err(e) => {
            tracing::error!(error = %e, votes = batch.len(), "vote batch failed");
            HashSet::new()
        }
    };
    for (cast, r) in batch.into_iter().zip(replies) {
        let r = match (&result, r) {
            (Ok(_), Some(r)) => r,
            _ => Err(Fail::Store(store::Error::Other(
                "the vote batch was not written".into(),
            ))),
        };
        let _ = cast.reply.send(r);
    }
    for c in touched {
        crate::platform::events::bump(c);
    }
}

/// Checks and writes one batch in one transaction. Fills `replies` for every cast; returns the
/// conferences whose votes changed.
async fn try_batch(
    db: &Db,
    cache: &mut HashMap<String, conference::Model>,
    root: &mut Option<crate::plenary::seal::Root>,
    batch: &[Cast],
    replies: &mut [Option<Result<Receipt, Fail>>],
) -> Result<HashSet<Uuid>, Fail> {
    for cast in batch {
        if !cache.contains_key(&cast.slug)
            && let Ok((c, _)) = conference_scope(db, &cast.slug).await
        {
            cache.insert(cast.slug.clone(), c);
        }
    }
    // The sealing key material, read once per writer, before any write transaction.
    let root = match root {
        Some(r) => *r,
        None => *root.insert(crate::plenary::seal::root(db).await?),
    };
    let tx = db.write().await?;
    let vote_ids: Vec<Uuid> = batch
        .iter()
        .map(|c| c.vote)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let votes: HashMap<Uuid, plenary_vote::Model> = lock_votes(db, &tx, &vote_ids)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    // The keys of the open secret votes: their ballots are written sealed.
    let secret: Vec<Uuid> = votes.values().filter(|v| v.secret).map(|v| v.id).collect();
    let keys = crate::plenary::seal::keys_of(&tx, &root, &secret).await?;
    let hashes: Vec<String> = batch.iter().map(|c| c.token_hash.clone()).collect();
    let devices: HashMap<String, delegate_device::Model> = delegate_device::Entity::find()
        .filter(delegate_device::Column::TokenHash.is_in(hashes))
        .filter(delegate_device::Column::Revoked.eq(false))
        .all(&tx)
        .await?
        .into_iter()
        .map(|d| (d.token_hash.clone(), d))
        .collect();
    let reg_ids: Vec<Uuid> = devices.values().map(|d| d.registration_id).collect();
    // Who votes now in each conference of the batch: in the room and holding a seat
    // (`crate::plenary::seats`), read inside this transaction.
    // Only the batch's voters are looked up (`seats::room_for`), not the whole conference.
    let mut rooms: HashMap<Uuid, crate::plenary::seats::Room> = HashMap::new();
    for c in cache.values() {
        if batch.iter().any(|b| b.slug == c.slug) {
            let voters: Vec<Uuid> = devices
                .values()
                .filter(|d| d.conference_id == c.id)
                .map(|d| d.registration_id)
                .collect();
            rooms.insert(
                c.id,
                crate::plenary::seats::room_for(&tx, c, &voters).await?,
            );
        }
    }
    let mut voted: HashSet<(Uuid, Uuid)> = vote_participation::Entity::find()
        .filter(vote_participation::Column::VoteId.is_in(vote_ids.clone()))
        .filter(vote_participation::Column::RegistrationId.is_in(reg_ids))
        .all(&tx)
        .await?
        .into_iter()
        .map(|p| (p.vote_id, p.registration_id))
        .collect();

    let mut participations = Vec::new();
    let mut ballots: HashMap<Uuid, Vec<(String, Choice)>> = HashMap::new();
    let mut touched = HashSet::new();
    for (i, cast) in batch.iter().enumerate() {
        let Some(c) = cache.get(&cast.slug) else {
            replies[i] = Some(Err(Fail::NotFound));
            continue;
        };
        let Some(dev) = devices
            .get(&cast.token_hash)
            .filter(|d| d.conference_id == c.id)
        else {
            replies[i] = Some(Err(Fail::Forbidden));
            continue;
        };
        let Some(v) = votes.get(&cast.vote).filter(|v| v.conference_id == c.id) else {
            replies[i] = Some(refuse(
                "Esta votação não existe nesta conferência: atualize a página",
            ));
            continue;
        };
        if v.status != VoteStatus::Open {
            replies[i] = Some(refuse(
                "Esta votação já foi encerrada: o seu voto não foi contado",
            ));
            continue;
        }
        if matches!(keys.get(&v.id), Some(Err(()))) {
            replies[i] = Some(Err(crate::plenary::seal::refuse_wrong_key()));
            continue;
        }
        let r = dev.registration_id;
        let room = rooms.get(&c.id);
        // `room_for` reads the status and category with the seat: an active delegate is in
        // `delegates`, whatever the seat.
        if !room.is_some_and(|room| room.delegates.contains(&r)) {
            replies[i] = Some(refuse(
                "Só delegados(as) com inscrição ativa votam: este voto não foi contado",
            ));
            continue;
        }
        if let Some(why) = room.and_then(|room| room.why_not_voting(r)) {
            replies[i] = Some(refuse(why));
            continue;
        }
        if !voted.insert((v.id, r)) {
            replies[i] = Some(refuse(
                "Você já votou nesta votação: cada delegado(a) vota uma vez, e o primeiro voto é o que vale",
            ));
            continue;
        }
        let code = chain::new_receipt_code();
        participations.push(vote_participation::ActiveModel {
            vote_id: Set(v.id),
            registration_id: Set(r),
            choice: Set((!v.secret).then(|| cast.choice.code().to_owned())),
        });
        ballots
            .entry(v.id)
            .or_default()
            .push((receipt_hash(v.id, &code), cast.choice));
        touched.insert(c.id);
        replies[i] = Some(Ok(Receipt {
            vote_id: v.id,
            code,
            choice: cast.choice.label(),
            secret: v.secret,
        }));
    }
    if participations.is_empty() {
        tx.rollback().await?;
        return Ok(touched);
    }
    // Who voted, in the order of the registrations' ids (not of arrival).
    participations.sort_by_key(|p| match &p.registration_id {
        Set(id) => *id,
        _ => Uuid::nil(),
    });
    for chunk in participations.chunks(500) {
        vote_participation::Entity::insert_many(chunk.to_vec())
            .exec(&tx)
            .await?;
    }
    for (vote_id, mut bs) in ballots {
        let v = &votes[&vote_id];
        // A secret vote's ballots are sealed, and chained only at closing, all in one link.
        if let Some(Ok(key)) = keys.get(&vote_id) {
            let rows = bs
                .iter()
                .map(|(h, ch)| key.seal(vote_id, h, ch.code()))
                .collect();
            crate::plenary::seal::insert(&tx, rows).await?;
            continue;
        }
        bs.shuffle(&mut rand::rng());
        let rows: Vec<ballot::ActiveModel> = bs
            .iter()
            .map(|(h, ch)| ballot::ActiveModel {
                vote_id: Set(vote_id),
                receipt_hash: Set(h.clone()),
                choice: Set(ch.code().into()),
            })
            .collect();
        for chunk in rows.chunks(500) {
            ballot::Entity::insert_many(chunk.to_vec())
                .exec(&tx)
                .await?;
        }
        // The chain's link lists the batch's ballots sorted by receipt hash: it proves what was
        // counted without telling the order of arrival.
        bs.sort_by(|a, b| a.0.cmp(&b.0));
        let (seq, head) = append_next(
            &tx,
            v,
            "ballots",
            &serde_json::json!({
                "ballots": bs.iter().map(|(h, ch)| [h.as_str(), ch.code()]).collect::<Vec<_>>(),
            }),
        )
        .await?;
        plenary_vote::Entity::update_many()
            .col_expr(plenary_vote::Column::LogSeq, seq.into())
            .col_expr(plenary_vote::Column::LogHead, Some(head).into())
            .filter(plenary_vote::Column::Id.eq(vote_id))
            .exec(&tx)
            .await?;
    }
    tx.commit().await?;
    Ok(touched)
}
