pub mod dashboard;
pub mod followup;
pub mod package;
pub mod photos;
pub mod report;
pub mod systematization;
