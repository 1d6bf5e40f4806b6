//! Versioned schema migrations, one code path for SQLite and PostgreSQL.

use sea_orm_migration::prelude::*;

mod m0001_foundation;
mod m0002_setup;
mod m0003_mail_outbox_retry;
mod m0004_unit_meetings;
mod m0005_participants;
mod m0006_admin;
mod m0007_certificates;
mod m0008_import_uploads;
mod m0009_data_requests;
mod m0010_category_rights;
mod m0011_plenary;
mod m0012_delegate_devices;
mod m0013_electronic_votes;
mod m0014_working_groups;
mod m0015_elections;
mod m0016_mocoes;
mod m0017_priorities;
mod m0018_preferred_eixo;
mod m0019_election_integrity;
mod m0020_reports;
mod m0021_questionnaires;
mod m0022_trusted_keys;
mod m0023_systematization;
mod m0024_followup;
mod m0025_report_alerts;
mod m0026_report_photos;
mod m0027_unit_reminders;
mod m0028_appointment_act;
mod m0029_unit_attendance;
mod m0030_questionnaire_retype;
mod m0031_unit_mobilization;
mod m0032_engagement;
mod m0033_unit_posts;
mod m0034_online_participation;
mod m0035_attendance_delegates;
mod m0036_media_contributions;
mod m0037_unit_media_internal;
mod m0038_seats;
mod m0039_sealed_ballots;
mod m0040_election_rounds;
mod m0041_cpf_attempts_and_data_links;
mod m0042_suas_network;
mod m0043_porte_reason;
mod m0044_registration_receipts;
mod m0045_state_orientation;
mod m0046_programme;
mod m0047_remote_presence;
mod m0048_floor;
mod m0049_signup_codes;
mod m0050_library_files;
mod m0051_online_verification;
mod m0052_consultation;
mod m0053_body_members;
mod m0054_body_meetings;
mod m0055_body_sessions;
mod m0056_regional_campaigns;
mod m0057_desk_actions;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_setup::Migration),
            Box::new(m0003_mail_outbox_retry::Migration),
            Box::new(m0004_unit_meetings::Migration),
            Box::new(m0005_participants::Migration),
            Box::new(m0006_admin::Migration),
            Box::new(m0007_certificates::Migration),
            Box::new(m0008_import_uploads::Migration),
            Box::new(m0009_data_requests::Migration),
            Box::new(m0010_category_rights::Migration),
            Box::new(m0011_plenary::Migration),
            Box::new(m0012_delegate_devices::Migration),
            Box::new(m0013_electronic_votes::Migration),
            Box::new(m0014_working_groups::Migration),
            Box::new(m0015_elections::Migration),
            Box::new(m0016_mocoes::Migration),
            Box::new(m0017_priorities::Migration),
            Box::new(m0018_preferred_eixo::Migration),
            Box::new(m0019_election_integrity::Migration),
            Box::new(m0020_reports::Migration),
            Box::new(m0021_questionnaires::Migration),
            Box::new(m0022_trusted_keys::Migration),
            Box::new(m0023_systematization::Migration),
            Box::new(m0024_followup::Migration),
            Box::new(m0025_report_alerts::Migration),
            Box::new(m0026_report_photos::Migration),
            Box::new(m0027_unit_reminders::Migration),
            Box::new(m0028_appointment_act::Migration),
            Box::new(m0029_unit_attendance::Migration),
            Box::new(m0030_questionnaire_retype::Migration),
            Box::new(m0031_unit_mobilization::Migration),
            Box::new(m0032_engagement::Migration),
            Box::new(m0033_unit_posts::Migration),
            Box::new(m0034_online_participation::Migration),
            Box::new(m0035_attendance_delegates::Migration),
            Box::new(m0036_media_contributions::Migration),
            Box::new(m0037_unit_media_internal::Migration),
            Box::new(m0038_seats::Migration),
            Box::new(m0039_sealed_ballots::Migration),
            Box::new(m0040_election_rounds::Migration),
            Box::new(m0041_cpf_attempts_and_data_links::Migration),
            Box::new(m0042_suas_network::Migration),
            Box::new(m0043_porte_reason::Migration),
            Box::new(m0044_registration_receipts::Migration),
            Box::new(m0045_state_orientation::Migration),
            Box::new(m0046_programme::Migration),
            Box::new(m0047_remote_presence::Migration),
            Box::new(m0048_floor::Migration),
            Box::new(m0049_signup_codes::Migration),
            Box::new(m0050_library_files::Migration),
            Box::new(m0051_online_verification::Migration),
            Box::new(m0052_consultation::Migration),
            Box::new(m0053_body_members::Migration),
            Box::new(m0054_body_meetings::Migration),
            Box::new(m0055_body_sessions::Migration),
            Box::new(m0056_regional_campaigns::Migration),
            Box::new(m0057_desk_actions::Migration),
        ]
    }
}
