use odoo_core::types::DateTime;
use odoo_core::{Client, Model, OdooModel};

#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    pub id: i64,
    pub name: Option<String>,
    pub write_date: Option<DateTime>,
}

fn main() {
    let f = Partner::fields();
    let client: Option<Client> = None;
    if let Some(client) = client {
        // A sum of text, and a period of a text field: neither compiles.
        let _ = client.model::<Partner>().read_group().by(&f.name).sum(&f.name);
        let _ = client.model::<Partner>().read_group().by_period(&f.name, odoo_core::group::Granularity::Month);
        // A period of a datetime does.
        let _ = client.model::<Partner>().read_group().by_period(&f.write_date, odoo_core::group::Granularity::Month);
    }
}
