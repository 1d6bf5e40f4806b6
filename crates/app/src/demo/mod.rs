pub mod history;
pub mod rows;
pub mod seed;
