//! The errors a first connection meets, on every transport: a database the server does not
//! have, a refused secret (and which one each transport sends), a server that is not there,
//! a URL without a scheme. On the emulator, and on the answers real Odoo 16-19 recorded.

use crate::support;

use support::emulator::transports;
use support::session::{json2_login_exchanges, support};
use support::transcript::Transcript;
use support::{load_transcripts, require_fixtures, ReplayServer};

use odoo_core::{Client, CredentialKind, ErrorKind, TransportKind};
use odoo_emulator::{Emulator, OdooVersion};

const VERSIONS: [OdooVersion; 4] = [
    OdooVersion::V16,
    OdooVersion::V17,
    OdooVersion::V18,
    OdooVersion::V19,
];

/// The one line every transport gives for the database `no_such_db`.
const NO_SUCH_DB: &str =
    "the server has no database named \"no_such_db\" (ClientBuilder::database, ODOO_DB)";

/// What a wrong database must look like, whatever the transport said on the wire.
fn check_missing_database(error: &odoo_core::Error, what: &str) {
    assert_eq!(
        error.kind(),
        ErrorKind::DatabaseNotFound,
        "{what}: {error:?}"
    );
    assert_eq!(error.message(), NO_SUCH_DB, "{what}");
    let shown = format!("{error}");
    assert!(shown.contains(NO_SUCH_DB), "{what}: {shown}");
    for leak in ["5432", "127.0.0.1", "<", "\n", "psycopg2"] {
        assert!(
            !error.message().contains(leak),
            "{what}: {leak:?} in the message"
        );
    }
    // What the server said stays reachable.
    let raw = error.debug_info().unwrap_or_default();
    assert!(
        raw.contains("no_such_db")
            || raw.contains("Database not found")
            || raw.contains("No database is selected"),
        "{what}: {raw}"
    );
}

