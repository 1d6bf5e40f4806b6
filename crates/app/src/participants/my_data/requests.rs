//! Correction requests: asked by the person, answered by the secretariat and the commission.

use super::*;

/// Stores a correction request from the person holding `access`; returns their data again (with
/// the new request listed and a fresh access).
pub async fn request_correction(
    db: &Db,
    slug: &str,
    access: &str,
    input: &CorrectionInput,
) -> Result<MyData, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let r = open_access(db, &c, access).await?;
    let mut inv = Invalid::default();
    let mut labels = Vec::new();
    for f in &input.fields {
        match CORRECTABLE.iter().find(|(code, _)| code == f) {
            Some((_, l)) if !labels.contains(l) => labels.push(*l),
            Some(_) => {}
            None => inv.push(FieldError::new("campos", "Escolha os dados da lista")),
        }
    }
    let text = inv.take(domain::values::required_multiline(
        "texto",
        "o que está errado e como deve ficar",
        &input.text,
        MAX_TEXT,
    ));
    let open = data_request::Entity::find()
        .filter(data_request::Column::RegistrationId.eq(r.id))
        .filter(data_request::Column::Status.eq(RequestStatus::Open))
        .count(&db.conn)
        .await?;
    if open >= MAX_OPEN_REQUESTS {
        inv.push(FieldError::new(
            "texto",
            format!(
                "Você já tem {open} pedidos esperando resposta. Aguarde a resposta ou procure a secretaria do conselho."
            ),
        ));
    }
    let Some(text) = text else {
        return Err(inv.into());
    };
    inv.into_result()?;
    let text = if labels.is_empty() {
        text
    } else {
        format!("Dados a corrigir: {}.\n\n{text}", labels.join(", "))
    };
    let tx = db.write().await?;
    data_request::Entity::insert(data_request::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(c.id),
        registration_id: Set(r.id),
        kind: Set("correction".into()),
        text: Set(text),
        status: Set(RequestStatus::Open),
        created_at: Set(Utc::now()),
        handled_by: Set(None),
        handled_at: Set(None),
        response: Set(None),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    tracing::info!(registration = %r.id, "data correction requested");
    Ok(gather(db, &c, &r).await?)
}

/// One request on the staff page.
#[derive(Clone, Serialize)]
pub struct RequestItem {
    pub id: String,
    pub created_at: String,
    pub display_name: String,
    pub registration_code: String,
    pub kind: String,
    pub text: String,
    pub done: bool,
    pub handled_at: Option<String>,
    pub handled_by: Option<String>,
    pub response: Option<String>,
    /// The answer goes by e-mail.
    pub has_email: bool,
}

impl std::fmt::Debug for RequestItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestItem")
            .field("id", &self.id)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Requests {
    pub slug: String,
    pub title: String,
    pub open: Vec<RequestItem>,
    pub handled: Vec<RequestItem>,
}

/// The data requests of a conference, open first (oldest first), then the handled ones.
pub async fn requests(db: &Db, me: Option<&Me>, slug: &str) -> Result<Requests, Fail> {
    let c = authorize(db, me, slug, Action::HandleDataRequests).await?;
    let tz = crate::setup::conference::tz_of(&c);
    let rows = data_request::Entity::find()
        .filter(data_request::Column::ConferenceId.eq(c.id))
        .order_by_asc(data_request::Column::CreatedAt)
        .all(&db.conn)
        .await?;
    let mut open = Vec::new();
    let mut handled = Vec::new();
    for q in rows {
        let r = registration::Entity::find_by_id(q.registration_id)
            .one(&db.conn)
            .await?;
        let by = match q.handled_by {
            Some(a) => account::Entity::find_by_id(a)
                .one(&db.conn)
                .await?
                .map(|a| a.display_name),
            None => None,
        };
        let item = RequestItem {
            id: q.id.to_string(),
            created_at: local(q.created_at, tz),
            display_name: r
                .as_ref()
                .map(|r| r.display_name().to_owned())
                .unwrap_or_default(),
            registration_code: r.as_ref().map(|r| r.code.clone()).unwrap_or_default(),
            kind: kind_label(&q.kind).into(),
            text: q.text,
            done: q.status == RequestStatus::Done,
            handled_at: q.handled_at.map(|t| local(t, tz)),
            handled_by: by,
            response: q.response,
            has_email: r.as_ref().is_some_and(|r| r.email.is_some()),
        };
        if item.done {
            handled.push(item);
        } else {
            open.push(item);
        }
    }
    handled.reverse();
    Ok(Requests {
        slug: c.slug,
        title: c.title,
        open,
        handled,
    })
}

/// The form field of the response to request `id` (several forms share a page).
pub fn response_field(id: &str) -> String {
    format!("resposta-{id}")
}

/// Marks a request as handled with a short response; e-mails the person when they gave an
/// e-mail. Only once: a second answer is refused.
pub async fn handle(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    response: &str,
) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::HandleDataRequests).await?;
    let id = Uuid::parse_str(id.trim()).map_err(|_| Fail::NotFound)?;
    let q = data_request::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .filter(|q| q.conference_id == c.id)
        .ok_or(Fail::NotFound)?;
    let field = response_field(&q.id.to_string());
    if q.status == RequestStatus::Done {
        return Err(FieldError::new(field, "Este pedido já foi atendido").into());
    }
    let response =
        domain::values::required_multiline(&field, "a resposta", response, MAX_RESPONSE)?;
    let r = registration::Entity::find_by_id(q.registration_id)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let now = Utc::now();
    let tx = db.write().await?;
    let done = data_request::Entity::update_many()
        .col_expr(
            data_request::Column::Status,
            sea_orm::sea_query::Expr::value(RequestStatus::Done),
        )
        .col_expr(
            data_request::Column::HandledAt,
            sea_orm::sea_query::Expr::value(Some(now)),
        )
        .col_expr(
            data_request::Column::HandledBy,
            sea_orm::sea_query::Expr::value(me.map(|m| m.account.id)),
        )
        .col_expr(
            data_request::Column::Response,
            sea_orm::sea_query::Expr::value(Some(response.clone())),
        )
        .filter(data_request::Column::Id.eq(q.id))
        .filter(data_request::Column::Status.eq(RequestStatus::Open))
        .exec(&tx)
        .await?;
    if done.rows_affected != 1 {
        tx.rollback().await?;
        return Err(FieldError::new(field, "Este pedido já foi atendido").into());
    }
    if let Some(to) = &r.email {
        let tz = crate::setup::conference::tz_of(&c);
        let text = format!(
            "Seu pedido sobre os seus dados na {}, feito em {}, foi atendido.\n\nResposta da equipe:\n{response}\n\nPara conferir seus dados, abra a página \"Meus dados\" da conferência e informe seu código de inscrição.",
            c.title,
            local(q.created_at, tz),
        );
        crate::participants::mail_participant(
            &tx,
            (to, &format!("Seu pedido foi atendido: {}", c.title)),
            r.display_name(),
            &text,
        )
        .await?;
    }
    crate::participants::commit_mailing(tx, r.email.is_some()).await?;
    tracing::info!(request = %q.id, "data request handled");
    Ok(())
}

/// Requests of a conference still open (for counts on staff pages and tests).
pub async fn open_count(db: &Db, conference_id: Uuid) -> store::Result<u64> {
    Ok(data_request::Entity::find()
        .filter(data_request::Column::ConferenceId.eq(conference_id))
        .filter(data_request::Column::Status.eq(RequestStatus::Open))
        .count(&db.conn)
        .await?)
}
