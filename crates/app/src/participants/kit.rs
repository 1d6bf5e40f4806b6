//! The participant kit (issue 21): one PDF per registration with the person's badge (the same
//! drawing as the badge sheets, its QR a signed token), their working group when assigned, the
//! day's programme and "o que avançou" (the council's previous deliberations with their
//! follow-up status). The person downloads their own from `meus-dados` (after the proof of
//! identity, with the access token); the desk, the commission and the secretariat print it
//! for anyone (`PrintParticipantKit`). Nothing in it is more personal than the badge: no CPF,
//! no e-mail, no phone, no self-declaration.

use crate::Fail;
use crate::platform::auth::{Me, authorize, conference_scope};
use crate::platform::pdf::typeset;
use crate::setup::documents::badge_data;
use domain::participants::normalize_code;
use domain::policy::Action;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use store::Db;
use store::entities::registration::RegistrationStatus;
use store::entities::{conference, eixo, group_member, registration, working_group};

/// "Grupo 2 (Eixo 2: …)" for the person's working group, if they are in one.
async fn group_of(db: &Db, r: &registration::Model) -> store::Result<Option<String>> {
    let Some(m) = group_member::Entity::find()
        .filter(group_member::Column::RegistrationId.eq(r.id))
        .filter(group_member::Column::ConferenceId.eq(r.conference_id))
        .one(&db.conn)
        .await?
    else {
        return Ok(None);
    };
    let Some(g) = working_group::Entity::find_by_id(m.group_id)
        .one(&db.conn)
        .await?
    else {
        return Ok(None);
    };
    let e = eixo::Entity::find_by_id(g.eixo_id).one(&db.conn).await?;
    Ok(Some(match e {
        Some(e) => format!("{} (Eixo {}: {})", g.name, e.number, e.title),
        None => g.name,
    }))
}

/// The kit of registration `r` of conference `c`, as PDF bytes.
pub(crate) async fn kit_pdf(
    db: &Db,
    c: &conference::Model,
    r: &registration::Model,
) -> store::Result<Vec<u8>> {
    let key = crate::platform::tokens::badge_key(db).await?;
    let programme = crate::setup::programme::items_of(db, c).await?;
    let group = group_of(db, r).await?;
    let advanced = crate::reporting::followup::advanced_for(&db.conn, c).await?;

    let days = domain::calendar::days_label(c.starts_on, c.ends_on);
    let place = match (&c.venue, &c.venue_address) {
        (Some(v), Some(a)) => format!(", {v}, {a}"),
        (Some(v), None) => format!(", {v}"),
        _ => String::new(),
    };
    let (badge, qr) = badge_data(&c.title, r, &key.sign(r.id), 0)?;
    let programme: Vec<serde_json::Value> = programme
        .iter()
        .map(|it| {
            let mut lines = Vec::new();
            if let Some(s) = &it.speaker {
                lines.push(if it.kind == "keynote" {
                    format!("Palestrante: {s}")
                } else {
                    s.clone()
                });
            }
            if let Some(p) = &it.place {
                lines.push(format!("Local: {p}"));
            }
            if let Some(d) = &it.description {
                lines.push(d.clone());
            }
            json!({ "head": format!("{}  {}", it.hours, it.title), "lines": lines })
        })
        .collect();
    let (intro, totals, items) = match &advanced {
        None => (
            "O conselho não tem deliberações de uma conferência anterior registradas nesta plataforma."
                .to_owned(),
            String::new(),
            Vec::new(),
        ),
        Some(a) => (
            format!(
                "Deliberações aprovadas na {} e a situação de cada uma no monitoramento do conselho{}.",
                a.from_title,
                if a.board.last_update.is_empty() {
                    String::new()
                } else {
                    format!(" (atualizado em {})", a.board.last_update)
                }
            ),
            a.board
                .counts
                .iter()
                .filter(|s| s.count > 0)
                .map(|s| format!("{}: {}", s.label, s.count))
                .collect::<Vec<_>>()
                .join(" · "),
            a.board
                .items()
                .map(|it| {
                    json!({
                        "head": format!("{} · {}", it.code, it.status_label),
                        "text": it.text,
                        "responsible": if it.responsible.is_empty() {
                            String::new()
                        } else {
                            format!("Responsável: {}", it.responsible)
                        },
                    })
                })
                .collect(),
        ),
    };
    let data = json!({
        "title": format!("Kit do(a) participante: {}", c.title),
        "author": c.title,
        "heading": "Kit do(a) participante",
        "conference": c.title,
        "when": format!("{days}{place}"),
        "badge": badge,
        "badge_heading": "Seu crachá",
        "badge_help": "Recorte na linha cinza e use durante toda a conferência: o código e o QR servem para o credenciamento.",
        "group_heading": "Seu grupo de trabalho",
        "group": group.as_deref().unwrap_or("Ainda não definido: a comissão indica o grupo no credenciamento."),
        "programme_heading": "Programação",
        "programme_empty": "A programação do dia ainda não foi publicada.",
        "programme": programme,
        "advanced_heading": "O que avançou desde a última conferência",
        "advanced_intro": intro,
        "advanced_totals": totals,
        "advanced": items,
    });
    Ok(typeset(reports::Template::Kit, data, vec![qr]).await?.0)
}

fn file_name(c: &conference::Model, r: &registration::Model) -> String {
    format!("kit-{}-{}.pdf", c.slug, r.code)
}

/// The kit of the registration with `code`, printed by the desk, the commission or the
/// secretariat: the PDF and its file name.
pub async fn kit_for_staff(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    code: &str,
) -> Result<(Vec<u8>, String), Fail> {
    let c = authorize(db, me, slug, Action::PrintParticipantKit).await?;
    let code = normalize_code(code).ok_or(Fail::NotFound)?;
    let r = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Code.eq(code))
        .one(&db.conn)
        .await?
        .filter(|r| r.status != RegistrationStatus::Anonymized)
        .ok_or(Fail::NotFound)?;
    tracing::info!(conference = %c.id, registration = %r.id, "participant kit printed by staff");
    Ok((kit_pdf(db, &c, &r).await?, file_name(&c, &r)))
}

/// The person's own kit, from the access token of `meus-dados` (refused as expired when it is
/// not genuine, of another conference, or old).
pub async fn kit_for_self(db: &Db, slug: &str, access: &str) -> Result<(Vec<u8>, String), Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let r = crate::participants::my_data::open_access(db, &c, access).await?;
    Ok((kit_pdf(db, &c, &r).await?, file_name(&c, &r)))
}
