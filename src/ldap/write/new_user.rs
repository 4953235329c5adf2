//! A new user entry: its DN from the provider's layout, object classes from the server type,
//! the login and the given attributes; the group to join afterwards in the membership layout.

use crate::config::{LayoutMode, Provider, ServerType};
use crate::ldap::read::directory;
use crate::ldap::read::record;
use crate::ldap::write::change::{Image, first_text, values};
use crate::syntax::dn::escape_rdn_value;

/// What to add, and the membership group to join once it exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    /// The new entry's DN.
    pub dn: String,
    /// Its attributes.
    pub attrs: Image,
    /// A membership group (name) to add it to afterwards.
    pub join: Option<String>,
}

/// Object classes of a new user: by server type, plus every class the provider's user_filter
/// requires (`(objectClass=posixAccount)` of the posix and free_ipa presets), so the new
/// entry is one the provider itself finds; the schema check then asks for those classes'
/// MUSTs (uidNumber, gidNumber, homeDirectory) or refuses with them named.
pub fn object_classes(p: &Provider) -> Vec<String> {
    let mut classes: Vec<String> = match p.server_type {
        ServerType::ActiveDirectory => vec!["top", "person", "organizationalPerson", "user"],
        _ => vec!["top", "person", "organizationalPerson", "inetOrgPerson"],
    }
    .into_iter()
    .map(str::to_string)
    .collect();
    if p.server_type != ServerType::ActiveDirectory
        && let Ok(f) = crate::syntax::filter::parse_filter(p.effective_user_filter())
    {
        for c in required_classes(&f) {
            if !classes.iter().any(|x| x.eq_ignore_ascii_case(&c)) {
                classes.push(c);
            }
        }
    }
    classes
}

/// The object classes an entry must have to match `f`: `(objectClass=X)` alone or in an
/// AND; an OR or NOT requires none for certain.
fn required_classes(f: &crate::syntax::filter::Filter) -> Vec<String> {
    use crate::syntax::filter::Filter;
    match f {
        Filter::Equal(a, v) if a.eq_ignore_ascii_case("objectClass") => {
            vec![String::from_utf8_lossy(v).into_owned()]
        }
        Filter::And(parts) => parts.iter().flat_map(required_classes).collect(),
        _ => Vec::new(),
    }
}

/// Builds the entry for login `id` in tenant/group with `attrs` (LDAP attribute → values;
/// an attribute given twice gets both values). `cn` and `sn` default to the id; on Active
/// Directory `cn` comes from the display name, and the UPN and account control get AD's
/// usual defaults.
pub fn build(
    p: &Provider,
    tenant: Option<&str>,
    group: Option<&str>,
    id: &str,
    attrs: &[(String, Vec<String>)],
) -> Result<NewUser, String> {
    if id.is_empty() {
        return Err("the new user needs an id (the login)".into());
    }
    let mode = p.layout.as_ref().map(|l| l.mode);
    let parent = match (mode, tenant, group) {
        (Some(LayoutMode::Ou), Some(t), Some(g)) => {
            let base = p
                .layout
                .as_ref()
                .and_then(|l| l.tenants_base.clone())
                .or_else(|| p.base_dn.clone())
                .unwrap_or_default();
            format!(
                "ou={},ou={},{base}",
                escape_rdn_value(g),
                escape_rdn_value(t)
            )
        }
        (Some(LayoutMode::Ou), _, _) => {
            return Err(
                "in the ou layout a new user goes into a group of a tenant: choose both".into(),
            );
        }
        // Membership groups: the user lives under users_base and joins the group afterwards.
        (_, None, _) => directory::flat_base(p),
        (_, Some(_), _) => {
            return Err("this provider has no tenants (no [provider.layout])".into());
        }
    };
    let join = match mode {
        Some(LayoutMode::Ou) => None,
        _ => group.map(str::to_string),
    };
    let login = record::login_attr(p).to_string();
    let mut img = Image::new();
    img.insert(
        "objectClass".into(),
        object_classes(p)
            .iter()
            .map(|c| c.as_bytes().to_vec())
            .collect(),
    );
    img.insert(login.clone(), vec![id.as_bytes().to_vec()]);
    for (k, vals) in attrs
        .iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case(&login))
    {
        img.entry(k.clone())
            .or_default()
            .extend(vals.iter().map(|v| v.as_bytes().to_vec()));
    }
    let ad = p.server_type == ServerType::ActiveDirectory;
    // AD's "full name" is the cn its console shows and names the entry by.
    if ad
        && values(&img, "cn").is_none()
        && let Some(name) = first_text(&img, "displayName")
    {
        img.insert("cn".into(), vec![name.into_bytes()]);
    }
    // person requires cn and sn: cn from the given and family names when there are both,
    // else both default to the id rather than fail on the server (AD requires no sn).
    if values(&img, "cn").is_none()
        && let (Some(g), Some(f)) = (first_text(&img, "givenName"), first_text(&img, "sn"))
    {
        img.insert("cn".into(), vec![format!("{g} {f}").into_bytes()]);
    }
    let musts: &[&str] = if ad { &["cn"] } else { &["cn", "sn"] };
    for must in musts {
        if !img.keys().any(|k| k.eq_ignore_ascii_case(must)) {
            img.insert(must.to_string(), vec![id.as_bytes().to_vec()]);
        }
    }
    if ad {
        ad_defaults(p, id, &mut img);
    }
    // AD names users by cn (its schema's rdnAttId for user), whatever the login attribute.
    let dn = if ad {
        let cn = first_text(&img, "cn").unwrap_or_else(|| id.to_string());
        format!("CN={},{parent}", escape_rdn_value(&cn))
    } else {
        format!("{login}={},{parent}", escape_rdn_value(id))
    };
    Ok(NewUser {
        dn,
        attrs: img,
        join,
    })
}

