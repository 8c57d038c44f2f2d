//! The client without a runtime of the caller's own (`odoo_core::blocking::Wait`), on every
//! transport of the emulator: connecting, typed CRUD, paging, errors. Plain `#[test]`s: no
//! runtime is started here.

use odoo_core::blocking::Wait;
use odoo_core::types::X2many;
use odoo_core::{Client, ErrorKind, Model, OdooModel, SearchOptions, TransportKind, Values};
use odoo_emulator::{Emulator, OdooVersion};
use serde_json::json;

#[derive(Debug, Clone, OdooModel)]
#[odoo(
    model = "res.partner",
    schema = "../odoo-emulator/src/demo/schema.json"
)]
pub struct Partner {
    pub id: i64,
    pub name: Option<String>,
    pub email: Option<String>,
    pub is_company: bool,
    pub child_ids: X2many<Partner>,
}

fn connect(emu: &Emulator, transport: TransportKind) -> Client {
    let builder = Client::builder(emu.url())
        .database(emu.database())
        .login("admin")
        .transport(transport);
    let builder = if transport == TransportKind::Json2 {
        builder.api_key(Emulator::DEMO_ADMIN_KEY)
    } else {
        builder.password("admin")
    };
    builder
        .connect()
        .wait()
        .unwrap_or_else(|e| panic!("{transport}: {e}"))
}

#[test]
fn typed_crud_paging_and_errors_without_a_runtime() {
    let emu = Emulator::demo(OdooVersion::V19)
        .wait()
        .unwrap_or_else(|e| panic!("emulator: {e}"));
    for transport in [
        TransportKind::JsonRpc,
        TransportKind::XmlRpc,
        TransportKind::WebSession,
        TransportKind::Json2,
    ] {
        let client = connect(&emu, transport);
        let partners = client.model::<Partner>();
        let f = Partner::fields();
        let name = format!("Blocking {transport}");
        let id = partners
            .create(
                &Values::new()
                    .set(&f.name, name.as_str())
                    .set(&f.email, "b@example.com"),
            )
            .wait()
            .unwrap_or_else(|e| panic!("{transport}: create: {e}"));
        let found = partners
            .search(f.name.eq(name.as_str()))
            .fetch()
            .wait()
            .unwrap_or_else(|e| panic!("{transport}: search: {e}"));
        assert_eq!(found.len(), 1, "{transport}");
        assert_eq!(found[0].email.as_deref(), Some("b@example.com"));
        partners
            .write(&[id], &Values::new().set(&f.email, "c@example.com"))
            .wait()
            .unwrap_or_else(|e| panic!("{transport}: write: {e}"));
        let all = partners
            .all()
            .pages(3)
            .collect_all()
            .wait()
            .unwrap_or_else(|e| panic!("{transport}: paging: {e}"));
        let count = client
            .search_count("res.partner", json!([]), SearchOptions::new())
            .wait()
            .unwrap_or_else(|e| panic!("{transport}: count: {e}"));
        assert_eq!(all.len() as u64, count, "{transport}");
        partners
            .unlink(&[id])
            .wait()
            .unwrap_or_else(|e| panic!("{transport}: unlink: {e}"));
        let err = client
            .execute_kw("no.such.model", "search", json!([[]]), json!({}))
            .wait()
            .expect_err("no such model");
        assert_eq!(err.kind(), ErrorKind::NotFound, "{transport}: {err:?}");
    }
}

/// Called inside a runtime, `wait` blocks only the caller (from a thread of its own) instead
/// of panicking. (The emulator runs on this runtime's other worker: a task of a runtime whose
/// only thread is blocked would wait.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wait_inside_a_runtime_does_not_panic() {
    let emu = Emulator::demo(OdooVersion::V18)
        .await
        .unwrap_or_else(|e| panic!("emulator: {e}"));
    let version = Client::builder(emu.url())
        .database(emu.database())
        .login("admin")
        .password("admin")
        .connect()
        .wait()
        .map(|client| client.server_version().major)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(version, 18);
}
