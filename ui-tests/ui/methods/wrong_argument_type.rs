use method_models::odoo19_methods::res_partner::ResPartner;
use method_models::odoo19_methods::sale_order::SaleOrder;

fn calls(client: &odoo_core::Client) {
    let partners = client.model::<ResPartner>();
    // `email` is a `str`.
    let _ = partners.methods().find_or_create(42);
    // `default` is `ValuesType`: field values of res.partner, not any JSON.
    let _ = partners.methods().copy(&[1]).default(odoo_core::json!({"name": "x"}));
    // A button on records takes their ids.
    let _ = client.model::<SaleOrder>().methods().action_confirm();
}

fn main() {}
