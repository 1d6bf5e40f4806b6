//! Participants: registrations (with the sensitive quota self-declarations in a table of their
//! own), check-ins, and the instance-wide secrets (badge token key).

use super::m0001_foundation::{bool, date, fk, id, index, text, text_null, ts, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const CASCADE: ForeignKeyAction = ForeignKeyAction::Cascade;
const SET_NULL: ForeignKeyAction = ForeignKeyAction::SetNull;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let t = |name: &'static str| Table::create().table(name).to_owned();
        m.create_table(
            t("app_secret")
                .col(ColumnDef::new("name").text().not_null().primary_key())
                .col(text("value"))
                .col(ts("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            t("registration")
                .col(id())
                .col(uuid("conference_id"))
                .col(text("code"))
                .col(text("name"))
                .col(text_null("social_name"))
                .col(text("search_key"))
                .col(text("category"))
                .col(text_null("segment"))
                .col(text_null("seat"))
                .col(text_null("origin"))
                .col(text_null("represents"))
                .col(uuid_null("territory_id"))
                .col(uuid_null("unit_id"))
                .col(text_null("cpf"))
                .col(text_null("email"))
                .col(text_null("phone"))
                .col(ColumnDef::new("birth_date").date().null())
                .col(bool("trust_position"))
                .col(text("needs"))
                .col(text_null("needs_other"))
                .col(text("consent_version"))
                .col(ts("consented_at"))
                .col(text("source"))
                .col(uuid_null("assisted_by"))
                .col(text_null("import_key"))
                .col(text("status"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk(
                    "registration",
                    "conference_id",
                    "conference",
                    CASCADE,
                ))
                .foreign_key(&mut fk(
                    "registration",
                    "territory_id",
                    "territory",
                    SET_NULL,
                ))
                .foreign_key(&mut fk("registration", "unit_id", "unit", SET_NULL))
                .to_owned(),
        )
        .await?;
        for (name, cols, unique) in [
            ("ux_registration_code", &["conference_id", "code"][..], true),
            ("ux_registration_cpf", &["conference_id", "cpf"][..], true),
            (
                "ux_registration_import",
                &["conference_id", "import_key"][..],
                true,
            ),
            (
                "ix_registration_search",
                &["conference_id", "search_key"][..],
                false,
            ),
        ] {
            m.create_index(index("registration", name, cols, unique))
                .await?;
        }
        m.create_table(
            t("registration_sensitive")
                .col(
                    ColumnDef::new("registration_id")
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(uuid("conference_id"))
                .col(text("quotas"))
                .col(ts("declared_at"))
                .foreign_key(&mut fk(
                    "registration_sensitive",
                    "registration_id",
                    "registration",
                    CASCADE,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            t("checkin")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("registration_id"))
                .col(date("day"))
                .col(ts("checked_at"))
                .col(uuid_null("checked_by"))
                .col(uuid_null("replaces_registration_id"))
                .col(text("method"))
                .foreign_key(&mut fk(
                    "checkin",
                    "registration_id",
                    "registration",
                    CASCADE,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "checkin",
            "ux_checkin_day",
            &["registration_id", "day"],
            true,
        ))
        .await?;
        m.create_index(index(
            "checkin",
            "ix_checkin_conference",
            &["conference_id", "day"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "checkin",
            "registration_sensitive",
            "registration",
            "app_secret",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
