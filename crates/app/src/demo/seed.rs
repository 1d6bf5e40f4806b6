//! The demo: a municipal conference of the 2025 cycle (XIV), with its CMAS, four territories,
//! eight units and a calendar like a real municipal process. All people are invented.

use chrono::{NaiveDate, TimeZone, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use store::entities::{
    account, body, conference, eixo, federative_entity as fe, role_grant, stage, stage_change,
    territory, unit,
};
use store::{Db, Result};
use uuid::Uuid;

pub const DEMO_SLUG: &str = "para-de-minas-2025";

/// Demo logins (synthetic): (login, password, what it can do).
pub const DEMO_LOGINS: &[(&str, &str, &str)] = &[
    (
        "admin@demo.conferencia.local",
        "demo-admin-2025",
        "administração da plataforma",
    ),
    (
        "secretaria@demo.conferencia.local",
        "demo-secretaria-2025",
        "secretaria executiva do CMAS",
    ),
    (
        "comissao@demo.conferencia.local",
        "demo-comissao-2025",
        "comissão organizadora",
    ),
    (
        "articulador.cras.centro",
        "demo-articulador-2025",
        "articulador(a) do CRAS Centro (login sem e-mail)",
    ),
];

/// A demo account without any role: someone from the public who signed up for the etapa
/// digital.
pub const DEMO_PARTICIPANT: (&str, &str, &str) = (
    "participante@demo.conferencia.local",
    "demo-participante-2025",
    "participante da etapa digital (conta sem papel)",
);

const EIXOS_2025: &[&str] = &[
    "Universalização do SUAS: Acesso Integral com Equidade e Respeito às Diversidades",
    "Aperfeiçoamento Contínuo do SUAS: Inovação, Gestão Descentralizada e Valorização Profissional",
    "Integração de Benefícios e Serviços Socioassistenciais: Fortalecendo a Proteção Social, Segurança de Renda e a Inclusão Social no Sistema Único de Assistência Social (SUAS)",
    "Gestão Democrática, informação no SUAS e comunicação transparente: fortalecendo a participação social no SUAS",
    "Sustentabilidade Financeira e Equidade no Cofinanciamento do SUAS",
];

/// argon2id with the crate's default (OWASP) parameters. Takes tens of milliseconds of CPU:
/// async code calls [`crate::platform::passwords::hash`], which runs this on the blocking pool.
pub fn hash_password(p: &str) -> Result<String> {
    use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
    let salt = SaltString::generate(&mut OsRng);
    argon2::Argon2::default()
        .hash_password(p.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| store::Error::Other(e.to_string()))
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid demo date")
}

async fn demo_exists(c: &impl sea_orm::ConnectionTrait) -> Result<bool> {
    Ok(conference::Entity::find()
        .filter(conference::Column::Slug.eq(DEMO_SLUG))
        .count(c)
        .await?
        > 0)
}

/// Seeds the demo unless a conference with its slug exists. Returns true if it seeded.
///
/// Safe when several instances start at once on one database: the seed runs in one exclusive
/// transaction (`Db::write_exclusive`) that checks again for the demo before writing, so exactly
/// one instance seeds and the others return false.
pub async fn seed(db: &Db) -> Result<bool> {
    crate::platform::tenancy::ensure_entities(db).await?;
    if demo_exists(&db.conn).await? {
        return Ok(false);
    }
    let city = fe::Entity::find()
        .filter(fe::Column::IbgeCode.eq("3147105"))
        .one(&db.conn)
        .await?
        .ok_or(store::Error::NotFound)?;
    let now = Utc::now();
    let tz = chrono_tz::America::Sao_Paulo;
    let at = |y, m, dd, h, mi| {
        tz.with_ymd_and_hms(y, m, dd, h, mi, 0)
            .single()
            .expect("demo time")
            .with_timezone(&Utc)
    };
    let mut hashes: Vec<String> = Vec::with_capacity(DEMO_LOGINS.len());
    for (_, p, _) in DEMO_LOGINS {
        hashes.push(crate::platform::passwords::hash(p).await?);
    }
    let participant_hash = crate::platform::passwords::hash(DEMO_PARTICIPANT.1).await?;

    let tx = db.write_exclusive().await?;
    if demo_exists(&tx).await? {
        return Ok(false); // another instance seeded it while we waited
    }
    // Porte entered by an admin (the shipped IBGE list has no population).
    let mut c: fe::ActiveModel = city.clone().into();
    c.porte = Set(Some("MEDIO".into()));
    c.porte_source = Set(Some("admin".into()));
    fe::Entity::update(c).exec(&tx).await?;

    let body_id = Uuid::now_v7();
    body::Entity::insert(body::ActiveModel {
        id: Set(body_id),
        kind: Set("cmas".into()),
        name: Set("Conselho Municipal de Assistência Social de Pará de Minas".into()),
        acronym: Set("CMAS Pará de Minas".into()),
        entity_id: Set(Some(city.id)),
        region_id: Set(None),
        created_at: Set(now),
    })
    .exec(&tx)
    .await?;
    let conf_id = Uuid::now_v7();
    conference::Entity::insert(conference::ActiveModel {
        id: Set(conf_id),
        body_id: Set(body_id),
        slug: Set(DEMO_SLUG.into()),
        level: Set("municipal".into()),
        edition: Set(14),
        title: Set("XIV Conferência Municipal de Assistência Social de Pará de Minas".into()),
        cycle_year: Set(2025),
        theme: Set("20 anos do SUAS: construção, proteção social e resistência".into()),
        lema: Set(None),
        process_starts_on: Set(d(2025, 3, 31)),
        process_ends_on: Set(d(2025, 7, 11)),
        starts_on: Set(d(2025, 7, 3)),
        ends_on: Set(d(2025, 7, 4)),
        venue: Set(Some("Centro Cultural Municipal".into())),
        venue_address: Set(Some("Praça Central, s/n, Centro, Pará de Minas/MG".into())),
        format: Set("presencial".into()),
        time_zone: Set("America/Sao_Paulo".into()),
        parent_id: Set(None),
        place_name: Set("Pará de Minas/MG".into()),
        search_key: Set(domain::text::search_key(
            "Pará de Minas MG XIV Conferência Municipal de Assistência Social",
        )),
        group_minority_pct: Set(None),
        speech_seconds: Set(180),
        mocao_opens_at: Set(None),
        mocao_closes_at: Set(None),
        mocao_signature_pct: Set(20),
        priority_cap: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(&tx)
    .await?;
    for (i, t) in EIXOS_2025.iter().enumerate() {
        eixo::Entity::insert(eixo::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(conf_id),
            number: Set(i as i32 + 1),
            title: Set((*t).into()),
            description: Set(None),
        })
        .exec(&tx)
        .await?;
    }
    let territories = [
        (
            "Território Centro",
            [("cras", "CRAS Centro"), ("centro_pop", "Centro POP")],
        ),
        (
            "Território Norte",
            [("cras", "CRAS Norte"), ("creas", "CREAS Regional Norte")],
        ),
        (
            "Território Sul",
            [("cras", "CRAS Sul"), ("cras", "CRAS São José")],
        ),
        (
            "Território Rural",
            [("cras", "CRAS Rural"), ("creas", "CREAS Municipal")],
        ),
    ];
    let mut cras_centro = None;
    let mut unit_ids: Vec<(&str, Uuid)> = Vec::new();
    for (pos, (tname, units)) in territories.iter().enumerate() {
        let tid = Uuid::now_v7();
        territory::Entity::insert(territory::ActiveModel {
            id: Set(tid),
            conference_id: Set(conf_id),
            name: Set((*tname).into()),
            position: Set(pos as i32),
        })
        .exec(&tx)
        .await?;
        for (kind, name) in units {
            let uid = Uuid::now_v7();
            if *name == "CRAS Centro" {
                cras_centro = Some(uid);
            }
            unit_ids.push((name, uid));
            unit::Entity::insert(unit::ActiveModel {
                id: Set(uid),
                conference_id: Set(conf_id),
                territory_id: Set(tid),
                kind: Set((*kind).into()),
                name: Set((*name).into()),
                address: Set(None),
            })
            .exec(&tx)
            .await?;
        }
    }
    let stages = [
        (
            "convocation",
            "Publicação do decreto de convocação",
            at(2025, 4, 7, 9, 0),
            None,
            None,
            false,
        ),
        (
            "unit_meeting",
            "Reuniões das unidades com seus usuários (cada unidade define e informa a data)",
            at(2025, 4, 22, 9, 0),
            Some(at(2025, 5, 30, 17, 0)),
            None,
            true,
        ),
        (
            "sharing_actions",
            "Dia de compartilhamento das ações das unidades",
            at(2025, 6, 10, 14, 0),
            None,
            Some("Auditório da Secretaria de Assistência Social"),
            false,
        ),
        (
            "registration",
            "Inscrições para a conferência",
            at(2025, 6, 2, 8, 0),
            Some(at(2025, 6, 27, 18, 0)),
            None,
            false,
        ),
        (
            "engagement_results",
            "Divulgação dos resultados de engajamento e premiação",
            at(2025, 6, 24, 15, 0),
            None,
            Some("Câmara Municipal"),
            false,
        ),
        (
            "conference",
            "XIV Conferência Municipal (dois dias)",
            at(2025, 7, 3, 8, 0),
            Some(at(2025, 7, 4, 17, 0)),
            Some("Centro Cultural Municipal"),
            false,
        ),
        (
            "final_solemnity",
            "Solenidade final: resultados das pré-conferências e delegados por território",
            at(2025, 7, 4, 16, 0),
            None,
            Some("Centro Cultural Municipal"),
            false,
        ),
        (
            "report",
            "Envio do relatório ao CEAS-MG",
            at(2025, 7, 11, 17, 0),
            None,
            None,
            false,
        ),
    ];
    let mut sharing_id = None;
    let mut meetings_stage = None;
    for (kind, title, starts, ends, place, by_units) in stages {
        let sid = Uuid::now_v7();
        if kind == "sharing_actions" {
            sharing_id = Some(sid);
        }
        if kind == "unit_meeting" {
            meetings_stage = Some(sid);
        }
        stage::Entity::insert(stage::ActiveModel {
            id: Set(sid),
            conference_id: Set(conf_id),
            kind: Set(kind.into()),
            title: Set(title.into()),
            description: Set(None),
            starts_at: Set(starts),
            ends_at: Set(ends),
            place: Set(place.map(Into::into)),
            online_url: Set(None),
            set_by_units: Set(by_units),
            cancelled: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec(&tx)
        .await?;
    }
    // A real calendar changes: the sharing day was moved once; the change stays public.
    if let Some(sid) = sharing_id {
        stage_change::Entity::insert(stage_change::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(conf_id),
            stage_id: Set(sid),
            changed_at: Set(at(2025, 5, 20, 10, 0)),
            actor_id: Set(None),
            change: Set("rescheduled".into()),
            summary: Set("Dia de compartilhamento das ações das unidades: de 05/06/2025 14:00 para 10/06/2025 14:00".into()),
            reason: Set(Some("Feriado municipal em 05/06".into())),
        })
        .exec(&tx)
        .await?;
    }
    // (role, body, conference, unit) of each demo login
    type Scope = (Option<Uuid>, Option<Uuid>, Option<Uuid>);
    let roles: [(&str, Scope); 4] = [
        ("platform_admin", (None, None, None)),
        ("body_secretariat", (Some(body_id), None, None)),
        (
            "organizing_commission",
            (Some(body_id), Some(conf_id), None),
        ),
        (
            "territorial_articulator",
            (Some(body_id), Some(conf_id), cras_centro),
        ),
    ];
    let names = [
        "Administração (demo)",
        "Secretaria do CMAS (demo)",
        "Comissão organizadora (demo)",
        "Articulador(a) CRAS Centro (demo)",
    ];
    for (i, ((login, _, _), hash)) in DEMO_LOGINS.iter().zip(hashes).enumerate() {
        let aid = Uuid::now_v7();
        let is_email = login.contains('@');
        account::Entity::insert(account::ActiveModel {
            id: Set(aid),
            email: Set(is_email.then(|| (*login).into())),
            username: Set((!is_email).then(|| (*login).into())),
            display_name: Set(names[i].into()),
            password_hash: Set(hash),
            disabled: Set(false),
            must_change_password: Set(false),
            created_at: Set(now),
        })
        .exec(&tx)
        .await?;
        let (role, (b, c, u)) = roles[i];
        role_grant::Entity::insert(role_grant::ActiveModel {
            id: Set(Uuid::now_v7()),
            account_id: Set(aid),
            role: Set(role.into()),
            body_id: Set(b),
            conference_id: Set(c),
            unit_id: Set(u),
            appointment_act: Set(None),
            created_at: Set(now),
        })
        .exec(&tx)
        .await?;
    }
    seed_setup(&tx, conf_id, now).await?;
    seed_online(&tx, conf_id, now, participant_hash).await?;
    // Units' meetings with their users: two held and reported, one scheduled, the rest not yet.
    if let Some(stage_id) = meetings_stage {
        let meetings = [
            (
                "CRAS Centro",
                at(2025, 4, 29, 14, 0),
                "Salão do CRAS Centro",
                Some((35, "Roda de conversa sobre o acesso aos benefícios.")),
            ),
            (
                "Centro POP",
                at(2025, 5, 14, 9, 30),
                "Refeitório do Centro POP",
                Some((18, "Escuta das pessoas em situação de rua.")),
            ),
            (
                "CRAS Norte",
                at(2025, 5, 20, 18, 0),
                "Escola Municipal Padre Libério",
                None,
            ),
        ];
        for (name, starts, place, report) in meetings {
            let Some((_, uid)) = unit_ids.iter().find(|(n, _)| *n == name) else {
                continue;
            };
            let meeting_id = Uuid::now_v7();
            store::entities::unit_meeting::Entity::insert(
                store::entities::unit_meeting::ActiveModel {
                    id: Set(meeting_id),
                    conference_id: Set(conf_id),
                    stage_id: Set(stage_id),
                    unit_id: Set(*uid),
                    starts_at: Set(starts),
                    ends_at: Set(Some(starts + chrono::Duration::hours(2))),
                    place: Set(Some(place.into())),
                    online_url: Set(None),
                    status: Set(if report.is_some() {
                        store::entities::unit_meeting::MeetingStatus::Held
                    } else {
                        store::entities::unit_meeting::MeetingStatus::Scheduled
                    }),
                    participants: Set(report.map(|r| r.0)),
                    att_government: Set(None),
                    att_users: Set(None),
                    att_workers: Set(None),
                    att_entities: Set(None),
                    report_note: Set(report.map(|r| r.1.into())),
                    reported_at: Set(report.map(|_| starts + chrono::Duration::days(1))),
                    reported_by: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                },
            )
            .exec(&tx)
            .await?;
            if name == "Centro POP" {
                seed_people(&tx, conf_id, *uid, meeting_id, starts).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(true)
}

/// The Centro POP meeting's attendance list (its 18 people, so its numbers stay as reported)
/// and the territorial delegates it elected; the commission's setting: 2 titulares per unit
///. Names are invented.
async fn seed_people(
    tx: &sea_orm::DatabaseTransaction,
    conf_id: Uuid,
    unit_id: Uuid,
    meeting_id: Uuid,
    at: chrono::DateTime<Utc>,
) -> Result<()> {
    use store::entities::{territorial_delegate_setting, unit_attendee, unit_delegate};
    territorial_delegate_setting::Entity::insert(territorial_delegate_setting::ActiveModel {
        conference_id: Set(conf_id),
        enabled: Set(true),
        seats_per_unit: Set(2),
        note: Set(Some(
            "Regimento, art. 12: cada pré-conferência elege até 2 titulares e 2 suplentes; a sociedade civil elege os seus e o governo indica os seus.".into(),
        )),
        updated_by: Set(None),
        updated_at: Set(at),
    })
    .exec(tx)
    .await?;
    let first = [
        "Antônio",
        "Benedita",
        "Cícero",
        "Dalva",
        "Edson",
        "Francisca",
    ];
    let last = ["Ramos", "Teixeira", "Moura"];
    let names: Vec<String> = last
        .iter()
        .flat_map(|l| first.iter().map(move |f| format!("{f} {l}")))
        .collect();
    for (k, name) in names.into_iter().enumerate() {
        let segment = match k {
            0 => "governo",
            1 | 2 => "trabalhadores",
            _ => "usuarios",
        };
        unit_attendee::Entity::insert(unit_attendee::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(conf_id),
            meeting_id: Set(meeting_id),
            name: Set(name),
            segment: Set(segment.into()),
            contact: Set(None),
            created_by: Set(None),
            created_at: Set(at + chrono::Duration::seconds(k as i64)),
        })
        .exec(tx)
        .await?;
    }
    for (k, name, seat) in [
        (0, "Dalva Ramos", "titular"),
        (1, "Edson Moura", "suplente"),
    ] {
        unit_delegate::Entity::insert(unit_delegate::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(conf_id),
            unit_id: Set(unit_id),
            meeting_id: Set(meeting_id),
            name: Set(name.into()),
            segment: Set("usuarios".into()),
            seat: Set(seat.into()),
            contact: Set(None),
            created_by: Set(None),
            created_at: Set(at + chrono::Duration::seconds(k)),
        })
        .exec(tx)
        .await?;
    }
    Ok(())
}

/// The demo as `conferencia demo` and `serve --demo` seed it: [`seed`], then the finished
/// conference of the earlier cycle with its accepted report (`demo_history`), each only if
/// missing. Returns whether the main demo was seeded now.
pub async fn seed_with_history(db: &Db) -> Result<bool> {
    let seeded = seed(db).await?;
    ensure_history(db).await?;
    Ok(seeded)
}

/// Seeds the finished conference of the earlier cycle (`demo_history`) if it is missing.
async fn ensure_history(db: &Db) -> Result<()> {
    let Some(c) = conference::Entity::find()
        .filter(conference::Column::Slug.eq(DEMO_SLUG))
        .one(&db.conn)
        .await?
    else {
        return Ok(());
    };
    crate::demo::history::seed(db, c.body_id).await?;
    Ok(())
}

/// The demo's etapa digital, open: the role-less participant account, three people from the
/// public (accounts without a password: they cannot log in), their proposals with supports and
/// comments, and one comment hidden by the moderation with its reason.
async fn seed_online(
    tx: &sea_orm::DatabaseTransaction,
    conf_id: Uuid,
    now: chrono::DateTime<Utc>,
    participant_hash: String,
) -> Result<()> {
    use store::entities::{online_comment, online_proposal, online_stage, online_support};
    let eixos: Vec<Uuid> = eixo::Entity::find()
        .filter(eixo::Column::ConferenceId.eq(conf_id))
        .order_by_asc(eixo::Column::Number)
        .all(tx)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect();
    let (Some(&e1), Some(&e2)) = (eixos.first(), eixos.get(1)) else {
        return Ok(());
    };
    online_stage::Entity::insert(online_stage::ActiveModel {
        conference_id: Set(conf_id),
        open: Set(true),
        changed_by: Set(None),
        changed_at: Set(now),
    })
    .exec(tx)
    .await?;
    let people = [
        (
            DEMO_PARTICIPANT.0,
            "Participante da Demonstração",
            participant_hash,
        ),
        (
            "maria.dores@demo.conferencia.local",
            "Maria das Dores Silva",
            String::new(),
        ),
        (
            "jose.aparecido@demo.conferencia.local",
            "José Aparecido Lima",
            String::new(),
        ),
        (
            "ana.rocha@demo.conferencia.local",
            "Ana Cristina Rocha",
            String::new(),
        ),
    ];
    let mut ids = Vec::new();
    for (email, name, hash) in people {
        let id = Uuid::now_v7();
        account::Entity::insert(account::ActiveModel {
            id: Set(id),
            email: Set(Some(email.into())),
            username: Set(None),
            display_name: Set(name.into()),
            password_hash: Set(hash),
            disabled: Set(false),
            must_change_password: Set(false),
            created_at: Set(now),
        })
        .exec(tx)
        .await?;
        ids.push(id);
    }
    // (author, eixo, level, text, supporters, comments by (author, text, hidden reason))
    type Comment = (usize, &'static str, Option<&'static str>);
    type Seed<'a> = (usize, Uuid, &'a str, &'a str, &'a [usize], &'a [Comment]);
    let proposals: [Seed; 3] = [
        (
            1,
            e1,
            "municipal",
            "Ampliar o horário de atendimento dos CRAS até as 20h em pelo menos dois dias da semana, para quem trabalha durante o dia",
            &[2, 3],
            &[
                (
                    2,
                    "Apoio. Eu só consigo ir ao CRAS depois do serviço.",
                    None,
                ),
                (
                    3,
                    "Isso é coisa de quem não quer trabalhar!!!",
                    Some("Ofensa a quem trabalha no CRAS; critique a proposta, não as pessoas"),
                ),
            ],
        ),
        (
            2,
            e1,
            "estadual",
            "Garantir transporte para as famílias da zona rural chegarem às unidades do SUAS nos dias de atendimento",
            &[1],
            &[(
                1,
                "Na comunidade do Córrego Fundo o ônibus passa só duas vezes por semana.",
                None,
            )],
        ),
        (
            3,
            e2,
            "federal",
            "Recompor o orçamento federal do SUAS com reajuste anual pela inflação, para os municípios manterem as equipes",
            &[],
            &[],
        ),
    ];
    for (k, (author, eixo_id, level, text, supporters, comments)) in proposals.iter().enumerate() {
        let pid = Uuid::now_v7();
        let at = now - chrono::Duration::hours(30 - 6 * k as i64);
        online_proposal::Entity::insert(online_proposal::ActiveModel {
            id: Set(pid),
            conference_id: Set(conf_id),
            eixo_id: Set(*eixo_id),
            level: Set((*level).into()),
            kind: Set("new".into()),
            text: Set((*text).into()),
            author_id: Set(ids[*author]),
            supports: Set(supporters.len() as i32),
            comments: Set(comments.len() as i32),
            created_at: Set(at),
            hidden_at: Set(None),
            hidden_reason: Set(None),
            hidden_by: Set(None),
            proposal_id: Set(None),
        })
        .exec(tx)
        .await?;
        for s in *supporters {
            online_support::Entity::insert(online_support::ActiveModel {
                proposal_id: Set(pid),
                account_id: Set(ids[*s]),
                created_at: Set(at + chrono::Duration::hours(1)),
            })
            .exec(tx)
            .await?;
        }
        for (j, (who, text, hidden)) in comments.iter().enumerate() {
            online_comment::Entity::insert(online_comment::ActiveModel {
                id: Set(Uuid::now_v7()),
                conference_id: Set(conf_id),
                online_proposal_id: Set(Some(pid)),
                group_id: Set(None),
                author_id: Set(ids[*who]),
                text: Set((*text).into()),
                created_at: Set(at + chrono::Duration::hours(2 + j as i64)),
                hidden_at: Set(hidden.map(|_| at + chrono::Duration::hours(4))),
                hidden_reason: Set(hidden.map(Into::into)),
                hidden_by: Set(None),
            })
            .exec(tx)
            .await?;
        }
    }
    Ok(())
}

/// The demo's convocation act (with a small real PDF), commission, documents and draft regimento.
async fn seed_setup(
    tx: &sea_orm::DatabaseTransaction,
    conf_id: Uuid,
    now: chrono::DateTime<Utc>,
) -> Result<()> {
    use sha2::Digest;
    use store::entities::{
        commission_member, convocation_act, document, regimento_article, stored_file,
    };
    let pdf = demo_pdf(&[
        "PREFEITURA MUNICIPAL DE PARA DE MINAS (demonstracao)",
        "DECRETO N. 1.234, DE 2 DE ABRIL DE 2025",
        "Convoca a XIV Conferencia Municipal de Assistencia Social.",
        "Art. 1 Fica convocada a XIV Conferencia Municipal de Assistencia Social,",
        "nos dias 3 e 4 de julho de 2025, no Centro Cultural Municipal.",
        "Art. 2 Tema: 20 anos do SUAS: construcao, protecao social e resistencia.",
        "Documento ficticio, gerado para a demonstracao do conferencia.",
    ]);
    let file_id = Uuid::now_v7();
    stored_file::Entity::insert(stored_file::ActiveModel {
        id: Set(file_id),
        conference_id: Set(conf_id),
        purpose: Set("convocation".into()),
        file_name: Set("decreto-1234-2025.pdf".into()),
        content_type: Set("application/pdf".into()),
        size_bytes: Set(pdf.len() as i32),
        sha256: Set(hex::encode(sha2::Sha256::digest(&pdf))),
        bytes: Set(pdf),
        created_at: Set(now),
    })
    .exec(tx)
    .await?;
    convocation_act::Entity::insert(convocation_act::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(conf_id),
        act_type: Set("decreto".into()),
        number: Set("1.234/2025".into()),
        signed_on: Set(d(2025, 4, 2)),
        signatories: Set(
            "Ana Paula Ribeiro — Prefeita Municipal\nJosé Carlos Mendes — Presidente do CMAS"
                .into(),
        ),
        published_in: Set(Some("Diário Oficial do Município de 07/04/2025".into())),
        file_id: Set(Some(file_id)),
        updated_at: Set(now),
        updated_by: Set(None),
    })
    .exec(tx)
    .await?;
    let members = [
        (
            "Márcia Lopes",
            "government",
            "Secretaria Municipal de Assistência Social",
            Some("Coordenação"),
        ),
        (
            "Rafael Nunes",
            "government",
            "Gestão do SUAS (Vigilância Socioassistencial)",
            Some("Relatoria"),
        ),
        (
            "Tânia Ferreira",
            "government",
            "Secretaria Municipal de Saúde",
            None,
        ),
        (
            "Cleide Aparecida",
            "civil_society",
            "Usuários: CRAS Norte",
            Some("Vice-coordenação"),
        ),
        (
            "Jorge Batista",
            "civil_society",
            "Trabalhadores do SUAS",
            Some("Secretaria"),
        ),
        (
            "Irmã Lúcia Campos",
            "civil_society",
            "Entidades: Lar São Vicente",
            None,
        ),
    ];
    for (i, (name, side, rep, duty)) in members.iter().enumerate() {
        commission_member::Entity::insert(commission_member::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(conf_id),
            name: Set((*name).into()),
            side: Set((*side).into()),
            represents: Set((*rep).into()),
            duty: Set(duty.map(Into::into)),
            position: Set(i as i32 + 1),
            created_at: Set(now),
        })
        .exec(tx)
        .await?;
    }
    let docs = [
        (
            "Lei Orgânica da Assistência Social (LOAS, Lei 8.742/1993)",
            "normativa",
            "https://www.planalto.gov.br/ccivil_03/leis/l8742.htm",
            None,
        ),
        (
            "NOB-SUAS 2012 (Resolução CNAS nº 33/2012)",
            "normativa",
            "https://www.mds.gov.br/webarquivos/public/NOBSUAS_2012.pdf",
            None,
        ),
        (
            "Blog do CNAS: perguntas e respostas do processo conferencial 2025",
            "informe",
            "https://www.blogcnas.com/faq-conferencia",
            Some("Dúvidas frequentes sobre as etapas, os eixos e os delegados."),
        ),
        (
            "Vídeo: como participar da conferência municipal",
            "video",
            "https://www.youtube.com/@CNASoficial",
            Some("Orientação em linguagem simples, com Libras."),
        ),
    ];
    for (i, (title, kind, url, desc)) in docs.iter().enumerate() {
        document::Entity::insert(document::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(conf_id),
            title: Set((*title).into()),
            kind: Set((*kind).into()),
            url: Set((*url).into()),
            description: Set(desc.map(Into::into)),
            position: Set(i as i32 + 1),
            created_at: Set(now),
        })
        .exec(tx)
        .await?;
    }
    let articles = domain::setup::parse_regimento(DEMO_REGIMENTO)
        .map_err(|e| store::Error::Other(e.to_string()))?;
    for a in articles {
        regimento_article::Entity::insert(regimento_article::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(conf_id),
            number: Set(a.number),
            chapter: Set(a.chapter),
            text: Set(a.text),
            updated_at: Set(now),
        })
        .exec(tx)
        .await?;
    }
    // Art. 5 of the demo regimento gives observers a voice (the default is neither voice nor vote).
    store::entities::category_rights::Entity::insert(
        store::entities::category_rights::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(conf_id),
            category: Set(domain::values::Category::Observer.code().into()),
            voice: Set(true),
            vote: Set(false),
            may_be_elected: Set(false),
            note: Set(None),
            updated_at: Set(now),
        },
    )
    .exec(tx)
    .await?;
    Ok(())
}

