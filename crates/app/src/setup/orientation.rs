//! The state's orientation for the conferences below it (ADR 0036; `domain::orientation`).
//!
//! A state (or regional) conference's commission edits and publishes, on
//! `/c/{slug}/gestao/orientacao`, the seat table by porte, the report deadline and extra report
//! questions; its eixos are its own conference's eixos. Anyone reads it at `/c/{slug}/orientacao`.
//! The conferences whose parent it is ([`of_parent`]) use it: the election's seats for the
//! municipality's porte (`plenary::elections::setup`), the report's extra answers
//! (`reporting::report::draft`), the inbox's checks of the delegation and the deadline
//! (`reporting::report::parent`), and the eixos they may adopt ([`adopt_eixos`]).

use crate::Fail;
use crate::platform::auth::{Me, authorize, conference_scope};
use chrono::{NaiveDate, Utc};
use domain::orientation::{self as o, Orientation, PorteRow};
use domain::policy::Action;
use domain::values::{Level, Porte, Seat};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde::Serialize;
use std::collections::HashMap;
use store::Db;
use store::entities::{
    conference, eixo, online_proposal, proposal, state_orientation, unit_proposal, working_group,
};
use uuid::Uuid;

/// A published orientation with the conference that published it.
#[derive(Debug, Clone)]
pub struct Published {
    pub state: conference::Model,
    pub orientation: Orientation,
    pub published_at: chrono::DateTime<Utc>,
}

fn decode(row: &state_orientation::Model) -> store::Result<Orientation> {
    let bad = |e: serde_json::Error| store::Error::Other(format!("stored orientation: {e}"));
    Ok(Orientation {
        table: serde_json::from_str::<Vec<PorteRow>>(&row.seat_table).map_err(bad)?,
        deadline: row.report_deadline,
        questions: serde_json::from_str::<Vec<String>>(&row.questions).map_err(bad)?,
    })
}

/// The orientation conference `id` published, if any.
pub(crate) async fn published_by(
    db: &impl ConnectionTrait,
    state: &conference::Model,
) -> store::Result<Option<Published>> {
    let Some(row) = state_orientation::Entity::find_by_id(state.id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(Published {
        state: state.clone(),
        orientation: decode(&row)?,
        published_at: row.published_at,
    }))
}

/// The orientation the parent of `child` published, if it has a parent and the parent published.
pub(crate) async fn of_parent(
    db: &impl ConnectionTrait,
    child: &conference::Model,
) -> store::Result<Option<Published>> {
    let Some(pid) = child.parent_id else {
        return Ok(None);
    };
    let Some(parent) = conference::Entity::find_by_id(pid).one(db).await? else {
        return Ok(None);
    };
    published_by(db, &parent).await
}

/// One cell of the table as the form shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// Field name (`t_PP1_governo`).
    pub name: String,
    /// Accessible label ("Pequeno Porte I, Governo, titulares").
    pub label: String,
    pub value: String,
}

/// One porte's row of the form: per segment, the titulares' and the suplentes' cells.
#[derive(Debug, Clone, Serialize)]
pub struct FormRow {
    pub porte: &'static str,
    pub cells: Vec<(Cell, Cell)>,
}

/// The commission's page.
#[derive(Debug, Clone, Serialize)]
pub struct EditPage {
    pub slug: String,
    pub title: String,
    /// Only state and regional conferences publish an orientation.
    pub can_publish: bool,
    pub segments: Vec<&'static str>,
    pub rows: Vec<FormRow>,
    pub deadline: String,
    pub questions: String,
    /// "publicada em 05/05/2025 14:00" once published.
    pub published_at: Option<String>,
    /// The conferences below (their titles).
    pub children: Vec<String>,
    /// This conference's eixos ("1. Título").
    pub eixos: Vec<String>,
}

/// What the form sends: cells by field name, `deadline`, `questions`.
pub type FormInput = HashMap<String, String>;

