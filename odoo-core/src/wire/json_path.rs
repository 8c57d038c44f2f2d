//! Typed decoding of a JSON value, and the JSON path of the place that did not fit.
//!
//! A value is decoded through its text, by the same `serde_json` text deserializer that reads
//! response bodies straight into the caller's type. Every type is then compiled for one JSON
//! deserializer only, where decoding from the value as well, and tracking the path through a
//! wrapping deserializer, compiled it twice more: in a test that reads 22 generated models,
//! two fifths of the code built.
//!
//! When the value does not fit, it is written out again with one member or item a line, and the
//! line and column where the deserializer stopped name the value it was reading: its path, like
//! `[2].partner_id`.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, ErrorContext, LimitKind, Result};
use crate::limits::RECURSION_DEPTH;

/// Deserializes a result value into `T`, naming the JSON path that did not fit.
pub(crate) fn decode_value<T: DeserializeOwned>(value: Value, context: &ErrorContext) -> Result<T> {
    let failed = match serde_json::from_str::<T>(&value.to_string()) {
        Ok(decoded) => return Ok(decoded),
        Err(error) => error,
    };
    if failed.to_string().starts_with("recursion limit exceeded") {
        // Only an XML-RPC value read with a `max_depth` above it nests this deep.
        return Err(Error::limit(
            LimitKind::Depth,
            RECURSION_DEPTH,
            context.clone(),
        ));
    }
    // Written with one value a line, a value's end and the next one's start never share a
    // position, which a compact text would not tell apart.
    let pretty = serde_json::to_string_pretty(&value).unwrap_or_default();
    let error = match serde_json::from_str::<T>(&pretty) {
        Err(error) => error,
        // Not reached: the same value fails the same way whatever its layout.
        Ok(_) => failed,
    };
    // The value ended, for the type, before its text did: the place is the list (or object)
    // around the items left over, and serde_json's "trailing characters" is about a text.
    let message = message_of(&error);
    let surplus = message.starts_with("trailing c");
    let path = offset_of(&pretty, error.line(), error.column())
        .map(|offset| path_at(&pretty, offset, surplus))
        .unwrap_or_default();
    let message = match message.as_str() {
        _ if surplus => "more items than expected".to_owned(),
        // What serde_json says of anything but a string or an object where an enum goes.
        "expected value" => {
            "invalid type, expected an enum: a string or an object of one member".to_owned()
        }
        _ => message,
    };
    Err(Error::decode(path, message, context.clone()))
}

/// The error's message without the position `serde_json` appends to it, which is that of the
/// re-written text, not of the response.
fn message_of(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    match message.strip_suffix(&position) {
        Some(message) => message.to_owned(),
        None => message,
    }
}

/// The byte offset of a `serde_json` position: a line counted from 1, and the number of bytes
/// before the position on that line.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let mut start = 0;
    for _ in 1..line {
        start += text.get(start..)?.find('\n')? + 1;
    }
    let offset = start + column;
    (offset <= text.len()).then_some(offset)
}

/// A step of a JSON path.
enum Step {
    Index(usize),
    Key(String),
}

