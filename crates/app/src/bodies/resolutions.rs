//! A body's resolutions: published from an item its meeting approved, numbered per body and
//! year ("Resolução CMAS nº 12/2027"; the unique index keeps two at once from taking the same
//! number), public with their text, the meeting and the vote, as a page and a tagged PDF,
//! searchable. A resolution may make an act of one of the body's conferences (its convocation,
//! the commission, the articulators, the final report, the deliberations): the conference's page
//! links to it.

use crate::Fail;
use crate::bodies::meetings::{BodyHead, rules_of, when_label};
use crate::bodies::members::body_for_staff;
use crate::platform::auth::{Me, parse_id};
use crate::platform::pdf::typeset;
use chrono::{Datelike, Utc};
use domain::bodies::{ConferenceAct, MeetingKind, Outcome};
use domain::text::search_key;
use domain::values::{required, required_multiline};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use store::Db;
use store::entities::{
    body, body_agenda_item, body_meeting, body_resolution, conference, conference_act,
};
use uuid::Uuid;

/// The resolution's form.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ResolutionInput {
    /// The approved item it comes from.
    pub item_id: String,
    /// The ementa.
    pub title: String,
    pub text: String,
    /// Optional: the conference whose act it makes, and which act.
    pub conference_id: String,
    pub act: String,
}

/// "Resolução CMAS nº 12/2027".
pub fn label(b: &body::Model, r: &body_resolution::Model) -> String {
    let who = if b.acronym.is_empty() {
        b.name.as_str()
    } else {
        b.acronym.as_str()
    };
    format!("Resolução {who} nº {}/{}", r.number, r.year)
}

/// Publishes a resolution of meeting `meeting_id` from one of its approved items. Returns its id.
pub async fn publish(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    meeting_id: &str,
    i: &ResolutionInput,
) -> Result<Uuid, Fail> {
    let b = body_for_staff(db, me, body_id).await?;
    let m = body_meeting::Entity::find_by_id(parse_id(meeting_id)?)
        .filter(body_meeting::Column::BodyId.eq(b.id))
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let rules = rules_of(&db.conn, b.id).await?;
    let mut inv = Invalid::default();
    let item = match Uuid::parse_str(i.item_id.trim()) {
        Ok(id) => {
            body_agenda_item::Entity::find_by_id(id)
                .filter(body_agenda_item::Column::MeetingId.eq(m.id))
                .one(&db.conn)
                .await?
        }
        Err(_) => None,
    };
    match &item {
        None => inv.push(FieldError::new(
            "item_id",
            "Escolha o item aprovado de que a resolução trata",
        )),
        Some(it) if it.outcome.as_deref() != Some(Outcome::Approved.code()) => {
            inv.push(FieldError::new(
                "item_id",
                "Só um item aprovado pelo plenário vira resolução",
            ))
        }
        _ => {}
    }
    let title = required(
        "title",
        "a ementa (do que a resolução trata)",
        &i.title,
        300,
    )
    .map_err(|e| inv.push(e))
    .ok();
    let text = required_multiline("text", "o texto da resolução", &i.text, 20_000)
        .map_err(|e| inv.push(e))
        .ok();
    let act = if i.conference_id.trim().is_empty() {
        if !i.act.trim().is_empty() {
            inv.push(FieldError::new(
                "conference_id",
                "Escolha a conferência do ato",
            ));
        }
        None
    } else {
        let c = match Uuid::parse_str(i.conference_id.trim()) {
            Ok(id) => {
                conference::Entity::find_by_id(id)
                    .filter(conference::Column::BodyId.eq(b.id))
                    .one(&db.conn)
                    .await?
            }
            Err(_) => None,
        };
        if c.is_none() {
            inv.push(FieldError::new(
                "conference_id",
                "Escolha uma conferência deste órgão",
            ));
        }
        let a = ConferenceAct::parse(&i.act).map_err(|e| inv.push(e)).ok();
        c.zip(a)
    };
    inv.into_result()?;
    let (title, text) = (title.expect("checked"), text.expect("checked"));
    let year = m.starts_at.with_timezone(&rules.tz).year();
    let now = Utc::now();
    // Two published at once may pick the same number: the unique index refuses the second,
    // which takes the next one.
    for _ in 0..3 {
        let tx = db.write().await?;
        let number = body_resolution::Entity::find()
            .filter(body_resolution::Column::BodyId.eq(b.id))
            .filter(body_resolution::Column::Year.eq(year))
            .order_by_desc(body_resolution::Column::Number)
            .one(&tx)
            .await?
            .map(|r| r.number)
            .unwrap_or(0)
            + 1;
        let id = Uuid::now_v7();
        let row = body_resolution::ActiveModel {
            id: Set(id),
            body_id: Set(b.id),
            year: Set(year),
            number: Set(number),
            meeting_id: Set(m.id),
            item_id: Set(item.as_ref().map(|x| x.id)),
            search_key: Set(search_key(&format!("{number}/{year} {title} {text}"))),
            title: Set(title.clone()),
            body_text: Set(text.clone()),
            published_at: Set(now),
            published_by: Set(me.map(|x| x.account.id)),
        };
        match body_resolution::Entity::insert(row)
            .exec(&tx)
            .await
            .map_err(store::Error::from_db)
        {
            Ok(_) => {}
            Err(e) if e.is_conflict_on("body_resolution") => continue,
            Err(e) => return Err(e.into()),
        }
        if let Some((c, a)) = &act {
            conference_act::Entity::delete_many()
                .filter(conference_act::Column::ConferenceId.eq(c.id))
                .filter(conference_act::Column::Act.eq(a.code()))
                .exec(&tx)
                .await?;
            conference_act::Entity::insert(conference_act::ActiveModel {
                conference_id: Set(c.id),
                act: Set(a.code().into()),
                resolution_id: Set(id),
                linked_at: Set(now),
            })
            .exec(&tx)
            .await?;
        }
        tx.commit().await?;
        tracing::info!(body = %b.id, resolution = %id, number, year, "resolution published");
        return Ok(id);
    }
    Err(Invalid::one(
        "form",
        "Outra resolução foi publicada ao mesmo tempo: tente de novo",
    )
    .into())
}

