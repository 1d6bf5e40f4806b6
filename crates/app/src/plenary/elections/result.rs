//! The result: computing the elected (titulares, suplentes, quota swaps) and showing it.

use super::*;

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub(crate) struct Summary {
    pub(crate) titulares: u32,
    /// Suplentes elected (0 in summaries from before the quota counted them).
    #[serde(default)]
    pub(crate) suplentes: u32,
    /// The least elected from quota groups (30%; of titulares and suplentes since
    /// `quota_elected` exists, of titulares before).
    pub(crate) quota_minimum: u32,
    /// Titulares from quota groups.
    pub(crate) quota_titulares: u32,
    /// Elected (titulares and suplentes) from quota groups; `None` in summaries from when the
    /// quota counted titulares only.
    #[serde(default)]
    pub(crate) quota_elected: Option<u32>,
    pub(crate) quota_met: bool,
    tie_rule: String,
    seed: String,
    /// (segment, left, left votes, entered, entered votes)
    swaps: Vec<(String, Uuid, u32, Uuid, u32)>,
    /// The seat each swap's entrant took, in the order of `swaps` (absent: `titular`).
    #[serde(default)]
    swap_seats: Vec<String>,
    /// (segment, votes, candidates' registrations in the rule's order)
    ties: Vec<(String, u32, Vec<Uuid>)>,
    /// The round of each tie, in the order of `ties` (absent: 1).
    #[serde(default)]
    tie_rounds: Vec<u32>,
    /// The act that appointed the government's delegates, when they were appointed.
    #[serde(default)]
    pub(crate) government_act: Option<String>,
}

impl Summary {
    /// The elected counted for the quota and how many of them are from quota groups (titulares
    /// and suplentes; titulares only in summaries from before).
    pub(crate) fn counted(&self) -> (u32, u32) {
        match self.quota_elected {
            Some(q) => (self.titulares + self.suplentes, q),
            None => (self.titulares, self.quota_titulares),
        }
    }
}

/// Computes the result from the closed polls with the domain rules and stores it (replacing an
/// earlier computation). Refused while a poll is open or after the result was carried.
pub async fn compute(db: &Db, me: Option<&Me>, slug: &str) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let tx = db.write().await?;
    let e = ensure_row(&tx, &c).await?;
    if e.carried_at.is_some() {
        return Err(Invalid::one(
            "form",
            "O resultado já foi levado à conferência da etapa seguinte e não é mais recalculado",
        )
        .into());
    }
    let polls = polls_of(&tx, c.id).await?;
    if polls.iter().any(|p| p.status == PollStatus::Open) {
        return Err(Invalid::one(
            "form",
            "Há votação de segmento aberta: encerre-a antes de apurar o resultado",
        )
        .into());
    }
    if polls.is_empty() {
        return Err(Invalid::one(
            "form",
            "Nenhuma votação de segmento foi feita ainda: não há resultado a apurar",
        )
        .into());
    }
    let seats = seats_of(&e);
    let appointed_gov = government_appointed(&e);
    let appointments = if appointed_gov {
        appointments_of(&tx, c.id).await?
    } else {
        Vec::new()
    };
    let appointed_titulares = appointments
        .iter()
        .filter(|(a, _)| a.seat == Seat::Titular.code())
        .count() as u32;
    if appointed_gov && (appointed_titulares != seats.government || e.government_act.is_none()) {
        return Err(Invalid(vec![FieldError::new(
            "form",
            format!(
                "Os(as) delegados(as) do governo são indicados(as) pelo órgão gestor: registre a indicação dos(as) {} titular(es) do governo, com o ato, antes de apurar",
                seats.government
            ),
        )])
        .into());
    }
    let cands = candidates_of(&tx, c.id).await?;
    let quota = quota_of(&tx, c.id).await?;
    // Only the last round of each segment's poll counts (`el::elect_with`).
    let (candidates, rounds) = ballots_of(&tx, &polls, &cands, &quota).await?;
    let appointed: Vec<el::Appointed> = appointments
        .iter()
        .map(|(a, r)| el::Appointed {
            id: r.id,
            seat: Seat::parse(&a.seat).unwrap_or(Seat::Suplente),
            quota: quota.contains(&r.id),
        })
        .collect();
    let rule = tie_rule_of(&e);
    let o = el::elect_with(
        seats,
        &candidates,
        &rounds,
        appointed_gov.then_some(appointed.as_slice()),
        rule,
        e.seed as u64,
    );
    delete_where(&tx, election_result::Column::ConferenceId, c.id).await?;
    for x in &o.elected {
        election_result::Entity::insert(election_result::ActiveModel {
            conference_id: Set(c.id),
            registration_id: Set(x.candidate),
            segment: Set(x.segment.code().into()),
            seat: Set(x.seat.code().into()),
            position: Set(x.position as i32),
            votes: Set(x.votes as i32),
            by_quota: Set(x.by_quota),
            carried_registration_id: Set(None),
        })
        .exec(&tx)
        .await?;
    }
    let summary = Summary {
        titulares: o.titulares,
        suplentes: o.suplentes,
        quota_minimum: o.quota_minimum,
        quota_titulares: o.quota_titulares,
        quota_elected: Some(o.quota_elected),
        quota_met: o.quota_met,
        swap_seats: o.swaps.iter().map(|s| s.seat.code().to_owned()).collect(),
        tie_rounds: o.ties.iter().map(|t| t.round).collect(),
        government_act: e.government_act.clone().filter(|_| appointed_gov),
        tie_rule: rule.code().into(),
        seed: (e.seed as u64).to_string(),
        swaps: o
            .swaps
            .iter()
            .map(|s| {
                (
                    s.segment.code().to_owned(),
                    s.left,
                    s.left_votes,
                    s.entered,
                    s.entered_votes,
                )
            })
            .collect(),
        ties: o
            .ties
            .iter()
            .map(|t| (t.segment.code().to_owned(), t.votes, t.candidates.clone()))
            .collect(),
    };
    election::Entity::update_many()
        .col_expr(election::Column::ComputedAt, Some(Utc::now()).into())
        .col_expr(
            election::Column::Summary,
            Some(serde_json::to_string(&summary).unwrap_or_default()).into(),
        )
        .filter(election::Column::ConferenceId.eq(c.id))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    tracing::info!(conference = %c.id, elected = o.elected.len(), quota_met = o.quota_met, "election result computed");
    Ok(())
}

