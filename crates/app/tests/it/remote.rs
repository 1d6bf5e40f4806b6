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
