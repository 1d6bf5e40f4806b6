//! The public form: its input, where it comes from, its registration windows and choices, and the receipt.

use super::*;
use crate::setup::options::{eixo_options, territory_options, unit_options};

/// The registration form as typed. Checkbox lists come as repeated keys.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RegistrationInput {
    pub name: String,
    pub social_name: String,
    pub category: String,
    pub segment: String,
    pub seat: String,
    pub origin: String,
    pub represents: String,
    pub territory_id: String,
    pub unit_id: String,
    /// The eixo the person wants to work on in the working groups (an eixo id; blank = "tanto
    /// faz").
    pub preferred_eixo: String,
    pub cpf: String,
    pub email: String,
    pub phone: String,
    pub birth_date: String,
    pub trust_position: bool,
    pub needs: Vec<String>,
    pub needs_other: String,
    pub quotas: Vec<String>,
    /// Read the privacy notice and agree (self) / the person agreed (assisted).
    pub consent: bool,
    /// Specific, highlighted consent for the sensitive self-declarations (LGPD art. 11 I).
    pub sensitive_consent: bool,
    /// The random key the public form page carried (`chave`): the same form sent twice registers
    /// once ([`register_public`]).
    pub form_key: String,
}

impl RegistrationInput {
    /// From form pairs (repeated keys for checkboxes).
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let mut i = Self::default();
        for (k, v) in pairs {
            match k.as_str() {
                "name" => i.name = v.clone(),
                "social_name" => i.social_name = v.clone(),
                "category" => i.category = v.clone(),
                "segment" => i.segment = v.clone(),
                "seat" => i.seat = v.clone(),
                "origin" => i.origin = v.clone(),
                "represents" => i.represents = v.clone(),
                "territory_id" => i.territory_id = v.clone(),
                "unit_id" => i.unit_id = v.clone(),
                "preferred_eixo" => i.preferred_eixo = v.clone(),
                "cpf" => i.cpf = v.clone(),
                "email" => i.email = v.clone(),
                "phone" => i.phone = v.clone(),
                "birth_date" => i.birth_date = v.clone(),
                "trust_position" => i.trust_position = !v.is_empty(),
                "needs" => i.needs.push(v.clone()),
                "needs_other" => i.needs_other = v.clone(),
                "quotas" => i.quotas.push(v.clone()),
                "consent" => i.consent = !v.is_empty(),
                "sensitive_consent" => i.sensitive_consent = !v.is_empty(),
                "chave" => i.form_key = v.clone(),
                _ => {}
            }
        }
        i
    }
}

/// How a registration came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The person, on the public form (only while registration is open).
    SelfService,
    /// Staff for a person without phone or e-mail, with the person's consent.
    Assisted,
    /// At the desk on the day.
    WalkIn,
    /// From a spreadsheet the council keeps (`app::participants::import`); consent attested by the importer.
    Import,
    /// Elected at the conference of the stage before and carried here (`app::plenary::elections::carry`).
    Election,
}

impl Source {
    pub(super) fn code(self) -> &'static str {
        match self {
            Source::SelfService => "self",
            Source::Assisted => "assisted",
            Source::WalkIn => "walk_in",
            Source::Import => "import",
            Source::Election => "election",
        }
    }
}

/// When the public form is open: the conference's registration stages (not cancelled).
pub async fn registration_windows(
    db: &Db,
    conference_id: Uuid,
) -> store::Result<Vec<(DateTime<Utc>, DateTime<Utc>)>> {
    Ok(stage::Entity::find()
        .filter(stage::Column::ConferenceId.eq(conference_id))
        .filter(stage::Column::Kind.eq("registration"))
        .filter(stage::Column::Cancelled.eq(false))
        .order_by_asc(stage::Column::StartsAt)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|s| {
            (
                s.starts_at,
                s.ends_at.unwrap_or(s.starts_at + chrono::Duration::days(1)),
            )
        })
        .collect())
}