fn publishes(c: &conference::Model) -> bool {
    matches!(
        Level::parse(&c.level),
        Ok(Level::Estadual | Level::Regional)
    )
}

fn form_rows(values: &HashMap<String, String>) -> Vec<FormRow> {
    Porte::ALL
        .iter()
        .map(|p| FormRow {
            porte: p.label(),
            cells: domain::elections::SEGMENTS
                .iter()
                .map(|s| {
                    let cell = |seat: Seat| {
                        let name = o::cell_field(seat, *p, *s);
                        Cell {
                            label: format!(
                                "{}, {}, {}",
                                p.label(),
                                s.label(),
                                if seat == Seat::Titular {
                                    "titulares"
                                } else {
                                    "suplentes"
                                }
                            ),
                            value: values.get(&name).cloned().unwrap_or_default(),
                            name,
                        }
                    };
                    (cell(Seat::Titular), cell(Seat::Suplente))
                })
                .collect(),
        })
        .collect()
}

fn values_of(table: &[PorteRow]) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for r in table {
        let Ok(p) = Porte::parse(&r.porte) else {
            continue;
        };
        for (k, s) in domain::elections::SEGMENTS.iter().enumerate() {
            out.insert(
                o::cell_field(Seat::Titular, p, *s),
                r.seats[k].0.to_string(),
            );
            out.insert(
                o::cell_field(Seat::Suplente, p, *s),
                r.seats[k].1.to_string(),
            );
        }
    }
    out
}

async fn children_of(db: &Db, c: &conference::Model) -> store::Result<Vec<String>> {
    let mut v: Vec<String> = conference::Entity::find()
        .filter(conference::Column::ParentId.eq(c.id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|x| x.title)
        .collect();
    v.sort();
    Ok(v)
}

async fn eixo_lines(db: &Db, conference_id: Uuid) -> store::Result<Vec<String>> {
    Ok(
        crate::mobilization::shared::eixos_of(&db.conn, conference_id)
            .await?
            .into_iter()
            .map(|e| format!("{}. {}", e.number, e.title))
            .collect(),
    )
}

fn fmt_published(c: &conference::Model, at: chrono::DateTime<Utc>) -> String {
    at.with_timezone(&crate::plenary::regimento::tz_of(c))
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// The page, with what was typed (`typed`, after a refused form) or what is published (or, before
/// anything is, the sample table's numbers to start from).
pub async fn edit_page(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    typed: Option<&FormInput>,
) -> Result<EditPage, Fail> {
    let c = authorize(db, me, slug, Action::PublishOrientation).await?;
    let published = published_by(&db.conn, &c).await?;
    let (values, deadline, questions) = match (typed, &published) {
        (Some(t), _) => (
            t.clone(),
            t.get("deadline").cloned().unwrap_or_default(),
            t.get("questions").cloned().unwrap_or_default(),
        ),
        (None, Some(p)) => (
            values_of(&p.orientation.table),
            p.orientation.deadline.format("%Y-%m-%d").to_string(),
            p.orientation.questions.join("\n"),
        ),
        (None, None) => (values_of(&o::sample_table()), String::new(), String::new()),
    };
    Ok(EditPage {
        slug: c.slug.clone(),
        title: c.title.clone(),
        can_publish: publishes(&c),
        segments: domain::elections::SEGMENTS
            .iter()
            .map(|s| s.label())
            .collect(),
        rows: form_rows(&values),
        deadline,
        questions,
        published_at: published.map(|p| fmt_published(&c, p.published_at)),
        children: children_of(db, &c).await?,
        eixos: eixo_lines(db, c.id).await?,
    })
}

/// Checks the form and publishes (or publishes again) the orientation; nothing is written when
/// anything is wrong. The conferences below use it from then on (an election whose seats were
/// already fixed keeps them).
pub async fn publish(db: &Db, me: Option<&Me>, slug: &str, i: &FormInput) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::PublishOrientation).await?;
    if !publishes(&c) {
        return Err(Invalid::one(
            "form",
            "Só uma conferência estadual ou regional publica orientação para as conferências abaixo dela",
        )
        .into());
    }
    let input = o::Input {
        cells: i.clone(),
        deadline: i.get("deadline").cloned().unwrap_or_default(),
        questions: i.get("questions").cloned().unwrap_or_default(),
    };
    let parsed = o::parse(&input)?;
    let row = state_orientation::ActiveModel {
        conference_id: Set(c.id),
        seat_table: Set(
            serde_json::to_string(&parsed.table).map_err(|e| store::Error::Other(e.to_string()))?
        ),
        report_deadline: Set(parsed.deadline),
        questions: Set(serde_json::to_string(&parsed.questions)
            .map_err(|e| store::Error::Other(e.to_string()))?),
        published_by: Set(me.map(|m| m.account.id)),
        published_at: Set(Utc::now()),
    };
    let tx = db.write().await?;
    state_orientation::Entity::delete_by_id(c.id)
        .exec(&tx)
        .await?;
    state_orientation::Entity::insert(row).exec(&tx).await?;
    tx.commit().await?;
    tracing::info!(conference = %c.id, "orientation published");
    Ok(())
}

