//! A JSON body of the wrong shape, told in plain words under the field it concerns: serde says
//! "invalid type: floating point `0.5`, expected i64 at line 1 column 55"; a person (or a
//! generated client) needs `{"expires_in_days": ["must be a whole number (got 0.5)"]}`.

use std::collections::BTreeMap;

/// The body of the request, kept by the body guard so a refusal can name the field.
#[derive(Debug, Clone)]
pub struct JsonBody(pub actix_web::web::Bytes);

/// Field errors for a serde data error in `body` (`None` when the body is unknown).
pub fn field_errors(
    error: &serde_json::Error,
    body: Option<&[u8]>,
) -> BTreeMap<String, Vec<String>> {
    let message = error.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m);
    // A field parser's own refusal (dates) is placed at the end of its object, or nowhere: then
    // the value it quotes finds the field.
    let at = body
        .map(|b| {
            let by_position = offset_of(b, error.line(), error.column())
                .map(|o| path_at(b, o))
                .unwrap_or_default();
            match by_position.is_empty() {
                true => offset_of_value(b, message)
                    .map(|o| path_at(b, o))
                    .unwrap_or_default(),
                false => by_position,
            }
        })
        .unwrap_or_default();
    let (field, words) = match message.strip_prefix("missing field `") {
        Some(rest) => {
            let name = rest.trim_end_matches('`');
            (join(&at, name), "is required".to_owned())
        }
        None => (at, plain(message)),
    };
    let field = if field.is_empty() {
        "body".to_owned()
    } else {
        field
    };
    BTreeMap::from([(field, vec![words])])
}

fn join(parent: &str, name: &str) -> String {
    match parent.is_empty() {
        true => name.to_owned(),
        false => format!("{parent}.{name}"),
    }
}

/// serde's wording, as a sentence about the value.
fn plain(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((got, expected)) = rest.split_once(", expected ")
    {
        return format!("must be {} (got {})", kind(expected), got.replace('`', ""));
    }
    if let Some(rest) = message.strip_prefix("invalid value: ")
        && let Some((got, expected)) = rest.split_once(", expected ")
    {
        return format!("must be {} (got {})", kind(expected), got.replace('`', ""));
    }
    if let Some(rest) = message.strip_prefix("unknown variant `")
        && let Some((got, expected)) = rest.split_once("`, expected ")
    {
        let options = expected.trim_start_matches("one of ").replace('`', "");
        return format!("must be one of {options} (got {got})");
    }
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((got, _)) = rest.split_once('`')
    {
        return format!("is not a field of this request ({got})");
    }
    if message.starts_with("premature end of input")
        || message.starts_with("input contains invalid characters")
    {
        return "is not a valid value for this field".to_owned();
    }
    message.to_owned()
}

/// What serde calls a type, as a person would.
fn kind(expected: &str) -> String {
    let bare = expected.trim_start_matches("a ").trim_start_matches("an ");
    match bare {
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".into(),
        "u8" => "a whole number from 0 to 255".into(),
        "u16" | "u32" | "u64" | "usize" => "a whole number, 0 or more".into(),
        "f32" | "f64" => "a number".into(),
        "boolean" | "bool" => "true or false".into(),
        "string" | "borrowed string" => "text".into(),
        "sequence" => "a list".into(),
        "map" => "an object".into(),
        "UUID" => "an id (a UUID)".into(),
        other if other.starts_with("struct ") || other.starts_with("map") => "an object".into(),
        other if other.starts_with("tuple") => "a list".into(),
        _ => expected.to_owned(),
    }
}

/// Where the value an error quotes (`invalid value: string "2024-1-1"`) ends in the body: errors
/// raised by a field's own parser (dates) carry no position of their own.
fn offset_of_value(body: &[u8], message: &str) -> Option<usize> {
    let quoted = message.strip_prefix("invalid value: string ")?;
    let end = quoted.rfind("\", expected")?;
    let literal = &quoted[..=end];
    let at = body
        .windows(literal.len())
        .position(|w| w == literal.as_bytes())?;
    Some(at + literal.len())
}

