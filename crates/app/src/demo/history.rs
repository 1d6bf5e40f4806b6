//! The demo's finished conference of an earlier cycle: the XIII municipal conference
//! of Pará de Minas (2023) with its people present, deliberations by eixo and level, elected
//! delegates, a moção, its final report confirmed by two commission members, submitted and
//! accepted by the state conference of Minas Gerais (2023), whose pool then holds the
//! deliberations addressed to the state and the Union. A newcomer sees every output of the
//! report issue on it. All people are invented.
//!
//! The raw data is written in one exclusive transaction (checked again inside, like
//! `demo::seed`); the submission and the acceptance go through `app::reporting::report`'s use cases, so
//! the demo's report, carried delegates and received deliberations are what the product makes.

use crate::platform::auth::Me;
use chrono::{NaiveDate, TimeZone, Utc};
use domain::elections::Seats;
use domain::policy::{Actor, Grant, Role};
use domain::values::{AccessNeed, Category, DelegateOrigin, QuotaGroup, Seat, Segment};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{
    account, body, checkin, conference, eixo, election, election_result, federative_entity as fe,
    mocao, proposal, proposal_origin, question, questionnaire, questionnaire_answer,
    questionnaire_response, report_draft, report_signoff, stage,
};
use store::{Db, Result};
use uuid::Uuid;

pub const HISTORY_SLUG: &str = "para-de-minas-2023";
pub const STATE_SLUG: &str = "minas-gerais-2023";

const EIXOS_2023: &[&str] = &[
    "Financiamento",
    "Controle social",
    "Articulação entre os segmentos",
    "Serviços, programas e projetos",
    "Benefício e transferência de renda",
];
const THEME_2023: &str = "Reconstrução do SUAS: O SUAS que temos e o SUAS que queremos";
const LEMA_2023: &str =
    "Assistência Social é direito inalienável do cidadão e dever intransferível do Estado";

/// (eixo number, level, text, origin)
const DELIBERATIONS: &[(i32, &str, &str, &str)] = &[
    (
        1,
        "municipal",
        "Garantir no orçamento municipal recursos próprios para a manutenção dos CRAS e do CREAS, com reajuste anual pela inflação.",
        "Grupo de trabalho do Eixo 1",
    ),
    (
        1,
        "estadual",
        "Regularizar o cofinanciamento estadual dos serviços de proteção social básica, com repasses fundo a fundo em dia.",
        "Pré-conferência do CRAS Centro",
    ),
    (
        1,
        "federal",
        "Aprovar a vinculação constitucional de recursos para o SUAS nos três entes federativos.",
        "Grupo de trabalho do Eixo 1",
    ),
    (
        2,
        "municipal",
        "Garantir transporte e alimentação para usuários(as) participarem das reuniões do CMAS.",
        "Pré-conferência do Centro POP",
    ),
    (
        2,
        "estadual",
        "Promover formação continuada para conselheiros(as) municipais de assistência social em todas as regiões do estado.",
        "Grupo de trabalho do Eixo 2",
    ),
    (
        3,
        "municipal",
        "Criar fluxo integrado entre CRAS, unidades de saúde e escolas para o acompanhamento das famílias.",
        "Grupo de trabalho do Eixo 3",
    ),
    (
        4,
        "municipal",
        "Realizar concurso público para as equipes de referência dos CRAS e do CREAS.",
        "Grupo de trabalho do Eixo 4",
    ),
    (
        4,
        "estadual",
        "Implantar CREAS regional para os municípios de pequeno porte da região.",
        "Pré-conferência do CRAS Rural",
    ),
    (
        5,
        "federal",
        "Ampliar o valor e a cobertura dos benefícios eventuais com cofinanciamento federal.",
        "Grupo de trabalho do Eixo 5",
    ),
    (
        5,
        "municipal",
        "Regulamentar por lei municipal os benefícios eventuais, com critérios públicos de acesso.",
        "Grupo de trabalho do Eixo 5",
    ),
];

