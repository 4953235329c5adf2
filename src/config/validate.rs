//! Validation: a pure function that returns every problem with the field it belongs to.

use std::collections::HashMap;
use std::fmt;

use super::provider::Provider;
use crate::syntax::attr::check_attribute_description;
use crate::syntax::dn::parse_dn;
use crate::syntax::filter::parse_filter;
use crate::syntax::url::parse_url;

/// One thing wrong with one field of one provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Position of the provider in the file (0-based).
    pub index: usize,
    /// The provider's slug as written.
    pub slug: String,
    /// Field path: `urls[1]`, `attributes.mail`, `layout.tenant_filter`.
    pub field: String,
    /// What is wrong and what would be right.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Validates all providers, including slug uniqueness across them.
pub fn validate_all(providers: &[Provider]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, p) in providers.iter().enumerate() {
        problems.extend(validate(p).into_iter().map(|mut pr| {
            pr.index = i;
            pr
        }));
        if let Some(first) = seen.insert(p.slug.as_str(), i) {
            problems.push(Problem {
                index: i,
                slug: p.slug.clone(),
                field: "slug".into(),
                message: format!(
                    "slug '{}' is already used by provider #{}; slugs must be unique",
                    p.slug,
                    first + 1
                ),
            });
        }
    }
    problems
}

/// Checks a slug: `[a-z0-9_-]{1,64}`.
pub fn check_slug(slug: &str) -> Result<(), String> {
    if slug.is_empty() {
        return Err("is empty; use lower-case letters, digits, '-' and '_' (e.g. corp-ad)".into());
    }
    if slug.len() > 64 {
        return Err(format!("is {} characters long; at most 64", slug.len()));
    }
    if let Some(c) = slug
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '_'))
    {
        let suggestion = slugify(slug);
        return Err(format!(
            "'{slug}' contains '{c}'; use only a-z, 0-9, '-' and '_' (e.g. '{suggestion}')"
        ));
    }
    Ok(())
}

/// Turns any name into a valid slug ("Active Directory" → "active-directory").
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.trim().chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out: String = out.trim_matches('-').chars().take(64).collect();
    if out.is_empty() {
        "provider".into()
    } else {
        out
    }
}

