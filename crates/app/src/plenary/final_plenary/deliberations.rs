//! The approved deliberations as published.

use super::*;
use store::entities::proposal::ProposalStatus;

/// A deliberation as published.
#[derive(Debug, Clone, Serialize)]
pub struct Deliberation {
    pub text: String,
    pub amended: bool,
    pub level_label: String,
    pub kind_label: String,
    pub origins: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EixoDeliberations {
    pub number: i32,
    pub title: String,
    /// (level label, deliberations).
    pub levels: Vec<(String, Vec<Deliberation>)>,
}

/// The approved deliberations of a conference, by eixo and level, with their origins (public).
pub async fn deliberations(db: &Db, slug: &str) -> Result<(String, Vec<EixoDeliberations>), Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let (eixos, ps) =
        crate::plenary::eixos_and_proposals(&db.conn, c.id, &ProposalStatus::ADOPTED).await?;
    let views = proposal_views(&db.conn, &ps).await?;
    let mut out = Vec::new();
    for e in eixos {
        let mut levels = Vec::new();
        for l in domain::proposals::AddressedLevel::ALL {
            let ds: Vec<Deliberation> = ps
                .iter()
                .zip(views.iter())
                .filter(|(p, _)| p.eixo_id == e.id && p.level == l.code())
                .map(|(p, v)| Deliberation {
                    text: p.final_text.clone().unwrap_or_else(|| p.text.clone()),
                    amended: p.final_text.is_some(),
                    level_label: v.level_label.clone(),
                    kind_label: v.kind_label.clone(),
                    origins: v.origins.clone(),
                })
                .collect();
            if !ds.is_empty() {
                levels.push((l.label().to_owned(), ds));
            }
        }
        out.push(EixoDeliberations {
            number: e.number,
            title: e.title,
            levels,
        });
    }
    Ok((c.title, out))
}
