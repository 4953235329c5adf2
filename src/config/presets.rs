//! What each server type usually looks like, so a sysadmin need not look it up.

use super::provider::ServerType;

/// Defaults for one server type.
#[derive(Debug)]
pub struct Preset {
    /// Login attribute (`uid`, `sAMAccountName`).
    pub login: &'static str,
    /// Given name.
    pub first_name: &'static str,
    /// Surname.
    pub last_name: &'static str,
    /// Display name.
    pub full_name: &'static str,
    /// Mail address.
    pub mail: &'static str,
    /// Photo attribute, if the type has a customary one.
    pub photo: Option<&'static str>,
    /// User principal name (AD).
    pub upn: Option<&'static str>,
    /// Attribute that tells whether the account is disabled.
    pub status: Option<&'static str>,
    /// Value of `status` that means disabled, where it is a plain value.
    pub status_disabled_value: Option<&'static str>,
    /// Which entries are users.
    pub user_filter: &'static str,
    /// Object class of groups.
    pub group_object_class: &'static str,
    /// Member attribute of groups.
    pub group_member_attribute: &'static str,
    /// Where users live, relative to the base DN, where the product fixes it (FreeIPA).
    pub users_rdn: Option<&'static str>,
    /// Where groups usually live, relative to the base DN.
    pub groups_rdn: Option<&'static str>,
}

impl Preset {
    /// The mapped attribute for a field name, if this preset has one.
    pub fn attribute(&self, field: &str) -> Option<&'static str> {
        match field {
            "login" => Some(self.login),
            "first_name" => Some(self.first_name),
            "last_name" => Some(self.last_name),
            "full_name" => Some(self.full_name),
            "mail" => Some(self.mail),
            "photo" => self.photo,
            "upn" => self.upn,
            "status" => self.status,
            _ => None,
        }
    }

    /// Every (field, attribute) pair this preset defines, in display order.
    pub fn attributes(&self) -> Vec<(&'static str, &'static str)> {
        super::provider::KNOWN_ATTRIBUTE_FIELDS
            .iter()
            .filter_map(|f| self.attribute(f).map(|a| (*f, a)))
            .collect()
    }
}

static OPENLDAP: Preset = Preset {
    login: "uid",
    first_name: "givenName",
    last_name: "sn",
    full_name: "cn",
    mail: "mail",
    photo: Some("jpegPhoto"),
    upn: None,
    status: None,
    status_disabled_value: None,
    user_filter: "(objectClass=inetOrgPerson)",
    group_object_class: "groupOfNames",
    group_member_attribute: "member",
    users_rdn: None,
    groups_rdn: None,
};

static POSIX: Preset = Preset {
    login: "uid",
    first_name: "givenName",
    last_name: "sn",
    full_name: "cn",
    mail: "mail",
    photo: Some("jpegPhoto"),
    upn: None,
    status: None,
    status_disabled_value: None,
    user_filter: "(objectClass=posixAccount)",
    group_object_class: "posixGroup",
    group_member_attribute: "memberUid",
    users_rdn: None,
    groups_rdn: None,
};

static FREE_IPA: Preset = Preset {
    login: "uid",
    first_name: "givenName",
    last_name: "sn",
    full_name: "cn",
    mail: "mail",
    photo: Some("jpegPhoto"),
    upn: None,
    status: Some("nsAccountLock"),
    status_disabled_value: Some("TRUE"),
    user_filter: "(objectClass=posixAccount)",
    group_object_class: "groupOfNames",
    group_member_attribute: "member",
    users_rdn: Some("cn=users,cn=accounts"),
    groups_rdn: Some("cn=groups,cn=accounts"),
};

/// 389 DS / RHDS as its own installer and `dsidm` lay it out: inetOrgPerson (or dsidm's
/// nsPerson) users in ou=people, groups of every traditional class in ou=groups, the account
/// lock in nsAccountLock.
static DS389: Preset = Preset {
    login: "uid",
    first_name: "givenName",
    last_name: "sn",
    full_name: "cn",
    mail: "mail",
    photo: Some("jpegPhoto"),
    upn: None,
    status: Some("nsAccountLock"),
    status_disabled_value: Some("TRUE"),
    user_filter: "(|(objectClass=inetOrgPerson)(objectClass=nsPerson))",
    group_object_class: "groupOfNames, groupOfUniqueNames, posixGroup",
    group_member_attribute: "member",
    users_rdn: Some("ou=people"),
    groups_rdn: Some("ou=groups"),
};

