//! Online and hybrid conferences (issue 23, ADR 0040) on both databases: online credentialing by
//! an e-mailed link and the registration code (same answer matched or not, single use, three
//! wrong codes kill it, a shared e-mail sends nothing, the device paired with earlier ones
//! revoked); the roll call and remote presence (answer, leave, lapse after the disconnection
//! limit, a new roll call starts over); a hybrid vote with room phones, badges and remote phones
//! counted once.

use crate::support::{
    check_in_today, commission, invalid, open_desk, pair_phone, refusal, register_at_desk,
    registration_form,
};
use app::Fail;
use app::participants::devices as dv;
use app::participants::remote::{self as rm, RequestInput, Requested};
use app::plenary::presence;
use app::plenary::regimento::{self as pl, CountInput, DestaqueInput};
use app::plenary::voting;
use conferencia_app as app;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{
    checkin, conference, delegate_device, destaque, mail_outbox, online_credential_link,
    registration,
};
use testkit::both_dbs;

const SLUG: &str = app::demo::seed::DEMO_SLUG;
const SITE: &str = "https://conf.example.org";

async fn set_format(db: &app::Db, format: &str) {
    let c = testkit::conference_by_slug(db, SLUG).await;
    let mut am: conference::ActiveModel = c.into();
    am.format = Set(format.into());
    sea_orm::ActiveModelTrait::update(am, &db.conn)
        .await
        .unwrap();
}

async fn delegate(
    db: &app::Db,
    com: &app::platform::auth::Me,
    name: &str,
    email: &str,
) -> registration::Model {
    let mut f = registration_form(name, "delegado", "usuarios");
    f.seat = "titular".into();
    f.email = email.into();
    register_at_desk(db, com, &f).await
}

/// The raw token of the last credentialing link e-mailed to `to`.
async fn link_token(db: &app::Db, to: &str) -> Option<String> {
    let start = format!("{SITE}/c/{SLUG}/credenciamento-online/link?token=");
    mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddr.eq(to))
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .rev()
        .find_map(|m| {
            let i = m.body.find(&start)? + start.len();
            Some(m.body[i..i + 64].to_owned())
        })
}

async fn links(db: &app::Db) -> u64 {
    online_credential_link::Entity::find()
        .count(&db.conn)
        .await
        .unwrap()
}

/// Registers a destaque to article `article` of the demo's regimento; returns the item to vote
/// (`destaque:{id}`).
async fn destaque_item(
    db: &app::Db,
    com: &app::platform::auth::Me,
    article: &str,
    kind: &str,
    text: &str,
) -> String {
    pl::add_destaque(
        db,
        Some(com),
        SLUG,
        &DestaqueInput {
            article: article.into(),
            kind: kind.into(),
            proposed_text: text.into(),
            raised_by: String::new(),
        },
    )
    .await
    .unwrap();
    let c = testkit::conference_by_slug(db, SLUG).await;
    let d = destaque::Entity::find()
        .filter(destaque::Column::ConferenceId.eq(c.id))
        .filter(destaque::Column::Status.eq(destaque::DestaqueStatus::Open))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    format!("destaque:{}", d.id)
}

fn ask(code: &str, email: &str) -> RequestInput {
    RequestInput {
        codigo: code.into(),
        email: email.into(),
    }
}

