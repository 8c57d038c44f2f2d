//! Tests of the XML-RPC codec: unit tests, recorded Odoo traffic, property tests.

use std::error::Error;

use proptest::prelude::*;
use serde_json::{json, Map, Value};

use super::encode::push_python_float;
use super::{
    decode_method_call, decode_method_response, decode_method_response_as, decode_value,
    encode_method_call, encode_method_response, encode_value, Limits, MethodResponse, XmlRpcError,
};

type TestResult = Result<(), Box<dyn Error>>;

fn value(xml: &str) -> Result<Value, XmlRpcError> {
    decode_value(xml.as_bytes(), &Limits::default())
}

fn response(xml: &str) -> Result<MethodResponse, XmlRpcError> {
    decode_method_response(xml.as_bytes(), &Limits::default())
}

fn call(xml: &str) -> Result<(String, Vec<Value>), XmlRpcError> {
    decode_method_call(xml.as_bytes(), &Limits::default())
}

fn success(inner: &str) -> String {
    format!("<?xml version=\"1.0\"?>\n<methodResponse>\n<params>\n<param>\n{inner}</param>\n</params>\n\n</methodResponse>\n")
}

fn is_invalid(result: &Result<impl std::fmt::Debug, XmlRpcError>) -> bool {
    matches!(result, Err(XmlRpcError::Invalid(_)))
}

fn is_syntax(result: &Result<impl std::fmt::Debug, XmlRpcError>) -> bool {
    matches!(result, Err(XmlRpcError::Syntax(_)))
}

// ---------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------

#[test]
fn encodes_scalars_like_python() {
    assert_eq!(encode_value(&json!(2)), "<value><int>2</int></value>\n");
    assert_eq!(encode_value(&json!(-7)), "<value><int>-7</int></value>\n");
    assert_eq!(
        encode_value(&json!(u64::MAX)),
        "<value><int>18446744073709551615</int></value>\n"
    );
    assert_eq!(
        encode_value(&json!(i64::MIN)),
        "<value><int>-9223372036854775808</int></value>\n"
    );
    assert_eq!(
        encode_value(&json!(true)),
        "<value><boolean>1</boolean></value>\n"
    );
    assert_eq!(
        encode_value(&json!(false)),
        "<value><boolean>0</boolean></value>\n"
    );
    assert_eq!(
        encode_value(&json!(12.5)),
        "<value><double>12.5</double></value>\n"
    );
    assert_eq!(
        encode_value(&json!(2.0)),
        "<value><double>2.0</double></value>\n"
    );
    assert_eq!(
        encode_value(&json!("a & b < c > d \"q\" 'a'")),
        "<value><string>a &amp; b &lt; c &gt; d \"q\" 'a'</string></value>\n"
    );
    assert_eq!(
        encode_value(&json!("")),
        "<value><string></string></value>\n"
    );
    // Python's marshaller writes no newline after <nil/>.
    assert_eq!(encode_value(&Value::Null), "<value><nil/></value>");
    assert_eq!(
        encode_value(&json!([])),
        "<value><array><data>\n</data></array></value>\n"
    );
    assert_eq!(
        encode_value(&json!({})),
        "<value><struct>\n</struct></value>\n"
    );
}

#[test]
fn encodes_nested_values_like_python() {
    let v = json!([{"a": [1, "x"], "b": {}}, null]);
    let expected = "<value><array><data>\n\
<value><struct>\n\
<member>\n<name>a</name>\n<value><array><data>\n<value><int>1</int></value>\n<value><string>x</string></value>\n</data></array></value>\n</member>\n\
<member>\n<name>b</name>\n<value><struct>\n</struct></value>\n</member>\n\
</struct></value>\n\
<value><nil/></value></data></array></value>\n";
    assert_eq!(encode_value(&v), expected);
}

#[test]
fn escapes_member_names_and_method_names() {
    let body = encode_method_call("a<b", &[json!({"x&y": 1})]);
    assert!(body.contains("<methodName>a&lt;b</methodName>"));
    assert!(body.contains("<name>x&amp;y</name>"));
}

#[test]
fn encodes_method_call_layout() {
    assert_eq!(
        encode_method_call("version", &[]),
        "<?xml version='1.0'?>\n<methodCall>\n<methodName>version</methodName>\n<params>\n</params>\n</methodCall>\n"
    );
    assert_eq!(
        encode_method_call("login", &[json!("db"), json!(2)]),
        "<?xml version='1.0'?>\n<methodCall>\n<methodName>login</methodName>\n<params>\n\
<param>\n<value><string>db</string></value>\n</param>\n\
<param>\n<value><int>2</int></value>\n</param>\n\
</params>\n</methodCall>\n"
    );
}

#[test]
fn encodes_recorded_request_exactly() -> TestResult {
    let (method, params) = call(RECORDED_SEARCH_READ_REQUEST)?;
    assert_eq!(method, "execute_kw");
    assert_eq!(params.len(), 7);
    assert_eq!(params.get(5), Some(&json!([[["is_company", "=", true]]])));
    assert_eq!(
        encode_method_call(&method, &params),
        RECORDED_SEARCH_READ_REQUEST
    );
    Ok(())
}

#[test]
fn encodes_responses_like_odoo() -> TestResult {
    assert_eq!(
        encode_method_response(&MethodResponse::Success(json!(7))),
        success("<value><int>7</int></value>\n")
    );
    // A recorded fault, re-encoded, is byte for byte what the server sent.
    let fault = response(RECORDED_ACCESS_FAULT)?;
    assert_eq!(encode_method_response(&fault), RECORDED_ACCESS_FAULT);
    let fault = response(RECORDED_NONE_FAULT)?;
    assert_eq!(encode_method_response(&fault), RECORDED_NONE_FAULT);
    Ok(())
}

#[test]
fn formats_doubles_like_python_repr() {
    // Expected texts produced by Python 3's repr().
    let cases: &[(f64, &str)] = &[
        (0.0_f64, "0.0"),
        (-0.0_f64, "-0.0"),
        (1.0_f64, "1.0"),
        (2.0_f64, "2.0"),
        (-2.0_f64, "-2.0"),
        (12.5_f64, "12.5"),
        (0.1_f64, "0.1"),
        (0.30000000000000004_f64, "0.30000000000000004"),
        (0.3333333333333333_f64, "0.3333333333333333"),
        (2947.5_f64, "2947.5"),
        (3389.63_f64, "3389.63"),
        (1000000000000000.0_f64, "1000000000000000.0"),
        (1e+16_f64, "1e+16"),
        (1.5e+16_f64, "1.5e+16"),
        (1.2345678901234568e+17_f64, "1.2345678901234568e+17"),
        (9999999999999998.0_f64, "9999999999999998.0"),
        (0.0001_f64, "0.0001"),
        (1e-05_f64, "1e-05"),
        (0.00012345_f64, "0.00012345"),
        (1.2345e-05_f64, "1.2345e-05"),
        (5e-324_f64, "5e-324"),
        (f64::MAX, "1.7976931348623157e+308"),
        (f64::MIN_POSITIVE, "2.2250738585072014e-308"),
        (1e+22_f64, "1e+22"),
        (1e+21_f64, "1e+21"),
        (123.456_f64, "123.456"),
        (100.0_f64, "100.0"),
        (1e+100_f64, "1e+100"),
        (-1e-100_f64, "-1e-100"),
        (65536.0_f64, "65536.0"),
        (0.5_f64, "0.5"),
        (4.35_f64, "4.35"),
        (299792458.0_f64, "299792458.0"),
        (6.02214076e+23_f64, "6.02214076e+23"),
        // Ties between two shortest candidates: Python rounds to even.
        (-142765425531941.62_f64, "-142765425531941.62"),
        (-793416106373359.2_f64, "-793416106373359.2"),
        (0.125_f64, "0.125"),
        (f64::INFINITY, "inf"),
        (f64::NEG_INFINITY, "-inf"),
        (f64::NAN, "nan"),
    ];
    for (f, expected) in cases {
        let mut out = String::new();
        push_python_float(&mut out, *f);
        assert_eq!(&out, expected, "formatting {f:e}");
    }
}