/// The path of the innermost value of `text` (valid JSON) whose text begins at or before
/// `offset` and ends at or after it, as `serde_path_to_error` writes paths: `[1].name`, `a.b`;
/// empty for the whole value.
///
/// `serde_json` reports an error right after the value it was reading (a string of the wrong
/// type, a number out of range), at its first byte when it was an array or an object where
/// something else was expected, or right after an object's `}` when a field is missing: in
/// each case, inside or at an end of the value whose path is meant. Written with one value a
/// line, no other value touches that position, and values end before the values around them.
///
/// With `around`, the path of the array or object around that value instead: where an item
/// the type did not expect begins.
///
/// A loop, not recursion, so that no nesting depth can exhaust the stack.
pub(crate) fn path_at(text: &str, offset: usize, around: bool) -> String {
    let bytes = text.as_bytes();
    // The containers open around the cursor, outermost first.
    let mut open: Vec<Open> = Vec::new();
    // The step to the value the cursor is about to read; `None` in an object before its key.
    let mut next: Option<Step> = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => {
                let array = bytes[i] == b'[';
                open.push(Open {
                    start: i,
                    array,
                    items: 0,
                    step: next.take(),
                });
                if array {
                    next = Some(Step::Index(0));
                }
                i += 1;
            }
            b'}' | b']' => {
                i += 1;
                let Some(closed) = open.pop() else {
                    break;
                };
                if (closed.start..=i).contains(&offset) {
                    return render(&open, closed.step.as_ref().filter(|_| !around));
                }
                next = None;
            }
            b',' => {
                // The next item of an array, or (in an object) the key that comes next.
                next = match open.last_mut() {
                    Some(array) if array.array => {
                        array.items += 1;
                        Some(Step::Index(array.items))
                    }
                    _ => None,
                };
                i += 1;
            }
            b'"' => {
                let end = string_end(bytes, i);
                let in_object = open.last().is_some_and(|container| !container.array);
                if in_object && next.is_none() {
                    // A key: the step to the value after the colon.
                    let key = serde_json::from_str::<String>(&text[i..end]).unwrap_or_default();
                    next = Some(Step::Key(key));
                } else if (i + 1..=end).contains(&offset) {
                    return render(&open, next.as_ref().filter(|_| !around));
                }
                i = end;
            }
            b':' | b' ' | b'\n' | b'\t' | b'\r' => i += 1,
            _ => {
                // A number, `true`, `false` or `null`.
                let end = bytes[i..]
                    .iter()
                    .position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t'))
                    .map_or(bytes.len(), |n| i + n);
                if (i + 1..=end).contains(&offset) {
                    return render(&open, next.as_ref().filter(|_| !around));
                }
                i = end;
            }
        }
    }
    String::new()
}

/// An array or object around the cursor of [`path_at`].
struct Open {
    /// Where its `[` or `{` is.
    start: usize,
    array: bool,
    /// An array's items before the current one.
    items: usize,
    /// The step from the container around it to this one.
    step: Option<Step>,
}

/// The end (one past the closing quote) of the string that begins at `start`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The path through the open containers, then `last`.
fn render(open: &[Open], last: Option<&Step>) -> String {
    let mut path = String::new();
    for step in open.iter().filter_map(|o| o.step.as_ref()).chain(last) {
        match step {
            Step::Index(index) => path.push_str(&format!("[{index}]")),
            Step::Key(key) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn path(value: &Value, line: usize, column: usize, around: bool) -> String {
        let text = serde_json::to_string_pretty(value).expect("a value");
        let offset = offset_of(&text, line, column).expect("inside the text");
        path_at(&text, offset, around)
    }

    /// Positions as serde_json reports them in a pretty text: after a scalar, inside one,
    /// at an array's `[`, after an object's `}`, and at an item left over.
    #[test]
    fn positions_name_the_value_there() {
        let value = json!({"a": [1, {"b": "x"}], "c": null});
        // {            line 1
        //   "a": [     line 2, `[` at 7
        //     1,       line 3
        //     {        line 4
        //       "b": "x"   line 5, ends at 14
        //     }        line 6
        //   ],
        //   "c": null  line 8
        // }
        assert_eq!(path(&value, 3, 5, false), "a[0]");
        assert_eq!(path(&value, 5, 14, false), "a[1].b");
        assert_eq!(path(&value, 2, 7, false), "a");
        assert_eq!(path(&value, 6, 5, false), "a[1]");
        assert_eq!(path(&value, 8, 8, false), "c");
        assert_eq!(path(&value, 4, 5, true), "a");
        assert_eq!(path(&value, 9, 1, false), "");
        assert_eq!(offset_of("{}", 3, 0), None);
    }

    /// No nesting depth exhausts the stack.
    #[test]
    fn deep_texts_are_walked_without_recursion() {
        let depth = 1_000_000;
        let text = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        let found = path_at(&text, depth + 1, false);
        assert_eq!(found.len(), "[0]".len() * depth);
    }

    #[test]
    fn values_deeper_than_serde_json_reads_are_a_depth_limit() {
        let mut value = json!(1);
        for _ in 0..200 {
            value = json!([value]);
        }
        let error = decode_value::<Value>(value, &ErrorContext::default())
            .expect_err("too deep for the text deserializer");
        assert_eq!(error.kind(), crate::ErrorKind::Limit, "{error:?}");
    }
}