both_dbs!(online_credentialing_by_link_and_code, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    open_desk(&db).await;
    let com = commission(&db).await;
    let ana = delegate(&db, &com, "Ana Remota", "ana.remota@example.org").await;

    // A presencial conference has no online credentialing.
    set_format(&db, "presencial").await;
    assert!(!rm::availability(&db, SLUG).await.unwrap().allowed);
    let e =
        invalid(rm::request_link(&db, SITE, SLUG, &ask(&ana.code, "ana.remota@example.org")).await);
    assert!(e.message_for("form").unwrap().contains("presencial"));
    set_format(&db, "hibrida").await;
    assert!(rm::availability(&db, SLUG).await.unwrap().allowed);

    // Blank fields: each named.
    let e = invalid(rm::request_link(&db, SITE, SLUG, &ask(" ", "x")).await);
    assert!(e.message_for("codigo").is_some() && e.message_for("email").is_some());
    // A wrong e-mail: the same answer, nothing sent.
    assert_eq!(
        rm::request_link(&db, SITE, SLUG, &ask(&ana.code, "outra@example.org"))
            .await
            .unwrap(),
        Requested::LinkSent
    );
    assert_eq!(links(&db).await, 0);
    // The right pair, the e-mail typed in another case: a link, to the registration's e-mail.
    assert_eq!(
        rm::request_link(
            &db,
            SITE,
            SLUG,
            &ask(&ana.code.to_lowercase(), "ANA.Remota@example.org ")
        )
        .await
        .unwrap(),
        Requested::LinkSent
    );
    let token = link_token(&db, "ana.remota@example.org")
        .await
        .expect("a link");
    let mail = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddr.eq("ana.remota@example.org"))
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.body.contains("/credenciamento-online/link?token="))
        .unwrap();
    assert!(
        !mail.body.contains(&ana.code),
        "the code is not in the e-mail"
    );
    // Opening shows whose it is, and uses nothing.
    let (_, name) = rm::link_name(&db, SLUG, &token).await.unwrap();
    assert_eq!(name, "Ana Remota");
    // A wrong code counts; the right one credentials online and pairs this device.
    let e = invalid(rm::confirm_link(&db, SLUG, &token, "ZZZZ-ZZZZ").await);
    assert!(
        e.message_for("codigo")
            .unwrap()
            .contains("tentativa 1 de 3")
    );
    let device = rm::confirm_link(&db, SLUG, &token, &ana.code)
        .await
        .unwrap();
    let c = testkit::conference_by_slug(&db, SLUG).await;
    let ins: Vec<checkin::Model> = checkin::Entity::find()
        .filter(checkin::Column::RegistrationId.eq(ana.id))
        .all(&db.conn)
        .await
        .unwrap();
    assert_eq!(ins.len(), 1);
    assert_eq!(ins[0].method, "online");
    let home = dv::home(&db, SLUG, Some(&device)).await.unwrap();
    assert_eq!(home.display_name, "Ana Remota");
    let p = home.presence.expect("a remote phone sees the roll call");
    assert!(p.open.is_none() && !p.present);
    // Not present until the roll call is answered: the reason says so.
    assert!(home.not_voting.unwrap().contains("chamada"));
    // Single use.
    assert!(matches!(
        rm::confirm_link(&db, SLUG, &token, &ana.code).await,
        Err(Fail::Invalid(_))
    ));
    // A second link and device: the first device is revoked (one device per delegate).
    rm::request_link(&db, SITE, SLUG, &ask(&ana.code, "ana.remota@example.org"))
        .await
        .unwrap();
    let token2 = link_token(&db, "ana.remota@example.org").await.unwrap();
    assert_ne!(token, token2);
    let device2 = rm::confirm_link(&db, SLUG, &token2, &ana.code)
        .await
        .unwrap();
    assert!(matches!(
        dv::home(&db, SLUG, Some(&device)).await,
        Err(Fail::Forbidden)
    ));
    assert!(dv::home(&db, SLUG, Some(&device2)).await.is_ok());
    assert_eq!(
        checkin::Entity::find()
            .filter(checkin::Column::RegistrationId.eq(ana.id))
            .count(&db.conn)
            .await
            .unwrap(),
        1,
        "credentialed once a day"
    );
    let online = delegate_device::Entity::find()
        .filter(delegate_device::Column::ConferenceId.eq(c.id))
        .filter(delegate_device::Column::Revoked.eq(false))
        .filter(delegate_device::Column::RegistrationId.eq(ana.id))
        .all(&db.conn)
        .await
        .unwrap();
    assert_eq!(online.len(), 1);
    assert_eq!(online[0].channel, "online");

    // Three wrong codes kill a link.
    rm::request_link(&db, SITE, SLUG, &ask(&ana.code, "ana.remota@example.org"))
        .await
        .unwrap();
    let token3 = link_token(&db, "ana.remota@example.org").await.unwrap();
    for _ in 0..2 {
        assert!(
            invalid(rm::confirm_link(&db, SLUG, &token3, "AAAA-AAAA").await)
                .message_for("codigo")
                .is_some()
        );
    }
    let e = invalid(rm::confirm_link(&db, SLUG, &token3, "AAAA-AAAA").await);
    assert!(e.message_for("form").unwrap().contains("não vale mais"));
    assert!(
        rm::confirm_link(&db, SLUG, &token3, &ana.code)
            .await
            .is_err()
    );
    // At most three links an hour: the fourth request answers the same and sends nothing.
    let before = links(&db).await;
    rm::request_link(&db, SITE, SLUG, &ask(&ana.code, "ana.remota@example.org"))
        .await
        .unwrap();
    assert_eq!(links(&db).await, before);

    // An e-mail two delegates gave (a CRAS mailbox) sends nothing to either.
    let bia = delegate(&db, &com, "Bia Cras", "cras.centro@example.org").await;
    let _cid = delegate(&db, &com, "Cid Cras", "cras.centro@example.org").await;
    let before = links(&db).await;
    rm::request_link(&db, SITE, SLUG, &ask(&bia.code, "cras.centro@example.org"))
        .await
        .unwrap();
    assert_eq!(links(&db).await, before);
    // Only delegates: an observer with an e-mail gets nothing.
    let mut f = registration_form("Olga Observa", "observador", "");
    f.email = "olga@example.org".into();
    let olga = register_at_desk(&db, &com, &f).await;
    rm::request_link(&db, SITE, SLUG, &ask(&olga.code, "olga@example.org"))
        .await
        .unwrap();
    assert!(link_token(&db, "olga@example.org").await.is_none());
});