/// One porte's seats as shown.
#[derive(Debug, Clone, Serialize)]
pub struct TableRow {
    pub porte: &'static str,
    /// `(titulares, suplentes)` per segment, in the order of `segments`.
    pub seats: Vec<(u32, u32)>,
    pub titulares: u32,
    pub suplentes: u32,
}

/// The orientation as anyone reads it (and as the conferences below show it).
#[derive(Debug, Clone, Serialize)]
pub struct View {
    pub state_slug: String,
    pub state_title: String,
    pub segments: Vec<&'static str>,
    pub table: Vec<TableRow>,
    /// DD/MM/AAAA.
    pub deadline: String,
    pub questions: Vec<String>,
    pub eixos: Vec<String>,
    pub published_at: String,
}

async fn view_of(db: &Db, p: &Published) -> store::Result<View> {
    Ok(View {
        state_slug: p.state.slug.clone(),
        state_title: p.state.title.clone(),
        segments: domain::elections::SEGMENTS
            .iter()
            .map(|s| s.label())
            .collect(),
        table: p
            .orientation
            .table
            .iter()
            .filter_map(|r| {
                let porte = Porte::parse(&r.porte).ok()?;
                Some(TableRow {
                    porte: porte.label(),
                    seats: r.seats.to_vec(),
                    titulares: r.seats.iter().map(|s| s.0).sum(),
                    suplentes: r.seats.iter().map(|s| s.1).sum(),
                })
            })
            .collect(),
        deadline: fmt_date(p.orientation.deadline),
        questions: p.orientation.questions.clone(),
        eixos: eixo_lines(db, p.state.id).await?,
        published_at: fmt_published(&p.state, p.published_at),
    })
}

/// DD/MM/AAAA.
pub fn fmt_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The public page of a conference's orientation: `None` when it published none.
pub async fn public_view(db: &Db, slug: &str) -> Result<(String, Option<View>), Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let v = match published_by(&db.conn, &c).await? {
        Some(p) => Some(view_of(db, &p).await?),
        None => None,
    };
    Ok((c.title, v))
}

