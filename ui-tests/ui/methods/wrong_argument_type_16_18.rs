use method_models::union_methods::sale_order::SaleOrder;
use method_models::union_methods::stock_picking::StockPicking;

// Typed by the table of Odoo 16-19 (no server documents its methods before 19).
fn calls(client: &odoo_core::Client) {
    // `partner_ids` is a list of ids.
    let _ = client.methods::<SaleOrder>().message_post(&[1]).partner_ids(&["a"]);
    // A button on records takes their ids.
    let _ = client.methods::<StockPicking>().button_validate(7);
}

fn main() {}
