//! A modify that changes the naming attribute is a rename: the server refuses to replace an
//! RDN value (notAllowedOnRDN), so that part goes as a modrdn and the rest to the new DN.

use crate::ldap::write::change::{Change, Image, Mod, Want, diff, texts};
use crate::syntax::dn::{escape_rdn_value, split_rdn};

/// What to send for a modify: an optional rename first, then modifications on `dn`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The modrdn, when the naming attribute changes.
    pub rename: Option<Change>,
    /// The DN the modifications go to (the new one after a rename).
    pub dn: String,
    /// The other modifications.
    pub mods: Vec<Mod>,
}

/// Splits `wants` on entry `dn` (read as `before`) into a rename and modifications.
pub fn plan(dn: &str, before: &Image, wants: &[(String, Want)]) -> Result<Plan, String> {
    let (rdn, parent) = split_rdn(dn);
    let rdn_attr = rdn.split_once('=').map_or("", |(a, _)| a.trim());
    let (naming, rest): (Vec<_>, Vec<_>) = wants
        .iter()
        .cloned()
        .partition(|(a, _)| a.eq_ignore_ascii_case(rdn_attr));
    let mut rename = None;
    let mut new_dn = dn.to_string();
    if let Some((attr, want)) = naming.last() {
        let value = match want {
            Want::Set(v) if v.len() == 1 && !v[0].is_empty() => v[0].clone(),
            _ => {
                return Err(format!(
                    "{attr} names the entry ({rdn}): it can only be given one new value, which renames it"
                ));
            }
        };
        let current = texts(before, rdn_attr);
        if current != [value.clone()] {
            let new_rdn = format!("{rdn_attr}={}", escape_rdn_value(&value));
            new_dn = if parent.is_empty() {
                new_rdn.clone()
            } else {
                format!("{new_rdn},{parent}")
            };
            rename = Some(Change::ModRdn {
                dn: dn.to_string(),
                new_rdn,
                new_superior: None,
                keep_old_rdn: false,
            });
        }
    }
    Ok(Plan {
        rename,
        dn: new_dn,
        mods: diff(before, &rest),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn img() -> Image {
        Image::from([
            ("uid".into(), vec![b"jdoe".to_vec()]),
            ("cn".into(), vec![b"John".to_vec()]),
        ])
    }

    #[test]
    fn a_new_naming_value_is_a_modrdn_and_the_rest_goes_to_the_new_dn() {
        let wants = vec![
            ("uid".to_string(), Want::Set(vec!["j,doe".into()])),
            ("cn".to_string(), Want::Set(vec!["Johnny".into()])),
        ];
        let p = plan("uid=jdoe,ou=p,dc=x", &img(), &wants).expect("plan");
        assert_eq!(
            p.rename,
            Some(Change::ModRdn {
                dn: "uid=jdoe,ou=p,dc=x".into(),
                new_rdn: "uid=j\\,doe".into(),
                new_superior: None,
                keep_old_rdn: false,
            })
        );
        assert_eq!(p.dn, "uid=j\\,doe,ou=p,dc=x");
        assert_eq!(
            p.mods,
            vec![Mod::Replace("cn".into(), vec![b"Johnny".to_vec()])]
        );
    }

    #[test]
    fn same_value_is_no_rename_and_unset_is_refused() {
        let same = vec![("UID".to_string(), Want::Set(vec!["jdoe".into()]))];
        let p = plan("uid=jdoe,ou=p,dc=x", &img(), &same).expect("plan");
        assert_eq!((p.rename, p.mods.len()), (None, 0));
        let unset = vec![("uid".to_string(), Want::Unset)];
        assert!(plan("uid=jdoe,ou=p,dc=x", &img(), &unset).is_err());
    }
}