/// What a conference below shows of its parent's orientation (its staff: anyone who sees its
/// management pages), with its own porte's seats when known.
#[derive(Debug, Clone, Serialize)]
pub struct ChildView {
    pub view: View,
    /// The municipality's porte label, when known.
    pub porte: Option<&'static str>,
    /// The seats for that porte: `(segment label, titulares, suplentes)`.
    pub own_seats: Vec<(&'static str, u32, u32)>,
    /// The conference has no eixos yet (adopting copies them without asking).
    pub no_eixos: bool,
    /// The state's eixos may be adopted: no eixos yet, or none with working groups or proposals.
    pub can_adopt: bool,
}

/// The parent's orientation for the staff of conference `slug`, if the parent published one.
pub async fn for_child(db: &Db, me: Option<&Me>, slug: &str) -> Result<Option<ChildView>, Fail> {
    let c = authorize(db, me, slug, Action::ViewConferenceAdmin).await?;
    child_view(db, &c).await
}

pub(crate) async fn child_view(db: &Db, c: &conference::Model) -> Result<Option<ChildView>, Fail> {
    let Some(p) = of_parent(&db.conn, c).await? else {
        return Ok(None);
    };
    let porte = crate::plenary::elections::entity_porte(&db.conn, c).await?;
    let own_seats: Vec<(&'static str, u32, u32)> = porte
        .and_then(|x| p.orientation.seats_for(x))
        .map(|s| {
            domain::elections::SEGMENTS
                .iter()
                .map(|g| (g.label(), s.of(*g), s.suplentes_of(*g)))
                .collect()
        })
        .unwrap_or_default();
    let no_eixos = crate::mobilization::shared::eixos_of(&db.conn, c.id)
        .await?
        .is_empty();
    let can_adopt = no_eixos || !eixos_in_use(&db.conn, c.id).await?;
    Ok(Some(ChildView {
        view: view_of(db, &p).await?,
        porte: porte.map(Porte::label),
        own_seats,
        no_eixos,
        can_adopt,
    }))
}

/// Whether working groups or proposals hang on the conference's eixos (replacing the eixos would
/// move them to another eixo or delete them by cascade).
async fn eixos_in_use(db: &impl ConnectionTrait, conference_id: Uuid) -> store::Result<bool> {
    Ok(working_group::Entity::find()
        .filter(working_group::Column::ConferenceId.eq(conference_id))
        .count(db)
        .await?
        + proposal::Entity::find()
            .filter(proposal::Column::ConferenceId.eq(conference_id))
            .count(db)
            .await?
        + unit_proposal::Entity::find()
            .filter(unit_proposal::Column::ConferenceId.eq(conference_id))
            .count(db)
            .await?
        + online_proposal::Entity::find()
            .filter(online_proposal::Column::ConferenceId.eq(conference_id))
            .count(db)
            .await?
        > 0)
}

/// Copies the parent's eixos (titles, ementas, guiding questions) into conference `slug`'s. When
/// it already has eixos, only with `confirm` (they are replaced, as the eixos form would), and
/// never once working groups or proposals hang on them.
pub async fn adopt_eixos(db: &Db, me: Option<&Me>, slug: &str, confirm: bool) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::EditConference).await?;
    let Some(p) = of_parent(&db.conn, &c).await? else {
        return Err(Invalid::one(
            "form",
            "A conferência da etapa seguinte não publicou orientação: não há eixos para adotar",
        )
        .into());
    };
    let (eixos, qs) = crate::setup::conference::eixos_with_questions(db, p.state.id).await?;
    if eixos.is_empty() {
        return Err(Invalid::one(
            "form",
            format!("A {} ainda não cadastrou eixos", p.state.title),
        )
        .into());
    }
    let own = eixo::Entity::find()
        .filter(eixo::Column::ConferenceId.eq(c.id))
        .count(&db.conn)
        .await?;
    let in_use = eixos_in_use(&db.conn, c.id).await?;
    if own > 0 && in_use {
        return Err(Invalid::one(
            "form",
            "Esta conferência já tem grupos de trabalho ou propostas ligados aos seus eixos: adotar os eixos estaduais os apagaria ou mudaria de eixo. Ajuste os eixos à mão na lista abaixo",
        )
        .into());
    }
    if own > 0 && !confirm {
        return Err(FieldError::new(
            "confirm",
            format!(
                "Esta conferência já tem {own} eixo(s): marque a confirmação para substituí-los pelos da {}",
                p.state.title
            ),
        )
        .into());
    }
    let input = crate::setup::conference::eixos_as_input(eixos, &qs);
    crate::setup::conference::save_eixos(db, me, slug, &input).await
}