both_dbs!(
    roll_call_presence_lapse_and_a_hybrid_vote,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        open_desk(&db).await;
        set_format(&db, "hibrida").await;
        let com = commission(&db).await;
        let writer = voting::Writer::start(db.clone());
        let base = pl::board(&db, SLUG).await.unwrap();

        // Two remote delegates, credentialed online; one in the room with a phone.
        let mut remote = Vec::new();
        for (name, email) in [
            ("Ana Casa", "ana.casa@example.org"),
            ("Rui Casa", "rui.casa@example.org"),
        ] {
            let r = delegate(&db, &com, name, email).await;
            rm::request_link(&db, SITE, SLUG, &ask(&r.code, email))
                .await
                .unwrap();
            let t = link_token(&db, email).await.unwrap();
            remote.push((
                r.clone(),
                rm::confirm_link(&db, SLUG, &t, &r.code).await.unwrap(),
            ));
        }
        let sala = delegate(&db, &com, "Lia Sala", "lia.sala@example.org").await;
        check_in_today(&db, &sala).await;
        let ts = pair_phone(&db, &com, &sala).await;
        let (ana, ta) = remote[0].clone();
        let (rui, tr) = remote[1].clone();

        // Before the roll call: the room counts, the remote do not.
        let b = pl::board(&db, SLUG).await.unwrap();
        assert_eq!(b.present, base.present + 1);
        assert_eq!(b.present_remote, 0);
        assert!(b.roll_call.is_none());
        // Answering with no roll call open is refused with the reason.
        assert!(refusal(presence::answer(&db, SLUG, Some(&ta)).await).contains("não está aberta"));
        // A desk-paired phone has no roll call.
        assert!(refusal(presence::answer(&db, SLUG, Some(&ts)).await).contains("mesa"));
        // Only the table opens it; bad lengths are refused.
        assert!(matches!(
            presence::open(&db, None, SLUG, "").await,
            Err(Fail::NeedsLogin)
        ));
        assert!(
            invalid(presence::open(&db, Some(&com), SLUG, "5").await)
                .message_for("segundos")
                .is_some()
        );
        presence::open(&db, Some(&com), SLUG, "").await.unwrap();
        assert!(
            invalid(presence::open(&db, Some(&com), SLUG, "").await)
                .message_for("form")
                .unwrap()
                .contains("Já há uma chamada aberta")
        );
        presence::answer(&db, SLUG, Some(&ta)).await.unwrap();
        presence::answer(&db, SLUG, Some(&tr)).await.unwrap();
        presence::answer(&db, SLUG, Some(&ta)).await.unwrap(); // twice: once
        let b = pl::board(&db, SLUG).await.unwrap();
        assert_eq!(b.present, base.present + 3);
        assert_eq!(
            (b.present_remote, b.present_room),
            (2, base.present_room + 1)
        );
        let call = b.roll_call.clone().unwrap();
        assert!(call.open);
        assert_eq!(call.answered, 2);
        let home = dv::home(&db, SLUG, Some(&ta)).await.unwrap();
        assert!(home.not_voting.is_none());
        let p = home.presence.unwrap();
        assert!(p.present && p.answered && p.open.is_some());

        // A vote cannot open during the roll call.
        let item = destaque_item(&db, &com, "2", "modify", "Texto novo.").await;
        let e = refusal(
            voting::open(&db, Some(&com), SLUG, &item, true)
                .await
                .map(|_| ()),
        );
        assert!(e.contains("chamada está aberta"), "{e}");
        presence::close(&db, Some(&com), SLUG).await.unwrap();
        let vote = voting::open(&db, Some(&com), SLUG, &item, true)
            .await
            .unwrap()
            .to_string();

        // Rui leaves; Ana's phone goes silent past the limit (three minutes by default).
        presence::leave(&db, SLUG, Some(&tr)).await.unwrap();
        let e = refusal(writer.cast(SLUG, Some(&tr), &vote, "favor").await);
        assert!(e.contains("saiu da plenária a distância"), "{e}");
        delegate_device::Entity::update_many()
            .col_expr(
                delegate_device::Column::LastSeenAt,
                sea_orm::sea_query::Expr::value(Some(
                    chrono::Utc::now() - chrono::Duration::minutes(10),
                )),
            )
            .filter(delegate_device::Column::RegistrationId.eq(ana.id))
            .exec(&db.conn)
            .await
            .unwrap();
        let e = refusal(writer.cast(SLUG, Some(&ta), &vote, "favor").await);
        assert!(e.contains("conexão caiu"), "{e}");
        // Back online: the lapse is recorded and stays until the next roll call's answer.
        presence::beat(&db, SLUG, Some(&ta)).await.unwrap();
        let e = refusal(writer.cast(SLUG, Some(&ta), &vote, "favor").await);
        assert!(e.contains("conexão caiu"), "{e}");
        let b = pl::board(&db, SLUG).await.unwrap();
        assert_eq!(b.present_remote, 0);
        // The room votes: Lia by phone; the badge count is bounded by the room (remote
        // delegates never raise a badge).
        writer.cast(SLUG, Some(&ts), &vote, "favor").await.unwrap();
        let room_left = b.present_room - 1;
        let e = invalid(
            voting::close(
                &db,
                Some(&com),
                SLUG,
                &vote,
                &CountInput {
                    favor: (room_left + 1).to_string(),
                    against: String::new(),
                    abstain: String::new(),
                },
            )
            .await,
        );
        assert!(e.message_for("favor").is_some());
        voting::close(
            &db,
            Some(&com),
            SLUG,
            &vote,
            &CountInput {
                favor: String::new(),
                against: String::new(),
                abstain: String::new(),
            },
        )
        .await
        .unwrap();

        // A new roll call starts over: Ana answers and votes from home in the next vote; Rui,
        // who did not answer, does not count.
        presence::open(&db, Some(&com), SLUG, "60").await.unwrap();
        presence::answer(&db, SLUG, Some(&ta)).await.unwrap();
        presence::close(&db, Some(&com), SLUG).await.unwrap();
        let b = pl::board(&db, SLUG).await.unwrap();
        assert_eq!(b.present_remote, 1);
        assert_eq!(b.present, b.present_room + 1);
        let item = destaque_item(&db, &com, "3", "suppress", "").await;
        let vote = voting::open(&db, Some(&com), SLUG, &item, true)
            .await
            .unwrap()
            .to_string();
        writer
            .cast(SLUG, Some(&ta), &vote, "against")
            .await
            .unwrap();
        writer
            .cast(SLUG, Some(&ts), &vote, "against")
            .await
            .unwrap();
        assert!(refusal(writer.cast(SLUG, Some(&tr), &vote, "favor").await).contains("chamada"));
        let b = pl::board(&db, SLUG).await.unwrap();
        assert_eq!(b.open.as_ref().map(|o| o.voters), Some(2));
        // Ana walks into the room: the desk lets her in, and she counts in the room now, once.
        let before = pl::board(&db, SLUG).await.unwrap();
        let checked = app::participants::credentialing::check_in(
            &db,
            Some(&com),
            SLUG,
            &ana.code,
            None,
            app::participants::credentialing::Method::Code,
        )
        .await
        .unwrap();
        assert!(
            checked.message.contains("estava credenciado(a) online"),
            "{}",
            checked.message
        );
        let after = pl::board(&db, SLUG).await.unwrap();
        assert_eq!(after.present, before.present);
        assert_eq!(after.present_remote, 0);
        assert_eq!(after.present_room, before.present_room + 1);
        // And at the desk again: already in.
        assert!(
            refusal(
                app::participants::credentialing::check_in(
                    &db,
                    Some(&com),
                    SLUG,
                    &ana.code,
                    None,
                    app::participants::credentialing::Method::Code,
                )
                .await
            )
            .contains("já foi credenciado")
        );
        let _ = rui;
    }
);

