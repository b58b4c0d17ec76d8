//! Every JSON body the API answers with (and, for the document, every body it reads), as
//! Rust types. The OpenAPI document is generated from these; handlers serialize them.

pub mod back_office;
pub mod common;
pub mod enums;
pub mod leads;
pub mod operator;
pub mod portal;
pub mod referrer;
pub mod requests;
pub mod webhooks;
