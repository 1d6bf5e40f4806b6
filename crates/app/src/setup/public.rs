//! What anyone may read without logging in: the conference list and a conference's public page.

use domain::text::search_key;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use store::entities::unit_meeting::MeetingStatus;
use store::entities::{body, conference, stage, stage_change};
use store::{Db, Error, Result};

#[derive(Debug, Clone, Serialize)]
pub struct ConferenceSummary {
    pub slug: String,
    pub title: String,
    pub level: String,
    pub level_label: String,
    pub place_name: String,
    pub cycle_year: i32,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
}

fn summary(c: &conference::Model) -> ConferenceSummary {
    ConferenceSummary {
        slug: c.slug.clone(),
        title: c.title.clone(),
        level: c.level.clone(),
        level_label: domain::values::Level::parse(&c.level)
            .map(|l| l.label())
            .unwrap_or("")
            .into(),
        place_name: c.place_name.clone(),
        cycle_year: c.cycle_year,
        starts_on: c.starts_on,
        ends_on: c.ends_on,
    }
}

/// Conferences, newest first; `q` filters by place or title, ignoring case and accents.
pub async fn list_conferences(db: &Db, q: Option<&str>) -> Result<Vec<ConferenceSummary>> {
    let mut query = conference::Entity::find().order_by_desc(conference::Column::StartsOn);
    if let Some(q) = q.map(search_key).filter(|k| !k.is_empty()) {
        query = query.filter(conference::Column::SearchKey.contains(&q));
    }
    Ok(query.all(&db.conn).await?.iter().map(summary).collect())
}

