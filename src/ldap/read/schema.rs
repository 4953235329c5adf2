//! Just enough of the server's schema (RFC 4512 subschema) to check a new entry before it is
//! sent: every MUST of its classes present, every attribute allowed, single values single.
//! DIT content rules count (Active Directory adds `sAMAccountName` to `user` through one), and
//! attributes the server fills itself are never asked for.

use std::collections::{BTreeSet, HashMap};

use ldap3::{LdapError, Scope};

use crate::ldap::net::session::Session;
use crate::ldap::write::change::Image;

/// An object class: its superiors and attributes (names lowercased, canonical).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Class {
    /// Its OID (DIT content rules name the structural class by it).
    pub oid: String,
    /// Superior classes.
    pub sup: Vec<String>,
    /// Required attributes.
    pub must: Vec<String>,
    /// Allowed attributes.
    pub may: Vec<String>,
}

/// An attribute type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attr {
    /// Its first NAME, as the server spells it.
    pub name: String,
    /// SINGLE-VALUE.
    pub single: bool,
    /// USAGE other than userApplications: not governed by object classes.
    pub operational: bool,
    /// The server sets it (NO-USER-MODIFICATION, or one Active Directory fills itself).
    pub server_filled: bool,
}

/// A DIT content rule (RFC 4512 4.1.6): more attributes and auxiliary classes for the entries of
/// one structural class.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rule {
    /// Auxiliary classes whose attributes the entries may hold.
    pub aux: Vec<String>,
    /// Required attributes.
    pub must: Vec<String>,
    /// Allowed attributes.
    pub may: Vec<String>,
}

/// Attributes Active Directory fills from the class's defaults (`defaultObjectCategory`,
/// `defaultSecurityDescriptor`) although its subschema lists them as MUST of `top` and does not
/// mark them NO-USER-MODIFICATION.
const AD_FILLED: &[&str] = &["objectcategory", "ntsecuritydescriptor"];

/// Classes and attribute types by lowercased name (every alias of an attribute maps to it).
#[derive(Debug, Clone, Default)]
pub struct Schema {
    classes: HashMap<String, Class>,
    attrs: HashMap<String, Attr>,
    /// By the structural class's OID and names.
    rules: HashMap<String, Rule>,
    /// What each set of classes allows, once worked out (a batch checks thousands of entries
    /// of the same few classes).
    memo: Memo,
}

/// What a set of object classes requires and allows, superiors and content rules included.
#[derive(Debug, Default)]
struct Allowed {
    must: BTreeSet<String>,
    may: BTreeSet<String>,
    /// extensibleObject: any attribute.
    extensible: bool,
    /// Classes the server does not know, in the order they were met.
    unknown: Vec<String>,
}

/// The cache of [`Allowed`] by lowercased, sorted class names; a clone starts empty.
#[derive(Debug, Default)]
struct Memo(std::sync::Mutex<HashMap<Vec<String>, std::sync::Arc<Allowed>>>);

impl Clone for Memo {
    fn clone(&self) -> Self {
        Memo::default()
    }
}

/// What is wrong with an entry for the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A required attribute is missing (named as the server spells it).
    Missing(String),
    /// No class of the entry allows this attribute.
    NotAllowed(String),
    /// A single-valued attribute has several values.
    SingleValued(String),
    /// The server does not know this object class.
    UnknownClass(String),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Missing(a) => write!(f, "{a} is required by the object classes"),
            Problem::NotAllowed(a) => write!(f, "{a} is not allowed by any of the object classes"),
            Problem::SingleValued(a) => write!(f, "{a} takes a single value"),
            Problem::UnknownClass(c) => write!(f, "the server has no object class {c}"),
        }
    }
}

/// Splits a schema description into tokens: `(`, `)`, quoted strings, words (`$` dropped).
pub(crate) fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '(' | ')' => out.push(c.to_string()),
            '\'' => {
                let mut t = String::new();
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    t.push(c);
                }
                out.push(t);
            }
            c if c.is_whitespace() || c == '$' => {}
            c => {
                let mut t = c.to_string();
                while let Some(&n) = chars.peek() {
                    if n.is_whitespace() || matches!(n, '(' | ')' | '$' | '\'') {
                        break;
                    }
                    t.push(n);
                    chars.next();
                }
                out.push(t);
            }
        }
    }
    out
}

