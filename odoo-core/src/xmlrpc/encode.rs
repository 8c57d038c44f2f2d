//! Writing XML-RPC documents in the exact layout of Python's `xmlrpc.client`.

use std::fmt::Write as _;

use serde_json::{Number, Value};

use super::MethodResponse;

/// Header Python's `xmlrpc.client.dumps` writes before a method call.
const CALL_HEADER: &str = "<?xml version='1.0'?>\n";
/// Header Odoo (17.0 and later; 18.0 in the recordings) writes before a method response.
const RESPONSE_HEADER: &str = "<?xml version=\"1.0\"?>\n";

/// Encodes a `methodCall` document, byte for byte as Python's
/// `xmlrpc.client.dumps(tuple(params), method)` would.
///
/// Struct members come out in the order of the [`serde_json::Map`]. Characters that XML
/// 1.0 cannot carry are replaced with U+FFFD and carriage returns are written as `&#13;`
/// (see the [module documentation](super)).
///
/// With no parameters the result is
/// `<?xml version='1.0'?>\n<methodCall>\n<methodName>version</methodName>\n<params>\n</params>\n</methodCall>\n`.
pub fn encode_method_call(method: &str, params: &[Value]) -> String {
    let mut out = String::with_capacity(128 + 64 * params.len());
    out.push_str(CALL_HEADER);
    out.push_str("<methodCall>\n<methodName>");
    push_escaped(&mut out, method);
    out.push_str("</methodName>\n<params>\n");
    for param in params {
        out.push_str("<param>\n");
        write_value(&mut out, param);
        out.push_str("</param>\n");
    }
    out.push_str("</params>\n</methodCall>\n");
    out
}

/// Encodes a `methodResponse` document the way Odoo's server writes one.
///
/// The layout is the one of Odoo 18 and later: `<?xml version="1.0"?>` followed by the
/// output of Python's marshaller for the single result (or the fault struct, `faultCode`
/// then `faultString`), and a blank line before `</methodResponse>`.
pub fn encode_method_response(response: &MethodResponse) -> String {
    let mut out = String::with_capacity(256);
    out.push_str(RESPONSE_HEADER);
    out.push_str("<methodResponse>\n");
    match response {
        MethodResponse::Success(value) => {
            out.push_str("<params>\n<param>\n");
            write_value(&mut out, value);
            out.push_str("</param>\n</params>\n");
        }
        MethodResponse::Fault { code, string } => {
            out.push_str(
                "<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>",
            );
            // Writing to a String cannot fail.
            let _ = write!(out, "{code}");
            out.push_str(
                "</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>",
            );
            push_escaped(&mut out, string);
            out.push_str("</string></value>\n</member>\n</struct></value>\n</fault>\n");
        }
    }
    out.push_str("\n</methodResponse>\n");
    out
}

/// Encodes one value as a `<value>…</value>` element (with Python's trailing newline,
/// except after `<nil/>`, where Python writes none either).
pub fn encode_value(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value);
    out
}

/// An array or struct whose children are being written.
enum Open<'a> {
    Array(std::slice::Iter<'a, Value>),
    Struct {
        members: serde_json::map::Iter<'a>,
        /// Whether a `<member>` was opened and still waits for its `</member>`.
        in_member: bool,
    },
}

/// Appends `value` to `out`, walking nested arrays and structs with an explicit stack so
/// that no nesting depth can overflow the call stack.
fn write_value(out: &mut String, value: &Value) {
    let mut stack: Vec<Open<'_>> = Vec::new();
    let mut next = Some(value);
    loop {
        if let Some(value) = next.take() {
            match value {
                Value::Null => out.push_str("<value><nil/></value>"),
                Value::Bool(b) => out.push_str(if *b {
                    "<value><boolean>1</boolean></value>\n"
                } else {
                    "<value><boolean>0</boolean></value>\n"
                }),
                Value::Number(n) => write_number(out, n),
                Value::String(s) => {
                    out.push_str("<value><string>");
                    push_escaped(out, s);
                    out.push_str("</string></value>\n");
                }
                Value::Array(items) => {
                    out.push_str("<value><array><data>\n");
                    stack.push(Open::Array(items.iter()));
                }
                Value::Object(map) => {
                    out.push_str("<value><struct>\n");
                    stack.push(Open::Struct {
                        members: map.iter(),
                        in_member: false,
                    });
                }
            }
        }
        let Some(top) = stack.last_mut() else {
            return;
        };
        match top {
            Open::Array(items) => match items.next() {
                Some(item) => next = Some(item),
                None => {
                    out.push_str("</data></array></value>\n");
                    stack.pop();
                }
            },
            Open::Struct { members, in_member } => {
                if *in_member {
                    out.push_str("</member>\n");
                    *in_member = false;
                }
                match members.next() {
                    Some((name, member)) => {
                        out.push_str("<member>\n<name>");
                        push_escaped(out, name);
                        out.push_str("</name>\n");
                        *in_member = true;
                        next = Some(member);
                    }
                    None => {
                        out.push_str("</struct></value>\n");
                        stack.pop();
                    }
                }
            }
        }
    }
}

