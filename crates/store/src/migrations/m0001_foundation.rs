//! Tenancy, accounts, sessions, conferences and their calendars.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

pub(super) fn id() -> ColumnDef {
    ColumnDef::new("id")
        .uuid()
        .not_null()
        .primary_key()
        .to_owned()
}
pub(super) fn uuid(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).uuid().not_null().to_owned()
}
pub(super) fn uuid_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).uuid().null().to_owned()
}
pub(super) fn text(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).text().not_null().to_owned()
}
pub(super) fn text_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).text().null().to_owned()
}
pub(super) fn int(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).integer().not_null().to_owned()
}
pub(super) fn int_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).integer().null().to_owned()
}
pub(super) fn bool(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).boolean().not_null().to_owned()
}
pub(super) fn ts(name: &'static str) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}
pub(super) fn ts_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}
pub(super) fn date(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).date().not_null().to_owned()
}
pub(super) fn fk(
    from: &'static str,
    col: &'static str,
    to: &'static str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from}_{col}"))
        .from(from, col)
        .to(to, "id")
        .on_delete(on_delete)
        .to_owned()
}
pub(super) fn index(
    table: &'static str,
    name: &str,
    cols: &[&'static str],
    unique: bool,
) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(*c);
    }
    if unique {
        i.unique();
    }
    i.to_owned()
}

