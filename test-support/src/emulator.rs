//! Clients of the emulator's demo users, over any transport.

use odoo_core::{Client, TransportKind};
use odoo_emulator::{Emulator, OdooVersion};

/// A client of the demo user `login` (`admin` or `limited`) over `transport`: the password on
/// the RPC transports, the user's API key on JSON-2.
pub async fn connect(emu: &Emulator, transport: TransportKind, login: &str) -> Client {
    connect_at(emu.url(), emu, transport, login).await
}

/// As [`connect`], through `url` (a proxy in front of the emulator), with nothing else set.
pub async fn connect_at(
    url: &str,
    emu: &Emulator,
    transport: TransportKind,
    login: &str,
) -> Client {
    let (password, key) = match login {
        "admin" => ("admin", Emulator::DEMO_ADMIN_KEY),
        _ => ("limited", Emulator::DEMO_LIMITED_KEY),
    };
    let builder = Client::builder(url)
        .database(emu.database())
        .login(login)
        .transport(transport);
    let builder = if transport == TransportKind::Json2 {
        builder.api_key(key)
    } else {
        builder.password(password)
    };
    match builder.connect().await {
        Ok(client) => client,
        Err(e) => panic!("{transport:?} as {login}: connect failed: {e}"),
    }
}

/// The transports a version plays: the RPC ones, and JSON-2 from 19.
pub fn transports(version: OdooVersion) -> Vec<TransportKind> {
    let mut out = vec![
        TransportKind::JsonRpc,
        TransportKind::XmlRpc,
        TransportKind::WebSession,
    ];
    if version >= OdooVersion::V19 {
        out.push(TransportKind::Json2);
    }
    out
}
