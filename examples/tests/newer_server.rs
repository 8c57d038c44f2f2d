//! The README's examples on a server newer than the recorded ones: the typed tour of each
//! transport, with `ODOO_EMULATOR_VERSION=20.0` as a user sets it to try the emulator's
//! newer-server behaviours (no public `read_group`, no `ir.attachment.datas`, `ir.access`).
//! One test in this binary: it sets the variable for the whole process.

use odoo_core::TransportKind;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tour_runs_on_20_over_every_transport() {
    // The only test of this binary, so no other thread reads the environment meanwhile.
    std::env::set_var("ODOO_EMULATOR_VERSION", "20.0");
    std::env::remove_var("ODOO_URL");
    let session = examples::connect(TransportKind::Auto)
        .await
        .expect("connects to the emulator");
    assert_eq!(session.client.server_version().major, 20);
    drop(session);
    for transport in [
        TransportKind::Json2,
        TransportKind::JsonRpc,
        TransportKind::XmlRpc,
        TransportKind::WebSession,
    ] {
        examples::tour(transport)
            .await
            .unwrap_or_else(|e| panic!("the tour over {transport}: {e}"));
    }
    std::env::set_var("ODOO_EMULATOR_VERSION", "twenty");
    let error = examples::connect(TransportKind::Auto)
        .await
        .expect_err("a version that names none");
    assert!(
        error.to_string().contains("ODOO_EMULATOR_VERSION"),
        "{error}"
    );
}
