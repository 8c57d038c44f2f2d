//! The buyer: a company saved under the shop's external ID, with a contact person.

use odoo_core::{Client, Model, Values};

use crate::odoo::{ResCountry, ResPartner};
use crate::report::CustomerReport;
use crate::{BoxError, Shop};

/// The customer on the server.
#[derive(Debug, Clone)]
pub struct Customer {
    /// What the shop logs.
    pub report: CustomerReport,
    /// The company's id.
    pub company: i64,
}

/// Saves the customer twice under its external ID (the second time with a phone number), and
/// its contact person under another.
pub async fn sync(client: &Client, shop: &Shop) -> Result<Customer, BoxError> {
    let r = ResPartner::fields();
    let ids = client.external_ids();
    let belgium = ids.record::<ResCountry>("base.be").await?;
    let company = Values::new()
        .set(&r.name, "Webshop Customer")
        .set(&r.is_company, true)
        .set(&r.email, "orders@customer.example")
        .set(&r.country_id, belgium);
    let xmlid = format!("webshop.customer_{}", shop.tag);
    let first = ids
        .save(&xmlid, ResPartner::MODEL, company.clone().into())
        .await?;
    let phoned = company.set(&r.phone, "+32 2 555 01 01");
    let second = ids.save(&xmlid, ResPartner::MODEL, phoned.into()).await?;
    let contact = Values::new()
        .set(&r.name, "Ann Buyer")
        .set(&r.parent_id, second)
        .set(&r.email, "ann@customer.example");
    let xmlid = format!("webshop.contact_{}", shop.tag);
    let contact = ids.save(&xmlid, ResPartner::MODEL, contact.into()).await?;
    let shown = (&r.display_name, &r.country_code);
    let (name, _) = client.get_fields(contact, shown).await?;
    let (_, country_code) = client.get_fields(second, shown).await?;
    Ok(Customer {
        report: CustomerReport {
            same_record_on_second_save: first == second,
            contact_display_name: name.unwrap_or_default(),
            country_code,
        },
        company: second,
    })
}