/// Validates one provider on its own (no uniqueness check).
pub fn validate(p: &Provider) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut bad = |field: &str, message: String| {
        out.push(Problem {
            index: 0,
            slug: p.slug.clone(),
            field: field.to_string(),
            message,
        })
    };

    if let Err(m) = check_slug(&p.slug) {
        bad("slug", m);
    }
    if p.urls.is_empty() {
        bad(
            "urls",
            "no server URL; add one such as ldaps://ldap.example.com:636".into(),
        );
    }
    let mut any_tls_url = false;
    for (i, u) in p.urls.iter().enumerate() {
        match parse_url(u) {
            Ok(url) => {
                any_tls_url |= url.tls;
            }
            Err(m) => bad(&format!("urls[{i}]"), m),
        }
    }
    if p.starttls && any_tls_url {
        bad(
            "starttls",
            "StartTLS upgrades a plain ldap:// connection; an ldaps:// URL is already TLS: \
             remove starttls or use ldap:// URLs"
                .into(),
        );
    }
    if let Some(n) = p.page_size
        && !(1..=10_000).contains(&n)
    {
        bad(
            "page_size",
            format!("{n} is out of range; use 1 to 10000 entries per page (AD allows 1000)"),
        );
    }
    if let Some(n) = p.browse_cap
        && n == 0
    {
        bad(
            "browse_cap",
            "is 0; give how many users the browser may load, e.g. 250000".into(),
        );
    }
    if let Some(n) = p.max_message_mib
        && !(1..=1024).contains(&n)
    {
        bad(
            "max_message_mib",
            format!("{n} is out of range; use 1 to 1024 MiB (default 16)"),
        );
    }
    if !(1..=600).contains(&p.timeout_secs) {
        bad(
            "timeout_secs",
            format!("{} is out of range; use 1 to 600 seconds", p.timeout_secs),
        );
    }

    for (field, value) in [
        ("bind_dn", &p.bind_dn),
        ("base_dn", &p.base_dn),
        ("users_base", &p.users_base),
        ("groups_base", &p.groups_base),
    ] {
        if let Some(v) = value {
            check_dn(v, field, &mut bad);
        }
    }
    if let Some(l) = &p.layout
        && let Some(v) = &l.tenants_base
    {
        check_dn(v, "layout.tenants_base", &mut bad);
    }

    if let Some(a) = &p.access {
        for (i, g) in a.required_groups.iter().enumerate() {
            let field = format!("access.required_groups[{i}]");
            if g.trim().is_empty() {
                bad(&field, "empty: give a group's DN or its name".into());
            } else if g.contains('=') {
                check_dn(g, &field, &mut bad);
            }
        }
    }

    let mut filters: Vec<(String, &str)> = Vec::new();
    for (field, value) in [
        ("user_filter", &p.user_filter),
        ("sync_filter", &p.sync_filter),
    ] {
        if let Some(v) = value {
            filters.push((field.to_string(), v));
        }
    }
    if let Some(l) = &p.layout {
        if let Some(v) = &l.tenant_filter {
            filters.push(("layout.tenant_filter".into(), v));
        }
        if let Some(v) = &l.group_filter {
            filters.push(("layout.group_filter".into(), v));
        }
    }
    for (name, v) in &p.custom_filters {
        filters.push((format!("custom_filters.{name}"), v));
    }
    for (field, v) in filters {
        if let Err(e) = parse_filter(v) {
            bad(&field, format!("not a valid LDAP filter: {e}"));
        }
    }
    for name in p.custom_filters.keys() {
        if let Err(m) = check_key_name(name) {
            bad(&format!("custom_filters.{name}"), m);
        }
    }

    let sources = p.password_sources();
    if sources.len() > 1 {
        bad(
            "bind_password",
            "more than one password source is set (bind_password, bind_password_env, \
             bind_password_file, bind_password_cmd); keep exactly one, or none to be asked"
                .into(),
        );
    }
    if let Some(cmd) = &p.bind_password_cmd
        && cmd.first().is_none_or(|c| c.trim().is_empty())
    {
        bad(
            "bind_password_cmd",
            "is empty; give the program and its arguments, e.g. [\"pass\", \"show\", \"ldap/svc\"]"
                .into(),
        );
    }
    if let Some(e) = &p.bind_password_env
        && (e.is_empty() || e.contains('=') || e.contains('\0'))
    {
        bad(
            "bind_password_env",
            format!("'{e}' is not an environment variable name"),
        );
    }
    if !sources.is_empty() && p.bind_dn.is_none() {
        bad(
            "bind_dn",
            "a password is configured but no bind_dn: set the service account DN, \
             or remove the password for an anonymous bind"
                .into(),
        );
    }

    for (field, attr) in &p.attributes {
        if let Err(m) = check_key_name(field) {
            bad(&format!("attributes.{field}"), m);
        }
        if let Err(m) = check_attribute_description(attr) {
            bad(&format!("attributes.{field}"), m);
        }
    }
    if let Some(v) = &p.group_object_class {
        let classes = super::provider::split_classes(v);
        if classes.is_empty() {
            bad(
                "group_object_class",
                "is empty; name a class such as groupOfNames".into(),
            );
        }
        for c in classes {
            if let Err(m) = check_attribute_description(&c) {
                bad("group_object_class", m);
            }
        }
    }
    if let Some(v) = &p.group_member_attribute
        && let Err(m) = check_attribute_description(v)
    {
        bad("group_member_attribute", m);
    }
    if p.status_disabled_value.is_some() && p.attribute("status").is_none() {
        bad(
            "status_disabled_value",
            "is set but there is no attributes.status to compare it with".into(),
        );
    }
    for (i, t) in p.tags.iter().enumerate() {
        if t.trim().is_empty() {
            bad(&format!("tags[{i}]"), "is empty; remove it".into());
        }
    }
    out
}

fn check_dn(v: &str, field: &str, bad: &mut impl FnMut(&str, String)) {
    if v.trim().is_empty() {
        bad(
            field,
            "is empty; remove it or give a DN such as dc=example,dc=com".into(),
        );
        return;
    }
    if let Err(e) = parse_dn(v) {
        bad(
            field,
            format!("not a valid DN: {e}; a DN looks like cn=admin,dc=example,dc=com"),
        );
    }
}

