//! The election's settings: seats (from the porte or typed), the tie rule, the draw's seed and
//! the parent conference.

use super::*;

/// The municipality's porte of a conference (through its body), if known.
pub(crate) async fn entity_porte(
    db: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<Option<Porte>> {
    let Some(b) = body::Entity::find_by_id(c.body_id).one(db).await? else {
        return Ok(None);
    };
    let Some(eid) = b.entity_id else {
        return Ok(None);
    };
    Ok(federative_entity::Entity::find_by_id(eid)
        .one(db)
        .await?
        .and_then(|e| e.porte)
        .and_then(|p| Porte::parse(&p).ok()))
}

/// The seats for the municipality's porte in the table the parent conference published, if it
/// published one and the porte is known (ADR 0036).
pub(crate) async fn state_seats(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    porte: Option<Porte>,
) -> store::Result<Option<Seats>> {
    let Some(porte) = porte else {
        return Ok(None);
    };
    Ok(crate::setup::orientation::of_parent(db, c)
        .await?
        .and_then(|p| p.orientation.seats_for(porte)))
}

fn seat_table_json(s: &Seats) -> Option<String> {
    serde_json::to_string(&s.table()).ok()
}

/// The election's settings, stored or (before the table saves any) the defaults: the seats of the
/// municipality's porte in the parent's published table (`state`), or else the sample table's
/// titulares (`entity`), older first on ties.
pub(crate) async fn settings_of(
    db: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<election::Model> {
    if let Some(e) = election::Entity::find_by_id(c.id).one(db).await? {
        return Ok(e);
    }
    let porte = entity_porte(db, c).await?;
    let state = state_seats(db, c, porte).await?;
    Ok(election::Model {
        conference_id: c.id,
        porte: porte.map(|p| p.code().to_owned()),
        titulares: match state {
            Some(s) => s.titulares() as i32,
            None => porte.map(el::sample_titulares).unwrap_or(2) as i32,
        },
        seats_source: if state.is_some() { "state" } else { "entity" }.into(),
        seat_table: state.as_ref().and_then(seat_table_json),
        tie_rule: TieRule::OlderFirst.code().into(),
        seed: 0,
        computed_at: None,
        summary: None,
        carried_at: None,
        updated_by: None,
        updated_at: Utc::now(),
        government: GovernmentSeats::Elected.code().into(),
        government_act: None,
    })
}

/// The seats of an election: the state's table as taken (`seat_table`), or the titulares
/// apportioned with one suplente each.
pub(crate) fn seats_of(e: &election::Model) -> Seats {
    e.seat_table
        .as_deref()
        .and_then(|t| serde_json::from_str::<[(u32, u32); 4]>(t).ok())
        .map(Seats::from_table)
        .unwrap_or_else(|| Seats::apportion(e.titulares.max(0) as u32))
}

/// Where the seats came from, as the minutes and the report say it.
pub(crate) async fn seats_source_text(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    e: &election::Model,
) -> store::Result<String> {
    let porte = e.porte.as_deref().and_then(|p| Porte::parse(p).ok());
    Ok(match e.seats_source.as_str() {
        "entity" => format!(
            "da tabela de exemplo para o porte {}. {}",
            porte.map(Porte::label).unwrap_or("não informado"),
            el::SAMPLE_LABEL
        ),
        "state" => {
            let title = parent_of(db, c)
                .await?
                .map(|p| p.title)
                .unwrap_or_else(|| "conferência estadual".into());
            match porte {
                Some(p) => domain::orientation::state_table_label(&title, p),
                None => format!("Tabela do Conselho Estadual, publicada pela {title}"),
            }
        }
        _ => "número definido pela comissão".to_owned(),
    })
}

/// How the government's delegates are chosen (elected unless the table set `appointed`).
pub(crate) fn government_of(e: &election::Model) -> GovernmentSeats {
    GovernmentSeats::parse(&e.government).unwrap_or(GovernmentSeats::Elected)
}

pub(super) fn government_appointed(e: &election::Model) -> bool {
    government_of(e) == GovernmentSeats::Appointed
}

/// "1º turno", "2º turno", …
pub fn round_label(round: i32) -> String {
    format!("{}º turno", round.max(1))
}

/// The candidate ids a round is restricted to (`None`: every candidate of the segment).
pub(super) fn round_candidates(p: &election_poll::Model) -> Option<HashSet<Uuid>> {
    p.candidates
        .as_deref()
        .and_then(|s| serde_json::from_str::<Vec<Uuid>>(s).ok())
        .map(|v| v.into_iter().collect())
}

/// Whether a candidate stands in a round.
pub(super) fn in_round(p: &election_poll::Model, candidate: Uuid) -> bool {
    round_candidates(p).is_none_or(|s| s.contains(&candidate))
}

/// The appointed government delegates of a conference: (appointment, registration), titulares
/// first, each seat in the act's order.
pub(super) async fn appointments_of(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Vec<(election_appointment::Model, registration::Model)>> {
    let rows = election_appointment::Entity::find()
        .filter(election_appointment::Column::ConferenceId.eq(conference_id))
        .all(db)
        .await?;
    let mut out = with_registrations(db, rows, |a| a.registration_id).await?;
    out.sort_by_key(|(a, _)| (a.seat != Seat::Titular.code(), a.position));
    Ok(out)
}

pub(crate) fn tie_rule_of(e: &election::Model) -> TieRule {
    TieRule::parse(&e.tie_rule).unwrap_or(TieRule::OlderFirst)
}

pub(super) fn segment_of(code: &str) -> Option<Segment> {
    Segment::parse(code).ok()
}

/// The seats of one segment, as shown.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentSeats {
    pub code: &'static str,
    pub label: &'static str,
    pub titulares: u32,
    pub suplentes: u32,
}

fn segment_seats(s: Seats) -> Vec<SegmentSeats> {
    Segment::ALL
        .iter()
        .map(|g| SegmentSeats {
            code: g.code(),
            label: g.label(),
            titulares: s.of(*g),
            suplentes: s.suplentes_of(*g),
        })
        .collect()
}

/// The settings page.
#[derive(Debug, Clone, Serialize)]
pub struct Setup {
    pub slug: String,
    pub title: String,
    pub porte_label: Option<&'static str>,
    pub titulares: u32,
    /// Suplente seats (one per titular, unless the state's table says otherwise).
    pub suplentes: u32,
    /// The seats come from the sample table (the label must be shown).
    pub sample: bool,
    /// The seats come from the parent's published table: its label ("Tabela do Conselho
    /// Estadual, publicada pela …, para Médio Porte").
    pub state_label: Option<String>,
    /// The parent published an orientation whose table has this municipality's porte: blank
    /// titulares take the state's seats.
    pub state_table_available: bool,
    pub sample_label: &'static str,
    /// (porte, titulares) of the sample table.
    pub sample_table: Vec<(&'static str, u32)>,
    pub seats: Vec<SegmentSeats>,
    pub quota_minimum: u32,
    pub tie_rule: &'static str,
    pub tie_rules: Vec<(&'static str, &'static str)>,
    pub seed: String,
    pub saved: bool,
    pub parent_title: Option<String>,
    pub locked: bool,
    /// `GovernmentSeats` code: `elected` or `appointed`.
    pub government: &'static str,
    pub government_options: Vec<(&'static str, &'static str)>,
    /// Titular seats of the government segment (the number to appoint).
    pub government_seats: u32,
    /// The act that appointed the government's delegates, once appointed.
    pub government_act: Option<String>,
    /// The appointed government delegates (titulares first, in the act's order).
    pub appointed: Vec<AppointedView>,
    /// Active delegates of the government segment, to choose from (with their current seat).
    pub government_delegates: Vec<GovernmentDelegate>,
    /// The result was carried to the parent conference: nothing changes any more.
    pub carried: bool,
}

/// An appointed government delegate, as the table sees them.
#[derive(Debug, Clone, Serialize)]
pub struct AppointedView {
    pub name: String,
    pub code: String,
    /// `Seat` label.
    pub seat: &'static str,
    pub position: i32,
}

/// A government delegate the manager may appoint.
#[derive(Debug, Clone, Serialize)]
pub struct GovernmentDelegate {
    pub id: String,
    pub name: String,
    pub code: String,
    /// `titular`, `suplente` or empty (not appointed).
    pub seat: String,
}

/// Active delegates of the government segment of a conference, in registration order.
pub(super) async fn government_delegates(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Vec<registration::Model>> {
    Ok(registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(conference_id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Active))
        .filter(registration::Column::Category.eq(Category::Delegate.code()))
        .filter(registration::Column::Segment.eq(Segment::Government.code()))
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?)
}

pub(super) async fn setup_of(db: &Db, c: &conference::Model) -> Result<Setup, Fail> {
    let e = settings_of(&db.conn, c).await?;
    let seats = seats_of(&e);
    let saved = election::Entity::find_by_id(c.id)
        .one(&db.conn)
        .await?
        .is_some();
    let appointed = appointments_of(&db.conn, c.id).await?;
    let seat_of: HashMap<Uuid, String> = appointed
        .iter()
        .map(|(a, _)| (a.registration_id, a.seat.clone()))
        .collect();
    let government_delegates = if government_appointed(&e) {
        government_delegates(&db.conn, c.id)
            .await?
            .into_iter()
            .map(|r| GovernmentDelegate {
                id: r.id.to_string(),
                name: r.display_name().to_owned(),
                code: r.code.clone(),
                seat: seat_of.get(&r.id).cloned().unwrap_or_default(),
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(Setup {
        slug: c.slug.clone(),
        title: c.title.clone(),
        porte_label: e
            .porte
            .as_deref()
            .and_then(|p| Porte::parse(p).ok())
            .map(Porte::label),
        titulares: seats.titulares(),
        suplentes: seats.suplentes_total(),
        sample: e.seats_source == "entity",
        state_label: if e.seats_source == "state" {
            Some(seats_source_text(&db.conn, c, &e).await?)
        } else {
            None
        },
        state_table_available: state_seats(&db.conn, c, entity_porte(&db.conn, c).await?)
            .await?
            .is_some(),
        sample_label: el::SAMPLE_LABEL,
        sample_table: el::SAMPLE_TITULARES
            .iter()
            .map(|(p, n)| (p.label(), *n))
            .collect(),
        seats: segment_seats(seats),
        // Every seat filled: titulares and suplentes.
        quota_minimum: el::quota_minimum(seats.titulares() + seats.suplentes_total()),
        tie_rule: tie_rule_of(&e).code(),
        tie_rules: TieRule::ALL.iter().map(|t| (t.code(), t.label())).collect(),
        seed: (e.seed as u64).to_string(),
        saved,
        parent_title: parent_of(&db.conn, c).await?.map(|p| p.title),
        locked: any_poll(&db.conn, c.id).await?,
        government: government_of(&e).code(),
        government_options: GovernmentSeats::ALL
            .iter()
            .map(|g| (g.code(), g.label()))
            .collect(),
        government_seats: seats.government,
        government_act: e
            .government_act
            .clone()
            .filter(|_| government_appointed(&e)),
        appointed: if government_appointed(&e) {
            appointed
                .iter()
                .map(|(a, r)| AppointedView {
                    name: r.display_name().to_owned(),
                    code: r.code.clone(),
                    seat: Seat::parse(&a.seat).map(Seat::label).unwrap_or(""),
                    position: a.position,
                })
                .collect()
        } else {
            Vec::new()
        },
        government_delegates,
        carried: e.carried_at.is_some(),
    })
}

pub(super) async fn parent_of(
    db: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<Option<conference::Model>> {
    Ok(match c.parent_id {
        Some(p) => conference::Entity::find_by_id(p).one(db).await?,
        None => None,
    })
}

async fn any_poll(db: &impl ConnectionTrait, conference_id: Uuid) -> store::Result<bool> {
    Ok(election_poll::Entity::find()
        .filter(election_poll::Column::ConferenceId.eq(conference_id))
        .count(db)
        .await?
        > 0)
}

/// The settings for the table.
pub async fn setup(db: &Db, me: Option<&Me>, slug: &str) -> Result<Setup, Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    setup_of(db, &c).await
}

/// What the table types on the settings form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct SetupInput {
    /// Blank: the state's published table for the municipality's porte, or else the sample
    /// table.
    #[serde(default)]
    pub titulares: String,
    #[serde(default)]
    pub tie_rule: String,
    /// Blank: a new random seed (for a draw); else the seed to record.
    #[serde(default)]
    pub seed: String,
    /// `GovernmentSeats` code; blank: elected.
    #[serde(default)]
    pub government: String,
}

/// Saves the settings; refused once a poll has opened (the seats are then fixed).
pub async fn save_setup(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &SetupInput,
) -> Result<Setup, Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let mut inv = Invalid::default();
    let porte = entity_porte(&db.conn, &c).await?;
    let state = state_seats(&db.conn, &c, porte).await?;
    let (titulares, source) = if i.titulares.trim().is_empty() {
        match porte {
            Some(_) if state.is_some() => (state.map(|s| s.titulares()), "state"),
            Some(p) => (Some(el::sample_titulares(p)), "entity"),
            None => {
                inv.push(FieldError::new(
                    "titulares",
                    "O porte do município não está cadastrado: digite o número de vagas titulares",
                ));
                (None, "manual")
            }
        }
    } else {
        (inv.take(el::parse_titulares(&i.titulares)), "manual")
    };
    let tie = inv.take(TieRule::parse(&i.tie_rule));
    let government = inv.take(GovernmentSeats::parse(&i.government));
    let seed: Option<u64> = if i.seed.trim().is_empty() {
        Some(rand::random())
    } else {
        inv.take(i.seed.trim().parse::<u64>().map_err(|_| {
            FieldError::new(
                "seed",
                "Semente do sorteio: digite um número inteiro de até 20 algarismos, ou deixe em branco para gerar uma",
            )
        }))
    };
    inv.into_result()?;
    let (Some(titulares), Some(tie), Some(seed), Some(government)) =
        (titulares, tie, seed, government)
    else {
        return Err(Fail::Invalid(Invalid::one("form", "Confira os campos")));
    };
    let tx = db.write().await?;
    if any_poll(&tx, c.id).await? {
        return Err(Invalid::one(
            "form",
            "A eleição já começou (há votação aberta ou encerrada): as vagas e a regra de desempate não mudam mais",
        )
        .into());
    }
    let before = election::Entity::find_by_id(c.id).one(&tx).await?;
    if government == GovernmentSeats::Appointed {
        let n = segment_candidates(&tx, c.id, Segment::Government.code())
            .await?
            .len();
        if n > 0 {
            return Err(Invalid::one(
                "government",
                format!(
                    "Há {n} candidatura(s) no segmento Governo: retire-a(s) antes de passar à indicação pelo órgão gestor"
                ),
            )
            .into());
        }
    } else {
        // Elected again: an earlier appointment no longer holds.
        delete_where(&tx, election_appointment::Column::ConferenceId, c.id).await?;
    }
    let act = before
        .filter(|b| government == GovernmentSeats::Appointed && government_appointed(b))
        .and_then(|b| b.government_act);
    let row = election::ActiveModel {
        conference_id: Set(c.id),
        porte: Set(porte.map(|p| p.code().to_owned())),
        titulares: Set(titulares as i32),
        seats_source: Set(source.into()),
        tie_rule: Set(tie.code().into()),
        seed: Set(seed as i64),
        computed_at: Set(None),
        summary: Set(None),
        carried_at: Set(None),
        updated_by: Set(me.map(|m| m.account.id)),
        updated_at: Set(Utc::now()),
        government: Set(government.code().into()),
        government_act: Set(act),
        seat_table: Set(if source == "state" {
            state.as_ref().and_then(seat_table_json)
        } else {
            None
        }),
    };
    election::Entity::delete_by_id(c.id).exec(&tx).await?;
    election::Entity::insert(row).exec(&tx).await?;
    tx.commit().await?;
    setup_of(db, &c).await
}

/// The settings row ([`ensure_row`]) of an election still running: refused once the result was
/// carried to the parent conference.
pub(super) async fn ensure_open_row(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
) -> Result<election::Model, Fail> {
    let e = ensure_row(tx, c).await?;
    if e.carried_at.is_some() {
        return Err(Invalid::one(
            "form",
            "O resultado já foi levado à conferência da etapa seguinte: a eleição está encerrada",
        )
        .into());
    }
    Ok(e)
}

/// Makes sure the settings row exists (with a random seed) before the election starts.
pub(super) async fn ensure_row(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<election::Model> {
    if let Some(e) = election::Entity::find_by_id(c.id).one(tx).await? {
        return Ok(e);
    }
    let mut e = settings_of(tx, c).await?;
    e.seed = rand::random::<u64>() as i64;
    election::Entity::insert(election::ActiveModel {
        conference_id: Set(e.conference_id),
        porte: Set(e.porte.clone()),
        titulares: Set(e.titulares),
        seats_source: Set(e.seats_source.clone()),
        tie_rule: Set(e.tie_rule.clone()),
        seed: Set(e.seed),
        computed_at: Set(None),
        summary: Set(None),
        carried_at: Set(None),
        updated_by: Set(None),
        updated_at: Set(e.updated_at),
        government: Set(e.government.clone()),
        government_act: Set(None),
        seat_table: Set(e.seat_table.clone()),
    })
    .exec(tx)
    .await?;
    Ok(e)
}
