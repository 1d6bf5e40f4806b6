pub mod certificates;
pub mod credentialing;
pub mod devices;
pub mod import;
pub mod my_data;
pub mod privacy;
pub mod registration;