/// A proposal approved in a group, waiting for the final plenary, with a destaque the table
/// registered; returns the destaque's id.
async fn proposal_destaque(db: &app::Db, com: &app::platform::auth::Me) -> String {
    use app::plenary::final_plenary as fp;
    use store::entities::{eixo, proposal, proposal_destaque};
    let c = testkit::conference_by_slug(db, SLUG).await;
    let e = eixo::Entity::find()
        .filter(eixo::Column::ConferenceId.eq(c.id))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let now = chrono::Utc::now();
    let id = uuid::Uuid::now_v7();
    proposal::Entity::insert(proposal::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        eixo_id: Set(e.id),
        group_id: Set(None),
        text: Set("Ampliar o horário de atendimento dos CRAS".into()),
        level: Set("municipal".into()),
        kind: Set("new".into()),
        status: Set(proposal::ProposalStatus::GroupApproved),
        position: Set(1),
        ..app::demo::rows::proposal_defaults(now)
    })
    .exec(&db.conn)
    .await
    .unwrap();
    fp::add_destaque(
        db,
        Some(com),
        SLUG,
        &fp::DestaqueInput {
            proposal: id.to_string(),
            kind: "amend".into(),
            proposed_text: "Ampliar o horário dos CRAS até as 20h".into(),
            raised_by: String::new(),
        },
    )
    .await
    .unwrap();
    proposal_destaque::Entity::find()
        .filter(proposal_destaque::Column::ProposalId.eq(id))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string()
}