/// What the public registration page needs.
#[derive(Debug, Clone, Serialize)]
pub struct FormContext {
    pub slug: String,
    pub title: String,
    pub open: bool,
    /// The windows, as text in the conference zone.
    pub windows: Vec<String>,
    pub territories: Vec<(String, String)>,
    pub units: Vec<(String, String)>,
    /// (id, "Eixo N: title") for the preferred eixo.
    pub eixos: Vec<(String, String)>,
    /// (code, description with the conference's rights) for the category choice.
    pub categories: Vec<(String, String)>,
}

pub async fn form_context(db: &Db, slug: &str) -> Result<FormContext, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let tz = crate::setup::conference::tz_of(&c);
    let ws = registration_windows(db, c.id).await?;
    let now = Utc::now();
    let categories = crate::setup::categories::rights(db, c.id).await?.options();
    Ok(FormContext {
        categories,
        open: ws.iter().any(|(s, e)| *s <= now && now <= *e),
        windows: ws
            .iter()
            .map(|(s, e)| crate::setup::conference::when(*s, Some(*e), tz))
            .collect(),
        territories: territory_options(db, c.id).await?,
        units: unit_options(db, c.id).await?,
        eixos: eixo_options(db, c.id).await?,
        slug: c.slug,
        title: c.title,
    })
}

/// The receipt shown after registering (and sent by e-mail when there is one).
#[derive(Debug, Clone, Serialize)]
pub struct Receipt {
    pub conference_title: String,
    pub slug: String,
    pub code: String,
    pub display_name: String,
    pub category_label: String,
    pub segment_label: Option<String>,
    /// The needs asked for, the one typed under "Outra necessidade" last.
    pub needs: Vec<String>,
    /// The conference's day or days ("19/08/2025 a 20/08/2025").
    pub days: String,
    /// Venue and address, when the commission has set them.
    pub place: Option<String>,
    pub emailed: bool,
    /// Gave a CPF, an e-mail or a date of birth, so can open "Meus dados" alone
    /// (`crate::participants::my_data`); otherwise the secretariat or the CRAS shows the data.
    pub can_self_serve: bool,
}

/// What a receipt says of the person (from a checked form, a registration or an attempt).
pub(super) struct ReceiptFacts {
    pub code: String,
    pub display_name: String,
    pub category: Option<Category>,
    pub segment: Option<Segment>,
    pub needs: Vec<AccessNeed>,
    pub needs_other: Option<String>,
    pub emailed: bool,
    pub can_self_serve: bool,
}

/// The conference's days: "19/08/2025", or "19/08/2025 a 20/08/2025".
pub(crate) fn days_of(c: &conference::Model) -> String {
    let (a, b) = (
        c.starts_on.format("%d/%m/%Y").to_string(),
        c.ends_on.format("%d/%m/%Y").to_string(),
    );
    if a == b { a } else { format!("{a} a {b}") }
}

/// The venue and its address, when set.
pub(crate) fn place_of(c: &conference::Model) -> Option<String> {
    let venue = c.venue.as_deref().map(str::trim).filter(|v| !v.is_empty());
    let address = c
        .venue_address
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty());
    match (venue, address) {
        (Some(v), Some(a)) => Some(format!("{v}, {a}")),
        (Some(x), None) | (None, Some(x)) => Some(x.to_owned()),
        (None, None) => None,
    }
}

pub(super) fn receipt_of(c: &conference::Model, f: ReceiptFacts) -> Receipt {
    Receipt {
        conference_title: c.title.clone(),
        slug: c.slug.clone(),
        code: f.code,
        display_name: f.display_name,
        category_label: f.category.map(Category::label).unwrap_or("").into(),
        segment_label: f.segment.map(|s| s.label().into()),
        needs: crate::participants::needs_shown(&f.needs, f.needs_other.as_deref()),
        days: days_of(c),
        place: place_of(c),
        emailed: f.emailed,
        can_self_serve: f.can_self_serve,
    }
}
