//! One build for Odoo 16 to 19: the models of `examples::odoo` (the union of the four
//! versions' snapshots) on the emulator as 16 and as 19. What a version lacks is read as empty,
//! asked about with `Client::has`, and refused before anything is sent when a call uses it;
//! typed business methods answer alike on every version.
//!
//! Live: `cargo test -p examples --test versions -- --ignored` with `ODOO_URL`, `ODOO_DB`,
//! `ODOO_USER` and `ODOO_PASSWORD` (it posts a message on a partner).

use examples::odoo::{ResPartner, SaleOrderCancel, StockMove, StockPicking};
use examples::order_to_cash_emulator::emulator;
use odoo_core::types::RecordId;
use odoo_core::{Client, ErrorKind, Model, Values, Versions};
use odoo_emulator::{Emulator, OdooVersion};

async fn connect(version: OdooVersion) -> (Emulator, Client) {
    let emu = emulator(version).await.expect("emulator starts");
    let client = Client::builder(emu.url())
        .database(emu.database())
        .login("admin")
        .password("admin")
        .connect()
        .await
        .expect("connect");
    (emu, client)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_field_of_other_versions_is_refused_before_anything_is_sent() {
    let m = StockMove::fields();
    assert_eq!(m.quantity_done.versions(), Versions::until(16));
    assert_eq!(m.quantity.versions(), Versions::since(17));
    for (version, missing, present) in [
        (OdooVersion::V16, &m.quantity, &m.quantity_done),
        (OdooVersion::V19, &m.quantity_done, &m.quantity),
    ] {
        let (emu, client) = connect(version).await;
        assert!(client.has(present) && !client.has(missing), "{version:?}");
        let moves = client.model::<StockMove>();
        let sent = emu.request_count();

        let write = moves.write(&[1], &Values::new().set(missing, 1.0)).await;
        let error = write.expect_err("a write of a field the version lacks");
        assert_eq!(error.kind(), ErrorKind::Unavailable, "{error}");
        let text = error.to_string();
        let name = format!("stock.move.{}", missing.name());
        assert!(text.contains(&name), "{text}");
        assert!(
            text.contains(&format!("runs Odoo {}", version.major())),
            "{text}"
        );
        let details = error.unavailable().expect("details");
        assert_eq!(details.server_major, version.major());
        assert_eq!(details.versions, missing.versions());

        // A domain, an order and a grouped read that use it fail the same way.
        let search = moves.search(missing.gt(0.0)).count().await;
        assert_eq!(search.map_err(|e| e.kind()), Err(ErrorKind::Unavailable));
        let ordered = moves.all().order(missing.desc()).ids().await;
        assert_eq!(ordered.map_err(|e| e.kind()), Err(ErrorKind::Unavailable));
        let grouped = moves.read_group().by(&m.state).sum(missing).fetch().await;
        assert_eq!(
            grouped.err().map(|e| e.kind()),
            Some(ErrorKind::Unavailable)
        );
        // So do typed rows of an upsert.
        let row = Values::<StockMove>::new()
            .set(&m.name, "X")
            .set(missing, 1.0);
        let upsert = client.upsert(StockMove::MODEL, &["name"]).values(row);
        let upsert = upsert.run().await.map_err(|e| e.kind());
        assert_eq!(upsert, Err(ErrorKind::Unavailable));
        assert_eq!(emu.request_count(), sent, "{version:?}: nothing was sent");

        // The field the version has goes through.
        moves.search(present.ge(0.0)).count().await.expect("count");
        assert!(emu.request_count() > sent);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_leave_out_what_the_version_lacks() {
    let (p, m) = (ResPartner::fields(), StockMove::fields());
    for version in [OdooVersion::V16, OdooVersion::V19] {
        let (_emu, client) = connect(version).await;
        let partners = client.model::<ResPartner>().all().limit(2).ids().await;
        let partner = partners.expect("search")[0];
        let rows = client.read_fields(&[partner], (&p.id, &p.name)).await;
        assert_eq!(rows.expect("read")[0].0, partner);
        // A projection of a field the version lacks reads it as empty, without asking: the
        // done quantities of the recipe's delivery (1 chair of 3, 2 lamps of 2).
        let done = examples::order_to_cash::run(&client, |_| {})
            .await
            .expect("the recipe");
        let moves = client
            .get_fields(done.picking, &StockPicking::fields().move_ids)
            .await;
        let moves = moves.expect("read");
        let rows = client
            .read_fields(moves.ids(), (&m.quantity_done, &m.quantity))
            .await;
        let rows = rows.unwrap_or_else(|e| panic!("{version:?}: {e}"));
        assert_eq!(rows.len(), 2, "{version:?}");
        for (quantity_done, quantity) in rows {
            let on_16 = version == OdooVersion::V16;
            assert_eq!(quantity_done.is_some(), on_16, "{version:?}");
            assert_eq!(quantity.is_some(), !on_16, "{version:?}");
            assert!(quantity_done.or(quantity).is_some_and(|q| q >= 1.0));
        }
    }
}

/// A whole generated struct reads on every version: its x2many fields of other versions
/// (`ResPartner::channel_member_ids`, from 19) are left out of the read and come back empty.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whole_structs_read_on_every_version() {
    assert_eq!(
        ResPartner::fields().channel_member_ids.versions(),
        Versions::since(19)
    );
    for version in [OdooVersion::V16, OdooVersion::V19] {
        let (_emu, client) = connect(version).await;
        let partners = client.model::<ResPartner>().all().limit(2).fetch().await;
        let partners = partners.unwrap_or_else(|e| panic!("{version:?}: partners: {e}"));
        assert_eq!(partners.len(), 2, "{version:?}");
        if version == OdooVersion::V16 {
            assert!(partners.iter().all(|p| p.channel_member_ids.is_empty()));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_model_of_other_versions_is_refused_before_anything_is_sent() {
    assert_eq!(SaleOrderCancel::VERSIONS, Versions::until(18));
    let (emu, client) = connect(OdooVersion::V19).await;
    let wizards = client.model::<SaleOrderCancel>();
    assert!(!wizards.exists());
    let sent = emu.request_count();
    let count = wizards
        .all()
        .count()
        .await
        .expect_err("no such model on 19");
    assert_eq!(count.kind(), ErrorKind::Unavailable);
    assert!(count.to_string().contains("sale.order.cancel"), "{count}");
    let call = client
        .methods::<SaleOrderCancel>()
        .action_cancel(&[1])
        .await;
    assert_eq!(
        call.map_err(|e| e.kind()).err(),
        Some(ErrorKind::Unavailable)
    );
    assert_eq!(emu.request_count(), sent);
}

/// `message_post` through the table's typed call on a real server: the new message's id,
/// whether the version answers `6048` (16-18) or `[6628]` (19).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a real Odoo: ODOO_URL, ODOO_DB, ODOO_USER, ODOO_PASSWORD"]
async fn live_message_post_answers_one_id_on_every_version() {
    let client = Client::from_env().await.expect("ODOO_URL and friends");
    let p = ResPartner::fields();
    let partners = client.model::<ResPartner>();
    let values = Values::new().set(&p.name, "odoo-rs typed chatter");
    let partner = partners.create(&values).await.expect("create");
    let posted: RecordId = client
        .methods::<ResPartner>()
        .message_post(&[partner])
        .body("posted through the typed call")
        .subject("odoo-rs")
        .send()
        .await
        .expect("message_post");
    let messages = client
        .get_fields(partner, &p.message_ids)
        .await
        .expect("read");
    partners.unlink(&[partner]).await.expect("unlink");
    assert!(
        messages.ids().contains(&posted.id()),
        "{posted} in {messages:?}"
    );
}