#[derive(Debug, Clone, Serialize)]
pub struct EixoView {
    pub number: i32,
    pub title: String,
    pub questions: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageView {
    pub kind_label: String,
    pub title: String,
    pub when: String,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub set_by_units: bool,
    pub cancelled: bool,
    /// For a stage whose date each unit sets: the units' meetings.
    pub meetings: Vec<crate::mobilization::units::MeetingView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    pub when: String,
    pub summary: String,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConferencePage {
    pub summary: ConferenceSummary,
    pub body_name: String,
    /// The council's public page (`/orgaos/{id}`): its composition and meetings.
    pub body_id: String,
    pub edition: i32,
    pub theme: String,
    pub lema: Option<String>,
    pub format_label: String,
    pub venue: Option<String>,
    pub venue_address: Option<String>,
    pub time_zone: String,
    /// The time zone as pages name it ("Horário de Brasília").
    #[serde(skip)]
    pub time_zone_name: String,
    pub eixos: Vec<EixoView>,
    pub stages: Vec<StageView>,
    pub changes: Vec<ChangeView>,
    pub convocation: Option<crate::setup::conference::ConvocationView>,
    pub commission: crate::setup::conference::CommissionView,
    pub documents: Vec<crate::setup::conference::DocumentView>,
    pub regimento_articles: usize,
    /// Items of the day's programme (public at `/c/{slug}/programacao`).
    pub programme_items: u64,
    /// The title of the council's previous conference with deliberations ("o que avançou" at
    /// `/c/{slug}/o-que-avancou`).
    pub advanced_from: Option<String>,
    /// Deliberations approved in the final plenary (their follow-up has a public page).
    pub deliberations: u64,
    /// The final report was accepted by the parent conference (public at `/c/{slug}/relatorio`).
    pub report_published: bool,
    /// The public registration form is open now.
    pub registration_open: bool,
    /// Units taking part in the mobilization (the ranking and the units' pages are public).
    pub units: u64,
    /// The etapa digital is open now (`/c/{slug}/participe`).
    pub online_open: bool,
    /// The etapa digital has proposals to read (open or not).
    pub online_any: bool,
    /// The consultation on the proposals: `Some(true)` open now, `Some(false)` held and closed,
    /// `None` never opened (`/c/{slug}/consulta`).
    pub consultation_open: Option<bool>,
    /// The council's resolutions that made the conference's acts: (act, resolution, its page).
    pub acts: Vec<(&'static str, String, String)>,
    /// What each participant category may do ("Quem participa e como").
    pub categories: crate::setup::categories::CategoryRights,
}

/// A conference by its slug (not found when there is none).
async fn by_slug(db: &Db, slug: &str) -> Result<conference::Model> {
    conference::Entity::find()
        .filter(conference::Column::Slug.eq(slug))
        .one(&db.conn)
        .await?
        .ok_or(Error::NotFound)
}

pub async fn conference_page(db: &Db, slug: &str) -> Result<ConferencePage> {
    let c = by_slug(db, slug).await?;
    let tz = crate::setup::conference::tz_of(&c);
    let b = body::Entity::find_by_id(c.body_id)
        .one(&db.conn)
        .await?
        .ok_or(Error::NotFound)?;
    let (eixos, questions) = crate::setup::conference::eixos_with_questions(db, c.id).await?;
    let stages = crate::setup::conference::stages_in(db, c.id).await?;
    let changes = stage_change::Entity::find()
        .filter(stage_change::Column::ConferenceId.eq(c.id))
        .filter(stage_change::Column::Change.ne("created"))
        .order_by_desc(stage_change::Column::ChangedAt)
        .all(&db.conn)
        .await?;
    let meetings = crate::mobilization::units::meetings_of(db, c.id).await?;
    let listed = crate::mobilization::attendance::listed_counts(&db.conn, c.id).await?;
    let convocation = crate::setup::conference::convocation(db, c.id).await?;
    let commission = crate::setup::conference::commission(db, c.id).await?;
    let documents = crate::setup::conference::documents(db, &c).await?;
    let regimento_articles = crate::setup::conference::regimento(db, c.id).await?.len();
    let deliberations = store::entities::proposal::Entity::find()
        .filter(store::entities::proposal::Column::ConferenceId.eq(c.id))
        .filter(store::entities::proposal::Column::Status.is_in([
            store::entities::proposal::ProposalStatus::Approved,
            store::entities::proposal::ProposalStatus::Amended,
        ]))
        .count(&db.conn)
        .await?;
    let report_published = {
        use store::entities::report_submission as rs;
        rs::Entity::find()
            .filter(rs::Column::ConferenceId.eq(c.id))
            .filter(rs::Column::Status.eq(rs::SubmissionStatus::Accepted))
            .count(&db.conn)
            .await?
            > 0
    };
    let categories = crate::setup::categories::rights(db, c.id).await?;
    let programme_items = store::entities::programme_item::Entity::find()
        .filter(store::entities::programme_item::Column::ConferenceId.eq(c.id))
        .count(&db.conn)
        .await?;
    let advanced_from = crate::reporting::followup::previous_conference(&db.conn, &c)
        .await?
        .map(|p| p.title);
    let units = crate::mobilization::shared::listed_units(c.id)
        .count(&db.conn)
        .await?;
    let online_open = crate::mobilization::online::is_open(&db.conn, c.id).await?;
    let online_any = online_open
        || store::entities::online_proposal::Entity::find()
            .filter(store::entities::online_proposal::Column::ConferenceId.eq(c.id))
            .one(&db.conn)
            .await?
            .is_some();
    let consultation_open = crate::mobilization::online::consultation::state_of(&db.conn, c.id)
        .await?
        .map(|s| s.open);
    let acts = crate::bodies::resolutions::acts_of_conference(&db.conn, &c).await?;
    let now = chrono::Utc::now();
    let registration_open = crate::participants::registration::registration_windows(db, c.id)
        .await?
        .iter()
        .any(|(s, e)| *s <= now && now <= *e);
    Ok(ConferencePage {
        convocation,
        commission,
        documents,
        regimento_articles,
        programme_items,
        advanced_from,
        deliberations,
        report_published,
        registration_open,
        units,
        online_open,
        online_any,
        consultation_open,
        acts,
        categories,
        summary: summary(&c),
        body_id: b.id.to_string(),
        body_name: b.name,
        edition: c.edition,
        theme: c.theme.clone(),
        lema: c.lema.clone(),
        format_label: domain::values::ConferenceFormat::parse(&c.format)
            .map(|f| f.label())
            .unwrap_or("")
            .into(),
        venue: c.venue.clone(),
        venue_address: c.venue_address.clone(),
        time_zone_name: domain::values::time_zone_name(&c.time_zone),
        time_zone: c.time_zone.clone(),
        eixos: eixos
            .iter()
            .map(|e| EixoView {
                number: e.number,
                title: e.title.clone(),
                questions: questions
                    .iter()
                    .filter(|q| q.eixo_id == e.id)
                    .map(|q| q.text.clone())
                    .collect(),
            })
            .collect(),
        stages: stages
            .iter()
            .map(|s| StageView {
                kind_label: domain::values::StageKind::parse(&s.kind)
                    .map(|k| k.label())
                    .unwrap_or("")
                    .into(),
                title: s.title.clone(),
                when: crate::setup::conference::when(s.starts_at, s.ends_at, tz),
                place: s.place.clone(),
                online_url: s.online_url.clone(),
                set_by_units: s.set_by_units,
                cancelled: s.cancelled,
                meetings: meetings
                    .iter()
                    .filter(|(m, _)| m.stage_id == s.id)
                    .map(|(m, unit)| crate::mobilization::units::MeetingView {
                        id: m.id,
                        unit_name: unit.clone(),
                        when: crate::setup::conference::when(m.starts_at, m.ends_at, tz),
                        place: m.place.clone(),
                        online_url: m.online_url.clone(),
                        held: m.status == MeetingStatus::Held,
                        participants: crate::mobilization::attendance::effective(
                            m,
                            listed.get(&m.id),
                        )
                        .0,
                        by_segment: crate::mobilization::attendance::describe(
                            crate::mobilization::attendance::effective(m, listed.get(&m.id)).1,
                        ),
                        report_note: None,
                        reportable: false,
                    })
                    .collect(),
            })
            .collect(),
        changes: changes
            .iter()
            .map(|ch| ChangeView {
                when: crate::setup::conference::local(ch.changed_at, tz),
                summary: ch.summary.clone(),
                reason: ch.reason.clone(),
            })
            .collect(),
    })
}

/// The title, the stages and the units' meetings of a conference, for its iCalendar feed.
pub async fn calendar(
    db: &Db,
    slug: &str,
) -> Result<(
    String,
    Vec<stage::Model>,
    Vec<(store::entities::unit_meeting::Model, String)>,
)> {
    let c = by_slug(db, slug).await?;
    let stages = crate::setup::conference::stages_in(db, c.id).await?;
    let meetings = crate::mobilization::units::meetings_of(db, c.id).await?;
    Ok((c.title, stages, meetings))
}

/// The draft regimento of a conference, with each chapter heading given once, where it starts.
pub async fn regimento(
    db: &Db,
    slug: &str,
) -> Result<(String, Vec<(Option<String>, domain::setup::Article)>)> {
    let c = by_slug(db, slug).await?;
    let arts = crate::plenary::regimento::with_headings(
        crate::setup::conference::regimento(db, c.id).await?,
    );
    Ok((c.title, arts))
}
