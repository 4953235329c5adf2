//! The RootDSE: what the server is and what it supports.

use ldap3::SearchEntry;

use crate::config::ServerType;
use crate::syntax::dn::parse_dn;

/// Attributes asked for (operational ones must be named on OpenLDAP).
pub const ATTRS: [&str; 13] = [
    "namingContexts",
    "defaultNamingContext",
    "supportedControl",
    "supportedExtension",
    "supportedFeatures",
    "supportedLDAPVersion",
    "supportedCapabilities",
    "vendorName",
    "vendorVersion",
    "subschemaSubentry",
    "dnsHostName",
    "forestFunctionality",
    "objectClass",
];

/// Paged results (RFC 2696).
pub const CTRL_PAGED: &str = "1.2.840.113556.1.4.319";
/// Server-side sort (RFC 2891).
pub const CTRL_SORT: &str = "1.2.840.113556.1.4.473";
/// Virtual list view.
pub const CTRL_VLV: &str = "2.16.840.1.113730.3.4.9";
/// Password policy.
pub const CTRL_PPOLICY: &str = "1.3.6.1.4.1.42.2.27.8.5.1";
/// Password Modify (RFC 3062).
pub const EXT_PASSWD: &str = "1.3.6.1.4.1.4203.1.11.1";
/// Who am I? (RFC 4532).
pub const EXT_WHOAMI: &str = "1.3.6.1.4.1.4203.1.11.3";
/// StartTLS.
pub const EXT_STARTTLS: &str = "1.3.6.1.4.1.1466.20037";
const AD_CAPABILITY: &str = "1.2.840.113556.1.4.800";

/// What the RootDSE says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RootDse {
    /// Naming contexts (suffixes) the server holds.
    pub naming_contexts: Vec<String>,
    /// AD's default naming context.
    pub default_naming_context: Option<String>,
    /// supportedControl OIDs.
    pub controls: Vec<String>,
    /// supportedExtension OIDs.
    pub extensions: Vec<String>,
    /// vendorName, or a guess from the OIDs.
    pub vendor: String,
    /// vendorVersion, when given.
    pub version: Option<String>,
    /// The subschema entry's DN.
    pub subschema: Option<String>,
}

fn values(e: &SearchEntry, name: &str) -> Vec<String> {
    e.attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

impl RootDse {
    /// Reads a RootDSE entry.
    pub fn from_entry(e: &SearchEntry) -> RootDse {
        let first = |n: &str| values(e, n).into_iter().next();
        let controls = values(e, "supportedControl");
        let extensions = values(e, "supportedExtension");
        let capabilities = values(e, "supportedCapabilities");
        let features = values(e, "supportedFeatures");
        let vendor = match first("vendorName") {
            Some(v) => v,
            None if capabilities.iter().any(|c| c == AD_CAPABILITY) => {
                "Active Directory (or Samba AD)".into()
            }
            None if features
                .iter()
                .any(|f| f.starts_with("1.3.6.1.4.1.4203.1.5."))
                || extensions.iter().any(|x| x == EXT_WHOAMI) =>
            {
                "OpenLDAP".into()
            }
            None => "unknown vendor".into(),
        };
        RootDse {
            naming_contexts: values(e, "namingContexts"),
            default_naming_context: first("defaultNamingContext"),
            controls,
            extensions,
            vendor,
            version: first("vendorVersion"),
            subschema: first("subschemaSubentry"),
        }
    }

    /// The server lists this control.
    pub fn has_control(&self, oid: &str) -> bool {
        self.controls.iter().any(|c| c == oid)
    }

    /// The server lists this extended operation.
    pub fn has_extension(&self, oid: &str) -> bool {
        self.extensions.iter().any(|c| c == oid)
    }

    /// The server kind this looks like, when it is clear. FreeIPA runs on 389 and says so
    /// in the same words: [`RootDse::looks_like`] says 389ds, and the doctor tells FreeIPA by
    /// its tree (cn=accounts under the base).
    pub fn looks_like(&self) -> Option<ServerType> {
        let v = self.vendor.to_ascii_lowercase();
        if v.contains("active directory") {
            Some(ServerType::ActiveDirectory)
        } else if v.contains("freeipa") {
            Some(ServerType::FreeIpa)
        } else if v.contains("389") || v.contains("red hat") {
            Some(ServerType::Ds389)
        } else {
            None
        }
    }

    /// Two lines naming the controls and extensions ldapdeck cares about.
    pub fn feature_lines(&self) -> Vec<String> {
        let mark = |b: bool| if b { "yes" } else { "no" };
        vec![
            format!(
                "controls: paged results {}, server-side sort {}, VLV {}, password policy {}",
                mark(self.has_control(CTRL_PAGED)),
                mark(self.has_control(CTRL_SORT)),
                mark(self.has_control(CTRL_VLV)),
                mark(self.has_control(CTRL_PPOLICY)),
            ),
            format!(
                "extensions: Password Modify {}, WhoAmI {}, StartTLS {}",
                mark(self.has_extension(EXT_PASSWD)),
                mark(self.has_extension(EXT_WHOAMI)),
                mark(self.has_extension(EXT_STARTTLS)),
            ),
        ]
    }

    /// The naming context `dn` lies under, if any.
    pub fn context_of(&self, dn: &str) -> Option<&str> {
        let target = parse_dn(dn).ok()?;
        self.naming_contexts
            .iter()
            .find(|nc| parse_dn(nc).is_ok_and(|n| target.is_within(&n)))
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn entry(attrs: &[(&str, &[&str])]) -> SearchEntry {
        SearchEntry {
            dn: String::new(),
            attrs: attrs
                .iter()
                .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
                .collect::<HashMap<_, _>>(),
            bin_attrs: HashMap::new(),
        }
    }

    #[test]
    fn recognises_openldap_and_ad() {
        let ol = RootDse::from_entry(&entry(&[
            ("namingContexts", &["dc=example,dc=org"]),
            ("supportedExtension", &[EXT_WHOAMI, EXT_PASSWD]),
            ("supportedControl", &[CTRL_PAGED, CTRL_PPOLICY]),
        ]));
        assert_eq!(ol.vendor, "OpenLDAP");
        assert!(ol.has_control(CTRL_PAGED) && !ol.has_control(CTRL_VLV));
        assert_eq!(
            ol.context_of("ou=people,DC=Example,dc=org"),
            Some("dc=example,dc=org")
        );
        assert_eq!(ol.context_of("dc=example,dc=com"), None);
        let ad = RootDse::from_entry(&entry(&[("supportedCapabilities", &[AD_CAPABILITY])]));
        assert_eq!(ad.looks_like(), Some(ServerType::ActiveDirectory));
        assert!(ad.feature_lines()[0].contains("paged results no"));
    }
}
