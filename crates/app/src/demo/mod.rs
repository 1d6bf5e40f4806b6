pub mod history;
pub mod seed;