both_dbs!(
    the_floor_from_the_phones_and_points_of_order,
    |db| async move {
        use app::plenary::final_plenary::{self as fp, FloorInput, OrderInput, OrderStep};
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        open_desk(&db).await;
        set_format(&db, "hibrida").await;
        let com = commission(&db).await;
        let writer = voting::Writer::start(db.clone());
        let ana = delegate(&db, &com, "Ana Casa", "ana.casa@example.org").await;
        rm::request_link(&db, SITE, SLUG, &ask(&ana.code, "ana.casa@example.org"))
            .await
            .unwrap();
        let t = link_token(&db, "ana.casa@example.org").await.unwrap();
        let ta = rm::confirm_link(&db, SLUG, &t, &ana.code).await.unwrap();
        let lia = delegate(&db, &com, "Lia Sala", "lia.sala@example.org").await;
        check_in_today(&db, &lia).await;
        let tl = pair_phone(&db, &com, &lia).await;
        let d = proposal_destaque(&db, &com).await;
        let ask_floor = |side: &str, destaque: &str| FloorInput {
            destaque: destaque.into(),
            side: side.into(),
        };

        // Not present yet (credentialed online, no roll call answered): refused with the reason.
        let e = refusal(fp::ask_floor(&db, SLUG, Some(&ta), &ask_floor("for", &d)).await);
        assert!(e.contains("depois de responder à chamada"), "{e}");
        assert!(matches!(
            fp::ask_floor(&db, SLUG, Some("x"), &ask_floor("for", &d)).await,
            Err(Fail::Forbidden)
        ));
        // Lia, in the room, asks first.
        fp::ask_floor(&db, SLUG, Some(&tl), &ask_floor("for", &d))
            .await
            .unwrap();
        presence::open(&db, Some(&com), SLUG, "").await.unwrap();
        presence::answer(&db, SLUG, Some(&ta)).await.unwrap();
        presence::close(&db, Some(&com), SLUG).await.unwrap();
        // The desk's counters tell the remote apart, and count them in the segments.
        let c = testkit::conference_by_slug(&db, SLUG).await;
        let n = app::participants::credentialing::counters_of(&db, &c)
            .await
            .unwrap();
        assert_eq!(n.remote_delegates, 1);
        assert_eq!(
            n.by_segment.iter().map(|(_, k)| k).sum::<u64>(),
            n.delegates,
            "{n:?}"
        );
        // Bad input: each field named, nothing written.
        let e = invalid(fp::ask_floor(&db, SLUG, Some(&ta), &ask_floor("meio", "nada")).await);
        assert!(e.message_for("side").is_some() && e.message_for("destaque").is_some());
        let e = invalid(
            fp::ask_floor(
                &db,
                SLUG,
                Some(&ta),
                &ask_floor("for", &uuid::Uuid::now_v7().to_string()),
            )
            .await,
        );
        assert!(e.message_for("destaque").is_some());
        fp::ask_floor(&db, SLUG, Some(&ta), &ask_floor("against", &d))
            .await
            .unwrap();
        let e = refusal(fp::ask_floor(&db, SLUG, Some(&ta), &ask_floor("for", &d)).await);
        assert!(e.contains("já está na lista"), "{e}");

        // The table's list: both, in the order they asked, marked as asked from a phone.
        let console = fp::console(&db, Some(&com), SLUG).await.unwrap();
        let list: Vec<(String, bool)> = console
            .eixos
            .iter()
            .flat_map(|e| e.items.iter())
            .flat_map(|i| i.destaques.iter())
            .flat_map(|d| d.speakers.iter())
            .map(|s| (s.name.clone(), s.from_phone))
            .collect();
        assert_eq!(
            list,
            vec![("Lia Sala".to_owned(), true), ("Ana Casa".to_owned(), true)]
        );
        let home = dv::home(&db, SLUG, Some(&ta)).await.unwrap();
        assert_eq!(home.floor.destaques.len(), 1);
        assert_eq!(home.floor.mine.len(), 1);
        assert_eq!(home.floor.mine[0].before, 1);
        assert_eq!(home.floor.mine[0].side_label, "contra");

        // A point of order: a reason too long is refused; one waiting at a time.
        let long = OrderInput {
            name: String::new(),
            reason: "x".repeat(201),
        };
        assert!(
            invalid(fp::ask_order(&db, SLUG, Some(&ta), &long).await)
                .message_for("reason")
                .is_some()
        );
        let order = OrderInput {
            name: String::new(),
            reason: "O tempo de fala não está sendo respeitado".into(),
        };
        fp::ask_order(&db, SLUG, Some(&ta), &order).await.unwrap();
        let e = refusal(fp::ask_order(&db, SLUG, Some(&ta), &order).await);
        assert!(e.contains("já está com a mesa"), "{e}");
        let b = pl::board(&db, SLUG).await.unwrap();
        assert_eq!(b.orders_waiting, 1);
        assert_eq!(b.discussing, vec![d.clone()]);
        let console = fp::console(&db, Some(&com), SLUG).await.unwrap();
        assert_eq!(console.order_points.len(), 1);
        assert!(console.order_points[0].from_phone);
        assert_eq!(console.order_points[0].name, "Ana Casa");
        // The table writes one in from the room: the name is required.
        let e = invalid(fp::add_order(&db, Some(&com), SLUG, &OrderInput::default()).await);
        assert!(e.message_for("order_name").is_some());
        assert!(matches!(
            fp::add_order(&db, None, SLUG, &order).await,
            Err(Fail::NeedsLogin)
        ));

        // Lia withdraws her place: Ana is next. Nobody withdraws another's.
        let lia_home = dv::home(&db, SLUG, Some(&tl)).await.unwrap();
        let lia_turn = lia_home.floor.mine[0].id.clone();
        let ana_turn = home.floor.mine[0].id.clone();
        assert!(matches!(
            fp::withdraw_floor(&db, SLUG, Some(&tl), &ana_turn).await,
            Err(Fail::NotFound)
        ));
        fp::withdraw_floor(&db, SLUG, Some(&tl), &lia_turn)
            .await
            .unwrap();
        let home = dv::home(&db, SLUG, Some(&ta)).await.unwrap();
        assert_eq!(home.floor.mine[0].before, 0);

        // The table gives Ana the floor; her point of order then takes it (her speech ends).
        fp::speech(&db, Some(&com), SLUG, &ana_turn, true)
            .await
            .unwrap();
        let b = pl::board(&db, SLUG).await.unwrap();
        assert_eq!(b.speaker.as_ref().unwrap().name, "Ana Casa");
        assert_eq!(b.speaker.as_ref().unwrap().side, "contra o destaque");
        assert!(
            refusal(fp::withdraw_floor(&db, SLUG, Some(&ta), &ana_turn).await)
                .contains("já recebeu a palavra")
        );
        let point = home.floor.order.clone().unwrap().id;
        fp::order_step(&db, Some(&com), SLUG, &point, OrderStep::Start)
            .await
            .unwrap();
        let b = pl::board(&db, SLUG).await.unwrap();
        let s = b.speaker.unwrap();
        assert_eq!(
            (s.name.as_str(), s.side.as_str()),
            ("Ana Casa", "questão de ordem")
        );
        assert_eq!(b.orders_waiting, 0);
        assert!(
            refusal(fp::order_step(&db, Some(&com), SLUG, &point, OrderStep::Dismiss).await)
                .contains("encerre a fala")
        );
        assert!(
            refusal(fp::withdraw_order(&db, SLUG, Some(&ta), &point).await)
                .contains("já recebeu a palavra")
        );
        fp::order_step(&db, Some(&com), SLUG, &point, OrderStep::End)
            .await
            .unwrap();
        assert!(
            refusal(fp::order_step(&db, Some(&com), SLUG, &point, OrderStep::End).await)
                .contains("já foi respondida")
        );
        assert!(pl::board(&db, SLUG).await.unwrap().speaker.is_none());

        // The vote on the destaque opens: the floor closes on it. Ana votes from home.
        let vote = voting::open(&db, Some(&com), SLUG, &format!("proposta:{d}"), true)
            .await
            .unwrap()
            .to_string();
        let e = refusal(fp::ask_floor(&db, SLUG, Some(&tl), &ask_floor("for", &d)).await);
        assert!(e.contains("já está aberta"), "{e}");
        assert!(
            dv::home(&db, SLUG, Some(&ta))
                .await
                .unwrap()
                .floor
                .destaques
                .is_empty()
        );
        assert!(pl::board(&db, SLUG).await.unwrap().discussing.is_empty());
        writer.cast(SLUG, Some(&ta), &vote, "favor").await.unwrap();
        writer.cast(SLUG, Some(&tl), &vote, "favor").await.unwrap();
        voting::close(
            &db,
            Some(&com),
            SLUG,
            &vote,
            &CountInput {
                favor: String::new(),
                against: String::new(),
                abstain: String::new(),
            },
        )
        .await
        .unwrap();

        // The minutes: the roll call, the point of order, who spoke, the vote's remote presence.
        let text = pl::minutes_text(&db, Some(&com), SLUG)
            .await
            .unwrap()
            .join("\n");
        assert!(text.contains("Chamada 1 em"), "{text}");
        assert!(text.contains("1 delegado(s) responderam"), "{text}");
        assert!(text.contains("Questões de ordem"), "{text}");
        assert!(
            text.contains("Ana Casa (") && text.contains(", pelo celular), sobre “O tempo de fala"),
            "{text}"
        );
        assert!(text.contains("Falas: Ana Casa (contra)."), "{text}");
        assert!(text.contains("na sala, 1 a distância)"), "{text}");
    }
);

