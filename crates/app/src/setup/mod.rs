pub mod categories;
pub mod conference;
pub mod documents;
pub(crate) mod options;
pub mod orientation;
pub mod programme;
pub mod public;

use crate::Fail;
use crate::platform::auth::{Me, authorize};
use domain::policy::Action;
use store::Db;
use uuid::Uuid;

/// What the public page shows of a conference (`view` of its id), for the commission's forms:
/// only to who may edit the conference.
pub(crate) async fn for_staff<T, F>(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    view: impl FnOnce(Uuid) -> F,
) -> Result<T, Fail>
where
    F: Future<Output = store::Result<T>>,
{
    let c = authorize(db, me, slug, Action::EditConference).await?;
    Ok(view(c.id).await?)
}
