//! Attachments through the client, on the emulator as Odoo 16-19 (with each version's recorded
//! schema), over every transport: sent, described without their content and read back byte for
//! byte, through the web session's `/web/content` and, with an API key alone, through the ORM.

use crate::support;

use std::path::Path;

use odoo_core::schema::Schema;
use odoo_core::{Client, ErrorKind, TransportKind};
use odoo_emulator::{Emulator, OdooVersion, User};
use serde_json::json;
use support::emulator::transports;

const KEY: &str = "attachments-admin-key";

fn schema(major: u32) -> Schema {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!(
        "../generated/fixture-models/schemas/odoo{major}.json"
    ));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Schema::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

async fn emulator(version: OdooVersion) -> Emulator {
    emulator_with(version, schema(version.major())).await
}

/// The emulator as `version` with `schema`, the partner 7 and the admin.
async fn emulator_with(version: OdooVersion, schema: Schema) -> Emulator {
    Emulator::builder()
        .version(version)
        .schema(schema)
        .record("res.partner", json!({"id": 7, "name": "Deco Addict"}))
        .user(User::new("admin", "admin").uid(2).api_key(KEY).admin())
        .start()
        .await
        .expect("emulator starts")
}

/// A client with the password (and the key on JSON-2), or with the key alone.
async fn connect(emu: &Emulator, transport: TransportKind, password: bool) -> Client {
    let mut builder = Client::builder(emu.url())
        .database(emu.database())
        .login("admin")
        .transport(transport);
    if password {
        builder = builder.password("admin");
    }
    if transport == TransportKind::Json2 || !password {
        builder = builder.api_key(KEY);
    }
    builder
        .connect()
        .await
        .unwrap_or_else(|e| panic!("{transport}: connect: {e}"))
}

/// A client per transport of `version` with the password, and one with the key alone per
/// transport but the web session (whose login takes a password), each with what it is.
async fn clients(emu: &Emulator, version: OdooVersion) -> Vec<(String, Client)> {
    let mut out = Vec::new();
    for transport in transports(version) {
        for password in [true, false] {
            if !password && transport == TransportKind::WebSession {
                continue; // the web session logs in with a password
            }
            let what = format!("{version:?} over {transport}, password {password}");
            out.push((what, connect(emu, transport, password).await));
        }
    }
    out
}

