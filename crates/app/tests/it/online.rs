//! The etapa digital, on both databases: sign-up by an e-mailed link, proposals
//! per eixo and level, one support per account, comments, debate rooms, moderation whose reason
//! the author sees, the etapa closed, and the proposals reaching the working groups with their
//! origin "Etapa digital".

use crate::support::{commission, invalid, me};
use app::Fail;
use app::mobilization::online::{self as o, ListQuery, Place, Target, Thread};
use app::mobilization::proposals::ProposalInput;
use app::platform::accounts::{LoginOutcome, SignUpInput};
use conferencia_app as app;
use domain::values::NewPassword;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use store::entities::{
    account, eixo, mail_outbox, online_proposal, online_support, proposal, proposal_origin,
};
use testkit::both_dbs;

const SLUG: &str = app::demo::seed::DEMO_SLUG;
const PUBLIC: &str = "https://conferencias.example.org";

fn token_in(body: &str) -> String {
    let at = body.find("/senha/nova?token=").expect("link in body") + 18;
    body[at..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect()
}

async fn eixos(db: &app::Db) -> Vec<eixo::Model> {
    eixo::Entity::find()
        .order_by_asc(eixo::Column::Number)
        .all(&db.conn)
        .await
        .unwrap()
}

/// Signs someone up and activates the account through the e-mailed link; returns them logged in.
async fn signed_up(db: &app::Db, name: &str, email: &str) -> app::platform::auth::Me {
    app::platform::accounts::sign_up(
        db,
        PUBLIC,
        &SignUpInput {
            name: name.into(),
            email: email.into(),
            consent: "on".into(),
            volta: format!("/c/{SLUG}/participe"),
        },
    )
    .await
    .unwrap();
    let mail = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddr.eq(email.to_lowercase()))
        .order_by_desc(mail_outbox::Column::CreatedAt)
        .one(&db.conn)
        .await
        .unwrap()
        .expect("sign-up e-mail");
    assert_eq!(mail.subject, app::platform::accounts::SIGNUP_SUBJECT);
    assert!(
        mail.body.contains(&format!("{PUBLIC}/c/{SLUG}/participe")),
        "the way back: {}",
        mail.body
    );
    let token = token_in(&mail.body);
    let pw = NewPassword::parse("uma-senha-boa-123").unwrap();
    assert_eq!(
        app::platform::accounts::reset_password(db, &token, &pw)
            .await
            .unwrap(),
        app::platform::accounts::ResetOutcome::Done
    );
    me(db, email, "uma-senha-boa-123").await
}

both_dbs!(
    sign_up_proves_the_address_and_reveals_nothing,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        // Bad input: nothing created, nothing sent.
        let e = invalid(
            app::platform::accounts::sign_up(
                &db,
                PUBLIC,
                &SignUpInput {
                    name: " ".into(),
                    email: "não é e-mail".into(),
                    ..Default::default()
                },
            )
            .await,
        );
        for f in ["name", "email", "consent"] {
            assert!(e.message_for(f).is_some(), "{f}: {e:?}");
        }
        assert!(
            mail_outbox::Entity::find()
                .all(&db.conn)
                .await
                .unwrap()
                .is_empty()
        );
        // Before the link is followed, the account cannot log in with any password.
        app::platform::accounts::sign_up(
            &db,
            PUBLIC,
            &SignUpInput {
                name: "Joana Pereira".into(),
                email: "Joana@Exemplo.org".into(),
                consent: "on".into(),
                volta: "//malicioso.example".into(),
            },
        )
        .await
        .unwrap();
        let acc = account::Entity::find()
            .filter(account::Column::Email.eq("joana@exemplo.org"))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(acc.password_hash, "");
        assert_eq!(
            app::platform::accounts::login(&db, "joana@exemplo.org", "")
                .await
                .unwrap(),
            LoginOutcome::WrongCredentials
        );
        let mails = mail_outbox::Entity::find().all(&db.conn).await.unwrap();
        assert_eq!(mails.len(), 1);
        assert!(
            mails[0].body.contains(&format!("{PUBLIC}/\n")) && !mails[0].body.contains("malicioso"),
            "another host is never the way back: {}",
            mails[0].body
        );
        // An address that already has an account: the same answer, and its owner gets a link.
        app::platform::accounts::sign_up(
            &db,
            PUBLIC,
            &SignUpInput {
                name: "Outra Pessoa".into(),
                email: "comissao@demo.conferencia.local".into(),
                consent: "on".into(),
                volta: String::new(),
            },
        )
        .await
        .unwrap();
        let to_owner = mail_outbox::Entity::find()
            .filter(mail_outbox::Column::ToAddr.eq("comissao@demo.conferencia.local"))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert!(to_owner.body.contains("já tem uma conta"));
        // The commission's name and password are untouched.
        let com = commission(&db).await;
        assert_ne!(com.account.display_name, "Outra Pessoa");
        // The link works once and activates the account.
        let joana = signed_up(&db, "Joana Pereira", "joana@exemplo.org").await;
        assert_eq!(joana.account.display_name, "Joana Pereira");
        assert!(joana.actor.grants.is_empty());
    }
);

