//! A request as a replay compares it: its method and path, and its *view*, the call view
//! `{"model", "method", "args", "kwargs"}` when it is a call of the ORM on any transport, else
//! its body as a JSON value.

use serde_json::{json, Map, Value};

use super::error::RequestSummary;

/// A request, read for matching.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RequestView {
    /// `GET`, `POST`.
    pub method: String,
    /// The path with its query, as recorded.
    pub path: String,
    /// The model and the method, when the request is a call of the ORM.
    pub call: Option<(String, String)>,
    /// The call view of an ORM call, else the body.
    pub view: Value,
    /// What an ORM call sends besides the call (database, user id, secret, protocol fields);
    /// `Null` for other requests.
    pub envelope: Value,
}

impl RequestView {
    /// Reads a request's body by its content type: JSON, an XML-RPC call, else text.
    pub fn read(method: &str, path: &str, content_type: Option<&str>, body: &str) -> RequestView {
        let content_type = content_type.unwrap_or_default().to_ascii_lowercase();
        let parsed = if content_type.contains("json") {
            serde_json::from_str::<Value>(body).ok().map(without_rpc_id)
        } else if content_type.contains("xml") {
            let limits = odoo_core::Limits::default();
            odoo_core::xmlrpc::decode_method_call(body.as_bytes(), &limits)
                .ok()
                .map(|(name, params)| json!({"method": name, "params": params}))
        } else {
            None
        };
        let body = parsed.unwrap_or_else(|| Value::String(body.to_owned()));
        let route = path_only(path);
        let (call, view, envelope) = match orm_call(route, body) {
            Ok((call, view, envelope)) => (Some(call), view, envelope),
            Err(body) => (None, body, Value::Null),
        };
        RequestView {
            method: method.to_owned(),
            path: path.to_owned(),
            call,
            view,
            envelope,
        }
    }

    /// The path without its query.
    pub fn route(&self) -> &str {
        path_only(&self.path)
    }

    /// The model and method of an ORM call, borrowed.
    pub fn call(&self) -> Option<(&str, &str)> {
        self.call.as_ref().map(|(m, f)| (m.as_str(), f.as_str()))
    }

    /// The request, named.
    pub fn summary(&self) -> RequestSummary {
        RequestSummary {
            method: self.method.clone(),
            path: self.path.clone(),
            model: self.call.as_ref().map(|(model, _)| model.clone()),
            orm_method: self.call.as_ref().map(|(_, method)| method.clone()),
        }
    }

    /// `POST /jsonrpc (res.partner.create)`.
    pub fn describe(&self) -> String {
        match self.call() {
            Some((model, method)) => format!("{} {} ({model}.{method})", self.method, self.path),
            None => format!("{} {}", self.method, self.path),
        }
    }
}

/// The path without its query.
fn path_only(path: &str) -> &str {
    path.split_once('?').map_or(path, |(path, _)| path)
}

/// A JSON-RPC body without its `id`, which counts the client's requests, not what they ask.
fn without_rpc_id(body: Value) -> Value {
    match body {
        Value::Object(mut object) if object.contains_key("jsonrpc") => {
            object.remove("id");
            Value::Object(object)
        }
        other => other,
    }
}

type Call = ((String, String), Value, Value);

/// The call of the ORM in a body sent to `route`: (model, method), the call view, the
/// envelope; the body back when it is not one.
fn orm_call(route: &str, body: Value) -> Result<Call, Value> {
    if route == "/jsonrpc" {
        return json_rpc_call(body);
    }
    if route == "/xmlrpc/2/object" || route == "/xmlrpc/object" {
        return xml_rpc_call(body);
    }
    if route.starts_with("/web/dataset/call_kw") {
        return web_call(body);
    }
    if let Some(rest) = route.strip_prefix("/json/2/") {
        return json2_call(rest, body);
    }
    Err(body)
}