/// A resolution in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ResolutionRow {
    pub id: String,
    pub meeting_id: String,
    pub label: String,
    pub title: String,
    /// "12/01/2027".
    pub date: String,
}

/// A body's resolutions, maybe filtered.
#[derive(Debug, Clone, Serialize)]
pub struct Resolutions {
    pub body: BodyHead,
    pub q: String,
    pub rows: Vec<ResolutionRow>,
    pub total: usize,
}

fn head(b: &body::Model) -> BodyHead {
    BodyHead {
        id: b.id.to_string(),
        name: b.name.clone(),
        acronym: b.acronym.clone(),
    }
}

async fn public_body(db: &Db, body_id: &str) -> Result<body::Model, Fail> {
    body::Entity::find_by_id(parse_id(body_id)?)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)
}

/// The public list of a body's resolutions, newest first; `q` searches the number, the ementa
/// and the text (accents and case do not matter; every word must appear).
pub async fn list(db: &Db, body_id: &str, q: &str) -> Result<Resolutions, Fail> {
    let b = public_body(db, body_id).await?;
    let rules = rules_of(&db.conn, b.id).await?;
    let all = body_resolution::Entity::find()
        .filter(body_resolution::Column::BodyId.eq(b.id))
        .order_by_desc(body_resolution::Column::Year)
        .order_by_desc(body_resolution::Column::Number)
        .all(&db.conn)
        .await?;
    let total = all.len();
    let words: Vec<String> = search_key(q)
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let rows = all
        .iter()
        .filter(|r| words.iter().all(|w| r.search_key.contains(w.as_str())))
        .map(|r| ResolutionRow {
            id: r.id.to_string(),
            meeting_id: r.meeting_id.to_string(),
            label: label(&b, r),
            title: r.title.clone(),
            date: r
                .published_at
                .with_timezone(&rules.tz)
                .format("%d/%m/%Y")
                .to_string(),
        })
        .collect();
    Ok(Resolutions {
        body: head(&b),
        q: q.chars().take(100).collect(),
        rows,
        total,
    })
}