/// What Active Directory's own console fills: the UPN `id@<the base DN's DNS domain>`, and
/// userAccountControl 514 (a normal account, disabled until it has a password) instead of
/// the server's default 546, whose PASSWD_NOTREQD bit would stay after the password is set.
fn ad_defaults(p: &Provider, id: &str, img: &mut Image) {
    if let Some(upn) = p.attribute("upn")
        && values(img, upn).is_none()
        && let Some(domain) = dns_domain(p.base_dn.as_deref().unwrap_or_default())
    {
        img.insert(upn.to_string(), vec![format!("{id}@{domain}").into_bytes()]);
    }
    if values(img, "userAccountControl").is_none() {
        img.insert("userAccountControl".into(), vec![b"514".to_vec()]);
    }
}

/// `example.test` from `DC=example,DC=test` (only when every RDN is a DC).
fn dns_domain(base_dn: &str) -> Option<String> {
    let labels: Option<Vec<&str>> = base_dn
        .split(',')
        .map(|rdn| {
            let (k, v) = rdn.trim().split_once('=')?;
            k.eq_ignore_ascii_case("dc").then_some(v)
        })
        .collect();
    labels.filter(|l| !l.is_empty()).map(|l| l.join("."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Layout;

    #[test]
    fn the_dn_follows_the_layout() {
        let mut p = Provider::new("t");
        p.server_type = ServerType::Openldap;
        p.base_dn = Some("dc=x".into());
        p.layout = Some(Layout {
            mode: LayoutMode::Ou,
            tenants_base: Some("ou=I,dc=x".into()),
            ..Layout::default()
        });
        let u = build(&p, Some("acme"), Some("sales"), "j,doe", &[]).expect("ou");
        assert_eq!(u.dn, "uid=j\\,doe,ou=sales,ou=acme,ou=I,dc=x");
        assert_eq!(u.join, None);
        assert!(build(&p, None, Some("sales"), "x", &[]).is_err());

        p.layout = None;
        p.users_base = Some("ou=people,dc=x".into());
        let u = build(
            &p,
            None,
            Some("staff"),
            "ann",
            &[
                ("mail".into(), vec!["a@x".into()]),
                ("mail".into(), vec!["b@x".into()]),
            ],
        )
        .expect("flat");
        assert_eq!(u.dn, "uid=ann,ou=people,dc=x");
        assert_eq!(u.join.as_deref(), Some("staff"));
        assert_eq!(u.attrs["mail"].len(), 2);
        assert_eq!(u.attrs["sn"], vec![b"ann".to_vec()]);
        let u = build(
            &p,
            None,
            None,
            "gv",
            &[
                ("givenName".into(), vec!["Gina".into()]),
                ("sn".into(), vec!["Verdi".into()]),
            ],
        )
        .expect("names");
        assert_eq!(u.attrs["cn"], vec![b"Gina Verdi".to_vec()]);

        // Active Directory: the RDN is the cn, the login goes in sAMAccountName.
        p.server_type = ServerType::ActiveDirectory;
        p.users_base = Some("CN=Users,DC=x".into());
        let u = build(
            &p,
            None,
            None,
            "gverdi",
            &[
                ("givenName".into(), vec!["Gina".into()]),
                ("sn".into(), vec!["Verdi".into()]),
            ],
        )
        .expect("ad");
        assert_eq!(u.dn, "CN=Gina Verdi,CN=Users,DC=x");
        assert_eq!(u.attrs["sAMAccountName"], vec![b"gverdi".to_vec()]);
        assert_eq!(u.attrs["objectClass"].last(), Some(&b"user".to_vec()));
    }

    #[test]
    fn an_ad_user_is_named_by_its_display_name_with_a_upn_and_disabled() {
        let mut p = Provider::new("ad");
        p.server_type = ServerType::ActiveDirectory;
        p.base_dn = Some("DC=corp,DC=example".into());
        p.users_base = Some("OU=Staff,DC=corp,DC=example".into());
        let u = build(
            &p,
            None,
            None,
            "jdoe",
            &[("displayName".into(), vec!["John Doe".into()])],
        )
        .expect("ad");
        assert_eq!(u.dn, "CN=John Doe,OU=Staff,DC=corp,DC=example");
        assert_eq!(
            u.attrs["userPrincipalName"],
            vec![b"jdoe@corp.example".to_vec()]
        );
        assert_eq!(u.attrs["userAccountControl"], vec![b"514".to_vec()]);
        assert!(!u.attrs.contains_key("sn"), "AD requires no surname");

        // What the user typed wins; a base DN that is not all DC= gives no UPN.
        p.base_dn = Some("O=corp".into());
        let u = build(
            &p,
            None,
            None,
            "jdoe",
            &[("userAccountControl".into(), vec!["512".into()])],
        )
        .expect("ad");
        assert_eq!(u.dn, "CN=jdoe,OU=Staff,DC=corp,DC=example");
        assert_eq!(u.attrs["userAccountControl"], vec![b"512".to_vec()]);
        assert!(!u.attrs.contains_key("userPrincipalName"));
    }
}
