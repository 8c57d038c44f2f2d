use method_models::odoo19_methods::sale_order::SaleOrder;

fn calls(client: &odoo_core::Client) {
    let _ = client.model::<SaleOrder>().methods().action_confrim(&[1]);
}

fn main() {}