/// One resolution as published.
#[derive(Debug, Clone, Serialize)]
pub struct ResolutionView {
    pub body: BodyHead,
    pub id: String,
    pub label: String,
    pub title: String,
    pub text: String,
    pub date: String,
    pub meeting_id: String,
    /// "Reunião ordinária de terça-feira, 12/01/2027, às 14h".
    pub meeting: String,
    /// "Aprovado por 9 voto(s) a favor, …".
    pub vote: Option<String>,
    /// (conference title, slug, act label).
    pub acts: Vec<(String, String, &'static str)>,
}

/// One resolution, public.
pub async fn view(db: &Db, body_id: &str, id: &str) -> Result<ResolutionView, Fail> {
    let b = public_body(db, body_id).await?;
    let r = body_resolution::Entity::find_by_id(parse_id(id)?)
        .filter(body_resolution::Column::BodyId.eq(b.id))
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let rules = rules_of(&db.conn, b.id).await?;
    let m = body_meeting::Entity::find_by_id(r.meeting_id)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let item = match r.item_id {
        Some(i) => {
            body_agenda_item::Entity::find_by_id(i)
                .one(&db.conn)
                .await?
        }
        None => None,
    };
    let vote = item.and_then(
        |it| match (it.votes_favor, it.votes_against, it.votes_abstain) {
            (Some(f), Some(a), Some(ab)) => Some(format!(
                "Aprovada por {f} voto(s) a favor, {a} contra e {ab} abstenção(ões){}.",
                if it.vote_mode.as_deref() == Some("nominal") {
                    ", em votação nominal"
                } else {
                    ""
                }
            )),
            _ => None,
        },
    );
    let links = conference_act::Entity::find()
        .filter(conference_act::Column::ResolutionId.eq(r.id))
        .all(&db.conn)
        .await?;
    let mut acts = Vec::new();
    for l in links {
        if let Some(c) = conference::Entity::find_by_id(l.conference_id)
            .one(&db.conn)
            .await?
        {
            acts.push((
                c.title,
                c.slug,
                ConferenceAct::parse(&l.act)
                    .map(|a| a.label())
                    .unwrap_or(""),
            ));
        }
    }
    Ok(ResolutionView {
        label: label(&b, &r),
        id: r.id.to_string(),
        title: r.title.clone(),
        text: r.body_text.clone(),
        date: r
            .published_at
            .with_timezone(&rules.tz)
            .format("%d/%m/%Y")
            .to_string(),
        meeting_id: m.id.to_string(),
        meeting: format!(
            "{} de {}",
            MeetingKind::from_code(&m.kind).label(),
            when_label(m.starts_at, rules.tz)
        ),
        vote,
        acts,
        body: head(&b),
    })
}

/// A resolution as a tagged PDF: its file name and bytes.
pub async fn pdf(db: &Db, body_id: &str, id: &str) -> Result<(String, Vec<u8>), Fail> {
    let v = view(db, body_id, id).await?;
    let mut paras = vec![
        serde_json::json!({ "text": v.body.name, "size": 11, "bold": false, "level": 0 }),
        serde_json::json!({ "text": v.label, "size": 16, "bold": true, "level": 1 }),
        serde_json::json!({ "text": v.title, "size": 11, "bold": true, "level": 0 }),
        serde_json::json!({ "text": format!("{}, no uso de suas atribuições, em {}, resolve:", v.body.name, v.meeting.to_lowercase()), "size": 11, "bold": false, "level": 0 }),
        serde_json::json!({ "text": v.text, "size": 11, "bold": false, "level": 0 }),
    ];
    if let Some(vote) = &v.vote {
        paras.push(serde_json::json!({ "text": vote, "size": 10, "bold": false, "level": 0 }));
    }
    paras.push(serde_json::json!({ "text": format!("Publicada em {}.", v.date), "size": 10, "bold": false, "level": 0 }));
    let data = serde_json::json!({
        "title": format!("{}: {}", v.label, v.title),
        "author": v.body.name,
        "paragraphs": paras,
    });
    let (bytes, _) = typeset(reports::Template::Paragraphs, data, Vec::new()).await?;
    let name = format!("{}.pdf", domain::text::slugify(&v.label.replace('/', "-")));
    Ok((name, bytes))
}

/// The acts of conference `c` with the resolutions that made them: (act label, resolution
/// label, its page).
pub async fn acts_of_conference(
    db: &impl sea_orm::ConnectionTrait,
    c: &conference::Model,
) -> store::Result<Vec<(&'static str, String, String)>> {
    let links = conference_act::Entity::find()
        .filter(conference_act::Column::ConferenceId.eq(c.id))
        .all(db)
        .await?;
    let Some(b) = body::Entity::find_by_id(c.body_id).one(db).await? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for a in ConferenceAct::ALL {
        let Some(l) = links.iter().find(|l| l.act == a.code()) else {
            continue;
        };
        if let Some(r) = body_resolution::Entity::find_by_id(l.resolution_id)
            .one(db)
            .await?
        {
            out.push((
                a.label(),
                label(&b, &r),
                format!("/orgaos/{}/resolucoes/{}", b.id, r.id),
            ));
        }
    }
    Ok(out)
}

/// The (id, title) of the body's conferences, for the act select.
pub async fn conferences_of(db: &Db, body_id: Uuid) -> Result<Vec<(String, String)>, Fail> {
    Ok(conference::Entity::find()
        .filter(conference::Column::BodyId.eq(body_id))
        .order_by_desc(conference::Column::CreatedAt)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|c| (c.id.to_string(), c.title))
        .collect())
}
