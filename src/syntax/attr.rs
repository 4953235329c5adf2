//! Attribute descriptions (RFC 4512 §2.5): `descr` or numeric OID, then `;option`s.

/// Checks an attribute description such as `mail`, `userCertificate;binary` or `2.5.4.3`.
///
/// Returns a sentence saying what is wrong, fit to show next to a form field.
pub fn check_attribute_description(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err("is empty; give an LDAP attribute name such as mail or uid".into());
    }
    let mut parts = s.split(';');
    let ty = parts.next().unwrap_or_default();
    check_attribute_type(ty)?;
    for opt in parts {
        if opt.is_empty() || !opt.chars().all(is_keychar) {
            return Err(format!(
                "option ';{opt}' is not valid: options are letters, digits and '-' (e.g. ;binary, ;lang-en)"
            ));
        }
    }
    Ok(())
}

/// Checks an attribute type: a `descr` (letter, then letters, digits, '-') or a numeric OID.
pub fn check_attribute_type(ty: &str) -> Result<(), String> {
    if ty.is_empty() {
        return Err("attribute name is empty".into());
    }
    let first = ty.chars().next().unwrap_or(' ');
    if first.is_ascii_digit() {
        if is_numeric_oid(ty) {
            return Ok(());
        }
        return Err(format!(
            "'{ty}' is neither a name nor a numeric OID: names start with a letter, OIDs look like 2.5.4.3"
        ));
    }
    if !first.is_ascii_alphabetic() {
        return Err(format!("'{ty}' must start with a letter"));
    }
    if let Some(bad) = ty.chars().find(|c| !is_keychar(*c)) {
        return Err(format!(
            "'{ty}' contains '{bad}': attribute names are letters, digits and '-' only"
        ));
    }
    Ok(())
}

fn is_keychar(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

/// `number 1*("." number)`, no leading zeros.
pub fn is_numeric_oid(s: &str) -> bool {
    let mut count = 0;
    for part in s.split('.') {
        count += 1;
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        if part.len() > 1 && part.starts_with('0') {
            return false;
        }
    }
    count >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_names_oids_and_options() {
        for ok in [
            "mail",
            "sAMAccountName",
            "msDS-User-Account-Control-Computed",
            "2.5.4.3",
            "userCertificate;binary",
            "cn;lang-en",
        ] {
            assert!(check_attribute_description(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn rejects_bad_names_with_a_reason() {
        for (bad, needle) in [
            ("", "empty"),
            ("1mail", "OID"),
            ("mail address", "' '"),
            ("user_name", "'_'"),
            ("-x", "start with a letter"),
            ("cn;", "option"),
            ("2.05.4", "OID"),
        ] {
            let e = check_attribute_description(bad).expect_err(bad);
            assert!(e.contains(needle), "{bad}: {e}");
        }
    }
}
