//! Against a real Odoo (the variables of `live.rs`; the admin's password is needed): the
//! default transport for a password, and calls through it after the server dropped the
//! session.
//!
//! Odoo drops a user's sessions when the user's password is set (the session token hashes
//! it), as an administrator's reset does. The test makes a user of its own, logs it in with
//! the default transport, has the administrator set that user's password (to the same
//! value) before each call, and checks that every call, a create among them, ran exactly
//! once. The user and its records are deleted at the end.

use odoo_core::{Client, SearchOptions, TransportKind};
use serde_json::{json, Value};

use odoo_test_support::live_settings;

/// The id of the record of `xml_id` (`module.name`).
async fn xml_id(admin: &Client, xml_id: &str) -> i64 {
    let (module, name) = xml_id.split_once('.').unwrap_or(("", xml_id));
    let rows: Vec<Value> = admin
        .search_read(
            "ir.model.data",
            json!([["module", "=", module], ["name", "=", name]]),
            &["res_id"],
            SearchOptions::new(),
        )
        .await
        .unwrap_or_else(|e| panic!("{xml_id}: {e}"));
    rows.first()
        .and_then(|row| row["res_id"].as_i64())
        .unwrap_or_else(|| panic!("no {xml_id}"))
}

/// Creates an internal user who may create contacts; `group_ids` on 19, `groups_id` before.
async fn make_user(admin: &Client, login: &str, password: &str) -> i64 {
    let groups = vec![
        xml_id(admin, "base.group_user").await,
        xml_id(admin, "base.group_partner_manager").await,
    ];
    let fields = admin
        .fields_get("res.users", &["group_ids", "groups_id"], &["type"])
        .await
        .unwrap_or_else(|e| panic!("fields of res.users: {e}"));
    let groups_field = if fields.contains_key("group_ids") {
        "group_ids"
    } else {
        "groups_id"
    };
    admin
        .create(
            "res.users",
            json!({"name": login, "login": login, "password": password,
                   groups_field: [[6, 0, groups]]}),
        )
        .await
        .unwrap_or_else(|e| panic!("create the user: {e}"))
}

/// How many times `uid` logged in (Odoo keeps a `res.users.log` row per login).
async fn logins(admin: &Client, uid: i64) -> u64 {
    admin
        .search_count(
            "res.users.log",
            json!([["create_uid", "=", uid]]),
            SearchOptions::new(),
        )
        .await
        .unwrap_or_else(|e| panic!("res.users.log: {e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
async fn calls_through_a_session_the_server_dropped_run_once() {
    let live = live_settings::settings();
    let Some(admin_password) = live.password.clone() else {
        panic!("this test needs ODOO_PASSWORD: it logs a user in with a password");
    };
    let admin = Client::builder(&live.url)
        .database(&live.db)
        .login(&live.user)
        .password(&admin_password)
        .connect()
        .await
        .unwrap_or_else(|e| panic!("admin: {e}"));
    assert_eq!(
        admin.transport_kind(),
        TransportKind::WebSession,
        "the default transport for a password"
    );
    let nonce = std::process::id();
    let (login, password) = (format!("odoo-rs-session-{nonce}"), format!("pw-{nonce}-x"));
    let uid = make_user(&admin, &login, &password).await;

    let outcome = drop_sessions_between_calls(&live, &admin, uid, &login, &password).await;

    // Clean up whatever happened: the user (archived if Odoo keeps it for its logs), then
    // the partners named after it, its own partner among them (unlinking a user keeps it).
    if admin.unlink("res.users", &[uid]).await.is_err() {
        let _ = admin
            .write("res.users", &[uid], json!({"active": false}))
            .await;
    }
    let partners: Vec<i64> = admin
        .search(
            "res.partner",
            json!([["name", "=like", format!("{login}%")]]),
            SearchOptions::new().context(odoo_core::Context::new().active_test(false)),
        )
        .await
        .unwrap_or_default();
    if !partners.is_empty() {
        let _ = admin.unlink("res.partner", &partners).await;
    }
    outcome.unwrap_or_else(|e| panic!("{e}"));
}

/// Each call of the user's client comes after the administrator dropped its session.
async fn drop_sessions_between_calls(
    live: &live_settings::Settings,
    admin: &Client,
    uid: i64,
    login: &str,
    password: &str,
) -> Result<(), String> {
    let user = Client::builder(&live.url)
        .database(&live.db)
        .login(login)
        .password(password)
        .connect()
        .await
        .map_err(|e| format!("the user's login: {e}"))?;
    if user.transport_kind() != TransportKind::WebSession {
        return Err(format!("default transport: {}", user.transport_kind()));
    }
    let drop_sessions = || async {
        admin
            .write("res.users", &[uid], json!({"password": password}))
            .await
            .map_err(|e| format!("set the password: {e}"))
            .map(|_| ())
    };
    let name = format!("{login} partner");
    let before = logins(admin, uid).await;

    drop_sessions().await?;
    let id = user
        .create("res.partner", json!({"name": name}))
        .await
        .map_err(|e| format!("create after the session was dropped: {e}"))?;
    let created = admin
        .search_count(
            "res.partner",
            json!([["name", "=", name]]),
            SearchOptions::new(),
        )
        .await
        .map_err(|e| e.to_string())?;
    if created != 1 {
        return Err(format!("the create ran {created} times"));
    }
    let after_create = logins(admin, uid).await;
    if after_create != before + 1 {
        return Err(format!(
            "the session was not renewed: {before} logins before, {after_create} after"
        ));
    }

    drop_sessions().await?;
    user.write("res.partner", &[id], json!({"city": "Renewed"}))
        .await
        .map_err(|e| format!("write after the session was dropped: {e}"))?;
    drop_sessions().await?;
    let rows: Vec<Value> = user
        .read(
            "res.partner",
            &[id],
            &["city"],
            odoo_core::ReadOptions::new(),
        )
        .await
        .map_err(|e| format!("read after the session was dropped: {e}"))?;
    if rows.first().map(|row| &row["city"]) != Some(&json!("Renewed")) {
        return Err(format!("the write did not land: {rows:?}"));
    }
    drop_sessions().await?;
    user.unlink("res.partner", &[id])
        .await
        .map_err(|e| format!("unlink after the session was dropped: {e}"))?;
    let renewals = logins(admin, uid).await - before;
    if renewals != 4 {
        return Err(format!("{renewals} new logins for 4 dropped sessions"));
    }
    Ok(())
}
