//! The projector screen (telão) and what each vote was about.

use super::*;

/// The projector screen (telão): attendance, quorum and the last vote, public (counts only).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Board {
    pub title: String,
    pub present: u32,
    /// Of `present`, in the room and from a distance (online and hybrid conferences, ADR 0040).
    pub present_room: u32,
    pub present_remote: u32,
    /// The day's latest roll call, in online and hybrid conferences.
    pub roll_call: Option<crate::plenary::presence::RollCallView>,
    pub credentialed: u32,
    pub quorum_min: u32,
    pub quorum_ok: bool,
    /// What is on the table: the regimento's state.
    pub stage: String,
    /// The electronic vote open now, if any.
    pub open: Option<BoardOpen>,
    pub last: Option<BoardVote>,
    /// Who has the floor on a destaque, with the speaking time (the telão counts down).
    pub speaker: Option<BoardSpeaker>,
    /// The final plenary's destaques under discussion (phones ask for the floor on them).
    pub discussing: Vec<String>,
    /// Points of order waiting for the table.
    pub orders_waiting: u32,
    /// Delegate elections, when under way (absent from the JSON otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub election: Option<crate::plenary::elections::BoardElection>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BoardSpeaker {
    pub name: String,
    pub side: String,
    pub subject: String,
    /// When the speech started, in milliseconds since the Unix epoch.
    pub started_ms: i64,
    pub seconds: i32,
}

/// An open electronic vote on the board: how many have voted (never how).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BoardOpen {
    pub id: String,
    pub subject: String,
    /// The text at stake and the one proposed instead, when the vote has them (the telão shows
    /// them in full so the room reads what it votes).
    pub text: Option<String>,
    pub proposed: Option<String>,
    pub secret: bool,
    pub voters: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BoardVote {
    pub subject: String,
    pub favor: i32,
    pub against: i32,
    pub abstain: i32,
    pub outcome: String,
    pub at: String,
    /// How the votes came: "pelo celular", "contados na sala", or both.
    pub channel: String,
}

/// The board of a conference (no login: a projector shows it in the room).
pub async fn board(db: &Db, slug: &str) -> Result<Board, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    board_of(db, &c).await
}

/// The board of a conference already found.
pub async fn board_of(db: &Db, c: &conference::Model) -> Result<Board, Fail> {
    let room = attendance(&db.conn, c).await?;
    let (present, credentialed) = (room.present(), room.credentialed);
    let (present_room, present_remote) = (room.present_room(), room.present_remote());
    let open = open_destaques(&db.conn, c).await?;
    let pending = store::entities::proposal::Entity::find()
        .filter(store::entities::proposal::Column::ConferenceId.eq(c.id))
        .filter(store::entities::proposal::Column::Status.is_in([
            store::entities::proposal::ProposalStatus::GroupApproved,
            store::entities::proposal::ProposalStatus::GroupMinority,
        ]))
        .count(&db.conn)
        .await?;
    let approved = is_approved(&db.conn, c.id).await?;
    let stage = if approved && pending > 0 {
        format!("Plenária final: {pending} proposta(s) para votar")
    } else if approved {
        "Regimento interno aprovado".to_owned()
    } else if open.is_empty() {
        "Regimento interno: leitura e destaques".to_owned()
    } else {
        format!(
            "Regimento interno: {} destaque(s) para votar (art. {})",
            open.len(),
            open.iter()
                .map(|d| format!("{}º", d.article_number))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let open_vote = match crate::plenary::voting::open_vote_of(&db.conn, c.id).await? {
        Some(v) => Some({
            let (text, proposed) = crate::plenary::voting::texts_of(&db.conn, &v).await?;
            BoardOpen {
                id: v.id.to_string(),
                text,
                proposed,
                subject: subject_of(&db.conn, &v).await?,
                secret: v.secret,
                voters: store::entities::vote_participation::Entity::find()
                    .filter(store::entities::vote_participation::Column::VoteId.eq(v.id))
                    .count(&db.conn)
                    .await? as u32,
            }
        }),
        None => None,
    };
    let last = match plenary_vote::Entity::find()
        .filter(plenary_vote::Column::ConferenceId.eq(c.id))
        .filter(plenary_vote::Column::Status.eq(plenary_vote::VoteStatus::Closed))
        .order_by_desc(plenary_vote::Column::RecordedAt)
        .one(&db.conn)
        .await?
    {
        Some(v) => {
            let subject = subject_of(&db.conn, &v).await?;
            let view = vote_view(&v, tz_of(c));
            Some(BoardVote {
                subject,
                favor: v.favor,
                against: v.against,
                abstain: v.abstain,
                outcome: view.outcome,
                at: view.at,
                channel: channel_label(&v),
            })
        }
        None => None,
    };
    Ok(Board {
        title: c.title.clone(),
        present,
        present_room,
        present_remote,
        roll_call: if c.format == "presencial" {
            None
        } else {
            crate::plenary::presence::current(db, c).await?
        },
        credentialed,
        quorum_min: room.quorum_min(),
        quorum_ok: room.check_quorum().is_ok(),
        stage,
        open: open_vote,
        last,
        speaker: crate::plenary::final_plenary::speaking_now(&db.conn, c)
            .await?
            .map(|(name, side, started, subject)| BoardSpeaker {
                name,
                side,
                subject,
                started_ms: started.timestamp_millis(),
                seconds: c.speech_seconds,
            }),
        discussing: crate::plenary::final_plenary::discussing(&db.conn, c)
            .await?
            .into_iter()
            .map(|d| d.id.to_string())
            .collect(),
        orders_waiting: crate::plenary::final_plenary::orders_waiting(&db.conn, c).await?,
        election: crate::plenary::elections::board(db, c).await?,
    })
}

/// What a vote was about, in words.
pub(crate) async fn subject_of(
    db: &impl ConnectionTrait,
    v: &plenary_vote::Model,
) -> store::Result<String> {
    Ok(match (v.subject.as_str(), v.subject_id) {
        ("regimento_destaque", Some(id)) => match destaque::Entity::find_by_id(id).one(db).await? {
            Some(d) => format!(
                "Destaque ao art. {}º do regimento ({})",
                d.article_number,
                if d.kind == "suppress" {
                    "suprimir"
                } else {
                    "modificar o texto"
                }
            ),
            None => "Destaque ao regimento".to_owned(),
        },
        ("regimento_block", _) => "Regimento interno em bloco".to_owned(),
        ("mocao", Some(id)) => crate::plenary::mocoes::subject(db, id).await?,
        _ => crate::plenary::final_plenary::subject(db, v).await?,
    })
}
