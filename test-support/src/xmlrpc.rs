//! A small XML-RPC reader used only on the test side.
//!
//! It turns an XML-RPC `methodCall` or `methodResponse` document into a
//! JSON-like tree so that two documents can be compared by value. It is kept
//! deliberately separate from the codec under test.
//!
//! Mapping of XML-RPC values:
//!
//! | XML-RPC                         | JSON value                              |
//! |---------------------------------|-----------------------------------------|
//! | `int`, `i4`, `i8`               | integer number                          |
//! | `boolean`                       | `true` / `false`                        |
//! | `string`, untyped `<value>`     | string (text kept as is)                |
//! | `double`                        | floating point number                   |
//! | `nil`                           | `null`                                  |
//! | `array`                         | array                                   |
//! | `struct`                        | object (member order is not kept)       |
//! | `base64`                        | string, with ASCII whitespace removed   |
//! | `dateTime.iso8601`              | string, surrounding whitespace trimmed  |
//!
//! Documents become:
//!
//! - `methodCall`: `{"methodName": "...", "params": [v1, v2, ...]}`
//! - `methodResponse` with params: `{"params": [v]}`
//! - `methodResponse` with a fault: `{"fault": {"faultCode": .., "faultString": ..}}`

use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::{Map, Number, Value};

/// One XML element with its child elements and its own text (text and
/// CDATA directly inside it, concatenated, entities resolved).
#[derive(Debug, Default)]
struct Node {
    name: String,
    children: Vec<Node>,
    text: String,
}

impl Node {
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
}

/// Parses an XML-RPC document (`methodCall` or `methodResponse`) into a JSON
/// tree, see the module documentation for the mapping. Returns a readable
/// error for anything that is not well-formed XML-RPC.
pub fn parse(text: &str) -> Result<Value, String> {
    let root = parse_tree(text)?;
    match root.name.as_str() {
        "methodCall" => {
            let method = root
                .child("methodName")
                .ok_or("methodCall has no <methodName>")?
                .text
                .trim()
                .to_owned();
            let params = match root.child("params") {
                Some(p) => params(p)?,
                None => Vec::new(),
            };
            let mut obj = Map::new();
            obj.insert("methodName".into(), Value::String(method));
            obj.insert("params".into(), Value::Array(params));
            Ok(Value::Object(obj))
        }
        "methodResponse" => {
            let mut obj = Map::new();
            if let Some(fault) = root.child("fault") {
                let v = fault.child("value").ok_or("<fault> has no <value>")?;
                obj.insert("fault".into(), value(v)?);
            } else if let Some(p) = root.child("params") {
                obj.insert("params".into(), Value::Array(params(p)?));
            } else {
                return Err("methodResponse has neither <params> nor <fault>".into());
            }
            Ok(Value::Object(obj))
        }
        other => Err(format!(
            "root element is <{other}>, expected <methodCall> or <methodResponse>"
        )),
    }
}

/// Parses a single `<value>...</value>` fragment into a JSON value.
pub fn parse_value(text: &str) -> Result<Value, String> {
    let root = parse_tree(text)?;
    if root.name != "value" {
        return Err(format!("root element is <{}>, expected <value>", root.name));
    }
    value(&root)
}

fn params(node: &Node) -> Result<Vec<Value>, String> {
    node.children
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if p.name != "param" {
                return Err(format!(
                    "<params> child {i} is <{}>, expected <param>",
                    p.name
                ));
            }
            let v = p
                .child("value")
                .ok_or_else(|| format!("<param> {i} has no <value>"))?;
            value(v)
        })
        .collect()
}

fn value(node: &Node) -> Result<Value, String> {
    match node.children.as_slice() {
        [] => Ok(Value::String(node.text.clone())),
        [typed] => typed_value(typed),
        more => Err(format!(
            "<value> holds {} elements, expected one",
            more.len()
        )),
    }
}

fn typed_value(node: &Node) -> Result<Value, String> {
    let text = node.text.as_str();
    match node.name.as_str() {
        "int" | "i4" | "i8" => text
            .trim()
            .parse::<i64>()
            .map(|n| Value::Number(n.into()))
            .map_err(|e| {
                format!(
                    "<{}>{text}</{}> is not an integer: {e}",
                    node.name, node.name
                )
            }),
        "boolean" => match text.trim() {
            "1" => Ok(Value::Bool(true)),
            "0" => Ok(Value::Bool(false)),
            other => Err(format!("<boolean>{other}</boolean> is neither 0 nor 1")),
        },
        "string" => Ok(Value::String(text.to_owned())),
        "double" => {
            let f: f64 = text
                .trim()
                .parse()
                .map_err(|e| format!("<double>{text}</double> is not a number: {e}"))?;
            Number::from_f64(f)
                .map(Value::Number)
                .ok_or_else(|| format!("<double>{text}</double> is not finite"))
        }
        "nil" => Ok(Value::Null),
        "base64" => Ok(Value::String(
            text.chars().filter(|c| !c.is_ascii_whitespace()).collect(),
        )),
        "dateTime.iso8601" => Ok(Value::String(text.trim().to_owned())),
        "array" => {
            let data = node.child("data").ok_or("<array> has no <data>")?;
            data.children
                .iter()
                .map(|v| {
                    if v.name == "value" {
                        value(v)
                    } else {
                        Err(format!("<data> holds <{}>, expected <value>", v.name))
                    }
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        "struct" => {
            let mut obj = Map::new();
            for member in &node.children {
                if member.name != "member" {
                    return Err(format!(
                        "<struct> holds <{}>, expected <member>",
                        member.name
                    ));
                }
                let name = member.child("name").ok_or("<member> has no <name>")?;
                let v = member.child("value").ok_or("<member> has no <value>")?;
                obj.insert(name.text.clone(), value(v)?);
            }
            Ok(Value::Object(obj))
        }
        other => Err(format!("unsupported XML-RPC type <{other}>")),
    }
}

fn parse_tree(text: &str) -> Result<Node, String> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;

    fn attach(stack: &mut [Node], root: &mut Option<Node>, node: Node) -> Result<(), String> {
        if let Some(parent) = stack.last_mut() {
            parent.children.push(node);
            Ok(())
        } else if root.is_none() {
            *root = Some(node);
            Ok(())
        } else {
            Err(format!(
                "a second root element <{}> follows the first",
                node.name
            ))
        }
    }

    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("XML error near byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(e) => stack.push(Node {
                name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                ..Node::default()
            }),
            Event::Empty(e) => {
                let node = Node {
                    name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                    ..Node::default()
                };
                attach(&mut stack, &mut root, node)?;
            }
            Event::End(_) => {
                let node = stack.pop().ok_or("closing tag without an opening tag")?;
                attach(&mut stack, &mut root, node)?;
            }
            Event::Text(t) => {
                let s = t
                    .unescape()
                    .map_err(|e| format!("bad text near byte {}: {e}", reader.buffer_position()))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                } else if !s.trim().is_empty() {
                    return Err(format!("text outside the root element: {:?}", s.trim()));
                }
            }
            Event::CData(c) => {
                let s = String::from_utf8_lossy(&c).into_owned();
                match stack.last_mut() {
                    Some(top) => top.text.push_str(&s),
                    None => return Err("CDATA outside the root element".into()),
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("document ends inside <{}>", open.name));
    }
    root.ok_or_else(|| "document has no root element".to_owned())
}
