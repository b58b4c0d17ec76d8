//! The funding types leads may name.

pub(in crate::routes) mod add;
pub(in crate::routes) mod list;
pub(in crate::routes) mod set_active;

pub use add::add;
pub use list::list;
pub use set_active::set_active;

use crate::bodies::operator::FundingTypeObject;
use partnerhub_persistence::funding_types::FundingType;
fn shown(funding_type: &FundingType) -> FundingTypeObject<'_> {
    FundingTypeObject {
        name: &funding_type.name,
        active: funding_type.active,
    }
}