both_dbs!(online_credentialing_checked_by_the_staff, |db| async move {
    use app::participants::remote_check::{self as rc, CheckInput, CheckState};
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    open_desk(&db).await;
    set_format(&db, "online").await;
    let com = commission(&db).await;
    let r = delegate(&db, &com, "Zé Sem Email", "").await;
    let ask = |code: &str, contact: &str| CheckInput {
        codigo: code.into(),
        contato: contact.into(),
    };

    // The regimento's choice: the link only refuses the video check, and the other way round.
    let mut rules = app::plenary::seats::rules_for_staff(&db, Some(&com), SLUG)
        .await
        .unwrap();
    rules.online_proof = "link".into();
    app::plenary::seats::save_rules(&db, Some(&com), SLUG, &rules)
        .await
        .unwrap();
    let e = refusal(rc::request_check(&db, SLUG, &ask(&r.code, "(31) 99999-0000")).await);
    assert!(e.contains("não prevê a verificação por vídeo"), "{e}");
    rules.online_proof = "staff".into();
    app::plenary::seats::save_rules(&db, Some(&com), SLUG, &rules)
        .await
        .unwrap();
    let e = refusal(rm::request_link(&db, SITE, SLUG, &ask_link(&r.code)).await);
    assert!(e.contains("verificação por vídeo"), "{e}");
    rules.online_proof = "nada".into();
    assert!(
        invalid(app::plenary::seats::save_rules(&db, Some(&com), SLUG, &rules).await)
            .message_for("online_proof")
            .is_some()
    );

    // Bad input, each field named; an unknown code said so.
    let e = invalid(rc::request_check(&db, SLUG, &ask("x", " ")).await);
    assert!(e.message_for("codigo_video").is_some() && e.message_for("contato").is_some());
    let e = invalid(rc::request_check(&db, SLUG, &ask("ZZZZ-ZZZZ", "31 9999")).await);
    assert!(e.message_for("codigo_video").is_some());
    assert_eq!(
        rc::check_state(&db, SLUG, None).await.unwrap(),
        CheckState::Unknown
    );

    // The request; the staff sees it with the contact; entering before the decision is refused.
    let secret = rc::request_check(
        &db,
        SLUG,
        &ask(&r.code.to_lowercase(), "WhatsApp (31) 99999-0000"),
    )
    .await
    .unwrap();
    assert_eq!(
        rc::check_state(&db, SLUG, Some(&secret)).await.unwrap(),
        CheckState::Pending("Zé Sem Email".into())
    );
    assert!(refusal(rc::enter(&db, SLUG, Some(&secret)).await).contains("ainda não confirmou"));
    assert!(matches!(
        rc::pending_checks(&db, None, SLUG).await,
        Err(Fail::NeedsLogin)
    ));
    let list = rc::pending_checks(&db, Some(&com), SLUG).await.unwrap();
    assert_eq!(list.pending.len(), 1);
    assert_eq!(list.pending[0].contact, "WhatsApp (31) 99999-0000");
    // A second request of the same person replaces the first (the old device's secret is void).
    let again = rc::request_check(&db, SLUG, &ask(&r.code, "(31) 98888-0000"))
        .await
        .unwrap();
    assert_eq!(
        rc::check_state(&db, SLUG, Some(&secret)).await.unwrap(),
        CheckState::Unknown
    );
    let list = rc::pending_checks(&db, Some(&com), SLUG).await.unwrap();
    assert_eq!(list.pending.len(), 1);
    let id = list.pending[0].id.clone();

    // Confirmed: the contact is erased; the device enters once, credentialed online and paired.
    rc::decide_check(&db, Some(&com), SLUG, &id, true)
        .await
        .unwrap();
    assert!(
        refusal(rc::decide_check(&db, Some(&com), SLUG, &id, false).await)
            .contains("já foi decidido")
    );
    let v = store::entities::online_verification::Entity::find()
        .all(&db.conn)
        .await
        .unwrap();
    assert!(v.iter().all(|v| v.contact.is_none()));
    let device = rc::enter(&db, SLUG, Some(&again)).await.unwrap();
    assert!(refusal(rc::enter(&db, SLUG, Some(&again)).await).contains("já foi usado"));
    let home = dv::home(&db, SLUG, Some(&device)).await.unwrap();
    assert_eq!(home.display_name, "Zé Sem Email");
    assert!(
        home.presence.is_some(),
        "a remote device answers roll calls"
    );
    let c = testkit::conference_by_slug(&db, SLUG).await;
    let ck = checkin::Entity::find()
        .filter(checkin::Column::RegistrationId.eq(r.id))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((ck.method.as_str(), ck.conference_id), ("online", c.id));

    // Refused: the device is told so.
    let other = delegate(&db, &com, "Outra Pessoa", "").await;
    let s2 = rc::request_check(&db, SLUG, &ask(&other.code, "31 97777-0000"))
        .await
        .unwrap();
    let id2 = rc::pending_checks(&db, Some(&com), SLUG)
        .await
        .unwrap()
        .pending[0]
        .id
        .clone();
    rc::decide_check(&db, Some(&com), SLUG, &id2, false)
        .await
        .unwrap();
    assert_eq!(
        rc::check_state(&db, SLUG, Some(&s2)).await.unwrap(),
        CheckState::Refused
    );
    assert!(refusal(rc::enter(&db, SLUG, Some(&s2)).await).contains("não confirmou"));
});

fn ask_link(code: &str) -> RequestInput {
    RequestInput {
        codigo: code.into(),
        email: "ninguem@example.org".into(),
    }
}