/// Content of `len` bytes that is not text.
fn content(len: usize) -> Vec<u8> {
    (0..len).map(|i| ((i * 7 + 3) % 256) as u8).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_round_trip_on_every_transport() {
    for version in [
        OdooVersion::V16,
        OdooVersion::V17,
        OdooVersion::V18,
        OdooVersion::V19,
    ] {
        let emu = emulator(version).await;
        for (what, client) in clients(&emu, version).await {
            let files = client.attachments();
            for len in [1, 1 << 20] {
                let bytes = content(len);
                let id = files
                    .attach("res.partner", 7, "data.bin", &bytes)
                    .await
                    .unwrap_or_else(|e| panic!("{what}: attach: {e}"));
                let info = files
                    .info(id)
                    .await
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                assert_eq!(info.file_size, len as u64, "{what}");
                assert_eq!(info.name, "data.bin", "{what}");
                assert_eq!(info.res_model.as_deref(), Some("res.partner"), "{what}");
                assert_eq!(info.res_id, Some(7), "{what}");
                assert_eq!(info.checksum.as_ref().map(String::len), Some(40), "{what}");
                if len == 1 {
                    // What real Odoo 16-19 gave for the same byte.
                    let odoo = "9842926af7ca0a8cca12604f945414f07b01e13d";
                    assert_eq!(info.checksum.as_deref(), Some(odoo), "{what}");
                }
                let file = files
                    .download(id)
                    .await
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                assert!(file.bytes == bytes, "{what}: {len} bytes: {file:?}");
                assert_eq!(file.filename.as_deref(), Some("data.bin"), "{what}");
                assert_eq!(file.content_type, "application/octet-stream", "{what}");
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_text_file_its_description_and_a_missing_one() {
    let emu = emulator(OdooVersion::V18).await;
    let client = connect(&emu, TransportKind::JsonRpc, true).await;
    let files = client.attachments();
    let dir = std::env::temp_dir().join(format!("odoo-rs-attachments-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("terms.txt");
    std::fs::write(&path, "Net 30").expect("write");
    let id = files
        .attach_file("res.partner", 7, &path)
        .await
        .expect("attach");
    let info = files.info(id).await.expect("info");
    assert_eq!(info.mimetype.as_deref(), Some("text/plain"));
    // The SHA-1 of "Net 30".
    assert_eq!(
        info.checksum.as_deref(),
        Some("66a1e43c0a094a13e8ba555cc592ae02c066c405")
    );
    let streamed = files
        .attach_reader("res.partner", 7, "streamed.txt", &b"from a stream"[..])
        .await
        .expect("attach a stream");
    let file = files.download(streamed).await.expect("download");
    assert_eq!(&file.bytes[..], b"from a stream");
    client
        .unlink("ir.attachment", &[streamed])
        .await
        .expect("unlink");
    let listed = files.of_record("res.partner", 7).await.expect("of_record");
    assert_eq!(listed, vec![info.clone()]);
    client.unlink("ir.attachment", &[id]).await.expect("unlink");
    let error = files.info(id).await.expect_err("gone");
    assert_eq!(error.kind(), ErrorKind::MissingError, "{error:?}");
    let error = files.download(id).await.expect_err("gone");
    assert_eq!(error.kind(), ErrorKind::MissingError, "{error:?}");
    let key_only = connect(&emu, TransportKind::JsonRpc, false).await;
    let error = key_only.attachments().download(id).await.expect_err("gone");
    assert_eq!(error.kind(), ErrorKind::MissingError, "{error:?}");
    let error = files
        .attach_file("res.partner", 7, dir.join("no-such-file"))
        .await
        .expect_err("no such file");
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_mebibytes_round_trip() {
    let emu = emulator(OdooVersion::V19).await;
    let bytes = content(50 << 20);
    for password in [true, false] {
        let client = connect(&emu, TransportKind::JsonRpc, password).await;
        let files = client.attachments();
        let id = files
            .attach("res.partner", 7, "big.bin", &bytes)
            .await
            .expect("attach 50 MiB");
        assert_eq!(files.info(id).await.expect("info").file_size, 50 << 20);
        let file = files.download(id).await.expect("download 50 MiB");
        assert!(
            file.bytes == bytes,
            "password {password}: {} bytes",
            file.bytes.len()
        );
        client.unlink("ir.attachment", &[id]).await.expect("unlink");
    }
}

/// Odoo 19.3 and later have no `ir.attachment.datas`: the content is `raw`, base64 on the wire.
/// The client finds out from the server's fields, not from its version.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_without_datas_gets_the_content_as_raw() {
    let mut schema = schema(19);
    let attachment = schema
        .models
        .get_mut("ir.attachment")
        .expect("ir.attachment in the schema");
    assert!(attachment.fields.remove("datas").is_some());
    assert!(attachment.fields.contains_key("raw"));
    let emu = emulator_with(OdooVersion::V19, schema).await;
    let bytes = content(70_000);
    for (what, client) in clients(&emu, OdooVersion::V19).await {
        let files = client.attachments();
        let id = files
            .attach("res.partner", 7, "data.bin", &bytes)
            .await
            .unwrap_or_else(|e| panic!("{what}: attach: {e}"));
        let info = files
            .info(id)
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(info.file_size, bytes.len() as u64, "{what}");
        let file = files
            .download(id)
            .await
            .unwrap_or_else(|e| panic!("{what}: download: {e}"));
        assert!(file.bytes == bytes, "{what}: {file:?}");
        let mut copied = Vec::new();
        files
            .download_to(id, &mut copied)
            .await
            .unwrap_or_else(|e| panic!("{what}: download_to: {e}"));
        assert!(copied == bytes, "{what}");
    }
    // The server has no `datas` indeed.
    let client = connect(&emu, TransportKind::JsonRpc, true).await;
    let error = client
        .read::<serde_json::Value>("ir.attachment", &[1], &["datas"], Default::default())
        .await
        .expect_err("no datas");
    assert!(error.to_string().contains("datas"), "{error}");
}