#[test]
fn carriage_returns_survive_a_round_trip() -> TestResult {
    let v = json!("a\r\nb\rc");
    let text = encode_value(&v);
    assert_eq!(text, "<value><string>a&#13;\nb&#13;c</string></value>\n");
    assert_eq!(value(&text)?, v);
    // A raw carriage return is a line end and becomes \n, as in every XML parser.
    assert_eq!(
        value("<value><string>a\r\nb\rc</string></value>")?,
        json!("a\nb\nc")
    );
    assert_eq!(
        value("<value><string><![CDATA[a\r\nb]]></string></value>")?,
        json!("a\nb")
    );
    Ok(())
}

#[test]
fn characters_xml_cannot_carry_are_replaced() -> TestResult {
    let v = json!({"k\u{1}": "a\u{0}b\u{1b}c\u{b}\u{c}\u{FFFE}\u{FFFF}\t\n"});
    let text = encode_value(&v);
    assert!(text.bytes().all(|b| b >= b' ' || b == b'\t' || b == b'\n'));
    assert_eq!(
        value(&text)?,
        json!({"k\u{FFFD}": "a\u{FFFD}b\u{FFFD}c\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\t\n"})
    );
    Ok(())
}

#[test]
fn deep_values_encode_without_recursion() -> TestResult {
    let mut v = json!(1);
    for _ in 0..1000 {
        v = json!([v]);
    }
    let text = encode_value(&v);
    let limits = Limits {
        max_depth: 1000,
        ..Limits::default()
    };
    assert_eq!(decode_value(text.as_bytes(), &limits)?, v);
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Decoding scalars
// ---------------------------------------------------------------------------------------

#[test]
fn decodes_integers() -> TestResult {
    for tag in ["int", "i4", "i8", "i1", "i2", "biginteger", "ex:i4"] {
        assert_eq!(
            value(&format!("<value><{tag}>42</{tag}></value>"))?,
            json!(42)
        );
    }
    assert_eq!(value("<value><int>-42</int></value>")?, json!(-42));
    assert_eq!(value("<value><int>+42</int></value>")?, json!(42));
    assert_eq!(value("<value><int> 42\n</int></value>")?, json!(42));
    assert_eq!(
        value("<value><i8>-9223372036854775808</i8></value>")?,
        json!(i64::MIN)
    );
    assert_eq!(
        value("<value><int>18446744073709551615</int></value>")?,
        json!(u64::MAX)
    );
    for bad in [
        "<value><int></int></value>",
        "<value><int/></value>",
        "<value><int>1.5</int></value>",
        "<value><int>abc</int></value>",
        "<value><int>- 1</int></value>",
        "<value><int>18446744073709551616</int></value>",
        "<value><int>-9223372036854775809</int></value>",
        "<value><int>1_000</int></value>",
    ] {
        assert!(is_invalid(&value(bad)), "{bad}");
    }
    Ok(())
}

#[test]
fn decodes_doubles() -> TestResult {
    assert_eq!(value("<value><double>12.5</double></value>")?, json!(12.5));
    assert_eq!(value("<value><double>2.0</double></value>")?, json!(2.0));
    assert_eq!(
        value("<value><double>-1e-05</double></value>")?,
        json!(-1e-05)
    );
    assert_eq!(value("<value><float>0.5</float></value>")?, json!(0.5));
    assert_eq!(
        value("<value><bigdecimal>3389.63</bigdecimal></value>")?,
        json!(3389.63)
    );
    let two = value("<value><double>2.0</double></value>")?;
    assert!(two.is_f64());
    for bad in ["nan", "inf", "-inf", "infinity", "1e999", "", "x", "1,5"] {
        let xml = format!("<value><double>{bad}</double></value>");
        assert!(is_invalid(&value(&xml)), "{xml}");
    }
    Ok(())
}

#[test]
fn decodes_booleans() -> TestResult {
    assert_eq!(value("<value><boolean>1</boolean></value>")?, json!(true));
    assert_eq!(value("<value><boolean>0</boolean></value>")?, json!(false));
    for bad in ["true", "2", "", " 1"] {
        let xml = format!("<value><boolean>{bad}</boolean></value>");
        assert!(is_invalid(&value(&xml)), "{xml}");
    }
    Ok(())
}

#[test]
fn decodes_strings() -> TestResult {
    assert_eq!(value("<value><string>abc</string></value>")?, json!("abc"));
    assert_eq!(value("<value>abc</value>")?, json!("abc"));
    assert_eq!(value("<value>  a b  </value>")?, json!("  a b  "));
    assert_eq!(
        value("<value><string>  a\n b\t </string></value>")?,
        json!("  a\n b\t ")
    );
    assert_eq!(value("<value><string/></value>")?, json!(""));
    assert_eq!(value("<value><string></string></value>")?, json!(""));
    assert_eq!(value("<value/>")?, json!(""));
    assert_eq!(value("<value></value>")?, json!(""));
    assert_eq!(
        value("<value><string>&amp;&lt;&gt;&quot;&apos;&#65;&#x42;&#x1F600;</string></value>")?,
        json!("&<>\"'AB\u{1F600}")
    );
    assert_eq!(
        value("<value><string><![CDATA[<b>&amp;</b>]]></string></value>")?,
        json!("<b>&amp;</b>")
    );
    assert_eq!(
        value("<value><string>a<!-- note -->b<![CDATA[c]]>d</string></value>")?,
        json!("abcd")
    );
    assert_eq!(value("<value>é€😀</value>")?, json!("é€😀"));
    // With a typed child, the whitespace around it is not part of the value.
    assert_eq!(value("<value>\n  <int>5</int>\n</value>")?, json!(5));
    Ok(())
}

#[test]
fn refuses_unknown_or_broken_references() {
    for bad in [
        "<value>&foo;</value>",
        "<value>&amp</value>",
        "<value>a & b</value>",
        "<value>&#xD800;</value>",
        "<value>&#x110000;</value>",
        "<value>&#;</value>",
        "<value>&#x;</value>",
        "<value>&#-1;</value>",
        "<value>&#99999999999;</value>",
    ] {
        assert!(value(bad).is_err(), "{bad}");
    }
}

#[test]
fn decodes_base64_datetime_and_nil() -> TestResult {
    assert_eq!(
        value("<value><base64>SGVs\nbG8s IE9k\r\nb28hCg==</base64></value>")?,
        json!("SGVsbG8sIE9kb28hCg==")
    );
    assert_eq!(
        value("<value><dateTime.iso8601>20240131T23:59:01</dateTime.iso8601></value>")?,
        json!("2024-01-31 23:59:01")
    );
    assert_eq!(
        value("<value><dateTime.iso8601>2024-01-31T23:59:01Z</dateTime.iso8601></value>")?,
        json!("2024-01-31T23:59:01Z")
    );
    assert_eq!(value("<value><nil/></value>")?, Value::Null);
    assert_eq!(value("<value><nil></nil></value>")?, Value::Null);
    assert_eq!(
        value("<value><ex:nil xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\"/></value>")?,
        Value::Null
    );
    assert!(is_invalid(&value("<value><nil>x</nil></value>")));
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Decoding arrays and structs
// ---------------------------------------------------------------------------------------

#[test]
fn decodes_nested_arrays_and_structs() -> TestResult {
    let xml = "<value><struct>
<member><name>ids</name><value><array><data>
<value><int>1</int></value><value><string>two</string></value>
<value><array><data></data></array></value>
</data></array></value></member>
<member>
  <name>inner</name>
  <value><struct><member><name>ok</name><value><boolean>1</boolean></value></member></struct></value>
</member>
<member><name>empty</name><value><struct></struct></value></member>
</struct></value>";
    assert_eq!(
        value(xml)?,
        json!({"ids": [1, "two", []], "inner": {"ok": true}, "empty": {}})
    );
    Ok(())
}

#[test]
fn decodes_empty_containers() -> TestResult {
    assert_eq!(
        value("<value><array><data>\n</data></array></value>")?,
        json!([])
    );
    assert_eq!(value("<value><array><data/></array></value>")?, json!([]));
    assert_eq!(value("<value><array/></value>")?, json!([]));
    assert_eq!(value("<value><struct>\n</struct></value>")?, json!({}));
    assert_eq!(value("<value><struct/></value>")?, json!({}));
    Ok(())
}

#[test]
fn duplicate_member_names_keep_the_last() -> TestResult {
    let xml = "<value><struct>\
<member><name>a</name><value><int>1</int></value></member>\
<member><name>a</name><value><int>2</int></value></member>\
</struct></value>";
    assert_eq!(value(xml)?, json!({"a": 2}));
    Ok(())
}

#[test]
fn member_names_are_decoded() -> TestResult {
    let xml = "<value><struct><member><name>a&amp;b</name><value>x</value></member>\
<member><name/><value>y</value></member></struct></value>";
    assert_eq!(value(xml)?, json!({"a&b": "x", "": "y"}));
    Ok(())
}

#[test]
fn refuses_invalid_structure() {
    for bad in [
        // unknown type tag
        "<value><integer>1</integer></value>",
        "<value><foo/></value>",
        // missing member name, missing value, two names, two values
        "<value><struct><member><value><int>1</int></value></member></struct></value>",
        "<value><struct><member><name>a</name></member></struct></value>",
        "<value><struct><member></member></struct></value>",
        "<value><struct><member><name>a</name><name>b</name><value>1</value></member></struct></value>",
        "<value><struct><member><name>a</name><value>1</value><value>2</value></member></struct></value>",
        // values outside <data>, two <data>
        "<value><array><value>1</value></array></value>",
        "<value><array><data></data><data></data></array></value>",
        // two elements in a value, elements in scalars, stray text
        "<value><int>1</int><int>2</int></value>",
        "<value><string><b>x</b></string></value>",
        "<value><array>x<data></data></array></value>",
        "<value><struct>x</struct></value>",
        "<value><array><data>x</data></array></value>",
        "<value><struct><![CDATA[x]]></struct></value>",
        // a value directly in a value
        "<value><value>1</value></value>",
    ] {
        assert!(is_invalid(&value(bad)), "{bad}: {:?}", value(bad));
    }
}

#[test]
fn invalid_errors_name_the_element() {
    match value("<value><integer>1</integer></value>") {
        Err(XmlRpcError::Invalid(message)) => assert!(message.contains("<integer>"), "{message}"),
        other => panic!("unexpected {other:?}"),
    }
    match value("<value><struct><member><value>1</value></member></struct></value>") {
        Err(XmlRpcError::Invalid(message)) => {
            assert!(message.contains("without a <name>"), "{message}")
        }
        other => panic!("unexpected {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------

#[test]
fn decodes_success_responses() -> TestResult {
    assert_eq!(
        response(&success("<value><int>7</int></value>\n"))?,
        MethodResponse::Success(json!(7))
    );
    assert_eq!(
        response(
            "<methodResponse><params><param><value>x</value></param></params></methodResponse>"
        )?,
        MethodResponse::Success(json!("x"))
    );
    Ok(())
}

#[test]
fn a_response_has_exactly_one_param() {
    for bad in [
        "<methodResponse><params></params></methodResponse>",
        "<methodResponse><params/></methodResponse>",
        "<methodResponse></methodResponse>",
        "<methodResponse><params><param><value>1</value></param><param><value>2</value></param></params></methodResponse>",
        "<methodResponse><params><param></param></params></methodResponse>",
        "<methodResponse><params><param><value>1</value><value>2</value></param></params></methodResponse>",
        "<methodResponse><params><param><value>1</value></param></params><fault/></methodResponse>",
    ] {
        assert!(is_invalid(&response(bad)), "{bad}: {:?}", response(bad));
    }
    match response("<methodResponse><params><param><value>1</value><value>2</value></param></params></methodResponse>") {
        Err(XmlRpcError::Invalid(message)) => assert!(message.contains("more than one <value>"), "{message}"),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn decodes_recorded_faults() -> TestResult {
    match response(RECORDED_ACCESS_FAULT)? {
        MethodResponse::Fault { code, string } => {
            assert_eq!(code, 4);
            assert!(string.starts_with("You are not allowed to access 'Sales Order' (sale.order) records.\n\nThis operation"));
            assert!(string.contains("\n\t- Accounting/Invoicing\n"));
            assert!(string.ends_with("request access if necessary."));
        }
        other => panic!("unexpected {other:?}"),
    }
    match response(RECORDED_FAULT_ODOO16)? {
        MethodResponse::Fault { code, string } => {
            assert_eq!(code, 2);
            assert_eq!(string, "You cannot create recursive Partner hierarchies.");
        }
        other => panic!("unexpected {other:?}"),
    }
    Ok(())
}

#[test]
fn decodes_the_cannot_marshal_none_fault() -> TestResult {
    match response(RECORDED_NONE_FAULT)? {
        MethodResponse::Fault { code, string } => {
            assert_eq!(code, 1);
            assert!(string.starts_with("Traceback (most recent call last):\n  File \"/opt/odoo/odoo/addons/base/controllers/rpc.py\", line 161, in xmlrpc_2\n"));
            assert!(string
                .contains("\n               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"));
            assert!(
                string.ends_with("TypeError: cannot marshal None unless allow_none is enabled\n")
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    Ok(())
}

#[test]
fn refuses_malformed_faults() {
    for bad in [
        "<methodResponse><fault><value><int>1</int></value></fault></methodResponse>",
        "<methodResponse><fault><value><struct><member><name>faultString</name><value>x</value></member></struct></value></fault></methodResponse>",
        "<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>1</int></value></member></struct></value></fault></methodResponse>",
        "<methodResponse><fault><value><struct><member><name>faultCode</name><value>one</value></member><member><name>faultString</name><value>x</value></member></struct></value></fault></methodResponse>",
        "<methodResponse><fault></fault></methodResponse>",
    ] {
        assert!(is_invalid(&response(bad)), "{bad}: {:?}", response(bad));
    }
}

#[test]
fn decodes_method_calls() -> TestResult {
    assert_eq!(
        call("<methodCall><methodName>version</methodName></methodCall>")?,
        ("version".to_owned(), vec![])
    );
    assert_eq!(
        call("<methodCall><methodName>version</methodName><params/></methodCall>")?,
        ("version".to_owned(), vec![])
    );
    assert_eq!(
        call("<?xml version='1.0'?>\n<methodCall>\n<methodName>a.b</methodName>\n<params>\n<param>\n<value><int>1</int></value>\n</param>\n<param><value>s</value></param></params>\n</methodCall>\n")?,
        ("a.b".to_owned(), vec![json!(1), json!("s")])
    );
    assert!(is_invalid(&call("<methodCall><params/></methodCall>")));
    assert!(is_invalid(&call(
        "<methodResponse><params/></methodResponse>"
    )));
    assert!(is_invalid(&call(
        "<methodCall><methodName>m</methodName><params/><params/></methodCall>"
    )));
    Ok(())
}

#[test]
fn refuses_doctype() {
    let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<methodResponse><params><param><value><string>&lol3;</string></value></param></params></methodResponse>"#;
    let external = r#"<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<methodResponse><params><param><value>&xxe;</value></param></params></methodResponse>"#;
    for doc in [
        "<!DOCTYPE methodResponse><methodResponse><params><param><value>1</value></param></params></methodResponse>",
        "<!doctype methodResponse><methodResponse/>",
        "<!DOCTYPE methodResponse [",
        "<methodResponse><!DOCTYPE x><params><param><value>1</value></param></params></methodResponse>",
        bomb,
        external,
    ] {
        assert_eq!(response(doc), Err(XmlRpcError::Doctype), "{doc}");
        let as_call = doc.replace("methodResponse", "methodCall");
        assert_eq!(call(&as_call), Err(XmlRpcError::Doctype), "{as_call}");
    }
    assert_eq!(
        value("<!DOCTYPE value><value>1</value>"),
        Err(XmlRpcError::Doctype)
    );
    // Without a DOCTYPE, a custom entity is an error, never expanded.
    assert!(is_invalid(&response(
        "<methodResponse><params><param><value>&lol3;</value></param></params></methodResponse>"
    )));
}

#[test]
fn size_limit_is_checked_first() {
    let body = success("<value><string>0123456789</string></value>\n");
    let exact = Limits {
        max_response_bytes: body.len(),
        ..Limits::default()
    };
    assert!(decode_method_response(body.as_bytes(), &exact).is_ok());
    let short = Limits {
        max_response_bytes: body.len() - 1,
        ..Limits::default()
    };
    let err = decode_method_response(body.as_bytes(), &short);
    assert_eq!(
        err,
        Err(XmlRpcError::TooLarge {
            limit: body.len() - 1
        })
    );
    // Checked before parsing: even garbage reports the size.
    let tiny = Limits {
        max_response_bytes: 4,
        max_depth: 64,
    };
    assert_eq!(
        decode_method_call(b"<<<<<<<<", &tiny),
        Err(XmlRpcError::TooLarge { limit: 4 })
    );
    assert_eq!(
        decode_value(b"<<<<<<<<", &tiny),
        Err(XmlRpcError::TooLarge { limit: 4 })
    );
    let message = XmlRpcError::TooLarge { limit: 1_048_576 }.to_string();
    assert_eq!(
        message,
        "XML-RPC response exceeds the size limit of 1048576 bytes"
    );
}

/// `levels` arrays nested inside each other around an int.
fn nested_arrays(levels: usize) -> String {
    let mut xml = String::new();
    for _ in 0..levels {
        xml.push_str("<value><array><data>");
    }
    xml.push_str("<value><int>1</int></value>");
    for _ in 0..levels {
        xml.push_str("</data></array></value>");
    }
    if levels == 0 {
        xml = "<value><int>1</int></value>".to_owned();
    }
    xml
}

/// `levels` structs nested inside each other around an int.
fn nested_structs(levels: usize) -> String {
    let mut xml = String::new();
    for _ in 0..levels {
        xml.push_str("<value><struct><member><name>k</name>");
    }
    xml.push_str("<value><int>1</int></value>");
    for _ in 0..levels {
        xml.push_str("</member></struct></value>");
    }
    xml
}

#[test]
fn depth_limit_at_and_past_the_limit() -> TestResult {
    let limits = Limits::default();
    assert_eq!(limits.max_depth, 128);
    assert_eq!(limits.max_response_bytes, 256 * 1024 * 1024);
    for nest in [nested_arrays, nested_structs] {
        assert!(decode_value(nest(128).as_bytes(), &limits).is_ok());
        assert_eq!(
            decode_value(nest(129).as_bytes(), &limits),
            Err(XmlRpcError::TooDeep { limit: 128 })
        );
        let small = Limits {
            max_depth: 3,
            ..limits
        };
        assert!(decode_value(nest(3).as_bytes(), &small).is_ok());
        assert_eq!(
            decode_value(nest(4).as_bytes(), &small),
            Err(XmlRpcError::TooDeep { limit: 3 })
        );
        let zero = Limits {
            max_depth: 0,
            ..limits
        };
        assert!(decode_value(nest(0).as_bytes(), &zero).is_ok());
        assert_eq!(
            decode_value(nest(1).as_bytes(), &zero),
            Err(XmlRpcError::TooDeep { limit: 0 })
        );
    }
    // Siblings do not add up: depth is nesting, not count.
    let wide = format!(
        "<value><array><data>{}</data></array></value>",
        nested_arrays(127).repeat(100)
    );
    assert!(decode_value(wide.as_bytes(), &limits).is_ok());
    // Inside a response too.
    let body = success(&nested_arrays(129));
    assert_eq!(response(&body), Err(XmlRpcError::TooDeep { limit: 128 }));
    assert!(XmlRpcError::TooDeep { limit: 128 }
        .to_string()
        .contains("128"));
    Ok(())
}

#[test]
fn very_deep_input_fails_cleanly() {
    // A million levels, unclosed: no stack overflow, just the depth error.
    let xml = "<value><array><data>".repeat(1_000_000);
    assert_eq!(value(&xml), Err(XmlRpcError::TooDeep { limit: 128 }));
    // With the depth limit out of the way, the unclosed document is reported as such.
    let unlimited = Limits {
        max_depth: usize::MAX,
        ..Limits::default()
    };
    assert!(matches!(
        decode_value(xml.as_bytes(), &unlimited),
        Err(XmlRpcError::Syntax(_))
    ));
}

#[test]
fn prolog_and_epilog() -> TestResult {
    let ok = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c -->\n<methodResponse><params><param><value>1</value></param></params></methodResponse>\n<!-- after -->\n\n";
    assert_eq!(response(ok)?, MethodResponse::Success(json!("1")));
    let with_bom = format!("\u{FEFF}{}", success("<value><int>1</int></value>\n"));
    assert_eq!(response(&with_bom)?, MethodResponse::Success(json!(1)));
    for bad in [
        // trailing garbage
        "<methodResponse><params><param><value>1</value></param></params></methodResponse>x",
        "<methodResponse><params><param><value>1</value></param></params></methodResponse><methodResponse/>",
        "<methodResponse><params><param><value>1</value></param></params></methodResponse></x>",
        // text before the root, declaration not first
        "x<methodResponse/>",
        " <?xml version=\"1.0\"?><methodResponse/>",
        // unclosed, truncated, mismatched
        "<methodResponse><params><param><value>1</value></param></params>",
        "<methodResponse><params><param><value>1</value></param></params></methodresponse>",
        "<methodResponse><params><param><value><int>1</value></param></params></methodResponse>",
        "",
        "   ",
    ] {
        assert!(is_syntax(&response(bad)), "{bad}: {:?}", response(bad));
    }
    // The truncated request body recorded from Odoo.
    assert!(is_syntax(&call("<methodCall><methodName>execute_kw")));
    // Processing instructions other than the declaration.
    assert!(is_invalid(&response(
        "<?xml-stylesheet href='a'?><methodResponse><params><param><value>1</value></param></params></methodResponse>"
    )));
    assert!(is_invalid(&response(
        "<methodResponse><params><param><value><?pi x?>1</value></param></params></methodResponse>"
    )));
    // Not UTF-8.
    assert!(matches!(
        decode_method_response(
            b"<methodResponse><params><param><value>\xff</value></param></params></methodResponse>",
            &Limits::default()
        ),
        Err(XmlRpcError::Syntax(_))
    ));
    // Wrong root.
    assert!(is_invalid(&response("<methodCall/>")));
    Ok(())
}

#[test]
fn truncated_recorded_bodies_fail_cleanly() {
    let limits = Limits::default();
    for body in [
        RECORDED_ACCESS_FAULT,
        RECORDED_NONE_FAULT,
        RECORDED_FAULT_ODOO16,
    ] {
        let end = body.rfind("</methodResponse>").unwrap_or(0) + "</methodResponse>".len();
        for cut in 0..end {
            let prefix = body.as_bytes().get(..cut).unwrap_or_default();
            assert!(
                decode_method_response(prefix, &limits).is_err(),
                "cut at {cut}"
            );
        }
        assert!(
            decode_method_response(body.as_bytes().get(..end).unwrap_or_default(), &limits).is_ok()
        );
    }
    let body = RECORDED_SEARCH_READ_REQUEST;
    let end = body.rfind("</methodCall>").unwrap_or(0) + "</methodCall>".len();
    for cut in 0..end {
        let prefix = body.as_bytes().get(..cut).unwrap_or_default();
        assert!(decode_method_call(prefix, &limits).is_err(), "cut at {cut}");
    }
}

#[test]
fn syntax_errors_carry_a_position() {
    match response("<methodResponse><params><param><value><int>1</value>") {
        Err(XmlRpcError::Syntax(message)) => assert!(message.contains("at byte"), "{message}"),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn performance_of_a_large_response_smoke() -> TestResult {
    // Small version of the timing test below, run always for correctness.
    let records = large_result(50);
    let body = encode_method_response(&MethodResponse::Success(records.clone()));
    assert_eq!(response(&body)?, MethodResponse::Success(records));
    Ok(())
}

/// A search_read-like result of `n` partner records.
fn large_result(n: usize) -> Value {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let mut record = Map::new();
        record.insert("id".into(), json!(i));
        record.insert(
            "name".into(),
            json!(format!("Partner number {i} & Co. <Ltd>")),
        );
        record.insert("email".into(), json!(format!("partner{i}@example.com")));
        record.insert("phone".into(), json!("+1 555-555-5556"));
        record.insert("is_company".into(), json!(i % 2 == 0));
        record.insert("parent_id".into(), json!(false));
        record.insert("category_id".into(), json!([7, 6, i]));
        record.insert("country_id".into(), json!([233, "United States"]));
        record.insert("credit_limit".into(), json!(1234.5));
        record.insert("create_date".into(), json!("2026-11-28 06:05:04"));
        record.insert(
            "comment".into(),
            json!(
                "A longer text field with several words, repeated to give the record some weight. "
                    .repeat(3)
            ),
        );
        record.insert("street".into(), json!("4557 De Silva St"));
        record.insert("city".into(), json!("Fremont"));
        record.insert("zip".into(), json!("94538"));
        record.insert("website".into(), json!("http://www.example.com"));
        out.push(Value::Object(record));
    }
    Value::Array(out)
}

// ---------------------------------------------------------------------------------------
// Recorded Odoo traffic
// ---------------------------------------------------------------------------------------

/// One recorded XML-RPC exchange.
struct Transcript {
    version: &'static str,
    name: String,
    request: String,
    response: String,
}

/// Every `xmlrpc_*` transcript of every version, or `None` when the fixtures are absent.
fn transcripts() -> Result<Option<Vec<Transcript>>, Box<dyn Error>> {
    let Some(root) = crate::test_fixtures::root() else {
        return Ok(None);
    };
    let mut out = Vec::new();
    for version in ["odoo16", "odoo17", "odoo18", "odoo19"] {
        let dir = root.join(version).join("transcripts");
        if !dir.is_dir() {
            println!("skipping {version}: no {}", dir.display());
            continue;
        }
        let mut paths = Vec::new();
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            let is_xmlrpc = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("xmlrpc_") && n.ends_with(".json"));
            if is_xmlrpc {
                paths.push(path);
            }
        }
        paths.sort();
        for path in paths {
            let json: Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
            let body = |part: &str| -> Result<String, Box<dyn Error>> {
                json.get(part)
                    .and_then(|p| p.get("body"))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .ok_or_else(|| format!("{}: no {part}.body", path.display()).into())
            };
            out.push(Transcript {
                version,
                name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                request: body("request")?,
                response: body("response")?,
            });
        }
    }
    Ok(Some(out))
}

/// Whether the member names of every struct in `xml` appear in sorted order (then, and
/// only then, re-encoding from a sorted map can reproduce the text byte for byte).
fn struct_keys_sorted(xml: &str) -> Result<bool, Box<dyn Error>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut structs: Vec<Vec<String>> = Vec::new();
    let mut in_name = false;
    let mut sorted = true;
    loop {
        match reader.read_event()? {
            Event::Start(e) if e.local_name().as_ref() == b"struct" => structs.push(Vec::new()),
            Event::Start(e) if e.local_name().as_ref() == b"name" => in_name = true,
            Event::End(e) if e.local_name().as_ref() == b"name" => in_name = false,
            Event::End(e) if e.local_name().as_ref() == b"struct" => {
                let names = structs.pop().unwrap_or_default();
                sorted &= names.windows(2).all(|w| w.first() <= w.get(1));
            }
            Event::Text(t) if in_name => {
                if let Some(names) = structs.last_mut() {
                    names.push(t.unescape()?.into_owned());
                }
            }
            Event::Eof => return Ok(sorted),
            _ => {}
        }
    }
}

#[test]
fn recorded_requests_reencode_identically() -> TestResult {
    let Some(transcripts) = transcripts()? else {
        return Ok(());
    };
    let (mut exact, mut semantic, mut skipped) = (0, 0, 0);
    let mut versions = std::collections::BTreeSet::new();
    for t in &transcripts {
        let (method, params) = match call(&t.request) {
            Ok(decoded) => decoded,
            Err(e) => {
                println!(
                    "skipping {}/{}: request does not decode: {e}",
                    t.version, t.name
                );
                assert!(
                    t.name.contains("malformed"),
                    "{}/{}: {e}",
                    t.version,
                    t.name
                );
                skipped += 1;
                continue;
            }
        };
        versions.insert(t.version);
        let encoded = encode_method_call(&method, &params);
        if struct_keys_sorted(&t.request)? {
            assert_eq!(encoded, t.request, "{}/{}", t.version, t.name);
            exact += 1;
        } else {
            assert_ne!(encoded, t.request);
            assert_eq!(
                call(&encoded)?,
                (method, params),
                "{}/{}",
                t.version,
                t.name
            );
            semantic += 1;
        }
    }
    println!(
        "recorded requests: {exact} byte-identical, {semantic} semantically equal (unsorted struct keys), {skipped} skipped"
    );
    assert!(exact > 0);
    assert_eq!(
        versions.len(),
        4,
        "expected all four versions: {versions:?}"
    );
    Ok(())
}

#[test]
fn recorded_responses_decode_and_reencode() -> TestResult {
    let Some(transcripts) = transcripts()? else {
        return Ok(());
    };
    let (mut successes, mut faults, mut exact, mut semantic) = (0, 0, 0, 0);
    for t in &transcripts {
        let decoded = match response(&t.response) {
            Ok(decoded) => decoded,
            Err(e) => panic!("{}/{}: {e}", t.version, t.name),
        };
        match &decoded {
            MethodResponse::Success(_) => successes += 1,
            MethodResponse::Fault { code, string } => {
                assert!(*code > 0 && !string.is_empty(), "{}/{}", t.version, t.name);
                faults += 1;
            }
        }
        // Odoo 16 and 17 write Python's own header and no blank line before the end tag;
        // 18 and later write the layout the encoder produces.
        let recorded = match t.version {
            "odoo16" | "odoo17" => {
                let body = t
                    .response
                    .strip_prefix("<?xml version='1.0'?>\n")
                    .and_then(|b| b.strip_suffix("</methodResponse>\n"))
                    .ok_or_else(|| format!("{}/{}: unexpected layout", t.version, t.name))?;
                format!("<?xml version=\"1.0\"?>\n{body}\n</methodResponse>\n")
            }
            _ => t.response.clone(),
        };
        let encoded = encode_method_response(&decoded);
        assert_eq!(response(&encoded)?, decoded, "{}/{}", t.version, t.name);
        if struct_keys_sorted(&t.response)? {
            assert_eq!(encoded, recorded, "{}/{}", t.version, t.name);
            exact += 1;
        } else {
            semantic += 1;
        }
    }
    println!(
        "recorded responses: {successes} successes, {faults} faults; re-encoded {exact} byte-identical, {semantic} semantically equal"
    );
    assert!(successes > 0 && faults > 0);
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Typed decoding (straight from the events) against the value decoder
// ---------------------------------------------------------------------------------------

/// The fast path into a `Value`.
fn typed(xml: &str, limits: &Limits) -> Result<Value, XmlRpcError> {
    decode_method_response_as::<Value>(xml.as_bytes(), limits)
}

/// Checks that the fast path decodes exactly what the value decoder decodes, and fails
/// whenever it fails or finds a fault.
fn assert_same_as_value_decoder(xml: &str, limits: &Limits) {
    let fast = typed(xml, limits);
    match decode_method_response(xml.as_bytes(), limits) {
        Ok(MethodResponse::Success(value)) => {
            assert_eq!(fast.as_ref().ok(), Some(&value), "{xml:?}: {fast:?}");
        }
        other => assert!(
            fast.is_err(),
            "{xml:?}: fast {fast:?}, value decoder {other:?}"
        ),
    }
}

#[test]
fn recorded_responses_decode_the_same_typed() -> TestResult {
    let Some(transcripts) = transcripts()? else {
        return Ok(());
    };
    let mut successes = 0;
    for t in &transcripts {
        assert_same_as_value_decoder(&t.response, &Limits::default());
        if typed(&t.response, &Limits::default()).is_ok() {
            successes += 1;
        }
    }
    println!("recorded responses decoded typed: {successes}");
    assert!(successes > 0);
    Ok(())
}

#[test]
fn typed_decoding_maps_types_as_the_value_decoder() {
    let limits = Limits::default();
    for inner in [
        "<value><int>7</int></value>",
        "<value><i4>-7</i4></value>",
        "<value><i8> 9223372036854775807 </i8></value>",
        "<value><int>18446744073709551615</int></value>",
        "<value><int>18446744073709551616</int></value>",
        "<value><int>+0</int></value>",
        "<value><int>-0</int></value>",
        "<value><double>2.5</double></value>",
        "<value><double>nan</double></value>",
        "<value><double>inf</double></value>",
        "<value><boolean>1</boolean></value>",
        "<value><boolean> 1</boolean></value>",
        "<value><string>a &amp; b\r\nc</string></value>",
        "<value>untyped &lt;</value>",
        "<value></value>",
        "<value><![CDATA[x\ry]]>z</value>",
        "<value>a<!-- c -->b</value>",
        "<value>&bogus;<int>1</int></value>",
        "<value>ignored<int>1</int>ignored &bogus;</value>",
        "<value><int>1</int><int>2</int></value>",
        "<value><base64>aGVs\nbG8=</base64></value>",
        "<value><dateTime.iso8601>20240102T03:04:05</dateTime.iso8601></value>",
        "<value><dateTime.iso8601>2024-01-02</dateTime.iso8601></value>",
        "<value><nil/></value>",
        "<value><ex:nil/></value>",
        "<value><nil>x</nil></value>",
        "<value><unknown/></value>",
        "<value><array></array></value>",
        "<value><array><data/></array></value>",
        "<value><array><data><value>1</value><value><int>2</int></value></data></array></value>",
        "<value><array><data/><data/></array></value>",
        "<value><array><value>1</value></array></value>",
        "<value><array>x<data/></array></value>",
        "<value><struct><member><name>a</name><value>1</value></member></struct></value>",
        "<value><struct><member><name>a</name><value>1</value></member><member><name>a</name><value>2</value></member></struct></value>",
        "<value><struct><member><value>1</value></member></struct></value>",
        "<value><struct><member><name>a</name></member></struct></value>",
        "<value><struct><member><name>a</name><value>1</value><value>2</value></member></struct></value>",
        "<value><struct><member><name>a&amp;<!-- -->b</name><value><struct/></value></member></struct></value>",
        // Tags as other writers write them.
        "<value ><int\n>1</int ></value\t>",
        "<value><nil /></value>",
        "<value><ex:string>a</ex:string></value>",
        "<value><!----><int>1</int><!--->--></value>",
        "<value><!--></value>--><int>1</int></value>",
        "<value>a<![CDATA[]]>b<![CDATA[]]]]>c</value>",
        "<value><string>a</ string></value>",
        "<value><string>a</strin></value>",
        "<value><string>a</stringx></value>",
    ] {
        assert_same_as_value_decoder(&success(inner), &limits);
    }
    for xml in [
        RECORDED_ACCESS_FAULT,
        "<methodResponse><params></params></methodResponse>",
        "<methodResponse><params><param><value>1</value></param><param><value>2</value></param></params></methodResponse>",
        "<methodResponse><params><param><value>1</value><value>2</value></param></params></methodResponse>",
        "<methodResponse><params><param><value>1</value></param></params></methodResponse>trailing",
        "<!DOCTYPE x><methodResponse><params><param><value>1</value></param></params></methodResponse>",
        "<methodResponse><params><param><value>1</value></param></params>",
    ] {
        assert_same_as_value_decoder(xml, &limits);
    }
}

/// What the typed path's scanner does not read, the transport reads through the codec: the
/// same value, or the same error.
#[test]
fn typed_reading_falls_back_for_what_its_scanner_does_not_read() {
    let limits = Limits::default();
    let context = crate::ErrorContext::default();
    for body in [
        success("<value a=\"1\"><int>1</int></value>"),
        success("<value><int a='>'>1</int></value>"),
        success("<value><nil/ ></value>"),
        success("<value><?pi?><int>1</int></value>"),
        format!("\u{FEFF}\u{FEFF}{}", success("<value>1</value>")),
        format!(" {}", success("<value>1</value>")),
        "<!DOCTYPE x><methodResponse><params><param><value>1</value></param></params></methodResponse>".to_owned(),
        "<methodResponse><params><param><value>1</value></param></params></methodResponse><!-x>".to_owned(),
    ] {
        assert!(typed(&body, &limits).is_err(), "{body:?}");
        let through_value = crate::wire::decode_xml_rpc(200, None, body.as_bytes(), &limits, &context);
        let typed = crate::wire::decode_xml_rpc_as::<Value>(200, None, body.as_bytes(), &limits, &context);
        match (&typed, &through_value) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{body:?}"),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{body:?}"),
            _ => panic!("{body:?}: typed {typed:?}, through a value {through_value:?}"),
        }
    }
}

#[test]
fn typed_decoding_honours_the_depth_limit() {
    let nested = |depth: usize| {
        success(&format!(
            "{}<value><int>1</int></value>{}",
            "<value><array><data>".repeat(depth),
            "</data></array></value>".repeat(depth)
        ))
    };
    let limits = Limits {
        max_depth: 3,
        ..Limits::default()
    };
    assert!(typed(&nested(3), &limits).is_ok());
    assert_eq!(
        typed(&nested(4), &limits),
        Err(XmlRpcError::TooDeep { limit: 3 })
    );
    // Above its own bound the fast path refuses, whatever the limit; the value decoder
    // (the caller's fallback) reads it.
    let limits = Limits {
        max_depth: 100_000,
        ..Limits::default()
    };
    let deep = nested(super::de::FAST_MAX_DEPTH + 1);
    assert!(typed(&deep, &limits).is_err());
    assert!(decode_method_response(deep.as_bytes(), &limits).is_ok());
    assert!(typed(&nested(super::de::FAST_MAX_DEPTH), &limits).is_ok());
    // Far deeper input is refused before it is recursed into.
    let deeper = nested(200_000);
    assert!(typed(&deeper, &limits).is_err());
}

#[test]
fn typed_decoding_fills_structs_and_options() {
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Record {
        id: i64,
        name: Option<String>,
        ratio: f64,
        tags: Vec<u32>,
        #[serde(default)]
        missing: Option<bool>,
    }
    let xml = success(
        "<value><array><data><value><struct>\
         <member><name>id</name><value><int>1</int></value></member>\
         <member><name>ignored</name><value><struct><member><name>x</name><value><array><data/></array></value></member></struct></value></member>\
         <member><name>name</name><value><nil/></value></member>\
         <member><name>ratio</name><value><double>0.5</double></value></member>\
         <member><name>tags</name><value><array><data><value><int>3</int></value></data></array></value></member>\
         </struct></value></data></array></value>",
    );
    let records = decode_method_response_as::<Vec<Record>>(xml.as_bytes(), &Limits::default());
    assert_eq!(
        records,
        Ok(vec![Record {
            id: 1,
            name: None,
            ratio: 0.5,
            tags: vec![3],
            missing: None,
        }])
    );
    // An ignored member is still checked.
    let bad = xml.replace("<array><data/></array>", "<int>x</int>");
    assert!(decode_method_response_as::<Vec<Record>>(bad.as_bytes(), &Limits::default()).is_err());
    // A type that does not read its value cannot put the reader out of step.
    struct Unread;
    impl<'de> serde::Deserialize<'de> for Unread {
        fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
            Ok(Unread)
        }
    }
    let pair = success("<value><array><data><value><int>1</int></value><value><int>2</int></value></data></array></value>");
    assert!(
        decode_method_response_as::<(Unread, Unread)>(pair.as_bytes(), &Limits::default()).is_err()
    );
    // A sequence read only in part is an error, as with `serde_json::Value`.
    assert!(decode_method_response_as::<(i64,)>(pair.as_bytes(), &Limits::default()).is_err());
    assert_eq!(
        decode_method_response_as::<(i64, i64)>(pair.as_bytes(), &Limits::default()),
        Ok((1, 2))
    );
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

/// Whether XML 1.0 can carry `c`.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Any character, with the characters that matter to XML drawn often.
fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>(),
        1 => prop::sample::select(vec![
            '\r', '\n', '\t', ' ', '&', '<', '>', ']', '"', '\'', ';', '#', '\u{0}', '\u{1}',
            '\u{1f}', '\u{FFFE}', '\u{FFFF}', '\u{FFFD}', '\u{10FFFF}', 'é', '€',
        ]),
    ]
}

fn any_string() -> impl Strategy<Value = String> {
    prop::collection::vec(any_char(), 0..12).prop_map(String::from_iter)
}

fn xml_string() -> impl Strategy<Value = String> {
    prop::collection::vec(
        any_char().prop_map(|c| if is_xml_char(c) { c } else { 'x' }),
        0..12,
    )
    .prop_map(String::from_iter)
}

/// JSON values nested at most 8 deep, with finite numbers and strings from `strings`.
fn json_value<S>(strings: fn() -> S) -> impl Strategy<Value = Value>
where
    S: Strategy<Value = String> + 'static,
{
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| {
            serde_json::Number::from_f64(f).map(Value::Number)
        }),
        prop::sample::select(vec![0.0, -0.0, 2.0, 12.5, 1e16, 1e-5, 0.1])
            .prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
                .map(Value::Number)),
        strings().prop_map(Value::String),
    ];
    leaf.prop_recursive(8, 128, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((strings(), inner), 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// `value` with every character XML cannot carry replaced as the encoder replaces it.
fn sanitized(value: &Value) -> Value {
    fn text(s: &str) -> String {
        s.chars()
            .map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' })
            .collect()
    }
    match value {
        Value::String(s) => Value::String(text(s)),
        Value::Array(items) => Value::Array(items.iter().map(sanitized).collect()),
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                out.insert(text(k), sanitized(v));
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

const XMLISH_TOKENS: &[&str] = &[
    "<?xml version='1.0'?>",
    "<methodResponse>",
    "</methodResponse>",
    "<methodCall>",
    "</methodCall>",
    "<methodName>",
    "</methodName>",
    "<params>",
    "</params>",
    "<param>",
    "</param>",
    "<fault>",
    "</fault>",
    "<value>",
    "</value>",
    "<value/>",
    "<array>",
    "</array>",
    "<data>",
    "</data>",
    "<struct>",
    "</struct>",
    "<member>",
    "</member>",
    "<name>",
    "</name>",
    "<int>",
    "</int>",
    "<double>",
    "</double>",
    "<boolean>",
    "</boolean>",
    "<string>",
    "</string>",
    "<nil/>",
    "<base64>",
    "<dateTime.iso8601>",
    "faultCode",
    "faultString",
    "1",
    "-7",
    "2.5",
    "nan",
    "x",
    " ",
    "\n",
    "\r",
    "&amp;",
    "&#13;",
    "&#x110000;",
    "&",
    ";",
    "<",
    ">",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<!DOCTYPE x>",
    "<!DOCTYPE",
    "<?pi?>",
    "<?",
    "\"",
    "=",
    "é",
    "\u{FEFF}",
];

fn xmlish() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(XMLISH_TOKENS), 0..48)
        .prop_map(|tokens| tokens.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let limits = Limits::default();
        let _ = decode_method_response(&bytes, &limits);
        let _ = decode_method_call(&bytes, &limits);
        let _ = decode_value(&bytes, &limits);
    }

    #[test]
    fn arbitrary_xmlish_text_never_panics(text in xmlish(), depth in 0usize..4) {
        let limits = Limits { max_depth: depth, ..Limits::default() };
        for body in [
            text.clone(),
            format!("<methodResponse><params><param>{text}"),
            format!("<methodCall><methodName>m</methodName><params><param><value>{text}"),
        ] {
            let _ = decode_method_response(body.as_bytes(), &limits);
            let _ = decode_method_call(body.as_bytes(), &limits);
            let _ = decode_value(body.as_bytes(), &limits);
        }
    }

    #[test]
    fn method_calls_round_trip(
        method in "[a-zA-Z_.]{1,20}",
        params in prop::collection::vec(json_value(xml_string), 0..4),
    ) {
        let body = encode_method_call(&method, &params);
        let decoded = decode_method_call(body.as_bytes(), &Limits::default());
        prop_assert_eq!(decoded, Ok((method, params)));
    }

    #[test]
    fn responses_round_trip(value in json_value(xml_string)) {
        let response = MethodResponse::Success(value);
        let body = encode_method_response(&response);
        let decoded = decode_method_response(body.as_bytes(), &Limits::default());
        prop_assert_eq!(decoded, Ok(response));
    }

    #[test]
    fn typed_decoding_matches_the_value_decoder(value in json_value(any_string)) {
        let body = encode_method_response(&MethodResponse::Success(value.clone()));
        let limits = Limits::default();
        let expected = decode_method_response(body.as_bytes(), &limits);
        prop_assert_eq!(&expected, &Ok(MethodResponse::Success(sanitized(&value))));
        prop_assert_eq!(
            decode_method_response_as::<Value>(body.as_bytes(), &limits),
            Ok(sanitized(&value))
        );
    }

    #[test]
    fn arbitrary_xmlish_text_decodes_the_same_typed(text in xmlish(), depth in 0usize..4) {
        let limits = Limits { max_depth: depth, ..Limits::default() };
        for body in [
            text.clone(),
            format!("<methodResponse><params><param><value>{text}</value></param></params></methodResponse>"),
            format!("<methodResponse><params><param><value><array><data>{text}</data></array></value></param></params></methodResponse>"),
            format!("<methodResponse><params><param><value><struct><member><name>a</name>{text}</member></struct></value></param></params></methodResponse>"),
        ] {
            assert_same_as_value_decoder(&body, &limits);
        }
    }

    #[test]
    fn faults_round_trip(code in any::<i64>(), string in xml_string()) {
        let response = MethodResponse::Fault { code, string };
        let body = encode_method_response(&response);
        let decoded = decode_method_response(body.as_bytes(), &Limits::default());
        prop_assert_eq!(decoded, Ok(response));
    }

    #[test]
    fn any_string_encodes_to_wellformed_xml(value in json_value(any_string)) {
        let body = encode_method_call("m", std::slice::from_ref(&value));
        prop_assert!(body.chars().all(is_xml_char));
        let decoded = decode_method_call(body.as_bytes(), &Limits::default());
        prop_assert_eq!(decoded, Ok(("m".to_owned(), vec![sanitized(&value)])));
    }
}

// ---------------------------------------------------------------------------------------
// The typed path (its own scanner) against the codec and serde, on documents written in
// other ways than Python's marshaller writes them, or broken
// ---------------------------------------------------------------------------------------

/// `false` (Odoo's "no value") or a value, read through serde's buffered untagged enums.
#[derive(Debug, PartialEq, serde::Deserialize)]
#[serde(untagged)]
enum OrFalse<T> {
    Value(T),
    False(bool),
}

/// A record of the shapes a `search_read` answers.
#[derive(Debug, PartialEq, serde::Deserialize)]
struct Row {
    id: i64,
    name: OrFalse<String>,
    partner_id: OrFalse<(i64, String)>,
    tag_ids: Vec<i64>,
    ratio: f64,
    active: bool,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    missing: Option<i64>,
}

/// A `search_read` row as Odoo answers it.
fn odoo_row() -> impl Strategy<Value = Value> {
    (
        any::<i64>(),
        prop::option::of(any_string()),
        prop::option::of((1i64..1000, any_string())),
        prop::collection::vec(0i64..100, 0..4),
        prop::sample::select(vec![0.0, -1.5, 2.0, 12.5, 1e16, 1e-5, 0.1]),
        any::<bool>(),
    )
        .prop_map(|(id, name, partner, tags, ratio, active)| {
            let or_false = |v: Option<Value>| v.unwrap_or(Value::Bool(false));
            json!({
                "id": id,
                "name": or_false(name.map(Value::String)),
                "partner_id": or_false(partner.map(|(id, name)| json!([id, name]))),
                "tag_ids": tags,
                "ratio": ratio,
                "active": active,
            })
        })
}

/// Rows, one of them with a member set to any value (mostly one that does not fit).
fn odoo_rows() -> impl Strategy<Value = Value> {
    let field = prop::sample::select(vec!["id", "name", "partner_id", "tag_ids", "note", "x"]);
    (
        prop::collection::vec(odoo_row(), 0..4),
        prop::option::weighted(
            0.3,
            (any::<prop::sample::Index>(), field, json_value(any_string)),
        ),
    )
        .prop_map(|(mut rows, change)| {
            if let Some((index, field, value)) = change {
                if !rows.is_empty() {
                    let i = index.index(rows.len());
                    if let Some(row) = rows.get_mut(i).and_then(Value::as_object_mut) {
                        row.insert(field.to_owned(), value);
                    }
                }
            }
            Value::Array(rows)
        })
}

/// What other writers, or broken servers, put where Python's marshaller writes nothing.
const INSERTIONS: &[&str] = &[
    " ",
    "\n",
    "\r\n",
    "\t",
    "<!-- c -->",
    "<!---->",
    "<!--->",
    "<!-- - -->",
    "<![CDATA[]]>",
    "<![CDATA[x\r\ny]]>",
    "<![CDATA[<v>]]>",
    "&amp;",
    "&#13;",
    "&bogus;",
    "&",
    "<",
    ">",
    "/",
    "/>",
    "ex:",
    ":",
    " a=\"1\"",
    "=",
    "\"",
    "x",
    "\u{e9}",
    "\u{FEFF}",
    "<?xml version=\"1.0\"?>",
    "<?pi?>",
    "<!DOCTYPE x>",
    "<!-",
    "<!",
    "</value>",
    "<value>",
    "</x>",
    "<nil/>",
    "<nil />",
    "<value/>",
    "<string>",
    "</string>",
    "]]>",
    "-->",
];

/// One change to a document: at a position (next to markup, most of the time), insert a piece
/// or remove a few bytes.
#[derive(Debug, Clone)]
enum Edit {
    Insert(prop::sample::Index, bool, &'static str),
    Remove(prop::sample::Index, bool, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<prop::sample::Index>(), prop::bool::weighted(0.7), prop::sample::select(INSERTIONS))
            .prop_map(|(at, near_markup, piece)| Edit::Insert(at, near_markup, piece)),
        1 => (any::<prop::sample::Index>(), prop::bool::weighted(0.7), 1usize..4)
            .prop_map(|(at, near_markup, len)| Edit::Remove(at, near_markup, len)),
    ]
}

/// Applies `edits` to `body`, at character boundaries.
fn edited(body: &str, edits: &[Edit]) -> String {
    let mut body = body.to_owned();
    for edit in edits {
        let (at, near_markup) = match edit {
            Edit::Insert(at, near, _) | Edit::Remove(at, near, _) => (at, *near),
        };
        let positions: Vec<usize> = body
            .char_indices()
            .filter(|(i, c)| {
                !near_markup || matches!(c, '<' | '>') || body[..*i].ends_with(['<', '>'])
            })
            .map(|(i, _)| i)
            .chain(std::iter::once(body.len()))
            .collect();
        let pos = positions[at.index(positions.len())];
        match edit {
            Edit::Insert(_, _, piece) => body.insert_str(pos, piece),
            Edit::Remove(_, _, len) => {
                let end = body[pos..]
                    .char_indices()
                    .nth(*len)
                    .map_or(body.len(), |(i, _)| pos + i);
                body.replace_range(pos..end, "");
            }
        }
    }
    body
}

/// The typed path agrees with the codec followed by serde on `body`: when its scanner reads
/// the document, it reads what the codec reads, into the same `Value` and the same rows (or
/// a refusal of the rows exactly when serde refuses the codec's value); and the transport's
/// typed reading (the typed path, else the codec's value) answers what the value path answers,
/// errors included.
fn assert_typed_path_agrees(body: &str, limits: &Limits) -> Result<(), TestCaseError> {
    let codec = decode_method_response(body.as_bytes(), limits);
    let fast = decode_method_response_as::<Value>(body.as_bytes(), limits);
    if let Ok(fast) = &fast {
        prop_assert_eq!(
            &codec,
            &Ok(MethodResponse::Success(fast.clone())),
            "{:?}",
            body
        );
        let rows = decode_method_response_as::<Vec<Row>>(body.as_bytes(), limits);
        let reference = serde_json::from_value::<Vec<Row>>(fast.clone());
        match (&rows, &reference) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b, "{:?}", body),
            (Err(_), Err(_)) => {}
            _ => prop_assert!(false, "{body:?}: typed {rows:?}, serde {reference:?}"),
        }
    }
    let context = crate::ErrorContext::default();
    let typed =
        crate::wire::decode_xml_rpc_as::<Vec<Row>>(200, None, body.as_bytes(), limits, &context);
    let through_value = crate::wire::decode_xml_rpc(200, None, body.as_bytes(), limits, &context)
        .and_then(|value| crate::wire::decode_value::<Vec<Row>>(value, &context));
    match (&typed, &through_value) {
        (Ok(a), Ok(b)) => prop_assert_eq!(a, b, "{:?}", body),
        (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string(), "{:?}", body),
        _ => prop_assert!(
            false,
            "{body:?}: typed {typed:?}, through a value {through_value:?}"
        ),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn typed_path_reads_edited_documents_as_the_codec(
        rows in odoo_rows(),
        edits in prop::collection::vec(edit(), 0..4),
        depth in prop::sample::select(vec![1usize, 2, 128]),
    ) {
        let limits = Limits { max_depth: depth, ..Limits::default() };
        let body = encode_method_response(&MethodResponse::Success(rows.clone()));
        if edits.is_empty() && depth == 128 {
            // The marshaller's own output is read by the typed path itself.
            prop_assert_eq!(
                decode_method_response_as::<Value>(body.as_bytes(), &limits),
                Ok(sanitized(&rows))
            );
        }
        assert_typed_path_agrees(&edited(&body, &edits), &limits)?;
    }

    #[test]
    fn typed_path_reads_edited_values_as_the_codec(
        value in json_value(any_string),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let body = encode_method_response(&MethodResponse::Success(value));
        assert_typed_path_agrees(&edited(&body, &edits), &Limits::default())?;
    }
}

// ---------------------------------------------------------------------------------------
// Recorded bodies used by the unit tests (kept inline so they run without the fixtures)
// ---------------------------------------------------------------------------------------

/// Recorded from odoo19 xmlrpc_error_access_limited_write_sale_order.json.
const RECORDED_ACCESS_FAULT: &str = r##"<?xml version="1.0"?>
<methodResponse>
<fault>
<value><struct>
<member>
<name>faultCode</name>
<value><int>4</int></value>
</member>
<member>
<name>faultString</name>
<value><string>You are not allowed to access 'Sales Order' (sale.order) records.

This operation is allowed for the following groups:
	- Accounting/Invoicing
	- Inventory/User
	- Sales/Administrator
	- Sales/User: Own Documents Only
	- Role / Portal
	- Show Accounting Features - Readonly
	- Show Full Accounting Features

Contact your administrator to request access if necessary.</string></value>
</member>
</struct></value>
</fault>

</methodResponse>
"##;

/// Recorded from odoo18 xmlrpc_method_returns_none.json.
const RECORDED_NONE_FAULT: &str = r##"<?xml version="1.0"?>
<methodResponse>
<fault>
<value><struct>
<member>
<name>faultCode</name>
<value><int>1</int></value>
</member>
<member>
<name>faultString</name>
<value><string>Traceback (most recent call last):
  File "/opt/odoo/odoo/addons/base/controllers/rpc.py", line 161, in xmlrpc_2
    response = self._xmlrpc(service)
               ^^^^^^^^^^^^^^^^^^^^^
  File "/opt/odoo/odoo/addons/base/controllers/rpc.py", line 140, in _xmlrpc
    return dumps((result,))
           ^^^^^^^^^^^^^^^^
  File "/opt/odoo/odoo/addons/base/controllers/rpc.py", line 114, in dumps
    response = OdooMarshaller(allow_none=False).dumps(params)
               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "/usr/lib/python3.11/xmlrpc/client.py", line 514, in dumps
    dump(v, write)
  File "/usr/lib/python3.11/xmlrpc/client.py", line 536, in __dump
    f(self, value, write)
  File "/usr/lib/python3.11/xmlrpc/client.py", line 540, in dump_nil
    raise TypeError("cannot marshal None unless allow_none is enabled")
TypeError: cannot marshal None unless allow_none is enabled
</string></value>
</member>
</struct></value>
</fault>

</methodResponse>
"##;

/// Recorded from odoo16 xmlrpc_error_validation_constraint.json.
const RECORDED_FAULT_ODOO16: &str = r##"<?xml version='1.0'?>
<methodResponse>
<fault>
<value><struct>
<member>
<name>faultCode</name>
<value><int>2</int></value>
</member>
<member>
<name>faultString</name>
<value><string>You cannot create recursive Partner hierarchies.</string></value>
</member>
</struct></value>
</fault>
</methodResponse>
"##;

/// Recorded from odoo18 xmlrpc_search_read_partner.json.
const RECORDED_SEARCH_READ_REQUEST: &str = r##"<?xml version='1.0'?>
<methodCall>
<methodName>execute_kw</methodName>
<params>
<param>
<value><string>odoo18</string></value>
</param>
<param>
<value><int>2</int></value>
</param>
<param>
<value><string>admin</string></value>
</param>
<param>
<value><string>res.partner</string></value>
</param>
<param>
<value><string>search_read</string></value>
</param>
<param>
<value><array><data>
<value><array><data>
<value><array><data>
<value><string>is_company</string></value>
<value><string>=</string></value>
<value><boolean>1</boolean></value>
</data></array></value>
</data></array></value>
</data></array></value>
</param>
<param>
<value><struct>
<member>
<name>fields</name>
<value><array><data>
<value><string>name</string></value>
<value><string>email</string></value>
<value><string>phone</string></value>
<value><string>is_company</string></value>
<value><string>parent_id</string></value>
<value><string>category_id</string></value>
<value><string>country_id</string></value>
<value><string>create_date</string></value>
</data></array></value>
</member>
<member>
<name>limit</name>
<value><int>3</int></value>
</member>
<member>
<name>order</name>
<value><string>id</string></value>
</member>
</struct></value>
</param>
</params>
</methodCall>
"##;
