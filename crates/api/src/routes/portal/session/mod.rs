//! `/app/partners/session`: sign in, who is signed in, sign out.

pub(in crate::routes) mod current;
pub(in crate::routes) mod sign_in;
pub(in crate::routes) mod sign_out;

pub use current::current;
pub use sign_in::sign_in;
pub use sign_out::sign_out;

use crate::bodies::portal::{SessionUser, SignedIn};
use partnerhub_domain::PartnerId;

fn signed_in(email: &str, partner_id: PartnerId) -> SignedIn<'_> {
    SignedIn {
        success: true,
        user: SessionUser { email, partner_id },
    }
}
