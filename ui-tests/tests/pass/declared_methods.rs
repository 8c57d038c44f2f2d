//! Methods a struct declares, checked against the snapshot where it documents the model's
//! methods (sale.order), unchecked where it does not (res.partner).
use odoo_core::{Action, Client, OdooModel};

#[derive(Debug, OdooModel)]
#[odoo(
    model = "sale.order",
    schema = "../tests/odoo-schema.json",
    methods(action_confirm, copy, message_post)
)]
pub struct Order {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, OdooModel)]
#[odoo(
    model = "res.partner",
    schema = "../tests/odoo-schema.json",
    methods(my_custom_button)
)]
pub struct Partner {
    pub id: i64,
}

pub async fn calls(client: &Client) -> odoo_core::Result<()> {
    let orders = client.model::<Order>();
    let confirmed: Action = orders
        .methods()
        .action_confirm()
        .ids(&[7])
        .send_action()
        .await?;
    let _ = confirmed.is_done();
    let copies: Vec<i64> = orders
        .methods()
        .copy()
        .ids(&[7])
        .kwarg("default", odoo_core::json!({"client_order_ref": "copy"}))
        .send_as()
        .await?;
    let _ = copies;
    orders
        .methods()
        .message_post()
        .ids(&[7])
        .kwarg("body", "Hi")
        .send()
        .await?;
    client
        .model::<Partner>()
        .methods()
        .my_custom_button()
        .ids(&[3])
        .send()
        .await?;
    Ok(())
}
