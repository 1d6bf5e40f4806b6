//! The staff menu of a conference for one person: the phases of `domain::menu` that the policy
//! allows, and first, for a territorial articulator, the units they manage.

use crate::Fail;
use crate::platform::auth::{Me, conference_scope};
use domain::menu::{Entry, Group};
use domain::values::Level;
use store::Db;

/// A link of the menu with its full path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub href: String,
    pub label: String,
}

/// A phase of the menu with its links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub links: Vec<Link>,
}

fn section(slug: &str, g: Group) -> Section {
    Section {
        title: g.title.to_owned(),
        links: g
            .entries
            .into_iter()
            .map(|Entry { path, label }| Link {
                href: format!("/c/{slug}{path}"),
                label: label.to_owned(),
            })
            .collect(),
    }
}

/// The menu of `me` on conference `slug` (empty when they have no staff page there).
pub async fn conference_menu(db: &Db, me: &Me, slug: &str) -> Result<Vec<Section>, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    let level = Level::parse(&c.level).unwrap_or(Level::Municipal);
    let mut out = Vec::new();
    let units: Vec<Link> = crate::mobilization::units::my_units(db, Some(me))
        .await?
        .into_iter()
        .filter(|(s, _, _)| s == slug)
        .map(|(s, id, label)| Link {
            href: format!("/c/{s}/unidade/{id}"),
            label: label.split(" – ").next().unwrap_or(&label).to_owned(),
        })
        .collect();
    if !units.is_empty() {
        out.push(Section {
            title: "Suas unidades".into(),
            links: units,
        });
    }
    out.extend(
        domain::menu::conference_menu(&me.actor, scope, level)
            .into_iter()
            .map(|g| section(slug, g)),
    );
    Ok(out)
}

/// Where `me`'s work on conference `slug` starts: the inbox of a conference that receives
/// reports, the desk for credentialing staff, an articulator's unit, else the overview
/// (`domain::menu::landing`).
pub async fn landing(db: &Db, me: &Me, slug: &str) -> Result<Option<String>, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    let level = Level::parse(&c.level).unwrap_or(Level::Municipal);
    let menu = domain::menu::conference_menu(&me.actor, scope, level);
    let edits = menu
        .iter()
        .flat_map(|g| g.entries.iter())
        .any(|e| e.path == "/gestao/dados");
    let first = domain::menu::landing(&menu);
    if !edits
        && !matches!(
            first,
            Some("/gestao/relatorios-recebidos" | "/credenciamento")
        )
    {
        let sections = conference_menu(db, me, slug).await?;
        if let Some(unit) = sections
            .iter()
            .find(|s| s.title == "Suas unidades")
            .and_then(|s| s.links.first())
        {
            return Ok(Some(unit.href.clone()));
        }
    }
    Ok(first.map(|p| format!("/c/{slug}{p}")))
}

/// Where `me` lands after logging in without a page to return to: the work of the one
/// conference they take part in (the desk, the inbox, their unit: [`landing`]) or of their one
/// unit, else (and always for the platform's administration) the panel
/// that lists their conferences.
pub async fn home_of(db: &Db, me: &Me) -> Result<String, Fail> {
    if me.actor.is_admin() {
        // The platform's administration works across conferences: the panel has its links.
        return Ok("/painel".to_owned());
    }
    let mine = crate::setup::conference::my_conferences(db, Some(me)).await?;
    if let [(slug, _)] = mine.as_slice() {
        return Ok(landing(db, me, slug)
            .await?
            .unwrap_or_else(|| format!("/c/{slug}/gestao")));
    }
    if mine.is_empty()
        && let [(slug, unit, _)] = crate::mobilization::units::my_units(db, Some(me))
            .await?
            .as_slice()
    {
        return Ok(format!("/c/{slug}/unidade/{unit}"));
    }
    Ok("/painel".to_owned())
}
