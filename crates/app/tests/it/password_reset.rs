//! Password reset through the mail outbox, on both databases: the whole flow, no account
//! enumeration, rate limit, the outbox worker (files, retries, two workers at once) and logs.

use app::platform::accounts::{LoginOutcome, ResetOutcome, ResetRequest};
use app::platform::mail::{Mailer, deliver_pending};
use chrono::{Duration, Utc};
use conferencia_app as app;
use domain::values::NewPassword;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use store::entities::{account, mail_outbox, password_reset};
use testkit::both_dbs;

const PUBLIC: &str = "https://conferencias.example.org/";
const OLD_PW: &str = "senha-antiga-123";
const FROM: &str = "Conferências <nao-responda@conferencia.local>";

async fn account(db: &app::Db, email: Option<&str>, username: Option<&str>) -> account::Model {
    let a = account::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        email: Set(email.map(str::to_owned)),
        username: Set(username.map(str::to_owned)),
        display_name: Set("Maria da Silva".into()),
        password_hash: Set(app::demo::seed::hash_password(OLD_PW).unwrap()),
        disabled: Set(false),
        must_change_password: Set(false),
        created_at: Set(Utc::now()),
    };
    account::Entity::insert(a.clone())
        .exec(&db.conn)
        .await
        .unwrap();
    account::Entity::find_by_id(a.id.unwrap())
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap()
}

async fn outbox(db: &app::Db) -> Vec<mail_outbox::Model> {
    mail_outbox::Entity::find().all(&db.conn).await.unwrap()
}