/// The call view.
fn call_view(model: &str, method: &str, args: Vec<Value>, kwargs: Map<String, Value>) -> Value {
    json!({"model": model, "method": method, "args": args, "kwargs": kwargs})
}

/// `execute_kw` (`[db, uid, secret, model, method, args, kwargs]`) or `execute` (`[db, uid,
/// secret, model, method, *args]`): the call, and the three first parameters.
fn execute(name: &str, mut params: Vec<Value>) -> Result<(Call, Vec<Value>), Vec<Value>> {
    let named = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let (Some(model), Some(method)) = (named(params.get(3)), named(params.get(4))) else {
        return Err(params);
    };
    let (args, kwargs) = match name {
        "execute_kw" if params.len() <= 7 => {
            let kwargs = params.get(6).cloned().unwrap_or_else(|| json!({}));
            let args = params.get(5).cloned().unwrap_or_else(|| json!([]));
            match (args, kwargs) {
                (Value::Array(args), Value::Object(kwargs)) => (args, kwargs),
                _ => return Err(params),
            }
        }
        "execute" => (params.split_off(5), Map::new()),
        _ => return Err(params),
    };
    params.truncate(3);
    let view = call_view(&model, &method, args, kwargs);
    Ok((((model, method), view, Value::Null), params))
}

/// `/jsonrpc`'s `object` service.
fn json_rpc_call(mut body: Value) -> Result<Call, Value> {
    let Some(params) = body.get_mut("params").and_then(Value::as_object_mut) else {
        return Err(body);
    };
    let name = params.get("method").and_then(Value::as_str).unwrap_or("");
    if params.get("service").and_then(Value::as_str) != Some("object") {
        return Err(body);
    }
    let name = name.to_owned();
    let args = match params.remove("args") {
        Some(Value::Array(args)) => args,
        Some(other) => {
            params.insert("args".into(), other);
            return Err(body);
        }
        None => return Err(body),
    };
    match execute(&name, args) {
        Ok(((call, view, _), rest)) => {
            params.insert("args".into(), Value::Array(rest));
            Ok((call, view, body))
        }
        Err(args) => {
            params.insert("args".into(), Value::Array(args));
            Err(body)
        }
    }
}

/// `/xmlrpc/2/object`, read as `{"method": .., "params": [..]}`.
fn xml_rpc_call(mut body: Value) -> Result<Call, Value> {
    let name = body
        .get("method")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let params = match body.get_mut("params").map(Value::take) {
        Some(Value::Array(params)) => params,
        Some(other) => {
            body["params"] = other;
            return Err(body);
        }
        None => return Err(body),
    };
    match execute(&name, params) {
        Ok(((call, view, _), rest)) => {
            body["params"] = Value::Array(rest);
            Ok((call, view, body))
        }
        Err(params) => {
            body["params"] = Value::Array(params);
            Err(body)
        }
    }
}

/// The web session's `/web/dataset/call_kw/<model>/<method>`.
fn web_call(mut body: Value) -> Result<Call, Value> {
    let Some(params) = body.get_mut("params").and_then(Value::as_object_mut) else {
        return Err(body);
    };
    let named = |key: &str| params.get(key).and_then(Value::as_str).map(str::to_owned);
    let (Some(model), Some(method)) = (named("model"), named("method")) else {
        return Err(body);
    };
    let args = match params.remove("args") {
        Some(Value::Array(args)) => args,
        None => Vec::new(),
        Some(other) => {
            params.insert("args".into(), other);
            return Err(body);
        }
    };
    let kwargs = match params.remove("kwargs") {
        Some(Value::Object(kwargs)) => kwargs,
        None => Map::new(),
        Some(other) => {
            params.insert("args".into(), Value::Array(args));
            params.insert("kwargs".into(), other);
            return Err(body);
        }
    };
    let view = call_view(&model, &method, args, kwargs);
    Ok(((model, method), view, body))
}

