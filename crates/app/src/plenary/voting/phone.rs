//! The open vote as a phone and the room's board show it.

use super::*;

/// The open vote as a phone shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PhoneVote {
    pub id: String,
    pub subject: String,
    /// The texts at stake (the draft's and the proposed), if any.
    pub draft_text: Option<String>,
    pub proposed_text: Option<String>,
    pub secret: bool,
    pub already_voted: bool,
}

/// The texts at stake in vote `v` (the current text and the proposed one), for the phone and the
/// telão: a destaque's draft and proposal, a moção's text, a proposal and what its destaque asks.
pub(crate) async fn texts_of(
    db: &impl ConnectionTrait,
    v: &plenary_vote::Model,
) -> store::Result<(Option<String>, Option<String>)> {
    Ok(match v.subject_id {
        Some(id) if v.subject == "proposal_destaque" => {
            crate::plenary::final_plenary::destaque_texts(db, id).await?
        }
        Some(_) if v.subject == "proposals_block" => (None, None),
        Some(id) if v.subject == "mocao" => (crate::plenary::mocoes::text_of(db, id).await?, None),
        Some(id) => match destaque::Entity::find_by_id(id).one(db).await? {
            Some(d) => (
                Some(d.draft_text),
                match d.kind.as_str() {
                    "suppress" => Some("(suprimir o artigo)".to_owned()),
                    _ => d.proposed_text,
                },
            ),
            None => (None, None),
        },
        None => (None, None),
    })
}

/// The open vote of the conference for a delegate's phone.
pub async fn for_phone(
    db: &Db,
    c: &conference::Model,
    registration_id: Uuid,
) -> store::Result<Option<PhoneVote>> {
    let Some(v) = open_vote_of(&db.conn, c.id).await? else {
        return Ok(None);
    };
    let already_voted = vote_participation::Entity::find_by_id((v.id, registration_id))
        .one(&db.conn)
        .await?
        .is_some();
    let (draft_text, proposed_text) = texts_of(&db.conn, &v).await?;
    Ok(Some(PhoneVote {
        id: v.id.to_string(),
        subject: crate::plenary::regimento::subject_of(&db.conn, &v).await?,
        draft_text,
        proposed_text,
        secret: v.secret,
        already_voted,
    }))
}

/// The open vote as the table's console shows it.
#[derive(Debug, Clone, Serialize)]
pub struct OpenVote {
    pub id: String,
    pub subject: String,
    pub secret: bool,
    pub opened_at: String,
    pub voters: u32,
    pub present: u32,
}

pub async fn open_view(db: &Db, c: &conference::Model) -> store::Result<Option<OpenVote>> {
    let Some(v) = open_vote_of(&db.conn, c.id).await? else {
        return Ok(None);
    };
    let voters = vote_participation::Entity::find()
        .filter(vote_participation::Column::VoteId.eq(v.id))
        .count(&db.conn)
        .await? as u32;
    let present = attendance(&db.conn, c).await?.present();
    Ok(Some(OpenVote {
        id: v.id.to_string(),
        subject: crate::plenary::regimento::subject_of(&db.conn, &v).await?,
        secret: v.secret,
        opened_at: v
            .opened_at
            .unwrap_or(v.recorded_at)
            .with_timezone(&tz_of(c))
            .format("%H:%M")
            .to_string(),
        voters,
        present,
    }))
}