/// One elected delegate, as shown.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ElectedView {
    pub name: String,
    pub segment: &'static str,
    pub seat: &'static str,
    pub position: i32,
    /// Staff only (`None` in public).
    pub votes: Option<i32>,
    /// Staff only: entered the elected by the quota adjustment.
    pub by_quota: Option<bool>,
    pub carried: bool,
    /// Appointed instead of elected: "indicado(a) pelo órgão gestor (ato …)" (staff and public).
    pub appointed: Option<String>,
}

/// The result as the table sees it (names in the swaps) or as the public sees it (counts).
#[derive(Debug, Clone, Serialize)]
pub struct ResultView {
    pub slug: String,
    pub title: String,
    pub computed: bool,
    pub titulares: Vec<ElectedView>,
    pub suplentes: Vec<ElectedView>,
    pub titulares_count: u32,
    /// The elected the quota counts (titulares and suplentes) and how many are from quota groups.
    pub elected_count: u32,
    pub quota_elected: u32,
    /// How the quota counted: "eleitos(as) (titulares e suplentes)" (or "titulares" for a result
    /// computed before the quota counted suplentes).
    pub quota_basis: &'static str,
    pub quota_minimum: u32,
    pub quota_met: bool,
    /// The quota not met, in pt-BR.
    pub shortfall: Option<String>,
    /// How many swaps the quota adjustment made.
    pub swaps_count: usize,
    /// Staff only: each swap explained.
    pub swaps: Vec<String>,
    /// Each tie and how the rule decided it (names only for staff).
    pub ties: Vec<String>,
    pub tie_rule: String,
    pub seed: String,
    pub parent_title: Option<String>,
    pub carried: bool,
    /// The act that appointed the government's delegates, when appointed.
    pub government_act: Option<String>,
}

/// "indicado(a) pelo órgão gestor (ato …)".
fn appointed_note(act: Option<&str>) -> String {
    match act {
        Some(a) => format!("indicado(a) pelo órgão gestor (ato {a})"),
        None => "indicado(a) pelo órgão gestor".to_owned(),
    }
}