both_dbs!(
    proposals_supports_comments_and_moderation,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let com = commission(&db).await;
        let ana = signed_up(&db, "Ana Souza", "ana@exemplo.org").await;
        let beto = signed_up(&db, "Beto Alves", "beto@exemplo.org").await;
        let es = eixos(&db).await;
        let good = ProposalInput {
            eixo_id: es[0].id.to_string(),
            level: "municipal".into(),
            kind: "new".into(),
            text: "Criar uma equipe volante do CRAS para os distritos".into(),
        };
        // Nobody logged in: asked to log in; bad input: every field, nothing written.
        assert!(matches!(
            o::propose(&db, None, SLUG, &good).await,
            Err(Fail::NeedsLogin)
        ));
        let before = online_proposal::Entity::find()
            .all(&db.conn)
            .await
            .unwrap()
            .len();
        let e = invalid(
            o::propose(
                &db,
                Some(&ana),
                SLUG,
                &ProposalInput {
                    eixo_id: "x".into(),
                    level: "galáctico".into(),
                    kind: "new".into(),
                    text: "  ".into(),
                },
            )
            .await,
        );
        for f in ["eixo_id", "level", "text"] {
            assert!(e.message_for(f).is_some(), "{f}: {e:?}");
        }
        let id = o::propose(&db, Some(&ana), SLUG, &good).await.unwrap();
        // The same text twice by the same person is refused.
        let e = invalid(o::propose(&db, Some(&ana), SLUG, &good).await);
        assert!(e.message_for("text").unwrap().contains("mesmo texto"));
        assert_eq!(
            online_proposal::Entity::find()
                .all(&db.conn)
                .await
                .unwrap()
                .len(),
            before + 1
        );

        // One support per account: twice counts once; withdrawing counts down.
        o::support(&db, Some(&beto), SLUG, &id.to_string(), true)
            .await
            .unwrap();
        o::support(&db, Some(&beto), SLUG, &id.to_string(), true)
            .await
            .unwrap();
        o::support(&db, Some(&com), SLUG, &id.to_string(), true)
            .await
            .unwrap();
        let p = online_proposal::Entity::find_by_id(id)
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(p.supports, 2);
        o::support(&db, Some(&com), SLUG, &id.to_string(), false)
            .await
            .unwrap();
        o::support(&db, Some(&com), SLUG, &id.to_string(), false)
            .await
            .unwrap();
        let p = online_proposal::Entity::find_by_id(id)
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(p.supports, 1);
        assert_eq!(
            online_support::Entity::find()
                .filter(online_support::Column::ProposalId.eq(id))
                .all(&db.conn)
                .await
                .unwrap()
                .len(),
            1
        );

        // The list: most supported first, filters by eixo and level, my support marked.
        let list = o::index(&db, Some(&beto), SLUG, &ListQuery::default())
            .await
            .unwrap();
        assert!(list.open);
        let mine = list.items.iter().find(|i| i.id == id.to_string()).unwrap();
        assert!(mine.supported_by_me && mine.supports == 1);
        let supports: Vec<i32> = list.items.iter().map(|i| i.supports).collect();
        assert!(supports.windows(2).all(|w| w[0] >= w[1]), "{supports:?}");
        let federal = o::index(
            &db,
            None,
            SLUG,
            &ListQuery {
                nivel: "federal".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(
            federal
                .items
                .iter()
                .all(|i| i.level_label == "federal (União)"),
            "{:?}",
            federal.items
        );
        assert!(!federal.items.iter().any(|i| i.id == id.to_string()));

        // Comments: empty refused; one published; a rude one hidden with a reason.
        let e = invalid(o::comment(&db, Some(&beto), SLUG, Thread::Proposal(id), " \n ").await);
        assert!(e.message_for("text").is_some());
        o::comment(
            &db,
            Some(&beto),
            SLUG,
            Thread::Proposal(id),
            "Concordo, os distritos ficam longe.",
        )
        .await
        .unwrap();
        let rude = o::comment(
            &db,
            Some(&beto),
            SLUG,
            Thread::Proposal(id),
            "Texto ofensivo",
        )
        .await
        .unwrap();
        // A burst: the tenth comment in ten minutes passes, the eleventh waits.
        for k in 3..=o::BURST_COMMENTS {
            o::comment(
                &db,
                Some(&beto),
                SLUG,
                Thread::Proposal(id),
                &format!("Mais um ponto ({k})"),
            )
            .await
            .unwrap();
        }
        let e = invalid(o::comment(&db, Some(&beto), SLUG, Thread::Proposal(id), "De novo").await);
        assert!(
            e.message_for("text")
                .unwrap()
                .contains("espere alguns minutos")
        );
        // Only the commission moderates; a reason is required.
        assert!(matches!(
            o::moderate(&db, Some(&ana), SLUG, Target::Comment(rude), Some("ofensa")).await,
            Err(Fail::Forbidden)
        ));
        let e =
            invalid(o::moderate(&db, Some(&com), SLUG, Target::Comment(rude), Some("  ")).await);
        assert!(e.message_for("reason").is_some());
        assert_eq!(
            o::moderate(
                &db,
                Some(&com),
                SLUG,
                Target::Comment(rude),
                Some("Ofensa pessoal")
            )
            .await
            .unwrap(),
            Place::Proposal(id)
        );
        // Others read that it was hidden, without the text or the reason; the author reads both.
        let seen_by_ana = o::proposal_page(&db, Some(&ana), SLUG, &id.to_string(), 0)
            .await
            .unwrap();
        let k = seen_by_ana
            .comments
            .items
            .iter()
            .find(|k| k.id == rude.to_string())
            .unwrap();
        assert_eq!(k.text, None);
        assert_eq!(k.hidden_reason.as_deref(), Some(""));
        let seen_by_beto = o::proposal_page(&db, Some(&beto), SLUG, &id.to_string(), 0)
            .await
            .unwrap();
        let k = seen_by_beto
            .comments
            .items
            .iter()
            .find(|k| k.id == rude.to_string())
            .unwrap();
        assert_eq!(k.text.as_deref(), Some("Texto ofensivo"));
        assert_eq!(k.hidden_reason.as_deref(), Some("Ofensa pessoal"));
        let beto_mine = o::mine(&db, Some(&beto), SLUG).await.unwrap();
        assert!(
            beto_mine
                .comments
                .iter()
                .any(|c| c.hidden_reason.as_deref() == Some("Ofensa pessoal"))
        );

        // A hidden proposal leaves the public list, keeps its text for its author with the reason,
        // and takes no supports; shown again, it is back.
        o::moderate(
            &db,
            Some(&com),
            SLUG,
            Target::Proposal(id),
            Some("Fora do tema da conferência"),
        )
        .await
        .unwrap();
        let public = o::index(&db, None, SLUG, &ListQuery::default())
            .await
            .unwrap();
        assert!(!public.items.iter().any(|i| i.id == id.to_string()));
        let anon = o::proposal_page(&db, None, SLUG, &id.to_string(), 0)
            .await
            .unwrap();
        assert!(!anon.show_text && anon.item.text.is_empty());
        let own = o::mine(&db, Some(&ana), SLUG).await.unwrap();
        let (item, reason) = own
            .proposals
            .iter()
            .find(|(i, _)| i.id == id.to_string())
            .unwrap();
        assert_eq!(item.text, good.text);
        assert_eq!(reason.as_deref(), Some("Fora do tema da conferência"));
        let e = invalid(o::support(&db, Some(&beto), SLUG, &id.to_string(), true).await);
        assert!(e.message_for("form").is_some());
        o::moderate(&db, Some(&com), SLUG, Target::Proposal(id), None)
            .await
            .unwrap();
        let public = o::index(&db, None, SLUG, &ListQuery::default())
            .await
            .unwrap();
        assert!(public.items.iter().any(|i| i.id == id.to_string()));

        // Closed: nothing new, with the reason why; the list stays readable.
        assert!(matches!(
            o::set_open(&db, Some(&ana), SLUG, false).await,
            Err(Fail::Forbidden)
        ));
        o::set_open(&db, Some(&com), SLUG, false).await.unwrap();
        let e = invalid(
            o::propose(
                &db,
                Some(&ana),
                SLUG,
                &ProposalInput {
                    text: "Outra proposta".into(),
                    ..good.clone()
                },
            )
            .await,
        );
        assert!(e.message_for("form").unwrap().contains("não está aberta"));
        invalid(o::support(&db, Some(&ana), SLUG, &id.to_string(), true).await);
        invalid(o::comment(&db, Some(&ana), SLUG, Thread::Proposal(id), "Oi").await);
        assert!(
            !o::index(&db, None, SLUG, &ListQuery::default())
                .await
                .unwrap()
                .open
        );
    }
);

both_dbs!(rooms_and_the_way_into_the_working_groups, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let ana = signed_up(&db, "Ana Souza", "ana@exemplo.org").await;
    let es = eixos(&db).await;
    let g1 =
        app::plenary::groups::create_group(&db, Some(&com), SLUG, &es[0].id.to_string(), "Grupo 1")
            .await
            .unwrap();
    // The debate room: a video link (a bad one refused, nothing saved), a thread.
    let e = invalid(o::set_video(&db, Some(&com), SLUG, &g1.to_string(), "sala do zoom").await);
    assert!(e.message_for("video_url").is_some());
    assert!(matches!(
        o::set_video(
            &db,
            Some(&ana),
            SLUG,
            &g1.to_string(),
            "https://meet.jit.si/g1"
        )
        .await,
        Err(Fail::Forbidden)
    ));
    o::set_video(
        &db,
        Some(&com),
        SLUG,
        &g1.to_string(),
        "https://meet.jit.si/grupo-1",
    )
    .await
    .unwrap();
    o::comment(&db, Some(&ana), SLUG, Thread::Room(g1), "Boa tarde, grupo!")
        .await
        .unwrap();
    let room = o::room(&db, None, SLUG, &g1.to_string(), 0).await.unwrap();
    assert_eq!(
        room.video_url.as_deref(),
        Some("https://meet.jit.si/grupo-1")
    );
    assert_eq!(room.comments.total, 1);
    assert_eq!(room.comments.items[0].author, "Ana Souza");
    let list = o::index(&db, None, SLUG, &ListQuery::default())
        .await
        .unwrap();
    assert_eq!(list.rooms.len(), 1);
    assert_eq!(list.rooms[0].comments, 1);

    // The group's page lists the visible waiting proposals of its eixo, most supported first;
    // a hidden one never comes.
    let hidden = o::propose(
        &db,
        Some(&ana),
        SLUG,
        &ProposalInput {
            eixo_id: es[0].id.to_string(),
            level: "municipal".into(),
            kind: "new".into(),
            text: "Proposta fora do tema".into(),
        },
    )
    .await
    .unwrap();
    o::moderate(
        &db,
        Some(&com),
        SLUG,
        Target::Proposal(hidden),
        Some("Fora do tema"),
    )
    .await
    .unwrap();
    let page = app::plenary::groups::group(&db, Some(&com), SLUG, &g1.to_string())
        .await
        .unwrap();
    assert!(!page.from_online.is_empty());
    assert!(!page.from_online.iter().any(|w| w.id == hidden.to_string()));
    let top = page.from_online[0].clone();
    assert!(
        top.origin.starts_with("Etapa digital: 2 apoios"),
        "{}",
        top.origin
    );
    // Only the plenary staff bring them; one, then all; twice is refused.
    assert!(matches!(
        o::bring_into_group(&db, Some(&ana), SLUG, &g1.to_string(), "").await,
        Err(Fail::Forbidden)
    ));
    assert_eq!(
        o::bring_into_group(&db, Some(&com), SLUG, &g1.to_string(), &top.id)
            .await
            .unwrap(),
        1
    );
    invalid(o::bring_into_group(&db, Some(&com), SLUG, &g1.to_string(), &top.id).await);
    let rest = o::bring_into_group(&db, Some(&com), SLUG, &g1.to_string(), "")
        .await
        .unwrap();
    assert_eq!(rest, page.from_online.len() - 1);
    let e = invalid(o::bring_into_group(&db, Some(&com), SLUG, &g1.to_string(), "").await);
    assert!(e.message_for("form").unwrap().contains("etapa digital"));
    // Each became a draft of the group with its origin; the hidden one still waits.
    let origins = proposal_origin::Entity::find()
        .filter(proposal_origin::Column::Kind.eq("online"))
        .all(&db.conn)
        .await
        .unwrap();
    assert_eq!(origins.len(), page.from_online.len());
    assert!(origins.iter().any(|o| o.label == top.origin));
    for o in &origins {
        let p = proposal::Entity::find_by_id(o.proposal_id)
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(p.group_id, Some(g1));
    }
    let h = online_proposal::Entity::find_by_id(hidden)
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert!(h.proposal_id.is_none());
    // The list says where each went.
    let list = o::index(&db, None, SLUG, &ListQuery::default())
        .await
        .unwrap();
    assert!(
        list.items
            .iter()
            .filter(|i| i.eixo.starts_with("Eixo 1"))
            .all(|i| i.group.as_deref() == Some("Grupo 1"))
    );
});
