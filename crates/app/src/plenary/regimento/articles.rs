//! The regimento's text: the draft on the console with its destaques, the approved version,
//! the public page.

use super::*;
use store::entities::destaque::DestaqueStatus;

#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub number: i32,
    pub chapter: Option<String>,
    pub text: String,
    pub destaques: Vec<DestaqueView>,
}

/// The approved regimento.
#[derive(Debug, Clone, Serialize)]
pub struct Approved {
    pub version: i32,
    pub approved_at: String,
    pub articles: Vec<Article>,
    pub vote: Option<VoteView>,
}

/// The operator's console for the regimento.
#[derive(Debug, Clone, Serialize)]
pub struct Console {
    pub slug: String,
    pub title: String,
    pub articles: Vec<ArticleView>,
    pub present: u32,
    pub credentialed: u32,
    pub quorum_min: u32,
    /// Why no vote can be recorded now (no quorum), if so.
    pub quorum_problem: Option<String>,
    pub open_destaques: usize,
    pub approved: Option<Approved>,
    pub rule_label: String,
    /// The electronic vote open now, if any.
    pub open_vote: Option<crate::plenary::voting::OpenVote>,
    /// Points of order waiting or being answered: first at the table.
    pub order_points: Vec<crate::plenary::final_plenary::OrderPointView>,
}

/// An article as an approved version stores it (JSON).
#[derive(Serialize, Deserialize)]
pub(super) struct StoredArticle {
    number: i32,
    chapter: Option<String>,
    text: String,
}

impl From<Article> for StoredArticle {
    fn from(a: Article) -> Self {
        StoredArticle {
            number: a.number,
            chapter: a.chapter,
            text: a.text,
        }
    }
}

impl From<StoredArticle> for Article {
    fn from(a: StoredArticle) -> Self {
        Article {
            number: a.number,
            chapter: a.chapter,
            text: a.text,
        }
    }
}

/// The conference's latest approved version of the regimento, if any.
pub(super) async fn latest_version(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Option<regimento_version::Model>> {
    Ok(regimento_version::Entity::find()
        .filter(regimento_version::Column::ConferenceId.eq(conference_id))
        .order_by_desc(regimento_version::Column::Version)
        .one(db)
        .await?)
}

/// Whether the conference's regimento was approved (the draft is then frozen).
pub async fn is_approved(db: &impl ConnectionTrait, conference_id: Uuid) -> store::Result<bool> {
    Ok(latest_version(db, conference_id).await?.is_some())
}

async fn approved_of(db: &Db, c: &conference::Model) -> store::Result<Option<Approved>> {
    let Some(v) = latest_version(&db.conn, c.id).await? else {
        return Ok(None);
    };
    let stored: Vec<StoredArticle> = serde_json::from_str(&v.articles).unwrap_or_default();
    let vote = vote_view_of(&db.conn, Some(v.vote_id), tz_of(c)).await?;
    Ok(Some(Approved {
        version: v.version,
        approved_at: local_time(v.approved_at, tz_of(c)),
        articles: stored.into_iter().map(Article::from).collect(),
        vote,
    }))
}

/// The console: the draft with its destaques, attendance and quorum, the approved version.
pub async fn console(db: &Db, me: Option<&Me>, slug: &str) -> Result<Console, Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let draft = crate::setup::conference::regimento(db, c.id).await?;
    let ds = destaques_of(db, &c).await?;
    let room = attendance(&db.conn, &c).await?;
    let open_destaques = ds
        .iter()
        .filter(|(d, _)| d.status == DestaqueStatus::Open)
        .count();
    Ok(Console {
        articles: draft
            .into_iter()
            .map(|a| ArticleView {
                destaques: ds
                    .iter()
                    .filter(|(d, _)| d.article_number == a.number)
                    .map(|(d, v)| destaque_view(d, v.clone()))
                    .collect(),
                number: a.number,
                chapter: a.chapter,
                text: a.text,
            })
            .collect(),
        present: room.present(),
        credentialed: room.credentialed,
        quorum_min: room.quorum_min(),
        quorum_problem: room.check_quorum().err().map(|e| e.message),
        open_destaques,
        approved: approved_of(db, &c).await?,
        rule_label: room.rules.quorum.label(),
        open_vote: crate::plenary::voting::open_view(db, &c).await?,
        order_points: crate::plenary::final_plenary::open_orders(&db.conn, &c).await?,
        slug: c.slug,
        title: c.title,
    })
}

/// The public regimento: the approved version with the destaques and votes that shaped it, or
/// the draft while there is none.
#[derive(Debug, Clone, Serialize)]
pub struct PublicRegimento {
    pub approved: Option<Approved>,
    /// The approved articles with each chapter heading given once, where it starts.
    pub headed: Vec<(Option<String>, Article)>,
    pub destaques: Vec<DestaqueView>,
}

pub async fn public_regimento(db: &Db, conference_id: Uuid) -> Result<PublicRegimento, Fail> {
    let c = conference::Entity::find_by_id(conference_id)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let approved = approved_of(db, &c).await?;
    let destaques = if approved.is_some() {
        destaques_of(db, &c)
            .await?
            .into_iter()
            .map(|(d, v)| DestaqueView {
                // Who raised it stays with the minutes, not on the public page.
                raised_by: None,
                ..destaque_view(&d, v)
            })
            .collect()
    } else {
        Vec::new()
    };
    let headed = with_headings(approved.iter().flat_map(|a| a.articles.iter().cloned()));
    Ok(PublicRegimento {
        approved,
        headed,
        destaques,
    })
}

/// Each article with its chapter's heading where the chapter starts (given once), as the public
/// pages print a regimento.
pub(crate) fn with_headings(
    articles: impl IntoIterator<Item = Article>,
) -> Vec<(Option<String>, Article)> {
    let mut last: Option<String> = None;
    articles
        .into_iter()
        .map(|a| {
            let heading = if a.chapter != last {
                last = a.chapter.clone();
                a.chapter.clone()
            } else {
                None
            };
            (heading, a)
        })
        .collect()
}

/// The regimento's draft to vote, or why there is none (the commission has not published it).
pub(crate) async fn published_draft(db: &Db, c: &conference::Model) -> Result<Vec<Article>, Fail> {
    let draft = crate::setup::conference::regimento(db, c.id).await?;
    refuse_unless(
        !draft.is_empty(),
        "Não há minuta do regimento: a comissão organizadora precisa publicá-la antes",
    )?;
    Ok(draft)
}