const PEOPLE: &[&str] = &[
    "Adriana Martins",
    "Benedito Carvalho",
    "Cláudia Ferreira",
    "Diego Nascimento",
    "Eliane Moreira",
    "Fábio Teixeira",
    "Geralda Pinto",
    "Hélio Barbosa",
    "Iracema Lopes",
    "Jonas Ribeiro",
    "Kátia Mendes",
    "Lourdes Cardoso",
    "Marcos Vieira",
    "Neusa Araújo",
    "Osvaldo Rocha",
    "Patrícia Gomes",
    "Quitéria Souza",
    "Raimundo Dias",
    "Sônia Castro",
    "Tadeu Fonseca",
    "Úrsula Campos",
    "Valdir Monteiro",
    "Wanda Correia",
    "Zélia Batista",
];

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid demo date")
}

async fn exists(c: &impl sea_orm::ConnectionTrait) -> Result<bool> {
    Ok(conference::Entity::find()
        .filter(conference::Column::Slug.eq(HISTORY_SLUG))
        .count(c)
        .await?
        > 0)
}

/// The demo admin as an actor, for the demo's use cases and the benchmarks.
pub async fn admin_for_tools(db: &Db) -> Result<Option<Me>> {
    let Some(a) = account::Entity::find()
        .filter(account::Column::Email.eq("admin@demo.conferencia.local"))
        .one(&db.conn)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(Me {
        actor: Actor {
            user: a.id.into(),
            grants: vec![Grant {
                role: Role::PlatformAdmin,
                body: None,
                conference: None,
                unit: None,
            }],
        },
        account: a,
    }))
}

/// Seeds the finished 2023 conference, its state conference and the accepted report, unless
/// it exists. The CMAS body of the main demo (`body_id`) runs it.
pub async fn seed(db: &Db, cmas_body: Uuid) -> Result<bool> {
    if exists(&db.conn).await? {
        return Ok(false);
    }
    let Some(conf_id) = finished_conference(
        db,
        cmas_body,
        HISTORY_SLUG,
        "XIII Conferência Municipal de Assistência Social de Pará de Minas",
    )
    .await?
    else {
        return Ok(false);
    };
    submit_and_accept(db, conf_id).await?;
    followup(db, conf_id).await?;
    Ok(true)
}

