//! Destaques on the draft's articles: raised at the table or from a phone, withdrawn, shown.

use super::*;
use store::entities::destaque::DestaqueStatus;

#[derive(Debug, Clone, Serialize)]
pub struct DestaqueView {
    pub id: String,
    pub article_number: i32,
    pub kind_label: String,
    pub proposed_text: Option<String>,
    pub raised_by: Option<String>,
    pub status_label: String,
    pub open: bool,
    pub vote: Option<VoteView>,
}

/// The conference's destaques by article and in the order they were raised, with their votes.
pub(super) async fn destaques_of(
    db: &Db,
    c: &conference::Model,
) -> store::Result<Vec<(destaque::Model, Option<VoteView>)>> {
    let ds = destaque::Entity::find()
        .filter(destaque::Column::ConferenceId.eq(c.id))
        .order_by_asc(destaque::Column::ArticleNumber)
        .order_by_asc(destaque::Column::CreatedAt)
        .all(&db.conn)
        .await?;
    let mut out = Vec::new();
    for d in ds {
        let v = vote_view_of(&db.conn, d.vote_id, tz_of(c)).await?;
        out.push((d, v));
    }
    Ok(out)
}

/// A destaque as the console and the public page show it.
pub(super) fn destaque_view(d: &destaque::Model, vote: Option<VoteView>) -> DestaqueView {
    DestaqueView {
        id: d.id.to_string(),
        article_number: d.article_number,
        kind_label: if d.kind == "suppress" {
            "suprimir o artigo".into()
        } else {
            "modificar o texto".into()
        },
        proposed_text: d.proposed_text.clone(),
        raised_by: d.raised_by.clone(),
        status_label: match d.status.code() {
            "approved" => "aprovado",
            "rejected" => "rejeitado: o texto da minuta fica",
            "withdrawn" => "retirado por quem pediu, sem votação",
            _ => "aguardando votação",
        }
        .into(),
        open: d.status == DestaqueStatus::Open,
        vote,
    }
}

/// A destaque as typed at the table.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DestaqueInput {
    #[serde(default)]
    pub article: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub proposed_text: String,
    #[serde(default)]
    pub raised_by: String,
}

/// Records a destaque raised by hand on an article of the draft.
pub async fn add_destaque(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &DestaqueInput,
) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let (raised_by, recorded_by) = crate::plenary::by_hand(me, &i.raised_by);
    record_destaque(db, &c, i, raised_by, recorded_by).await
}

/// Checks and stores a destaque (from the table or from a delegate's phone).
pub(crate) async fn record_destaque(
    db: &Db,
    c: &conference::Model,
    i: &DestaqueInput,
    raised_by: Option<String>,
    recorded_by: Option<Uuid>,
) -> Result<(), Fail> {
    let draft = crate::setup::conference::regimento(db, c.id).await?;
    let mut inv = Invalid::default();
    let article = match i.article.trim().parse::<i32>() {
        Ok(n) => draft.iter().find(|a| a.number == n),
        Err(_) => None,
    };
    if article.is_none() {
        inv.push(FieldError::new(
            "article",
            "Escolha o artigo da minuta que recebeu o destaque",
        ));
    }
    let kind = inv.take(DestaqueKind::parse(&i.kind, &i.proposed_text));
    check_raised_by(raised_by.as_deref(), &mut inv);
    if is_approved(&db.conn, c.id).await? {
        inv.push(FieldError::new(
            "form",
            "O regimento já foi aprovado: não cabem novos destaques",
        ));
    }
    inv.into_result()?;
    let (Some(article), Some(kind)) = (article, kind) else {
        unreachable!("errors returned above")
    };
    let tx = db.write().await?;
    destaque::Entity::insert(destaque::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(c.id),
        article_number: Set(article.number),
        draft_text: Set(article.text.clone()),
        kind: Set(kind.code().into()),
        proposed_text: Set(match &kind {
            DestaqueKind::Modify(t) => Some(t.clone()),
            DestaqueKind::Suppress => None,
        }),
        raised_by: Set(raised_by),
        recorded_by: Set(recorded_by),
        status: Set(DestaqueStatus::Open),
        vote_id: Set(None),
        created_at: Set(Utc::now()),
    })
    .exec(&tx)
    .await?;
    commit_and_signal(tx, c.id).await
}

/// Withdraws an open destaque (the delegate gave it up at the microphone): it is kept, marked
/// withdrawn, and not voted.
pub async fn withdraw_destaque(db: &Db, me: Option<&Me>, slug: &str, id: &str) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let id = Uuid::parse_str(id).map_err(|_| Fail::NotFound)?;
    let tx = db.write().await?;
    let d = of_conference(&tx, destaque::Column::ConferenceId, c.id, id).await?;
    refuse_unless(
        d.status == DestaqueStatus::Open,
        "Só um destaque ainda não votado pode ser retirado",
    )?;
    let mut am = d.into_active_model();
    am.status = Set(DestaqueStatus::Withdrawn);
    am.update(&tx).await?;
    commit_and_signal(tx, c.id).await
}

/// An open destaque of the conference, or why it cannot be voted.
pub(crate) async fn open_destaque(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    id: Uuid,
) -> Result<destaque::Model, Fail> {
    let d = of_conference(tx, destaque::Column::ConferenceId, c.id, id).await?;
    refuse_unless(
        d.status == DestaqueStatus::Open,
        "Este destaque já foi votado: a votação não se repete",
    )?;
    Ok(d)
}

/// The conference's destaques on the draft waiting for their vote.
pub(super) async fn open_destaques(
    db: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<Vec<destaque::Model>> {
    Ok(destaque::Entity::find()
        .filter(destaque::Column::ConferenceId.eq(c.id))
        .filter(destaque::Column::Status.eq(destaque::DestaqueStatus::Open))
        .all(db)
        .await?)
}
