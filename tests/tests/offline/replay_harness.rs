//! Tests of the replay harness itself (the `odoo-test-support` crate): loading the
//! recordings, semantic request matching, and the replay server over real
//! HTTP.

use crate::support;

use serde_json::{json, Value};
use support::*;

// ---------------------------------------------------------------------------
// helpers

/// A JSON body re-encoded differently: compact, keys in reverse order.
fn reencode_json(v: &Value) -> String {
    fn reorder(v: &Value) -> String {
        match v {
            Value::Object(map) => {
                let parts: Vec<String> = map
                    .iter()
                    .rev()
                    .map(|(k, v)| format!("{}:{}", Value::String(k.clone()), reorder(v)))
                    .collect();
                format!("{{{}}}", parts.join(","))
            }
            Value::Array(items) => {
                let parts: Vec<String> = items.iter().map(reorder).collect();
                format!("[{}]", parts.join(","))
            }
            other => other.to_string(),
        }
    }
    reorder(v)
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Encodes a value tree back to XML-RPC without whitespace, with `i4`
/// instead of `int` and struct members in reverse order.
fn xmlrpc_value(v: &Value) -> String {
    let inner = match v {
        Value::Null => "<nil/>".to_owned(),
        Value::Bool(b) => format!("<boolean>{}</boolean>", u8::from(*b)),
        Value::Number(n) if n.is_f64() => format!("<double>{n}</double>"),
        Value::Number(n) => format!("<i4>{n}</i4>"),
        Value::String(s) => format!("<string>{}</string>", xml_escape(s)),
        Value::Array(items) => format!(
            "<array><data>{}</data></array>",
            items.iter().map(xmlrpc_value).collect::<String>()
        ),
        Value::Object(map) => format!(
            "<struct>{}</struct>",
            map.iter()
                .rev()
                .map(|(k, v)| format!(
                    "<member><name>{}</name>{}</member>",
                    xml_escape(k),
                    xmlrpc_value(v)
                ))
                .collect::<String>()
        ),
    };
    format!("<value>{inner}</value>")
}

fn xmlrpc_call(tree: &Value) -> String {
    let method = tree["methodName"].as_str().expect("methodName");
    let params: String = tree["params"]
        .as_array()
        .expect("params")
        .iter()
        .map(|p| format!("<param>{}</param>", xmlrpc_value(p)))
        .collect();
    format!("<?xml version=\"1.0\"?><methodCall><methodName>{method}</methodName><params>{params}</params></methodCall>")
}

/// The recorded request with realistic header values in place of the
/// redacted ones, and other harmless headers a client adds.
fn realistic_request(t: &Transcript) -> IncomingRequest {
    let mut req = IncomingRequest::from_transcript(t);
    if t.request_header("Authorization").is_some() {
        req.set_header("Authorization", Some("Bearer 0123456789abcdef"));
    }
    if t.request_header("Cookie").is_some() {
        req.set_header("Cookie", Some("tz=Europe/Brussels; session_id=4f2a9c0e71"));
    }
    req.headers
        .push(("user-agent".into(), "harness-test".into()));
    req.headers.push(("accept".into(), "*/*".into()));
    req
}

fn all_transcripts() -> Vec<Transcript> {
    VERSIONS.iter().flat_map(|v| load_transcripts(v)).collect()
}

fn expect_mismatch(t: &Transcript, req: &IncomingRequest) -> Mismatch {
    match match_request(t, req) {
        Ok(()) => panic!("{}: request unexpectedly matches:\n{req:#?}", t.name),
        Err(m) => m,
    }
}

fn expect_match(t: &Transcript, req: &IncomingRequest) {
    if let Err(m) = match_request(t, req) {
        panic!("{}: request should match but:\n{m}", t.name);
    }
}

fn with_json_body(t: &Transcript, edit: impl FnOnce(&mut Value)) -> IncomingRequest {
    let mut req = IncomingRequest::from_transcript(t);
    let mut v = t.request_value().expect("request body parses");
    edit(&mut v);
    req.body = serde_json::to_vec(&v).expect("serialize");
    req
}

// ---------------------------------------------------------------------------
// fixtures location

#[test]
fn fixtures_location_prefers_env_then_workspace_sibling() {
    let manifest = std::path::Path::new("/ws/main/tests");
    assert_eq!(
        fixtures_location_from(Some("/elsewhere/fx".into()), manifest),
        std::path::PathBuf::from("/elsewhere/fx")
    );
    assert_eq!(
        fixtures_location_from(Some("".into()), manifest),
        std::path::PathBuf::from("/ws/shared/fixtures")
    );
    assert_eq!(
        fixtures_location_from(None, manifest),
        std::path::PathBuf::from("/ws/shared/fixtures")
    );
}

// ---------------------------------------------------------------------------
// loading

#[test]
fn all_versions_load_and_parse() {
    require_fixtures!();
    for version in VERSIONS {
        let transcripts = load_transcripts(version);
        assert!(!transcripts.is_empty(), "{version}: no transcripts");
        let number = version_number(version).expect("version number");
        let mut names: Vec<&str> = transcripts.iter().map(|t| t.name.as_str()).collect();
        let sorted = {
            let mut s = names.clone();
            s.sort();
            s
        };
        assert_eq!(names, sorted, "{version}: not sorted by name");
        names.dedup();
        assert_eq!(names.len(), transcripts.len(), "{version}: duplicate names");

        for t in &transcripts {
            assert_eq!(t.server_version(), number, "{}", t.name);
            let family = t.family();
            assert!(!t.case().is_empty(), "{}: empty case", t.name);
            assert_eq!(format!("{family}_{}", t.case()), t.name);
            match t.request.method.as_str() {
                "GET" => assert!(t.request.body.is_none(), "{}: GET with body", t.name),
                "POST" => assert!(t.request.body.is_some(), "{}: POST without body", t.name),
                other => panic!("{}: unexpected method {other}", t.name),
            }
            // Every request body parses, except the deliberately malformed ones.
            if t.request.body.is_some() {
                let malformed = t.case().contains("malformed");
                assert_eq!(
                    t.request_value().is_none(),
                    malformed,
                    "{}: request body parse result unexpected",
                    t.name
                );
            }
            // Every XML-RPC and JSON-RPC response parses.
            if matches!(family, Family::Xmlrpc)
                || (matches!(family, Family::Jsonrpc | Family::Web) && t.response.status == 200)
            {
                assert!(
                    t.response_value().is_some(),
                    "{}: response body does not parse",
                    t.name
                );
            }
        }

        let count = |f: Family| transcripts.iter().filter(|t| t.family() == f).count();
        for f in [Family::Xmlrpc, Family::Jsonrpc, Family::Web, Family::Http] {
            assert!(count(f) > 0, "{version}: no {f} transcripts");
        }
        if number >= 19 {
            assert!(count(Family::Json2) > 0, "{version}: no json2 transcripts");
            assert!(count(Family::Doc) > 0, "{version}: no doc transcripts");
        }
    }
}

#[test]
fn names_split_into_family_and_case() {
    assert_eq!(
        Family::split_name("jsonrpc_read_partner"),
        Some((Family::Jsonrpc, "read_partner"))
    );
    assert_eq!(
        Family::split_name("doc_bearer_index"),
        Some((Family::Doc, "bearer_index"))
    );
    assert_eq!(
        Family::split_name("json2_error_bad_api_key"),
        Some((Family::Json2, "error_bad_api_key"))
    );
    assert_eq!(Family::split_name("nothing"), None);
    assert_eq!(Family::split_name("ftp_x"), None);
    assert_eq!(version_number("odoo17"), Some(17));
    assert_eq!(version_number("19"), Some(19));
}

#[test]
fn loaded_transcript_knows_case_and_version() {
    require_fixtures!();
    let t = load_transcript("odoo18", "jsonrpc_read_partner");
    assert_eq!(t.family(), Family::Jsonrpc);
    assert_eq!(t.case(), "read_partner");
    assert_eq!(t.server_version(), 18);
    let t = load_transcript("19", "doc_bearer_index");
    assert_eq!(t.family(), Family::Doc);
    assert_eq!(t.case(), "bearer_index");
    assert_eq!(t.server_version(), 19);
    assert!(try_load_transcript("odoo16", "json2_read_partner").is_none());
}

// ---------------------------------------------------------------------------
// users and support transcripts

#[test]
fn users_are_read_from_requests() {
    require_fixtures!();
    let user = |v: &str, name: &str| load_transcript(v, name).user();
    for v in VERSIONS {
        for p in ["xmlrpc", "jsonrpc"] {
            assert_eq!(user(v, &format!("{p}_read_partner")), User::Admin);
            assert_eq!(user(v, &format!("{p}_common_authenticate_ok")), User::Admin);
            assert_eq!(
                user(v, &format!("{p}_common_authenticate_limited_ok")),
                User::Limited
            );
            assert_eq!(
                user(v, &format!("{p}_common_authenticate_bad_password")),
                User::BadCredentials
            );
            assert_eq!(
                user(v, &format!("{p}_error_bad_password_execute_kw")),
                User::BadCredentials
            );
            assert_eq!(
                user(v, &format!("{p}_error_access_limited_read_sale_order")),
                User::Limited
            );
            assert_eq!(user(v, &format!("{p}_common_version")), User::Anonymous);
        }
        assert_eq!(user(v, "web_session_authenticate_ok"), User::Admin);
        assert_eq!(
            user(v, "web_session_authenticate_limited_ok"),
            User::Limited
        );
        assert_eq!(
            user(v, "web_session_authenticate_bad_password"),
            User::BadCredentials
        );
        assert_eq!(user(v, "web_read_partner"), User::Admin);
        assert_eq!(
            user(v, "web_error_access_limited_write_sale_order"),
            User::Limited
        );
        assert_eq!(
            user(v, "web_error_call_kw_without_session"),
            User::Anonymous
        );
        assert_eq!(
            user(v, "web_error_call_kw_bogus_session"),
            User::BadCredentials
        );
        assert_eq!(user(v, "http_get_web_version"), User::Anonymous);
    }
    assert_eq!(user("odoo19", "json2_read_partner"), User::Admin);
    assert_eq!(
        user("odoo19", "json2_error_access_limited_read_sale_order"),
        User::Limited
    );
    assert_eq!(
        user("odoo19", "json2_error_bad_api_key"),
        User::BadCredentials
    );
    assert_eq!(
        user("odoo19", "json2_error_missing_authorization"),
        User::Anonymous
    );
    assert_eq!(user("odoo19", "doc_bearer_index_limited"), User::Limited);
    assert_eq!(
        user("odoo19", "doc_bearer_error_bad_key"),
        User::BadCredentials
    );

    // Across all recordings: every case named "limited" runs as limited.
    for t in all_transcripts() {
        if t.case().contains("limited") {
            assert_eq!(t.user(), User::Limited, "{}", t.name);
        }
    }
}

#[test]
fn support_transcripts_exist_for_every_family_and_user() {
    require_fixtures!();
    assert_eq!(
        support_names("odoo18", Family::Jsonrpc, User::Admin),
        ["jsonrpc_common_authenticate_ok", "jsonrpc_common_version"]
    );
    assert_eq!(
        support_names("odoo18", Family::Xmlrpc, User::Limited),
        [
            "xmlrpc_common_authenticate_limited_ok",
            "xmlrpc_common_version"
        ]
    );
    assert_eq!(
        support_names("odoo17", Family::Web, User::Admin),
        ["web_session_authenticate_ok", "web_webclient_version_info"]
    );
    assert_eq!(
        support_names("odoo19", Family::Json2, User::Admin),
        ["http_get_web_version"]
    );
    assert!(support_names("odoo18", Family::Json2, User::Admin).is_empty());
    assert!(support_names("odoo19", Family::Http, User::Anonymous).is_empty());

    let users = [
        User::Admin,
        User::Limited,
        User::BadCredentials,
        User::Anonymous,
    ];
    for v in VERSIONS {
        for family in Family::ALL {
            for user in users {
                let loaded = support_transcripts(v, family, user);
                assert_eq!(
                    loaded.len(),
                    support_names(v, family, user).len(),
                    "{v} {family} {user:?}"
                );
            }
        }
    }
    // Each case's own support set loads, with the case first.
    for t in all_transcripts() {
        let set = case_with_support(&t);
        assert_eq!(set[0].name, t.name);
    }
}

// ---------------------------------------------------------------------------
// matching

#[test]
fn every_recorded_request_matches_itself() {
    require_fixtures!();
    for t in all_transcripts() {
        expect_match(&t, &IncomingRequest::from_transcript(&t));
        expect_match(&t, &realistic_request(&t));
    }
}

#[test]
fn reencoded_json_bodies_still_match() {
    require_fixtures!();
    for t in all_transcripts() {
        if matches!(t.family(), Family::Jsonrpc | Family::Web | Family::Json2) {
            let Some(v) = t.request_value() else { continue };
            let mut req = realistic_request(&t);
            req.body = reencode_json(&v).into_bytes();
            expect_match(&t, &req);
        }
    }
}

#[test]
fn changed_argument_does_not_match_and_is_named() {
    require_fixtures!();
    let t = load_transcript("odoo18", "jsonrpc_read_partner");
    let req = with_json_body(&t, |v| v["params"]["args"][5][0][0] = json!(10));
    let m = expect_mismatch(&t, &req);
    assert_eq!(m.kind, MismatchKind::Content);
    assert_eq!(m.count, 1, "{m}");
    let text = m.to_string();
    assert!(text.contains("$.params.args[5][0][0]"), "{text}");
    assert!(text.contains("recorded 9, request 10"), "{text}");

    // A missing and an extra keyword argument are both named.
    let req = with_json_body(&t, |v| {
        let kwargs = v["params"]["args"][6].as_object_mut().expect("kwargs");
        kwargs.remove("fields");
        kwargs.insert("limit".into(), json!(5));
    });
    let text = expect_mismatch(&t, &req).to_string();
    assert!(
        text.contains("$.params.args[6].fields: missing in request"),
        "{text}"
    );
    assert!(
        text.contains("$.params.args[6].limit: not in the recording"),
        "{text}"
    );

    // The functional form gives the same verdicts.
    let body = serde_json::to_vec(&t.request_value()).expect("serialize");
    assert!(bodies_match(
        &t,
        "POST",
        "/jsonrpc",
        &[("Content-Type", "application/json")],
        &body
    )
    .is_ok());
    let err = bodies_match(
        &t,
        "POST",
        "/jsonrpc",
        &[("Content-Type", "application/json")],
        &req.body,
    )
    .expect_err("changed kwargs must not match");
    assert!(err.contains("fields"), "{err}");
}

#[test]
fn jsonrpc_id_is_ignored_but_only_at_top_level() {
    require_fixtures!();
    for name in ["jsonrpc_search_partner", "web_search_partner"] {
        let t = load_transcript("odoo17", name);
        expect_match(&t, &with_json_body(&t, |v| v["id"] = json!(123_456)));
        expect_match(&t, &with_json_body(&t, |v| v["id"] = json!("a-string-id")));
        expect_match(
            &t,
            &with_json_body(&t, |v| {
                v.as_object_mut().expect("object").remove("id");
            }),
        );
        // An `id` deeper inside is data and is compared.
        let m = expect_mismatch(&t, &with_json_body(&t, |v| v["params"]["id"] = json!(1)));
        assert!(m.to_string().contains("$.params.id"), "{m}");
    }
    // JSON-2 bodies have no envelope: nothing is ignored there.
    let t = load_transcript("odoo19", "json2_search_partner");
    expect_mismatch(&t, &with_json_body(&t, |v| v["id"] = json!(1)));
}

#[test]
fn numbers_compare_numerically() {
    assert!(values_equal(&json!(1), &json!(1.0)));
    assert!(values_equal(
        &json!({"a": [1, 2.5]}),
        &json!({"a": [1.0, 2.5]})
    ));
    assert!(!values_equal(&json!(1), &json!(2)));
    assert!(!values_equal(&json!(1), &json!("1")));
    assert!(!values_equal(&json!(false), &json!(0)));
    assert!(!values_equal(&json!(null), &json!(false)));
    assert!(values_equal(
        &json!({"a": 1, "b": 2}),
        &json!({"b": 2, "a": 1})
    ));
    assert!(!values_equal(&json!([1, 2]), &json!([2, 1])));
    let d = value_differences(&json!({"x": [1, 2, 3]}), &json!({"x": [1, 2]}));
    assert_eq!(d, ["$.x: recorded array of 3 items, request 2 items"]);
    let d = value_differences(&json!({"odd key": 1}), &json!({"odd key": "1"}));
    assert_eq!(
        d,
        [r#"$["odd key"]: recorded number 1, request string "1""#]
    );
}

#[test]
fn xmlrpc_reader_maps_types() {
    let doc = r#"<?xml version="1.0"?>
<methodResponse><params><param><value><struct>
<member><name>i</name><value><int> 7 </int></value></member>
<member><name>i4</name><value><i4>-3</i4></value></member>
<member><name>i8</name><value><i8>9000000000</i8></value></member>
<member><name>b</name><value><boolean>1</boolean></value></member>
<member><name>s</name><value><string> a &amp; b &lt;c&gt; </string></value></member>
<member><name>u</name><value>untyped text</value></member>
<member><name>e</name><value><string/></value></member>
<member><name>d</name><value><double>12.5</double></value></member>
<member><name>n</name><value><nil/></value></member>
<member><name>b64</name><value><base64>
aGVs
bG8=
</base64></value></member>
<member><name>dt</name><value><dateTime.iso8601>20240101T10:00:00</dateTime.iso8601></value></member>
<member><name>a</name><value><array><data><value><int>1</int></value><value><string>x</string></value></data></array></value></member>
<member><name>cdata</name><value><string><![CDATA[<p>hi</p>]]></string></value></member>
</struct></value></param></params></methodResponse>"#;
    let v = xmlrpc::parse(doc).expect("parses");
    assert_eq!(
        v,
        json!({"params": [{
            "i": 7, "i4": -3, "i8": 9_000_000_000_i64, "b": true,
            "s": " a & b <c> ", "u": "untyped text", "e": "", "d": 12.5, "n": null,
            "b64": "aGVsbG8=", "dt": "20240101T10:00:00", "a": [1, "x"], "cdata": "<p>hi</p>"
        }]})
    );
    let fault = r#"<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>1</int></value></member><member><name>faultString</name><value><string>boom</string></value></member></struct></value></fault></methodResponse>"#;
    assert_eq!(
        xmlrpc::parse(fault).expect("fault parses"),
        json!({"fault": {"faultCode": 1, "faultString": "boom"}})
    );
    assert!(xmlrpc::parse("<methodCall><methodName>execute_kw").is_err());
    assert!(xmlrpc::parse("<methodCall><methodName>x</methodName><params><param><value><int>x</int></value></param></params></methodCall>").is_err());
    assert!(xmlrpc::parse("<html><body/></html>").is_err());
}

#[test]
fn xmlrpc_member_order_and_layout_are_ignored() {
    require_fixtures!();
    let mut compared = 0;
    for t in all_transcripts() {
        if t.family() != Family::Xmlrpc {
            continue;
        }
        let Some(tree) = t.request_value() else {
            continue;
        };
        let mut req = IncomingRequest::from_transcript(&t);
        req.body = xmlrpc_call(&tree).into_bytes();
        assert_ne!(
            req.body,
            t.request.body.clone().unwrap_or_default().into_bytes()
        );
        expect_match(&t, &req);
        compared += 1;
    }
    assert!(compared > 100, "only {compared} XML-RPC requests compared");

    // A hand-made check on a struct with several members.
    let t = load_transcript("odoo18", "xmlrpc_search_partner");
    let body = t.request.body.clone().expect("body");
    let limit = "<member>\n<name>limit</name>\n<value><int>5</int></value>\n</member>\n";
    assert!(body.contains(limit), "recording changed: {body}");
    let moved = body
        .replace(limit, "")
        .replace("</struct>", &format!("{limit}</struct>"));
    assert_ne!(moved, body);
    let mut req = IncomingRequest::from_transcript(&t);
    req.body = moved.into_bytes();
    expect_match(&t, &req);
}

#[test]
fn xmlrpc_value_changes_are_named() {
    require_fixtures!();
    let t = load_transcript("odoo18", "xmlrpc_read_partner");
    let body = t.request.body.clone().expect("body");
    let mut req = IncomingRequest::from_transcript(&t);

    req.body = body
        .replacen("<int>9</int>", "<int>10</int>", 1)
        .into_bytes();
    let text = expect_mismatch(&t, &req).to_string();
    assert!(
        text.contains("$.params[5][0][0]: recorded 9, request 10"),
        "{text}"
    );

    req.body = body
        .replacen("<int>9</int>", "<string>9</string>", 1)
        .into_bytes();
    let text = expect_mismatch(&t, &req).to_string();
    assert!(
        text.contains("recorded number 9, request string \"9\""),
        "{text}"
    );

    req.body = body.replacen("<int>9</int>", "<i8>9</i8>", 1).into_bytes();
    expect_match(&t, &req);

    req.body = body
        .replacen(
            "<value><string>admin</string></value>",
            "<value><string>limited</string></value>",
            1,
        )
        .into_bytes();
    let text = expect_mismatch(&t, &req).to_string();
    assert!(
        text.contains("$.params[2]: recorded \"admin\", request \"limited\""),
        "{text}"
    );

    req.body = b"<methodCall><methodName>execute_kw".to_vec();
    let text = expect_mismatch(&t, &req).to_string();
    assert!(text.contains("request body is not valid XML-RPC"), "{text}");
}

#[test]
fn malformed_recordings_match_only_byte_for_byte() {
    require_fixtures!();
    for (version, name) in [
        ("odoo16", "jsonrpc_error_malformed_json"),
        ("odoo18", "xmlrpc_error_malformed_body"),
        ("odoo19", "json2_error_malformed_json"),
    ] {
        let t = load_transcript(version, name);
        expect_match(&t, &IncomingRequest::from_transcript(&t));
        let mut req = IncomingRequest::from_transcript(&t);
        req.body.push(b' ');
        let text = expect_mismatch(&t, &req).to_string();
        assert!(
            text.contains("only the exact bytes match"),
            "{name}: {text}"
        );
    }
}

#[test]
fn get_requests_have_no_body() {
    require_fixtures!();
    let t = load_transcript("odoo19", "http_get_web_version");
    expect_match(&t, &IncomingRequest::new("GET", "/web/version", &[], b""));
    let text =
        expect_mismatch(&t, &IncomingRequest::new("GET", "/web/version", &[], b"{}")).to_string();
    assert!(text.contains("recorded without body"), "{text}");
    let m = expect_mismatch(&t, &IncomingRequest::new("POST", "/web/version", &[], b""));
    assert_eq!(m.kind, MismatchKind::Method);
    let m = expect_mismatch(&t, &IncomingRequest::new("GET", "/json/version", &[], b""));
    assert_eq!(m.kind, MismatchKind::Path);
    // A GET recorded with Content-Type does not require one.
    let t = load_transcript("odoo19", "doc_bearer_index");
    expect_match(
        &t,
        &IncomingRequest::new(
            "GET",
            "/doc-bearer/index.json",
            &[("authorization", "Bearer k"), ("x-odoo-database", "odoo19")],
            b"",
        ),
    );
}

#[test]
fn header_rules() {
    require_fixtures!();
    // JSON-2: bearer token required iff recorded, scheme case-insensitive.
    let t = load_transcript("odoo19", "json2_search_count_partner");
    let base = realistic_request(&t);
    let mut req = base.clone();
    req.set_header("Authorization", Some("bearer xyz"));
    expect_match(&t, &req);
    req.set_header("Authorization", None);
    assert!(expect_mismatch(&t, &req)
        .to_string()
        .contains("Authorization"));
    req.set_header("Authorization", Some("Basic YWRtaW46YWRtaW4="));
    assert!(expect_mismatch(&t, &req).to_string().contains("scheme"));
    req.set_header("Authorization", Some("Bearer"));
    assert!(expect_mismatch(&t, &req)
        .to_string()
        .contains("no credential"));

    let no_auth = load_transcript("odoo19", "json2_error_missing_authorization");
    let mut req = realistic_request(&no_auth);
    expect_match(&no_auth, &req);
    req.set_header("Authorization", Some("Bearer xyz"));
    let text = expect_mismatch(&no_auth, &req).to_string();
    assert!(text.contains("recorded without one"), "{text}");

    // X-Odoo-Database equal when recorded, free when not.
    let mut req = base.clone();
    req.set_header("X-Odoo-Database", Some("other"));
    assert!(expect_mismatch(&t, &req)
        .to_string()
        .contains("X-Odoo-Database"));
    req.set_header("X-Odoo-Database", None);
    expect_mismatch(&t, &req);
    let no_db = load_transcript("odoo19", "json2_search_count_without_database_header");
    expect_match(&no_db, &req);
    expect_match(&no_db, &base);

    // Content-Type: media type only.
    let mut req = base.clone();
    req.set_header("Content-Type", Some("application/json"));
    expect_match(&t, &req);
    req.set_header("Content-Type", Some("APPLICATION/JSON ; charset=UTF-8"));
    expect_match(&t, &req);
    req.set_header("Content-Type", Some("text/plain"));
    assert!(expect_mismatch(&t, &req)
        .to_string()
        .contains("Content-Type"));
    req.set_header("Content-Type", None);
    expect_mismatch(&t, &req);
    let wrong_ct = load_transcript("odoo19", "json2_error_wrong_content_type");
    let mut req = realistic_request(&wrong_ct);
    expect_match(&wrong_ct, &req);
    req.set_header("Content-Type", Some("text/plain; charset=utf-8"));
    expect_match(&wrong_ct, &req);
    req.set_header("Content-Type", Some("application/json"));
    let text = expect_mismatch(&wrong_ct, &req).to_string();
    assert!(
        text.contains(r#"recorded media type "text/plain", request "application/json""#),
        "{text}"
    );

    let t = load_transcript("odoo18", "jsonrpc_search_partner");
    let mut req = IncomingRequest::from_transcript(&t);
    req.set_header("Content-Type", Some("application/json; charset=utf-8"));
    expect_match(&t, &req);

    // Web: a session cookie when recorded with one; optional otherwise.
    let t = load_transcript("odoo18", "web_search_partner");
    let mut req = realistic_request(&t);
    req.set_header("Cookie", Some("session_id=<redacted>"));
    expect_match(&t, &req);
    req.set_header("Cookie", Some("frontend_lang=en_US"));
    assert!(expect_mismatch(&t, &req).to_string().contains("session_id"));
    req.set_header("Cookie", Some("session_id="));
    expect_mismatch(&t, &req);
    req.set_header("Cookie", None);
    assert!(expect_mismatch(&t, &req).to_string().contains("Cookie"));

    let auth = load_transcript("odoo18", "web_session_authenticate_ok");
    let mut req = IncomingRequest::from_transcript(&auth);
    expect_match(&auth, &req);
    req.set_header("Cookie", Some("session_id=stale"));
    expect_match(&auth, &req);
}

// ---------------------------------------------------------------------------
// the server over real HTTP

#[tokio::test]
async fn server_replays_recorded_status_headers_and_body() {
    require_fixtures!();
    let case = load_transcript("odoo18", "jsonrpc_read_partner");
    let server = ReplayServer::start(case_with_support(&case)).await;
    assert!(server.url().starts_with("http://127.0.0.1:"));

    // Support exchanges first, as a client would send them.
    for name in ["jsonrpc_common_version", "jsonrpc_common_authenticate_ok"] {
        let t = load_transcript("odoo18", name);
        let resp = http::send(&server.url(), &realistic_request(&t)).await;
        assert_eq!(resp.status, t.response.status);
        assert_eq!(resp.text(), t.response.body);
    }

    // The case itself, with another id and compact encoding.
    let mut req = with_json_body(&case, |v| v["id"] = json!(77));
    req.set_header("Content-Type", Some("application/json; charset=utf-8"));
    let resp = http::send(&server.url(), &req).await;
    assert_eq!(resp.status, case.response.status);
    assert_eq!(resp.body, case.response.body.as_bytes());
    assert_eq!(
        resp.header("content-type"),
        case.response_header("content-type")
    );

    server.assert_served("jsonrpc_read_partner");
    server.assert_all_matched();
    server.assert_served_sequence(&[
        "jsonrpc_common_version",
        "jsonrpc_common_authenticate_ok",
        "jsonrpc_read_partner",
    ]);
    let log = server.log();
    assert_eq!(log.len(), 3);
    assert_eq!(log[2].request.method, "POST");
    assert_eq!(log[2].request.path, "/jsonrpc");
    assert_eq!(log[2].status, 200);
    assert!(server
        .format_log()
        .contains("-> jsonrpc_read_partner (200)"));
}

#[tokio::test]
async fn server_replays_error_statuses_and_special_headers() {
    require_fixtures!();
    let names = [
        "json2_error_missing_authorization",
        "json2_error_bad_domain_field",
        "http_get_web_version",
        "json2_error_wrong_content_type",
        "doc_bearer_error_unknown_model",
    ];
    let transcripts: Vec<Transcript> = names.iter().map(|n| load_transcript("odoo19", n)).collect();
    let server = ReplayServer::start(transcripts.clone()).await;
    for t in &transcripts {
        let resp = http::send_recorded(&server.url(), t).await;
        assert_eq!(resp.status, t.response.status, "{}", t.name);
        assert_eq!(resp.text(), t.response.body, "{}", t.name);
        // Header values compare without surrounding whitespace, which
        // HTTP does not count as part of a value (`Bearer ` arrives as
        // `Bearer`).
        for (k, v) in &t.response.headers {
            assert_eq!(resp.header(k), Some(v.trim()), "{}: header {k}", t.name);
        }
    }
    assert_eq!(
        server
            .log()
            .iter()
            .map(|e| e.served().expect("served"))
            .collect::<Vec<_>>(),
        names
    );
    let cookie = transcripts[2]
        .response_header("set-cookie")
        .expect("recorded set-cookie");
    assert!(cookie.starts_with("session_id=<redacted>"));
    assert_eq!(
        transcripts[0].response_header("www-authenticate"),
        Some("Bearer ")
    );
}

#[tokio::test]
async fn unmatched_request_gets_599_and_an_explanation() {
    require_fixtures!();
    let case = load_transcript("odoo18", "jsonrpc_read_partner");
    let server = ReplayServer::start(case_with_support(&case)).await;
    let req = with_json_body(&case, |v| {
        v["params"]["args"][6]["fields"][0] = json!("display_name")
    });
    let resp = http::send(&server.url(), &req).await;
    assert_eq!(resp.status, NO_MATCH_STATUS);
    let text = resp.text();
    assert!(text.starts_with(NO_MATCH_PREFIX), "{text}");
    assert!(text.contains("POST /jsonrpc"), "{text}");
    assert!(text.contains("closest: jsonrpc_read_partner"), "{text}");
    assert!(
        text.contains(r#"$.params.args[6].fields[0]: recorded "name", request "display_name""#),
        "{text}"
    );

    let unmatched = server.unmatched();
    assert_eq!(unmatched.len(), 1);
    let why = unmatched[0].explanation().expect("explanation");
    assert!(why.contains("closest: jsonrpc_read_partner"), "{why}");
    assert_eq!(unmatched[0].request.body, req.body);
    assert!(unmatched[0]
        .request
        .header("content-type")
        .is_some_and(|ct| ct.starts_with("application/json")));
    assert!(server.served().is_empty());
    let printed = server.format_log();
    assert!(printed.contains("NO MATCH (599)"), "{printed}");
    assert!(printed.contains("display_name"), "{printed}");

    // Unknown path: still answered, closest candidate named.
    let resp = http::send(
        &server.url(),
        &IncomingRequest::new("GET", "/no/such/path?x=1", &[], b""),
    )
    .await;
    assert_eq!(resp.status, NO_MATCH_STATUS);
    assert!(resp.text().contains("closest:"));

    // Odd bodies do not bring the server down.
    let resp = http::send(
        &server.url(),
        &IncomingRequest::new(
            "POST",
            "/jsonrpc",
            &[("Content-Type", "application/json")],
            &[0xff, 0xfe, 0x00, b'{'],
        ),
    )
    .await;
    assert_eq!(resp.status, NO_MATCH_STATUS);
    let resp = http::send_recorded(&server.url(), &case).await;
    assert_eq!(resp.status, 200);
}

#[tokio::test]
#[should_panic(expected = "jsonrpc_read_partner was not served")]
async fn assert_served_panics_with_the_log() {
    let t = Transcript {
        name: "jsonrpc_read_partner".into(),
        request: RecordedRequest {
            method: "POST".into(),
            path: "/jsonrpc".into(),
            headers: Default::default(),
            body: Some("{}".into()),
        },
        response: RecordedResponse {
            status: 200,
            headers: Default::default(),
            body: "{}".into(),
        },
        version: 18,
    };
    let server = ReplayServer::start(vec![t]).await;
    server.assert_served("jsonrpc_read_partner");
}

#[tokio::test]
async fn first_matching_candidate_wins() {
    require_fixtures!();
    let with_db = load_transcript("odoo19", "json2_search_count_partner");
    let without_db = load_transcript("odoo19", "json2_search_count_without_database_header");
    // A request with the database header matches both: the first one answers.
    let req = realistic_request(&with_db);
    expect_match(&without_db, &req);

    let server = ReplayServer::start(vec![without_db.clone(), with_db.clone()]).await;
    let resp = http::send(&server.url(), &req).await;
    assert_eq!(resp.text(), without_db.response.body);
    server.assert_served_sequence(&["json2_search_count_without_database_header"]);

    let server = ReplayServer::start(vec![with_db.clone(), without_db.clone()]).await;
    let resp = http::send(&server.url(), &req).await;
    assert_eq!(resp.text(), with_db.response.body);
    // Without the header only the second candidate matches.
    let mut req2 = req.clone();
    req2.set_header("X-Odoo-Database", None);
    let resp = http::send(&server.url(), &req2).await;
    assert_eq!(resp.text(), without_db.response.body);
    server.assert_served_sequence(&[
        "json2_search_count_partner",
        "json2_search_count_without_database_header",
    ]);
}

#[tokio::test]
async fn single_use_mode_replays_sequences() {
    require_fixtures!();
    let before = load_transcript("odoo18", "jsonrpc_read_x2many");
    let after = load_transcript("odoo18", "jsonrpc_read_x2many_after_write");
    let req = IncomingRequest::from_transcript(&before);
    expect_match(&after, &req);

    let server = ReplayServer::start_with(vec![before.clone(), after.clone()], Reuse::Once).await;
    let first = http::send(&server.url(), &req).await;
    let second = http::send(&server.url(), &req).await;
    assert_eq!(first.text(), before.response.body);
    assert_eq!(second.text(), after.response.body);
    let third = http::send(&server.url(), &req).await;
    assert_eq!(third.status, NO_MATCH_STATUS);
    assert!(
        third.text().contains("already answered once"),
        "{}",
        third.text()
    );
    assert_eq!(
        server.served(),
        ["jsonrpc_read_x2many", "jsonrpc_read_x2many_after_write"]
    );
    assert_eq!(server.unmatched().len(), 1);

    // In the default mode the first one answers every time.
    let server = ReplayServer::start(vec![before.clone(), after]).await;
    for _ in 0..3 {
        http::send(&server.url(), &req).await;
    }
    assert_eq!(server.times_served("jsonrpc_read_x2many"), 3);
}

#[tokio::test]
async fn every_transcript_replays_over_http() {
    require_fixtures!();
    for version in VERSIONS {
        let transcripts = load_transcripts(version);
        let server = ReplayServer::start(transcripts.clone()).await;
        for t in &transcripts {
            let resp = http::send(&server.url(), &realistic_request(t)).await;
            // An earlier transcript with the same request may answer
            // (first match wins): compare with whichever did.
            let log = server.log();
            let served = log
                .last()
                .and_then(Exchange::served)
                .unwrap_or_else(|| panic!("{} unmatched:\n{}", t.name, server.format_log()));
            let answer = transcripts
                .iter()
                .find(|c| c.name == served)
                .expect("served transcript is known");
            expect_match(answer, &realistic_request(t));
            assert!(
                answer.name <= t.name,
                "{} answered by later {}",
                t.name,
                answer.name
            );
            assert_eq!(resp.status, answer.response.status, "{}", t.name);
            assert_eq!(resp.body, answer.response.body.as_bytes(), "{}", t.name);
        }
        assert_eq!(server.unmatched().len(), 0, "{}", server.format_log());
        assert_eq!(server.log().len(), transcripts.len());
    }
}
