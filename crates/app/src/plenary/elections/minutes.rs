//! The elections' section of the plenary minutes.

use super::*;

/// The elections' section of the plenary minutes, as (paragraph, size, bold): per segment the
/// poll's times, the delegates present, phone and room votes, votes per candidate and the chain's
/// head; then the result (titulares, suplentes), the quota adjustment as counts only (LGPD: no
/// one's quota membership), the tie rule and the seed. Empty when no poll was opened.
pub(crate) async fn minutes_section(
    db: &Db,
    c: &conference::Model,
) -> Result<Vec<(String, f32, bool)>, Fail> {
    let polls = polls_of(&db.conn, c.id).await?;
    if polls.is_empty() {
        return Ok(Vec::new());
    }
    let tz = tz_of(c);
    let hm = |t: chrono::DateTime<Utc>| t.with_timezone(&tz).format("%H:%M").to_string();
    let e = settings_of(&db.conn, c).await?;
    let seats = seats_of(&e);
    let rule = tie_rule_of(&e);
    let mut out: Vec<(String, f32, bool)> = Vec::new();
    out.push((
        "Eleição de delegados(as) para a etapa seguinte".into(),
        12.0,
        true,
    ));
    let source = seats_source_text(&db.conn, c, &e).await?;
    out.push((
        format!(
            "Vagas: {t} titulares e {su} suplentes, {source}. Regra de desempate: {}{}. Votação secreta, pelo celular de cada delegado(a) presente do segmento, com comprovante; a mesa soma os votos contados na sala.",
            rule.label(),
            match rule {
                TieRule::Draw => format!("; semente do sorteio: {}", e.seed as u64),
                TieRule::OlderFirst => String::new(),
            },
            t = seats.titulares(),
            su = seats.suplentes_total(),
        ),
        9.0,
        false,
    ));
    let cands = candidates_of(&db.conn, c.id).await?;
    if government_appointed(&e) {
        let names = |seat: Seat, xs: &[(election_appointment::Model, registration::Model)]| {
            let v: Vec<String> = xs
                .iter()
                .filter(|(a, _)| a.seat == seat.code())
                .map(|(_, r)| r.display_name().to_owned())
                .collect();
            if v.is_empty() {
                "nenhum(a)".to_owned()
            } else {
                v.join("; ")
            }
        };
        let xs = appointments_of(&db.conn, c.id).await?;
        out.push((
            format!("Segmento {}", Segment::Government.label()),
            10.0,
            true,
        ));
        out.push((
            format!(
                "Delegados(as) do governo indicados(as) pelo órgão gestor, sem votação no segmento{}. Titulares: {}. Suplentes: {}.",
                e.government_act
                    .as_deref()
                    .map(|a| format!(" (ato {a})"))
                    .unwrap_or_else(|| " (ato ainda não registrado)".to_owned()),
                names(Seat::Titular, &xs),
                names(Seat::Suplente, &xs)
            ),
            9.0,
            false,
        ));
    }
    // Every round of each segment's poll, in order; only the last one counts for the result.
    let mut ordered: Vec<(&Segment, &election_poll::Model)> = Segment::ALL
        .iter()
        .flat_map(|s| {
            polls
                .iter()
                .filter(move |p| p.segment == s.code())
                .map(move |p| (s, p))
        })
        .collect();
    ordered.sort_by_key(|(s, p)| (Segment::ALL.iter().position(|g| g == *s), p.round));
    for (s, p) in ordered {
        let rounds = polls.iter().filter(|q| q.segment == s.code()).count();
        if p.round <= 1 {
            out.push((format!("Segmento {}", s.label()), 10.0, true));
        }
        let turn = if rounds > 1 {
            let among: Vec<String> = match round_candidates(p) {
                Some(only) => cands
                    .iter()
                    .filter(|(k, _)| only.contains(&k.id))
                    .map(|(_, r)| r.display_name().to_owned())
                    .collect(),
                None => Vec::new(),
            };
            let last = p.round as usize >= rounds;
            format!(
                "{}{}{}. ",
                round_label(p.round),
                if among.is_empty() {
                    String::new()
                } else {
                    format!(", entre {}", among.join(", "))
                },
                if last {
                    " (o último turno, que vale para o resultado)"
                } else {
                    ""
                }
            )
        } else {
            String::new()
        };
        if p.status == PollStatus::Open {
            // The ballots are sealed until the closing: no count per candidate before it.
            out.push((
                format!(
                    "{turn}Votação aberta às {}, ainda aberta. Delegados(as) do segmento presentes na abertura: {}. Votos pelo celular até agora: {}; a contagem por candidato(a) sai no encerramento.",
                    hm(p.opened_at),
                    p.present,
                    voters_of(&db.conn, p.id).await?
                ),
                9.0,
                false,
            ));
            continue;
        }
        let phone = phone_counts(&db.conn, p.id).await?;
        let all = votes_of(&db.conn, p.id).await?;
        let by_phone: u32 = phone.values().sum();
        let total: u32 = all.values().sum();
        out.push((
            format!(
                "{turn}Votação aberta às {}{}. Delegados(as) do segmento presentes na abertura: {}. Votos: {} pelo celular e {} contados na sala.",
                hm(p.opened_at),
                match p.closed_at {
                    Some(t) => format!(", encerrada às {}", hm(t)),
                    None => ", ainda aberta".to_owned(),
                },
                p.present,
                by_phone,
                total - by_phone
            ),
            9.0,
            false,
        ));
        let mut rows: Vec<(u32, String, u32)> = cands
            .iter()
            .filter(|(k, _)| k.segment == s.code() && in_round(p, k.id))
            .map(|(k, r)| {
                (
                    all.get(&k.id).copied().unwrap_or(0),
                    r.display_name().to_owned(),
                    phone.get(&k.id).copied().unwrap_or(0),
                )
            })
            .collect();
        rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        out.push((
            format!(
                "Votos por candidato(a): {}.",
                rows.iter()
                    .map(|(n, name, ph)| format!(
                        "{name}: {n} ({ph} pelo celular, {} na sala)",
                        n - ph
                    ))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            9.0,
            false,
        ));
        if let Some(h) = &p.log_head {
            out.push((
                format!(
                    "Registro encadeado: {} elos, último hash {h} (conferível em /c/{}/eleicao/votacoes/{}/registro.json).",
                    p.log_seq + 1,
                    c.slug,
                    p.id
                ),
                9.0,
                false,
            ));
        }
    }
    // The public view (no votes per person, no quota flag) for the lists and the quota counts;
    // the staff view only for the ties, which name candidates but say nothing about quotas.
    let r = result_view(db, c, false).await?;
    if !r.computed {
        out.push((
            "O resultado da eleição ainda não foi apurado.".into(),
            10.0,
            true,
        ));
        return Ok(out);
    }
    out.push(("Resultado da eleição".into(), 10.0, true));
    let list = |xs: &[ElectedView]| {
        if xs.is_empty() {
            "nenhum(a)".to_owned()
        } else {
            xs.iter()
                .map(|x| match &x.appointed {
                    Some(a) => format!("{} ({}, {a})", x.name, x.segment),
                    None => format!("{} ({})", x.name, x.segment),
                })
                .collect::<Vec<_>>()
                .join("; ")
        }
    };
    out.push((format!("Titulares: {}.", list(&r.titulares)), 9.0, false));
    out.push((format!("Suplentes: {}.", list(&r.suplentes)), 9.0, false));
    out.push((
        format!(
            "Cota (Res. CNAS/MDS 187/2025): {} de {} {} são de grupos de cota; o mínimo é {} (30%). Ajuste da cota: {} substituição(ões) dentro do mesmo segmento.{}",
            r.quota_elected,
            r.elected_count,
            r.quota_basis,
            r.quota_minimum,
            r.swaps_count,
            r.shortfall
                .as_deref()
                .map(|s| format!(" {s}."))
                .unwrap_or_default()
        ),
        9.0,
        false,
    ));
    let staff = result_view(db, c, true).await?;
    let ties = if staff.ties.is_empty() {
        "nenhum empate decidido pela regra".to_owned()
    } else {
        staff.ties.join("; ")
    };
    out.push((
        format!(
            "Desempate: {}; semente registrada: {}. {ties}.",
            r.tie_rule, r.seed
        ),
        9.0,
        false,
    ));
    Ok(out)
}