/// The values after `key`: one token, or a parenthesised list.
pub(crate) fn field(toks: &[String], key: &str) -> Vec<String> {
    let Some(i) = toks.iter().position(|t| t == key) else {
        return Vec::new();
    };
    match toks.get(i + 1).map(String::as_str) {
        Some("(") => toks[i + 2..]
            .iter()
            .take_while(|t| *t != ")")
            .cloned()
            .collect(),
        Some(t) => vec![t.to_string()],
        None => Vec::new(),
    }
}

impl Schema {
    /// Builds from objectClasses, attributeTypes and dITContentRules values.
    pub fn parse(
        object_classes: &[String],
        attribute_types: &[String],
        content_rules: &[String],
    ) -> Schema {
        let mut s = Schema::default();
        for d in attribute_types {
            let t = tokens(d);
            let names = field(&t, "NAME");
            let Some(first) = names.first() else { continue };
            let usage = field(&t, "USAGE");
            let a = Attr {
                name: first.clone(),
                single: t.iter().any(|x| x == "SINGLE-VALUE"),
                operational: usage.first().is_some_and(|u| u != "userApplications"),
                server_filled: t.iter().any(|x| x == "NO-USER-MODIFICATION")
                    || AD_FILLED.contains(&first.to_lowercase().as_str()),
            };
            for n in names {
                s.attrs.insert(n.to_lowercase(), a.clone());
            }
        }
        for d in object_classes {
            let t = tokens(d);
            let names = field(&t, "NAME");
            let canon = |v: Vec<String>| -> Vec<String> { v.iter().map(|x| s.canon(x)).collect() };
            let c = Class {
                oid: t.get(1).cloned().unwrap_or_default(),
                sup: field(&t, "SUP").iter().map(|x| x.to_lowercase()).collect(),
                must: canon(field(&t, "MUST")),
                may: canon(field(&t, "MAY")),
            };
            for n in names {
                s.classes.insert(n.to_lowercase(), c.clone());
            }
        }
        for d in content_rules {
            let t = tokens(d);
            let canon = |v: Vec<String>| -> Vec<String> { v.iter().map(|x| s.canon(x)).collect() };
            let r = Rule {
                aux: field(&t, "AUX").iter().map(|x| x.to_lowercase()).collect(),
                must: canon(field(&t, "MUST")),
                may: canon(field(&t, "MAY")),
            };
            let names = field(&t, "NAME");
            let keys = t.get(1).into_iter().chain(names.iter());
            for k in keys.map(|k| k.to_lowercase()) {
                s.rules.insert(k, r.clone());
            }
        }
        s
    }

    /// The content rule of a class, by name or OID.
    fn rule(&self, class: &str, cl: &Class) -> Option<&Rule> {
        self.rules
            .get(class)
            .or_else(|| self.rules.get(&cl.oid.to_lowercase()))
    }

    /// A class's attributes with its superiors', as (must, may).
    fn attributes_of(&self, class: &str, must: &mut BTreeSet<String>, may: &mut BTreeSet<String>) {
        let mut todo = vec![class.to_string()];
        let mut seen = BTreeSet::new();
        while let Some(c) = todo.pop() {
            if !seen.insert(c.clone()) {
                continue;
            }
            if let Some(cl) = self.classes.get(&c) {
                must.extend(cl.must.iter().cloned());
                may.extend(cl.may.iter().cloned());
                todo.extend(cl.sup.iter().cloned());
            }
        }
    }

    /// An attribute's canonical lowercased name (aliases and options folded).
    fn canon(&self, name: &str) -> String {
        let base = name.split(';').next().unwrap_or(name).to_lowercase();
        self.attrs
            .get(&base)
            .map_or(base, |a| a.name.to_lowercase())
    }

