//! The whole workflow in one run: introspect an Odoo, generate the Rust models, then typed
//! search, create, write and delete through them.
//!
//! ```text
//! cargo run -p examples --example quickstart
//! ```
//!
//! Without `ODOO_URL` it runs on the embedded emulator (Odoo 19 with demo data); with
//! `ODOO_URL`, `ODOO_DB`, `ODOO_USER` and `ODOO_PASSWORD` (or `ODOO_API_KEY`) it runs on that
//! server. In a project, steps 1 and 2 are `odoo-codegen sync -m res.partner ...`, whose output
//! you commit; the typed part uses such generated models (`examples/src/models`, from
//! `examples/odoo-schema.json`).

use examples::models::res_country::ResCountry;
use examples::models::res_partner::{ResPartner, Type as ResPartnerType};
use odoo_codegen::{introspect, Generator, IntrospectOptions, ModelSelection};
use odoo_core::types::Command;
use odoo_core::{Model, TransportKind, Values};

const MODELS: [&str; 3] = ["res.partner", "res.partner.category", "res.country"];

#[tokio::main]
async fn main() -> Result<(), examples::BoxError> {
    let session = examples::connect(TransportKind::Auto).await?;
    let client = &session.client;

    // 1. Introspect: ir.model + fields_get of the selected models, a few requests at a time.
    let selection = ModelSelection {
        models: MODELS.iter().map(|m| (*m).to_owned()).collect(),
        ..ModelSelection::default()
    };
    let found = introspect(client, &selection, &IntrospectOptions::default()).await?;
    for failure in &found.failures {
        eprintln!("could not read {}: {}", failure.model, failure.error);
    }
    println!(
        "\n1. snapshot of Odoo {}:",
        found.schema.server_version.as_deref().unwrap_or("?")
    );
    for (name, model) in &found.schema.models {
        println!(
            "   {name:<22} {:>3} fields  ({})",
            model.fields.len(),
            model.description.as_deref().unwrap_or("")
        );
    }

    // 2. Generate: one module per model, each struct deriving OdooModel.
    let rendered = Generator::new()
        .schema(found.schema)
        .models(MODELS)
        .render()?;
    let partner_file = rendered
        .files
        .iter()
        .find(|file| file.path.ends_with("res_partner.rs"))
        .ok_or("no res_partner.rs generated")?;
    let lines: Vec<&str> = partner_file.contents.lines().collect();
    println!(
        "\n2. generated {} files; the start of {}:\n",
        rendered.files.len(),
        partner_file.path.display()
    );
    for line in lines.iter().take(28) {
        println!("   {line}");
    }
    println!("   ... ({} lines)", lines.len());

    // 3. Typed CRUD through the checked-in generated models.
    let partners = client.model::<ResPartner>();
    let f = ResPartner::fields();
    println!("\n3. typed calls");
    let belgians = partners
        .search(
            f.is_company.eq(true)
                & f.country_id
                    .path(|c: <ResCountry as Model>::Fields| c.code)
                    .eq("BE"),
        )
        .order(f.name.asc())
        .limit(10)
        .fetch()
        .await?;
    println!(
        "   companies in Belgium: {:?}",
        belgians
            .iter()
            .map(|p| p.name.as_deref().unwrap_or("?"))
            .collect::<Vec<_>>()
    );

    let parent = belgians.first().map(|p| p.id);
    let mut values = Values::new()
        .set(&f.name, "Quickstart Contact")
        .set(&f.email, "quickstart@example.com")
        .set(&f.type_, ResPartnerType::Contact)
        .set(&f.category_id, Vec::<Command<_>>::new());
    if let Some(parent) = parent {
        values = values.set(&f.parent_id, parent);
    }
    let id = partners.create(&values).await?;
    println!("   created res.partner #{id}");

    partners
        .write(
            &[id],
            &Values::new()
                .set(&f.phone, "+32 470 00 00 00")
                .clear(&f.email),
        )
        .await?;
    let read = partners
        .get(id)
        .await?
        .ok_or("the new partner does not read back")?;
    println!(
        "   read back: name {:?}, phone {:?}, email {:?}, company {:?}",
        read.name,
        read.phone,
        read.email,
        read.parent_id.as_ref().and_then(|p| p.name())
    );

    partners.unlink(&[id]).await?;
    let gone = partners.get(id).await?;
    println!("   deleted #{id}: reading it again gives {gone:?}");
    println!("\ndone.");
    Ok(())
}