/// The byte offset of a 1-based line and column.
fn offset_of(body: &[u8], line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let mut start = 0;
    for _ in 1..line {
        start += body[start..].iter().position(|b| *b == b'\n')? + 1;
    }
    Some((start + column).min(body.len()))
}

/// Where in the document `offset` lies: `documents[2].url`.
fn path_at(body: &[u8], offset: usize) -> String {
    enum Frame {
        Object(Option<String>),
        Array(usize),
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut expecting_key = false;
    let mut i = 0;
    while i < offset.min(body.len()) {
        match body[i] {
            b'{' => {
                stack.push(Frame::Object(None));
                expecting_key = true;
            }
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object(key)) => {
                    *key = None;
                    expecting_key = true;
                }
                None => {}
            },
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < body.len() && body[i] != b'"' {
                    i += if body[i] == b'\\' { 2 } else { 1 };
                }
                if expecting_key {
                    let text = String::from_utf8_lossy(&body[start..i.min(body.len())]);
                    if let Some(Frame::Object(key)) = stack.last_mut() {
                        *key = Some(text.into_owned());
                    }
                    expecting_key = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object(None) => {}
            Frame::Array(n) => path.push_str(&format!("[{n}]")),
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::field_errors;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[expect(dead_code, reason = "only deserialised, to make serde's errors")]
    struct Doc {
        title: String,
        url: String,
    }

    #[derive(Debug, Deserialize)]
    #[expect(dead_code, reason = "only deserialised, to make serde's errors")]
    struct Body {
        name: String,
        days: Option<i64>,
        documents: Vec<Doc>,
    }

    fn errors(json: &str) -> Vec<(String, String)> {
        let e = serde_json::from_str::<Body>(json).unwrap_err();
        field_errors(&e, Some(json.as_bytes()))
            .into_iter()
            .map(|(k, v)| (k, v.join("; ")))
            .collect()
    }

    #[test]
    fn wrong_types_are_named_by_field_in_plain_words() {
        assert_eq!(
            errors(r#"{"name": "x", "days": 0.5, "documents": []}"#),
            vec![(
                "days".to_owned(),
                "must be a whole number (got floating point 0.5)".to_owned()
            )]
        );
        assert_eq!(
            errors(
                r#"{"name": "x", "documents": [{"title": "a", "url": "b"}, {"title": 7, "url": "c"}]}"#
            ),
            vec![(
                "documents[1].title".to_owned(),
                "must be text (got integer 7)".to_owned()
            )]
        );
    }

    #[derive(Debug, Deserialize)]
    #[expect(dead_code, reason = "only deserialised, to make serde's errors")]
    struct Dated {
        title: String,
        #[serde(default, deserialize_with = "annex_domain::dates::strict_option")]
        due: Option<chrono::NaiveDate>,
    }

    #[test]
    fn a_field_parser_s_own_refusal_is_named_too() {
        let json = r#"{"title": "t", "due": "2024-1-1"}"#;
        let e = serde_json::from_str::<Dated>(json).unwrap_err();
        let errors = field_errors(&e, Some(json.as_bytes()));
        let due = errors.get("due").map(|m| m.join("; ")).unwrap_or_default();
        assert!(
            due.starts_with("must be a date as YYYY-MM-DD"),
            "{errors:?}"
        );
    }

    #[test]
    fn missing_fields_are_named_where_they_are_missing() {
        assert_eq!(
            errors(r#"{"name": "x", "documents": [{"title": "a"}]}"#),
            vec![("documents[0].url".to_owned(), "is required".to_owned())]
        );
        assert_eq!(
            errors(r#"{"documents": []}"#),
            vec![("name".to_owned(), "is required".to_owned())]
        );
    }
}