    /// An attribute's canonical lowercased name (aliases and options folded).
    pub fn canonical(&self, name: &str) -> String {
        self.canon(name)
    }

    /// A client may write it: not operational and not filled by the server.
    pub fn is_user_writable(&self, attr: &str) -> bool {
        self.attrs
            .get(&self.canon(attr))
            .is_none_or(|a| !a.operational && !a.server_filled)
    }

    /// The server owns it (NO-USER-MODIFICATION): no client may write it, not even an
    /// administrator (389's pwdReset; OpenLDAP's is an administrator's to set).
    pub fn is_server_owned(&self, attr: &str) -> bool {
        self.attrs
            .get(&self.canon(attr))
            .is_some_and(|a| a.server_filled)
    }

    /// True when the server's schema has this attribute type (by name, alias or OID).
    pub fn knows(&self, attr: &str) -> bool {
        let base = attr.split(';').next().unwrap_or(attr).to_lowercase();
        self.attrs.contains_key(&base)
    }

    /// Problems a modify would cause: unknown attributes, and what the schema says of the
    /// entry as the modify would leave it (only for the attributes it touches).
    pub fn check_modify(
        &self,
        before: &Image,
        mods: &[crate::ldap::write::change::Mod],
    ) -> Vec<String> {
        let touched: BTreeSet<String> = mods.iter().map(|m| self.canon(m.attr())).collect();
        let mut out: Vec<String> = mods
            .iter()
            .map(|m| m.attr())
            .filter(|a| !self.knows(a))
            .map(|a| format!("{a} is not an attribute of this server's schema"))
            .collect();
        out.dedup();
        // Without the entry's classes (not read) only unknown attributes can be told.
        let has_classes = before.keys().any(|k| k.eq_ignore_ascii_case("objectClass"));
        if !out.is_empty() || !has_classes {
            return out;
        }
        // The whole entry as the modify leaves it: `after` holds only the touched attributes.
        let touched_now = crate::ldap::write::change::after(before, mods);
        let mut after: Image = before
            .iter()
            .filter(|(k, _)| !touched_now.keys().any(|t| t.eq_ignore_ascii_case(k)))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        after.extend(touched_now.into_iter().filter(|(_, v)| !v.is_empty()));
        for p in self.check(&after) {
            let concerns = match &p {
                Problem::Missing(a) | Problem::NotAllowed(a) | Problem::SingleValued(a) => {
                    touched.contains(&self.canon(a))
                }
                Problem::UnknownClass(_) => false,
            };
            if concerns {
                out.push(p.to_string());
            }
        }
        out
    }

    /// A canonical name as the server spells it.
    pub fn spelled(&self, canon: &str) -> String {
        self.attrs
            .get(canon)
            .map_or_else(|| canon.to_string(), |a| a.name.clone())
    }