pub(super) async fn result_view(
    db: &Db,
    c: &conference::Model,
    staff: bool,
) -> Result<ResultView, Fail> {
    let e = settings_of(&db.conn, c).await?;
    let parent = parent_of(&db.conn, c).await?;
    let summary: Option<Summary> = e
        .summary
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok());
    let rows = election_result::Entity::find()
        .filter(election_result::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await?;
    let names: HashMap<Uuid, String> = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|r| (r.id, r.display_name().to_owned()))
        .collect();
    let name = |id: &Uuid| {
        names
            .get(id)
            .cloned()
            .unwrap_or_else(|| "(inscrição anonimizada)".into())
    };
    let order = |s: &str| Segment::ALL.iter().position(|g| g.code() == s).unwrap_or(9);
    let mut rows = rows;
    rows.sort_by_key(|r| (order(&r.segment), r.position));
    // The government's rows are appointed when the election says so (fixed once a poll opened,
    // and a result needs a poll); the act as it was when computed.
    let appointed_gov = government_appointed(&e);
    let act = summary
        .as_ref()
        .and_then(|s| s.government_act.clone())
        .or_else(|| e.government_act.clone())
        .filter(|_| appointed_gov);
    let view = |r: &election_result::Model| {
        let appointed = appointed_gov && r.segment == Segment::Government.code();
        ElectedView {
            name: name(&r.registration_id),
            segment: segment_of(&r.segment).map(Segment::label).unwrap_or(""),
            seat: Seat::parse(&r.seat).map(Seat::label).unwrap_or(""),
            position: r.position,
            votes: (staff && !appointed).then_some(r.votes),
            by_quota: staff.then_some(r.by_quota),
            carried: r.carried_registration_id.is_some(),
            appointed: appointed.then(|| appointed_note(act.as_deref())),
        }
    };
    let rule = tie_rule_of(&e);
    let (swaps, ties, swaps_count) = match &summary {
        Some(s) => (
            if staff {
                s.swaps
                    .iter()
                    .enumerate()
                    .map(|(i, (seg, l, lv, n, nv))| {
                        let seg = segment_of(seg).map(Segment::label).unwrap_or("");
                        let (n, l) = (name(n), name(l));
                        match s.swap_seats.get(i).map(String::as_str) {
                            None => format!(
                                "{seg}: {n} ({nv} voto(s)), de grupo de cota, assume a vaga titular de {l} ({lv} voto(s)), que passa a suplente, para cumprir o mínimo de 30% de titulares de grupos de cota (Res. CNAS/MDS 187/2025)"
                            ),
                            Some("suplente") => format!(
                                "{seg}: {n} ({nv} voto(s)), de grupo de cota, entra como suplente no lugar de {l} ({lv} voto(s)), que deixa a lista de eleitos(as), para cumprir o mínimo de 30% de eleitos(as), titulares e suplentes, de grupos de cota (Res. CNAS/MDS 187/2025); é a troca que perde menos votos"
                            ),
                            Some(_) => format!(
                                "{seg}: {n} ({nv} voto(s)), de grupo de cota, assume a vaga titular de {l} ({lv} voto(s)), que deixa a lista de eleitos(as) (os(as) suplentes do segmento já são de grupos de cota), para cumprir o mínimo de 30% de eleitos(as), titulares e suplentes, de grupos de cota (Res. CNAS/MDS 187/2025); é a troca que perde menos votos"
                            ),
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            },
            if staff {
                s.ties
                    .iter()
                    .enumerate()
                    .map(|(i, (seg, v, ids))| {
                        let how = match rule {
                            TieRule::OlderFirst => "a pessoa mais velha primeiro".to_owned(),
                            TieRule::Draw => format!("sorteio com a semente {}", s.seed),
                        };
                        let round = match s.tie_rounds.get(i) {
                            Some(r) if *r > 1 => format!(", {}", round_label(*r as i32)),
                            _ => String::new(),
                        };
                        format!(
                            "{}{round}: empate com {v} voto(s) entre {}, decidido por {how}, nesta ordem",
                            segment_of(seg).map(Segment::label).unwrap_or(""),
                            ids.iter().map(name).collect::<Vec<_>>().join(", ")
                        )
                    })
                    .collect()
            } else {
                Vec::new()
            },
            s.swaps.len(),
        ),
        None => (Vec::new(), Vec::new(), 0),
    };
    let (elected_count, quota_elected) = summary.as_ref().map(Summary::counted).unwrap_or((0, 0));
    let old_basis = summary.as_ref().is_some_and(|s| s.quota_elected.is_none());
    Ok(ResultView {
        slug: c.slug.clone(),
        title: c.title.clone(),
        computed: e.computed_at.is_some(),
        titulares: rows
            .iter()
            .filter(|r| r.seat == Seat::Titular.code())
            .map(view)
            .collect(),
        suplentes: rows
            .iter()
            .filter(|r| r.seat == Seat::Suplente.code())
            .map(view)
            .collect(),
        titulares_count: summary.as_ref().map(|s| s.titulares).unwrap_or(0),
        elected_count,
        quota_elected,
        quota_basis: if old_basis {
            "titulares"
        } else {
            "eleitos(as) (titulares e suplentes)"
        },
        quota_minimum: summary.as_ref().map(|s| s.quota_minimum).unwrap_or(0),
        quota_met: summary.as_ref().map(|s| s.quota_met).unwrap_or(false),
        shortfall: summary.as_ref().filter(|s| !s.quota_met).map(|s| {
            if old_basis {
                format!(
                    "A cota não foi atingida: {} de {} titulares são de grupos de cota, o mínimo é {} (30%). Não havia mais candidatos(as) votados(as) de grupos de cota nos segmentos para a substituição",
                    s.quota_titulares, s.titulares, s.quota_minimum
                )
            } else {
                el::shortfall_text(quota_elected, elected_count, s.quota_minimum)
            }
        }),
        swaps_count,
        swaps,
        ties,
        tie_rule: rule.label().to_owned(),
        seed: (e.seed as u64).to_string(),
        parent_title: parent.map(|p| p.title),
        carried: e.carried_at.is_some(),
        government_act: act,
    })
}

/// The result for the table: votes, quota swaps explained with names.
pub async fn result(db: &Db, me: Option<&Me>, slug: &str) -> Result<ResultView, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::RunPlenary(scope))?;
    let staff = crate::platform::auth::allow(me, Action::ViewSensitive(scope)).is_ok();
    result_view(db, &c, staff).await
}

/// The public result: names, segments and seats; the quota only as counts (LGPD).
pub async fn public_result(db: &Db, slug: &str) -> Result<ResultView, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    result_view(db, &c, false).await
}