fn builder(url: &str, transport: TransportKind) -> odoo_core::ClientBuilder {
    let builder = Client::builder(url).login("admin").transport(transport);
    if transport == TransportKind::Json2 {
        builder.api_key(Emulator::DEMO_ADMIN_KEY)
    } else {
        builder.password("admin")
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_database_is_one_kind_and_one_line_on_every_transport_of_the_emulator() {
    for version in VERSIONS {
        let emu = Emulator::demo(version).await.expect("emulator starts");
        for transport in transports(version) {
            let error = builder(emu.url(), transport)
                .database("no_such_db")
                .connect()
                .await
                .expect_err("no such database");
            check_missing_database(&error, &format!("{version:?} over {transport}"));
        }
    }
}

/// The recorded exchange `name` of a behaviour, from `odooNN/behaviours/`.
fn behaviour(version: &str, name: &str) -> Transcript {
    let root = support::fixtures_root().expect("fixtures");
    let path = root
        .join(version)
        .join("behaviours")
        .join(format!("behaviour_{name}.json"));
    Transcript::from_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The error of a connection to `no_such_db` over `transport`, against a server that replays
/// `transcripts`.
async fn replayed_connect_error(
    transcripts: Vec<Transcript>,
    transport: TransportKind,
) -> odoo_core::Error {
    let server = ReplayServer::start(transcripts).await;
    builder(&server.url(), transport)
        .database("no_such_db")
        .connect()
        .await
        .expect_err("no such database")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_database_as_real_odoo_answers_it() {
    let _root = require_fixtures!();
    for major in 16..=19 {
        let version = format!("odoo{major}");
        let all = load_transcripts(&version);
        // JSON-RPC: PostgreSQL's refusal through psycopg2, naming the database server.
        let mut transcripts = support(&all, "jsonrpc", "admin", true);
        transcripts.retain(|t| t.name.ends_with("common_version"));
        transcripts.push(behaviour(&version, "jsonrpc_wrong_database_authenticate"));
        let error = replayed_connect_error(transcripts, TransportKind::JsonRpc).await;
        check_missing_database(&error, &format!("{version} json-rpc"));
        assert!(
            error
                .debug_info()
                .is_some_and(|d| d.contains("OperationalError")),
            "{version}"
        );

        // The web session: `AccessError: Database not found.`
        let mut transcripts = support(&all, "web", "admin", true);
        transcripts.retain(|t| t.name == "web_webclient_version_info");
        transcripts.push(behaviour(&version, "web_wrong_database_authenticate"));
        let error = replayed_connect_error(transcripts, TransportKind::WebSession).await;
        check_missing_database(&error, &format!("{version} web session"));
    }

    // JSON-2 (19): an HTML 404 page, before the key is looked at.
    let all = load_transcripts("odoo19");
    let recorded = behaviour("odoo19", "json2_wrong_database_search_count");
    let mut login = json2_login_exchanges(&all, "admin", true);
    login.truncate(1);
    let mut check = login.remove(0);
    check
        .request
        .headers
        .insert("X-Odoo-Database".into(), "no_such_db".into());
    check.response = recorded.response.clone();
    check.name = "synthetic_json2_context_get_wrong_database".into();
    let mut transcripts = support(&all, "http", "admin", true);
    transcripts.push(check);
    let error = replayed_connect_error(transcripts, TransportKind::Json2).await;
    check_missing_database(&error, "odoo19 json-2");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_transport_sends_one_secret_by_one_rule_and_says_which_was_refused() {
    let emu = Emulator::demo(OdooVersion::V19)
        .await
        .expect("emulator starts");
    // Both set: the RPC transports and JSON-2 send the key, the web session the password.
    for (transport, sent) in [
        (TransportKind::JsonRpc, CredentialKind::ApiKey),
        (TransportKind::XmlRpc, CredentialKind::ApiKey),
        (TransportKind::Json2, CredentialKind::ApiKey),
        (TransportKind::WebSession, CredentialKind::Password),
    ] {
        let both = Client::builder(emu.url())
            .database(emu.database())
            .login("admin")
            .password("admin")
            .api_key(Emulator::DEMO_ADMIN_KEY)
            .transport(transport);
        let client = both.connect().await.expect("connects");
        assert_eq!(client.credential_kind(), Some(sent), "{transport}");
        let shown = format!("{client:?}");
        assert!(
            shown.contains(&format!("logs_in_with: Some({sent:?})")),
            "{shown}"
        );
        assert!(!shown.contains(Emulator::DEMO_ADMIN_KEY), "{shown}");

        // The secret that transport sends is wrong, the other one right: refused, and said so.
        let wrong = Client::builder(emu.url())
            .database(emu.database())
            .login("admin")
            .transport(transport);
        let wrong = match sent {
            CredentialKind::ApiKey => wrong.api_key("not-the-key").password("admin"),
            _ => wrong
                .password("not-the-password")
                .api_key(Emulator::DEMO_ADMIN_KEY),
        };
        let error = wrong.connect().await.expect_err("refused");
        assert_eq!(
            error.kind(),
            ErrorKind::AccessDenied,
            "{transport}: {error:?}"
        );
        let odoo = error.odoo_error().expect("a server-side error");
        assert_eq!(odoo.credential, Some(sent), "{transport}");
        let text = error.to_string();
        assert!(
            text.ends_with(&format!("the server refused the {sent}")),
            "{transport}: {text}"
        );
        assert!(!text.contains("not-the-"), "{text}");
    }
}

#[test]
fn the_builder_says_which_secret_it_will_send() {
    let cases = [
        (
            TransportKind::Auto,
            true,
            true,
            "the API key (the password on the web session only)",
        ),
        (TransportKind::JsonRpc, false, true, "the password"),
        (TransportKind::XmlRpc, true, false, "the API key"),
        (TransportKind::WebSession, true, true, "the password"),
        (
            TransportKind::WebSession,
            true,
            false,
            "nothing: the web session needs a password",
        ),
        (
            TransportKind::Json2,
            false,
            true,
            "nothing: JSON-2 needs an API key",
        ),
        (
            TransportKind::Auto,
            false,
            false,
            "nothing: set a password or an API key",
        ),
    ];
    for (transport, key, password, says) in cases {
        let mut builder = Client::builder("http://localhost:8069").transport(transport);
        if key {
            builder = builder.api_key("k-0123456789");
        }
        if password {
            builder = builder.password("p-0123456789");
        }
        let shown = format!("{builder:?}");
        assert!(shown.contains(&format!("logs_in_with: {says},")), "{shown}");
        assert!(!shown.contains("0123456789"), "{shown}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_is_not_there_is_named() {
    // A port that was just free: nothing listens there.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let url = format!("http://127.0.0.1:{port}");
    for transport in [
        TransportKind::Auto,
        TransportKind::JsonRpc,
        TransportKind::XmlRpc,
        TransportKind::WebSession,
        TransportKind::Json2,
    ] {
        let error = builder(&url, transport)
            .database("odoo")
            .connect()
            .await
            .expect_err("nothing listens");
        assert_eq!(error.kind(), ErrorKind::Transport, "{transport}: {error:?}");
        assert!(error.is_connect(), "{transport}: {error:?}");
        let text = error.to_string();
        assert!(
            text.contains(&format!("cannot connect to http://127.0.0.1:{port}:")),
            "{transport}: {text}"
        );
    }
    // The port is written even when it is the scheme's default.
    let error = builder("http://127.0.0.1", TransportKind::JsonRpc)
        .connect_timeout(std::time::Duration::from_secs(2))
        .database("odoo")
        .connect()
        .await
        .expect_err("nothing listens on port 80 here");
    assert!(error.to_string().contains("http://127.0.0.1:80"), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_url_without_a_scheme_says_what_is_expected() {
    for url in ["127.0.0.1:8069", "localhost:8069"] {
        let error = Client::builder(url)
            .password("admin")
            .connect()
            .await
            .expect_err("no scheme");
        assert_eq!(error.kind(), ErrorKind::InvalidInput);
        assert_eq!(
            error.to_string(),
            format!("invalid use: the server URL has no scheme: it must start with http:// or https://, such as http://{url}")
        );
    }
}