/// Names of mapped fields and custom filters: a letter, then letters, digits, `_` or `-`.
fn check_key_name(name: &str) -> Result<(), String> {
    let ok = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "name '{name}' should start with a letter and hold only letters, digits, '_' and '-'"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::provider::Layout;
    use crate::config::secrets::Secret;

    fn good() -> Provider {
        let mut p = Provider::new("corp");
        p.urls = vec!["ldaps://ldap.example.com".into()];
        p.bind_dn = Some("cn=svc,dc=example,dc=com".into());
        p.bind_password_env = Some("LDAP_PW".into());
        p.base_dn = Some("dc=example,dc=com".into());
        p.user_filter = Some("(objectClass=person)".into());
        p
    }

    /// Applies `change` to a good provider and returns the fields reported.
    fn fields(change: impl FnOnce(&mut Provider)) -> Vec<String> {
        let mut p = good();
        change(&mut p);
        validate(&p).into_iter().map(|pr| pr.field).collect()
    }

    #[test]
    fn a_good_provider_has_no_problem() {
        assert_eq!(validate(&good()), vec![]);
    }

    #[test]
    fn slug_rule() {
        assert_eq!(fields(|p| p.slug = "Corp AD".into()), ["slug"]);
        assert_eq!(fields(|p| p.slug = String::new()), ["slug"]);
        assert_eq!(fields(|p| p.slug = "a".repeat(65)), ["slug"]);
        assert!(fields(|p| p.slug = "a-b_c9".into()).is_empty());
        let msg = validate(&{
            let mut p = good();
            p.slug = "Corp AD".into();
            p
        })[0]
            .message
            .clone();
        assert!(msg.contains("'corp-ad'"), "{msg}");
    }

    #[test]
    fn slug_unique() {
        let problems = validate_all(&[good(), good()]);
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].index, problems[0].field.as_str()), (1, "slug"));
    }

    #[test]
    fn url_rules() {
        assert_eq!(fields(|p| p.urls.clear()), ["urls"]);
        assert_eq!(
            fields(|p| p.urls.push("ldap.example.com".into())),
            ["urls[1]"]
        );
        assert_eq!(
            fields(|p| p.urls = vec!["ldap://h:99999".into()]),
            ["urls[0]"]
        );
        assert!(
            fields(|p| p.urls = vec!["ldap://h:389".into(), "ldaps://[::1]".into()]).is_empty()
        );
    }

    #[test]
    fn starttls_only_with_ldap() {
        assert_eq!(fields(|p| p.starttls = true), ["starttls"]);
        assert!(
            fields(|p| {
                p.starttls = true;
                p.urls = vec!["ldap://h".into()];
            })
            .is_empty()
        );
    }

    #[test]
    fn dn_rules() {
        assert_eq!(fields(|p| p.bind_dn = Some("admin".into())), ["bind_dn"]);
        assert_eq!(
            fields(|p| p.base_dn = Some("dc=x,,dc=y".into())),
            ["base_dn"]
        );
        assert_eq!(
            fields(|p| p.groups_base = Some("ou=groups dc=x".into())),
            ["groups_base"]
        );
        assert_eq!(fields(|p| p.base_dn = Some(" ".into())), ["base_dn"]);
        assert_eq!(
            fields(|p| p.layout = Some(Layout {
                tenants_base: Some("nope".into()),
                ..Layout::default()
            })),
            ["layout.tenants_base"]
        );
        assert!(fields(|p| p.groups_base = Some("ou=groups,dc=example,dc=com".into())).is_empty());
    }

    #[test]
    fn filter_rules() {
        assert_eq!(
            fields(|p| p.user_filter = Some("uid=*".into())),
            ["user_filter"]
        );
        assert_eq!(
            fields(|p| p.sync_filter = Some("(&(a=b)".into())),
            ["sync_filter"]
        );
        assert_eq!(
            fields(|p| p.layout = Some(Layout {
                tenant_filter: Some("(ou=*".into()),
                group_filter: Some("(objectClass=organizationalUnit)".into()),
                ..Layout::default()
            })),
            ["layout.tenant_filter"]
        );
        assert_eq!(
            fields(|p| {
                p.custom_filters
                    .insert("not_in_bwks".into(), "(!(userId=*)".into());
            }),
            ["custom_filters.not_in_bwks"]
        );
        assert!(
            fields(|p| {
                p.custom_filters
                    .insert("not_in_bwks".into(), "(!(userId=*))".into());
            })
            .is_empty()
        );
    }

    #[test]
    fn one_password_source_at_most() {
        assert_eq!(
            fields(|p| p.bind_password = Some(Secret::new("x"))),
            ["bind_password"]
        );
        assert!(
            fields(|p| {
                p.bind_password_env = None;
            })
            .is_empty()
        );
        assert_eq!(
            fields(|p| p.bind_password_cmd = Some(vec![])),
            ["bind_password", "bind_password_cmd"]
        );
        assert_eq!(fields(|p| p.bind_dn = None), ["bind_dn"]);
    }

    #[test]
    fn page_size_range() {
        assert_eq!(fields(|p| p.page_size = Some(0)), ["page_size"]);
        assert_eq!(fields(|p| p.page_size = Some(10_001)), ["page_size"]);
        assert!(fields(|p| p.page_size = Some(1000)).is_empty());
    }

    #[test]
    fn timeout_range() {
        assert_eq!(fields(|p| p.timeout_secs = 0), ["timeout_secs"]);
        assert_eq!(fields(|p| p.timeout_secs = 601), ["timeout_secs"]);
        assert!(fields(|p| p.timeout_secs = 600).is_empty());
    }

    #[test]
    fn attribute_names() {
        assert_eq!(
            fields(|p| {
                p.attributes.insert("mail".into(), "e mail".into());
            }),
            ["attributes.mail"]
        );
        assert_eq!(
            fields(|p| {
                p.attributes
                    .insert("extension".into(), "telephoneNumber".into());
                p.group_member_attribute = Some("member uid".into());
            }),
            ["group_member_attribute"]
        );
        assert_eq!(
            fields(|p| p.status_disabled_value = Some("TRUE".into())),
            ["status_disabled_value"]
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let f = fields(|p| {
            p.slug = "BAD".into();
            p.urls = vec!["x".into()];
            p.timeout_secs = 0;
            p.base_dn = Some("nope".into());
        });
        assert_eq!(f, ["slug", "urls[0]", "timeout_secs", "base_dn"]);
    }

    #[test]
    fn slugify_makes_valid_slugs() {
        for s in [
            "Active Directory",
            "ldap-server",
            "  ",
            "Ünïcode!!",
            "a/b\\c",
        ] {
            assert!(check_slug(&slugify(s)).is_ok(), "{s} -> {}", slugify(s));
        }
        assert_eq!(slugify("Active Directory"), "active-directory");
    }
}