const CASCADE: ForeignKeyAction = ForeignKeyAction::Cascade;
const RESTRICT: ForeignKeyAction = ForeignKeyAction::Restrict;
const SET_NULL: ForeignKeyAction = ForeignKeyAction::SetNull;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let t = |name: &'static str| Table::create().table(name).to_owned();

        m.create_table(
            t("federative_entity")
                .col(id())
                .col(text("kind"))
                .col(text_null("ibge_code"))
                .col(text("name"))
                .col(text_null("uf"))
                .col(uuid_null("parent_id"))
                .col(ColumnDef::new("population").big_integer().null())
                .col(int_null("population_year"))
                .col(text_null("porte"))
                .col(text_null("porte_source"))
                .col(text("search_key"))
                .foreign_key(&mut fk(
                    "federative_entity",
                    "parent_id",
                    "federative_entity",
                    RESTRICT,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "federative_entity",
            "ux_entity_ibge",
            &["ibge_code"],
            true,
        ))
        .await?;
        m.create_index(index(
            "federative_entity",
            "ix_entity_search",
            &["kind", "search_key"],
            false,
        ))
        .await?;

        m.create_table(
            t("region")
                .col(id())
                .col(text("uf"))
                .col(text("kind"))
                .col(text("name"))
                .col(text("search_key"))
                .col(ts("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "region",
            "ux_region_name",
            &["uf", "search_key"],
            true,
        ))
        .await?;
        m.create_table(
            t("region_member")
                .col(uuid("region_id"))
                .col(uuid("entity_id"))
                .primary_key(Index::create().col("region_id").col("entity_id"))
                .foreign_key(&mut fk("region_member", "region_id", "region", CASCADE))
                .foreign_key(&mut fk(
                    "region_member",
                    "entity_id",
                    "federative_entity",
                    CASCADE,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            t("body")
                .col(id())
                .col(text("kind"))
                .col(text("name"))
                .col(text("acronym"))
                .col(uuid_null("entity_id"))
                .col(uuid_null("region_id"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("body", "entity_id", "federative_entity", RESTRICT))
                .foreign_key(&mut fk("body", "region_id", "region", RESTRICT))
                .to_owned(),
        )
        .await?;

        m.create_table(
            t("conference")
                .col(id())
                .col(uuid("body_id"))
                .col(text("slug"))
                .col(text("level"))
                .col(int("edition"))
                .col(text("title"))
                .col(int("cycle_year"))
                .col(text("theme"))
                .col(text_null("lema"))
                .col(date("process_starts_on"))
                .col(date("process_ends_on"))
                .col(date("starts_on"))
                .col(date("ends_on"))
                .col(text_null("venue"))
                .col(text_null("venue_address"))
                .col(text("format"))
                .col(text("time_zone"))
                .col(uuid_null("parent_id"))
                .col(text("place_name"))
                .col(text("search_key"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("conference", "body_id", "body", RESTRICT))
                .foreign_key(&mut fk("conference", "parent_id", "conference", SET_NULL))
                .to_owned(),
        )
        .await?;
        m.create_index(index("conference", "ux_conference_slug", &["slug"], true))
            .await?;
        m.create_index(index(
            "conference",
            "ix_conference_body",
            &["body_id"],
            false,
        ))
        .await?;

        m.create_table(
            t("eixo")
                .col(id())
                .col(uuid("conference_id"))
                .col(int("number"))
                .col(text("title"))
                .col(text_null("description"))
                .foreign_key(&mut fk("eixo", "conference_id", "conference", CASCADE))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "eixo",
            "ux_eixo_number",
            &["conference_id", "number"],
            true,
        ))
        .await?;
        m.create_table(
            t("guiding_question")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("eixo_id"))
                .col(int("position"))
                .col(text("text"))
                .foreign_key(&mut fk("guiding_question", "eixo_id", "eixo", CASCADE))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "guiding_question",
            "ix_question_eixo",
            &["eixo_id", "position"],
            false,
        ))
        .await?;

        m.create_table(
            t("stage")
                .col(id())
                .col(uuid("conference_id"))
                .col(text("kind"))
                .col(text("title"))
                .col(text_null("description"))
                .col(ts("starts_at"))
                .col(ts_null("ends_at"))
                .col(text_null("place"))
                .col(text_null("online_url"))
                .col(bool("set_by_units"))
                .col(bool("cancelled"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("stage", "conference_id", "conference", CASCADE))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "stage",
            "ix_stage_conference",
            &["conference_id", "starts_at"],
            false,
        ))
        .await?;
        m.create_table(
            t("stage_change")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("stage_id"))
                .col(ts("changed_at"))
                .col(uuid_null("actor_id"))
                .col(text("change"))
                .col(text("summary"))
                .col(text_null("reason"))
                .foreign_key(&mut fk("stage_change", "stage_id", "stage", CASCADE))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "stage_change",
            "ix_stage_change_conf",
            &["conference_id", "changed_at"],
            false,
        ))
        .await?;

        m.create_table(
            t("territory")
                .col(id())
                .col(uuid("conference_id"))
                .col(text("name"))
                .col(int("position"))
                .foreign_key(&mut fk("territory", "conference_id", "conference", CASCADE))
                .to_owned(),
        )
        .await?;
        m.create_table(
            t("unit")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("territory_id"))
                .col(text("kind"))
                .col(text("name"))
                .col(text_null("address"))
                .foreign_key(&mut fk("unit", "territory_id", "territory", CASCADE))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "unit",
            "ix_unit_conference",
            &["conference_id"],
            false,
        ))
        .await?;

        m.create_table(
            t("account")
                .col(id())
                .col(text_null("email"))
                .col(text_null("username"))
                .col(text("display_name"))
                .col(text("password_hash"))
                .col(bool("disabled"))
                .col(ts("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("account", "ux_account_email", &["email"], true))
            .await?;
        m.create_index(index("account", "ux_account_username", &["username"], true))
            .await?;
        m.create_table(
            t("role_grant")
                .col(id())
                .col(uuid("account_id"))
                .col(text("role"))
                .col(uuid_null("body_id"))
                .col(uuid_null("conference_id"))
                .col(uuid_null("unit_id"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("role_grant", "account_id", "account", CASCADE))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "role_grant",
            "ix_grant_account",
            &["account_id"],
            false,
        ))
        .await?;
        m.create_table(
            t("session")
                .col(ColumnDef::new("id").text().not_null().primary_key())
                .col(uuid("account_id"))
                .col(ts("created_at"))
                .col(ts("expires_at"))
                .col(ts("last_seen_at"))
                .foreign_key(&mut fk("session", "account_id", "account", CASCADE))
                .to_owned(),
        )
        .await?;
        m.create_table(
            t("rate_limit")
                .col(ColumnDef::new("key").text().not_null().primary_key())
                .col(ts("window_start"))
                .col(int("hits"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            t("password_reset")
                .col(ColumnDef::new("token_hash").text().not_null().primary_key())
                .col(uuid("account_id"))
                .col(ts("created_at"))
                .col(ts("expires_at"))
                .col(ts_null("used_at"))
                .foreign_key(&mut fk("password_reset", "account_id", "account", CASCADE))
                .to_owned(),
        )
        .await?;
        m.create_table(
            t("mail_outbox")
                .col(id())
                .col(text("to_addr"))
                .col(text("subject"))
                .col(text("body"))
                .col(ts("created_at"))
                .col(ts_null("sent_at"))
                .col(int("attempts"))
                .col(text_null("last_error"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "mail_outbox",
            "ix_outbox_pending",
            &["sent_at", "created_at"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "mail_outbox",
            "password_reset",
            "rate_limit",
            "session",
            "role_grant",
            "account",
            "unit",
            "territory",
            "stage_change",
            "stage",
            "guiding_question",
            "eixo",
            "conference",
            "body",
            "region_member",
            "region",
            "federative_entity",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
