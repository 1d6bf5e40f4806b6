pub mod categories;
pub mod conference;
pub mod documents;
pub mod public;
