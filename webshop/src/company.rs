//! The order in company contexts: its own company's, and one the user may not use.

use odoo_core::{Client, Context, Model};

use crate::odoo::SaleOrder;
use crate::report::CompanyReport;
use crate::BoxError;

/// A company id no database of the shop has.
const NO_SUCH_COMPANY: i64 = 999_999;

/// Searches the order in its company's context, then in a company the user may not use.
pub async fn scoping(client: &Client, order: i64) -> Result<CompanyReport, BoxError> {
    let o = SaleOrder::fields();
    let company = client.get_fields(order, &o.company_id).await?.id();
    let orders = client.model::<SaleOrder>();
    let own = orders.with_context(Context::new().allowed_company_ids([company]));
    let visible = own.search(o.id.eq(order)).count().await? == 1;
    let other = orders.with_context(Context::new().allowed_company_ids([NO_SUCH_COMPANY]));
    let refused = other.search(o.id.eq(order)).count().await;
    Ok(CompanyReport {
        visible_in_own_company: visible,
        invalid_company: match refused {
            Ok(count) => format!("answered {count}"),
            Err(error) => format!("{:?}", error.kind()),
        },
    })
}
