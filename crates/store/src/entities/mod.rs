//! SeaORM entities, one module per table.

pub mod account;
pub mod body;
pub mod conference;
pub mod eixo;
pub mod federative_entity;
pub mod guiding_question;
pub mod mail_outbox;
pub mod password_reset;
pub mod rate_limit;
pub mod region;
pub mod region_member;
pub mod role_grant;
pub mod session;
pub mod stage;
pub mod stage_change;
pub mod territory;
pub mod unit;