const DEMO_REGIMENTO: &str = "CAPÍTULO I – DA FINALIDADE
Art. 1º A XIV Conferência Municipal de Assistência Social de Pará de Minas, convocada pelo Decreto nº 1.234/2025, tem por finalidade avaliar a situação da assistência social no município e propor diretrizes para o aperfeiçoamento do SUAS.
Art. 2º O tema da conferência é \"20 anos do SUAS: construção, proteção social e resistência\", discutido em cinco eixos.
CAPÍTULO II – DA ORGANIZAÇÃO
Art. 3º A conferência é presidida pelo(a) presidente do CMAS e organizada pela comissão organizadora, composta de forma paritária.
Art. 4º A programação compreende: credenciamento; abertura; leitura e aprovação deste regimento; palestra magna; grupos de trabalho por eixo; plenária final; eleição de delegados.
CAPÍTULO III – DOS PARTICIPANTES
Art. 5º Participam da conferência delegados(as), com direito a voz e voto, e convidados(as) e observadores(as), com direito a voz.
Art. 6º São delegados(as) os representantes do governo e da sociedade civil (usuários, trabalhadores e entidades) eleitos nas pré-conferências e reuniões das unidades.
CAPÍTULO IV – DAS PROPOSTAS E DA PLENÁRIA
Art. 7º Os grupos de trabalho aprovam propostas por maioria simples dos delegados presentes, indicando se cada uma se dirige ao município, ao estado ou à União.
Art. 8º Na plenária final, as propostas não destacadas são consideradas aprovadas em bloco; as destacadas são discutidas e votadas uma a uma.
Art. 9º Os casos omissos são resolvidos pela comissão organizadora.";

/// A one-page PDF with the given ASCII lines (Helvetica), with a correct cross-reference table.
pub fn demo_pdf(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT /F1 12 Tf 56 780 Td 16 TL\n");
    for l in lines {
        let esc = l
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        content.push_str(&format!("({esc}) Tj T*\n"));
    }
    content.push_str("ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{}\nendstream", content.len(), content),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{}\nendobj\n", i + 1, o).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{}\n%%EOF\n",
            objects.len() + 1,
            xref
        )
        .as_bytes(),
    );
    out
}
