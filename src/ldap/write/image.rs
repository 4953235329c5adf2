//! An entry as read (its image), and what a wanted state of some attributes means for it:
//! the smallest modifications (`diff`) and the entry after them (`after`).

use std::collections::BTreeMap;

use super::change::Mod;

/// An entry's user attributes: name → values (as the server spelled the names).
pub type Image = BTreeMap<String, Vec<Vec<u8>>>;

/// Values of an attribute, case-insensitively.
pub fn values<'a>(img: &'a Image, attr: &str) -> Option<&'a Vec<Vec<u8>>> {
    img.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(attr))
        .map(|(_, v)| v)
}

/// Values of an attribute as text (lossily), any case of its name; empty when absent.
pub fn texts(img: &Image, attr: &str) -> Vec<String> {
    img.iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case(attr))
        .flat_map(|(_, v)| v.iter().map(|b| String::from_utf8_lossy(b).into_owned()))
        .collect()
}

/// The first value of an attribute as text.
pub fn first_text(img: &Image, attr: &str) -> Option<String> {
    texts(img, attr).into_iter().next()
}

/// The touched attributes as they are once `mods` applied to `before` (an attribute left
/// without values is absent): what an undo expects to find.
pub fn after(before: &Image, mods: &[Mod]) -> Image {
    let mut out = Image::new();
    for m in mods {
        let a = m.attr();
        let key = out
            .keys()
            .find(|k| k.eq_ignore_ascii_case(a))
            .cloned()
            .unwrap_or_else(|| a.to_string());
        let mut vals = out
            .remove(&key)
            .or_else(|| values(before, a).cloned())
            .unwrap_or_default();
        match m {
            Mod::Add(_, v) => vals.extend(
                v.iter()
                    .filter(|x| !vals.contains(x))
                    .cloned()
                    .collect::<Vec<_>>(),
            ),
            Mod::Replace(_, v) => vals = v.clone(),
            Mod::Delete(_, v) if v.is_empty() => vals.clear(),
            Mod::Delete(_, v) => vals.retain(|x| !v.contains(x)),
            Mod::Increment(_, v) => {
                let num = |b: &[u8]| String::from_utf8_lossy(b).trim().parse::<i128>().ok();
                let by = v.first().and_then(|b| num(b)).unwrap_or(0);
                if let Some(now) = vals.first().and_then(|b| num(b)) {
                    vals = vec![(now + by).to_string().into_bytes()];
                }
            }
        }
        out.insert(key, vals);
    }
    out.retain(|_, v| !v.is_empty());
    out
}

/// Whether two value lists hold the same values in any order (absent: none).
pub fn same_values(a: Option<&Vec<Vec<u8>>>, b: Option<&Vec<Vec<u8>>>) -> bool {
    let sorted = |v: Option<&Vec<Vec<u8>>>| {
        let mut v = v.cloned().unwrap_or_default();
        v.sort();
        v
    };
    sorted(a) == sorted(b)
}

/// What a field should become.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Want {
    /// Exactly these values (empty: the attribute goes away).
    Set(Vec<String>),
    /// These values in addition.
    Add(Vec<String>),
    /// No values.
    Unset,
}

/// The smallest modifications turning `before` into what `wants` asks, per attribute.
pub fn diff(before: &Image, wants: &[(String, Want)]) -> Vec<Mod> {
    let mut mods = Vec::new();
    for (attr, want) in wants {
        let old = values(before, attr);
        let as_bytes =
            |v: &[String]| -> Vec<Vec<u8>> { v.iter().map(|s| s.as_bytes().to_vec()).collect() };
        match want {
            Want::Set(v) if v.is_empty() => {
                if old.is_some() {
                    mods.push(Mod::Delete(attr.clone(), Vec::new()));
                }
            }
            Want::Set(v) => {
                let new = as_bytes(v);
                if !same_values(old, Some(&new)) {
                    mods.push(Mod::Replace(attr.clone(), new));
                }
            }
            Want::Add(v) => {
                let fresh: Vec<Vec<u8>> = as_bytes(v)
                    .into_iter()
                    .filter(|n| !old.is_some_and(|o| o.contains(n)))
                    .collect();
                if !fresh.is_empty() {
                    mods.push(Mod::Add(attr.clone(), fresh));
                }
            }
            Want::Unset => {
                if old.is_some() {
                    mods.push(Mod::Delete(attr.clone(), Vec::new()));
                }
            }
        }
    }
    mods
}

/// An image from `(attribute, values)` pairs, for tests.
#[cfg(test)]
pub fn of(pairs: &[(&str, &[&str])]) -> Image {
    pairs
        .iter()
        .map(|(k, v)| {
            (
                k.to_string(),
                v.iter().map(|s| s.as_bytes().to_vec()).collect(),
            )
        })
        .collect()
}
