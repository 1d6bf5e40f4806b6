//! The final plenary's sections of the minutes (ata).

use super::*;
use store::entities::proposal::ProposalStatus;

/// The final plenary in the minutes (ata), one section per eixo that reached the plenary: the
/// eixo's heading, its block vote(s), each destaque (the proposal, what it asked, who asked,
/// who spoke, its vote or what became of it), then the eixo's deliberations and the proposals
/// rejected. Empty when no proposal reached the plenary.
pub(crate) async fn minutes_section(
    db: &Db,
    c: &conference::Model,
) -> Result<Vec<(String, f32, bool)>, Fail> {
    let tz = tz_of(c);
    let (eixos, ps) = crate::plenary::eixos_and_proposals(&db.conn, c.id, PLENARY_STATUSES).await?;
    let votes = closed_votes(db, c).await?;
    if ps.is_empty() && votes.is_empty() {
        return Ok(Vec::new());
    }
    let views = proposal_views(&db.conn, &ps).await?;
    let (ds, sp) = destaques_and_speakers(db, c).await?;
    let mut lines: Vec<(String, f32, bool)> =
        vec![("Plenária final: propostas por eixo".to_owned(), 11.0, true)];
    for e in &eixos {
        let mine: Vec<(&proposal::Model, &ProposalView)> = ps
            .iter()
            .zip(views.iter())
            .filter(|(p, _)| p.eixo_id == e.id)
            .collect();
        let blocks: Vec<&plenary_vote::Model> = votes
            .iter()
            .filter(|v| v.subject == "proposals_block" && v.subject_id == Some(e.id))
            .collect();
        if mine.is_empty() && blocks.is_empty() {
            continue;
        }
        lines.push((String::new(), 4.0, false));
        lines.push((format!("Eixo {}: {}", e.number, e.title), 11.0, true));
        // The block vote of the proposals without destaque.
        if blocks.is_empty() {
            lines.push((
                "Votação em bloco das propostas sem destaque: ainda não realizada.".to_owned(),
                9.0,
                false,
            ));
        }
        for v in &blocks {
            let members = ps
                .iter()
                .filter(|p| p.plenary_vote_id == Some(v.id))
                .count();
            let heading = format!(
                "Votação em bloco das propostas sem destaque ({members} proposta(s)) — {}",
                vote_view(v, tz).at
            );
            lines.extend(crate::plenary::regimento::vote_minutes(db, v, tz, heading).await?);
        }
        // The destaques, in the order they were asked.
        let eixo_ds: Vec<&proposal_destaque::Model> = ds
            .iter()
            .filter(|d| mine.iter().any(|(p, _)| p.id == d.proposal_id))
            .collect();
        if eixo_ds.is_empty() {
            lines.push(("Nenhum destaque neste eixo.".to_owned(), 9.0, false));
        }
        for (n, d) in eixo_ds.iter().enumerate() {
            let text = mine
                .iter()
                .find(|(p, _)| p.id == d.proposal_id)
                .map(|(p, _)| p.text.clone())
                .unwrap_or_default();
            lines.push((
                format!("Destaque {} ({}): {}", n + 1, kind_label(&d.kind), text),
                10.0,
                true,
            ));
            if let Some(t) = &d.proposed_text {
                lines.push((format!("Nova redação proposta: {t}"), 9.0, false));
            }
            if let Some(who) = &d.raised_by {
                lines.push((format!("Pedido por: {who}"), 9.0, false));
            }
            let speakers: Vec<String> = sp
                .iter()
                .filter(|s| s.destaque_id == d.id && s.started_at.is_some())
                .map(|s| format!("{} ({})", s.name, side_label(&s.side)))
                .collect();
            if !speakers.is_empty() {
                lines.push((format!("Falas: {}.", speakers.join("; ")), 9.0, false));
            }
            match d.vote_id.and_then(|id| votes.iter().find(|v| v.id == id)) {
                Some(v) => {
                    let heading =
                        format!("Votação do destaque {} — {}", n + 1, vote_view(v, tz).at);
                    lines
                        .extend(crate::plenary::regimento::vote_minutes(db, v, tz, heading).await?);
                }
                None => lines.push((
                    format!("Situação: {}.", destaque_status(d.status.code())),
                    9.0,
                    false,
                )),
            }
        }
        // What the eixo deliberated.
        lines.push((format!("Deliberações do eixo {}", e.number), 10.0, true));
        let approved: Vec<String> = mine
            .iter()
            .filter(|(p, _)| {
                p.status == ProposalStatus::Approved || p.status == ProposalStatus::Amended
            })
            .map(|(p, v)| {
                format!(
                    "{} ({}{}): {}",
                    v.level_label,
                    v.kind_label,
                    if p.final_text.is_some() {
                        "; redação alterada na plenária"
                    } else {
                        ""
                    },
                    p.final_text.as_deref().unwrap_or(&p.text)
                )
            })
            .collect();
        if approved.is_empty() {
            lines.push((
                "Nenhuma deliberação aprovada neste eixo.".to_owned(),
                9.0,
                false,
            ));
        }
        for (i, t) in approved.iter().enumerate() {
            lines.push((format!("{}. {t}", i + 1), 9.0, false));
        }
        let rejected: Vec<&str> = mine
            .iter()
            .filter(|(p, _)| p.status == ProposalStatus::Rejected)
            .map(|(p, _)| p.text.as_str())
            .collect();
        if !rejected.is_empty() {
            lines.push((
                format!("Propostas rejeitadas: {}.", rejected.join("; ")),
                9.0,
                false,
            ));
        }
        let waiting = mine
            .iter()
            .filter(|(p, _)| PENDING.contains(&p.status))
            .count();
        if waiting > 0 {
            lines.push((
                format!("{waiting} proposta(s) ainda sem votação na plenária."),
                9.0,
                false,
            ));
        }
    }
    Ok(lines)
}