/// The follow-up two years on (monitoramento): statuses, responsible bodies and milestones of
/// the 2023 deliberations, in the order of their codes in the report.
async fn followup(db: &Db, conf_id: Uuid) -> Result<()> {
    use domain::followup::Status;
    let c = conference::Entity::find_by_id(conf_id)
        .one(&db.conn)
        .await?
        .ok_or(store::Error::NotFound)?;
    let tz = chrono_tz::America::Sao_Paulo;
    let when = |y, m, dd| {
        tz.with_ymd_and_hms(y, m, dd, 17, 0, 0)
            .single()
            .expect("demo time")
            .with_timezone(&Utc)
    };
    type Milestones = Vec<(
        &'static str,
        Option<NaiveDate>,
        Option<NaiveDate>,
        Option<&'static str>,
    )>;
    let dt = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
    let plan: Vec<(Status, &str, &str, Milestones)> = vec![
        (
            Status::InProgress,
            "Secretaria Municipal de Assistência Social",
            "Reajuste pela inflação incluído na LOA 2025; recursos próprios ainda abaixo do custo dos CRAS.",
            vec![
                (
                    "Proposta incluída no PPA 2026–2029",
                    dt(2025, 8, 29),
                    dt(2025, 8, 29),
                    Some("https://www.parademinas.mg.gov.br/"),
                ),
                (
                    "Lei orçamentária de 2026 com o reajuste",
                    dt(2025, 12, 20),
                    None,
                    None,
                ),
            ],
        ),
        (
            Status::NotStarted,
            "Secretaria de Estado de Desenvolvimento Social (SEDESE)",
            "",
            vec![],
        ),
        (
            Status::InProgress,
            "Conselho Nacional de Assistência Social (CNAS)",
            "PEC em tramitação no Congresso Nacional.",
            vec![],
        ),
        (
            Status::Done,
            "Secretaria Municipal de Assistência Social",
            "Vale-transporte e lanche garantidos em todas as reuniões ordinárias do CMAS desde 2024.",
            vec![(
                "Resolução do CMAS sobre apoio à participação",
                dt(2024, 3, 15),
                dt(2024, 3, 12),
                None,
            )],
        ),
        (
            Status::Done,
            "Secretaria de Estado de Desenvolvimento Social (SEDESE)",
            "Curso regional realizado em 2024.",
            vec![],
        ),
        (
            Status::InProgress,
            "Secretaria Municipal de Assistência Social",
            "Protocolo com Saúde e Educação em elaboração.",
            vec![(
                "Primeira reunião intersetorial",
                dt(2024, 9, 10),
                dt(2024, 9, 10),
                None,
            )],
        ),
        (
            Status::NotFeasible,
            "Prefeitura Municipal",
            "Limite da Lei de Responsabilidade Fiscal com pessoal atingido; o CMAS acompanha o processo seletivo simplificado.",
            vec![],
        ),
    ];
    let items: Vec<_> = crate::reporting::report::coded_deliberations(&db.conn, &c)
        .await?
        .into_iter()
        .flat_map(|(_, levels)| levels.into_iter().flat_map(|(_, ds)| ds))
        .collect();
    let tx = db.write().await?;
    for (d, (status, body, note, ms)) in items.iter().zip(plan) {
        crate::reporting::followup::seed_state(
            &tx,
            &c,
            d.proposal.id,
            (status, body, note),
            &ms,
            when(2025, 10, 30),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A practice conference at `slug`: finished, of the demo council, its report not sent yet
/// (`conferencia demo --practice SLUG`). False when `slug` is taken.
pub async fn practice(db: &Db, slug: &str) -> Result<bool> {
    domain::values::Slug::parse(slug).map_err(|e| store::Error::Other(e.message))?;
    crate::demo::seed::seed(db).await?;
    let Some(c) = conference::Entity::find()
        .filter(conference::Column::Slug.eq(crate::demo::seed::DEMO_SLUG))
        .one(&db.conn)
        .await?
    else {
        return Ok(false);
    };
    Ok(finished_conference(
        db,
        c.body_id,
        slug,
        &format!("Conferência de treino ({slug})"),
    )
    .await?
    .is_some())
}

/// Writes a finished municipal conference of the 2023 cycle (people present, deliberations,
/// elected delegates, a moção, the commission's part of the report) under `slug`, child of the
/// state conference `STATE_SLUG` (created if missing), in one transaction. `None` when `slug`
/// exists already. Tests use it for conferences whose report is not sent yet.
pub async fn finished_conference(
    db: &Db,
    cmas_body: Uuid,
    slug: &str,
    title: &str,
) -> Result<Option<Uuid>> {
    let now = Utc::now();
    let tz = chrono_tz::America::Sao_Paulo;
    let at = |y, m, dd, h, mi| {
        tz.with_ymd_and_hms(y, m, dd, h, mi, 0)
            .single()
            .expect("demo time")
            .with_timezone(&Utc)
    };
    let tx = db.write_exclusive().await?;
    if conference::Entity::find()
        .filter(conference::Column::Slug.eq(slug))
        .count(&tx)
        .await?
        > 0
    {
        return Ok(None);
    }
    // The state council and its conference.
    let mg = fe::Entity::find()
        .filter(fe::Column::Kind.eq("uf"))
        .filter(fe::Column::Uf.eq("MG"))
        .one(&tx)
        .await?
        .ok_or(store::Error::NotFound)?;
    let ceas = match body::Entity::find()
        .filter(body::Column::Kind.eq("ceas"))
        .filter(body::Column::EntityId.eq(mg.id))
        .one(&tx)
        .await?
    {
        Some(b) => b.id,
        None => {
            let id = Uuid::now_v7();
            body::Entity::insert(body::ActiveModel {
                id: Set(id),
                kind: Set("ceas".into()),
                name: Set("Conselho Estadual de Assistência Social de Minas Gerais".into()),
                acronym: Set("CEAS-MG".into()),
                entity_id: Set(Some(mg.id)),
                region_id: Set(None),
                created_at: Set(now),
            })
            .exec(&tx)
            .await?;
            id
        }
    };
    let conf = |id: Uuid,
                body_id: Uuid,
                slug: &str,
                level: &str,
                edition: i32,
                title: &str,
                place: &str,
                (starts, ends): (NaiveDate, NaiveDate),
                venue: &str,
                address: &str,
                parent: Option<Uuid>| conference::ActiveModel {
        id: Set(id),
        body_id: Set(body_id),
        slug: Set(slug.into()),
        level: Set(level.into()),
        edition: Set(edition),
        title: Set(title.into()),
        cycle_year: Set(2023),
        theme: Set(THEME_2023.into()),
        lema: Set(Some(LEMA_2023.into())),
        process_starts_on: Set(starts - chrono::Duration::days(90)),
        process_ends_on: Set(ends + chrono::Duration::days(20)),
        starts_on: Set(starts),
        ends_on: Set(ends),
        venue: Set(Some(venue.into())),
        venue_address: Set(Some(address.into())),
        format: Set("presencial".into()),
        time_zone: Set("America/Sao_Paulo".into()),
        parent_id: Set(parent),
        place_name: Set(place.into()),
        search_key: Set(domain::text::search_key(&format!("{place} {title}"))),
        group_minority_pct: Set(None),
        speech_seconds: Set(180),
        mocao_opens_at: Set(None),
        mocao_closes_at: Set(None),
        mocao_signature_pct: Set(20),
        priority_cap: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let existing_state = conference::Entity::find()
        .filter(conference::Column::Slug.eq(STATE_SLUG))
        .one(&tx)
        .await?;
    let state_id = existing_state
        .as_ref()
        .map(|c| c.id)
        .unwrap_or_else(Uuid::now_v7);
    if existing_state.is_none() {
        conference::Entity::insert(conf(
            state_id,
            ceas,
            STATE_SLUG,
            "estadual",
            14,
            "XIV Conferência Estadual de Assistência Social de Minas Gerais",
            "Minas Gerais",
            (d(2023, 10, 17), d(2023, 10, 19)),
            "Expominas",
            "Av. Amazonas, 6200, Gameleira, Belo Horizonte/MG",
            None,
        ))
        .exec(&tx)
        .await?;
    }
    let conf_id = Uuid::now_v7();
    conference::Entity::insert(conf(
        conf_id,
        cmas_body,
        slug,
        "municipal",
        13,
        title,
        "Pará de Minas/MG",
        (d(2023, 7, 5), d(2023, 7, 6)),
        "Centro Cultural Municipal",
        "Praça Central, s/n, Centro, Pará de Minas/MG",
        Some(state_id),
    ))
    .exec(&tx)
    .await?;
    let mut eixo_ids = Vec::new();
    let with_state: &[Uuid] = if existing_state.is_none() {
        &[state_id, conf_id]
    } else {
        &[conf_id]
    };
    for &cid in with_state {
        for (i, t) in EIXOS_2023.iter().enumerate() {
            let id = Uuid::now_v7();
            if cid == conf_id {
                eixo_ids.push(id);
            }
            eixo::Entity::insert(eixo::ActiveModel {
                id: Set(id),
                conference_id: Set(cid),
                number: Set(i as i32 + 1),
                title: Set((*t).into()),
                description: Set(None),
            })
            .exec(&tx)
            .await?;
        }
    }
    for (cid, kind, title, starts, ends) in [
        (
            conf_id,
            "conference",
            "XIII Conferência Municipal (dois dias)",
            at(2023, 7, 5, 8, 0),
            Some(at(2023, 7, 6, 17, 0)),
        ),
        (
            conf_id,
            "report",
            "Envio do relatório ao CEAS-MG",
            at(2023, 7, 20, 17, 0),
            None,
        ),
        (
            state_id,
            "conference",
            "XIV Conferência Estadual (três dias)",
            at(2023, 10, 17, 8, 0),
            Some(at(2023, 10, 19, 17, 0)),
        ),
    ] {
        if cid == state_id && existing_state.is_some() {
            continue;
        }
        stage::Entity::insert(stage::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(cid),
            kind: Set(kind.into()),
            title: Set(title.into()),
            description: Set(None),
            starts_at: Set(starts),
            ends_at: Set(ends),
            place: Set(None),
            online_url: Set(None),
            set_by_units: Set(false),
            cancelled: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec(&tx)
        .await?;
    }

    // People: six delegates per segment and four guests, all present on the first day.
    let mut delegates: Vec<(Uuid, Segment)> = Vec::new();
    for (i, name) in PEOPLE.iter().enumerate() {
        let segment = Segment::ALL[i % 4];
        let quotas = match i % 5 {
            0 => vec![QuotaGroup::Negra],
            1 => vec![QuotaGroup::Negra, QuotaGroup::Idosa],
            3 => vec![QuotaGroup::Deficiencia],
            _ => vec![],
        };
        let v = crate::participants::registration::Valid {
            name: (*name).into(),
            social_name: None,
            category: Category::Delegate,
            segment: Some(segment),
            seat: Some(Seat::Titular),
            origin: Some(if segment == Segment::Government {
                DelegateOrigin::Indicado
            } else {
                DelegateOrigin::Preconferencia
            }),
            represents: None,
            territory_id: None,
            unit_id: None,
            preferred_eixo_id: None,
            cpf: None,
            email: domain::values::Email::parse(&format!(
                "{}@exemplo.invalid",
                domain::text::search_key(name).replace(' ', ".")
            ))
            .ok(),
            phone: Some(format!("(37) 9 9{:03}-{:04}", 100 + i, 1000 + i * 7)),
            birth_date: Some(d(1950 + (i as i32 * 3) % 50, 1 + (i as u32 % 12), 10)),
            trust_position: false,
            needs: if i % 7 == 2 {
                vec![AccessNeed::Libras]
            } else {
                vec![]
            },
            needs_other: None,
            quotas,
        };
        let (id, _) = crate::participants::registration::insert(
            &tx,
            conf_id,
            &v,
            crate::participants::registration::Source::Import,
            None,
            None,
        )
        .await?;
        delegates.push((id, segment));
    }
    let mut present: Vec<Uuid> = delegates.iter().map(|(id, _)| *id).collect();
    for name in ["Convidada do CEAS-MG", "Convidado da Câmara Municipal"] {
        let v = crate::participants::registration::Valid {
            name: name.into(),
            social_name: None,
            category: Category::Guest,
            segment: None,
            seat: None,
            origin: None,
            represents: None,
            territory_id: None,
            unit_id: None,
            preferred_eixo_id: None,
            cpf: None,
            email: None,
            phone: None,
            birth_date: None,
            trust_position: false,
            needs: vec![],
            needs_other: None,
            quotas: vec![],
        };
        let (id, _) = crate::participants::registration::insert(
            &tx,
            conf_id,
            &v,
            crate::participants::registration::Source::Import,
            None,
            None,
        )
        .await?;
        present.push(id);
    }
    for id in &present {
        checkin::Entity::insert(checkin::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(conf_id),
            registration_id: Set(*id),
            day: Set(d(2023, 7, 5)),
            checked_at: Set(at(2023, 7, 5, 8, 30)),
            checked_by: Set(None),
            replaces_registration_id: Set(None),
            method: Set("code".into()),
        })
        .exec(&tx)
        .await?;
    }

    // Deliberations approved in the final plenary.
    for (pos, (n, level, text, origin)) in DELIBERATIONS.iter().enumerate() {
        let pid = Uuid::now_v7();
        proposal::Entity::insert(proposal::ActiveModel {
            id: Set(pid),
            conference_id: Set(conf_id),
            eixo_id: Set(eixo_ids[(*n - 1) as usize]),
            group_id: Set(None),
            text: Set((*text).into()),
            level: Set((*level).into()),
            kind: Set("new".into()),
            status: Set(proposal::ProposalStatus::Approved),
            position: Set(pos as i32),
            merged_into: Set(None),
            group_favor: Set(None),
            group_against: Set(None),
            group_abstain: Set(None),
            group_present: Set(None),
            final_text: Set(None),
            plenary_vote_id: Set(None),
            priority_paper: Set(None),
            priority_rank: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec(&tx)
        .await?;
        proposal_origin::Entity::insert(proposal_origin::ActiveModel {
            id: Set(Uuid::now_v7()),
            proposal_id: Set(pid),
            kind: Set(if origin.starts_with("Grupo") {
                "group"
            } else {
                "unit"
            }
            .into()),
            label: Set((*origin).into()),
            ref_id: Set(None),
        })
        .exec(&tx)
        .await?;
    }
    mocao::Entity::insert(mocao::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(conf_id),
        kind: Set("apoio".into()),
        addressee: Set("Câmara Municipal de Pará de Minas".into()),
        text: Set("Apoio à aprovação da lei municipal do SUAS, com o cofinanciamento municipal dos serviços.".into()),
        author_id: Set(None),
        author_label: Set("Plenária".into()),
        status: Set(mocao::MocaoStatus::Approved),
        vote_id: Set(None),
        decided_by: Set(None),
        created_at: Set(at(2023, 7, 6, 15, 0)),
        updated_at: Set(at(2023, 7, 6, 15, 0)),
    })
    .exec(&tx)
    .await?;

    // The delegation: the sample table's 6 titulares for a Médio Porte municipality (3 of
    // government, 1 per civil-society segment) and as many suplentes; 2 titulares of quota
    // groups (the minimum of 30%).
    let seats = Seats::apportion(6);
    let per = |s: Segment| match s {
        Segment::Government => seats.government,
        Segment::Users => seats.users,
        Segment::Workers => seats.workers,
        Segment::Entities => seats.entities,
    } as usize;
    for s in Segment::ALL {
        let of: Vec<Uuid> = delegates
            .iter()
            .filter(|(_, g)| g == s)
            .map(|(id, _)| *id)
            .collect();
        for (k, id) in of.iter().take(per(*s) * 2).enumerate() {
            let titular = k < per(*s);
            election_result::Entity::insert(election_result::ActiveModel {
                conference_id: Set(conf_id),
                registration_id: Set(*id),
                segment: Set(s.code().into()),
                seat: Set(if titular { "titular" } else { "suplente" }.into()),
                position: Set(if titular { k } else { k - per(*s) } as i32 + 1),
                votes: Set(20 - k as i32 * 3),
                by_quota: Set(false),
                carried_registration_id: Set(None),
            })
            .exec(&tx)
            .await?;
        }
    }
    election::Entity::insert(election::ActiveModel {
        conference_id: Set(conf_id),
        porte: Set(Some("MEDIO".into())),
        titulares: Set(6),
        seats_source: Set("entity".into()),
        tie_rule: Set("older_first".into()),
        seed: Set(0),
        computed_at: Set(Some(at(2023, 7, 6, 16, 30))),
        summary: Set(Some(
            serde_json::json!({
                "titulares": 6, "quota_minimum": 2, "quota_titulares": 2, "quota_met": true,
                "tie_rule": "older_first", "seed": "0", "swaps": [], "ties": []
            })
            .to_string(),
        )),
        carried_at: Set(None),
        updated_by: Set(None),
        updated_at: Set(now),
        government: Set("elected".into()),
        government_act: Set(None),
    })
    .exec(&tx)
    .await?;
    // The evaluation: the template's questions, 20 answers from phones and 6 typed from paper.
    let qid = Uuid::now_v7();
    questionnaire::Entity::insert(questionnaire::ActiveModel {
        id: Set(qid),
        conference_id: Set(conf_id),
        purpose: Set("evaluation".into()),
        title: Set("Avaliação da XIII Conferência".into()),
        intro: Set(None),
        identified: Set(false),
        status: Set(questionnaire::QuestionnaireStatus::Closed),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(&tx)
    .await?;
    let mut qids = Vec::new();
    for (pos, q) in domain::questionnaire::evaluation_template()
        .iter()
        .enumerate()
    {
        let id = Uuid::now_v7();
        qids.push((id, q.kind));
        question::Entity::insert(question::ActiveModel {
            id: Set(id),
            questionnaire_id: Set(qid),
            position: Set(pos as i32),
            kind: Set(q.kind.code().into()),
            text: Set(q.text.clone()),
            options: Set(q.options.join("\n")),
            scale_min: Set(q.scale.map(|s| s.0)),
            scale_max: Set(q.scale.map(|s| s.1)),
            required: Set(q.required),
            eixo_id: Set(None),
        })
        .exec(&tx)
        .await?;
    }
    let comments = [
        "Mais tempo para os grupos de trabalho.",
        "Começar no horário.",
        "Ótima acolhida e intérprete de Libras o tempo todo.",
    ];
    for n in 0..26usize {
        let rid = Uuid::now_v7();
        let paper = n >= 20;
        questionnaire_response::Entity::insert(questionnaire_response::ActiveModel {
            id: Set(rid),
            questionnaire_id: Set(qid),
            conference_id: Set(conf_id),
            channel: Set(if paper { "paper" } else { "phone" }.into()),
            form_number: Set(paper.then_some(n as i32 - 19)),
            typed_by: Set(None),
            respondent_key: Set(None),
            unit_id: Set(None),
            territory_id: Set(None),
            submitted_at: Set(at(2023, 7, 6, 17, 0)),
        })
        .exec(&tx)
        .await?;
        for (k, (question_id, kind)) in qids.iter().enumerate() {
            use domain::questionnaire::QuestionKind as K;
            let value = match kind {
                K::Single => Some(if n % 6 == 5 { "1" } else { "0" }.to_owned()),
                K::Scale => Some((3 + ((n + k) % 3)).to_string()),
                K::Multiple => Some(if n % 2 == 0 { "0,2" } else { "1" }.to_owned()),
                _ => (n % 4 == 0).then(|| comments[n / 4 % comments.len()].to_owned()),
            };
            if let Some(v) = value {
                questionnaire_answer::Entity::insert(questionnaire_answer::ActiveModel {
                    response_id: Set(rid),
                    question_id: Set(*question_id),
                    value: Set(v),
                })
                .exec(&tx)
                .await?;
            }
        }
    }
    report_draft::Entity::insert(report_draft::ActiveModel {
        conference_id: Set(conf_id),
        total_minutes: Set(Some(15 * 60)),
        accessibility: Set("Intérprete de Libras em todas as sessões\nAuditório com rampa e banheiros acessíveis\nMaterial em fonte ampliada".into()),
        notes: Set(None),
        updated_by: Set(None),
        updated_at: Set(now),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(Some(conf_id))
}

/// The report of `conf_id`: confirmed by the secretariat and the commission, submitted and
/// accepted by the state conference, through the use cases.
async fn submit_and_accept(db: &Db, conf_id: Uuid) -> Result<()> {
    let tz = chrono_tz::America::Sao_Paulo;
    let Some(me) = admin_for_tools(db).await? else {
        return Ok(());
    };
    let c = conference::Entity::find_by_id(conf_id)
        .one(&db.conn)
        .await?
        .ok_or(store::Error::NotFound)?;
    let report = crate::reporting::report::assemble(db, &c, domain::report::Audience::Council)
        .await
        .map_err(|e| store::Error::Other(e.to_string()))?;
    let hash = crate::reporting::report::content_hash(&report);
    let signers = account::Entity::find()
        .filter(account::Column::Email.is_in([
            "secretaria@demo.conferencia.local",
            "comissao@demo.conferencia.local",
        ]))
        .all(&db.conn)
        .await?;
    let tx = db.write().await?;
    for a in &signers {
        report_signoff::Entity::insert(report_signoff::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(conf_id),
            account_id: Set(a.id),
            content_hash: Set(hash.clone()),
            confirmed_at: Set(tz
                .with_ymd_and_hms(2023, 7, 12, 10, 0, 0)
                .single()
                .expect("demo time")
                .with_timezone(&Utc)),
        })
        .exec(&tx)
        .await?;
    }
    tx.commit().await?;
    let fail = |e: crate::Fail| store::Error::Other(e.to_string());
    let id = crate::reporting::report::submit(db, Some(&me), HISTORY_SLUG, &hash)
        .await
        .map_err(fail)?;
    crate::reporting::report::decide(
        db,
        Some(&me),
        STATE_SLUG,
        &id.to_string(),
        crate::reporting::report::Decision::Accept,
        "Relatório completo, recebido no prazo.",
    )
    .await
    .map_err(fail)?;
    Ok(())
}
