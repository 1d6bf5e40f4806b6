//! SeaORM entities, one module per table.

/// Defines the SeaORM entity of one table in the calling module: imports the SeaORM entity
/// prelude, and generates `Model` (with `DeriveEntityModel`, hence `Entity`, `Column`,
/// `PrimaryKey` and `ActiveModel`), an empty `Relation` and the default `ActiveModelBehavior`.
///
/// ```ignore
/// super::entity! {
///     table "ballot";
///     // The primary key column(s), in order, each `primary_key, auto_increment = false`.
///     key {
///         pub vote_id: Uuid,
///         #[sea_orm(column_type = "Text")]
///         pub receipt_hash: String,
///     }
///     // The other columns, in order, with their doc comments and `#[sea_orm(...)]` attributes.
///     /// `favor`, `against` or `abstain`.
///     #[sea_orm(column_type = "Text")]
///     pub choice: String,
/// }
/// ```
///
/// `Model` derives `Clone, Debug, PartialEq, Eq`. Between `table` and `key` may stand either
/// - `debug(id, status);`: `Debug` shows only these columns (the others hold personal data and
///   must never reach a log), or
/// - `derive(Clone, PartialEq, Eq);`: the derives of `Model` besides `DeriveEntityModel`, e.g.
///   to write `Debug` by hand.
macro_rules! entity {
    (table $table:literal; key $key:tt $($column:tt)*) => {
        $crate::entities::entity! {
            table $table;
            derive(Clone, Debug, PartialEq, Eq);
            key $key
            $($column)*
        }
    };
    (table $table:literal; debug($($shown:ident),* $(,)?); key $key:tt $($column:tt)*) => {
        $crate::entities::entity! {
            table $table;
            derive(Clone, PartialEq, Eq);
            key $key
            $($column)*
        }

        impl std::fmt::Debug for Model {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct($table)
                    $(.field(stringify!($shown), &self.$shown))*
                    .finish_non_exhaustive()
            }
        }
    };
    (
        table $table:literal;
        derive($($derive:path),* $(,)?);
        key { $($(#[$key_meta:meta])* $key_vis:vis $key:ident : $key_ty:ty),+ $(,)? }
        $($(#[$meta:meta])* $vis:vis $field:ident : $ty:ty),* $(,)?
    ) => {
        use sea_orm::entity::prelude::*;

        #[derive($($derive,)* DeriveEntityModel)]
        #[sea_orm(table_name = $table)]
        pub struct Model {
            $(
                #[sea_orm(primary_key, auto_increment = false)]
                $(#[$key_meta])*
                $key_vis $key: $key_ty,
            )+
            $(
                $(#[$meta])*
                $vis $field: $ty,
            )*
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    };
}
pub(crate) use entity;

/// Defines the closed set of codes a text `status` column holds: a SeaORM active enum stored as
/// the same text, with `code()` giving that text back (for views, the API and raw SQL).
macro_rules! status_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident => $code:tt,)* }) => {
        $(#[$m])*
        #[derive(
            Clone,
            Copy,
            Debug,
            PartialEq,
            Eq,
            Hash,
            sea_orm::entity::prelude::EnumIter,
            sea_orm::entity::prelude::DeriveActiveEnum,
        )]
        #[sea_orm(rs_type = "String", db_type = "Text")]
        pub enum $name {
            $($(#[$vm])* #[sea_orm(string_value = $code)] $variant,)*
        }

        impl $name {
            /// The text stored in the column.
            pub const fn code(self) -> &'static str {
                match self {
                    $(Self::$variant => $code,)*
                }
            }

            /// The variant stored as `code`, if any.
            pub fn from_code(code: &str) -> Option<Self> {
                match code {
                    $($code => Some(Self::$variant),)*
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

pub mod account;
pub mod app_secret;
pub mod ballot;
pub mod ballot_log;
pub mod ballot_seal;
pub mod body;
pub mod body_agenda_item;
pub mod body_attendance;
pub mod body_calendar;
pub mod body_document;
pub mod body_meeting;
pub mod body_named_vote;
pub mod body_resolution;
pub mod body_rules;
pub mod body_seat;
pub mod category_rights;
pub mod certificate;
pub mod checkin;
pub mod commission_member;
pub mod conference;
pub mod conference_act;
pub mod conference_unit;
pub mod consultation;
pub mod consultation_vote;
pub mod convocation_act;
pub mod data_access_link;
pub mod data_request;
pub mod delegate_device;
pub mod deliberation_followup;
pub mod desk_action;
pub mod destaque;
pub mod device_pairing;
pub mod document;
pub mod door_event;
pub mod eixo;
pub mod election;
pub mod election_appointment;
pub mod election_ballot;
pub mod election_candidate;
pub mod election_log;
pub mod election_participation;
pub mod election_poll;
pub mod election_result;
pub mod election_room_count;
pub mod engagement_count;
pub mod engagement_setting;
pub mod federative_entity;
pub mod followup_change;
pub mod followup_milestone;
pub mod group_member;
pub mod guiding_question;
pub mod import_upload;
pub mod mail_outbox;
pub mod mocao;
pub mod mocao_signature;
pub mod online_comment;
pub mod online_credential_link;
pub mod online_proposal;
pub mod online_room;
pub mod online_stage;
pub mod online_support;
pub mod online_verification;
pub mod order_point;
pub mod password_reset;
pub mod plenary_rules;
pub mod plenary_vote;
pub mod priority_choice;
pub mod programme_item;
pub mod proposal;
pub mod proposal_destaque;
pub mod proposal_origin;
pub mod question;
pub mod questionnaire;
pub mod questionnaire_answer;
pub mod questionnaire_response;
pub mod questionnaire_retype;
pub mod rate_limit;
pub mod received_proposal;
pub mod regimento_article;
pub mod regimento_version;
pub mod region;
pub mod region_campaign;
pub mod region_campaign_action;
pub mod region_campaign_material;
pub mod region_campaign_photo;
pub mod region_member;
pub mod registration;
pub mod registration_attempt;
pub mod registration_receipt;
pub mod registration_sensitive;
pub mod report_alert;
pub mod report_draft;
pub mod report_photo;
pub mod report_signoff;
pub mod report_submission;
pub mod role_grant;
pub mod roll_call;
pub mod roll_call_answer;
pub mod sealed_ballot;
pub mod seat_hold;
pub mod session;
pub mod signup_code;
pub mod speaker;
pub mod stage;
pub mod stage_change;
pub mod state_orientation;
pub mod stored_file;
pub mod systematization_group;
pub mod systematization_member;
pub mod territorial_delegate_setting;
pub mod territory;
pub mod trusted_key;
pub mod unit;
pub mod unit_attendee;
pub mod unit_delegate;
pub mod unit_media;
pub mod unit_meeting;
pub mod unit_post;
pub mod unit_post_media;
pub mod unit_proposal;
pub mod unit_reminder;
pub mod vote_participation;
pub mod working_group;