    /// What these classes (lowercased) require and allow.
    fn allowed(&self, classes: Vec<String>) -> std::sync::Arc<Allowed> {
        let mut key = classes.clone();
        key.sort();
        key.dedup();
        if let Some(a) = self.memo.0.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return a;
        }
        let mut out = Allowed::default();
        let (must, may) = (&mut out.must, &mut out.may);
        let mut todo = classes;
        let mut seen = BTreeSet::new();
        while let Some(c) = todo.pop() {
            if !seen.insert(c.clone()) {
                continue;
            }
            out.extensible |= c == "extensibleobject";
            match self.classes.get(&c) {
                Some(cl) => {
                    must.extend(cl.must.iter().cloned());
                    may.extend(cl.may.iter().cloned());
                    todo.extend(cl.sup.iter().cloned());
                    if let Some(rule) = self.rule(&c, cl) {
                        must.extend(rule.must.iter().cloned());
                        may.extend(rule.may.iter().cloned());
                        // AD adds the rule's auxiliary classes implicitly, so their attributes
                        // are allowed without the class being listed; whether they are then
                        // required is the server's call, not a reason to refuse here.
                        for aux in &rule.aux {
                            let mut aux_must = BTreeSet::new();
                            self.attributes_of(aux, &mut aux_must, may);
                            may.extend(aux_must);
                        }
                    }
                }
                None => out.unknown.push(c),
            }
        }
        let out = std::sync::Arc::new(out);
        if let Ok(mut m) = self.memo.0.lock() {
            m.insert(key, out.clone());
        }
        out
    }

    /// Problems of a new entry, required attributes first.
    pub fn check(&self, entry: &Image) -> Vec<Problem> {
        let classes: Vec<String> = entry
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("objectClass"))
            .flat_map(|(_, v)| v.iter().map(|b| String::from_utf8_lossy(b).to_lowercase()))
            .collect();
        let allowed = self.allowed(classes);
        let (must, may, extensible) = (&allowed.must, &allowed.may, allowed.extensible);
        let mut problems: Vec<Problem> = allowed
            .unknown
            .iter()
            .map(|c| Problem::UnknownClass(c.clone()))
            .collect();
        let present: BTreeSet<String> = entry.keys().map(|k| self.canon(k)).collect();
        for m in must {
            let filled = self.attrs.get(m).is_some_and(|a| a.server_filled);
            if !present.contains(m) && !filled {
                problems.push(Problem::Missing(self.spelled(m)));
            }
        }
        for (k, v) in entry {
            let c = self.canon(k);
            let attr = self.attrs.get(&c);
            let operational = attr.is_some_and(|a| a.operational);
            if c != "objectclass"
                && !operational
                && !extensible
                && !must.contains(&c)
                && !may.contains(&c)
            {
                problems.push(Problem::NotAllowed(k.clone()));
            }
            if attr.is_some_and(|a| a.single) && v.len() > 1 {
                problems.push(Problem::SingleValued(k.clone()));
            }
        }
        problems
    }
}

/// The subschema entry's definitions, as the server wrote them.
#[derive(Debug, Clone, Default)]
pub struct Definitions {
    /// objectClasses values.
    pub classes: Vec<String>,
    /// attributeTypes values.
    pub attributes: Vec<String>,
    /// dITContentRules values.
    pub rules: Vec<String>,
}

/// Reads the definitions (the RootDSE's subschemaSubentry, else cn=Subschema).
pub async fn definitions(s: &mut Session) -> Result<Definitions, LdapError> {
    let root = crate::ldap::read::search::read(
        s,
        "",
        Scope::Base,
        "(objectClass=*)",
        &["subschemaSubentry"],
        1,
    )
    .await?
    .success()?;
    let sub = root
        .into_iter()
        .next()
        .and_then(|mut e| e.attrs.remove("subschemaSubentry"))
        .and_then(|v| v.into_iter().next())
        .unwrap_or_else(|| "cn=Subschema".into());
    let entries = crate::ldap::read::search::read(
        s,
        &sub,
        Scope::Base,
        "(objectClass=subschema)",
        &["objectClasses", "attributeTypes", "dITContentRules"],
        1,
    )
    .await?
    .success()?;
    let mut e = entries
        .into_iter()
        .next()
        .map(|e| e.attrs)
        .unwrap_or_default();
    let mut take = |k: &str| {
        let key = e.keys().find(|x| x.eq_ignore_ascii_case(k)).cloned();
        key.and_then(|k| e.remove(&k)).unwrap_or_default()
    };
    Ok(Definitions {
        classes: take("objectClasses"),
        attributes: take("attributeTypes"),
        rules: take("dITContentRules"),
    })
}

/// Reads the server's schema.
pub async fn read(s: &mut Session) -> Result<Schema, LdapError> {
    let d = definitions(s).await?;
    Ok(Schema::parse(&d.classes, &d.attributes, &d.rules))
}