/// Writes a JSON number: integers of any size as `<int>`, floats as `<double>`.
fn write_number(out: &mut String, n: &Number) {
    // Writing to a String cannot fail, hence the ignored results.
    if let Some(i) = n.as_i64() {
        out.push_str("<value><int>");
        let _ = write!(out, "{i}");
        out.push_str("</int></value>\n");
    } else if let Some(u) = n.as_u64() {
        out.push_str("<value><int>");
        let _ = write!(out, "{u}");
        out.push_str("</int></value>\n");
    } else {
        out.push_str("<value><double>");
        push_python_float(out, n.as_f64().unwrap_or(f64::NAN));
        out.push_str("</double></value>\n");
    }
}

/// Appends `f` formatted as Python's `repr(float)` does: the shortest digits that read
/// back to the same float, in positional form (always with a fractional part, `2.0`) when
/// the decimal exponent is between -4 and 16, else in exponent form (`1e+16`, `1e-05`,
/// `1.5e+300`).
pub(super) fn push_python_float(out: &mut String, f: f64) {
    if f.is_nan() {
        out.push_str("nan");
        return;
    }
    if f.is_infinite() {
        out.push_str(if f < 0.0 { "-inf" } else { "inf" });
        return;
    }
    if f.is_sign_negative() {
        out.push('-');
    }
    if f == 0.0 {
        out.push_str("0.0");
        return;
    }
    let sci = python_digits(f.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let n_digits = i64::try_from(digits.len()).unwrap_or(i64::MAX);
    // Position of the decimal point relative to the start of `digits`.
    let point = exponent + 1;
    if !(-4 < point && point <= 16) {
        let (first, rest) = digits.split_at_checked(1).unwrap_or((digits.as_str(), ""));
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let sign = if exponent < 0 { '-' } else { '+' };
        let _ = write!(out, "e{sign}{:02}", exponent.unsigned_abs());
    } else if point <= 0 {
        out.push_str("0.");
        push_zeros(out, -point);
        out.push_str(&digits);
    } else if point >= n_digits {
        out.push_str(&digits);
        push_zeros(out, point - n_digits);
        out.push_str(".0");
    } else {
        let at = usize::try_from(point).unwrap_or(0);
        let (int_part, frac_part) = digits.split_at_checked(at).unwrap_or((digits.as_str(), ""));
        out.push_str(int_part);
        out.push('.');
        out.push_str(frac_part);
    }
}

/// The digits Python's `repr` picks for the finite, positive `f`, in Rust's exponent form
/// `d[.ddd]e[-]x`.
///
/// Rust's `{:e}` prints a shortest digit string that reads back to `f`, which gives the
/// number of digits Python uses too. When two such strings are equally close to `f`, Rust
/// rounds the last digit up where Python rounds it to even, so the digits are formatted
/// again with that precision, which rounds exactly and ties to even, and used whenever they
/// still read back to `f` (they are then the closest ones, as Python's).
fn python_digits(f: f64) -> String {
    let shortest = format!("{f:e}");
    let mantissa = shortest.split('e').next().unwrap_or_default();
    let n_digits = mantissa.bytes().filter(u8::is_ascii_digit).count();
    let rounded = format!("{f:.*e}", n_digits.saturating_sub(1));
    if rounded.parse::<f64>() == Ok(f) {
        rounded
    } else {
        shortest
    }
}

fn push_zeros(out: &mut String, count: i64) {
    for _ in 0..count {
        out.push('0');
    }
}

/// Appends `text` escaped for XML character data: `&`, `<` and `>` as Python escapes them,
/// a carriage return as `&#13;`, and characters XML 1.0 cannot carry replaced by U+FFFD.
fn push_escaped(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(pos) = rest.find(needs_escape) {
        let (plain, tail) = rest.split_at(pos);
        out.push_str(plain);
        let mut chars = tail.chars();
        let Some(c) = chars.next() else {
            break;
        };
        out.push_str(match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '\r' => "&#13;",
            _ => "\u{FFFD}",
        });
        rest = chars.as_str();
    }
    out.push_str(rest);
}

/// Whether `c` cannot be written to character data as is.
fn needs_escape(c: char) -> bool {
    match c {
        '&' | '<' | '>' | '\r' => true,
        '\t' | '\n' => false,
        c if c < ' ' => true,
        '\u{FFFE}' | '\u{FFFF}' => true,
        _ => false,
    }
}
