//! `/app/partners/invitations/{token}`: the page to choose a password, and where it posts.

pub(in crate::routes) mod accept;
pub(in crate::routes) mod page;

pub use accept::accept;
pub use page::page;