/// The token in the link of a reset e-mail body.
fn token_in(body: &str) -> String {
    let at = body.find("/senha/nova?token=").expect("reset link in body") + 18;
    let t: String = body[at..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    assert_eq!(t.len(), 64, "a 32-byte token in hex");
    t
}

fn pw(p: &str) -> NewPassword {
    NewPassword::parse(p).unwrap()
}

async fn logs_in(db: &app::Db, login: &str, password: &str) -> bool {
    matches!(
        app::platform::accounts::login(db, login, password)
            .await
            .unwrap(),
        LoginOutcome::Ok(_)
    )
}

both_dbs!(reset_flow_end_to_end, |db| async move {
    let acc = account(&db, Some("maria@exemplo.org"), None).await;
    let LoginOutcome::Ok(session) =
        app::platform::accounts::login(&db, "maria@exemplo.org", OLD_PW)
            .await
            .unwrap()
    else {
        panic!("login with the old password")
    };

    let r = app::platform::accounts::request_password_reset(&db, PUBLIC, "  Maria@Exemplo.org ")
        .await
        .unwrap();
    assert_eq!(r, ResetRequest::Accepted);
    let mails = outbox(&db).await;
    assert_eq!(mails.len(), 1);
    let m = &mails[0];
    assert_eq!(m.to_addr, "maria@exemplo.org");
    assert_eq!(m.subject, app::platform::accounts::RESET_SUBJECT);
    assert!(m.sent_at.is_none() && m.attempts == 0);
    assert!(m.body.starts_with("Olá, Maria da Silva."), "{}", m.body);
    assert!(
        m.body
            .contains("https://conferencias.example.org/senha/nova?token="),
        "link from the public URL without a double slash: {}",
        m.body
    );
    let token = token_in(&m.body);

    // Only the SHA-256 of the token is stored, with a one-hour expiry.
    let resets = password_reset::Entity::find().all(&db.conn).await.unwrap();
    assert_eq!(resets.len(), 1);
    assert_ne!(resets[0].token_hash, token);
    assert_eq!(resets[0].token_hash.len(), 64);
    assert_eq!(resets[0].account_id, acc.id);
    let ttl = resets[0].expires_at - resets[0].created_at;
    assert_eq!(ttl, Duration::minutes(60));
    assert!(
        app::platform::accounts::reset_token_valid(&db, &token)
            .await
            .unwrap()
    );

    assert_eq!(
        app::platform::accounts::reset_password(&db, &token, &pw("nova-senha-forte-1"))
            .await
            .unwrap(),
        ResetOutcome::Done
    );
    assert!(!logs_in(&db, "maria@exemplo.org", OLD_PW).await);
    assert!(logs_in(&db, "maria@exemplo.org", "nova-senha-forte-1").await);
    assert!(
        app::platform::accounts::current(&db, &session)
            .await
            .unwrap()
            .is_none(),
        "the sessions of before the reset are gone"
    );
    let stored = account::Entity::find_by_id(acc.id)
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert!(stored.password_hash.starts_with("$argon2id$"));

    // Single use.
    assert!(
        !app::platform::accounts::reset_token_valid(&db, &token)
            .await
            .unwrap()
    );
    assert_eq!(
        app::platform::accounts::reset_password(&db, &token, &pw("outra-senha-forte-2"))
            .await
            .unwrap(),
        ResetOutcome::InvalidToken
    );
    assert!(logs_in(&db, "maria@exemplo.org", "nova-senha-forte-1").await);

    // Expired.
    app::platform::accounts::request_password_reset(&db, PUBLIC, "maria@exemplo.org")
        .await
        .unwrap();
    let mails = outbox(&db).await;
    assert_eq!(mails.len(), 2);
    let second = mails
        .iter()
        .map(|m| token_in(&m.body))
        .find(|t| *t != token)
        .unwrap();
    password_reset::Entity::update_many()
        .col_expr(
            password_reset::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(Utc::now() - Duration::seconds(1)),
        )
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(&db.conn)
        .await
        .unwrap();
    assert!(
        !app::platform::accounts::reset_token_valid(&db, &second)
            .await
            .unwrap()
    );
    assert_eq!(
        app::platform::accounts::reset_password(&db, &second, &pw("outra-senha-forte-2"))
            .await
            .unwrap(),
        ResetOutcome::InvalidToken
    );
    assert!(logs_in(&db, "maria@exemplo.org", "nova-senha-forte-1").await);

    // Garbage tokens.
    for t in ["", "abc", &"z".repeat(64), &"0".repeat(64)] {
        assert_eq!(
            app::platform::accounts::reset_password(&db, t, &pw("outra-senha-forte-2"))
                .await
                .unwrap(),
            ResetOutcome::InvalidToken
        );
    }
});

both_dbs!(
    a_reset_voids_other_links_and_unlocks_login,
    |db| async move {
        account(&db, Some("jose@exemplo.org"), Some("jose.silva")).await;
        for _ in 0..app::platform::accounts::LOGIN_LIMIT {
            app::platform::accounts::login(&db, "jose@exemplo.org", "errada-123456")
                .await
                .unwrap();
        }
        assert_eq!(
            app::platform::accounts::login(&db, "jose@exemplo.org", OLD_PW)
                .await
                .unwrap(),
            LoginOutcome::TooManyAttempts
        );
        for _ in 0..2 {
            app::platform::accounts::request_password_reset(&db, PUBLIC, "jose@exemplo.org")
                .await
                .unwrap();
        }
        let tokens: Vec<String> = outbox(&db)
            .await
            .iter()
            .map(|m| token_in(&m.body))
            .collect();
        assert_eq!(tokens.len(), 2);
        assert_eq!(
            app::platform::accounts::reset_password(&db, &tokens[1], &pw("nova-senha-forte-1"))
                .await
                .unwrap(),
            ResetOutcome::Done
        );
        assert_eq!(
            app::platform::accounts::reset_password(&db, &tokens[0], &pw("outra-senha-forte-2"))
                .await
                .unwrap(),
            ResetOutcome::InvalidToken,
            "the older link died with the reset"
        );
        assert!(logs_in(&db, "jose@exemplo.org", "nova-senha-forte-1").await);
    }
);

both_dbs!(no_enumeration_and_rate_limit, |db| async move {
    account(&db, Some("ana@exemplo.org"), None).await;
    account(&db, None, Some("articulador.norte")).await;
    let disabled = account(&db, Some("inativa@exemplo.org"), None).await;
    let mut d: account::ActiveModel = disabled.into();
    d.disabled = Set(true);
    account::Entity::update(d).exec(&db.conn).await.unwrap();

    // Unknown and disabled addresses get the same answer and nothing is sent.
    for who in ["ninguem@exemplo.org", "inativa@exemplo.org"] {
        assert_eq!(
            app::platform::accounts::request_password_reset(&db, PUBLIC, who)
                .await
                .unwrap(),
            ResetRequest::Accepted
        );
    }
    assert!(outbox(&db).await.is_empty());
    assert_eq!(
        password_reset::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
        0
    );

    // Usernames cannot reset by e-mail; bad input is a field error.
    assert_eq!(
        app::platform::accounts::request_password_reset(&db, PUBLIC, "articulador.norte")
            .await
            .unwrap(),
        ResetRequest::AskSecretariat
    );
    for bad in ["", "   ", "ana@", "ana@exemplo"] {
        let ResetRequest::Invalid(e) =
            app::platform::accounts::request_password_reset(&db, PUBLIC, bad)
                .await
                .unwrap()
        else {
            panic!("{bad:?} is invalid")
        };
        assert_eq!(e.field, "email");
    }
    assert!(outbox(&db).await.is_empty());

    // At most RESET_LIMIT e-mails per address per window; the answer does not change.
    for _ in 0..app::platform::accounts::RESET_LIMIT + 2 {
        assert_eq!(
            app::platform::accounts::request_password_reset(&db, PUBLIC, "ana@exemplo.org")
                .await
                .unwrap(),
            ResetRequest::Accepted
        );
    }
    assert_eq!(
        outbox(&db).await.len(),
        app::platform::accounts::RESET_LIMIT as usize
    );
    assert_eq!(
        password_reset::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
        app::platform::accounts::RESET_LIMIT as u64
    );
});

fn temp_dir(tag: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!(
        "conferencia-mail-{tag}-{}",
        uuid::Uuid::now_v7().simple()
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn eml_files(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// Undoes quoted-printable soft line breaks and `=XX` escapes.
fn unquote(qp: &str) -> String {
    let s = qp.replace("=\r\n", "").replace("=\n", "");
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'='
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

both_dbs!(worker_delivers_each_mail_once_into_files, |db| async move {
    for (i, who) in ["a@exemplo.org", "b@exemplo.org", "c@exemplo.org"]
        .iter()
        .enumerate()
    {
        account(&db, Some(who), None).await;
        assert_eq!(
            app::platform::accounts::request_password_reset(&db, PUBLIC, who)
                .await
                .unwrap(),
            ResetRequest::Accepted,
            "{i}"
        );
    }
    let dir = temp_dir("files");
    let one = Mailer::file(&dir, FROM).unwrap();
    let two = Mailer::file(&dir, FROM).unwrap();
    // Two workers at once (as two server instances would): every e-mail goes out exactly once.
    let (x, y) = tokio::join!(deliver_pending(&db, &one), deliver_pending(&db, &two));
    let (x, y) = (x.unwrap(), y.unwrap());
    assert_eq!(x.sent + y.sent, 3, "{x:?} {y:?}");
    assert_eq!(x.failed + y.failed, 0);
    let files = eml_files(&dir);
    assert_eq!(files.len(), 3);
    for m in outbox(&db).await {
        assert!(m.sent_at.is_some());
        assert_eq!(m.attempts, 1);
        assert!(m.last_error.is_none());
    }
    assert_eq!(
        deliver_pending(&db, &one).await.unwrap(),
        app::platform::mail::Delivery::default(),
        "nothing is sent twice"
    );
    assert_eq!(eml_files(&dir).len(), 3);

    let mail = files
        .iter()
        .find(|f| f.contains("To: a@exemplo.org"))
        .expect("the e-mail to a@");
    assert!(
        mail.contains("From: =?utf-8?") || mail.contains("From: \"Conf"),
        "{mail}"
    );
    let ids: Vec<String> = outbox(&db)
        .await
        .iter()
        .map(|m| format!("Message-ID: <{}@conferencia.local>", m.id))
        .collect();
    assert!(ids.iter().any(|id| mail.contains(id.as_str())), "{mail}");
    assert!(
        mail.contains("Content-Type: text/plain; charset=utf-8"),
        "{mail}"
    );
    let text = unquote(mail);
    assert!(text.contains("Para criar uma nova senha"), "{text}");
    let token = token_in(&text);
    assert!(
        app::platform::accounts::reset_token_valid(&db, &token)
            .await
            .unwrap()
    );
    std::fs::remove_dir_all(dir).unwrap();
});

both_dbs!(worker_retries_with_backoff_then_gives_up, |db| async move {
    let tx = db.write().await.unwrap();
    let id = app::platform::mail::enqueue(&tx, "falha@exemplo.org", "Assunto", "Corpo")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    // Nothing listens on port 1 of the loopback: every attempt fails at once.
    let down = Mailer::smtp("smtp://127.0.0.1:1", FROM).unwrap();
    assert_eq!(down.describe(), "SMTP");
    let d = deliver_pending(&db, &down).await.unwrap();
    assert_eq!((d.sent, d.failed), (0, 1));
    let row = mail_outbox::Entity::find_by_id(id)
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.attempts, 1);
    assert!(row.sent_at.is_none());
    let err = row.last_error.clone().expect("the error is kept");
    assert!(!err.contains("falha@exemplo.org"), "{err}");
    let next = row.next_attempt_at.expect("a retry is scheduled");
    assert!(
        next > Utc::now() + Duration::seconds(50),
        "backoff of about a minute"
    );

    // Not due yet: the next run leaves it alone.
    assert_eq!(
        deliver_pending(&db, &down).await.unwrap(),
        app::platform::mail::Delivery::default()
    );

    // Once due again it is retried; after the last attempt it is given up.
    let mut a: mail_outbox::ActiveModel = row.into();
    a.attempts = Set(app::platform::mail::MAX_ATTEMPTS - 1);
    a.next_attempt_at = Set(Some(Utc::now() - Duration::seconds(1)));
    mail_outbox::Entity::update(a).exec(&db.conn).await.unwrap();
    let d = deliver_pending(&db, &down).await.unwrap();
    assert_eq!(d.failed, 1);
    let row = mail_outbox::Entity::find_by_id(id)
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.attempts, app::platform::mail::MAX_ATTEMPTS);
    assert!(row.next_attempt_at.is_none() && row.sent_at.is_none());
    let mut a: mail_outbox::ActiveModel = row.into();
    a.next_attempt_at = Set(Some(Utc::now() - Duration::hours(1)));
    mail_outbox::Entity::update(a).exec(&db.conn).await.unwrap();
    let dir = temp_dir("giveup");
    let files = Mailer::file(&dir, FROM).unwrap();
    assert_eq!(
        deliver_pending(&db, &files).await.unwrap(),
        app::platform::mail::Delivery::default(),
        "no attempt past the maximum"
    );

    // A row claimed by another worker (lease in the future) is not sent.
    let tx = db.write().await.unwrap();
    let leased = app::platform::mail::enqueue(&tx, "lease@exemplo.org", "Assunto", "Corpo")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    mail_outbox::Entity::update_many()
        .col_expr(
            mail_outbox::Column::NextAttemptAt,
            sea_orm::sea_query::Expr::value(Utc::now() + Duration::minutes(2)),
        )
        .col_expr(
            mail_outbox::Column::Attempts,
            sea_orm::sea_query::Expr::value(1),
        )
        .filter(mail_outbox::Column::Id.eq(leased))
        .exec(&db.conn)
        .await
        .unwrap();
    assert_eq!(
        deliver_pending(&db, &files).await.unwrap(),
        app::platform::mail::Delivery::default()
    );
    assert!(eml_files(&dir).is_empty());
    std::fs::remove_dir_all(dir).unwrap();
});

#[test]
fn mailer_settings() {
    let dir = temp_dir("settings");
    let m = Mailer::from_settings(None, dir.join("sub"), FROM).unwrap();
    assert!(m.describe().contains("sub"));
    assert!(dir.join("sub").is_dir(), "the folder is created");
    assert!(
        Mailer::from_settings(Some("  "), &dir, FROM)
            .unwrap()
            .describe()
            .starts_with("arquivos .eml em"),
        "a blank SMTP URL means files"
    );
    let e = Mailer::smtp("http://user:segredo@host", FROM)
        .err()
        .unwrap();
    assert!(!e.to_string().contains("segredo"), "{e}");
    assert!(Mailer::file(&dir, "sem endereço").is_err());
    std::fs::remove_dir_all(dir).unwrap();
}

/// Everything logged by this test binary, at every level.
fn captured_logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let sink = buf.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || Sink(sink.clone()))
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("one global subscriber");
        buf
    })
    .clone()
}

struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

both_dbs!(no_token_or_address_in_logs, |db| async move {
    let logs = captured_logs();
    account(&db, Some("sigilo@exemplo.org"), None).await;
    app::platform::accounts::request_password_reset(&db, PUBLIC, "sigilo@exemplo.org")
        .await
        .unwrap();
    let token = token_in(&outbox(&db).await[0].body);
    let dir = temp_dir("logs");
    let d = deliver_pending(&db, &Mailer::file(&dir, FROM).unwrap())
        .await
        .unwrap();
    assert_eq!(d.sent, 1);
    let tx = db.write().await.unwrap();
    app::platform::mail::enqueue(
        &tx,
        "sigilo@exemplo.org",
        "Assunto",
        &format!("token {token}"),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let down = Mailer::smtp("smtp://127.0.0.1:1", FROM).unwrap();
    assert_eq!(deliver_pending(&db, &down).await.unwrap().failed, 1);
    app::platform::accounts::reset_password(&db, &token, &pw("nova-senha-forte-1"))
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&logs.lock().unwrap()).into_owned();
    assert!(text.contains("e-mail sent"), "the worker logs: {text}");
    assert!(
        text.contains("will retry"),
        "the worker logs failures: {text}"
    );
    assert!(!text.contains(&token), "the token is never logged");
    assert!(!text.contains("sigilo@exemplo.org"), "nor the address");
    assert!(!text.contains("nova-senha-forte-1"), "nor the password");
    std::fs::remove_dir_all(dir).unwrap();
});
