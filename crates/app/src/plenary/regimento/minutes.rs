//! The minutes (ata) of the plenary, as PDF and as text.

use super::*;

/// The minutes (ata) of the plenary so far, as PDF: every vote in order with its time, counts,
/// delegates present and credentialed, quorum rule and result; the destaques' proposed texts; the
/// regimento's approval; the delegate elections (ADR 0013). Who raised each destaque is recorded
/// here (it is not on the public page).
pub async fn minutes_pdf(db: &Db, me: Option<&Me>, slug: &str) -> Result<Vec<u8>, Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    // The sizes the minutes use say what a line is: 12 pt and more the title, 11 pt a section,
    // 10 pt bold a vote's heading; the rest are paragraphs. A heading is never more than one
    // level below the one before it (PDF/UA: no skipped levels).
    let mut last = 0;
    let paragraphs: Vec<serde_json::Value> = minutes_paragraphs(db, &c)
        .await?
        .into_iter()
        .map(|(text, size, bold)| {
            let wanted = match (bold, size) {
                (true, s) if s >= 12.0 => 1,
                (true, s) if s >= 11.0 => 2,
                (true, s) if s >= 10.0 => 3,
                _ => 0,
            };
            let level = wanted.min(last + 1);
            if level > 0 {
                last = level;
            }
            serde_json::json!({ "text": text, "size": size, "bold": bold, "level": level })
        })
        .collect();
    let data = serde_json::json!({
        "title": format!("Ata da plenária: {}", c.title),
        "author": c.title,
        "paragraphs": paragraphs,
    });
    Ok(
        reports::typeset(reports::Template::Paragraphs, &data, Vec::new(), None)
            .map_err(|e| store::Error::Other(e.to_string()))?,
    )
}

/// The minutes' text, paragraph by paragraph, as the PDF prints it (for checking what it says).
pub async fn minutes_text(db: &Db, me: Option<&Me>, slug: &str) -> Result<Vec<String>, Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    Ok(minutes_paragraphs(db, &c)
        .await?
        .into_iter()
        .map(|(p, _, _)| p)
        .collect())
}

/// One closed vote in the minutes: `heading` (what and when), the texts of a regimento
/// destaque and who raised it, the counts with the delegates present and credentialed, the
/// result, the phones' hash chain and, for a named vote, how each delegate voted.
pub(crate) async fn vote_minutes(
    db: &Db,
    v: &plenary_vote::Model,
    tz: chrono_tz::Tz,
    heading: String,
) -> Result<Vec<(String, f32, bool)>, Fail> {
    let view = vote_view(v, tz);
    let mut lines: Vec<(String, f32, bool)> = vec![(heading, 10.0, true)];
    let mut push = |text: String, size: f32, bold: bool| lines.push((text, size, bold));
    if v.subject == "regimento_destaque"
        && let Some(id) = v.subject_id
        && let Some(d) = destaque::Entity::find_by_id(id).one(&db.conn).await?
    {
        push(format!("Texto da minuta: {}", d.draft_text), 9.0, false);
        if let Some(t) = &d.proposed_text {
            push(format!("Texto proposto: {t}"), 9.0, false);
        }
        if let Some(who) = &d.raised_by {
            push(format!("Pedido por: {who}"), 9.0, false);
        }
    }
    let present = if v.present_remote > 0 {
        format!(
            "{} delegados(as) presentes ({} na sala, {} a distância)",
            v.present,
            (v.present - v.present_remote).max(0),
            v.present_remote
        )
    } else {
        format!("{} delegados(as) presentes", v.present)
    };
    push(
        format!(
            "{} a favor, {} contra, {} abstenções; {present} de {} credenciados(as). Resultado: {}.",
            v.favor, v.against, v.abstain, v.credentialed, view.outcome
        ),
        9.0,
        false,
    );
    if v.log_head.is_some() {
        push(
            format!(
                "Votação {} pelo celular ({}), aberta às {}. Registro encadeado: {} elos, último hash {}.",
                if v.secret { "secreta" } else { "nominal" },
                channel_label(v),
                v.opened_at
                    .unwrap_or(v.recorded_at)
                    .with_timezone(&tz)
                    .format("%H:%M"),
                v.log_seq + 1,
                v.log_head.as_deref().unwrap_or("")
            ),
            9.0,
            false,
        );
    }
    if let Some(list) = crate::plenary::voting::named_votes(&db.conn, v).await? {
        let text = list
            .iter()
            .map(|(who, choice)| format!("{who}: {choice}"))
            .collect::<Vec<_>>()
            .join("; ");
        push(format!("Votos nominais: {text}."), 9.0, false);
    }
    push(String::new(), 4.0, false);
    Ok(lines)
}

/// The minutes as (paragraph, size in points, bold).
async fn minutes_paragraphs(
    db: &Db,
    c: &conference::Model,
) -> Result<Vec<(String, f32, bool)>, Fail> {
    let c = c.clone();
    let tz = tz_of(&c);
    // The final plenary's votes go to their eixo's section (`final_plenary::minutes_section`).
    let votes: Vec<plenary_vote::Model> = closed_votes(&db.conn, c.id)
        .await?
        .into_iter()
        .filter(|v| !crate::plenary::final_plenary::MINUTES_SUBJECTS.contains(&v.subject.as_str()))
        .collect();
    let quorum_label = crate::plenary::seats::rules_of(&db.conn, c.id)
        .await?
        .quorum
        .label();
    let mut lines: Vec<(String, f32, bool)> = Vec::new();
    let mut push = |text: &str, size: f32, bold: bool| {
        lines.push((text.to_owned(), size, bold));
    };
    push(&c.title, 13.0, true);
    push("Ata da plenária", 12.0, true);
    push(
        &format!(
            "Gerada em {}. Regra de quórum: {}. Votos contados na mesa (crachás levantados) ou dados pelo celular de cada delegado(a) presente.",
            local_time(Utc::now(), tz),
            quorum_label
        ),
        9.0,
        false,
    );
    push("", 6.0, false);
    lines.extend(crate::plenary::presence::minutes_section(db, &c).await?);
    lines.extend(crate::plenary::final_plenary::orders_minutes(db, &c).await?);
    let mut push = |text: &str, size: f32, bold: bool| {
        lines.push((text.to_owned(), size, bold));
    };
    push("Regimento interno e demais votações", 11.0, true);
    if votes.is_empty() {
        push("Nenhuma votação registrada.", 10.0, false);
    }
    for (i, v) in votes.iter().enumerate() {
        let heading = format!(
            "{}. {} — {}",
            i + 1,
            subject_of(&db.conn, v).await?,
            vote_view(v, tz).at
        );
        lines.extend(vote_minutes(db, v, tz, heading).await?);
    }
    let mut push = |text: &str, size: f32, bold: bool| {
        lines.push((text.to_owned(), size, bold));
    };
    match latest_version(&db.conn, c.id).await? {
        Some(r) => push(
            &format!(
                "Regimento interno aprovado (versão {}) em {}.",
                r.version,
                local_time(r.approved_at, tz)
            ),
            10.0,
            true,
        ),
        None => push("O regimento interno ainda não foi aprovado.", 10.0, true),
    }
    let final_plenary = crate::plenary::final_plenary::minutes_section(db, &c).await?;
    if !final_plenary.is_empty() {
        lines.push((String::new(), 6.0, false));
        lines.extend(final_plenary);
    }
    let elections = crate::plenary::elections::minutes_section(db, &c).await?;
    if !elections.is_empty() {
        lines.push((String::new(), 6.0, false));
        lines.extend(elections);
    }
    Ok(lines)
}