/// JSON-2's `/json/2/<model>/<method>`: the body holds the named arguments.
fn json2_call(rest: &str, body: Value) -> Result<Call, Value> {
    let Some((model, method)) = rest.split_once('/') else {
        return Err(body);
    };
    if model.is_empty() || method.is_empty() || method.contains('/') {
        return Err(body);
    }
    let Value::Object(kwargs) = body else {
        return Err(body);
    };
    let view = call_view(model, method, Vec::new(), kwargs);
    Ok(((model.to_owned(), method.to_owned()), view, Value::Null))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARTNER_CREATE: &str = r#"{"model":"res.partner","method":"create","args":[{"name":"a"}],"kwargs":{"context":{"lang":"en_US"}}}"#;

    fn expected() -> Value {
        serde_json::from_str(PARTNER_CREATE).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn an_orm_call_has_one_call_view_on_every_rpc_transport() {
        let json_rpc = r#"{"jsonrpc":"2.0","method":"call","id":7,"params":{"service":"object","method":"execute_kw","args":["db",2,"pw","res.partner","create",[{"name":"a"}],{"context":{"lang":"en_US"}}]}}"#;
        let web = r#"{"jsonrpc":"2.0","method":"call","id":1,"params":{"model":"res.partner","method":"create","args":[{"name":"a"}],"kwargs":{"context":{"lang":"en_US"}}}}"#;
        let xml = "<?xml version=\"1.0\"?><methodCall><methodName>execute_kw</methodName><params>\
            <param><value><string>db</string></value></param><param><value><int>2</int></value></param>\
            <param><value><string>pw</string></value></param><param><value><string>res.partner</string></value></param>\
            <param><value><string>create</string></value></param>\
            <param><value><array><data><value><struct><member><name>name</name><value><string>a</string></value></member></struct></value></data></array></value></param>\
            <param><value><struct><member><name>context</name><value><struct><member><name>lang</name><value><string>en_US</string></value></member></struct></value></member></struct></value></param>\
            </params></methodCall>";
        let cases = [
            ("/jsonrpc", "application/json", json_rpc),
            (
                "/web/dataset/call_kw/res.partner/create",
                "application/json",
                web,
            ),
            ("/xmlrpc/2/object", "text/xml", xml),
        ];
        for (path, content_type, body) in cases {
            let read = RequestView::read("POST", path, Some(content_type), body);
            assert_eq!(read.view, expected(), "{path}");
            assert_eq!(read.call(), Some(("res.partner", "create")), "{path}");
        }
        let json_rpc = RequestView::read("POST", "/jsonrpc", Some("application/json"), json_rpc);
        assert_eq!(json_rpc.envelope["params"]["args"], json!(["db", 2, "pw"]));
        assert_eq!(
            json_rpc.envelope.get("id"),
            None,
            "the request id is not compared"
        );
    }

    #[test]
    fn json2_named_arguments_are_the_kwargs_and_other_routes_keep_their_body() {
        let body = r#"{"ids":[3,1],"fields":["name"],"id":5}"#;
        let read = RequestView::read(
            "POST",
            "/json/2/res.partner/read",
            Some("application/json"),
            body,
        );
        assert_eq!(read.call(), Some(("res.partner", "read")));
        assert_eq!(read.view["args"], json!([]));
        assert_eq!(
            read.view["kwargs"],
            json!({"ids": [3, 1], "fields": ["name"], "id": 5})
        );
        let login = r#"{"jsonrpc":"2.0","id":1,"params":{"service":"common","method":"authenticate","args":["db","admin","pw",{}]}}"#;
        let read = RequestView::read("POST", "/jsonrpc", Some("application/json"), login);
        assert_eq!(read.call, None);
        assert_eq!(read.view["params"]["method"], json!("authenticate"));
        let get = RequestView::read("GET", "/web/version?x=1", None, "");
        assert_eq!((&get.view, get.route()), (&json!(""), "/web/version"));
    }
}
