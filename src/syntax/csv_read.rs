//! Reading CSV (RFC 4180): fields separated by commas, quoted with `"` when they hold commas,
//! quotes (doubled) or line breaks; CRLF or LF; a UTF-8 byte order mark is skipped. Each
//! record keeps the line it starts on, for messages.

/// Why the CSV did not read, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct CsvError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// One record: the line it starts on and its fields.
pub type CsvRecord = (usize, Vec<String>);

/// Reads every record; blank lines are skipped.
pub fn parse(text: &str) -> Result<Vec<CsvRecord>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1usize;
    let mut start = 1usize;
    let mut quoted = false;
    // The field was quoted and its closing quote seen: only a separator may follow.
    let mut closed = false;
    let mut chars = text.chars().peekable();
    let end_record =
        |fields: &mut Vec<String>, field: &mut String, out: &mut Vec<CsvRecord>, start| {
            fields.push(std::mem::take(field));
            let rec = std::mem::take(fields);
            if !(rec.len() == 1 && rec[0].is_empty()) {
                out.push((start, rec));
            }
        };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => {
                    quoted = false;
                    closed = true;
                }
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            ',' => {
                fields.push(std::mem::take(&mut field));
                closed = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                end_record(&mut fields, &mut field, &mut out, start);
                closed = false;
                line += 1;
                start = line;
            }
            '"' if field.is_empty() && !closed => quoted = true,
            _ if closed => {
                return Err(CsvError {
                    line,
                    message: format!("{c:?} after a closing quote: quote the whole field"),
                });
            }
            '"' => {
                return Err(CsvError {
                    line,
                    message:
                        "a quote inside an unquoted field: quote the field and double the quote"
                            .into(),
                });
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(CsvError {
            line: start,
            message: "a quoted field is not closed".into(),
        });
    }
    if !field.is_empty() || !fields.is_empty() {
        end_record(&mut fields, &mut field, &mut out, start);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_doubled_quotes_and_line_breaks_read() {
        let r = parse("\u{feff}id,cn,description\r\nann,\"Ann, A.\",\"said \"\"hi\"\"\nthen left\"\n\nbob,Bob,\n")
            .expect("reads");
        assert_eq!(r.len(), 3);
        assert_eq!(
            r[0],
            (1, vec!["id".into(), "cn".into(), "description".into()])
        );
        assert_eq!(r[1].1, ["ann", "Ann, A.", "said \"hi\"\nthen left"]);
        assert_eq!(r[2], (5, vec!["bob".into(), "Bob".into(), String::new()]));
    }

    #[test]
    fn malformed_quotes_name_their_line() {
        assert_eq!(parse("id\n\"open\n").unwrap_err().line, 2);
        assert_eq!(parse("id\nab\"c\n").unwrap_err().line, 2);
        assert_eq!(parse("id\n\"ab\"c\n").unwrap_err().line, 2);
        assert_eq!(
            parse("a,b").expect("no final newline"),
            vec![(1, vec!["a".into(), "b".into()])]
        );
    }
}
