//! x2many commands on the generated `ResPartner`: `category_id` (many2many) and `child_ids`
//! (one2many), with every command Odoo knows: create (0), update (1), delete (2),
//! unlink (3), link (4), clear (5) and set (6).
//!
//! ```text
//! cargo run -p examples --example x2many
//! ```
//!
//! Runs on the embedded emulator, or on the Odoo named by `ODOO_URL`.

use examples::models::res_partner::{ResPartner, Type as ResPartnerType};
use examples::models::res_partner_category::ResPartnerCategory;
use odoo_core::types::Command;
use odoo_core::{Model, ModelClient, TransportKind, Values};

async fn show(
    partners: &ModelClient<ResPartner>,
    id: i64,
    step: &str,
) -> Result<(), examples::BoxError> {
    let partner = partners.get(id).await?.ok_or("the partner is gone")?;
    let children = partners.read(partner.child_ids.ids()).await?;
    let names: Vec<String> = children
        .iter()
        .map(|c| format!("{} ({:?})", c.name.as_deref().unwrap_or("?"), c.type_))
        .collect();
    println!(
        "{step:<44} tags {:?}, contacts {names:?}",
        partner.category_id.ids()
    );
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), examples::BoxError> {
    let session = examples::connect(TransportKind::Auto).await?;
    let partners = session.client.model::<ResPartner>();
    let tags = session.client.model::<ResPartnerCategory>();
    let (f, t) = (ResPartner::fields(), ResPartnerCategory::fields());

    let mut tag_ids = Vec::new();
    for name in ["odoo-rs gold", "odoo-rs silver", "odoo-rs bronze"] {
        tag_ids.push(tags.create(&Values::new().set(&t.name, name)).await?);
    }
    let (gold, silver, bronze) = (tag_ids[0], tag_ids[1], tag_ids[2]);
    let contact = |name: &str, kind: ResPartnerType| {
        Command::create(
            Values::<ResPartner>::new()
                .set(&f.name, name)
                .set(&f.type_, kind),
        )
    };

    // 6 (set) on the many2many, 0 (create) on the one2many.
    let company = partners
        .create(
            &Values::new()
                .set(&f.name, "odoo-rs x2many Corp")
                .set(&f.is_company, true)
                .set(&f.category_id, [Command::set([gold, silver])])
                .set(
                    &f.child_ids,
                    [
                        contact("Billing desk", ResPartnerType::Invoice),
                        contact("Loading dock", ResPartnerType::Delivery),
                    ],
                ),
        )
        .await?;
    show(&partners, company, "create: set [gold, silver], create 2").await?;

    let before = partners.get(company).await?.ok_or("gone")?;
    let (billing, dock) = (before.child_ids.ids()[0], before.child_ids.ids()[1]);
    // 4 (link), 3 (unlink); 1 (update), 2 (delete), 0 (create).
    partners
        .write(
            &[company],
            &Values::new()
                .set(
                    &f.category_id,
                    [Command::link(bronze), Command::unlink(gold)],
                )
                .set(
                    &f.child_ids,
                    [
                        Command::update(
                            billing,
                            Values::<ResPartner>::new().set(&f.email, "billing@example.com"),
                        ),
                        Command::delete(dock),
                        contact("Front office", ResPartnerType::Contact),
                    ],
                ),
        )
        .await?;
    show(&partners, company, "write: link bronze, unlink gold, 1/2/0").await?;

    // 5 (clear).
    partners
        .write(&[company], &Values::new().clear(&f.category_id))
        .await?;
    show(&partners, company, "write: clear tags").await?;

    let children = partners
        .get(company)
        .await?
        .map(|p| p.child_ids.into_ids())
        .unwrap_or_default();
    partners.unlink(&children).await?;
    partners.unlink(&[company]).await?;
    tags.unlink(&tag_ids).await?;
    println!("cleaned up");
    Ok(())
}
