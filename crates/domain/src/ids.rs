//! Ids as types of their own: a lead id cannot be passed where a partner id is meant.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_newtype {
    ($name:ident) => {
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[cfg_attr(feature = "diesel", derive(diesel_derive_newtype::DieselNewType))]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(i64);

        impl $name {
            pub const fn new(id: i64) -> Self {
                Self(id)
            }

            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_newtype!(PartnerId);
id_newtype!(LeadId);
id_newtype!(CommissionId);
id_newtype!(PayoutId);
id_newtype!(EventId);
id_newtype!(WebhookId);
id_newtype!(DeliveryId);
id_newtype!(AttemptId);
id_newtype!(UserId);
id_newtype!(InvitationId);
id_newtype!(SessionId);