static ACTIVE_DIRECTORY: Preset = Preset {
    login: "sAMAccountName",
    first_name: "givenName",
    last_name: "sn",
    full_name: "displayName",
    mail: "mail",
    photo: Some("thumbnailPhoto"),
    upn: Some("userPrincipalName"),
    // Disabled is bit 0x2 of this value; the edit code handles it by server type.
    status: Some("userAccountControl"),
    status_disabled_value: None,
    user_filter: "(&(objectCategory=person)(objectClass=user))",
    group_object_class: "group",
    group_member_attribute: "member",
    users_rdn: None,
    groups_rdn: None,
};

static GENERIC: Preset = Preset {
    login: "uid",
    first_name: "givenName",
    last_name: "sn",
    full_name: "cn",
    mail: "mail",
    photo: None,
    upn: None,
    status: None,
    status_disabled_value: None,
    user_filter: "(objectClass=person)",
    group_object_class: "groupOfNames",
    group_member_attribute: "member",
    users_rdn: None,
    groups_rdn: None,
};

/// The preset of a server type.
pub fn preset(t: ServerType) -> &'static Preset {
    match t {
        ServerType::Openldap => &OPENLDAP,
        ServerType::Posix => &POSIX,
        ServerType::FreeIpa => &FREE_IPA,
        ServerType::Ds389 => &DS389,
        ServerType::ActiveDirectory => &ACTIVE_DIRECTORY,
        ServerType::Generic => &GENERIC,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::provider::Provider;

    #[test]
    fn ad_preset_fills_what_a_sysadmin_would_look_up() {
        let mut p = Provider::new("corp");
        p.server_type = ServerType::ActiveDirectory;
        p.base_dn = Some("DC=corp,DC=example".into());
        p.fill_from_preset();
        assert_eq!(p.attributes["login"], "sAMAccountName");
        assert_eq!(p.attributes["status"], "userAccountControl");
        assert_eq!(
            p.user_filter.as_deref(),
            Some("(&(objectCategory=person)(objectClass=user))")
        );
        assert_eq!(p.group_member_attribute.as_deref(), Some("member"));
    }

    #[test]
    fn free_ipa_and_posix_presets_place_users_and_groups() {
        let mut p = Provider::new("ipa");
        p.server_type = ServerType::FreeIpa;
        p.base_dn = Some("dc=example,dc=com".into());
        p.fill_from_preset();
        assert_eq!(
            p.users_base.as_deref(),
            Some("cn=users,cn=accounts,dc=example,dc=com")
        );
        assert_eq!(
            p.groups_base.as_deref(),
            Some("cn=groups,cn=accounts,dc=example,dc=com")
        );
        assert_eq!(p.attributes["status"], "nsAccountLock");
        assert_eq!(p.status_disabled_value.as_deref(), Some("TRUE"));

        let mut x = Provider::new("nis");
        x.server_type = ServerType::Posix;
        x.fill_from_preset();
        assert_eq!(x.group_object_class.as_deref(), Some("posixGroup"));
        assert_eq!(x.group_member_attribute.as_deref(), Some("memberUid"));
        assert!(
            x.groups_base.is_none(),
            "no base DN, nothing to place groups under"
        );
    }

    #[test]
    fn preset_never_overwrites_what_was_typed() {
        let mut p = Provider::new("x");
        p.server_type = ServerType::ActiveDirectory;
        p.attributes
            .insert("login".into(), "userPrincipalName".into());
        p.user_filter = Some("(objectClass=user)".into());
        let filled = p.fill_from_preset();
        assert_eq!(p.attributes["login"], "userPrincipalName");
        assert_eq!(p.user_filter.as_deref(), Some("(objectClass=user)"));
        assert!(!filled.contains(&"attributes.login".to_string()));
        assert!(filled.contains(&"attributes.mail".to_string()));
    }
}