impl Schema {
    /// A class's MUST and MAY through its SUP chain and its DIT content rule (lowercased,
    /// canonical names), or None when the class is unknown.
    pub fn resolved(&self, class: &str) -> Option<(Vec<String>, Vec<String>)> {
        let key = class.to_lowercase();
        let cl = self.classes.get(&key)?;
        let (mut must, mut may) = (BTreeSet::new(), BTreeSet::new());
        self.attributes_of(&key, &mut must, &mut may);
        if let Some(r) = self.rule(&key, cl) {
            must.extend(r.must.iter().cloned());
            may.extend(r.may.iter().cloned());
            for aux in &r.aux {
                self.attributes_of(aux, &mut BTreeSet::new(), &mut may);
            }
        }
        let may = may.difference(&must).cloned().collect();
        Some((must.into_iter().collect(), may))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Schema {
        let at = [
            "( 2.5.4.0 NAME 'objectClass' EQUALITY objectIdentifierMatch )",
            "( 2.5.4.3 NAME ( 'cn' 'commonName' ) SUP name )",
            "( 2.5.4.4 NAME ( 'sn' 'surname' ) SUP name )",
            "( 0.9.2342.19200300.100.1.1 NAME ( 'uid' 'userid' ) )",
            "( 2.16.840.1.113730.3.1.241 NAME 'displayName' SINGLE-VALUE )",
            "( 0.9.2342.19200300.100.1.3 NAME ( 'mail' 'rfc822Mailbox' ) )",
            "( 1.3.6.1.4.1.42.2.27.8.1.23 NAME 'pwdPolicySubentry' SINGLE-VALUE USAGE directoryOperation )",
            "( 9.9 NAME 'shoeSize' )",
        ];
        let oc = [
            "( 2.5.6.0 NAME 'top' ABSTRACT MUST objectClass )",
            "( 2.5.6.6 NAME 'person' DESC 'RFC2256: a person' SUP top STRUCTURAL MUST ( sn $ cn ) MAY ( userPassword ) )",
            "( 2.16.840.1.113730.3.2.2 NAME 'inetOrgPerson' SUP person STRUCTURAL MAY ( uid $ mail $ displayName ) )",
        ];
        Schema::parse(&oc.map(String::from), &at.map(String::from), &[])
    }

    fn entry(pairs: &[(&str, &str)]) -> Image {
        let mut i = Image::new();
        for (k, v) in pairs {
            i.entry(k.to_string())
                .or_default()
                .push(v.as_bytes().to_vec());
        }
        i
    }

    #[test]
    fn tokens_handle_quotes_lists_and_dollars() {
        assert_eq!(
            tokens("( 1.2 NAME ( 'a' 'b c' ) MUST ( x $ y ) )"),
            [
                "(", "1.2", "NAME", "(", "a", "b c", ")", "MUST", "(", "x", "y", ")", ")"
            ]
        );
    }

    #[test]
    fn a_complete_entry_passes_with_aliases_and_operational_attributes() {
        let e = entry(&[
            ("objectClass", "top"),
            ("objectClass", "inetOrgPerson"),
            ("commonName", "A"),
            ("surname", "B"),
            ("uid", "a"),
            ("mail;x-home", "a@x"),
            ("pwdPolicySubentry", "cn=p"),
        ]);
        assert_eq!(schema().check(&e), vec![]);
    }

    #[test]
    fn missing_must_not_allowed_and_single_valued_are_named() {
        let e = entry(&[
            ("objectClass", "inetOrgPerson"),
            ("cn", "A"),
            ("shoeSize", "44"),
            ("displayName", "x"),
            ("displayName", "y"),
        ]);
        let p = schema().check(&e);
        assert!(p.contains(&Problem::Missing("sn".into())), "{p:?}");
        assert!(p.contains(&Problem::NotAllowed("shoeSize".into())), "{p:?}");
        assert!(
            p.contains(&Problem::SingleValued("displayName".into())),
            "{p:?}"
        );
        let p = schema().check(&entry(&[("objectClass", "martian")]));
        assert!(
            p.contains(&Problem::UnknownClass("martian".into())),
            "{p:?}"
        );
    }

    /// Lines as Samba 4.17's subschema prints them (lists shortened).
    fn ad() -> Schema {
        let at = [
            "( 2.5.4.0 NAME 'objectClass' SYNTAX '1.3.6.1.4.1.1466.115.121.1.38' NO-USER-MODIFICATION )",
            "( 2.5.4.3 NAME 'cn' SYNTAX '1.3.6.1.4.1.1466.115.121.1.15' SINGLE-VALUE )",
            "( 2.5.4.4 NAME 'sn' SYNTAX '1.3.6.1.4.1.1466.115.121.1.15' SINGLE-VALUE )",
            "( 1.2.840.113556.1.2.1 NAME 'instanceType' SYNTAX '1.3.6.1.4.1.1466.115.121.1.27' SINGLE-VALUE NO-USER-MODIFICATION )",
            "( 1.2.840.113556.1.4.782 NAME 'objectCategory' SYNTAX '1.3.6.1.4.1.1466.115.121.1.12' SINGLE-VALUE )",
            "( 1.2.840.113556.1.2.281 NAME 'nTSecurityDescriptor' SYNTAX '1.2.840.113556.1.4.907' SINGLE-VALUE )",
            "( 1.2.840.113556.1.4.221 NAME 'sAMAccountName' SYNTAX '1.3.6.1.4.1.1466.115.121.1.15' SINGLE-VALUE )",
            "( 1.2.840.113556.1.4.146 NAME 'objectSid' SYNTAX '1.3.6.1.4.1.1466.115.121.1.40' SINGLE-VALUE NO-USER-MODIFICATION )",
            "( 1.2.840.113556.1.4.656 NAME 'userPrincipalName' SYNTAX '1.3.6.1.4.1.1466.115.121.1.15' SINGLE-VALUE )",
            "( 1.2.840.113556.1.4.35 NAME 'uidNumber' SINGLE-VALUE )",
            "( 9.9 NAME 'shoeSize' )",
        ];
        let oc = [
            "( 2.5.6.0 NAME 'top' ABSTRACT MUST (objectClass $ objectCategory $ nTSecurityDescriptor $ instanceType ) )",
            "( 2.5.6.6 NAME 'person' SUP top STRUCTURAL MUST (cn ) MAY (sn ) )",
            "( 2.5.6.7 NAME 'organizationalPerson' SUP person STRUCTURAL )",
            "( 1.2.840.113556.1.5.9 NAME 'user' SUP organizationalPerson STRUCTURAL MAY (userPrincipalName ) )",
            "( 1.2.840.113556.1.5.6 NAME 'securityPrincipal' SUP top AUXILIARY MUST (sAMAccountName $ objectSid ) )",
            "( 1.3.6.1.1.1.2.0 NAME 'posixAccount' SUP top AUXILIARY MAY (uidNumber ) )",
        ];
        let rules = [
            "( 1.2.840.113556.1.5.9 NAME 'user' AUX ( securityPrincipal $ posixAccount ) MUST (sAMAccountName $ objectSid $ cn ) )",
        ];
        Schema::parse(
            &oc.map(String::from),
            &at.map(String::from),
            &rules.map(String::from),
        )
    }

    #[test]
    fn an_ad_user_needs_only_what_a_client_sends() {
        let e = entry(&[
            ("objectClass", "top"),
            ("objectClass", "person"),
            ("objectClass", "organizationalPerson"),
            ("objectClass", "user"),
            ("cn", "John Doe"),
            ("sAMAccountName", "jdoe"),
            ("userPrincipalName", "jdoe@example.test"),
            ("uidNumber", "10001"),
        ]);
        assert_eq!(ad().check(&e), vec![]);
    }

    #[test]
    fn the_content_rule_still_requires_its_musts_and_refuses_strangers() {
        let e = entry(&[
            ("objectClass", "user"),
            ("cn", "John Doe"),
            ("shoeSize", "44"),
        ]);
        let p = ad().check(&e);
        assert_eq!(
            p,
            vec![
                Problem::Missing("sAMAccountName".into()),
                Problem::NotAllowed("shoeSize".into())
            ]
        );
    }
}
